"""What the tick does for evaluations: reminders of undecided scorecards, notices sent by their date, and the
changes they announce applied when they take effect (§8.0).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as InvalidData
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError

from partnerhub.core.errors import Conflict, PolicyViolation
from partnerhub.core.mail import render_mail, send_templated_after_commit
from partnerhub.evaluations import letters
from partnerhub.evaluations.events import EvaluationsEventKind
from partnerhub.evaluations.models import (
    EvaluationRun,
    Notice,
    NoticeKind,
    NoticeStatus,
    Reminder,
    Scorecard,
)
from partnerhub.evaluations.services.decisions import EFFECTIVE_DAYS_AFTER_NOTICE, policy_of_run
from partnerhub.partners.history import record_event
from partnerhub.partners.services.lifecycle import partner_reassign, partner_terminate
from partnerhub.policystore.selectors import policy_in_force


def undecided(run: EvaluationRun) -> QuerySet[Scorecard]:
    return Scorecard.objects.filter(run=run, decision__isnull=True)


def reminders_send_due(*, as_of: dt.date, manager_addresses: Sequence[str]) -> list[str]:
    """Warn the managers once per period, `reminder_lead_days` before its notification date, of the
    partners still undecided in its latest run."""
    done: list[str] = []
    runs = EvaluationRun.objects.filter(notification_due__gte=as_of).order_by("period", "-sequence")
    seen: set[str] = set()
    for run in runs:
        if run.period in seen:
            continue
        seen.add(run.period)
        policy = policy_of_run(run)
        lead = policy.windows.reminder_lead_days
        if as_of < run.notification_due - dt.timedelta(days=lead):
            continue
        if Reminder.objects.filter(period=run.period, kind="undecided").exists():
            continue
        counts = Counter(undecided(run).values_list("outcome", flat=True))
        if not counts:
            continue
        context = letters.undecided_context(policy, run, counts)
        body = render_mail(letters.UNDECIDED_WARNING, context).body
        try:
            with transaction.atomic():
                Reminder.objects.create(period=run.period, kind="undecided", run=run, sent_on=as_of, message=body)
                send_templated_after_commit(to=manager_addresses, template=letters.UNDECIDED_WARNING, context=context)
        except IntegrityError:
            continue
        done.append(f"{run.period}: warned managers of {sum(counts.values())} undecided partner(s)")
    return done


def _section(notice: Notice) -> str:
    """The section of the evaluation calendar (§8.0) in the version the notice was decided under."""
    return policy_in_force(notice.policy_version).calendar.section


def notices_send_due(*, as_of: dt.date) -> list[str]:
    """Send every pending notice decided on or before `as_of` (each exactly once), while its period's
    notification date allows; a notice that can no longer be sent in time lapses (§8.0 footnote 4)."""
    done: list[str] = []
    late = Notice.objects.filter(status=NoticeStatus.PENDING, notify_by__lt=as_of).order_by("pk")
    done += [
        line for pk in list(late.values_list("pk", flat=True)) if (line := _lapse(pk, NoticeStatus.PENDING, as_of))
    ]
    due = Notice.objects.filter(
        status=NoticeStatus.PENDING, decision__decided_on__lte=as_of, notify_by__gte=as_of
    ).order_by("pk")
    for notice_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update()
                .select_related("partner", "decision")
                .filter(pk=notice_id, status=NoticeStatus.PENDING)
                .first()
            )
            if notice is None:
                continue
            notice.recipients = letters.send_notice(notice)
            notice.status = NoticeStatus.SENT
            notice.sent_on = as_of
            notice.effective_on = as_of + dt.timedelta(days=EFFECTIVE_DAYS_AFTER_NOTICE)
            notice.save(update_fields=("recipients", "status", "sent_on", "effective_on"))
            record_event(
                partner=notice.partner,
                kind=EvaluationsEventKind.EVALUATION_NOTICE_SENT,
                message=(
                    f"{notice.subject} — sent to {', '.join(notice.recipients) or 'nobody (no contact address)'}"
                    f"; takes effect on {notice.effective_on.isoformat()}"
                ),
                section=_section(notice),
                actor=None,
                policy_version=notice.policy_version,
                effective_on=as_of,
                data={"notice": notice.pk, "period": notice.period, "kind": notice.kind},
            )
        done.append(f"{notice.period}: {notice.kind} notice sent to {notice.partner.name}")
    return done


def _lapse(notice_id: int, status: str, as_of: dt.date) -> str | None:
    """§8.0 footnote 4: a change not notified by the period's notification date does not take effect
    without a new, timely decision. The notice lapses, with a timeline entry; nothing is sent or applied."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update().select_related("partner").filter(pk=notice_id, status=status).first()
        )
        if notice is None:
            return None
        how = "was not sent" if notice.sent_on is None else f"was only sent on {notice.sent_on.isoformat()}"
        notice.status = NoticeStatus.LAPSED
        notice.save(update_fields=("status",))
        message = (
            f"{notice.subject} — {how}, after the notification date {notice.notify_by.isoformat()}: the change does "
            "not take effect without a new, timely decision (§8.0)"
        )
        record_event(
            partner=notice.partner,
            kind=EvaluationsEventKind.EVALUATION_NOTICE_LAPSED,
            message=message,
            section=_section(notice),
            actor=None,
            policy_version=notice.policy_version,
            effective_on=as_of,
            data={"notice": notice.pk, "period": notice.period, "kind": notice.kind},
        )
    return f"{notice.period}: {notice.kind} notice to {notice.partner.name} lapsed, not notified by {notice.notify_by}"


def notices_apply_due(*, as_of: dt.date) -> list[str]:
    """Make the change of every sent notice whose effective date has come, through the lifecycle services."""
    done: list[str] = []
    due = Notice.objects.filter(status=NoticeStatus.SENT, effective_on__lte=as_of).order_by("pk")
    for notice_id in list(due.values_list("pk", flat=True)):
        try:
            line = _apply_notice(notice_id, as_of, partner_reassign, partner_terminate)
        except (PolicyViolation, Conflict, ValidationError, InvalidData) as error:
            # The partner changed since the decision (e.g. a manager terminated it): nothing to apply now;
            # the notice stays sent and the line says why, at every tick, until a manager looks at it.
            notice = Notice.objects.select_related("partner").get(pk=notice_id)
            line = f"{notice.period}: {notice.kind} of {notice.partner.name} could not be applied: {error}"
        if line:
            done.append(line)
    return done


def _apply_notice(notice_id: int, as_of: dt.date, reassign: Any, terminate: Any) -> str | None:
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("partner", "decision", "decision__decided_by")
            .filter(pk=notice_id, status=NoticeStatus.SENT)
            .first()
        )
        if notice is None:
            return None
        assert notice.effective_on is not None and notice.sent_on is not None
        if notice.sent_on > notice.notify_by:
            return _lapse(notice.pk, NoticeStatus.SENT, as_of)
        decision = notice.decision
        reason = f"{notice.period} evaluation: {decision.reason}"
        if notice.kind == NoticeKind.TERMINATION:
            terminate(
                partner=notice.partner,
                terminated_on=notice.effective_on,
                acting_user=decision.decided_by,
                reason=reason,
                recorded_on=as_of,
            )
        else:
            reassign(
                partner=notice.partner,
                classification=notice.to_classification,
                effective_on=notice.effective_on,
                acting_user=decision.decided_by,
                reason=reason,
                notice=notice.subject,
                notice_on=notice.sent_on,
                recorded_on=as_of,
            )
        notice.status = NoticeStatus.APPLIED
        notice.applied_on = as_of
        notice.save(update_fields=("status", "applied_on"))
    return f"{notice.period}: {notice.kind} of {notice.partner.name} applied from {notice.effective_on}"
