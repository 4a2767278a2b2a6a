"""Writes of the benefits app: Amelia Marketplace (§3.0)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import ListingReview, ListingStatus, MarketplaceListing
from partnerhub.benefits.services.common import decision_reasons, locked, require_state
from partnerhub.core.errors import refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import licenses
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import policy_for_input


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
        reasons=decision_reasons(decision),
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.MARKETPLACE_LISTING_SUBMITTED,
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
    listing = locked(listing)
    require_state(listing, [ListingStatus.CHANGES_REQUESTED, ListingStatus.WITHDRAWN], "resubmit the listing")
    decision = _marketplace_entitled(listing.partner, submitted_on, "submitted_on")
    listing.status = ListingStatus.SUBMITTED
    listing.submitted_on = submitted_on
    listing.submitted_by = acting_user
    listing.withdrawn_on = None
    listing.withdrawal_reason = ""
    listing.policy_version = decision.policy_version
    listing.reasons = decision_reasons(decision)
    listing.save()
    record_event(
        partner=listing.partner,
        kind=BenefitsEventKind.MARKETPLACE_LISTING_SUBMITTED,
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
    listing = locked(listing)
    require_state(listing, [ListingStatus.SUBMITTED], "review the listing")
    decision = licenses.marketplace_review(policy_for_input(reviewed_on, "reviewed_on"), checklist)
    review = ListingReview.objects.create(
        listing=listing,
        reviewed_on=reviewed_on,
        reviewer=acting_user,
        checklist=dict(checklist),
        passed=decision.outcome,
        notes=notes,
        policy_version=decision.policy_version,
        reasons=decision_reasons(decision),
    )
    listing.status = ListingStatus.APPROVED if decision.outcome else ListingStatus.CHANGES_REQUESTED
    listing.save(update_fields=["status"])
    missing = [reason.message for reason in decision.unmet]
    record_event(
        partner=listing.partner,
        kind=BenefitsEventKind.MARKETPLACE_LISTING_REVIEWED,
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
    listing = locked(listing)
    require_state(listing, [ListingStatus.APPROVED], "publish the listing")
    decision = _marketplace_entitled(listing.partner, published_on, "published_on")
    listing.status = ListingStatus.PUBLISHED
    listing.published_on = published_on
    listing.save(update_fields=["status", "published_on"])
    record_event(
        partner=listing.partner,
        kind=BenefitsEventKind.MARKETPLACE_LISTING_PUBLISHED,
        message=f"Published {listing.title!r} in the Amelia Marketplace",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk},
        policy_version=decision.policy_version,
        effective_on=published_on,
    )
    mail_partner(listing.partner, "benefits/mail/listing_published.txt", listing=listing, published_on=published_on)
    return listing


@transaction.atomic
def listing_withdraw(
    *, listing: MarketplaceListing, withdrawn_on: dt.date, reason: str, acting_user: User
) -> MarketplaceListing:
    listing = locked(listing)
    require_state(
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
        kind=BenefitsEventKind.MARKETPLACE_LISTING_WITHDRAWN,
        message=f"Withdrew {listing.title!r} from the Amelia Marketplace: {reason}",
        section=licenses.MARKETPLACE_SECTION,
        actor=acting_user,
        data={"listing": listing.pk, "reason": reason},
        policy_version=listing.policy_version,
        effective_on=withdrawn_on,
    )
    return listing
