"""The benefits app in the Django admin: vendor managers read and search everything; changes go through the
API and its services (which check the policy and record the partner's timeline)."""

from django.contrib import admin

from partnerhub.benefits.models import (
    BenefitRequest,
    Demonstration,
    LeadOffer,
    ListingReview,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    MarketplaceListing,
    ProductSubscription,
    TrademarkUsage,
    TrademarkWithdrawal,
    WebLead,
)
from partnerhub.core.admin import ManagerReadOnlyMixin, ReadOnlyAdmin, ReadOnlyTabularInline


@admin.register(BenefitRequest)
class BenefitRequestAdmin(ReadOnlyAdmin):
    list_display = ("partner", "benefit_label", "status", "requested_on", "decided_on", "may_cost")
    list_filter = ("status", "benefit", "may_cost")
    search_fields = ("partner__name", "benefit_label", "details")
    date_hierarchy = "requested_on"


class ListingReviewInline(ReadOnlyTabularInline):
    model = ListingReview
    fields = ("reviewed_on", "reviewer", "passed", "checklist", "notes")


@admin.register(MarketplaceListing)
class MarketplaceListingAdmin(ReadOnlyAdmin):
    list_display = ("title", "partner", "product", "status", "submitted_on", "published_on")
    list_filter = ("status", "product")
    search_fields = ("title", "partner__name")
    inlines = (ListingReviewInline,)


class LeadOfferInline(ReadOnlyTabularInline):
    model = LeadOffer
    fields = ("partner", "status", "offered_on", "responded_on", "decline_reason")


@admin.register(WebLead)
class WebLeadAdmin(ReadOnlyAdmin):
    list_display = ("end_customer", "country", "product", "contact_name", "received_on")
    list_filter = ("country", "product")
    search_fields = ("end_customer", "contact_name", "contact_email")
    inlines = (LeadOfferInline,)


@admin.register(LeadOffer)
class LeadOfferAdmin(ReadOnlyAdmin):
    list_display = ("lead", "partner", "status", "offered_on", "responded_on")
    list_filter = ("status",)
    search_fields = ("lead__end_customer", "partner__name")


@admin.register(ProductSubscription)
class ProductSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("user", "partner", "product", "purpose", "starts_on", "ends_on", "revoked_on")
    list_filter = ("purpose", "product")
    search_fields = ("user__username", "partner__name", "login_hint")


@admin.register(MarketingAccessGrant)
class MarketingAccessGrantAdmin(ReadOnlyAdmin):
    list_display = ("grantee", "partner", "grantee_kind", "responsible", "granted_on", "revoked_on")
    list_filter = ("grantee_kind",)
    search_fields = ("partner__name", "third_party_name", "user__username")


@admin.register(MarketingReview)
class MarketingReviewAdmin(ReadOnlyAdmin):
    list_display = ("subject", "partner", "outcome", "reviewed_on", "due_on")
    list_filter = ("outcome",)
    search_fields = ("subject", "partner__name")


class MarketingDocumentInline(ReadOnlyTabularInline):
    model = MarketingDocument
    fields = ("original_name", "content_type", "size", "uploaded_on", "uploaded_by")


@admin.register(MarketingPayment)
class MarketingPaymentAdmin(ReadOnlyAdmin):
    list_display = ("partner", "amount", "currency", "paid_on")
    search_fields = ("partner__name", "basis")
    inlines = (MarketingDocumentInline,)


class TrademarkWithdrawalInline(ManagerReadOnlyMixin, admin.StackedInline):
    model = TrademarkWithdrawal
    extra = 0


@admin.register(TrademarkUsage)
class TrademarkUsageAdmin(ReadOnlyAdmin):
    list_display = ("mark", "partner", "medium", "territory", "starts_on", "ends_on", "status")
    list_filter = ("status", "territory")
    search_fields = ("mark", "medium", "partner__name")
    inlines = (TrademarkWithdrawalInline,)


@admin.register(Demonstration)
class DemonstrationAdmin(ReadOnlyAdmin):
    list_display = ("prospect", "partner", "demo_on", "notice_required", "advised_on")
    list_filter = ("notice_required",)
    search_fields = ("prospect", "partner__name")
