"""Partner compensation (§7): referral fees (§7.2, docs/policy.md#r8-2) and resale prices (§7.1, docs/policy.md#r8-1).

Both rules check every condition and keep every reason, met or not, so a refused fee or price says
everything that was wrong. Good standing is an input: it is computed elsewhere for the relevant date and
its failed conditions are repeated in the reason here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from partnerhub.policy.deals import territory_reason, timely
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.fees import to_cents
from partnerhub.policy.model import Policy
from partnerhub.policy.protection import in_force_on

HUNDRED = Decimal(100)
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class RegistrationFact:
    """What is known of the deal registration of the ordered opportunity (§7.3)."""

    submitted_on: dt.date
    approved: bool
    """Approved by the vendor, whenever: the approval may come after the order."""
    partner_matches: bool
    """Submitted by the partner claiming the fee."""
    protected_until: dt.date | None = None
    """The last day its approval protected the opportunity (docs/policy.md#r8-4); None: no window."""

    def as_dict(self) -> dict[str, object]:
        return {
            "submitted_on": self.submitted_on,
            "approved": self.approved,
            "partner_matches": self.partner_matches,
            "protected_until": self.protected_until,
        }


@dataclass(frozen=True, slots=True)
class FeeOutcome:
    eligible: bool
    amount: Decimal
    currency: str
    percent: Decimal
    first_year_net_revenue: Decimal

    def as_dict(self) -> dict[str, object]:
        return {
            "eligible": self.eligible,
            "amount": str(self.amount),
            "currency": self.currency,
            "percent": str(self.percent),
            "first_year_net_revenue": str(self.first_year_net_revenue),
        }


@dataclass(frozen=True, slots=True)
class PriceOutcome:
    allowed: bool
    price: Decimal | None
    """List price less the discount, in cents; None when resale is refused."""
    list_price: Decimal
    discount_percent: Decimal
    currency: str

    def as_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "price": None if self.price is None else str(self.price),
            "list_price": str(self.list_price),
            "discount_percent": str(self.discount_percent),
            "currency": self.currency,
        }


def _check_percent(name: str, value: Decimal) -> None:
    if not value.is_finite() or not 0 <= value <= HUNDRED:
        raise ValueError(f"{name} must be between 0 and 100, not {value}")


def _check_amount(name: str, value: Decimal) -> None:
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name} must be a non-negative amount, not {value}")


def standing_reason(policy: Policy, standing: Decision[bool], on: dt.date | None = None) -> Reason:
    """The good-standing condition (§2.0), summarising what the standing decision found missing."""
    when = f" on {on.isoformat()}" if on is not None else ""
    met = bool(standing.outcome)
    if met:
        message = f"in good standing{when}"
    else:
        failed = "; ".join(f"{reason.message} (§{reason.section})" for reason in standing.unmet)
        message = f"not in good standing{when}: {failed or 'no reason recorded'}"
    return Reason("good_standing", policy.compensation.participation_section, message, met)


def _registration_reasons(
    policy: Policy, registration: RegistrationFact | None, ordered_on: dt.date
) -> tuple[Reason, ...]:
    section = policy.compensation.deal_registration.section
    if registration is None:
        return (
            Reason("registered_by_partner", section, "no registration of this opportunity", False),
            Reason(
                "registered_before_order",
                section,
                f"no registration submitted before the order of {ordered_on.isoformat()}",
                False,
            ),
            Reason("registration_approved", section, "no registration for the vendor to approve", False),
        )
    submitted = registration.submitted_on.isoformat()
    in_time = timely(ordered_on, registration.submitted_on)
    return (
        Reason(
            "registered_by_partner",
            section,
            f"registered by this partner on {submitted}"
            if registration.partner_matches
            else "the opportunity was registered by another partner",
            registration.partner_matches,
        ),
        Reason(
            "registered_before_order",
            section,
            f"registration submitted on {submitted}, "
            + ("before" if in_time else "not before")
            + f" the order date {ordered_on.isoformat()}",
            in_time,
        ),
        Reason(
            "registration_approved",
            section,
            "the registration was approved by the vendor"
            if registration.approved
            else "the registration has not been approved by the vendor",
            registration.approved,
        ),
        *_in_force_reason(policy, registration, ordered_on),
    )


def _in_force_reason(policy: Policy, registration: RegistrationFact, ordered_on: dt.date) -> tuple[Reason, ...]:
    """A registration with a protection window counts only while in force on the order date (docs/policy.md#r8-4);
    one without a window (the 2019 policy) holds its opportunity until won or lost, so nothing is checked."""
    until = registration.protected_until
    if until is None:
        return ()
    met = in_force_on(until, ordered_on)
    message = (
        f"the registration was in force on the order date: protected through {until.isoformat()}"
        if met
        else f"the registration's protection ended on {until.isoformat()}, before the order of {ordered_on.isoformat()}"
    )
    return (Reason("registration_in_force_on_order_date", policy.deals.section, message, met),)


def referral_fee(
    policy: Policy,
    *,
    enrolled: bool,
    standing: Decision[bool],
    net_new: bool,
    country: str,
    territories: Collection[str],
    registration: RegistrationFact | None,
    ordered_on: dt.date,
    first_year_net_revenue: Decimal,
    percent: Decimal,
    currency: str,
) -> Decision[FeeOutcome]:
    """The referral fee earned on an order (§7.2): percent / 100 x First Year Net Revenue, or 0.00.

    `standing` is the partner's good standing on `ordered_on`. Raises ValueError for a percentage outside
    0-100 or a negative revenue.
    """
    _check_percent("the referral fee percentage", percent)
    _check_amount("First Year Net Revenue", first_year_net_revenue)
    section = policy.compensation.referral_fee.section
    reasons = (
        Reason(
            "enrolled_in_referral_fee_program",
            section,
            "enrolled in the referral fee program" if enrolled else "not enrolled in the referral fee program",
            enrolled,
        ),
        standing_reason(policy, standing, ordered_on),
        Reason(
            "net_new_business",
            section,
            "the end customer is net-new business" if net_new else "the end customer is not net-new business",
            net_new,
        ),
        territory_reason(policy, country, territories),
        *_registration_reasons(policy, registration, ordered_on),
    )
    eligible = all(reason.met for reason in reasons)
    amount = to_cents(percent * first_year_net_revenue / HUNDRED) if eligible else ZERO
    outcome = FeeOutcome(
        eligible=eligible,
        amount=amount,
        currency=currency,
        percent=percent,
        first_year_net_revenue=first_year_net_revenue,
    )
    return Decision(
        outcome=outcome,
        policy_version=policy.version_date,
        reasons=reasons,
        facts={
            "enrolled": enrolled,
            "good_standing": bool(standing.outcome),
            "net_new": net_new,
            "country": country,
            "territories": sorted(territories),
            "registration": registration,
            "ordered_on": ordered_on,
            "basis": policy.compensation.referral_fee.basis,
        },
    )


def _classification_reasons(policy: Policy, classification: str, reseller_agreement: bool) -> tuple[Reason, Reason]:
    klass = policy.classification(classification)
    section = policy.compensation.resale.section
    resale_rights = {
        "never": f"{klass.name}s have no resale rights",
        "always": f"{klass.name}s resell by classification",
        "with_reseller_agreement": f"{klass.name}s may resell under a reseller agreement",
    }
    kind = Reason("classification_may_resell", klass.section, resale_rights[klass.resale], klass.resale != "never")
    if klass.resale == "always":
        agreement = Reason(
            "reseller_agreement",
            section,
            f"{klass.name}s need no separate reseller agreement",
            True,
        )
    else:
        agreement = Reason(
            "reseller_agreement",
            section,
            "a reseller agreement is signed" if reseller_agreement else "no reseller agreement is signed",
            reseller_agreement,
        )
    return kind, agreement


def resale_price(
    policy: Policy,
    *,
    classification: str,
    reseller_agreement: bool,
    standing: Decision[bool],
    country: str,
    territories: Collection[str],
    list_price: Decimal,
    discount_percent: Decimal,
    currency: str,
) -> Decision[PriceOutcome]:
    """The price a partner pays to resell (§7.1): list price less its agreed discount, or refused (None).

    Raises ValueError for a discount outside 0-100 or a negative list price.
    """
    _check_percent("the resale discount", discount_percent)
    _check_amount("the list price", list_price)
    reasons = (
        *_classification_reasons(policy, classification, reseller_agreement),
        standing_reason(policy, standing),
        territory_reason(policy, country, territories),
    )
    allowed = all(reason.met for reason in reasons)
    price = to_cents(list_price * (HUNDRED - discount_percent) / HUNDRED) if allowed else None
    outcome = PriceOutcome(
        allowed=allowed,
        price=price,
        list_price=list_price,
        discount_percent=discount_percent,
        currency=currency,
    )
    return Decision(
        outcome=outcome,
        policy_version=policy.version_date,
        reasons=reasons,
        facts={
            "classification": classification,
            "reseller_agreement": reseller_agreement,
            "good_standing": bool(standing.outcome),
            "country": country,
            "territories": sorted(territories),
        },
    )
