from rest_framework.routers import SimpleRouter

from partnerhub.partners.api.partners import PartnerViewSet
from partnerhub.partners.api.work_items import WorkItemViewSet

router = SimpleRouter()
router.register("partners", PartnerViewSet, basename="partner")
router.register("work-items", WorkItemViewSet, basename="work-item")

urlpatterns = router.urls
