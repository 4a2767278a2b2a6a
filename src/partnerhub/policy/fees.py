"""Program fees: the whole year, the quarters left, renewals and waivers (§2.0, §5.1, docs/policy.md#r7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from partnerhub.policy.calendar import quarter_of
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

CENT = Decimal("0.01")
QUARTERS_IN_YEAR = 4


@dataclass(frozen=True, slots=True)
class FeeLine:
    description: str
    amount: Decimal
    section: str

    def as_dict(self) -> dict[str, object]:
        return {"description": self.description, "amount": str(self.amount), "section": self.section}


@dataclass(frozen=True, slots=True)
class FeeQuote:
    program_year: int
    classification: str
    annual_fee: Decimal
    quarters_charged: int
    amount: Decimal
    currency: str
    waived: bool
    lines: tuple[FeeLine, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "program_year": self.program_year,
            "classification": self.classification,
            "annual_fee": str(self.annual_fee),
            "quarters_charged": self.quarters_charged,
            "amount": str(self.amount),
            "currency": self.currency,
            "waived": self.waived,
            "lines": [line.as_dict() for line in self.lines],
        }


def invoice_overdue(*, due_on: dt.date | None, waived: bool, paid_on: dt.date | None, as_of: dt.date) -> bool:
    """Whether a program-fee invoice is overdue on `as_of`: its due date lies before `as_of` and it was
    neither waived nor paid on or before `as_of`. An overdue invoice breaks good standing (§2.0).

    The one definition: the facts for the rules, the API, the pages and the managers' queue all ask here
    (or, for a query, `billing.selectors.overdue_on`, which says the same in SQL). It is judged by date, as
    every state is: an invoice paid after `as_of` was overdue on `as_of`.
    """
    settled = waived or (paid_on is not None and paid_on <= as_of)
    return due_on is not None and due_on < as_of and not settled


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def program_fee(
    policy: Policy, classification: str, accepted_on: dt.date, *, rejoining_same_year: bool = False
) -> Decision[FeeQuote]:
    """The fee invoiced when a partner is accepted on `accepted_on` (R7.2), or waived on rejoining (R2.5)."""
    fees = policy.fees
    annual = fees.annual[classification]
    name = policy.classification(classification).name
    quarter = quarter_of(policy, accepted_on).outcome
    cutoff = fees.full_year_if_accepted_on_or_before.in_year(accepted_on.year)
    full_year = accepted_on <= cutoff
    quarters = QUARTERS_IN_YEAR if full_year else QUARTERS_IN_YEAR - quarter.number + 1

    reasons = [
        Reason(
            "accepted_on_or_before_cutoff",
            fees.section,
            f"accepted on {accepted_on.isoformat()}, "
            + ("on or before" if full_year else "after")
            + f" {cutoff.isoformat()}: "
            + ("the entire Program Year is charged" if full_year else "the fee is pro-rated to the quarter"),
            full_year,
        )
    ]
    lines = [FeeLine(f"Annual program fee, {name}, Program Year {accepted_on.year}", annual, fees.section)]
    if full_year:
        amount = annual
    else:
        amount = to_cents(annual * quarters / QUARTERS_IN_YEAR)
        lines.append(
            FeeLine(
                f"Pro-rated to the quarter: {quarters} of {QUARTERS_IN_YEAR} quarters charged, "
                f"{quarter.key} (the quarter of enrollment) included",
                amount - annual,
                fees.section,
            )
        )
        reasons.append(
            Reason(
                "quarters_charged",
                fees.section,
                f"{quarters} quarter(s) left in {accepted_on.year} including {quarter.key}: "
                f"{annual} x {quarters}/{QUARTERS_IN_YEAR} = {amount}",
                True,
            )
        )

    waived = rejoining_same_year and fees.waive_on_rejoin_same_program_year
    if waived:
        lines.append(
            FeeLine(
                f"Waived: rejoining after fulfilling the requirements in Program Year {accepted_on.year}",
                -amount,
                "2.0",
            )
        )
        reasons.append(
            Reason(
                "rejoin_waiver",
                "2.0",
                "the fee is waived for a partner rejoining in the same Program Year",
                True,
            )
        )
        amount = Decimal("0.00")

    quote = FeeQuote(
        program_year=accepted_on.year,
        classification=classification,
        annual_fee=annual,
        quarters_charged=quarters,
        amount=to_cents(amount),
        currency=fees.currency,
        waived=waived,
        lines=tuple(lines),
    )
    return Decision(
        outcome=quote,
        policy_version=policy.version_date,
        reasons=tuple(reasons),
        facts={
            "classification": classification,
            "accepted_on": accepted_on,
            "example_amounts": fees.example_amounts,
        },
    )


def renewal_fee(policy: Policy, classification: str, program_year: int) -> Decision[FeeQuote]:
    """The full fee of the Program Year a membership renews into on 1 January (R7.4)."""
    fees = policy.fees
    annual = fees.annual[classification]
    name = policy.classification(classification).name
    line = FeeLine(
        f"Annual program fee, {name}, Program Year {program_year} (automatic renewal on 1 January)",
        annual,
        fees.section,
    )
    quote = FeeQuote(
        program_year=program_year,
        classification=classification,
        annual_fee=annual,
        quarters_charged=QUARTERS_IN_YEAR,
        amount=to_cents(annual),
        currency=fees.currency,
        waived=False,
        lines=(line,),
    )
    reason = Reason(
        "automatic_renewal",
        fees.section,
        f"the membership renewed for Program Year {program_year}: the entire year is charged",
        True,
    )
    return Decision(
        outcome=quote,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={
            "classification": classification,
            "program_year": program_year,
            "example_amounts": fees.example_amounts,
        },
    )
