"""A background job's page: its progress while it runs (the page asks again every second through htmx),
then its result or the reason it failed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.core.background import percent_of, progress_of
from partnerhub.core.models import Job, JobStatus
from partnerhub.portal.common import is_htmx, manager_required, visible_object
from partnerhub.portal.views.console import console_page


@manager_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_object(Job.objects.all(), pk)
    context = {
        "job": found,
        "percent": percent_of(found),
        "progress": progress_of(found),
        "finished": found.status in (JobStatus.DONE, JobStatus.FAILED),
    }
    if is_htmx(request):
        return render(request, "portal/jobs/_status.html", context)
    return console_page(request, "portal/jobs/job.html", "evaluations", context)
