"""A partner's scorecards (§8.0): one per evaluated quarter (the last run's), each with the same lines and
reasons the vendor's managers see, so that what the partner reads is what the vendor decides from. A partner
user reaches only its own partner's (another partner's scorecard is 404); the decision stays the managers'
until its notice is sent (the notice is linked then)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.evaluations.models import Scorecard
from partnerhub.evaluations.selectors import (
    lines_of,
    reasons_of,
    visible_notices,
)
from partnerhub.partners.selectors import visible_partners
from partnerhub.portal import listing, panels
from partnerhub.portal.common import is_htmx, today, visible_object, visible_partner
from partnerhub.portal.views.partner import page_as_of, partner_page


@login_required
def scorecards(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    _filters, cards = listing.scorecards(request.user, partner, request.GET, today())
    return partner_page(request, partner, "portal/partner/scorecards.html", "scorecards", {"cards": cards})


@login_required
def scorecard(request: HttpRequest, card_id: int) -> HttpResponse:
    # Found among the scorecards of the partners the user may see: another partner's is 404.
    candidates = Scorecard.objects.filter(partner__in=visible_partners(request.user)).select_related("run", "partner")
    card: Scorecard = visible_object(candidates, card_id)
    partner = card.partner
    lines = lines_of([card])
    reasons = reasons_of([card])
    policy = panels.policy_or_none(today())
    context = {
        "card": card,
        "run": card.run,
        "lines": [lines[(card.run_id, n)] for n in card.line_numbers if (card.run_id, n) in lines],
        "reasons": [reasons[(card.run_id, n)] for n in card.reason_numbers if (card.run_id, n) in reasons],
        "notice": visible_notices(request.user).filter(partner=partner, period=card.run.period).first(),
        "region_names": panels.region_names(policy),
    }
    return partner_page(request, partner, "portal/partner/scorecard.html", "scorecards", context)


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's evaluation panel (htmx loads it into the dashboard; without JavaScript, a page)."""
    partner = visible_partner(request, pk)
    as_of = page_as_of(request)
    context = {**panels.evaluation(request.user, partner, as_of), "as_of": as_of}
    if is_htmx(request):
        return render(request, "portal/partner/_evaluation.html", {"partner": partner, **context})
    return partner_page(request, partner, "portal/partner/evaluation.html", "dashboard", context)
