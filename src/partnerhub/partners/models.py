"""Partners from application to termination (§2.0), their users, their history and the manager's work queue.

The lifecycle's rules (which transition is allowed from which status) live in `lifecycle.py`; writes go
through `services.py`; every change leaves a `PartnerEvent` in the same transaction (`history.record_event`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PartnerKind(models.TextChoices):
    COMPANY = "company", "Company"
    INDIVIDUAL = "individual", "Individual"


class Classification(models.TextChoices):
    """The program's tiers (§3.0)."""

    ADVISORY = "advisory", "Advisory"
    ALLIANCE = "alliance", "Alliance"
    IMPLEMENTATION = "implementation", "Implementation"
    SOLUTION = "solution", "Solution"
    OEM = "oem", "OEM"


class PartnerStatus(models.TextChoices):
    """The lifecycle of §2.0: applied, then approved into the qualification window, then registered."""

    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Rejected"
    APPROVED = "approved", "Approved"
    REGISTERED = "registered", "Registered"
    DEACTIVATED = "deactivated", "Deactivated"
    TERMINATED = "terminated", "Terminated"


MEMBER_STATUSES = (PartnerStatus.APPROVED, PartnerStatus.REGISTERED)
"""Statuses of a partner whose membership runs (and renews on 1 January, §5.1)."""


class Partner(models.Model):
    """A company or individual in the partner program (§11.0), from application to termination (§2.0).

    `classification` is the classification in force (on application: the one requested);
    `requested_classification` keeps what the application asked for. Regions, territories and products
    are lists of keys: region keys of the policy (`regions`), ISO 3166-1 alpha-2 country codes, and product
    keys of the policy (`products`).
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    classification = models.CharField(max_length=20, choices=Classification.choices)
    requested_classification = models.CharField(max_length=20, choices=Classification.choices, blank=True)
    status = models.CharField(max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.APPLIED)
    status_since = models.DateField(null=True, blank=True, help_text="the date the current status took effect")
    contact_email = models.EmailField(blank=True, help_text="the partner's address for the program's mail")

    regions = models.JSONField(default=list, blank=True, help_text="authorized regions (§2.0, §4.0)")
    territories = models.JSONField(
        default=list, blank=True, help_text="designated territories, ISO 3166-1 alpha-2 codes (§4.0)"
    )
    products = models.JSONField(default=list, blank=True, help_text="product lines it is authorized for")
    solution_name = models.CharField(
        max_length=200, blank=True, help_text="Solution partners: the solution approved across geographies (§4.0)"
    )
    rank = models.CharField(max_length=40, blank=True, help_text="Implementation partners' rank (§3.1)")

    # The terms of its Partner Program Agreement (IPPA), set on approval.
    referral_fee_program = models.BooleanField(default=False, help_text="enrolled in the referral fee program (§7.2)")
    referral_fee_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    resale_discount_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reseller_agreement_signed = models.BooleanField(default=False, help_text="§7.1")

    applied_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(
        null=True, blank=True, help_text="enrollment effective date; the start of the current qualification window"
    )
    qualification_deadline = models.DateField(null=True, blank=True, help_text="last day of the window (§2.0)")
    registered_on = models.DateField(null=True, blank=True)
    policy_version = models.DateField(
        null=True, blank=True, help_text="version date of the policy applied at the latest approval"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(kind__in=PartnerKind.values), name="partner_kind_known"),
            models.CheckConstraint(
                condition=models.Q(classification__in=Classification.values),
                name="partner_classification_known",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_classification__in=[*Classification.values, ""]),
                name="partner_requested_classification_known",
            ),
            models.CheckConstraint(condition=models.Q(status__in=PartnerStatus.values), name="partner_status_known"),
            models.CheckConstraint(
                condition=models.Q(referral_fee_percent__isnull=True)
                | models.Q(referral_fee_percent__gte=0, referral_fee_percent__lte=100),
                name="partner_referral_fee_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(resale_discount_percent__isnull=True)
                | models.Q(resale_discount_percent__gte=0, resale_discount_percent__lte=100),
                name="partner_resale_discount_percent_range",
            ),
        )

    def __str__(self) -> str:
        return self.name


class PartnerUser(models.Model):
    """A sign-in that belongs to one partner; a representative may register deals (§7.3)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="users")
    representative = models.BooleanField(
        default=False, help_text="A Designated Partner Representative, who may register deals (§7.3)."
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


class PartnerEvent(models.Model):
    """One entry of a partner's timeline: who changed what, when, why, under which rule and policy version.

    Written by `partnerhub.partners.history.record_event` in the transaction of the change it records;
    every app (billing, people, deals, benefits …) adds its own kinds. Never edited, never deleted.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=60, help_text="what happened, e.g. approved, invoice_issued")
    message = models.TextField(help_text="what happened and why, in words")
    section = models.CharField(max_length=40, blank=True, help_text="the policy section(s) applied, e.g. 2.0")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="who did it; empty for the system (partnerhub tick)",
    )
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    policy_version = models.DateField(null=True, blank=True, help_text="version date of the policy applied")
    effective_on = models.DateField(null=True, blank=True, help_text="the business date of the change")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created_at", "id")
        indexes = (models.Index(fields=("partner", "created_at")),)

    def __str__(self) -> str:
        return f"{self.partner}: {self.kind}"


class ClassificationChange(models.Model):
    """The classification history of R2.10, kept forever: from, to, when, who, why, and which notice."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="classification_history")
    from_classification = models.CharField(
        max_length=20, choices=Classification.choices, blank=True, help_text="empty for the first assignment"
    )
    to_classification = models.CharField(max_length=20, choices=Classification.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    notice = models.TextField(blank=True, help_text="the notice that announced the change (§8.0), if any")
    notice_on = models.DateField(null=True, blank=True, help_text="when that notice was given")
    policy_version = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("changed_on", "created_at", "id")

    def __str__(self) -> str:
        return f"{self.partner}: {self.from_classification or '-'} -> {self.to_classification}"
