"""Admin for referral fees and resale orders: the decisions are read-only (never rewritten); the ledger
moves through the API so that each step has its event."""

from django.contrib import admin

from partnerhub.compensation.models import ReferralFee, ReferralFeeEvent, ResaleOrder
from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline


class ReferralFeeEventInline(ReadOnlyTabularInline):
    model = ReferralFeeEvent
    fields = ("on", "kind", "actor", "message", "created_at")
    readonly_fields = fields


@admin.register(ReferralFee)
class ReferralFeeAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "partner",
        "order",
        "eligible",
        "amount",
        "currency",
        "status",
        "decided_on",
        "policy_version",
    )
    list_filter = ("eligible", "status", "currency")
    search_fields = ("partner__name", "order__end_customer")
    readonly_fields = (
        "order",
        "partner",
        "eligible",
        "amount",
        "currency",
        "percent",
        "first_year_net_revenue",
        "reasons",
        "facts",
        "policy_version",
        "decided_on",
        "status",
        "approved_on",
        "paid_on",
        "payment_reference",
        "created_at",
    )
    inlines = (ReferralFeeEventInline,)


@admin.register(ResaleOrder)
class ResaleOrderAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "order", "list_price", "discount_percent", "price", "currency")
    readonly_fields = (
        "order",
        "partner",
        "list_price",
        "discount_percent",
        "price",
        "currency",
        "reasons",
        "facts",
        "policy_version",
    )
