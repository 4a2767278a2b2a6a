"""The numbers behind the console's charts, each read from the app that owns them (set-based queries)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext

from partnerhub.deals.models import RegistrationStatus
from partnerhub.deals.selectors import open_pipeline
from partnerhub.evaluations.models import EvaluationRun, Outcome
from partnerhub.evaluations.selectors import runs
from partnerhub.partners.models import PartnerStatus
from partnerhub.partners.selectors import visible_partners
from partnerhub.policy.model import Policy
from partnerhub.portal import charts
from partnerhub.portal.panels import UserLike
from partnerhub.portal.regions import region_of

SHORT = {
    "advisory": "Advisory",
    "alliance": "Alliance",
    "implementation": "Implem.",
    "solution": "Solution",
    "oem": "OEM",
}
SHOWN_STATUSES = (PartnerStatus.REGISTERED, PartnerStatus.APPROVED, PartnerStatus.APPLIED)


def partners_per_classification(user: UserLike, policy: Policy) -> charts.ColumnChart:
    """Partners per classification, stacked by status (registered, in their window, applying)."""
    rows = (
        visible_partners(user)
        .filter(status__in=SHOWN_STATUSES)
        .values_list("classification", "status")
        .annotate(n=Count("*"))  # not COUNT(id): the (status, classification) index alone answers it
    )
    counts = {(classification, status): n for classification, status, n in rows}
    groups = [
        (SHORT.get(c.key, c.name), [float(counts.get((c.key, s.value), 0)) for s in SHOWN_STATUSES])
        for c in policy.classifications
    ]
    colors = (charts.GOOD, charts.INFO, charts.WARN)
    return charts.column_chart(groups, [str(s.label) for s in SHOWN_STATUSES], colors=colors, counts=True)


def _recent_runs(quarters: int) -> list[EvaluationRun]:
    """The latest run of each of the last `quarters` quarters up to the newest evaluated one, newest first."""
    found: dict[str, EvaluationRun] = {}
    newest: int | None = None
    for run in runs():  # newest period first; the first run seen of a period is its latest
        index = run.year * 4 + run.quarter - 1
        newest = index if newest is None else newest
        if newest - index >= quarters:
            break
        found.setdefault(run.period, run)
    return list(found.values())


def outcomes_over_quarters(quarters: int = 6) -> charts.ColumnChart:
    """The evaluations' proposals per quarter (the latest run of each period): who was at risk when."""
    latest = {run.period: run.outcome_counts or {} for run in _recent_runs(quarters)}
    outcomes = list(Outcome)
    groups = [(period, [float(latest[period].get(o.value, 0)) for o in outcomes]) for period in sorted(latest)]
    colors = {
        Outcome.KEEP: charts.GOOD,
        Outcome.UPGRADE_CANDIDATE: charts.INFO,
        Outcome.AT_RISK: charts.WARN,
        Outcome.REASSIGN_DOWN: charts.BAD,
        Outcome.TERMINATE: charts.WORST,
    }
    return charts.column_chart(
        groups, [str(o.label) for o in outcomes], colors=[colors[o] for o in outcomes], counts=True
    )


def at_risk_trend(quarters: int = 6) -> list[tuple[str, int, int]]:
    """(period, partners at risk or worse, partners evaluated), oldest first."""
    trend: dict[str, tuple[int, int]] = {}
    for run in _recent_runs(quarters):
        counts = Counter(run.outcome_counts or {})
        risky = counts[Outcome.AT_RISK] + counts[Outcome.REASSIGN_DOWN] + counts[Outcome.TERMINATE]
        trend[run.period] = (risky, run.partners_count)
    return [(period, *trend[period]) for period in sorted(trend)]


def pipeline_by_region(user: UserLike, policy: Policy) -> tuple[charts.ColumnChart, str, list[tuple[str, int]]]:
    """The estimated value of open registrations (pending and approved) per region, in thousands.

    Returns the chart, the currency, and the number of open registrations per region."""
    known = [r.key for r in policy.regions]
    names = {r.key: r.name for r in policy.regions}
    values: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    counts: Counter[str] = Counter()
    currencies: Counter[str] = Counter()
    for partner_regions, country, status, currency, total, n in open_pipeline(user):
        region = region_of(country, partner_regions, known)
        values[(region, status)] += total or Decimal(0)
        counts[region] += n
        currencies[currency] += n
    statuses = [RegistrationStatus.PENDING, RegistrationStatus.APPROVED]
    groups = [(key, [float(values[(key, s.value)] / 1000) for s in statuses]) for key in known]
    chart = charts.column_chart(
        groups,
        [gettext("%(status)s (thousands)") % {"status": s.label} for s in statuses],
        colors=(charts.INFO, charts.GOOD),
    )
    currency = currencies.most_common(1)[0][0] if currencies else policy.fees.currency
    return chart, currency, [(names[key], counts[key]) for key in known]
