from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from partnerhub.benefits.api import (
    benefit_requests,
    demonstrations,
    entitlements,
    leads,
    marketing,
    marketplace,
    subscriptions,
    trademark,
)

router = SimpleRouter()
router.register("benefit-requests", benefit_requests.BenefitRequestViewSet, basename="benefit-request")
router.register("marketplace-listings", marketplace.MarketplaceListingViewSet, basename="marketplace-listing")
router.register("leads", leads.WebLeadViewSet, basename="web-lead")
router.register("lead-offers", leads.LeadOfferViewSet, basename="lead-offer")
router.register("product-subscriptions", subscriptions.ProductSubscriptionViewSet, basename="product-subscription")
router.register("marketing-grants", marketing.MarketingGrantViewSet, basename="marketing-grant")
router.register("marketing-reviews", marketing.MarketingReviewViewSet, basename="marketing-review")
router.register("marketing-payments", marketing.MarketingPaymentViewSet, basename="marketing-payment")
router.register("marketing-documents", marketing.MarketingDocumentViewSet, basename="marketing-document")
router.register("trademark-usages", trademark.TrademarkUsageViewSet, basename="trademark-usage")
router.register("demonstrations", demonstrations.DemonstrationViewSet, basename="demonstration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("partners/<int:pk>/benefits/", entitlements.PartnerBenefitsView.as_view(), name="partner-benefits"),
    path(
        "partners/<int:pk>/benefits/<slug:benefit>/",
        entitlements.BenefitPreviewView.as_view(),
        name="partner-benefit-preview",
    ),
    *router.urls,
]
