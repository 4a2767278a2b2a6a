"""A background job's page: its progress while it runs (the page asks again every second through htmx),
then its result or the reason it failed; and the file a job wrote, for the user who started it (a partner's
exports have pages of their own under the partner, `views.exports`)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.core.background import percent_of, progress_of
from partnerhub.core.downloads import stored_csv_response
from partnerhub.core.models import Job, JobStatus, SecurityEventKind
from partnerhub.core.permissions import manager_required
from partnerhub.core.security import record_security_event
from partnerhub.portal import exports
from partnerhub.portal.common import is_htmx, visible_object
from partnerhub.portal.views.console import console_page

# The console tab a job's page is shown under, by the job's kind: the list or page its work was started
# from (an export or an import under the list it reads or fills). A kind not named here highlights no tab;
# tests/portal/test_job_tabs.py fails when a kind that `start_job` is given is missing.
JOB_TABS = {
    "partnerhub.evaluations.background.evaluate": "evaluations",
    "partnerhub.evaluations.background.preview_draft": "evaluations",
    "partnerhub.people.background.standing_of_all": "partners",
    "partnerhub.people.background.import_people": "partners",
    "partnerhub.compensation.statements.statement_job": "partners",
    "partnerhub.portal.exports.export_partners": "partners",
    "partnerhub.deals.background.import_orders": "deals",
    "partnerhub.deals.exports.export_registrations": "deals",
}


def tab_of(found: Job) -> str:
    """The console tab of `found`: by its kind, or for a list's export the tab of the list it exported."""
    if found.kind == exports.LIST_EXPORT_KIND:
        return exports.LISTS[found.arguments["list"]].tab
    return JOB_TABS.get(found.kind, "")


def job_context(found: Job) -> dict[str, Any]:
    return {
        "job": found,
        "percent": percent_of(found),
        "progress": progress_of(found),
        "finished": found.status in (JobStatus.DONE, JobStatus.FAILED),
    }


@manager_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_object(Job.objects.all(), pk)
    context = job_context(found)
    if is_htmx(request):
        return render(request, "portal/jobs/_status.html", context)
    return console_page(request, "portal/jobs/job.html", tab_of(found), context)


@manager_required
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job wrote (an export), recorded as an export when it is downloaded."""
    return send_file(
        request, visible_object(Job.objects.filter(created_by_id=request.user.pk, status=JobStatus.DONE), pk)
    )


def send_file(request: HttpRequest, found: Job) -> FileResponse:
    """The file `found` wrote, for the user who started it (the caller looked it up among theirs)."""
    path = found.result.get("file")
    if not path or not default_storage.exists(path):
        raise Http404("This job wrote no file, or it was removed.")
    record_security_event(
        SecurityEventKind.EXPORT,
        request=request,
        detail={"file": found.result["filename"], "rows": found.result["rows"]},
    )
    return stored_csv_response(path, found.result["filename"])
