"""Every partner's good standing on a date, computed by the job queue (partnerhub.core.background) a chunk of
partners at a time and stored as the job's result rows, which `GET /api/v1/jobs/{id}/results/` pages through:
no request waits for the whole programme and no answer holds it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User

from partnerhub.core.background import ProgressReport, start_job, write_result_rows
from partnerhub.core.models import Job
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import partner_states_on
from partnerhub.people import selectors
from partnerhub.people.api.standing import standing_body

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
