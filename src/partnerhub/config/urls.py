from allauth.account.decorators import secure_admin_login
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from partnerhub.core import observability

# The admin signs in through the portal's sign-in (lockout, second factor), never through a form of its own.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Swagger UI inserts one fixed <style> element of its own; the policy allows exactly that one by its hash.
SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
swagger_ui = csp_update({"style-src": [SWAGGER_UI_STYLE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-v1:schema")
)

api_v1_patterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, which the Content-Security-Policy allows.
    path("docs/", swagger_ui, name="docs"),
    # Each app's API routes are included here, so that everything under /api/v1/ is listed in one place.
    path("", include("partnerhub.core.urls")),
    path("", include("partnerhub.policystore.urls")),
    path("", include("partnerhub.partners.urls")),
    path("", include("partnerhub.billing.urls")),
    path("", include("partnerhub.people.urls")),
    path("", include("partnerhub.deals.urls")),
    path("", include("partnerhub.compensation.urls")),
    path("", include("partnerhub.benefits.urls")),
    path("", include("partnerhub.funds.urls")),
    path("", include("partnerhub.directory.urls")),
    path("", include("partnerhub.evaluations.urls")),
    path("", include("partnerhub.webhooks.urls")),
]

urlpatterns = [
    path("healthz", observability.healthz, name="healthz"),
    path("readyz", observability.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1_patterns, "api-v1"))),
    # The portal first: its sign-in and sign-out pages take precedence over allauth's at the same addresses.
    path("", include("partnerhub.portal.urls")),
    # Password change and reset, multi-factor set-up and sign-in (django-allauth), in the portal's look.
    path("accounts/", include("allauth.urls")),
]

handler400 = "partnerhub.core.problems.bad_request_view"
handler403 = "partnerhub.core.problems.permission_denied_view"
handler404 = "partnerhub.core.problems.not_found_view"
handler500 = "partnerhub.core.problems.server_error_view"
