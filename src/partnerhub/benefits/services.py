"""Writes of the benefits app (DESIGN rule 3): keyword-only arguments, one transaction, a `PartnerEvent`
in that transaction for every change, mail after commit.

A request the policy refuses raises `PolicyViolation` (422, with each violated rule and its section) before
anything is written; a request that contradicts an object's state raises `Conflict` (409). The rules are
the policy package's (`policy.benefits`, `policy.licenses`, `policy.calendar`); nothing here re-decides them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model

from partnerhub.benefits.models import (
    BenefitRequest,
    BenefitRequestStatus,
    Demonstration,
    GranteeKind,
    LeadOffer,
    LeadOfferStatus,
    ListingReview,
    ListingStatus,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    MarketplaceListing,
    ProductSubscription,
    ReviewOutcome,
    TrademarkUsage,
    TrademarkUsageStatus,
    TrademarkWithdrawal,
    WebLead,
)
from partnerhub.benefits.uploads import sniff_upload, upload_problems
from partnerhub.core.problems import Conflict, PolicyViolation, Violation, refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerStatus, PartnerUser
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import PartnerState, partner_state_on, partner_states_on
from partnerhub.policy import licenses
from partnerhub.policy.benefits import demo_notice_required
from partnerhub.policy.calendar import trademark_withdrawal_effective
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_for_input

M = TypeVar("M", bound=Model)


def _reasons(decision: Decision[Any]) -> list[dict[str, Any]]:
    return [reason.as_dict() for reason in decision.reasons]


def _sections(decision: Decision[Any]) -> str:
    return ", ".join(decision.sections)


def _refuse(code: str, section: str, message: str) -> None:
    raise PolicyViolation([Violation(code, section, message)])


def _locked(obj: M) -> M:
    """`obj` re-read under a row lock (PostgreSQL; SQLite serializes writes anyway), so that two concurrent
    decisions cannot both pass its state check."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _require_state(obj: Any, allowed: Iterable[str], action: str) -> None:
    allowed = tuple(allowed)
    if obj.status not in allowed:
        raise Conflict(f"cannot {action}: it is {obj.status}, not {' or '.join(allowed)}")


# --- Benefit requests (§5.1) ---------------------------------------------------------------------------


def benefit_request_preview(
    *, partner: Partner, benefit: str, as_of: dt.date, acknowledged_cost: bool
) -> Decision[bool]:
    """What a request for `benefit` sent on `as_of` would meet: entitlement, notes and the cost notice."""
    state = partner_state_on(partner, as_of)
    return licenses.benefit_request_sendable(
        policy_for_input(as_of, "as_of"),
        benefit_key=benefit,
        classification=state.classification,
        status=state.status,
        as_of=as_of,
        acknowledged_cost=acknowledged_cost,
    )


@transaction.atomic
def benefit_request_create(
    *,
    partner: Partner,
    benefit: str,
    details: str,
    acknowledged_cost: bool,
    requested_on: dt.date,
    acting_user: User,
) -> BenefitRequest:
    """Send a request for a benefit provided on request; refused (422) unless entitled and cost acknowledged."""
    policy = policy_for_input(requested_on, "requested_on")
    state = partner_state_on(partner, requested_on)
    decision = licenses.benefit_request_sendable(
        policy,
        benefit_key=benefit,
        classification=state.classification,
        status=state.status,
        as_of=requested_on,
        acknowledged_cost=acknowledged_cost,
    )
    refuse_unless(decision)
    definition = next(item for item in policy.benefits if item.key == benefit)
    request = BenefitRequest.objects.create(
        partner=partner,
        benefit=benefit,
        benefit_label=definition.label,
        details=details,
        may_cost=definition.may_cost,
        acknowledged_cost=acknowledged_cost,
        notes=list(definition.notes_for(state.classification)),
        requested_on=requested_on,
        requested_by=acting_user,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    record_event(
        partner=partner,
        kind="benefit_requested",
        message=f"Requested {definition.label!r}" + (" (cost acknowledged)" if definition.may_cost else ""),
        section=definition.section,
        actor=acting_user,
        data={"benefit_request": request.pk, "benefit": benefit, "acknowledged_cost": acknowledged_cost},
        policy_version=decision.policy_version,
        effective_on=requested_on,
    )
    return request


def _benefit_request_decide(
    *, benefit_request: BenefitRequest, status: str, decided_on: dt.date, note: str, acting_user: User
) -> BenefitRequest:
    request = _locked(benefit_request)
    _require_state(request, [BenefitRequestStatus.REQUESTED], f"mark the request {status}")
    if decided_on < request.requested_on:
        raise Conflict(f"a request sent on {request.requested_on} cannot be decided on {decided_on}")
    request.status = status
    request.decided_on = decided_on
    request.decided_by = acting_user
    request.decision_note = note
    request.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
    verb = "Fulfilled" if status == BenefitRequestStatus.FULFILLED else "Declined"
    record_event(
        partner=request.partner,
        kind=f"benefit_{status}",
        message=f"{verb} the request for {request.benefit_label!r}" + (f": {note}" if note else ""),
        section="5.1",
        actor=acting_user,
        data={"benefit_request": request.pk, "benefit": request.benefit, "note": note},
        policy_version=request.policy_version,
        effective_on=decided_on,
    )
    mail_partner(
        request.partner,
        f"Your request for {request.benefit_label} was {status}",
        f"{verb} on {decided_on.isoformat()}." + (f"\n\n{note}" if note else ""),
    )
    return request


@transaction.atomic
def benefit_request_fulfil(
    *, benefit_request: BenefitRequest, fulfilled_on: dt.date, note: str, acting_user: User
) -> BenefitRequest:
    return _benefit_request_decide(
        benefit_request=benefit_request,
        status=BenefitRequestStatus.FULFILLED,
        decided_on=fulfilled_on,
        note=note,
        acting_user=acting_user,
    )


@transaction.atomic
def benefit_request_decline(
    *, benefit_request: BenefitRequest, declined_on: dt.date, reason: str, acting_user: User
) -> BenefitRequest:
    if not reason.strip():
        raise ValueError("a decline needs a reason")
    return _benefit_request_decide(
        benefit_request=benefit_request,
        status=BenefitRequestStatus.DECLINED,
        decided_on=declined_on,
        note=reason,
        acting_user=acting_user,
    )


# --- Amelia Marketplace (§3.0) -------------------------------------------------------------------------


def _marketplace_entitled(partner: Partner, on: dt.date, field: str) -> Decision[bool]:
    """Refuse (422, §3.0) unless `partner` may be in the Amelia Marketplace on `on`; else the decision."""
    state = partner_state_on(partner, on)
    decision = licenses.marketplace_submission_admissible(
        policy_for_input(on, field), classification=state.classification, status=state.status, as_of=on
    )
    refuse_unless(decision)
    return decision


@transaction.atomic
def listing_submit(
    *,
    partner: Partner,
    title: str,
    summary: str,
    product: str,
    url: str,
    submitted_on: dt.date,
    acting_user: User,
) -> MarketplaceListing:
    """A Solution partner submits a productized solution for review (refused to any other, §3.0)."""
    decision = _marketplace_entitled(partner, submitted_on, "submitted_on")
    listing = MarketplaceListing.objects.create(
        partner=partner,
        title=title,
        summary=summary,
        product=product,
        url=url,
        submitted_on=submitted_on,
        submitted_by=acting_user,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    record_event(
        partner=partner,
        kind="marketplace_listing_submitted",
        message=f"Submitted {title!r} for the Amelia Marketplace",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk},
        policy_version=decision.policy_version,
        effective_on=submitted_on,
    )
    return listing


@transaction.atomic
def listing_resubmit(*, listing: MarketplaceListing, submitted_on: dt.date, acting_user: User) -> MarketplaceListing:
    """Send a listing back for review after the changes a review asked for (or after a withdrawal)."""
    listing = _locked(listing)
    _require_state(listing, [ListingStatus.CHANGES_REQUESTED, ListingStatus.WITHDRAWN], "resubmit the listing")
    decision = _marketplace_entitled(listing.partner, submitted_on, "submitted_on")
    listing.status = ListingStatus.SUBMITTED
    listing.submitted_on = submitted_on
    listing.submitted_by = acting_user
    listing.withdrawn_on = None
    listing.withdrawal_reason = ""
    listing.policy_version = decision.policy_version
    listing.reasons = _reasons(decision)
    listing.save()
    record_event(
        partner=listing.partner,
        kind="marketplace_listing_submitted",
        message=f"Resubmitted {listing.title!r} for the Amelia Marketplace",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk},
        policy_version=decision.policy_version,
        effective_on=submitted_on,
    )
    return listing


@transaction.atomic
def listing_review(
    *,
    listing: MarketplaceListing,
    checklist: Mapping[str, bool],
    notes: str,
    reviewed_on: dt.date,
    acting_user: User,
) -> ListingReview:
    """Record a review against the set standards: all met → approved for publication, else changes asked."""
    listing = _locked(listing)
    _require_state(listing, [ListingStatus.SUBMITTED], "review the listing")
    decision = licenses.marketplace_review(policy_for_input(reviewed_on, "reviewed_on"), checklist)
    review = ListingReview.objects.create(
        listing=listing,
        reviewed_on=reviewed_on,
        reviewer=acting_user,
        checklist=dict(checklist),
        passed=decision.outcome,
        notes=notes,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    listing.status = ListingStatus.APPROVED if decision.outcome else ListingStatus.CHANGES_REQUESTED
    listing.save(update_fields=["status"])
    missing = [reason.message for reason in decision.unmet]
    record_event(
        partner=listing.partner,
        kind="marketplace_listing_reviewed",
        message=f"Reviewed {listing.title!r}: "
        + ("meets the set standards" if decision.outcome else "changes requested (" + "; ".join(missing) + ")"),
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk, "review": review.pk, "checklist": dict(checklist), "passed": decision.outcome},
        policy_version=decision.policy_version,
        effective_on=reviewed_on,
    )
    return review


@transaction.atomic
def listing_publish(*, listing: MarketplaceListing, published_on: dt.date, acting_user: User) -> MarketplaceListing:
    """Publish a listing whose latest review found every standard met; the partner must still be entitled."""
    listing = _locked(listing)
    _require_state(listing, [ListingStatus.APPROVED], "publish the listing")
    decision = _marketplace_entitled(listing.partner, published_on, "published_on")
    listing.status = ListingStatus.PUBLISHED
    listing.published_on = published_on
    listing.save(update_fields=["status", "published_on"])
    record_event(
        partner=listing.partner,
        kind="marketplace_listing_published",
        message=f"Published {listing.title!r} in the Amelia Marketplace",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk},
        policy_version=decision.policy_version,
        effective_on=published_on,
    )
    mail_partner(listing.partner, f"{listing.title} is published", f"Published on {published_on.isoformat()}.")
    return listing


@transaction.atomic
def listing_withdraw(
    *, listing: MarketplaceListing, withdrawn_on: dt.date, reason: str, acting_user: User
) -> MarketplaceListing:
    listing = _locked(listing)
    _require_state(
        listing,
        [ListingStatus.SUBMITTED, ListingStatus.APPROVED, ListingStatus.CHANGES_REQUESTED, ListingStatus.PUBLISHED],
        "withdraw the listing",
    )
    listing.status = ListingStatus.WITHDRAWN
    listing.withdrawn_on = withdrawn_on
    listing.withdrawal_reason = reason
    listing.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    record_event(
        partner=listing.partner,
        kind="marketplace_listing_withdrawn",
        message=f"Withdrew {listing.title!r} from the Amelia Marketplace: {reason}",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk, "reason": reason},
        policy_version=listing.policy_version,
        effective_on=withdrawn_on,
    )
    return listing


# --- Leads from the web (§5.1) -------------------------------------------------------------------------


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


def _offer(lead: WebLead, partner: Partner, decision: Decision[bool], offered_on: dt.date, actor: User) -> LeadOffer:
    offer = LeadOffer.objects.create(
        lead=lead,
        partner=partner,
        offered_on=offered_on,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    record_event(
        partner=partner,
        kind="web_lead_offered",
        message=f"Offered a lead from the web: {lead.end_customer} ({lead.country}, {lead.product})",
        section="5.1",
        actor=actor,
        data={"lead": lead.pk, "offer": offer.pk},
        policy_version=decision.policy_version,
        effective_on=offered_on,
    )
    mail_partner(
        partner,
        "A lead from the web is offered to you",
        f"{lead.end_customer} ({lead.country}, {lead.product}). Accept or decline it in Partnerhub.",
    )
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
    lead = _locked(lead)
    if lead.offers.filter(partner=partner).exists():
        raise Conflict(f"the lead is already offered to {partner}")
    if lead.offers.filter(status=LeadOfferStatus.ACCEPTED).exists():
        raise Conflict("the lead has already been accepted by a partner")
    decision = _lead_decision(policy_for_input(offered_on, "offered_on"), lead, partner, offered_on)
    refuse_unless(decision)
    return _offer(lead, partner, decision, offered_on, acting_user)


@transaction.atomic
def lead_offer_accept(*, offer: LeadOffer, accepted_on: dt.date, acting_user: User) -> LeadOffer:
    """The partner takes the lead. Only one offer per lead is ever accepted: the database refuses a second
    acceptance even when two partners accept at the same moment (409). The other offers are closed.

    The lead is locked first (PostgreSQL), so concurrent acceptances of one lead queue up instead of
    deadlocking on each other's offers; the one that waited then finds its offer closed (409)."""
    _locked(offer.lead)
    offer = _locked(offer)
    _require_state(offer, [LeadOfferStatus.OFFERED], "accept the lead")
    decision = _lead_decision(policy_for_input(accepted_on, "accepted_on"), offer.lead, offer.partner, accepted_on)
    refuse_unless(decision)
    offer.status = LeadOfferStatus.ACCEPTED
    offer.responded_on = accepted_on
    offer.responded_by = acting_user
    try:
        with transaction.atomic():
            offer.save(update_fields=["status", "responded_on", "responded_by"])
    except IntegrityError as error:
        raise Conflict("another partner has already accepted this lead") from error
    lead = offer.lead
    record_event(
        partner=offer.partner,
        kind="web_lead_accepted",
        message=f"Accepted the lead {lead.end_customer} ({lead.country}, {lead.product})",
        section="5.1",
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
            kind="web_lead_closed",
            message=f"The lead {lead.end_customer} was accepted by another partner",
            section="5.1",
            actor=acting_user,
            data={"lead": lead.pk, "offer": other.pk},
            effective_on=accepted_on,
        )
    return offer


@transaction.atomic
def lead_offer_decline(*, offer: LeadOffer, declined_on: dt.date, reason: str, acting_user: User) -> LeadOffer:
    offer = _locked(offer)
    _require_state(offer, [LeadOfferStatus.OFFERED], "decline the lead")
    offer.status = LeadOfferStatus.DECLINED
    offer.responded_on = declined_on
    offer.responded_by = acting_user
    offer.decline_reason = reason
    offer.save(update_fields=["status", "responded_on", "responded_by", "decline_reason"])
    record_event(
        partner=offer.partner,
        kind="web_lead_declined",
        message=f"Declined the lead {offer.lead.end_customer}" + (f": {reason}" if reason else ""),
        section="5.1",
        actor=acting_user,
        data={"lead": offer.lead_id, "offer": offer.pk, "reason": reason},
        effective_on=declined_on,
    )
    return offer


# --- Product subscriptions (§10.1) -----------------------------------------------------------------------


@transaction.atomic
def subscription_grant(
    *,
    partner: Partner,
    user: User,
    product: str,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    login_hint: str,
    credential_reference: str,
    granted_on: dt.date,
    acting_user: User,
) -> ProductSubscription:
    """Give a named partner user credentials to a product, for demonstration or training only (§10.1)."""
    state = partner_state_on(partner, granted_on)
    decision = licenses.product_subscription_admissible(
        policy_for_input(granted_on, "granted_on"),
        status=state.status,
        purpose=purpose,
        product=product,
        products=list(state.products),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    member = PartnerUser.objects.filter(partner=partner, user=user).exists()
    reasons = (
        *decision.reasons,
        Reason(
            "named_partner_user",
            licenses.PRODUCT_SUBSCRIPTION_SECTION,
            f"{user} is a user of {partner}" if member else f"{user} is not a user of {partner}",
            member,
        ),
    )
    decision = Decision(decision.outcome and member, decision.policy_version, reasons, decision.facts)
    refuse_unless(decision)
    subscription = ProductSubscription.objects.create(
        partner=partner,
        user=user,
        product=product,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        login_hint=login_hint,
        credential_reference=credential_reference,
        granted_on=granted_on,
        granted_by=acting_user,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    record_event(
        partner=partner,
        kind="product_subscription_granted",
        message=f"Credentials to {product} for {user}, for {purpose}, {starts_on} to {ends_on}",
        section=licenses.PRODUCT_SUBSCRIPTION_SECTION,
        actor=acting_user,
        data={"subscription": subscription.pk, "user": user.pk, "product": product, "purpose": purpose},
        policy_version=decision.policy_version,
        effective_on=starts_on,
    )
    return subscription


@transaction.atomic
def subscription_revoke(
    *, subscription: ProductSubscription, revoked_on: dt.date, reason: str, acting_user: User
) -> ProductSubscription:
    subscription = _locked(subscription)
    if subscription.revoked_on is not None:
        raise Conflict(f"the subscription was already revoked on {subscription.revoked_on}")
    subscription.revoked_on = revoked_on
    subscription.revoked_by = acting_user
    subscription.revocation_reason = reason
    subscription.save(update_fields=["revoked_on", "revoked_by", "revocation_reason"])
    record_event(
        partner=subscription.partner,
        kind="product_subscription_revoked",
        message=f"Revoked the credentials to {subscription.product} of {subscription.user}"
        + (f": {reason}" if reason else ""),
        section=licenses.PRODUCT_SUBSCRIPTION_SECTION,
        actor=acting_user,
        data={"subscription": subscription.pk, "reason": reason},
        effective_on=revoked_on,
    )
    return subscription


# --- Marketing services (§10.2) --------------------------------------------------------------------------


@transaction.atomic
def marketing_access_grant(
    *,
    partner: Partner,
    grantee_kind: str,
    user: User | None,
    third_party_name: str,
    third_party_contact: str,
    responsible: User,
    scope: str,
    granted_on: dt.date,
    acting_user: User,
) -> MarketingAccessGrant:
    """Give the partner's staff, or a third party acting for it, access to the Marketing Services (§10.2).
    The partner answers for the third party's use: `responsible` names the partner user who does."""
    state = partner_state_on(partner, granted_on)
    decision = licenses.marketing_access_admissible(
        policy_for_input(granted_on, "granted_on"),
        classification=state.classification,
        status=state.status,
        as_of=granted_on,
    )
    refuse_unless(decision)
    members = set(PartnerUser.objects.filter(partner=partner).values_list("user_id", flat=True))
    if responsible.pk not in members or (user is not None and user.pk not in members):
        _refuse(
            "partner_responsible",
            licenses.MARKETING_SERVICES_SECTION,
            f"the grantee and the person responsible must be users of {partner}",
        )
    grant = MarketingAccessGrant.objects.create(
        partner=partner,
        grantee_kind=grantee_kind,
        user=user if grantee_kind == GranteeKind.PARTNER_STAFF else None,
        third_party_name=third_party_name if grantee_kind == GranteeKind.THIRD_PARTY else "",
        third_party_contact=third_party_contact if grantee_kind == GranteeKind.THIRD_PARTY else "",
        responsible=responsible,
        scope=scope,
        granted_on=granted_on,
        granted_by=acting_user,
        policy_version=decision.policy_version,
    )
    record_event(
        partner=partner,
        kind="marketing_access_granted",
        message=f"Marketing Services access for {grant.grantee}"
        + (f", a third party acting for the partner; {responsible} is responsible" if grant.third_party_name else ""),
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"grant": grant.pk, "grantee_kind": grantee_kind, "responsible": responsible.pk},
        policy_version=decision.policy_version,
        effective_on=granted_on,
    )
    return grant


@transaction.atomic
def marketing_access_revoke(
    *, grant: MarketingAccessGrant, revoked_on: dt.date, acting_user: User
) -> MarketingAccessGrant:
    grant = _locked(grant)
    if grant.revoked_on is not None:
        raise Conflict(f"the access was already revoked on {grant.revoked_on}")
    grant.revoked_on = revoked_on
    grant.revoked_by = acting_user
    grant.save(update_fields=["revoked_on", "revoked_by"])
    record_event(
        partner=grant.partner,
        kind="marketing_access_revoked",
        message=f"Marketing Services access of {grant.grantee} revoked",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"grant": grant.pk},
        effective_on=revoked_on,
    )
    return grant


@transaction.atomic
def marketing_review_record(
    *,
    partner: Partner,
    grant: MarketingAccessGrant | None,
    subject: str,
    outcome: str,
    required_changes: str,
    due_on: dt.date | None,
    reviewed_on: dt.date,
    acting_user: User,
) -> MarketingReview:
    """The vendor's compliance review of the partner's use of the Marketing Services (§10.2)."""
    if grant is not None and grant.partner_id != partner.pk:
        raise ValueError("the grant belongs to another partner")
    if outcome != ReviewOutcome.COMPLIANT and not required_changes.strip():
        raise ValueError("a review that is not compliant must say what to change")
    policy = policy_for_input(reviewed_on, "reviewed_on")
    review = MarketingReview.objects.create(
        partner=partner,
        grant=grant,
        subject=subject,
        outcome=outcome,
        required_changes=required_changes,
        due_on=due_on,
        reviewed_on=reviewed_on,
        reviewer=acting_user,
        policy_version=policy.version_date,
    )
    record_event(
        partner=partner,
        kind="marketing_review_recorded",
        message=f"Marketing review of {subject!r}: {review.get_outcome_display()}"
        + (f"; required: {required_changes}" if required_changes else ""),
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"review": review.pk, "outcome": outcome, "due_on": due_on},
        policy_version=policy.version_date,
        effective_on=reviewed_on,
    )
    if outcome != ReviewOutcome.COMPLIANT:
        mail_partner(
            partner,
            f"Marketing review: {review.get_outcome_display()}",
            f"{subject}\n\nRequired: {required_changes}" + (f"\nBy: {due_on.isoformat()}" if due_on else ""),
        )
    return review


@transaction.atomic
def marketing_payment_record(
    *, partner: Partner, amount: Decimal, currency: str, paid_on: dt.date, basis: str, acting_user: User
) -> MarketingPayment:
    payment = MarketingPayment.objects.create(
        partner=partner, amount=amount, currency=currency, paid_on=paid_on, basis=basis, recorded_by=acting_user
    )
    record_event(
        partner=partner,
        kind="marketing_payment_recorded",
        message=f"Marketing payment of {amount} {currency} on {paid_on}: {basis}",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"payment": payment.pk, "amount": amount, "currency": currency},
        effective_on=paid_on,
    )
    return payment


@transaction.atomic
def marketing_document_add(
    *, payment: MarketingPayment, upload: UploadedFile, uploaded_on: dt.date, acting_user: User
) -> MarketingDocument:
    """Attach a copy of a supporting record: a PDF, PNG, JPEG or CSV within the size limit (`uploads`)."""
    problems = upload_problems(upload)
    if problems:
        raise ValueError(" ".join(problems))
    content_type = sniff_upload(upload)
    assert content_type is not None
    document = MarketingDocument(
        payment=payment,
        original_name=(upload.name or "document")[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_on=uploaded_on,
        uploaded_by=acting_user,
    )
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    record_event(
        partner=payment.partner,
        kind="marketing_document_added",
        message=f"Supporting document {document.original_name!r} for the payment of {payment.paid_on}",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"payment": payment.pk, "document": document.pk, "content_type": content_type},
        effective_on=uploaded_on,
    )
    return document


# --- Trademark license (§10.3) ---------------------------------------------------------------------------


def _trademark_decision(usage: TrademarkUsage, as_of: dt.date) -> Decision[bool]:
    state = partner_state_on(usage.partner, as_of)
    return licenses.trademark_use_admissible(
        policy_for_input(as_of, "as_of"),
        classification=state.classification,
        status=state.status,
        territories=list(state.territories),
        territory=usage.territory,
        starts_on=usage.starts_on,
        ends_on=usage.ends_on,
        as_of=as_of,
    )


@transaction.atomic
def trademark_usage_request(
    *,
    partner: Partner,
    mark: str,
    medium: str,
    territory: str,
    starts_on: dt.date,
    ends_on: dt.date,
    requested_on: dt.date,
    acting_user: User,
) -> TrademarkUsage:
    """Ask for the vendor's prior written approval of a use of its marks; refused (422) outside the partner's
    designated territories or Program Year, or without the logo benefit (§10.3, §4.0)."""
    usage = TrademarkUsage(
        partner=partner,
        mark=mark,
        medium=medium,
        territory=territory.upper(),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_on=requested_on,
        requested_by=acting_user,
    )
    decision = _trademark_decision(usage, requested_on)
    refuse_unless(decision)
    usage.policy_version = decision.policy_version
    usage.reasons = _reasons(decision)
    usage.save()
    record_event(
        partner=partner,
        kind="trademark_usage_requested",
        message=f"Asked to use {mark!r} on {medium} in {usage.territory}, {starts_on} to {ends_on}",
        section=_sections(decision),
        actor=acting_user,
        data={"usage": usage.pk},
        policy_version=decision.policy_version,
        effective_on=requested_on,
    )
    return usage


@transaction.atomic
def trademark_usage_approve(
    *, usage: TrademarkUsage, approved_on: dt.date, written_approval: str, acting_user: User
) -> TrademarkUsage:
    """The vendor's prior written approval; checked again on the day it is given."""
    usage = _locked(usage)
    _require_state(usage, [TrademarkUsageStatus.REQUESTED], "approve the use")
    if not written_approval.strip():
        raise ValueError("an approval is given in writing: the text is required")
    decision = _trademark_decision(usage, approved_on)
    refuse_unless(decision)
    usage.status = TrademarkUsageStatus.APPROVED
    usage.decided_on = approved_on
    usage.decided_by = acting_user
    usage.written_approval = written_approval
    usage.policy_version = decision.policy_version
    usage.reasons = _reasons(decision)
    usage.save()
    record_event(
        partner=usage.partner,
        kind="trademark_usage_approved",
        message=f"Approved in writing: {usage.mark!r} on {usage.medium} in {usage.territory}, "
        f"{usage.starts_on} to {usage.ends_on}",
        section=_sections(decision),
        actor=acting_user,
        data={"usage": usage.pk},
        policy_version=decision.policy_version,
        effective_on=approved_on,
    )
    mail_partner(usage.partner, f"Approved: use of {usage.mark}", written_approval)
    return usage


@transaction.atomic
def trademark_usage_reject(
    *, usage: TrademarkUsage, rejected_on: dt.date, reason: str, acting_user: User
) -> TrademarkUsage:
    usage = _locked(usage)
    _require_state(usage, [TrademarkUsageStatus.REQUESTED], "reject the use")
    usage.status = TrademarkUsageStatus.REJECTED
    usage.decided_on = rejected_on
    usage.decided_by = acting_user
    usage.rejection_reason = reason
    usage.save(update_fields=["status", "decided_on", "decided_by", "rejection_reason"])
    record_event(
        partner=usage.partner,
        kind="trademark_usage_rejected",
        message=f"Not approved: {usage.mark!r} on {usage.medium}: {reason}",
        section="10.3",
        actor=acting_user,
        data={"usage": usage.pk, "reason": reason},
        effective_on=rejected_on,
    )
    mail_partner(usage.partner, f"Not approved: use of {usage.mark}", reason)
    return usage


@transaction.atomic
def trademark_usage_withdraw(
    *,
    usage: TrademarkUsage,
    notice_on: dt.date,
    effective_on: dt.date | None,
    reason: str,
    acting_user: User,
) -> TrademarkWithdrawal:
    """Withdraw an approval by written notice: effective on `effective_on`, or on the latest day allowed
    when none is given; never more than the policy's limit after the notice (§10.3, 422 otherwise)."""
    usage = _locked(usage)
    _require_state(usage, [TrademarkUsageStatus.APPROVED], "withdraw the approval")
    policy = policy_for_input(notice_on, "notice_on")
    decision = trademark_withdrawal_effective(policy, notice_on, effective_on)
    refuse_unless(decision)
    assert decision.outcome is not None
    withdrawal = TrademarkWithdrawal.objects.create(
        usage=usage,
        notice_on=notice_on,
        effective_on=decision.outcome,
        latest_effective_on=decision.facts["latest"],
        reason=reason,
        withdrawn_by=acting_user,
        policy_version=decision.policy_version,
    )
    usage.status = TrademarkUsageStatus.WITHDRAWN
    usage.save(update_fields=["status"])
    record_event(
        partner=usage.partner,
        kind="trademark_usage_withdrawn",
        message=f"Approval of {usage.mark!r} on {usage.medium} withdrawn by notice of {notice_on}, "
        f"effective {decision.outcome}: {reason}",
        section=policy.windows.trademark_section,
        actor=acting_user,
        data={"usage": usage.pk, "withdrawal": withdrawal.pk, "effective_on": decision.outcome},
        policy_version=decision.policy_version,
        effective_on=decision.outcome,
    )
    mail_partner(
        usage.partner,
        f"Notice: approval to use {usage.mark} withdrawn",
        f"The approval of {usage.mark} on {usage.medium} in {usage.territory} is withdrawn by this notice of "
        f"{notice_on.isoformat()}, effective {decision.outcome.isoformat()}.\n\n{reason}",
    )
    return withdrawal


# --- Demonstrations (§9.1) ---------------------------------------------------------------------------------


@transaction.atomic
def demonstration_record(
    *,
    partner: Partner,
    prospect: str,
    demo_on: dt.date,
    sales_force: int,
    customer_service_group: int,
    advised_on: dt.date | None,
    recorded_on: dt.date,
    acting_user: User,
) -> Demonstration:
    """Record a demonstration to a prospect; with `advised_on` this is the partner's notice to the vendor.
    One that needs a notice (§9.1: a sales force or customer-service group of more than 20) and has none
    by its date is flagged to the managers."""
    policy = policy_for_input(recorded_on, "recorded_on")
    decision = demo_notice_required(policy, sales_force, customer_service_group)
    demonstration = Demonstration.objects.create(
        partner=partner,
        prospect=prospect,
        demo_on=demo_on,
        sales_force=sales_force,
        customer_service_group=customer_service_group,
        notice_required=decision.outcome,
        advised_on=advised_on,
        recorded_on=recorded_on,
        recorded_by=acting_user,
        policy_version=decision.policy_version,
        reasons=_reasons(decision),
    )
    section = policy.windows.demo_notice_section
    if advised_on is not None:
        kind, message = "demonstration_advised", f"Advised the vendor of a demonstration to {prospect} on {demo_on}"
    else:
        kind, message = "demonstration_recorded", f"Recorded a demonstration to {prospect} on {demo_on}"
    if demonstration.notice_missing:
        kind = "demonstration_notice_missing"
        message += f" without the notice it requires ({decision.reasons[0].message})"
    record_event(
        partner=partner,
        kind=kind,
        message=message,
        section=section,
        actor=acting_user,
        data={"demonstration": demonstration.pk, "notice_required": decision.outcome},
        policy_version=decision.policy_version,
        effective_on=recorded_on,
    )
    return demonstration


@transaction.atomic
def demonstration_advise(*, demonstration: Demonstration, advised_on: dt.date, acting_user: User) -> Demonstration:
    """The partner advises the vendor of a demonstration already recorded."""
    demonstration = _locked(demonstration)
    if demonstration.advised_on is not None:
        raise Conflict(f"the vendor was already advised on {demonstration.advised_on}")
    demonstration.advised_on = advised_on
    demonstration.save(update_fields=["advised_on"])
    late = demonstration.notice_missing
    record_event(
        partner=demonstration.partner,
        kind="demonstration_advised",
        message=f"Advised the vendor of the demonstration to {demonstration.prospect} on {demonstration.demo_on}"
        + (" (after the demonstration)" if late else ""),
        section="9.1",
        actor=acting_user,
        data={"demonstration": demonstration.pk, "late": late},
        policy_version=demonstration.policy_version,
        effective_on=advised_on,
    )
    return demonstration
