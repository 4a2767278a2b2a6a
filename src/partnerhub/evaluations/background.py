"""Evaluation work done by the job queue (partnerhub.core.background), so that no web request waits for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from partnerhub.core.background import ProgressReport, start_job
from partnerhub.core.models import Job
from partnerhub.evaluations.services.runs import evaluation_run_create


def start_evaluation(*, period: str, as_of: dt.date, rerun: bool, user: User) -> Job:
    """Enqueue the evaluation of `period` for the whole programme; the job's page follows it."""
    return start_job(
        kind="partnerhub.evaluations.background.evaluate",
        title=f"Evaluation of {period}" + (" (re-run)" if rerun else ""),
        arguments={"period": period, "as_of": as_of.isoformat(), "rerun": rerun},
        user=user,
    )


def evaluate(job: Job, progress: ProgressReport) -> dict[str, Any]:
    arguments = job.arguments
    run = evaluation_run_create(
        period=arguments["period"],
        as_of=dt.date.fromisoformat(arguments["as_of"]),
        acting_user=job.created_by,
        rerun=arguments["rerun"],
        progress=progress,
    )
    return {
        "summary": f"{run.name} {run.year} evaluated: {run.partners_count} scorecards.",
        "url": reverse("portal:console-evaluation", args=[run.pk]),
        "run": run.pk,
        "partners": run.partners_count,
    }
