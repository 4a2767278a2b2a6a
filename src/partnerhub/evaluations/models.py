"""Quarterly evaluations (§8.0, docs/policy.md#r9): runs, scorecards, the manager's decisions and the notices they
send. (Draft policy versions live beside the published ones, in `policystore.models.PolicyDraft`.)

A run scores the whole programme at once, so scorecards are written in bulk and kept small: the lines of
all scorecards of a run repeat a great deal ("Certified CIE for 1RPA in EMEA: 2 people, met"), so each
distinct line is stored once per run (`ScorecardLine`) and a scorecard lists the numbers of its lines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.partners.models import Classification, Partner
from partnerhub.policystore.models import PolicyVersion


class Outcome(models.TextChoices):
    """What an evaluation proposes and a manager decides (docs/policy.md#r9-1)."""

    KEEP = "keep", _("Keep")
    UPGRADE_CANDIDATE = "upgrade_candidate", _("Upgrade candidate")
    AT_RISK = "at_risk", _("At risk")
    REASSIGN_DOWN = "reassign_down", _("Re-assign down")
    TERMINATE = "terminate", _("Terminate")


class EvaluationRun(models.Model):
    """One evaluation of one fiscal quarter (§8.0) for the whole programme.

    A period may be run again (`sequence` 2, 3 …); earlier runs are kept as they were, and decisions are
    taken on the latest run of a period.
    """

    period = models.CharField(max_length=6, help_text="the fiscal quarter, e.g. 2019Q2")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    sequence = models.PositiveSmallIntegerField(default=1, help_text="1 for the first run of the period")
    name = models.CharField(max_length=100, help_text="the §8.0 name, e.g. Q2 Evaluation")
    annual = models.BooleanField(default=False, help_text="the annual evaluation (Q4)")
    quarter_start = models.DateField()
    quarter_end = models.DateField()
    review_month = models.CharField(max_length=7, help_text="YYYY-MM: the month the review is conducted")
    notification_due = models.DateField(help_text="changes are notified on or before this date (§8.0)")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    policy_version = models.DateField(help_text="version date of the policy in force at the quarter's end")
    as_of = models.DateField(help_text="the date the run was made")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    partners_count = models.PositiveIntegerField(default=0)
    outcome_counts = models.JSONField(default=dict, help_text="scorecards per proposed outcome")
    seconds = models.FloatField(default=0, help_text="how long gathering, scoring and writing took")

    class Meta:
        ordering = ("-year", "-quarter", "-sequence")
        constraints = (
            models.UniqueConstraint(fields=("period", "sequence"), name="evaluation_run_period_sequence_unique"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="evaluation_run_quarter"),
        )

    def __str__(self) -> str:
        suffix = f" (run {self.sequence})" if self.sequence > 1 else ""
        return f"{self.name} {self.year}{suffix}"


class ScorecardLine(models.Model):
    """One distinct line of the scorecards of a run: a requirement row measured for a region (and product
    line) or for the partner, with its figure, threshold, whether it is met and what is missing (R9.2)."""

    run = models.ForeignKey(
        EvaluationRun,
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,  # the unique key leads with run
    )
    number = models.PositiveIntegerField(help_text="the line's number within its run")
    requirement = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    section = models.CharField(max_length=20)
    group = models.CharField(max_length=20, help_text="resources, governance or activity")
    region = models.CharField(max_length=20, blank=True, help_text="empty: measured for the whole partner")
    product = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=40, blank=True, help_text="empty: not applicable")
    threshold = models.CharField(max_length=40)
    comparison = models.CharField(max_length=20)
    unit = models.CharField(max_length=20)
    met = models.BooleanField()
    applicable = models.BooleanField(default=True)
    missing = models.TextField(blank=True)
    exception = models.TextField(blank=True, help_text="the §5.2 exception that waived the line, if any")
    message = models.TextField(help_text="the line in words, as its reason says it")

    class Meta:
        ordering = ("run", "number")
        constraints = (models.UniqueConstraint(fields=("run", "number"), name="scorecard_line_number_unique"),)

    def __str__(self) -> str:
        return self.message


class ScorecardReason(models.Model):
    """One distinct reason of the recommendations of a run: a condition a recommendation rule asked about
    (registered, resources met, the next classification's rows …) or the proposal itself."""

    run = models.ForeignKey(
        EvaluationRun,
        on_delete=models.CASCADE,
        related_name="reasons",
        db_index=False,  # the unique key leads with run
    )
    number = models.PositiveIntegerField(help_text="the reason's number within its run")
    code = models.CharField(max_length=60)
    section = models.CharField(max_length=20)
    message = models.TextField()
    met = models.BooleanField()

    class Meta:
        ordering = ("run", "number")
        constraints = (models.UniqueConstraint(fields=("run", "number"), name="scorecard_reason_number_unique"),)

    def __str__(self) -> str:
        return self.message


class Scorecard(models.Model):
    """One partner's evaluation in a run: its lines and the recommendation, with every reason."""

    run = models.ForeignKey(
        EvaluationRun,
        on_delete=models.CASCADE,
        related_name="scorecards",
        db_index=False,  # the unique key leads with run
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="scorecards")
    classification = models.CharField(max_length=20, choices=Classification.choices)
    status = models.CharField(max_length=20, help_text="the partner's status when evaluated")
    regions = models.JSONField(default=list, help_text="the authorized regions it was scored in")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    target = models.CharField(max_length=20, blank=True, help_text="the classification proposed, if any")
    message = models.TextField(help_text="the recommendation in words")
    sections = models.CharField(max_length=60, help_text="the sections the recommendation applied")
    met = models.BooleanField(help_text="every line of its own classification is met")
    line_numbers = models.JSONField(default=list, help_text="its lines, as numbers of the run's lines")
    reason_numbers = models.JSONField(
        default=list, help_text="the reasons of its recommendation, as numbers of the run's reasons"
    )
    policy_version = models.DateField()

    class Meta:
        ordering = ("run", "partner_id")
        constraints = (models.UniqueConstraint(fields=("run", "partner"), name="scorecard_run_partner_unique"),)

    def __str__(self) -> str:
        return f"{self.partner_id} in {self.run_id}: {self.outcome}"


class EvaluationDecision(models.Model):
    """A manager's decision on one scorecard: the recommendation accepted, or overridden, with a reason."""

    scorecard = models.OneToOneField(Scorecard, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    target = models.CharField(max_length=20, blank=True, help_text="the classification decided, if it changes")
    accepted = models.BooleanField(help_text="true: the recommendation as proposed; false: overridden")
    reason = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.scorecard}: decided {self.outcome}"


class NoticeKind(models.TextChoices):
    UPGRADE = "upgrade", _("Classification up")
    DOWNGRADE = "downgrade", _("Classification down")
    TERMINATION = "termination", _("Termination")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Pending: to be sent by the tick")
    SENT = "sent", _("Sent: the change takes effect after notice")
    APPLIED = "applied", _("Applied: the change has taken effect")
    WITHDRAWN = "withdrawn", _("Withdrawn before it was sent")
    LAPSED = "lapsed", _("Lapsed: not sent by the notification date; a new, timely decision is needed (§8.0)")


class Notice(models.Model):
    """The notice of a change decided in an evaluation (§8.0): one per partner and period, ever.

    The unique key is what makes "never sent twice" hold across ticks, re-runs and re-decisions.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="evaluation_notices")
    period = models.CharField(max_length=6)
    decision = models.ForeignKey(EvaluationDecision, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    from_classification = models.CharField(max_length=20, choices=Classification.choices)
    to_classification = models.CharField(max_length=20, choices=Classification.choices, blank=True)
    notify_by = models.DateField(help_text="the change notification date of the period (§8.0)")
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="the letter, as emailed and as printed in the PDF")
    recipients = models.JSONField(default=list, help_text="who it was emailed to")
    sent_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True, help_text="the day the change takes effect")
    applied_on = models.DateField(null=True, blank=True)
    policy_version = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("period", "partner_id")
        constraints = (models.UniqueConstraint(fields=("partner", "period"), name="notice_partner_period_unique"),)

    def __str__(self) -> str:
        return f"{self.period} {self.kind} notice to {self.partner_id}"


class Reminder(models.Model):
    """A warning to the managers before a notification date (idempotent: one per period and kind)."""

    period = models.CharField(max_length=6)
    kind = models.CharField(max_length=40)
    run = models.ForeignKey(EvaluationRun, on_delete=models.PROTECT, related_name="reminders")
    sent_on = models.DateField()
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("period", "kind"), name="evaluation_reminder_unique"),)

    def __str__(self) -> str:
        return f"{self.period} {self.kind}"
