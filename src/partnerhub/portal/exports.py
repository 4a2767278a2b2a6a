"""The managers' partner list as a CSV file, written by a job (`core.background`): judging the good standing
of tens of thousands of partners must not hold a web request. The job page shows its progress, then a
link to the file; the file is kept in the private storage (MEDIA_ROOT, never served as media) and only its
author may download it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from partnerhub.core.background import ProgressReport, start_job
from partnerhub.core.downloads import csv_text
from partnerhub.core.errors import Conflict
from partnerhub.core.models import Job
from partnerhub.portal import partnerlist

PARTNER_HEADER = [
    "id",
    "name",
    "kind",
    "classification",
    "status",
    "status since",
    "regions",
    "territories",
    "products",
    "contact email",
    "in good standing",
    "not met",
]
# Progress is reported once per this many partners judged.
PROGRESS_EVERY = 500


def start_partner_export(*, filters: dict[str, str], as_of: dt.date, user: User) -> Job:
    """Enqueue the export of the partners `user` sees under `filters` (the filter form's cleaned data)."""
    return start_job(
        kind="partnerhub.portal.exports.export_partners",
        title=f"Partners as CSV ({as_of.isoformat()})",
        arguments={"filters": filters, "as_of": as_of.isoformat()},
        user=user,
    )


def export_partners(job: Job, progress: ProgressReport) -> dict[str, Any]:
    if job.created_by is None:
        raise Conflict("the manager who started this export no longer exists")
    as_of = dt.date.fromisoformat(job.arguments["as_of"])
    filters = job.arguments["filters"]
    wanted = {"yes": True, "no": False}.get(filters.get("good_standing", ""))
    partners = partnerlist.matching(job.created_by, filters)
    total = partners.count()
    written: list[list[Any]] = []
    for judged, row in enumerate(partnerlist.every_row(partners, as_of, None), start=1):
        if wanted is None or row.in_good_standing == wanted:
            written.append(_cells(row))
        if judged % PROGRESS_EVERY == 0:
            progress(judged, total)
    progress(total, total)
    rows = len(written)
    filename = f"partners-{as_of.isoformat()}.csv"
    # A retried job writes its file again under the same name (the storage adds no suffix to a new name).
    path = f"exports/{job.pk}/{filename}"
    default_storage.delete(path)
    default_storage.save(path, ContentFile(csv_text(PARTNER_HEADER, written).encode("utf-8")))
    return {
        "summary": f"{rows} partner(s) exported.",
        "url": reverse("portal:console-job-file", args=[job.pk]),
        "file": path,
        "filename": filename,
        "rows": rows,
    }


def _cells(row: partnerlist.Row) -> list[Any]:
    partner = row.partner
    return [
        partner.pk,
        partner.name,
        partner.get_kind_display(),
        partner.get_classification_display(),
        partner.get_status_display(),
        partner.status_since,
        " ".join(partner.regions),
        " ".join(partner.territories),
        " ".join(partner.products),
        partner.contact_email,
        {True: "yes", False: "no", None: ""}[row.in_good_standing],
        row.unmet,
    ]
