"""Program-fee invoices (§5.1, §6.0, docs/policy.md#r7): issued on approval, on renewal and (waived) on rejoining.

An invoice keeps the computation it was issued with: one line per step with its section, the policy
version and the reasons of the fee decision. Invoices are never refunded or deleted (§2.0).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.partners.models import Partner


class InvoiceKind(models.TextChoices):
    PROGRAM_FEE = "program_fee", _("Program fee")


class InvoiceOrigin(models.TextChoices):
    ENROLLMENT = "enrollment", _("Enrollment (approval)")
    RENEWAL = "renewal", _("Automatic renewal on 1 January")
    REJOIN = "rejoin", _("Rejoining")


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")


class Invoice(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.PROGRAM_FEE)
    origin = models.CharField(max_length=20, choices=InvoiceOrigin.choices)
    program_year = models.PositiveIntegerField()
    classification = models.CharField(max_length=20, help_text="the classification whose fee is invoiced")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    issued_on = models.DateField()
    due_on = models.DateField(null=True, blank=True, help_text="empty for a waived invoice")
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_reference = models.CharField(max_length=200, blank=True)
    policy_version = models.DateField(help_text="version date of the policy that computed the fee")
    sections = models.JSONField(default=list, help_text="the policy sections applied")
    reasons = models.JSONField(default=list, help_text="the fee decision's reasons")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("issued_on", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(kind__in=InvoiceKind.values), name="invoice_kind_known"),
            models.CheckConstraint(condition=models.Q(origin__in=InvoiceOrigin.values), name="invoice_origin_known"),
            models.CheckConstraint(condition=models.Q(status__in=InvoiceStatus.values), name="invoice_status_known"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="invoice_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(status=InvoiceStatus.PAID, paid_on__isnull=False)
                | models.Q(~models.Q(status=InvoiceStatus.PAID), paid_on__isnull=True),
                name="invoice_paid_has_paid_on",
            ),
            # The tick's idempotency: one renewal invoice per partner and Program Year (R7.4).
            models.UniqueConstraint(
                fields=("partner", "program_year"),
                condition=models.Q(origin=InvoiceOrigin.RENEWAL),
                name="invoice_one_renewal_per_year",
            ),
        )
        # The lists' orders and filters, the overdue queue and the deadlines (docs/performance.md).
        indexes = (
            models.Index(fields=("partner", "program_year")),
            models.Index(fields=("issued_on", "id"), name="invoice_issued"),
            models.Index(fields=("status", "issued_on", "id"), name="invoice_status_issued"),
            models.Index(fields=("status", "due_on"), name="invoice_status_due"),
            # The overdue queue: unpaid (paid_on IS NULL) or paid after the day asked about.
            models.Index(fields=("paid_on",), name="invoice_paid"),
        )

    def __str__(self) -> str:
        return f"Invoice {self.pk}: {self.partner}, {self.program_year}, {self.amount} {self.currency}"


class InvoiceLine(models.Model):
    """One step of the computation, e.g. "Pro-rated to the quarter: 3 of 4 quarters charged", with its section."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    description = models.TextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    section = models.CharField(max_length=40)

    class Meta:
        ordering = ("invoice", "position")
        constraints = (models.UniqueConstraint(fields=("invoice", "position"), name="invoice_line_position_once"),)

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"
