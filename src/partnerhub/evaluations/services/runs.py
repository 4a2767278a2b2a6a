"""Evaluation runs: the quarter's scorecards for the whole programme, computed and written in bulk (§8.0)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict, PolicyViolation, Violation
from partnerhub.evaluations.gather import quarter_facts
from partnerhub.evaluations.models import (
    EvaluationRun,
    Outcome,
)
from partnerhub.evaluations.periods import ResolvedPeriod, resolve_period
from partnerhub.evaluations.writer import ScorecardWriter
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.decision import Decision
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.model import Policy
from partnerhub.policy.scoring import Recommendation, scorecard


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
                    gettext(
                        "evaluations are based on activity during the fiscal quarter: %(period)s ends "
                        "%(end)s, so it can be evaluated from %(next_day)s"
                    )
                    % {
                        "period": schedule.period,
                        "end": quarter.end.isoformat(),
                        "next_day": (quarter.end + dt.timedelta(days=1)).isoformat(),
                    },
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
        raise Conflict(
            gettext("%(period)s is being evaluated by another request; try again") % {"period": schedule.period}
        ) from error
    return run


def _new_run(resolved: ResolvedPeriod, *, as_of: dt.date, acting_user: User | None, rerun: bool) -> EvaluationRun:
    schedule = resolved.schedule.outcome
    latest = latest_run(schedule.period)
    if latest is not None and not rerun:
        raise Conflict(
            gettext(
                '%(period)s was evaluated already (run %(latest)s of %(as_of)s); send "rerun": '
                "true to evaluate it again — the earlier run is kept and notices are never sent "
                "twice"
            )
            % {"period": schedule.period, "latest": latest.pk, "as_of": latest.as_of.isoformat()}
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
