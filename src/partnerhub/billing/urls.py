from rest_framework.routers import SimpleRouter

from partnerhub.billing.api import InvoiceViewSet

router = SimpleRouter()
router.register("invoices", InvoiceViewSet, basename="invoice")

urlpatterns = router.urls
