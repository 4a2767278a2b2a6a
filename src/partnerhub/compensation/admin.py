"""Admin for referral fees and resale orders: the decisions are read-only (never rewritten); the ledger
moves through the API so that each step has its event."""

from django.contrib import admin

from partnerhub.compensation.models import ReferralFee, ReferralFeeEvent, ResaleOrder


class ReferralFeeEventInline(admin.TabularInline):
    model = ReferralFeeEvent
    extra = 0
    can_delete = False
    fields = ("on", "kind", "actor", "message", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ReferralFee)
class ReferralFeeAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ResaleOrder)
class ResaleOrderAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
