"""Writes of the evaluations app: runs, decisions, notices, reminders (§8.0, R9) and policy drafts (R1.4).

Every write is one transaction with its history (docs/architecture.md#rule-3). The rules — the lines, the
recommendation, the notification date — come from `partnerhub.policy`; this module only orders them,
stores them and acts on the manager's decisions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as InvalidData
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError

from partnerhub.core.mail import send_after_commit
from partnerhub.core.problems import Conflict, PolicyViolation, Violation
from partnerhub.evaluations import letters
from partnerhub.evaluations.gather import quarter_facts
from partnerhub.evaluations.models import (
    EvaluationDecision,
    EvaluationRun,
    Notice,
    NoticeKind,
    NoticeStatus,
    Outcome,
    PolicyDraft,
    Reminder,
    Scorecard,
)
from partnerhub.evaluations.periods import ResolvedPeriod, resolve_period
from partnerhub.evaluations.writer import ScorecardWriter
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.partners.services.lifecycle import partner_reassign, partner_terminate
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.decision import Decision
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.load import PolicyError, load_policy_text
from partnerhub.policy.model import Policy
from partnerhub.policy.scoring import Recommendation, scorecard
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.selectors import policy_of
from partnerhub.policystore.services import policy_version_publish

CHANGE_OUTCOMES = frozenset({Outcome.UPGRADE_CANDIDATE, Outcome.REASSIGN_DOWN, Outcome.TERMINATE})
"""Outcomes that change a partner's classification or status, and so need a notice (§8.0)."""

NOTICE_KINDS = {
    Outcome.UPGRADE_CANDIDATE: NoticeKind.UPGRADE,
    Outcome.REASSIGN_DOWN: NoticeKind.DOWNGRADE,
    Outcome.TERMINATE: NoticeKind.TERMINATION,
}

EFFECTIVE_DAYS_AFTER_NOTICE = 1
"""A change takes effect after its notice (§8.0): on the day after the notice is sent."""


# -- runs ------------------------------------------------------------------------------------------------


def score_program(
    policy: Policy, quarter: Quarter, facts: Iterable[PartnerFacts]
) -> Iterable[tuple[PartnerFacts, Decision[Recommendation]]]:
    """The scorecard of each partner (the policy's engine decides every line and the recommendation)."""
    for partner_facts in facts:
        yield partner_facts, scorecard(policy, partner_facts, quarter)


@dataclass(frozen=True)
class RunTimings:
    gather: float
    score: float
    write: float

    @property
    def total(self) -> float:
        return self.gather + self.score + self.write


PROGRESS_EVERY = 1000
"""Partners scored between two progress reports of a run."""


def evaluate_into(
    run: EvaluationRun, policy: Policy, quarter: Quarter, progress: Callable[[int, int], None] | None = None
) -> RunTimings:
    """Gather the quarter's facts set-based, score every partner, write the scorecards in bulk; `progress`
    hears (scored, total) every PROGRESS_EVERY partners."""
    started = time.perf_counter()
    facts = quarter_facts(quarter)
    total = len(facts)
    gathered = time.perf_counter()
    with ScorecardWriter(run) as writer:
        for done, (partner_facts, decision) in enumerate(score_program(policy, quarter, facts), start=1):
            writer.add(partner_facts, decision)
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        del facts
        scored = time.perf_counter()
    run.partners_count = writer.count
    run.outcome_counts = {outcome: writer.outcomes[outcome] for outcome in Outcome.values if writer.outcomes[outcome]}
    written = time.perf_counter()
    return RunTimings(gathered - started, scored - gathered, written - scored)


def evaluation_run_create(
    *,
    period: str,
    as_of: dt.date,
    acting_user: User | None,
    rerun: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> EvaluationRun:
    """Evaluate every partner for `period` (e.g. "2019Q2"), under the policy in force at the quarter's end.
    The run and all its scorecards are one transaction: a run stopped half way leaves nothing.

    Raises UnknownPeriod (no such period), PolicyViolation (the quarter has not ended on `as_of`) or
    Conflict (the period was evaluated already and `rerun` is not set). A re-run is a new run of the same
    period; the earlier ones are kept as they were.
    """
    resolved = resolve_period(period)
    schedule = resolved.schedule.outcome
    quarter = schedule.quarter
    if as_of <= quarter.end:
        raise PolicyViolation(
            [
                Violation(
                    "quarter_not_ended",
                    resolved.policy.calendar.section,
                    f"evaluations are based on activity during the fiscal quarter: {schedule.period} ends "
                    f"{quarter.end.isoformat()}, so it can be evaluated from "
                    f"{(quarter.end + dt.timedelta(days=1)).isoformat()}",
                )
            ]
        )
    try:
        with transaction.atomic():
            run = _new_run(resolved, as_of=as_of, acting_user=acting_user, rerun=rerun)
            started = time.perf_counter()
            evaluate_into(run, resolved.policy, quarter, progress)
            run.seconds = round(time.perf_counter() - started, 3)
            run.save(update_fields=("partners_count", "outcome_counts", "seconds"))
    except IntegrityError as error:
        raise Conflict(f"{schedule.period} is being evaluated by another request; try again") from error
    return run


def _new_run(resolved: ResolvedPeriod, *, as_of: dt.date, acting_user: User | None, rerun: bool) -> EvaluationRun:
    schedule = resolved.schedule.outcome
    latest = latest_run(schedule.period)
    if latest is not None and not rerun:
        raise Conflict(
            f"{schedule.period} was evaluated already (run {latest.pk} of {latest.as_of.isoformat()}); "
            'send "rerun": true to evaluate it again — the earlier run is kept and notices are never sent twice'
        )
    quarter = schedule.quarter
    return EvaluationRun.objects.create(
        period=schedule.period,
        year=quarter.year,
        quarter=quarter.number,
        sequence=1 if latest is None else latest.sequence + 1,
        name=schedule.name,
        annual=schedule.annual,
        quarter_start=quarter.start,
        quarter_end=quarter.end,
        review_month=f"{schedule.review_year:04d}-{schedule.review_month:02d}",
        notification_due=schedule.notification_due,
        policy=resolved.version,
        policy_version=resolved.version.version_date,
        as_of=as_of,
        created_by=acting_user,
    )


def latest_run(period: str) -> EvaluationRun | None:
    return EvaluationRun.objects.filter(period=period).order_by("-sequence").first()


# -- decisions -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What a manager decided for one scorecard: an outcome and, for a change of classification, a target."""

    outcome: str
    target: str
    accepted: bool


def _choice(policy: Policy, card: Scorecard, *, accept: bool, outcome: str | None, target: str | None) -> Choice:
    if accept:
        return Choice(card.outcome, card.target, True)
    if outcome not in Outcome.values:
        raise PolicyViolation([Violation("unknown_outcome", "8.0", f"{outcome!r} is not an evaluation outcome")])
    current = policy.classification(card.classification)
    chosen = target or ""
    if outcome == Outcome.UPGRADE_CANDIDATE:
        chosen = chosen or (current.upgrade_to or "")
        _check_target(policy, current.level, chosen, up=True)
    elif outcome == Outcome.REASSIGN_DOWN:
        chosen = chosen or (current.downgrade_to or "")
        _check_target(policy, current.level, chosen, up=False)
    elif chosen:
        raise PolicyViolation(
            [Violation("target_without_change", "8.0", f"a {outcome} decision does not change the classification")]
        )
    return Choice(outcome, chosen, outcome == card.outcome and chosen == card.target)


def _check_target(policy: Policy, level: int, target: str, *, up: bool) -> None:
    direction = "higher" if up else "lower"
    known = {c.key: c for c in policy.classifications if c.self_service}
    if target not in known:
        raise PolicyViolation(
            [Violation("no_target", "3.0", f"name the {direction} classification to move to (§3.0 paths)")]
        )
    moves = known[target].level > level if up else known[target].level < level
    if not moves:
        raise PolicyViolation(
            [Violation("target_direction", "3.0", f"{known[target].name} is not a {direction} classification")]
        )


def scorecard_decide(
    *,
    scorecard_obj: Scorecard,
    accept: bool,
    reason: str,
    decided_on: dt.date,
    acting_user: User,
    outcome: str | None = None,
    target: str | None = None,
) -> EvaluationDecision:
    """Accept the recommendation of a scorecard, or override it with another outcome, with a reason.

    A change of classification or status (up, down, termination) gets its notice, sent by the tick on or
    before the period's notification date; it can be decided again until that notice is sent.
    """
    why = (reason or "").strip()
    if not why:
        raise PolicyViolation([Violation("reason_required", "8.0", "a decision needs a reason")])
    with transaction.atomic():
        card = (
            Scorecard.objects.select_related("run", "partner").select_for_update(of=("self",)).get(pk=scorecard_obj.pk)
        )
        decision = _decide_one(
            card, accept=accept, outcome=outcome, target=target, why=why, decided_on=decided_on, user=acting_user
        )
    return decision


def _decide_one(
    card: Scorecard,
    *,
    accept: bool,
    outcome: str | None,
    target: str | None,
    why: str,
    decided_on: dt.date,
    user: User,
) -> EvaluationDecision:
    run = card.run
    latest = latest_run(run.period)
    if latest is not None and latest.pk != run.pk:
        raise Conflict(f"run {run.pk} of {run.period} was superseded by run {latest.pk}; decide on the latest run")
    partner = Partner.objects.select_for_update().get(pk=card.partner_id)
    if partner.classification != card.classification:
        raise Conflict(
            f"{partner.name} is {partner.classification} now, not {card.classification} as evaluated; "
            "evaluate the period again before deciding"
        )
    policy = _policy_of_run(run)
    choice = _choice(policy, card, accept=accept, outcome=outcome, target=target)
    changes = choice.outcome in CHANGE_OUTCOMES
    if changes and decided_on > run.notification_due:
        raise PolicyViolation(
            [
                Violation(
                    "notification_date_passed",
                    policy.calendar.section,
                    f"changes found in the {run.name} {run.year} are notified on or before "
                    f"{run.notification_due.isoformat()}; on {decided_on.isoformat()} that date has passed",
                )
            ]
        )
    if decided_on < run.as_of:
        raise PolicyViolation(
            [Violation("decided_before_run", "8.0", f"run {run.pk} was made on {run.as_of.isoformat()}")]
        )
    notice = Notice.objects.select_for_update().filter(partner=partner, period=run.period).first()
    if notice is not None and notice.status in (NoticeStatus.SENT, NoticeStatus.APPLIED):
        raise Conflict(
            f"the {run.period} notice to {partner.name} was sent on {notice.sent_on}; "
            "a notice is never sent twice, so this decision can no longer change"
        )
    decision, _ = EvaluationDecision.objects.update_or_create(
        scorecard=card,
        defaults={
            "outcome": choice.outcome,
            "target": choice.target,
            "accepted": choice.accepted,
            "reason": why,
            "decided_on": decided_on,
            "decided_by": user,
        },
    )
    _record_decision(card, decision, policy, user)
    if changes:
        _notice_for(card, decision, policy, notice)
    elif notice is not None and notice.status == NoticeStatus.PENDING:
        notice.status = NoticeStatus.WITHDRAWN
        notice.save(update_fields=("status",))
    return decision


def _record_decision(card: Scorecard, decision: EvaluationDecision, policy: Policy, user: User) -> None:
    record_event(
        partner=card.partner,
        kind="evaluation_decided",
        message=_decision_message(card, decision, policy),
        section=policy.calendar.section,
        actor=user,
        policy_version=card.policy_version,
        effective_on=decision.decided_on,
        data=_decision_data(card, decision),
    )


def _decision_message(card: Scorecard, decision: EvaluationDecision, policy: Policy) -> str:
    run = card.run
    proposed = letters.outcome_words(policy, card.outcome, card.target)
    decided = letters.outcome_words(policy, decision.outcome, decision.target)
    how = (
        f"accepted the recommendation ({proposed})"
        if decision.accepted
        else f"decided {decided} ({proposed} was proposed)"
    )
    return f"{run.name} {run.year}: {how}. Reason: {decision.reason}"


def _decision_data(card: Scorecard, decision: EvaluationDecision) -> dict[str, Any]:
    return {
        "run": card.run_id,
        "period": card.run.period,
        "scorecard": card.pk,
        "recommended": card.outcome,
        "recommended_target": card.target,
        "outcome": decision.outcome,
        "target": decision.target,
        "accepted": decision.accepted,
    }


def _notice_for(card: Scorecard, decision: EvaluationDecision, policy: Policy, notice: Notice | None) -> Notice:
    run = card.run
    subject, body = letters.notice_text(policy, card, decision)
    values = {
        "decision": decision,
        "kind": NOTICE_KINDS[Outcome(decision.outcome)],
        "from_classification": card.classification,
        "to_classification": decision.target,
        "notify_by": run.notification_due,
        "status": NoticeStatus.PENDING,
        "subject": subject,
        "body": body,
        "policy_version": card.policy_version,
    }
    if notice is None:
        return Notice.objects.create(partner=card.partner, period=run.period, **values)
    for name, value in values.items():
        setattr(notice, name, value)
    notice.save()
    return notice


def recommendations_accept(
    *, run: EvaluationRun, outcomes: Sequence[str], reason: str, decided_on: dt.date, acting_user: User
) -> int:
    """Accept, in one go, every undecided recommendation of `run` whose outcome is in `outcomes`.

    Meant for the many `keep` proposals of a programme; each decision is still recorded, with its reason,
    in the partner's timeline. Returns how many were decided.
    """
    unknown = [outcome for outcome in outcomes if outcome not in Outcome.values]
    if unknown or not outcomes:
        raise PolicyViolation(
            [Violation("unknown_outcome", "8.0", f"outcomes must be among {', '.join(Outcome.values)}")]
        )
    decided = 0
    pending = (
        Scorecard.objects.filter(run=run, outcome__in=outcomes, decision__isnull=True)
        .select_related("run", "partner")
        .order_by("pk")
    )
    if any(outcome in CHANGE_OUTCOMES for outcome in outcomes):
        # Changes each get their notice and their checks: one at a time.
        for card in pending:
            scorecard_decide(
                scorecard_obj=card, accept=True, reason=reason, decided_on=decided_on, acting_user=acting_user
            )
            decided += 1
        return decided
    why = (reason or "").strip()
    if not why:
        raise PolicyViolation([Violation("reason_required", "8.0", "a decision needs a reason")])
    latest = latest_run(run.period)
    if latest is not None and latest.pk != run.pk:
        raise Conflict(f"run {run.pk} of {run.period} was superseded by run {latest.pk}; decide on the latest run")
    policy = _policy_of_run(run)
    with transaction.atomic():
        cards = list(pending.select_for_update(of=("self",)))
        decisions = [
            EvaluationDecision(
                scorecard=card,
                outcome=card.outcome,
                target=card.target,
                accepted=True,
                reason=why,
                decided_on=decided_on,
                decided_by=acting_user,
            )
            for card in cards
        ]
        EvaluationDecision.objects.bulk_create(decisions, batch_size=2000)
        events = [
            PartnerEvent(
                partner=card.partner,
                kind="evaluation_decided",
                message=_decision_message(card, decision, policy),
                section=policy.calendar.section,
                actor=acting_user,
                policy_version=card.policy_version,
                effective_on=decided_on,
                data=_decision_data(card, decision),
            )
            for card, decision in zip(cards, decisions, strict=True)
        ]
        PartnerEvent.objects.bulk_create(events, batch_size=2000)
        decided = len(decisions)
    return decided


def _policy_of_run(run: EvaluationRun) -> Policy:
    return policy_of(run.policy)


# -- the tick: reminders, notices, changes ---------------------------------------------------------------


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
        policy = _policy_of_run(run)
        lead = policy.windows.reminder_lead_days
        if as_of < run.notification_due - dt.timedelta(days=lead):
            continue
        if Reminder.objects.filter(period=run.period, kind="undecided").exists():
            continue
        counts = Counter(undecided(run).values_list("outcome", flat=True))
        if not counts:
            continue
        subject, body = letters.undecided_warning(policy, run, counts)
        try:
            with transaction.atomic():
                Reminder.objects.create(period=run.period, kind="undecided", run=run, sent_on=as_of, message=body)
                send_after_commit(to=manager_addresses, subject=subject, body=body)
        except IntegrityError:
            continue
        done.append(f"{run.period}: warned managers of {sum(counts.values())} undecided partner(s)")
    return done


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
                kind="evaluation_notice_sent",
                message=(
                    f"{notice.subject} — sent to {', '.join(notice.recipients) or 'nobody (no contact address)'}"
                    f"; takes effect on {notice.effective_on.isoformat()}"
                ),
                section="8.0",
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
            kind="evaluation_notice_lapsed",
            message=message,
            section="8.0",
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


# -- policy drafts (R1.4) --------------------------------------------------------------------------------


def policy_draft_upload(*, text: str, name: str, acting_user: User | None) -> PolicyDraft:
    """Store a draft policy version, validated exactly as a published one would be (raises PolicyError)."""
    source = (name or "draft.yaml").strip() or "draft.yaml"
    policy = load_policy_text(text, source=source)
    published = PolicyVersion.objects.filter(version_date=policy.version_date).first()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if published is not None and published.sha256 != digest:
        raise PolicyError(
            source,
            [
                (
                    "version_date",
                    f"version {policy.version_date.isoformat()} is already published with other content; "
                    "give the draft a later version date",
                )
            ],
        )
    return PolicyDraft.objects.create(
        name=source,
        source_text=text,
        sha256=digest,
        version_date=policy.version_date,
        program_year=policy.program_year,
        title=policy.title,
        uploaded_by=acting_user,
    )


def policy_draft_publish(*, draft: PolicyDraft, acting_user: User) -> PolicyVersion:
    """Publish a draft: it becomes the version in force from its version date (policystore's service)."""
    with transaction.atomic():
        locked = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.published_id is not None:
            raise Conflict(f"draft {locked.pk} was published on {locked.published_at}")
        version, _ = policy_version_publish(text=locked.source_text, source_name=locked.name, acting_user=acting_user)
        locked.published = version
        locked.published_at = version.loaded_at
        locked.save(update_fields=("published", "published_at"))
    draft.refresh_from_db()
    return version
