"""Reads of the evaluations app. Partner users reach scorecards and notices only through `visible_to`
(partners.selectors): another partner's are not found (docs/architecture.md#rule-4)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from partnerhub.core.permissions import is_manager
from partnerhub.evaluations.models import (
    EvaluationRun,
    Notice,
    NoticeStatus,
    Scorecard,
    ScorecardLine,
    ScorecardReason,
)
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike, visible_to


def runs() -> QuerySet[EvaluationRun]:
    return EvaluationRun.objects.select_related("policy").order_by("-year", "-quarter", "-sequence")


def visible_scorecards(user: UserLike, run: EvaluationRun) -> QuerySet[Scorecard]:
    cards = Scorecard.objects.filter(run=run).select_related("partner", "decision", "run")
    return visible_to(user, cards).order_by("partner_id")


def partner_scorecards(user: UserLike, partner: Partner) -> QuerySet[Scorecard]:
    """`partner`'s scorecards that `user` may see, newest quarter first and, within a quarter, the last run
    first (a re-run's scorecard replaces the earlier one's)."""
    cards = Scorecard.objects.filter(partner=partner).select_related("run", "decision", "partner")
    return visible_to(user, cards).order_by("-run__year", "-run__quarter", "-run__sequence", "-pk")


def latest_per_quarter(cards: Iterable[Scorecard]) -> list[Scorecard]:
    """The first scorecard of each quarter in `cards` (ordered as `partner_scorecards` orders them)."""
    seen: set[str] = set()
    kept = []
    for card in cards:
        if card.run.period not in seen:
            seen.add(card.run.period)
            kept.append(card)
    return kept


def lines_of(cards: Iterable[Scorecard]) -> dict[tuple[int, int], ScorecardLine]:
    """The lines of `cards`, by (run id, number): one query for a page of scorecards."""
    wanted: dict[int, set[int]] = {}
    for card in cards:
        wanted.setdefault(card.run_id, set()).update(card.line_numbers)
    found: dict[tuple[int, int], ScorecardLine] = {}
    for run_id, numbers in wanted.items():
        for line in ScorecardLine.objects.filter(run_id=run_id, number__in=sorted(numbers)):
            found[(run_id, line.number)] = line
    return found


def reasons_of(cards: Iterable[Scorecard]) -> dict[tuple[int, int], ScorecardReason]:
    wanted: dict[int, set[int]] = {}
    for card in cards:
        wanted.setdefault(card.run_id, set()).update(card.reason_numbers)
    found: dict[tuple[int, int], ScorecardReason] = {}
    for run_id, numbers in wanted.items():
        for reason in ScorecardReason.objects.filter(run_id=run_id, number__in=sorted(numbers)):
            found[(run_id, reason.number)] = reason
    return found


def visible_notices(user: UserLike) -> QuerySet[Notice]:
    """Managers see every notice; a partner user sees its partner's once they were sent."""
    notices = Notice.objects.select_related("partner", "decision").order_by("-period", "partner_id")
    if not is_manager(user):
        notices = notices.filter(status__in=(NoticeStatus.SENT, NoticeStatus.APPLIED))
    return visible_to(user, notices)
