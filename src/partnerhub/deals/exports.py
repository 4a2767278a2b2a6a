"""Deal registrations as CSV (`GET /api/v1/deals/export.csv`): a small export is answered at once, a large one
(a manager's export of every registration) is written by a job (`core.background`), so that no web request
holds two million rows. The job applies the list's filters again as the user who started it, through the
same tenancy-scoped selector, and keeps the file in the private storage for that user alone
(`GET /api/v1/jobs/{id}/file/`, where the download is recorded as an export)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from partnerhub.core.background import ProgressReport, start_job, write_csv_file
from partnerhub.core.errors import Conflict, InvalidInput
from partnerhub.core.models import Job
from partnerhub.deals import selectors
from partnerhub.deals.filters import RegistrationFilter
from partnerhub.deals.models import Registration

# At most this many registrations are exported inside the request (docs/deals.md); more are a job.
INLINE_ROWS = 1000
FILENAME = "deal-registrations.csv"
HEADER = [
    "id",
    "partner",
    "status",
    "end_customer",
    "opportunity",
    "country",
    "estimated_value",
    "currency",
    "contact_name",
    "contact_email",
    "contact_phone",
    "submitted_on",
    "decided_on",
    "decision_reason",
    "closed_on",
]


def row(registration: Registration) -> list[Any]:
    return [
        registration.pk,
        registration.partner.name,
        registration.status,
        registration.end_customer,
        registration.title,
        registration.country,
        registration.estimated_value,
        registration.currency,
        registration.contact_name,
        registration.contact_email,
        registration.contact_phone,
        registration.submitted_on,
        registration.decided_on or "",
        registration.decision_reason,
        registration.closed_on or "",
    ]


def start_registrations_export(*, filters: dict[str, list[str]], user: User) -> Job:
    """Enqueue the export of the registrations `user` sees under `filters` (the list's query parameters, each
    with its values, already checked by the request)."""
    return start_job(
        kind="partnerhub.deals.exports.export_registrations",
        title="Deal registrations as CSV",
        arguments={"filters": filters},
        user=user,
    )


def export_registrations(job: Job, progress: ProgressReport) -> dict[str, Any]:
    user = job.created_by
    if user is None:
        raise Conflict("the user who started this export no longer exists")
    query = QueryDict(mutable=True)
    for name, values in job.arguments["filters"].items():
        query.setlist(name, values)
    # The filters read only the user from the request (conflicts are the managers' alone).
    request = HttpRequest()
    request.user = user
    chosen = RegistrationFilter(query, queryset=selectors.visible_registrations(user), request=request)
    if not chosen.is_valid():
        raise InvalidInput({name: list(errors) for name, errors in chosen.errors.items()})
    registrations = chosen.qs.prefetch_related(None)  # the list's conflicts are not part of the file
    total = registrations.count()
    progress(0, total)
    written = write_csv_file(
        job,
        FILENAME,
        HEADER,
        (row(registration) for registration in registrations.iterator(chunk_size=2000)),
        total=total,
        progress=progress,
    )
    return {
        "summary": f"{written['rows']} deal registration(s) exported.",
        "url": reverse("api-v1:job-file", args=[job.pk]),
        **written,
    }
