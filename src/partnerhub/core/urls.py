from django.urls import path

from partnerhub.core import auth_api, jobs_api

urlpatterns = [
    path("auth/token/", auth_api.ObtainTokenView.as_view(), name="token"),
    path("auth/tokens/", auth_api.OwnTokensView.as_view(), name="tokens"),
    path("auth/tokens/<str:token_id>/", auth_api.RevokeOwnTokenView.as_view(), name="token-revoke"),
    path("auth/logout/", auth_api.SignOutView.as_view(), name="logout"),
    path("users/<int:user_id>/revoke-tokens/", auth_api.RevokeUserTokensView.as_view(), name="user-revoke-tokens"),
    path("jobs/<int:pk>/", jobs_api.JobViewSet.as_view({"get": "retrieve"}), name="job"),
    path("jobs/<int:pk>/results/", jobs_api.JobViewSet.as_view({"get": "results"}), name="job-results"),
    path("jobs/<int:pk>/file/", jobs_api.JobViewSet.as_view({"get": "file"}), name="job-file"),
    path("security-events/", auth_api.SecurityEventsView.as_view(), name="security-events"),
]
