from rest_framework.routers import SimpleRouter

from partnerhub.compensation.api import ReferralFeeViewSet

router = SimpleRouter()
router.register("referral-fees", ReferralFeeViewSet, basename="referral-fee")

urlpatterns = router.urls
