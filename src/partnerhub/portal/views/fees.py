"""The managers' list of referral fees (§7.2) over every partner, by order date, with the quarter, the status and
a partner's or customer's name as filters, and its CSV export. Each partner's quarterly statement stays on the
partner's Statements page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from partnerhub.core.permissions import manager_required
from partnerhub.portal import listing
from partnerhub.portal.common import is_htmx, paginate, today
from partnerhub.portal.views.console import console_page


@manager_required
def referral_fees(request: HttpRequest) -> HttpResponse:
    form, rows = listing.referral_fees(request.user, None, request.GET, today())
    template = "portal/console/_referral_fee_rows.html" if is_htmx(request) else "portal/console/referral_fees.html"
    return console_page(request, template, "referral-fees", {"form": form, "page_obj": paginate(request, rows)})
