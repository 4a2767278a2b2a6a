"""The job queue's tasks for the whole project (Celery; in-process when no broker is configured).

Every task is safe to run twice: the queue delivers at least once (a job is acknowledged when it ends,
and one whose worker died is delivered again).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from typing import Any

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from partnerhub.core.background import progress_reporter
from partnerhub.core.errors import Refusal
from partnerhub.core.languages import in_program_language
from partnerhub.core.mail import enqueue_mail
from partnerhub.core.models import Job, JobStatus, OutboundMail
from partnerhub.core.observability import JOB_RUNS, JOB_SECONDS

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 15 * 60


def backoff(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`: 2, 4, 8 … up to 15 minutes."""
    return int(min(2**attempts, MAX_BACKOFF_SECONDS))


class Measured(Task):
    """Counts each run by outcome and times it, for /metrics."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        outcome = "error"
        try:
            result = super().__call__(*args, **kwargs)
            outcome = "ok"
            return result
        finally:
            JOB_RUNS.labels(job=self.name, outcome=outcome).inc()
            JOB_SECONDS.labels(job=self.name).observe(time.perf_counter() - started)


@shared_task(bind=True, base=Measured, name="partnerhub.deliver_mail", max_retries=None)
def deliver_mail(self: Task, mail_id: int) -> str:
    """Send one queued message unless it was sent; on failure keep it pending and try again later."""
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return "nothing to send"
        mail.attempts += 1
        try:
            mail.message().send()
        except (smtplib.SMTPException, OSError) as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            mail.next_attempt_at = timezone.now() + dt.timedelta(seconds=backoff(mail.attempts))
            mail.save(update_fields=("attempts", "last_error", "next_attempt_at"))
            failure: Exception = error
        else:
            mail.sent_at = timezone.now()
            mail.save(update_fields=("attempts", "sent_at"))
            return "sent"
    log.warning("mail %s not sent (attempt %s): %s", mail_id, mail.attempts, mail.last_error)
    if self.request.is_eager:
        # No queue to wait in: the scheduler's sweep, or the next `partnerhub send_mail`, tries again.
        return "failed"
    raise self.retry(exc=failure, countdown=backoff(mail.attempts))


@shared_task(base=Measured, name="partnerhub.mail_sweep")
def mail_sweep() -> int:
    """Enqueue again every unsent message that is due (its job failed, or the queue lost it)."""
    due = list(
        OutboundMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )[:1000]
    )
    for mail_id in due:
        enqueue_mail(mail_id)
    return len(due)


@shared_task(base=Measured, name="partnerhub.tick")
def tick(as_of: str | None = None) -> dict[str, Any]:
    """The daily tick (the scheduler's), for `as_of` or today; skipped when another host is running it."""
    from partnerhub.core.tick import run_tick

    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    result = run_tick(day)
    if not result.ran:
        log.info("tick %s skipped: another tick holds the lock", day.isoformat())
    else:
        for line in result.lines:
            log.info("tick %s: %s", day.isoformat(), line)
        log.info("tick %s: %s change(s)", day.isoformat(), len(result.lines))
    return {"as_of": day.isoformat(), "ran": result.ran, "changes": len(result.lines)}


# A refusal fails the job with its reason; so does a period or a policy file that does not parse (UnknownPeriod
# and PolicyError are ValueErrors of the parsers below core).
REFUSALS = (Refusal, ValueError)


@shared_task(base=Measured, name="partnerhub.run_job")
def run_job(job_id: int) -> str:
    """Run a recorded `Job` (partnerhub.core.background) and store its result or its reason for failing."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return "nothing to do"
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1)
    try:
        # A job's result, reasons and files are stored, so they are written in the program's language (English),
        # whoever started it and wherever it runs; mails it sends choose each recipient's language themselves.
        with in_program_language():
            result = import_string(job.kind)(job, progress_reporter(job.pk))
    except REFUSALS as error:
        _finish(job_id, JobStatus.FAILED, error=str(error))
        return "refused"
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, error="The job failed unexpectedly; the error is in the log.")
        raise
    _finish(job_id, JobStatus.DONE, result=result)
    return "done"


def _finish(job_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    Job.objects.filter(pk=job_id).update(status=status, result=result or {}, error=error, finished_at=timezone.now())
