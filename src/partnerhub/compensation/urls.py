from django.urls import path
from rest_framework.routers import SimpleRouter

from partnerhub.compensation.api import OrderViewSet, ReferralFeeViewSet

router = SimpleRouter()
router.register("referral-fees", ReferralFeeViewSet, basename="referral-fee")
router.register("orders", OrderViewSet, basename="order")

urlpatterns = [
    # A download keeps its file name in the address, without the trailing slash of the other routes.
    path(
        "referral-fees/statement.csv",
        ReferralFeeViewSet.as_view({"get": "statement_csv"}),
        name="referral-fee-statement-csv",
    ),
    *router.urls,
]
