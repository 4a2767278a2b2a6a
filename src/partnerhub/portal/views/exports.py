"""Starting a list's CSV export (`portal.exports`) from its page's "Export" button, and a partner's export jobs.

The button posts the list's filters in the query string. Filters that cannot be read start nothing: the answer
is 400 with each filter and what is wrong with it. A console list's job is followed on the console's job page;
a partner's list's on the partner's own job page, which only the user who started the export reaches, under
the partner it exported (another user's job, or another partner's, is 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from partnerhub.core.models import Job, JobStatus
from partnerhub.core.permissions import manager_required
from partnerhub.portal import exports
from partnerhub.portal.common import is_htmx, today, visible_object, visible_partner
from partnerhub.portal.views.console import console_page
from partnerhub.portal.views.jobs import job_context, send_file
from partnerhub.portal.views.partner import partner_page


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _start(request: HttpRequest, key: str, scope: exports.Scope) -> HttpResponse:
    as_of = today()
    form, _rows = exports.LISTS[key].rows(_user(request), scope, request.GET, as_of)
    if form is not None and form.is_bound and not form.is_valid():
        # Nothing is exported under filters that could not be read: the answer says which and why.
        context = {"form": form}
        if isinstance(scope, exports.Partner):
            refused = partner_page(
                request, scope, "portal/exports/partner_refused.html", exports.LISTS[key].tab, context
            )
            refused.status_code = 400
            return refused
        return console_page(request, "portal/exports/refused.html", "", context, status=400)
    job = exports.start_list_export(key=key, scope=scope, query=request.GET, as_of=as_of, user=_user(request))
    if isinstance(scope, exports.Partner):
        return redirect("portal:partner-export", scope.pk, job.pk)
    return redirect("portal:console-job", job.pk)


@manager_required
@require_POST
def console_export(request: HttpRequest, key: str) -> HttpResponse:
    """A console-wide list (the deals queue, invoices, certifications to verify, referral fees)."""
    return _start(request, key, None)


@manager_required
@require_POST
def run_scorecards_export(request: HttpRequest, pk: int) -> HttpResponse:
    scope = exports.scope_of("run-scorecards", _user(request), pk)
    if scope is None:
        raise Http404("No such evaluation run.")
    return _start(request, "run-scorecards", scope)


@login_required
@require_POST
def partner_export(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One of a partner's lists: its own users and managers; another partner's is 404."""
    return _start(request, key, visible_partner(request, pk))


def _partner_job(request: HttpRequest, pk: int, job_id: int) -> tuple[exports.Partner, Job]:
    partner = visible_partner(request, pk)
    mine = Job.objects.filter(kind=exports.LIST_EXPORT_KIND, created_by_id=request.user.pk)
    found = visible_object(mine, job_id)
    if exports.LISTS[found.arguments["list"]].scope != "partner" or found.arguments["scope"] != partner.pk:
        raise Http404("No such export of this partner.")
    return partner, found


@login_required
def partner_job(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    partner, found = _partner_job(request, pk, job_id)
    context, tab = job_context(found), exports.LISTS[found.arguments["list"]].tab
    if is_htmx(request):
        return partner_page(request, partner, "portal/jobs/_status.html", tab, context)
    return partner_page(request, partner, "portal/exports/job.html", tab, context)


@login_required
def partner_job_file(request: HttpRequest, pk: int, job_id: int) -> FileResponse:
    _partner, found = _partner_job(request, pk, job_id)
    if found.status != JobStatus.DONE:
        raise Http404("This export is not written yet.")
    return send_file(request, found)
