from rest_framework.routers import SimpleRouter

from partnerhub.funds.api import ClaimDocumentViewSet, ClaimViewSet, FundViewSet, PlanViewSet

router = SimpleRouter()
router.register("joint-marketing/funds", FundViewSet, basename="marketing-fund")
router.register("joint-marketing/plans", PlanViewSet, basename="marketing-plan")
router.register("joint-marketing/claims", ClaimViewSet, basename="marketing-claim")
router.register("joint-marketing/proof", ClaimDocumentViewSet, basename="marketing-claim-document")

urlpatterns = router.urls
