"""People work done by the job queue (partnerhub.core.background), so that no web request waits for it:

- every partner's good standing on a date, computed a chunk of partners at a time and stored as the job's
  result rows, which `GET /api/v1/jobs/{id}/results/` pages through: no answer holds the whole programme;
- a long CSV file of people and certifications (`POST /api/v1/partners/{id}/people/import/`), imported all or
  nothing as the user who sent it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from partnerhub.core.background import ProgressReport, import_refused, start_job, write_result_rows
from partnerhub.core.errors import Conflict, InvalidInput
from partnerhub.core.models import Job
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import partner_states_on
from partnerhub.partners.selectors import visible_partners
from partnerhub.people import selectors
from partnerhub.people.api.standing import standing_body
from partnerhub.people.services.bulk_import import people_import

CHUNK = 1000
"""Partners judged together: one set-based gathering of facts per chunk, memory bounded by the chunk."""


def start_standing(*, as_of: dt.date, good_standing: bool | None, user: User) -> Job:
    """Enqueue the standing of every partner on `as_of` (only those in or out of good standing, if asked)."""
    which = "" if good_standing is None else (" (in good standing)" if good_standing else " (not in good standing)")
    return start_job(
        kind="partnerhub.people.background.standing_of_all",
        title=f"Standing of every partner on {as_of.isoformat()}{which}",
        arguments={"as_of": as_of.isoformat(), "good_standing": good_standing},
        user=user,
    )


def standing_of_all(job: Job, progress: ProgressReport) -> dict[str, Any]:
    as_of = dt.date.fromisoformat(job.arguments["as_of"])
    wanted: bool | None = job.arguments.get("good_standing")
    total = Partner.objects.count()
    counted = {"partners": 0, "good_standing": 0}

    def rows() -> Iterator[dict[str, Any]]:
        ids = list(Partner.objects.order_by("name", "id").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            scope = Partner.objects.filter(pk__in=ids[start : start + CHUNK])
            decisions = selectors.standing_for_all(as_of, scope)
            states = partner_states_on(as_of, scope)
            for partner in scope.order_by("name", "id"):
                body = standing_body(partner, decisions[partner.pk], as_of, states[partner.pk])
                counted["partners"] += 1
                counted["good_standing"] += body["good_standing"]
                if wanted is None or body["good_standing"] == wanted:
                    yield body
            progress(min(start + CHUNK, len(ids)), total)

    written = write_result_rows(job, rows())
    return {
        "summary": f"{counted['partners']} partners judged on {as_of.isoformat()}: "
        f"{counted['good_standing']} in good standing; {written} rows.",
        "as_of": as_of.isoformat(),
        "partners": counted["partners"],
        "good_standing": counted["good_standing"],
        "rows": written,
    }


# -- people and certifications from a CSV file -------------------------------------------------------------------

# A file of at most this many rows is imported inside the request (docs/people.md); a longer one by a job.
IMPORT_INLINE_ROWS = 500


def start_people_import(*, partner: Partner, text: str, dry_run: bool, as_of: dt.date, user: User) -> Job:
    """Keep the file in the private storage until its job has run, and enqueue the import into `partner`."""
    path = default_storage.save(f"imports/{uuid.uuid4().hex}/people.csv", ContentFile(text.encode("utf-8")))
    return start_job(
        kind="partnerhub.people.background.import_people",
        title=f"People of {partner.name} from CSV" + (" (dry run)" if dry_run else ""),
        arguments={"partner": partner.pk, "file": path, "dry_run": dry_run, "as_of": as_of.isoformat()},
        user=user,
    )


def import_people(job: Job, progress: ProgressReport) -> dict[str, Any]:
    """The import as `people_import` does it, all or nothing, as the user who started it. Its report is noted
    on the job in the import's own transaction: a job delivered again after the import committed reports it
    instead of importing the file twice. Every bad row of a refused file is a result row."""
    arguments = job.arguments
    report = job.result.get("report")
    if report is None:
        user = job.created_by
        if user is None:
            raise Conflict("the user who started this import no longer exists")
        partner = visible_partners(user).filter(pk=arguments["partner"]).first()
        if partner is None:
            raise Conflict("the partner of this import no longer exists or is no longer yours to see")
        with default_storage.open(arguments["file"], "rb") as stored:
            text = stored.read().decode("utf-8")
        try:
            with transaction.atomic():
                found = people_import(
                    partner=partner,
                    text=text,
                    dry_run=arguments["dry_run"],
                    acting_user=user,
                    as_of=dt.date.fromisoformat(arguments["as_of"]),
                    progress=progress,
                )
                report = found.as_dict()
                if not found.errors:
                    Job.objects.filter(pk=job.pk).update(result={"report": report})
        except DjangoValidationError as error:
            default_storage.delete(arguments["file"])
            raise InvalidInput("file", "; ".join(error.messages) + "; nothing was imported") from error
        if found.errors:
            raise import_refused(
                job,
                found.errors,
                row=lambda error: error.as_dict(),
                line=lambda error: f"line {error.line}: {error.message}",
            )
    default_storage.delete(arguments["file"])
    progress(report["rows"], report["rows"])
    verb = "would be imported (dry run: nothing was stored)" if report["dry_run"] else "imported"
    return {
        "summary": f"{report['people']} people and {report['certifications']} certification(s) from "
        f"{report['rows']} rows {verb}.",
        **report,
    }
