"""Partners from application to termination (§2.0), their users, their history and the manager's work queue.

The lifecycle's rules (which transition is allowed from which status) live in `lifecycle.py`; writes go
through `services.py`; every change leaves a `PartnerEvent` in the same transaction (`history.record_event`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual")


class Classification(models.TextChoices):
    """The program's tiers (§3.0)."""

    ADVISORY = "advisory", "Advisory"
    ALLIANCE = "alliance", "Alliance"
    IMPLEMENTATION = "implementation", "Implementation"
    SOLUTION = "solution", "Solution"
    OEM = "oem", "OEM"


class PartnerStatus(models.TextChoices):
    """The lifecycle of §2.0: applied, then approved into the qualification window, then registered."""

    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    REGISTERED = "registered", _("Registered")
    DEACTIVATED = "deactivated", _("Deactivated")
    TERMINATED = "terminated", _("Terminated")


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
    state_on = models.DateField(
        null=True,
        blank=True,
        help_text="the day the state columns above are in force on: they cache the partner's period in force "
        "that day (docs/history.md); empty for a partner without periods",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")
        # The managers' partner list sorts by these columns, either way (docs/architecture.md#rule-11).
        indexes = (
            models.Index(fields=["name", "id"], name="partner_by_name"),
            models.Index(fields=["classification", "name", "id"], name="partner_by_classification"),
            models.Index(fields=["status", "name", "id"], name="partner_by_status"),
            models.Index(fields=["status_since", "id"], name="partner_by_status_since"),
            # The reports' partners per classification and status: counted from the index alone.
            models.Index(fields=["status", "classification"], name="partner_status_classification"),
        )
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


class PartnerPeriod(models.Model):
    """One stretch of a partner's history: its state from `valid_from` up to (not including) `valid_to`.

    The periods of a partner do not overlap and leave no gap from its first one on; the last one is open
    (`valid_to` empty). Written only by `partnerhub.partners.periods.period_change`, inside the transaction of
    the lifecycle change that opened it (`event`); read through `partner_state_on` / `partner_states_on`.
    The state columns mean what they mean on `Partner` (docs/history.md).
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="periods")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="exclusive; empty: still in force")
    event = models.ForeignKey(
        "PartnerEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the timeline entry of the change that opened this period (empty: migrated history)",
    )

    status = models.CharField(max_length=20, choices=PartnerStatus.choices)
    status_since = models.DateField(null=True, blank=True)
    classification = models.CharField(max_length=20, choices=Classification.choices)
    regions = models.JSONField(default=list, blank=True)
    territories = models.JSONField(default=list, blank=True)
    products = models.JSONField(default=list, blank=True)
    solution_name = models.CharField(max_length=200, blank=True)
    rank = models.CharField(max_length=40, blank=True)
    referral_fee_program = models.BooleanField(default=False)
    referral_fee_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    resale_discount_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reseller_agreement_signed = models.BooleanField(default=False)
    approved_on = models.DateField(null=True, blank=True)
    qualification_deadline = models.DateField(null=True, blank=True)
    registered_on = models.DateField(null=True, blank=True)
    policy_version = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("partner_id", "valid_from")
        indexes = (models.Index(fields=("partner", "valid_from"), name="partner_period_from"),)
        constraints = (
            models.UniqueConstraint(fields=("partner", "valid_from"), name="partner_period_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="partner_period_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PartnerStatus.values), name="partner_period_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(classification__in=Classification.values),
                name="partner_period_classification_known",
            ),
        )

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.partner_id}: {self.valid_from.isoformat()} to {until} {self.status} {self.classification}"


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


class WorkItem(models.Model):
    """An entry of the vendor managers' work queue: something only a manager can decide.

    The lifecycle opens `oem_application` (OEM is not self-service, §3.0) and `deactivation_due` (the
    qualification window ended without registration: the partner *may* be deactivated, §2.0); other apps
    add their own kinds. `key` makes each occurrence unique (e.g. the deadline that passed), so a job that
    runs again never opens it twice, and a dismissed item is not reopened.
    """

    OEM_APPLICATION = "oem_application"
    DEACTIVATION_DUE = "deactivation_due"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="work_items")
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=100, blank=True, help_text="what makes this occurrence unique")
    message = models.TextField()
    section = models.CharField(max_length=40, blank=True)
    opened_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("opened_on", "id")
        constraints = (models.UniqueConstraint(fields=("partner", "kind", "key"), name="work_item_once"),)

    def __str__(self) -> str:
        return f"{self.partner}: {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class Reminder(models.Model):
    """A reminder mail that was sent, one per partner, kind and key: the tick's proof it never sends twice."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=60, help_text="qualification_deadline, invoice_due, non_renewal_deadline …")
    key = models.CharField(max_length=100, help_text="what it reminds of, e.g. the invoice and its due date")
    deadline = models.DateField()
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("sent_on", "id")
        constraints = (models.UniqueConstraint(fields=("partner", "kind", "key"), name="reminder_once"),)

    def __str__(self) -> str:
        return f"{self.partner}: {self.kind} {self.key}"


class NonRenewalNotice(models.Model):
    """A partner's written notice of non-renewal (§5.1), as received by the vendor.

    On or before the deadline (2 December) it stops the renewal on the next 1 January; later, the
    membership still renews once and the notice stops the renewal after that (`ends_after_program_year`).
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="non_renewal_notices")
    received_on = models.DateField()
    in_time = models.BooleanField(help_text="received on or before the deadline of its Program Year")
    ends_after_program_year = models.PositiveIntegerField(
        help_text="the membership ends on 31 December of this Program Year and does not renew"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    policy_version = models.DateField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text="the partner took the notice back: the membership renews as usual"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("received_on", "id")
        constraints = (
            # A withdrawn notice stays on file; a new notice may then end the same Program Year.
            models.UniqueConstraint(
                fields=("partner", "ends_after_program_year"),
                condition=models.Q(withdrawn_on__isnull=True),
                name="non_renewal_notice_once",
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: notice of {self.received_on.isoformat()}"
