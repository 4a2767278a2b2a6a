"""Joint-marketing funds in the Django admin: read-only; changes go through the API and the portal's services."""

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin
from partnerhub.funds.models import Claim, ClaimDocument, Fund, Plan


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ("partner", "period", "amount", "currency", "allocated_on")
    list_filter = ("period",)
    search_fields = ("partner__name",)


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("partner", "title", "kind", "starts_on", "planned_cost", "status")
    list_filter = ("status", "kind")
    search_fields = ("partner__name", "title")


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("partner", "plan", "amount", "approved_amount", "status", "submitted_on")
    list_filter = ("status",)
    search_fields = ("partner__name", "plan__title")


@admin.register(ClaimDocument)
class ClaimDocumentAdmin(ReadOnlyAdmin):
    list_display = ("claim", "original_name", "content_type", "size", "uploaded_on")
