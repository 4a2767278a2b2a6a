from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from partnerhub.core import observability

api_v1_patterns: list[URLPattern | URLResolver] = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-v1:schema"), name="docs"),
    # Each app's API routes are included here, so that everything under /api/v1/ is listed in one place.
    path("", include("partnerhub.policystore.urls")),
    path("", include("partnerhub.partners.urls")),
    path("", include("partnerhub.billing.urls")),
    path("", include("partnerhub.people.urls")),
    path("", include("partnerhub.deals.urls")),
    path("", include("partnerhub.compensation.urls")),
    path("", include("partnerhub.benefits.urls")),
    path("", include("partnerhub.evaluations.urls")),
    path("", include("partnerhub.webhooks.urls")),
]

urlpatterns = [
    path("healthz", observability.healthz, name="healthz"),
    path("readyz", observability.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1_patterns, "api-v1"))),
    path("", include("partnerhub.portal.urls")),
]

handler404 = "partnerhub.core.problems.not_found_view"
handler500 = "partnerhub.core.problems.server_error_view"
