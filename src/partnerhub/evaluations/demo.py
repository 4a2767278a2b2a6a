"""Demo evaluation: the latest 2019 quarter ended before the demo's today, evaluated once (maria then sees
every partner's scorecard, paul Northwind's only)."""

from django.contrib.auth.models import User

from partnerhub.core.demodata import DemoContext
from partnerhub.evaluations.models import EvaluationRun
from partnerhub.evaluations.periods import UnknownPeriod, resolve_period
from partnerhub.evaluations.services.runs import evaluation_run_create

PERIODS = ("2019Q4", "2019Q3", "2019Q2", "2019Q1")


def build(ctx: DemoContext) -> None:
    if EvaluationRun.objects.exists():
        return
    for period in PERIODS:
        try:
            ended = resolve_period(period).schedule.outcome.quarter.end < ctx.as_of
        except UnknownPeriod:  # no policy published: nothing to evaluate
            return
        if ended:
            manager = User.objects.filter(username="maria").first()
            evaluation_run_create(period=period, as_of=ctx.as_of, acting_user=manager)
            return
