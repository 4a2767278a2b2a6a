from django.urls import path

from partnerhub.policystore.api import PolicyInForceView, PolicyVersionListView

urlpatterns = [
    path("policy/", PolicyInForceView.as_view(), name="policy-in-force"),
    path("policy/versions/", PolicyVersionListView.as_view(), name="policy-versions"),
]
