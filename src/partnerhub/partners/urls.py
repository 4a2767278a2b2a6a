from rest_framework.routers import SimpleRouter

from partnerhub.partners.api import PartnerViewSet, WorkItemViewSet

router = SimpleRouter()
router.register("partners", PartnerViewSet, basename="partner")
router.register("work-items", WorkItemViewSet, basename="work-item")

urlpatterns = router.urls
