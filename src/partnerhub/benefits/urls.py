from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from partnerhub.benefits import api

router = SimpleRouter()
router.register("benefit-requests", api.BenefitRequestViewSet, basename="benefit-request")
router.register("marketplace-listings", api.MarketplaceListingViewSet, basename="marketplace-listing")
router.register("leads", api.WebLeadViewSet, basename="web-lead")
router.register("lead-offers", api.LeadOfferViewSet, basename="lead-offer")
router.register("product-subscriptions", api.ProductSubscriptionViewSet, basename="product-subscription")
router.register("marketing-grants", api.MarketingGrantViewSet, basename="marketing-grant")
router.register("marketing-reviews", api.MarketingReviewViewSet, basename="marketing-review")
router.register("marketing-payments", api.MarketingPaymentViewSet, basename="marketing-payment")
router.register("marketing-documents", api.MarketingDocumentViewSet, basename="marketing-document")
router.register("trademark-usages", api.TrademarkUsageViewSet, basename="trademark-usage")
router.register("demonstrations", api.DemonstrationViewSet, basename="demonstration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("partners/<int:pk>/benefits/", api.PartnerBenefitsView.as_view(), name="partner-benefits"),
    path(
        "partners/<int:pk>/benefits/<slug:benefit>/", api.BenefitPreviewView.as_view(), name="partner-benefit-preview"
    ),
    *router.urls,
]
