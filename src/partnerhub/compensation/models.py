"""Referral-fee decisions and their ledger (§7.2), and resale orders priced under §7.1.

A decision stores what the rule concluded when the order was recorded: eligibility, amount, currency,
every reason with its section, and the policy version. It is never recomputed: a later policy version
applies to later orders only (docs/policy.md#words). What changes afterwards is the ledger status, one event each.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeeStatus(models.TextChoices):
    ACCRUED = "accrued", _("Accrued")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class ReferralFee(models.Model):
    """The referral-fee decision on one referral order, and where it stands in the ledger (§7.2)."""

    order = models.OneToOneField("deals.Order", on_delete=models.PROTECT, related_name="referral_fee")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="referral_fees")
    eligible = models.BooleanField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    first_year_net_revenue = models.DecimalField(max_digits=14, decimal_places=2)
    reasons = models.JSONField(help_text="every condition checked: code, section, message, met")
    facts = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    policy_version = models.DateField()
    decided_on = models.DateField(help_text="the order date the conditions were checked on")
    status = models.CharField(max_length=20, choices=FeeStatus.choices)
    approved_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-decided_on", "-id")
        constraints = (
            models.CheckConstraint(condition=Q(status__in=FeeStatus.values), name="referral_fee_status_known"),
            models.CheckConstraint(
                condition=(Q(eligible=True) & ~Q(status=FeeStatus.NOT_ELIGIBLE))
                | (Q(eligible=False) & Q(status=FeeStatus.NOT_ELIGIBLE) & Q(amount=0)),
                name="referral_fee_status_matches_eligibility",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="referral_fee_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(status__in=(FeeStatus.APPROVED, FeeStatus.PAID)) | Q(approved_on__isnull=False),
                name="referral_fee_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=FeeStatus.PAID) | Q(paid_on__isnull=False), name="referral_fee_paid_has_date"
            ),
        )

    def __str__(self) -> str:
        return f"referral fee on order #{self.order_id}: {self.amount} {self.currency} ({self.status})"


class FeeEventKind(models.TextChoices):
    DECIDED = "decided", _("Decided")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")


class ReferralFeeEvent(models.Model):
    fee = models.ForeignKey(ReferralFee, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=FeeEventKind.choices)
    on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField()
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class ResaleOrder(models.Model):
    """A resale order's price (§7.1): list price less the partner's discount, allowed when it was recorded."""

    order = models.OneToOneField("deals.Order", on_delete=models.PROTECT, related_name="resale")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="resale_orders")
    list_price = models.DecimalField(max_digits=14, decimal_places=2)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2)
    price = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    reasons = models.JSONField()
    facts = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    policy_version = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-id",)
        constraints = (
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(list_price__gte=0), name="resale_amounts_not_negative"
            ),
        )

    def __str__(self) -> str:
        return f"resale on order #{self.order_id}: {self.price} {self.currency}"
