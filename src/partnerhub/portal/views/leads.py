"""A partner's leads and marketing (§3.0, §5.1, §10.2): the leads from the web offered to it (its users accept
or decline them), its Amelia Marketplace listings (a Solution partner submits and resubmits them) and its
access to the Marketing Services with the vendor's reviews and payments. Every read goes through the
benefits app's tenancy-scoped selectors (another partner's offer or listing is 404); the writes are the
benefits services, which decide entitlement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from partnerhub.benefits import selectors
from partnerhub.benefits.models import ListingStatus
from partnerhub.benefits.services import leads, marketplace
from partnerhub.core import forms
from partnerhub.partners.selectors import partner_for_user
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object, visible_partner
from partnerhub.portal.forms import DeclineLeadForm, ListingForm
from partnerhub.portal.views.partner import partner_page

SHOWN = 20


def _partner_user(request: HttpRequest) -> User:
    """The signed-in user, if it is a partner's own user: leads are answered and listings submitted by the
    partner itself, as in the API (a manager gets 403)."""
    user = request.user
    if not isinstance(user, User) or partner_for_user(user) is None:
        raise PermissionDenied(gettext("Only the partner's own users may do this."))
    return user


def _products() -> list[tuple[str, str]]:
    policy = panels.policy_or_none(today())
    return [(p.key, p.name) for p in policy.products] if policy else []


def _say_refusal(request: HttpRequest, what: str, error: Exception) -> None:
    """A refusal of a one-button action, said above the page: what was not done and why, with its section."""
    form = forms.Form({})
    form.is_valid()
    refuse(form, error)
    reasons = [str(message) for messages_of in form.errors.values() for message in messages_of]
    messages.error(request, f"{what}: {' '.join(reasons)}")


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    offers = selectors.visible_lead_offers(request.user).filter(partner=partner).select_related("lead")
    context = {
        "offers": offers.order_by("-offered_on", "-id")[:SHOWN],
        "listings": selectors.visible_listings(request.user).filter(partner=partner)[:SHOWN],
        "grants": selectors.visible_marketing_grants(request.user)
        .filter(partner=partner)
        .select_related("user", "responsible")[:SHOWN],
        "reviews": selectors.visible_marketing_reviews(request.user).filter(partner=partner)[:SHOWN],
        "payments": selectors.visible_marketing_payments(request.user)
        .filter(partner=partner)
        .prefetch_related("documents")[:SHOWN],
        "decline": DeclineLeadForm(),
        "answerable": partner_for_user(request.user) == partner,
        "resubmittable": (ListingStatus.CHANGES_REQUESTED, ListingStatus.WITHDRAWN),
    }
    return partner_page(request, partner, "portal/leads/page.html", "leads", context)


@login_required
@require_POST
def answer_offer(request: HttpRequest, offer_id: int, action: str) -> HttpResponseBase:
    offer = visible_object(selectors.visible_lead_offers(request.user).select_related("lead", "partner"), offer_id)
    if action not in ("accept", "decline"):
        raise Http404("No such action.")
    user = _partner_user(request)
    form = DeclineLeadForm(request.POST)
    if action == "decline" and not form.is_valid():
        messages.error(
            request,
            gettext("The lead was not declined: %(problems)s")
            % {"problems": " ".join(str(m) for m in form.errors.get("reason", []))},
        )
        return redirect("portal:partner-leads", pk=offer.partner_id)
    try:
        if action == "accept":
            leads.lead_offer_accept(offer=offer, accepted_on=today(), acting_user=user)
        else:
            leads.lead_offer_decline(
                offer=offer, declined_on=today(), reason=form.cleaned_data["reason"], acting_user=user
            )
    except REFUSALS as error:
        _say_refusal(
            request,
            gettext("The lead was not accepted") if action == "accept" else gettext("The lead was not declined"),
            error,
        )
    else:
        said = (
            gettext("The lead %(customer)s is accepted: contact the customer now.")
            if action == "accept"
            else gettext("The lead %(customer)s is declined.")
        )
        messages.success(request, said % {"customer": offer.lead.end_customer})
    return redirect("portal:partner-leads", pk=offer.partner_id)


@login_required
def listing_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    form = ListingForm(request.POST or None, products=_products())
    if request.method == "POST":
        user = _partner_user(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                marketplace.listing_submit(
                    partner=partner,
                    title=data["title"],
                    summary=data["summary"],
                    product=data["product"],
                    url=data["url"],
                    submitted_on=today(),
                    acting_user=user,
                )
            except REFUSALS as error:
                refuse(form, error)
            else:
                messages.success(
                    request,
                    gettext("“%(title)s” is sent for review against the set standards.") % {"title": data["title"]},
                )
                return redirect("portal:partner-leads", pk=partner.pk)
    return partner_page(request, partner, "portal/leads/listing_new.html", "leads", {"form": form})


@login_required
@require_POST
def listing_resubmit(request: HttpRequest, listing_id: int) -> HttpResponseBase:
    listing = visible_object(selectors.visible_listings(request.user), listing_id)
    user = _partner_user(request)
    try:
        marketplace.listing_resubmit(listing=listing, submitted_on=today(), acting_user=user)
    except REFUSALS as error:
        _say_refusal(request, "The listing was not sent again", error)
    else:
        messages.success(request, gettext("“%(title)s” is sent for review again.") % {"title": listing.title})
    return redirect("portal:partner-leads", pk=listing.partner_id)
