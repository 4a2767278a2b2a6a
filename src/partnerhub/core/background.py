"""Long work a user starts, done by the job queue while the page shows its progress.

    job = start_job(kind="partnerhub.evaluations.background.evaluate", title="…", arguments={…}, user=u)

`kind` names a function `(job, progress) -> dict`: it does the work (in a transaction of its own, so that
a job killed half way leaves nothing behind and runs again whole), calls `progress(done, total)` now and
then, and returns the result shown when it is done. The queue delivers a job again when its worker died,
also after the work committed and before the job was marked done: the function notes what it committed
on the job row in that same transaction (e.g. the evaluation's run id in `job.result`) and, finding it
there, reports it instead of doing the work twice. A refusal (PolicyViolation, Conflict, a ValueError
with its reason) fails the job with that reason; anything else fails it as an error and is logged.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet

from partnerhub.core.downloads import write_csv
from partnerhub.core.errors import InvalidInput
from partnerhub.core.models import Job, JobResultRow
from partnerhub.core.permissions import is_manager

ProgressReport = Callable[[int, int], None]
PROGRESS_TTL = 7 * 24 * 60 * 60


def _progress_key(job_id: int) -> str:
    return f"partnerhub:job:{job_id}:progress"


def progress_reporter(job_id: int) -> ProgressReport:
    def report(done: int, total: int) -> None:
        cache.set(_progress_key(job_id), [done, total], PROGRESS_TTL)

    return report


def progress_of(job: Job) -> tuple[int, int] | None:
    """(done, total) as last reported, or None before the first report."""
    found = cache.get(_progress_key(job.pk))
    return (int(found[0]), int(found[1])) if found else None


def percent_of(job: Job) -> int:
    if job.status == "done":
        return 100
    progress = progress_of(job)
    if progress is None or progress[1] == 0:
        return 0
    return min(99, progress[0] * 100 // progress[1])


def _pause_key(job_id: int, point: str) -> str:
    return f"partnerhub:job:{job_id}:paused:{point}"


def checkpoint(job: Job, point: str) -> None:
    """A named point in a job's work where the cluster test kills its worker (docs/operations.md, "The
    cluster test"). With JOB_PAUSE_AT="<kind>:<point>" set for the worker, the first attempt of a job of that
    kind that reaches the point marks it (`paused_at`) and waits there JOB_PAUSE_SECONDS, so that the kill
    lands at a known place instead of wherever a timer happens to fall; an attempt after it passes on.
    Unset (always, outside that test) it does nothing."""
    if f"{job.kind}:{point}" != settings.JOB_PAUSE_AT:
        return
    if cache.add(_pause_key(job.pk, point), True, PROGRESS_TTL):
        time.sleep(settings.JOB_PAUSE_SECONDS)


def paused_at(job: Job, point: str) -> bool:
    """Whether an attempt of `job` reached `checkpoint(job, point)` while JOB_PAUSE_AT named it."""
    return bool(cache.get(_pause_key(job.pk, point)))


def start_job(*, kind: str, title: str, arguments: dict[str, Any], user: User | None) -> Job:
    """Record the job and enqueue it when the current transaction commits (at once outside one)."""
    job = Job.objects.create(kind=kind, title=title, arguments=arguments, created_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from partnerhub.core.tasks import run_job

    run_job.delay(job_id)


RESULT_BATCH = 1000


def write_result_rows(job: Job, rows: Iterable[dict[str, Any]]) -> int:
    """Store `rows` as the job's result rows, in order, a batch at a time (the rows of an attempt that died
    are replaced); how many there are."""
    JobResultRow.objects.filter(job=job).delete()
    written = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, RESULT_BATCH)):
        JobResultRow.objects.bulk_create(
            JobResultRow(job=job, position=written + offset, data=data) for offset, data in enumerate(batch)
        )
        written += len(batch)
    return written


# A refused import lists this many problems in the job's error; the count says how many there were, and every
# one is a result row of the job.
PROBLEMS_SHOWN = 20

Problem = TypeVar("Problem")


def import_refused(
    job: Job,
    problems: Sequence[Problem],
    *,
    row: Callable[[Problem], dict[str, Any]],
    line: Callable[[Problem], str],
) -> InvalidInput:
    """End an import job whose file was refused (nothing of it was stored): the uploaded file (the job's
    `file` argument) is deleted, every problem becomes a result row (`row`), and the refusal to raise is
    returned, naming the first `PROBLEMS_SHOWN` problems (`line`) and how many more there are."""
    default_storage.delete(job.arguments["file"])
    write_result_rows(job, (row(problem) for problem in problems))
    shown = [line(problem) for problem in problems[:PROBLEMS_SHOWN]]
    more = len(problems) - len(shown)
    return InvalidInput(
        "file",
        f"{len(problems)} problem(s), nothing was imported: "
        + "; ".join(shown)
        + (f"; and {more} more (every one is a result row)" if more > 0 else ""),
    )


def visible_jobs(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Job]:
    """The jobs `user` may follow: a vendor manager every job, anyone else only the jobs they started (another
    user's job is not found, like another partner's object)."""
    jobs = Job.objects.all()
    return jobs if is_manager(user) else jobs.filter(created_by_id=user.pk)


CSV_PROGRESS_EVERY = 1000


def write_csv_file(
    job: Job,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    total: int,
    progress: ProgressReport | None,
) -> dict[str, Any]:
    """Write `header` and `rows` (`total` of them, as far as known when the job began) as the job's CSV file,
    kept in the private storage (MEDIA_ROOT, never served as media: only `GET /api/v1/jobs/{id}/file/` and the
    console's job pages hand it out, through `core.downloads.stored_csv_response`). Every CSV file a job writes
    is written here, its cells by `core.downloads.write_csv`. The rows are streamed through a temporary file,
    never held whole in memory; a retried job writes the file again under the same name. `progress` hears
    (written, total) every CSV_PROGRESS_EVERY rows and once at the end; None when the caller reports its own
    progress from what it reads (an export that filters what it judges). Returns the result's `file`,
    `filename` and `rows`."""
    written = 0

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal written
        for row in rows:
            yield row
            written += 1
            if progress is not None and written % CSV_PROGRESS_EVERY == 0:
                progress(written, max(total, written))

    path = f"exports/{job.pk}/{filename}"
    with tempfile.TemporaryFile() as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        write_csv(text, header, counted())
        text.flush()
        text.detach()  # the spool is closed by its own `with`
        spool.seek(0)
        # The storage adds a suffix to a name already taken: a retried job deletes its first file before.
        default_storage.delete(path)
        default_storage.save(path, File(spool, name=filename))
    if progress is not None:
        progress(written, written)
    return {"file": path, "filename": filename, "rows": written}
