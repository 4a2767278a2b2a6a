from django.urls import path

from partnerhub.policystore.api import PolicyViewSet

urlpatterns = [
    path("policy/", PolicyViewSet.as_view({"get": "in_force"}), name="policy-in-force"),
    path("policy/versions/", PolicyViewSet.as_view({"get": "versions"}), name="policy-versions"),
]
