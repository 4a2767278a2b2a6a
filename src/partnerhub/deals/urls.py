from django.urls import path
from rest_framework.routers import SimpleRouter

from partnerhub.deals.api import RegistrationViewSet
from partnerhub.deals.protection_api import ExtensionViewSet

router = SimpleRouter()
router.register("deals", RegistrationViewSet, basename="deal")
router.register("deal-extensions", ExtensionViewSet, basename="deal-extension")

urlpatterns = [
    # A download keeps its file name in the address, without the trailing slash of the other routes.
    path("deals/export.csv", RegistrationViewSet.as_view({"get": "export"}), name="deal-export-csv"),
    *router.urls,
]
