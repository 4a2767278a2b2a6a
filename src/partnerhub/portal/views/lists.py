"""The managers' partner list (filters, sortable columns, good standing) and the CSV exports of the portal's
lists: each export is the list as the user sees it (the same tenancy-scoped selector, the same filters),
written through the core CSV helper, and recorded in the security event log like the API's exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse

from partnerhub.core.downloads import csv_response
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event
from partnerhub.partners.models import Classification, Partner, PartnerStatus
from partnerhub.portal import panels, partnerlist
from partnerhub.portal.common import PAGE_SIZE, is_htmx, manager_required, paginate, today
from partnerhub.portal.forms import PartnerFilterForm
from partnerhub.portal.views.console import console_page


def export(request: HttpRequest, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV download of `rows`, recorded as an export in the security event log (who, which file, how many)."""
    written = list(rows)
    record_security_event(SecurityEventKind.EXPORT, request=request, detail={"file": filename, "rows": len(written)})
    return csv_response(filename, header, written)


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


@manager_required
def partners_csv(request: HttpRequest) -> HttpResponse:
    as_of = today()
    form = _partner_filters(request, as_of)
    if request.GET and not form.is_valid():
        # Nothing is exported under filters that could not be read: the list says which and why.
        return console_page(request, "portal/console/partners.html", "partners", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    rows = partnerlist.every_row(partnerlist.matching(request.user, data), as_of, _wanted(data))
    return export(
        request,
        f"partners-{as_of.isoformat()}.csv",
        PARTNER_HEADER,
        (
            [
                row.partner.pk,
                row.partner.name,
                row.partner.get_kind_display(),
                row.partner.get_classification_display(),
                row.partner.get_status_display(),
                row.partner.status_since,
                " ".join(row.partner.regions),
                " ".join(row.partner.territories),
                " ".join(row.partner.products),
                row.partner.contact_email,
                {True: "yes", False: "no", None: ""}[row.in_good_standing],
                row.unmet,
            ]
            for row in rows
        ),
    )
