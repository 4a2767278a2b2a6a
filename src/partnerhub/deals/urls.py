from rest_framework.routers import SimpleRouter

from partnerhub.deals.api import OrderViewSet, RegistrationViewSet

router = SimpleRouter()
router.register("deals", RegistrationViewSet, basename="deal")
router.register("orders", OrderViewSet, basename="order")

urlpatterns = router.urls
