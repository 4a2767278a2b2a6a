"""The managers' console for what the vendor gives partners: leads from the web (recorded, offered to the
entitled partners at once or to one more, with each partner's answer) and the Amelia Marketplace review
(reviewed against the set standards, published, withdrawn). Reads go through `benefits.selectors`; every
write is a `benefits.services` function, which decides entitlement (§3.0, §4.0, §5.1)."""

from __future__ import annotations

import pycountry
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext

from partnerhub.benefits import selectors
from partnerhub.benefits.models import LeadOffer, ListingStatus
from partnerhub.benefits.services import leads, marketplace
from partnerhub.core import forms
from partnerhub.core.permissions import manager_required
from partnerhub.partners.models import PartnerStatus
from partnerhub.partners.selectors import visible_partners
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, paginate, refuse, today, visible_object
from partnerhub.portal.manager_forms import ListingReviewForm, OfferLeadForm, WebLeadForm, WithdrawListingForm
from partnerhub.portal.views.console import console_page
from partnerhub.portal.views.manage import acting_user

COUNTRIES = sorted(((country.alpha_2, country.name) for country in pycountry.countries), key=lambda pair: pair[1])


def _lead_form(data: object = None) -> WebLeadForm:
    policy = panels.policy_or_none(today())
    products = [(p.key, p.name) for p in policy.products] if policy else []
    if data is None:
        return WebLeadForm(initial={"received_on": today()}, countries=COUNTRIES, products=products)
    return WebLeadForm(data, countries=COUNTRIES, products=products)


def _say(request: HttpRequest, what: str, error: Exception) -> None:
    """A refusal of a one-button action, above the page: what was not done, and why with its section."""
    form = forms.Form({})
    form.full_clean()
    refuse(form, error)
    reasons = " ".join(str(message) for problems in form.errors.values() for message in problems)
    messages.error(request, f"{what}: {reasons}")


def _leads_page(request: HttpRequest, form: WebLeadForm) -> HttpResponse:
    rows = (
        selectors.visible_leads(request.user)
        .prefetch_related(Prefetch("offers", queryset=LeadOffer.objects.select_related("partner").order_by("id")))
        .order_by("-received_on", "-id")
    )
    return console_page(
        request, "portal/console/leads.html", "leads", {"form": form, "page_obj": paginate(request, rows)}
    )


@manager_required
def leads_page(request: HttpRequest) -> HttpResponseBase:
    """The leads received, each with its offers and the partners' answers; the form records a new one."""
    form = _lead_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead, offers = leads.web_lead_receive(
                end_customer=data["end_customer"],
                country=data["country"],
                product=data["product"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                notes=data["notes"],
                received_on=data["received_on"],
                acting_user=acting_user(request),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            offered = ", ".join(offer.partner.name for offer in offers)
            messages.success(
                request,
                (
                    gettext("The lead %(customer)s is recorded and offered to %(offered)s.")
                    if offers
                    else gettext(
                        "The lead %(customer)s is recorded; no partner is entitled to it in %(country)s for this "
                        "product line: offer it to one below."
                    )
                )
                % {"customer": lead.end_customer, "offered": offered, "country": lead.country},
            )
            return redirect(f"{request.path}#lead-{lead.pk}")
    return _leads_page(request, form)


@manager_required
def lead(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One lead: its offers and answers, and the form to offer it to one more partner."""
    found = visible_object(selectors.visible_leads(request.user), pk)
    partners = list(
        visible_partners(request.user)
        .filter(status=PartnerStatus.REGISTERED)
        .exclude(lead_offers__lead=found)
        .order_by("name")
        .values_list("pk", "name")
    )
    form = OfferLeadForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        partner = visible_object(visible_partners(request.user), form.cleaned_data["partner"])
        try:
            leads.web_lead_offer(lead=found, partner=partner, offered_on=today(), acting_user=acting_user(request))
        except REFUSALS as error:
            refuse(form, error, fields={"lead": "partner", "territory": "partner", "product": "partner"})
        else:
            messages.success(
                request, gettext("The lead is offered to %(name)s; they are told.") % {"name": partner.name}
            )
            return redirect("portal:console-lead", pk=found.pk)
    offers = found.offers.select_related("partner", "responded_by").order_by("id")
    return console_page(request, "portal/console/lead.html", "leads", {"lead": found, "offers": offers, "form": form})


@manager_required
def marketplace_page(request: HttpRequest) -> HttpResponse:
    """Listings by what they wait for: a review, a publication; then the published and the rest."""
    listings = selectors.visible_listings(request.user).select_related("partner").order_by("-submitted_on", "-id")
    return console_page(
        request,
        "portal/console/marketplace.html",
        "marketplace",
        {
            "to_review": listings.filter(status=ListingStatus.SUBMITTED),
            "to_publish": listings.filter(status=ListingStatus.APPROVED),
            "published": listings.filter(status=ListingStatus.PUBLISHED),
            "others": listings.filter(status__in=[ListingStatus.CHANGES_REQUESTED, ListingStatus.WITHDRAWN])[:20],
        },
    )


@manager_required
def listing(request: HttpRequest, pk: int, action: str = "") -> HttpResponseBase:
    """One listing with the action its status allows: review, publish, or withdraw (asked to confirm)."""
    found = visible_object(selectors.visible_listings(request.user).select_related("partner"), pk)
    if action not in ("", "review", "publish", "withdraw"):
        raise Http404("No such action.")
    standards = list(MARKETPLACE_STANDARDS.items())
    review = ListingReviewForm(request.POST if action == "review" else None, standards=standards)
    withdraw = WithdrawListingForm(request.POST if action == "withdraw" else None)
    if request.method == "POST":
        user = acting_user(request)
        try:
            if action == "review" and review.is_valid():
                outcome = marketplace.listing_review(
                    listing=found,
                    checklist=review.checklist(),
                    notes=review.cleaned_data["notes"],
                    reviewed_on=today(),
                    acting_user=user,
                )
                messages.success(
                    request,
                    gettext("The listing meets the set standards: it may be published.")
                    if outcome.passed
                    else gettext("Changes are asked of the partner: the standards not met are listed on its listing."),
                )
                return redirect("portal:console-listing", pk=found.pk)
            if action == "publish":
                marketplace.listing_publish(listing=found, published_on=today(), acting_user=user)
                messages.success(
                    request, gettext("%(title)s is published in the Amelia Marketplace.") % {"title": found.title}
                )
                return redirect("portal:console-listing", pk=found.pk)
            if action == "withdraw" and withdraw.is_valid():
                marketplace.listing_withdraw(
                    listing=found, withdrawn_on=today(), reason=withdraw.cleaned_data["reason"], acting_user=user
                )
                messages.success(
                    request,
                    gettext("%(title)s is withdrawn; the partner is told why on its page.") % {"title": found.title},
                )
                return redirect("portal:console-listing", pk=found.pk)
        except REFUSALS as error:
            if action == "publish":
                _say(request, "Not published", error)
                return redirect("portal:console-listing", pk=found.pk)
            refuse(review if action == "review" else withdraw, error)
    return console_page(
        request,
        "portal/console/listing.html",
        "marketplace",
        {
            "listing": found,
            "reviews": found.reviews.select_related("reviewer").order_by("-reviewed_on", "-id"),
            "review_form": review,
            "withdraw_form": withdraw,
            "confirm_withdraw": action == "withdraw",
        },
    )
