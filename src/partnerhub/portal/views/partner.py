"""A partner's own pages. A partner user reaches only its own partner's; a manager reaches every partner's
through the same pages (plus the manager's actions). Another partner's page is 404 (`visible_partner`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from partnerhub.billing import documents
from partnerhub.billing import services as billing_services
from partnerhub.billing.models import InvoiceStatus
from partnerhub.billing.selectors import visible_invoices
from partnerhub.compensation import statements as fee_statements
from partnerhub.compensation.selectors import compensation_terms, referral_fee_statement
from partnerhub.core.fields import DateRefused, check_bounds, parse_iso_date
from partnerhub.core.permissions import is_manager, require_manager_page
from partnerhub.evaluations import letters
from partnerhub.evaluations.selectors import visible_notices
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import partner_events
from partnerhub.portal import listing, panels
from partnerhub.portal.common import REFUSALS, is_htmx, paginate, refuse, today, visible_object, visible_partner
from partnerhub.portal.context import MANAGER_TABS, PARTNER_TABS, partner_tab_url
from partnerhub.portal.forms import EventFilterForm, PayInvoiceForm


def partner_page(
    request: HttpRequest,
    partner: Partner,
    template: str,
    tab: str,
    context: dict[str, Any] | None = None,
    *,
    console: str = "partners",
) -> HttpResponse:
    """Render one of the partner's pages inside its frame: the partner's name, status and, for a manager,
    the partner's tabs (a partner user has them in the main navigation)."""
    manager = is_manager(request.user)
    return render(
        request,
        template,
        {
            "partner": partner,
            "tab": tab,
            "active": console if manager else tab,
            "tabs": [(key, label, partner_tab_url(key, partner.pk)) for key, label in PARTNER_TABS + MANAGER_TABS],
            "as_of": today(),
            **(context or {}),
        },
    )


def page_as_of(request: HttpRequest) -> dt.date:
    """The day a partner page shows: today, or for a vendor manager the `?as_of=` chosen with the page's date
    control (docs/history.md). Partner users always see today; a bad date is a 400 naming the field."""
    chosen = request.GET.get("as_of", "")
    if not chosen or not is_manager(request.user):
        return today()
    try:
        return check_bounds(parse_iso_date(chosen), policy=True)
    except DateRefused as error:
        raise BadRequest(f"as_of: {error}") from error


def dashboard_page(request: HttpRequest, partner: Partner) -> HttpResponse:
    as_of = page_as_of(request)
    context = {**panels.dashboard(request.user, partner, as_of), "as_of": as_of, "today": today()}
    return partner_page(request, partner, "portal/partner/dashboard.html", "dashboard", context)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return dashboard_page(request, visible_partner(request, pk))


@login_required
def invoices(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    form, rows = listing.invoices(request.user, partner, request.GET, today())
    return partner_page(
        request,
        partner,
        "portal/partner/invoices.html",
        "invoices",
        {"page_obj": paginate(request, rows), "form": form, "statuses": InvoiceStatus.choices},
    )


@login_required
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponseBase:
    invoice = visible_object(visible_invoices(request.user), invoice_id)
    form = PayInvoiceForm(initial={"paid_on": today()})
    if request.method == "POST":
        require_manager_page(request, "Only a vendor manager records payments.")
        form = PayInvoiceForm(request.POST)
        if form.is_valid():
            try:
                billing_services.invoice_pay(
                    invoice=invoice,
                    paid_on=form.cleaned_data["paid_on"],
                    acting_user=request.user,  # type: ignore[arg-type]
                    reference=form.cleaned_data["reference"],
                )
            except REFUSALS as error:
                refuse(form, error)
            else:
                messages.success(request, gettext("Invoice %(number)s is recorded as paid.") % {"number": invoice.pk})
                return redirect("portal:invoice", invoice_id=invoice.pk)
    return partner_page(
        request, invoice.partner, "portal/partner/invoice_detail.html", "invoices", {"invoice": invoice, "form": form}
    )


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    events = partner_events(partner).order_by(F("on").desc(), "-created_at", "-id")  # newest effective date first
    form = EventFilterForm(request.GET or None, kinds=sorted(set(events.values_list("kind", flat=True))))
    if form.is_valid() and form.cleaned_data["kind"]:
        events = events.filter(kind=form.cleaned_data["kind"])
    template = "portal/partner/_timeline_results.html" if is_htmx(request) else "portal/partner/timeline.html"
    return partner_page(request, partner, template, "timeline", {"page_obj": paginate(request, events), "form": form})


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = visible_object(visible_invoices(request.user), invoice_id)
    return _pdf(documents.invoice_pdf(invoice), documents.pdf_filename(invoice))


@login_required
def notices(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    rows = visible_notices(request.user).filter(partner=partner)
    context = {"page_obj": paginate(request, rows)}
    return partner_page(request, partner, "portal/partner/notices.html", "notices", context)


@login_required
def notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    found = visible_object(visible_notices(request.user), notice_id)
    return partner_page(request, found.partner, "portal/partner/notice.html", "notices", {"notice": found})


@login_required
def notice_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    found = visible_object(visible_notices(request.user), notice_id)
    return _pdf(letters.notice_pdf(found), letters.pdf_filename(found))


@login_required
def statements(request: HttpRequest, pk: int) -> HttpResponse:
    """The quarterly referral-fee statement (§7.2) of the quarter asked for (default: the current one)."""
    partner = visible_partner(request, pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    quarters, latest = panels.statement_quarters(partner, as_of)
    period = request.GET.get("period") or latest
    match = re.fullmatch(r"(\d{4})Q([1-4])", period)
    if match is None:
        raise Http404("No such quarter.")
    statement = referral_fee_statement(partner, int(match[1]), int(match[2]))
    terms = compensation_terms(partner, policy, as_of) if policy is not None else None
    # A statement too large to answer inside a request is a background job in the API (202, not a file):
    # the browser is offered the export job below it instead of a link that would not download.
    csv_url = (
        None
        if fee_statements.is_large(partner, int(match[1]), int(match[2]))
        else reverse("api-v1:referral-fee-statement-csv") + "?" + urlencode({"partner": partner.pk, "period": period})
    )
    return partner_page(
        request,
        partner,
        "portal/partner/statements.html",
        "statements",
        {"statement": statement, "quarters": quarters, "period": period, "csv_url": csv_url, "terms": terms},
    )
