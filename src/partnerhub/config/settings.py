"""Django settings, read from the environment (see docs/operations.md#configuration).

Development is the default (DEBUG on, SQLite under ./var/ of the working directory, mail written to
./var/mail/; the data folders move with PARTNERHUB_DATA_DIR and its siblings); production is
DEBUG=0 with SECRET_KEY and ALLOWED_HOSTS set, which turns on the HTTPS-only settings below.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_dir(name: str, default: Path) -> Path:
    """The folder `name` names (relative to the working directory, as a shell would read it), or `default`."""
    raw = os.environ.get(name, "").strip()
    return Path(raw).expanduser().resolve() if raw else default


# Where the installation keeps its data: never inside the installed package, so a wheel in site-packages
# works as well as a checkout. Each folder can be moved on its own (docs/operations.md, "Configuration").
DATA_DIR = env_dir("PARTNERHUB_DATA_DIR", Path.cwd() / "var")
MEDIA_DIR = env_dir("PARTNERHUB_MEDIA_DIR", DATA_DIR / "media")
MAIL_DIR = env_dir("PARTNERHUB_MAIL_DIR", DATA_DIR / "mail")
STATIC_DIR = env_dir("PARTNERHUB_STATIC_DIR", DATA_DIR / "static")
DATA_DIR.mkdir(parents=True, exist_ok=True)

_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1 or 0.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the environment must provide SECRET_KEY "
            "(50 or more random characters, e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "django-insecure-partnerhub-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files through WhiteNoise as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "partnerhub.core",
    "partnerhub.policystore",
    "partnerhub.partners",
    "partnerhub.billing",
    "partnerhub.people",
    "partnerhub.deals",
    "partnerhub.compensation",
    "partnerhub.benefits",
    "partnerhub.evaluations",
    "partnerhub.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "partnerhub.config.urls"
WSGI_APPLICATION = "partnerhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerhub.portal.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'partnerhub.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "portal:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = STATIC_DIR
# WhiteNoise also serves what collectstatic gathered there, and warns on every start if it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files (supporting documents of marketing payments, §10.2) are confidential: they are kept here and
# served only through the API, which checks who is asking, never as public media.
MEDIA_ROOT = MEDIA_DIR
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Development serves static files straight from the apps, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = MAIL_DIR
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Partnerhub <partnerhub@localhost>")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: errors are application/problem+json, which an HTML renderer would mislabel.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "partnerhub.core.problems.problem_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Partnerhub API",
    "DESCRIPTION": (
        "The partner program's public API. Authenticate with `POST /api/v1/auth/token/`, then send "
        "`Authorization: Token <token>`. Errors are RFC 9457 problem details (application/problem+json)."
    ),
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One named enum per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "ClassificationEnum": "partnerhub.partners.models.Classification",
        "PartnerKindEnum": "partnerhub.partners.models.PartnerKind",
        "PartnerStatusEnum": "partnerhub.partners.models.PartnerStatus",
        "InvoiceKindEnum": "partnerhub.billing.models.InvoiceKind",
        "InvoiceOriginEnum": "partnerhub.billing.models.InvoiceOrigin",
        "InvoiceStatusEnum": "partnerhub.billing.models.InvoiceStatus",
        "CertificationKindEnum": "partnerhub.people.models.CertificationKind",
        "TrainingKindEnum": "partnerhub.people.models.TrainingKind",
        "GovernanceKindEnum": "partnerhub.people.models.GovernanceKind",
        "RegistrationStatusEnum": "partnerhub.deals.models.RegistrationStatus",
        "RegistrationChannelEnum": "partnerhub.deals.models.RegistrationChannel",
        "OrderChannelEnum": "partnerhub.deals.models.OrderChannel",
        "OrderSourceEnum": "partnerhub.deals.models.OrderSource",
        "ReferralFeeStatusEnum": "partnerhub.compensation.models.FeeStatus",
        "BenefitRequestStatusEnum": "partnerhub.benefits.models.BenefitRequestStatus",
        "ListingStatusEnum": "partnerhub.benefits.models.ListingStatus",
        "LeadOfferStatusEnum": "partnerhub.benefits.models.LeadOfferStatus",
        "SubscriptionPurposeEnum": "partnerhub.benefits.models.SubscriptionPurpose",
        "GranteeKindEnum": "partnerhub.benefits.models.GranteeKind",
        "MarketingReviewOutcomeEnum": "partnerhub.benefits.models.ReviewOutcome",
        "TrademarkUsageStatusEnum": "partnerhub.benefits.models.TrademarkUsageStatus",
        "EvaluationOutcomeEnum": "partnerhub.evaluations.models.Outcome",
        "NoticeKindEnum": "partnerhub.evaluations.models.NoticeKind",
        "NoticeStatusEnum": "partnerhub.evaluations.models.NoticeStatus",
    },
}
