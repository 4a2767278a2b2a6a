"""A manager's decisions on scorecards, one by one or by accepting the recommendations, and the notices a
change needs (§8.0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict, PolicyViolation, Violation
from partnerhub.evaluations import letters
from partnerhub.evaluations.events import EvaluationsEventKind
from partnerhub.evaluations.models import (
    EvaluationDecision,
    EvaluationRun,
    Notice,
    NoticeKind,
    NoticeStatus,
    Outcome,
    Scorecard,
)
from partnerhub.evaluations.services.runs import latest_run
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_of

CHANGE_OUTCOMES = frozenset({Outcome.UPGRADE_CANDIDATE, Outcome.REASSIGN_DOWN, Outcome.TERMINATE})
"""Outcomes that change a partner's classification or status, and so need a notice (§8.0)."""

NOTICE_KINDS = {
    Outcome.UPGRADE_CANDIDATE: NoticeKind.UPGRADE,
    Outcome.REASSIGN_DOWN: NoticeKind.DOWNGRADE,
    Outcome.TERMINATE: NoticeKind.TERMINATION,
}

EFFECTIVE_DAYS_AFTER_NOTICE = 1
"""A change takes effect after its notice (§8.0): on the day after the notice is sent."""

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
        raise PolicyViolation(
            [
                Violation(
                    "unknown_outcome",
                    policy.calendar.section,
                    gettext("%(outcome)s is not an evaluation outcome") % {"outcome": repr(outcome)},
                )
            ]
        )
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
            [
                Violation(
                    "target_without_change",
                    policy.calendar.section,
                    gettext("a %(outcome)s decision does not change the classification") % {"outcome": outcome},
                )
            ]
        )
    return Choice(outcome, chosen, outcome == card.outcome and chosen == card.target)


def _check_target(policy: Policy, level: int, target: str, *, up: bool) -> None:
    direction = "higher" if up else "lower"
    known = {c.key: c for c in policy.classifications if c.self_service}
    if target not in known:
        raise PolicyViolation(
            [
                Violation(
                    "no_target",
                    policy.classifications_section,
                    gettext("name the %(direction)s classification to move to (§%(classifications_section)s paths)")
                    % {"direction": direction, "classifications_section": policy.classifications_section},
                )
            ]
        )
    moves = known[target].level > level if up else known[target].level < level
    if not moves:
        raise PolicyViolation(
            [
                Violation(
                    "target_direction",
                    known[target].section,
                    gettext("%(target)s is not a %(direction)s classification")
                    % {"target": known[target].name, "direction": direction},
                )
            ]
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
        section = policy_of_run(scorecard_obj.run).calendar.section
        raise PolicyViolation([Violation("reason_required", section, gettext("a decision needs a reason"))])
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
        raise Conflict(
            gettext("run %(run)s of %(period)s was superseded by run %(latest)s; decide on the latest run")
            % {"run": run.pk, "period": run.period, "latest": latest.pk}
        )
    partner = Partner.objects.select_for_update().get(pk=card.partner_id)
    if partner.classification != card.classification:
        raise Conflict(
            gettext(
                "%(partner)s is %(classification)s now, not %(classification2)s as evaluated; "
                "evaluate the period again before deciding"
            )
            % {
                "partner": partner.name,
                "classification": partner.classification,
                "classification2": card.classification,
            }
        )
    policy = policy_of_run(run)
    choice = _choice(policy, card, accept=accept, outcome=outcome, target=target)
    changes = choice.outcome in CHANGE_OUTCOMES
    if changes and decided_on > run.notification_due:
        raise PolicyViolation(
            [
                Violation(
                    "notification_date_passed",
                    policy.calendar.section,
                    gettext(
                        "changes found in the %(run)s %(year)s are notified on or before "
                        "%(notification_due)s; on %(decided_on)s that date has passed"
                    )
                    % {
                        "run": run.name,
                        "year": run.year,
                        "notification_due": run.notification_due.isoformat(),
                        "decided_on": decided_on.isoformat(),
                    },
                )
            ]
        )
    if decided_on < run.as_of:
        raise PolicyViolation(
            [
                Violation(
                    "decided_before_run",
                    policy.calendar.section,
                    gettext("run %(run)s was made on %(as_of)s") % {"run": run.pk, "as_of": run.as_of.isoformat()},
                )
            ]
        )
    notice = Notice.objects.select_for_update().filter(partner=partner, period=run.period).first()
    if notice is not None and notice.status in (NoticeStatus.SENT, NoticeStatus.APPLIED):
        raise Conflict(
            gettext(
                "the %(period)s notice to %(partner)s was sent on %(sent_on)s; a notice is never "
                "sent twice, so this decision can no longer change"
            )
            % {"period": run.period, "partner": partner.name, "sent_on": notice.sent_on}
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
        kind=EvaluationsEventKind.EVALUATION_DECIDED,
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
    section = policy_of_run(run).calendar.section
    unknown = [outcome for outcome in outcomes if outcome not in Outcome.values]
    if unknown or not outcomes:
        raise PolicyViolation(
            [
                Violation(
                    "unknown_outcome",
                    section,
                    gettext("outcomes must be among %(known)s") % {"known": ", ".join(Outcome.values)},
                )
            ]
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
        raise PolicyViolation([Violation("reason_required", section, gettext("a decision needs a reason"))])
    latest = latest_run(run.period)
    if latest is not None and latest.pk != run.pk:
        raise Conflict(
            gettext("run %(run)s of %(period)s was superseded by run %(latest)s; decide on the latest run")
            % {"run": run.pk, "period": run.period, "latest": latest.pk}
        )
    policy = policy_of_run(run)
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


def policy_of_run(run: EvaluationRun) -> Policy:
    return policy_of(run.policy)
