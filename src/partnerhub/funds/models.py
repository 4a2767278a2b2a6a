"""Joint-marketing funds (docs/policy.md#r6-2): a fund per partner and period, activity plans against it, claims
with proof of performance, and the §10.2 marketing payment that settles a claim.

A fund's row is the lock every claim and pre-approval takes (`services`), so the sums read to decide whether an
amount fits cannot change under the deciding transaction; amounts are Decimal with their currency.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Fund(models.Model):
    """A joint-marketing budget allocated to one partner for one Program Year or quarter (§5.1)."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="marketing_funds")
    period = models.CharField(max_length=6, help_text='"2019" (Program Year) or "2019Q2" (quarter)')
    starts_on = models.DateField()
    ends_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="the budget")
    currency = models.CharField(max_length=3)
    allocated_on = models.DateField()
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    policy_version = models.DateField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-starts_on", "partner_id")
        constraints = (
            models.UniqueConstraint(fields=("partner", "period"), name="one_fund_per_partner_and_period"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive"),
        )
        indexes = (models.Index(fields=("starts_on", "partner"), name="fund_period_partner"),)

    def __str__(self) -> str:
        return f"{self.partner} {self.period}: {self.amount} {self.currency}"


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Pre-approved")
    DECLINED = "declined", _("Declined")


class Plan(models.Model):
    """An activity the partner plans with its fund; a manager pre-approves or declines it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="plans")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="marketing_plans")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    planned_cost = models.DecimalField(max_digits=12, decimal_places=2)
    expected_leads = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(blank=True)
    policy_version = models.DateField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-starts_on", "-id")
        constraints = (
            models.CheckConstraint(condition=Q(planned_cost__gt=0), name="plan_cost_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_known"),
        )
        indexes = (models.Index(fields=("status", "submitted_on"), name="plan_status_submitted"),)

    def __str__(self) -> str:
        return f"{self.partner}: {self.title} ({self.status})"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


COUNTED_CLAIMS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)
"""Claims that take from the fund: every one not rejected."""


class Claim(models.Model):
    """The partner's claim of a pre-approved activity's cost, with its proof (§5.1, §10.2); one per plan."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="claim")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="claims")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="marketing_claims")
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="what the partner claims")
    leads_generated = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    approved_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(blank=True)
    payment = models.OneToOneField(
        "benefits.MarketingPayment", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_claim"
    )
    policy_version = models.DateField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-submitted_on", "-id")
        constraints = (
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=models.F("amount"))),
                name="claim_approved_within_claimed",
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_known"),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.PAID) | Q(payment__isnull=False), name="claim_paid_has_payment"
            ),
        )
        indexes = (models.Index(fields=("status", "submitted_on"), name="claim_status_submitted"),)

    def __str__(self) -> str:
        return f"claim #{self.pk} {self.partner}: {self.amount} ({self.status})"


def _proof_path(document: ClaimDocument, filename: str) -> str:
    return f"funds/{document.claim.partner_id}/{document.claim_id}/{filename}"


class ClaimDocument(models.Model):
    """Proof of performance of a claim (an invoice, a photo, a lead list): checked as every upload is."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_proof_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60, help_text="as sniffed from the content")
    size = models.PositiveIntegerField()
    uploaded_on = models.DateField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_on", "id")

    def __str__(self) -> str:
        return self.original_name
