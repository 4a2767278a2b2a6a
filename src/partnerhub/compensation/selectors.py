"""Reads of referral fees, statements and the facts compensation decisions take (§7.1, §7.2, §2.0).

Partner users reach fees only through `visible_referral_fees`, scoped by `partners.selectors.visible_to`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.partners.selectors import UserLike, visible_to
from partnerhub.people.selectors import partner_standing
from partnerhub.policy.decision import Decision
from partnerhub.policy.model import Policy


@dataclass(frozen=True)
class CompensationTerms:
    """What the partner's IPPA says about compensation, with the policy's example defaults filled in."""

    classification: str
    referral_fee_program: bool
    referral_fee_percent: Decimal
    reseller_agreement: bool
    resale_discount_percent: Decimal
    territories: tuple[str, ...]
    defaults_used: tuple[str, ...]
    """The terms the IPPA left empty, taken from the policy's example defaults."""


def compensation_terms(partner: Partner, policy: Policy, on: dt.date) -> CompensationTerms:
    """The terms in force on `on` (for an order: its date; docs/history.md), not today's."""
    state = partner_state_on(partner, on)
    defaults = []
    percent = state.referral_fee_percent
    if percent is None:
        percent = policy.compensation.referral_fee.example_default_percent
        defaults.append("referral_fee_percent")
    discount = state.resale_discount_percent
    if discount is None:
        discount = policy.compensation.resale.example_default_discount_percent
        defaults.append("resale_discount_percent")
    return CompensationTerms(
        classification=state.classification,
        referral_fee_program=state.referral_fee_program,
        referral_fee_percent=Decimal(percent),
        reseller_agreement=state.reseller_agreement_signed,
        resale_discount_percent=Decimal(discount),
        territories=tuple(state.territories),
        defaults_used=tuple(defaults),
    )


def partner_good_standing(partner: Partner, on: dt.date) -> Decision[bool]:
    """The partner's good standing on `on` (§2.0, docs/policy.md#r2-7), with the reason for every failed condition.

    The one place compensation asks for it: `people.selectors.partner_standing`, under the policy in force on
    that date (for a fee: the order date)."""
    return partner_standing(partner, on)


def visible_referral_fees(user: UserLike) -> QuerySet[ReferralFee]:
    return visible_to(user, ReferralFee.objects.select_related("order", "partner"))


def referral_fee_for(user: UserLike, pk: object) -> ReferralFee:
    return get_object_or_404(visible_referral_fees(user), pk=pk)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (quarter - 1) + 1
    start = dt.date(year, first_month, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, first_month + 3, 1)
    return start, end - dt.timedelta(days=1)


@dataclass
class StatementTotals:
    currency: str
    earned: Decimal = Decimal("0.00")
    accrued: Decimal = Decimal("0.00")
    approved: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")

    def as_dict(self) -> dict[str, str]:
        return {
            "currency": self.currency,
            "earned": str(self.earned),
            "accrued": str(self.accrued),
            "approved": str(self.approved),
            "paid": str(self.paid),
        }


@dataclass
class Statement:
    """A partner's referral fees for one quarter: every decision on an order placed in the quarter."""

    partner: Partner
    year: int
    quarter: int
    starts_on: dt.date
    ends_on: dt.date
    fees: list[ReferralFee]
    totals: list[StatementTotals] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{self.year}Q{self.quarter}"


def statement_fees(partner: Partner, year: int, quarter: int) -> QuerySet[ReferralFee]:
    """The decisions of `partner`'s statement for the quarter, in the statement's order."""
    starts_on, ends_on = quarter_bounds(year, quarter)
    return (
        ReferralFee.objects.filter(partner=partner, decided_on__range=(starts_on, ends_on))
        .select_related("order")
        .order_by("decided_on", "id")
    )


def referral_fee_statement(partner: Partner, year: int, quarter: int) -> Statement:
    """The quarterly statement of `partner` (reached through a tenancy-scoped selector by the caller)."""
    starts_on, ends_on = quarter_bounds(year, quarter)
    fees = list(statement_fees(partner, year, quarter))
    totals: dict[str, StatementTotals] = defaultdict(lambda: StatementTotals(currency=""))
    for fee in fees:
        line = totals[fee.currency]
        line.currency = fee.currency
        if fee.eligible:
            line.earned += fee.amount
        if fee.status == FeeStatus.ACCRUED:
            line.accrued += fee.amount
        elif fee.status == FeeStatus.APPROVED:
            line.approved += fee.amount
        elif fee.status == FeeStatus.PAID:
            line.paid += fee.amount
    return Statement(
        partner=partner,
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=ends_on,
        fees=fees,
        totals=[totals[currency] for currency in sorted(totals)],
    )
