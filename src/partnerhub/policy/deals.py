"""Deal registration (§7.3): may a partner register this opportunity now? (docs/policy.md#r8-3)

Good standing is deliberately not a condition: a registered partner may register deals whether or not it
is in good standing; standing decides only whether a fee or a resale right follows (§2.0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy


def timely(order_on: dt.date, submitted_on: dt.date) -> bool:
    """A registration counts for an order only when submitted strictly before the order date (§7.3)."""
    return submitted_on < order_on


def territory_reason(policy: Policy, country: str, territories: Collection[str]) -> Reason:
    """Is `country` one of the designated territories of the partner's IPPA? (§4.0)

    Compared case-insensitively after trimming; a named region must already be expanded to its countries.
    """
    wanted = country.strip().casefold()
    inside = bool(wanted) and wanted in {territory.strip().casefold() for territory in territories}
    listed = ", ".join(sorted(territories)) or "none"
    message = (
        f"{country} is inside the designated territories ({listed})"
        if inside
        else f"{country or 'no country'} is outside the designated territories ({listed})"
    )
    return Reason("inside_designated_territory", policy.compensation.territory_section, message, inside)


def registering_status(policy: Policy, partner_status: str) -> Reason:
    """Whether a partner in `partner_status` takes part in deal registration (§2.0): only the statuses the
    policy lists register deals and have their registrations approved (a terminated, deactivated or merely
    applied partner has neither)."""
    allowed = policy.compensation.deal_registration.registering_statuses
    met = partner_status in allowed
    status = partner_status.replace("_", " ")
    message = (
        f"a partner with the status {status} may register deals"
        if met
        else f"only {' or '.join(allowed)} partners register deals, and this partner is {status}"
    )
    return Reason("partner_status_registers_deals", policy.compensation.participation_section, message, met)


def registration_approvable(policy: Policy, *, partner_status: str) -> Decision[bool]:
    """Whether the vendor may approve a pending registration of a partner in `partner_status` on the day of
    the approval: the partner must still take part in deal registration (§2.0, §7.3)."""
    reason = registering_status(policy, partner_status)
    return Decision(
        outcome=reason.met,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"partner_status": partner_status},
    )


def registration_admissible(
    policy: Policy,
    *,
    partner_status: str,
    classification: str,
    territories: Collection[str],
    country: str,
    consent_confirmed: bool,
    order_placed_on: dt.date | None,
    submitted_on: dt.date,
    submitter_is_representative: bool,
) -> Decision[bool]:
    """Whether a registration submitted on `submitted_on` is accepted for the vendor to qualify (§7.3).

    `order_placed_on` is the date of an order already placed for this opportunity, if any. Every condition
    is checked and reported, so a refusal lists all that is wrong at once.
    """
    rule = policy.compensation.deal_registration
    klass = policy.classification(classification)

    if order_placed_on is None:
        before_order = True
        order_message = "no order has been placed for this opportunity"
    else:
        before_order = timely(order_placed_on, submitted_on)
        order_message = (
            f"submitted on {submitted_on.isoformat()}, before the order of {order_placed_on.isoformat()}"
            if before_order
            else (
                f"submitted on {submitted_on.isoformat()}, but an order was placed on "
                f"{order_placed_on.isoformat()}: under no circumstances is deal registration considered "
                "after an order has been placed"
            )
        )

    benefit = next((item for item in policy.benefits if item.key == rule.benefit), None)
    has_benefit = benefit is not None and classification in benefit.classifications
    benefit_label = benefit.label if benefit is not None else rule.benefit
    benefit_message = (
        f"{klass.name}s have the benefit {benefit_label!r}"
        if has_benefit
        else f"{klass.name}s do not have the benefit {benefit_label!r}"
    )

    reasons = (
        Reason("before_any_order", rule.section, order_message, before_order),
        registering_status(policy, partner_status),
        Reason(
            "classification_has_deal_registration",
            benefit.section if benefit is not None else "5.1",
            benefit_message,
            has_benefit,
        ),
        territory_reason(policy, country, territories),
        Reason(
            "personal_data_consent_confirmed",
            rule.section,
            "the submitter confirmed that the data subjects were notified and consented"
            if consent_confirmed
            else "the submitter has not confirmed that the data subjects were notified and consented",
            consent_confirmed,
        ),
        Reason(
            "submitted_by_designated_representative",
            rule.section,
            "submitted by a Designated Partner Representative"
            if submitter_is_representative
            else "only a Designated Partner Representative of the partner may submit a registration",
            submitter_is_representative,
        ),
    )
    admissible = all(reason.met for reason in reasons)
    return Decision(
        outcome=admissible,
        policy_version=policy.version_date,
        reasons=reasons,
        facts={
            "partner_status": partner_status,
            "classification": classification,
            "territories": sorted(territories),
            "country": country,
            "consent_confirmed": consent_confirmed,
            "order_placed_on": order_placed_on,
            "submitted_on": submitted_on,
            "submitter_is_representative": submitter_is_representative,
        },
    )
