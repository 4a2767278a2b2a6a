"""Writes of the benefits app: Leads from the web (§5.1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import LeadOffer, LeadOfferStatus, WebLead
from partnerhub.benefits.services.common import decision_reasons, locked, require_state
from partnerhub.core.errors import Conflict, refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import PartnerState, partner_state_on, partner_states_on
from partnerhub.policy import licenses
from partnerhub.policy.decision import Decision
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_for_input, policy_in_force


def _lead_decision(
    policy: Policy, lead: WebLead, partner: Partner, as_of: dt.date, state: PartnerState | None = None
) -> Decision[bool]:
    """The offer rule on `as_of`, with the partner's state then (`state`, when gathered for many)."""
    state = state or partner_state_on(partner, as_of)
    return licenses.web_lead_offer_admissible(
        policy,
        classification=state.classification,
        status=state.status,
        territories=list(state.territories),
        products=list(state.products),
        country=lead.country,
        product=lead.product,
        as_of=as_of,
    )


def _section(day: dt.date) -> str:
    """The section of the web-leads benefit in the version in force on `day` (§5.1)."""
    return policy_in_force(day).benefit(licenses.WEB_LEADS_BENEFIT).section


def _offer(lead: WebLead, partner: Partner, decision: Decision[bool], offered_on: dt.date, actor: User) -> LeadOffer:
    offer = LeadOffer.objects.create(
        lead=lead,
        partner=partner,
        offered_on=offered_on,
        policy_version=decision.policy_version,
        reasons=decision_reasons(decision),
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.WEB_LEAD_OFFERED,
        message=f"Offered a lead from the web: {lead.end_customer} ({lead.country}, {lead.product})",
        section=_section(offered_on),
        actor=actor,
        data={"lead": lead.pk, "offer": offer.pk},
        policy_version=decision.policy_version,
        effective_on=offered_on,
    )
    mail_partner(partner, "benefits/mail/lead_offered.txt", lead=lead)
    return offer


@transaction.atomic
def web_lead_receive(
    *,
    end_customer: str,
    country: str,
    product: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    notes: str,
    received_on: dt.date,
    acting_user: User,
) -> tuple[WebLead, list[LeadOffer]]:
    """Record a lead the vendor received and offer it at once to every partner entitled to web leads whose
    territory and product lines cover it. Returns the lead and the offers made (possibly none)."""
    lead = WebLead.objects.create(
        end_customer=end_customer,
        country=country.upper(),
        product=product,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        notes=notes,
        received_on=received_on,
        received_by=acting_user,
    )
    policy = policy_for_input(received_on, "received_on")
    candidates = Partner.objects.filter(status=PartnerStatus.REGISTERED).order_by("pk")
    offers = []
    states = partner_states_on(received_on, candidates)
    for partner in candidates:
        decision = _lead_decision(policy, lead, partner, received_on, states[partner.pk])
        if decision.outcome:
            offers.append(_offer(lead, partner, decision, received_on, acting_user))
    return lead, offers


@transaction.atomic
def web_lead_offer(*, lead: WebLead, partner: Partner, offered_on: dt.date, acting_user: User) -> LeadOffer:
    """Offer a lead to one more partner (e.g. one registered since); refused unless it is entitled (§5.1),
    the lead is inside its territories (§4.0) and product lines; 409 if already offered or taken."""
    lead = locked(lead)
    if lead.offers.filter(partner=partner).exists():
        raise Conflict(_("the lead is already offered to %(partner)s") % {"partner": partner})
    if lead.offers.filter(status=LeadOfferStatus.ACCEPTED).exists():
        raise Conflict(_("the lead has already been accepted by a partner"))
    decision = _lead_decision(policy_for_input(offered_on, "offered_on"), lead, partner, offered_on)
    refuse_unless(decision)
    return _offer(lead, partner, decision, offered_on, acting_user)


@transaction.atomic
def lead_offer_accept(*, offer: LeadOffer, accepted_on: dt.date, acting_user: User) -> LeadOffer:
    """The partner takes the lead. Only one offer per lead is ever accepted: the database refuses a second
    acceptance even when two partners accept at the same moment (409). The other offers are closed.

    The lead is locked first (PostgreSQL), so concurrent acceptances of one lead queue up instead of
    deadlocking on each other's offers; the one that waited then finds its offer closed (409)."""
    locked(offer.lead)
    offer = locked(offer)
    require_state(offer, [LeadOfferStatus.OFFERED], "accept the lead")
    policy = policy_for_input(accepted_on, "accepted_on")
    section = policy.benefit(licenses.WEB_LEADS_BENEFIT).section
    decision = _lead_decision(policy, offer.lead, offer.partner, accepted_on)
    refuse_unless(decision)
    offer.status = LeadOfferStatus.ACCEPTED
    offer.responded_on = accepted_on
    offer.responded_by = acting_user
    try:
        with transaction.atomic():
            offer.save(update_fields=["status", "responded_on", "responded_by"])
    except IntegrityError as error:
        raise Conflict(_("another partner has already accepted this lead")) from error
    lead = offer.lead
    record_event(
        partner=offer.partner,
        kind=BenefitsEventKind.WEB_LEAD_ACCEPTED,
        message=f"Accepted the lead {lead.end_customer} ({lead.country}, {lead.product})",
        section=section,
        actor=acting_user,
        data={"lead": lead.pk, "offer": offer.pk},
        policy_version=decision.policy_version,
        effective_on=accepted_on,
    )
    for other in lead.offers.filter(status=LeadOfferStatus.OFFERED).exclude(pk=offer.pk).select_related("partner"):
        other.status = LeadOfferStatus.CLOSED
        other.responded_on = accepted_on
        other.save(update_fields=["status", "responded_on"])
        record_event(
            partner=other.partner,
            kind=BenefitsEventKind.WEB_LEAD_CLOSED,
            message=f"The lead {lead.end_customer} was accepted by another partner",
            section=section,
            actor=acting_user,
            data={"lead": lead.pk, "offer": other.pk},
            effective_on=accepted_on,
        )
    return offer


@transaction.atomic
def lead_offer_decline(*, offer: LeadOffer, declined_on: dt.date, reason: str, acting_user: User) -> LeadOffer:
    offer = locked(offer)
    require_state(offer, [LeadOfferStatus.OFFERED], "decline the lead")
    offer.status = LeadOfferStatus.DECLINED
    offer.responded_on = declined_on
    offer.responded_by = acting_user
    offer.decline_reason = reason
    offer.save(update_fields=["status", "responded_on", "responded_by", "decline_reason"])
    record_event(
        partner=offer.partner,
        kind=BenefitsEventKind.WEB_LEAD_DECLINED,
        message=f"Declined the lead {offer.lead.end_customer}" + (f": {reason}" if reason else ""),
        section=_section(declined_on),
        actor=acting_user,
        data={"lead": offer.lead_id, "offer": offer.pk, "reason": reason},
        effective_on=declined_on,
    )
    return offer
