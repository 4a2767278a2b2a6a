"""Evaluation work done by the job queue (partnerhub.core.background), so that no web request waits for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from partnerhub.core.background import ProgressReport, checkpoint, start_job, write_result_rows
from partnerhub.core.models import Job
from partnerhub.evaluations.models import EvaluationRun
from partnerhub.evaluations.preview import preview_policy
from partnerhub.evaluations.services.runs import evaluation_run_create
from partnerhub.policy.load import load_policy_text
from partnerhub.policystore.models import PolicyDraft
from partnerhub.policystore.selectors import policy_in_force


def start_evaluation(*, period: str, as_of: dt.date, rerun: bool, user: User) -> Job:
    """Enqueue the evaluation of `period` for the whole programme; the job's page follows it."""
    return start_job(
        kind="partnerhub.evaluations.background.evaluate",
        title=f"Evaluation of {period}" + (" (re-run)" if rerun else ""),
        arguments={"period": period, "as_of": as_of.isoformat(), "rerun": rerun},
        user=user,
    )


def evaluate(job: Job, progress: ProgressReport) -> dict[str, Any]:
    """Evaluate, and write the run's id on the job in the run's own transaction: a retry of a job whose run
    committed (its worker died before the job was marked done) reports that run instead of refusing the
    quarter as evaluated already; a retry of one that did not commit evaluates it again, whole."""
    committed = job.result.get("run")
    if committed is not None:
        return _result(EvaluationRun.objects.get(pk=committed))
    arguments = job.arguments
    with transaction.atomic():
        run = evaluation_run_create(
            period=arguments["period"],
            as_of=dt.date.fromisoformat(arguments["as_of"]),
            acting_user=job.created_by,
            rerun=arguments["rerun"],
            progress=progress,
        )
        Job.objects.filter(pk=job.pk).update(result={"run": run.pk})
        # Every scorecard is written and none is committed: the cluster test kills the worker here.
        checkpoint(job, "before-commit")
    return _result(run)


def _result(run: EvaluationRun) -> dict[str, Any]:
    return {
        "summary": f"{run.name} {run.year} evaluated: {run.partners_count} scorecards.",
        "url": reverse("portal:console-evaluation", args=[run.pk]),
        "run": run.pk,
        "partners": run.partners_count,
    }


def start_preview(*, draft: PolicyDraft, as_of: dt.date, user: User) -> Job:
    """Enqueue the preview of `draft` on today's partners (docs/policy.md#r1-4); its partners are the job's
    result rows, a page at a time."""
    return start_job(
        kind="partnerhub.evaluations.background.preview_draft",
        title=f"Preview of the draft {draft.name} on {as_of.isoformat()}",
        arguments={"draft": draft.pk, "as_of": as_of.isoformat()},
        user=user,
    )


def preview_draft(job: Job, progress: ProgressReport) -> dict[str, Any]:
    draft = PolicyDraft.objects.get(pk=job.arguments["draft"])
    as_of = dt.date.fromisoformat(job.arguments["as_of"])
    preview = preview_policy(policy_in_force(as_of), load_policy_text(draft.source_text, source=draft.name), as_of)
    written = write_result_rows(job, (partner.as_dict() for partner in preview.partners))
    progress(1, 1)
    answer = preview.as_dict()
    del answer["partners"]
    changed = answer.pop("summary")
    return {
        **answer,
        "draft": draft.pk,
        "changed": changed,
        "rows": written,
        "summary": f"{answer['partners_changed']} of {answer['partners_evaluated']} partners would change "
        f"under the draft {draft.name}.",
    }
