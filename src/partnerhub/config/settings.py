"""Django settings, read from the environment (see docs/operations.md#configuration and docs/security.md).

Development is the default (plain HTTP on this machine, SQLite under ./var/ of the working directory, mail
written to ./var/mail/; the data folders move with PARTNERHUB_DATA_DIR and its siblings), without Django's
debug pages unless a developer asks for them with DEBUG=1. Production is DEBUG=0 (or DEVELOPMENT=0)
with SECRET_KEY and ALLOWED_HOSTS set, which turns on the HTTPS-only settings below.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration


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


# Development mode (plain HTTP on 127.0.0.1, a fixed key, local hosts) is separate from DEBUG (Django's debug
# pages, which show settings and tracebacks): `make run` serves the demo in development mode without them.
# DEBUG=0 alone still means production, as it always did; DEVELOPMENT=1 DEBUG=0 is the demo's mode.
DEVELOPMENT = env_bool("DEVELOPMENT", default=env_bool("DEBUG", default=True))
DEBUG = env_bool("DEBUG", default=False)
if DEBUG and not DEVELOPMENT:
    raise ImproperlyConfigured("DEBUG=1 shows settings and tracebacks to every visitor; it needs DEVELOPMENT=1.")

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEVELOPMENT:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the environment must provide SECRET_KEY "
            f"({SECRET_KEY_MIN_LENGTH} or more random characters, e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY has {len(SECRET_KEY)} characters; production needs {SECRET_KEY_MIN_LENGTH} or more "
            "random characters (e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-partnerhub-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEVELOPMENT else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Trigram lookups (`trigram_similar`) for the duplicate review and search on PostgreSQL.
    "django.contrib.postgres",
    # Before staticfiles, so that runserver serves static files through WhiteNoise as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_guid",
    "django_prometheus",
    "partnerhub.core",
    "partnerhub.policystore",
    "partnerhub.partners",
    "partnerhub.billing",
    "partnerhub.people",
    "partnerhub.deals",
    "partnerhub.compensation",
    "partnerhub.benefits",
    "partnerhub.funds",
    "partnerhub.directory",
    "partnerhub.evaluations",
    "partnerhub.webhooks",
    "partnerhub.portal",
]

# Partnerhub's own catalogs (each app's locale/, docs/languages.md) before Django's and the libraries', which
# translate the same words otherwise ("Save" is "Sichern" in the admin's): LOCALE_PATHS wins over every app's
# catalog, the first path over the later ones, so the portal's words come first.
LOCALE_PATHS = [
    Path(__file__).resolve().parents[1] / app.removeprefix("partnerhub.") / "locale"
    for app in reversed(INSTALLED_APPS)
    if app.startswith("partnerhub.")
]

MIDDLEWARE = [
    # First, so that every log line of the request, and its access line, carries the request id.
    "django_guid.middleware.guid_middleware",
    "partnerhub.core.observability.AccessLogMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partnerhub.core.limits.RequestLimitsMiddleware",
    "partnerhub.policystore.selectors.VersionsPerRequest",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
                # LANGUAGE_CODE for <html lang>.
                "django.template.context_processors.i18n",
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

# The portal's languages (docs/languages.md): each user's choice, else the browser's, else English. Adding one
# is a line here and a catalog per app (`make messages`); the API stays English (core.languages).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# Dates and numbers per language: the portal's own formats (16 Oct 2019 / 16.10.2019), core/formats/.
FORMAT_MODULE_PATH = ["partnerhub.core.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = STATIC_DIR
# WhiteNoise also serves what collectstatic gathered there, and warns on every start if it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files (supporting documents of marketing payments, §10.2) are confidential: they are kept here and
# served only through the API, which checks who is asking, never as public media.
MEDIA_ROOT = MEDIA_DIR
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Request bodies other than uploaded files (JSON, form fields): larger ones are answered 413 (core.limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(1024 * 1024)))
# How deep JSON in an API request may nest arrays and objects (deeper: 400, core.limits).
API_JSON_MAX_DEPTH = 32

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Development serves static files straight from the apps, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = DEVELOPMENT

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = MAIL_DIR
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Partnerhub <partnerhub@localhost>")

SECURE_CONTENT_TYPE_NOSNIFF = True
# Load balancers probe over plain HTTP inside the network; a redirect to HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
X_FRAME_OPTIONS = "DENY"
if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Expiring, revocable tokens stored as hashes (django-rest-knox); see the identity block below.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in, and writes dated only by a vendor manager (`core.permissions.SIGNED_IN`).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "partnerhub.core.permissions.WritesRecordedToday",
    ],
    # JSON only: errors are application/problem+json, which an HTML renderer would mislabel.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "partnerhub.core.schema.ProblemAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["partnerhub.core.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "partnerhub.core.pagination.Pagination",
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

# --- Operations (docs/operations.md) -------------------------------------------------------------------

# Redis, when configured, is the cache shared by every application host, the job queue's broker and its
# result store; CELERY_BROKER_URL / CELERY_RESULT_BACKEND / CACHE_URL override each part.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "TIMEOUT": 300}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background jobs (partnerhub.core.background). Without a broker they run in-process, at once, so that
# `make run` and the tests need nothing but Python.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# A job is acknowledged only when it finished, and a worker that dies hands it back: a job killed half
# way runs again (every job is one transaction, or idempotent step by step).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = TIME_ZONE
# The cluster test's hook (core.background.checkpoint): "<job kind>:<point>" where a job's first attempt waits
# JOB_PAUSE_SECONDS for its worker to be killed. Empty in every deployment.
JOB_PAUSE_AT = os.environ.get("JOB_PAUSE_AT", "")
JOB_PAUSE_SECONDS = float(os.environ.get("JOB_PAUSE_SECONDS", "300"))
# The day's tick, at TICK_AT (HH:MM in TIME_ZONE) on every scheduler; the tick's lock lets one run it.
TICK_AT = os.environ.get("TICK_AT", "00:15")
try:
    _tick_hour, _tick_minute = (int(part) for part in TICK_AT.split(":"))
except ValueError as error:
    raise ImproperlyConfigured(f"TICK_AT={TICK_AT!r} is not a time of day; use HH:MM, e.g. 00:15.") from error
CELERY_BEAT_SCHEDULE = {
    "tick": {"task": "partnerhub.tick", "schedule": crontab(hour=_tick_hour, minute=_tick_minute)},
    # Mail whose job failed or was lost is enqueued again when due.
    "mail-sweep": {"task": "partnerhub.mail_sweep", "schedule": 60.0},
    # Webhook deliveries whose retry is due, or whose job the queue lost.
    "webhook-sweep": {"task": "partnerhub.webhook_sweep", "schedule": 30.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(DATA_DIR / "celerybeat-schedule"))

# The request id: taken from a proxy's Correlation-ID header when it is a valid uuid, made otherwise,
# returned in the response, and passed on to the jobs a request enqueues.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "Correlation-ID",
    "VALIDATE_GUID": True,
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
}

# Who may read /metrics: these client addresses, or whoever sends `Authorization: Bearer METRICS_TOKEN`.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# One JSON object per line on stderr, each with the request id (LOG_FORMAT=text for a terminal).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not a log format; use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # The access line (partnerhub.access) replaces the server's own, which knows no request id.
        "django.server": {"handlers": [], "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
        "gunicorn.error": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "celery": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # It says at INFO, on every request, that it made an id; only its warnings matter.
        "django_guid": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Identity, sign-in and session security (docs/security.md) ----------------------------------------------------
# One block, so that it merges cleanly with the rest of the settings. Every figure comes from the environment.
import datetime as _dt  # noqa: E402


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


INSTALLED_APPS += [
    "knox",
    "axes",
    "csp",
    # After partnerhub.portal, whose templates restyle allauth's pages in the portal's look.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]


def _after(anchor: str, *added: str) -> None:
    index = MIDDLEWARE.index(anchor) + 1
    MIDDLEWARE[index:index] = list(added)


_after(
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
_after(
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication, which it reads: the signed-in user's language, else the browser's (core.languages).
    "partnerhub.core.languages.LanguageMiddleware",
)
# After the messages middleware: the MFA redirect tells the user why.
_after(
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnerhub.core.middleware.SessionLifetimeMiddleware",
    "partnerhub.core.middleware.MfaRequiredMiddleware",
    "partnerhub.core.middleware.NoStoreMiddleware",
)
# Last, as django-axes asks: it turns a lockout noticed during the request into the lockout answer.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Counters (lockouts, throttles, allauth's mail rate limits) live in the cache (CACHES above): Redis when
# REDIS_URL or CACHE_URL is set (shared by every process and host), this process's memory otherwise.

# Lockout after failed sign-ins (django-axes), per user name and, separately, per address: the portal, the
# admin (which signs in through the portal) and the token endpoint all authenticate through Django.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "partnerhub.core.middleware.lockout_response"
AXES_ENABLE_ADMIN = False
# Behind N reverse proxies (TRUSTED_PROXY_COUNT), the client's address is the Nth from the right of
# X-Forwarded-For; with none, the connection's address. One function answers for lockouts and the event log.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "partnerhub.core.security.client_ip"
if not CACHE_URL:
    # axes.W001 warns that a per-process memory cache does not share counters between processes; that is
    # the documented trade-off without REDIS_URL (docs/security.md), not an oversight.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# API throttles (DRF), per signed-in user and per anonymous address; generous by default.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "rest_framework.throttling.AnonRateThrottle",
    "rest_framework.throttling.UserRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
    "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
}

# API tokens (django-rest-knox): stored as SHA-512 digests, expire, revocable one by one or all at once.
REST_KNOX = {
    "TOKEN_TTL": _dt.timedelta(hours=env_int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
}

# Sign-in, password change and reset, MFA (django-allauth). Accounts are created by invitation only.
ACCOUNT_ADAPTER = "partnerhub.core.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partnerhub] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
# django-axes counts failed sign-ins; allauth keeps its limits on mail (password reset) only.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partnerhub"
# Vendor managers and staff must set up TOTP before anything else; partner users may. On in production.
MFA_REQUIRED_FOR_MANAGERS = env_bool("MFA_REQUIRED", default=not DEVELOPMENT)
# An invitation link works once, for this many days.
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", default=7)
# The public application page (portal): applications accepted per client address and hour.
PUBLIC_APPLICATIONS_PER_HOUR = env_int("PUBLIC_APPLICATIONS_PER_HOUR", default=5)

# Sessions: end after an idle time, and after an absolute lifetime however active.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", default=30) * 60
# The idle expiry is renewed by SessionLifetimeMiddleware once a minute at most, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", default=12) * 60 * 60

# Headers: a strict Content-Security-Policy (django-csp) with no inline script or style anywhere,
# Permissions-Policy (django-permissions-policy) switching off what the portal never uses, Referrer-Policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth shows the TOTP set-up QR code as a data: image.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
