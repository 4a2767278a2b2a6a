"""What a partner has to show for its participation qualifications (§2.0, §5.0, §5.2, §9.1).

Resource persons and their certifications and training, the partner's compliance verifications,
governance records, financial-standing flags and approved exceptions. Every row is dated, so that good
standing can be computed for any day (docs/policy.md#r2-7); nothing is ever overwritten to say "now".

Rows are written only through `services.py`; the rules that judge them live in `partnerhub.policy`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partnerhub.partners.models import Partner


class Role(models.TextChoices):
    """What a resource person does for the partner (§5.0 rows)."""

    PARTNER_MANAGER = "partner_manager", _("Partner manager")
    SALES = "sales", _("Sales")
    PRESALES = "presales", _("Presales")
    TECHNICAL = "technical", _("Technical delivery")
    SUPPORT = "support", _("End-customer support")


class CertificationKind(models.TextChoices):
    SALES = "sales", "Sales"
    PRESALES = "presales", "Presales"
    CTL = "ctl", "CTL"
    CIE = "cie", "CIE"
    CED = "ced", "CED"
    EXPERIENCE_DESIGNER = "experience_designer", "Experience Designer"


TECHNICAL_CERTIFICATIONS = frozenset(
    {
        CertificationKind.CTL.value,
        CertificationKind.CIE.value,
        CertificationKind.CED.value,
        CertificationKind.EXPERIENCE_DESIGNER.value,
    }
)
"""Certifications counted per product line (§5.0 "For Amelia, 1DESK, 1RPA"): they need a product."""


class TrainingKind(models.TextChoices):
    """§9.1: online training for sales and marketing staff, advanced training for technical delivery."""

    ONLINE = "online", _("Annual online training")
    ADVANCED = "advanced", _("Annual advanced training")


class GovernanceKind(models.TextChoices):
    """The governance and co-marketing rows of §5.0."""

    BUSINESS_PLAN = "business_plan", _("Business / account plan on file")
    PIPELINE_REVIEW = "pipeline_review", _("Pipeline review")
    GOVERNANCE_MEETING = "governance_meeting", _("Governance meeting")
    LOGO_ON_WEBSITE = "logo_on_website", _("IPsoft logo on the partner's web site")
    GO_TO_MARKET_STRATEGY = "go_to_market_strategy", _("Agreed go-to-market strategy")


class Person(models.Model):
    """A resource person of a partner, working in one of its authorized regions (§2.0, §5.0)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField(help_text="unique within the partner, compared case-insensitively")
    region = models.CharField(max_length=20, help_text="one of the partner's authorized regions (policy key)")
    roles = models.JSONField(default=list, help_text="role keys: partner_manager, sales, presales, technical, support")
    joined_on = models.DateField(null=True, blank=True, help_text="counts from this day; empty: from always")
    left_on = models.DateField(null=True, blank=True, help_text="no longer counts from this day")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "name", "id")
        verbose_name_plural = "people"
        constraints = (
            models.UniqueConstraint("partner", Lower("email"), name="person_email_unique_per_partner"),
            models.CheckConstraint(
                condition=models.Q(joined_on__isnull=True)
                | models.Q(left_on__isnull=True)
                | models.Q(left_on__gt=models.F("joined_on")),
                name="person_leaves_after_joining",
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class CertificationStatus(models.TextChoices):
    """A certification a partner user enters is a claim until a vendor manager verifies it
    (docs/dates-and-trust.md); only a verified one counts (§5.0 rows, good standing, referral fees)."""

    CLAIMED = "claimed", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Certification(models.Model):
    """A certification a person earned (§5.0); valid from `earned_on` through `expires_on`, both included,
    once verified."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certifications")
    kind = models.CharField(max_length=30, choices=CertificationKind.choices)
    product = models.CharField(max_length=20, blank=True, help_text="product line; required for technical kinds")
    earned_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=CertificationStatus.choices, default=CertificationStatus.VERIFIED, db_index=True
    )
    decided_on = models.DateField(null=True, blank=True, help_text="the day a manager verified or rejected it")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # The console's deadlines read what expires in a month (docs/performance.md).
        indexes = (models.Index(fields=("expires_on",), name="certification_expires"),)
        ordering = ("person_id", "kind", "product", "earned_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(kind__in=CertificationKind.values), name="certification_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("earned_on")),
                name="certification_expires_after_earned",
            ),
            models.UniqueConstraint(
                fields=("person", "kind", "product", "earned_on"), name="certification_unique_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CertificationStatus.values), name="certification_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CertificationStatus.REJECTED) | ~models.Q(rejection_reason=""),
                name="certification_rejected_with_a_reason",
            ),
        )

    def __str__(self) -> str:
        product = f" ({self.product})" if self.product else ""
        return f"{self.get_kind_display()}{product}, {self.earned_on} to {self.expires_on}"

    @property
    def verified(self) -> bool:
        return self.status == CertificationStatus.VERIFIED


class TrainingRecord(models.Model):
    """A completed annual training (§9.1)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trainings")
    kind = models.CharField(max_length=20, choices=TrainingKind.choices)
    completed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("person_id", "completed_on", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(kind__in=TrainingKind.values), name="training_kind_known"),
            models.UniqueConstraint(fields=("person", "kind", "completed_on"), name="training_unique_per_day"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.completed_on}"


class ComplianceVerification(models.Model):
    """The partner's verification that everyone working on the vendor's behalf completed compliance
    training and certification (§9.1, docs/policy.md#r10-2)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="compliance_verifications")
    verified_on = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "verified_on", "id")

    def __str__(self) -> str:
        return f"{self.partner}: compliance verified on {self.verified_on}"


class ComplianceTimeline(models.Model):
    """A timeline the vendor communicated for programme compliance (§2.0): what the partner must do, by when.

    A partner late on one is not in good standing (docs/policy.md#r2-7) until it is completed.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="compliance_timelines")
    requirement = models.TextField(help_text="what the partner must do")
    section = models.CharField(max_length=10, help_text="the policy section the obligation comes from")
    communicated_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "due_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("communicated_on")), name="timeline_due_after_communicated"
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(completed_on__gte=models.F("communicated_on")),
                name="timeline_completed_after_communicated",
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: {self.requirement} by {self.due_on}"


class GovernanceRecord(models.Model):
    """A governance or co-marketing fact of §5.0, dated: a plan on file, a meeting held, a logo seen."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="governance_records")
    kind = models.CharField(max_length=30, choices=GovernanceKind.choices)
    effective_on = models.DateField(help_text="the day it was held, or from which it is on file")
    valid_until = models.DateField(null=True, blank=True, help_text="last day on file; empty: until replaced")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "effective_on", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(kind__in=GovernanceKind.values), name="governance_kind_known"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("effective_on")),
                name="governance_valid_after_effective",
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_kind_display()} on {self.effective_on}"


class FinancialStandingChange(models.Model):
    """A manager flags (or clears) a partner's financial standing as not sufficiently good (§5.2).

    The flag in force on a day is the latest change effective on or before it."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="financial_standing_changes")
    flagged = models.BooleanField(help_text="true: not in sufficiently good financial standing")
    effective_on = models.DateField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "effective_on", "id")

    def __str__(self) -> str:
        return f"{self.partner}: {'flagged' if self.flagged else 'cleared'} on {self.effective_on}"


class StandingException(models.Model):
    """An exception to one named participation qualification, approved by a designated leader (§5.2, R2.8).

    `qualification` is a requirement key of the policy ("certified_cie") or a standing condition
    ("compliance_verification"); the exception is in force from `starts_on` through `ends_on`."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="standing_exceptions")
    qualification = models.CharField(max_length=60)
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.TextField()
    approved_by = models.CharField(max_length=200, help_text="the vendor's designated leader who approved it")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("partner_id", "starts_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="exception_ends_after_start"
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: {self.qualification} waived {self.starts_on} to {self.ends_on}"
