"""Admin for registrations, conflicts and orders: decisions and events are read-only history here; state
changes go through the API (services), so that every change has its event and its email."""

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from partnerhub.deals.models import Opportunity, Order, Registration, RegistrationConflict, RegistrationEvent


class RegistrationEventInline(ReadOnlyTabularInline):
    model = RegistrationEvent
    fields = ("on", "kind", "actor", "message", "vendor_only", "created_at")
    readonly_fields = fields


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("id", "partner", "end_customer", "title", "country", "status", "submitted_on", "decided_on")
    list_filter = ("status", "channel", "country")
    search_fields = ("end_customer", "title", "partner__name", "contact_email")
    date_hierarchy = "submitted_on"
    raw_id_fields = ("partner", "opportunity", "submitted_by", "decided_by", "consent_confirmed_by")
    readonly_fields = ("policy_version", "admission", "status", "decided_on", "decided_by", "closed_on", "created_at")
    inlines = (RegistrationEventInline,)


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ("id", "end_customer", "title", "key", "created_at")
    search_fields = ("end_customer", "title", "key")
    readonly_fields = ("key",)


@admin.register(RegistrationConflict)
class RegistrationConflictAdmin(ReadOnlyAdmin):
    list_display = ("id", "opportunity", "registration", "other", "detected_on")
    raw_id_fields = ("opportunity", "registration", "other")


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "end_customer",
        "title",
        "ordered_on",
        "channel",
        "partner",
        "first_year_net_revenue",
        "currency",
    )
    list_filter = ("channel", "net_new", "source")
    search_fields = ("end_customer", "title", "partner__name")
    date_hierarchy = "ordered_on"
    raw_id_fields = ("opportunity", "partner", "recorded_by")
