"""Orders imported from a CSV file by the job queue (partnerhub.core.background), so that no web request
waits for a file of thousands of orders; the console's job page shows how far it is.

The uploaded file is kept in the private storage until its job has run. The import is all or nothing
(`imports.orders_import`), and the number imported is written on the job in the import's own transaction:
a job delivered again after its import committed reports it instead of importing the file twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from partnerhub.core.background import ProgressReport, import_refused, start_job
from partnerhub.core.errors import Conflict, InvalidInput
from partnerhub.core.models import Job
from partnerhub.deals import imports

# A file of at most this many orders is imported inside the API request (docs/deals.md); a longer one by a job.
IMPORT_INLINE_ROWS = 1000


def start_orders_import(*, content: bytes, filename: str, dry_run: bool, user: User) -> Job:
    path = default_storage.save(f"imports/{uuid.uuid4().hex}/{filename}", ContentFile(content))
    return start_job(
        kind="partnerhub.deals.background.import_orders",
        title=f"Orders from {filename}" + (" (dry run)" if dry_run else ""),
        arguments={"file": path, "filename": filename, "dry_run": dry_run},
        user=user,
    )


def import_orders(job: Job, progress: ProgressReport) -> dict[str, Any]:
    arguments = job.arguments
    if "imported" not in job.result:
        if job.created_by is None:
            raise Conflict("the manager who started this import no longer exists")
        with default_storage.open(arguments["file"], "rb") as stored:
            content = stored.read()
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput("file", f"{arguments['filename']} is not UTF-8 text; nothing was imported") from error
        try:
            with transaction.atomic():
                result = imports.orders_import(
                    text=text,
                    acting_user=job.created_by,
                    dry_run=arguments["dry_run"],
                    source_name=arguments["filename"],
                    progress=progress,
                )
                Job.objects.filter(pk=job.pk).update(result={"imported": len(result.orders)})
        except imports.ImportRefused as refused:
            raise import_refused(
                job,
                refused.problems,
                row=lambda problem: {"line": problem.row, "field": problem.field, "message": problem.message},
                line=lambda problem: problem.line(arguments["filename"]),
            ) from refused
        count = len(result.orders)
    else:
        count = job.result["imported"]
    default_storage.delete(arguments["file"])
    verb = "would be imported (dry run: nothing was stored)" if arguments["dry_run"] else "imported"
    return {"summary": f"{count} order(s) from {arguments['filename']} {verb}.", "imported": count}
