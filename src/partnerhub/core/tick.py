"""The time-driven engine behind `partnerhub tick --as-of DATE` (docs/architecture.md#rule-2).

The jobs are `jobs` modules, one per app.

Each app may have a `jobs` module with `run(as_of: date) -> list[str]`: it does whatever is due on
`as_of` and returns one line per thing it did. The tick runs them in INSTALLED_APPS order, with no
shared list to edit (as `core.demodata` finds `demo` modules).

A job must be idempotent: running it again for the same date changes nothing and returns no line. Each
job makes that true with a unique key per thing it creates (an invoice per partner and year, a reminder
per deadline …), checked before it writes and enforced by the database.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from django.apps import apps

JobRun = Callable[[dt.date], list[str]]


@dataclass(frozen=True)
class Job:
    app: str
    run: JobRun


def discover_jobs(app_names: Iterable[str] | None = None) -> list[Job]:
    """The `jobs` modules of `app_names` (default: the installed partnerhub apps, in INSTALLED_APPS order)."""
    if app_names is None:
        app_names = [app.name for app in apps.get_app_configs() if app.name.startswith("partnerhub.")]
    jobs = []
    for name in app_names:
        module_name = f"{name}.jobs"
        if importlib.util.find_spec(module_name) is not None:
            module = importlib.import_module(module_name)
            jobs.append(Job(app=name, run=cast(JobRun, module.run)))
    return jobs


def run_jobs(as_of: dt.date, jobs: Iterable[Job] | None = None) -> list[str]:
    """Run every job for `as_of`; the lines they return, each prefixed with its app's label."""
    lines: list[str] = []
    for job in discover_jobs() if jobs is None else jobs:
        label = job.app.rsplit(".", 1)[-1]
        lines.extend(f"{label}: {line}" for line in job.run(as_of))
    return lines


TICK_LOCK = "tick"
# Longer than any tick takes; only matters on SQLite, where a killed tick leaves its lock row behind.
TICK_LOCK_TTL = dt.timedelta(hours=6)


@dataclass(frozen=True)
class TickResult:
    ran: bool
    lines: list[str]


def run_tick(as_of: dt.date) -> TickResult:
    """The tick for `as_of`, by one host at a time: when another holds the tick's lock, this one skips.

    A tick killed half way leaves nothing half done: each change (a partner's renewal, a reminder …) is a
    transaction of its own with its unique key, so what committed is whole and the next tick does the rest.
    """
    from partnerhub.core.locks import exclusive
    from partnerhub.core.observability import TICK_RUNS

    with exclusive(TICK_LOCK, ttl=TICK_LOCK_TTL) as held:
        if not held:
            TICK_RUNS.labels(outcome="skipped").inc()
            return TickResult(ran=False, lines=[])
        try:
            lines = run_jobs(as_of)
        except Exception:
            TICK_RUNS.labels(outcome="failed").inc()
            raise
    TICK_RUNS.labels(outcome="done").inc()
    return TickResult(ran=True, lines=lines)
