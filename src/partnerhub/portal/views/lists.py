"""The managers' partner list (filters, sortable columns, good standing) and its CSV export: the list as the
user sees it (the same tenancy-scoped selector, the same filters), written by a job (`portal.exports`) and
recorded in the security event log when it is downloaded, like the API's exports."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from partnerhub.core.permissions import manager_required
from partnerhub.partners.models import Classification, Partner, PartnerStatus
from partnerhub.portal import exports, panels, partnerlist
from partnerhub.portal.common import PAGE_SIZE, is_htmx, paginate, today
from partnerhub.portal.forms import PartnerFilterForm
from partnerhub.portal.views.console import console_page


def _partner_filters(request: HttpRequest, as_of: dt.date) -> PartnerFilterForm:
    policy = panels.policy_or_none(as_of)
    return PartnerFilterForm(
        request.GET or None,
        classifications=[(c.key, c.name) for c in policy.classifications] if policy else Classification.choices,
        statuses=PartnerStatus.choices,
        regions=[(r.key, r.name) for r in policy.regions] if policy else [],
        sorts=partnerlist.SORT_CHOICES,
    )


def _wanted(data: dict[str, Any]) -> bool | None:
    return {"yes": True, "no": False}.get(data.get("good_standing", ""))


@manager_required
def partners(request: HttpRequest) -> HttpResponse:
    as_of = today()
    form = _partner_filters(request, as_of)
    data = form.cleaned_data if form.is_valid() else {}
    rows = partnerlist.matching(request.user, data) if not form.errors else Partner.objects.none()
    wanted = _wanted(data)
    context: dict[str, Any] = {"form": form, "sort": data.get("sort") or "name", "as_of": as_of}
    if wanted is None:
        page = paginate(request, rows)
        context.update(page_obj=page, rows=partnerlist.judged(list(page.object_list), as_of))
    else:
        start = request.GET.get("from", "0")
        position = int(start) if start.isdigit() else 0
        found, following = partnerlist.standing_page(rows, wanted, as_of, position, PAGE_SIZE)
        context.update(rows=found, following=following, scanned_from=position)
    template = "portal/console/_partner_rows.html" if is_htmx(request) else "portal/console/partners.html"
    return console_page(request, template, "partners", context)


@manager_required
@require_POST
def partners_csv(request: HttpRequest) -> HttpResponse:
    """Start the export of the list under the filters in the query string; its job page follows it."""
    as_of = today()
    form = _partner_filters(request, as_of)
    if request.GET and not form.is_valid():
        # Nothing is exported under filters that could not be read: the list says which and why.
        return console_page(request, "portal/console/partners.html", "partners", {"form": form}, status=400)
    job = exports.start_partner_export(
        filters=form.cleaned_data if request.GET else {}, as_of=as_of, user=cast(User, request.user)
    )
    return redirect("portal:console-job", job.pk)
