from django.urls import path

from partnerhub.policystore.api import DraftViewSet, PolicyDiffViewSet, PolicyViewSet

urlpatterns = [
    path("policy/", PolicyViewSet.as_view({"get": "in_force"}), name="policy-in-force"),
    path("policy/versions/", PolicyViewSet.as_view({"get": "versions"}), name="policy-versions"),
    path("policy/diff/", PolicyDiffViewSet.as_view({"get": "diff"}), name="policy-diff"),
    path("policy/drafts/", DraftViewSet.as_view({"get": "list", "post": "create"}), name="policy-drafts"),
    path("policy/drafts/<int:pk>/", DraftViewSet.as_view({"get": "retrieve"}), name="policy-draft"),
    path("policy/drafts/<int:pk>/publish/", DraftViewSet.as_view({"post": "publish"}), name="policy-draft-publish"),
]
