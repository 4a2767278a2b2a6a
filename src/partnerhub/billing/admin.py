from django.contrib import admin

from partnerhub.billing.models import Invoice, InvoiceLine
from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline


class InvoiceLineInline(ReadOnlyTabularInline):
    model = InvoiceLine
    fields = ("position", "description", "amount", "section")


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Invoices as issued; a payment is recorded with POST /api/v1/invoices/{id}/pay/. There is no refund."""

    list_display = ("id", "partner", "program_year", "origin", "amount", "currency", "issued_on", "due_on", "status")
    list_filter = ("status", "origin", "program_year")
    search_fields = ("partner__name",)
    inlines = (InvoiceLineInline,)
