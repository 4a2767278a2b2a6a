"""Joint-marketing funds (MDF) on the "Joint marketing activities" benefit (§5.1), paid under §10.2
(docs/policy.md#r6-2): which period a fund covers, who may be allocated one, and whether a plan or a claim fits.

Money is Decimal throughout; a claim never exceeds the fund's remaining amount (its budget less every claim
not refused) nor the plan's planned cost. The caller reads the remaining amount under a lock on the fund, so two
concurrent claims cannot both fit into what only one of them fits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from partnerhub.policy.benefits import entitlements
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class FundPeriod:
    label: str
    """"2019" for a Program Year, "2019Q2" for a quarter."""
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True, slots=True)
class FundFigures:
    """What a partner's fund shows (the dashboard and the console)."""

    budget: Decimal
    committed: Decimal
    """Planned cost of the pre-approved plans not claimed yet."""
    claimed: Decimal
    """Every claim not refused: the approved amount once decided, the claimed amount while waiting."""
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.claimed


_LABEL = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


def fund_period(policy: Policy, label: str) -> FundPeriod:
    """The period `label` names under the policy's `joint_marketing.budget_period`; ValueError when it names
    another kind of period ("2019" when funds are per quarter) or nothing."""
    match = _LABEL.match(label.strip().upper())
    quarterly = policy.joint_marketing.budget_period == "quarter"
    example = "2019Q2" if quarterly else "2019"
    if match is None or bool(match.group(2)) != quarterly:
        per = "quarter" if quarterly else "Program Year"
        raise ValueError(f"{label!r} is not a {per}; funds are allocated per {per}, e.g. {example}")
    year = int(match.group(1))
    if not quarterly:
        return FundPeriod(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
    quarter = int(match.group(2))
    starts = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return FundPeriod(f"{year}Q{quarter}", starts, following - dt.timedelta(days=1))


def period_of(policy: Policy, day: dt.date) -> FundPeriod:
    """The fund period `day` falls in."""
    if policy.joint_marketing.budget_period == "quarter":
        return fund_period(policy, f"{day.year}Q{(day.month - 1) // 3 + 1}")
    return fund_period(policy, str(day.year))


def entitled_reason(policy: Policy, *, classification: str, status: str, as_of: dt.date) -> Reason:
    """Does the partner hold the joint-marketing benefit on `as_of` (§5.1)?"""
    rule = policy.joint_marketing
    benefit = next((item for item in policy.benefits if item.key == rule.benefit), None)
    label = benefit.label if benefit is not None else rule.benefit
    granted = entitlements(policy, classification=classification, status=status, as_of=as_of)
    met = any(item.key == rule.benefit for item in granted.outcome)
    message = (
        f"entitled to {label!r} on {as_of.isoformat()}"
        if met
        else f"not entitled to {label!r} on {as_of.isoformat()}: "
        + ("; ".join(reason.message for reason in granted.unmet) or "its classification does not have it")
    )
    return Reason("entitled_to_joint_marketing", rule.section, message, met)


def fund_allocatable(
    policy: Policy, *, classification: str, status: str, allocated_on: dt.date, amount: Decimal
) -> Decision[bool]:
    """May a manager allocate a fund of `amount` to this partner on `allocated_on`?"""
    section = policy.joint_marketing.section
    reasons = (
        entitled_reason(policy, classification=classification, status=status, as_of=allocated_on),
        Reason(
            "amount_positive",
            section,
            f"a budget of {amount}" if amount > 0 else f"a budget must be more than 0, not {amount}",
            amount > 0,
        ),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"classification": classification, "status": status, "allocated_on": allocated_on, "amount": amount},
    )


def plan_admissible(
    policy: Policy,
    *,
    classification: str,
    status: str,
    submitted_on: dt.date,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    period: FundPeriod,
    planned_cost: Decimal,
) -> Decision[bool]:
    """May the partner submit this activity plan against its fund for `period`?"""
    rule = policy.joint_marketing
    in_period = period.starts_on <= starts_on <= ends_on <= period.ends_on
    reasons = (
        entitled_reason(policy, classification=classification, status=status, as_of=submitted_on),
        Reason(
            "activity_kind_known",
            rule.section,
            f"a {kind.replace('_', ' ')}"
            if kind in rule.activity_kinds
            else f"{kind!r} is not an activity kind; use one of {', '.join(rule.activity_kinds)}",
            kind in rule.activity_kinds,
        ),
        Reason(
            "within_fund_period",
            rule.section,
            f"{starts_on.isoformat()} to {ends_on.isoformat()} "
            + ("lies within" if in_period else "does not lie within")
            + f" the fund's period {period.label} ({period.starts_on.isoformat()} to {period.ends_on.isoformat()})",
            in_period,
        ),
        Reason(
            "planned_cost_positive",
            rule.section,
            f"a planned cost of {planned_cost}" if planned_cost > 0 else "the planned cost must be more than 0",
            planned_cost > 0,
        ),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"kind": kind, "starts_on": starts_on, "ends_on": ends_on, "period": period.label},
    )


def fits_reason(policy: Policy, *, amount: Decimal, remaining: Decimal, what: str) -> Reason:
    """Does `amount` fit into what is left of the fund?"""
    met = amount <= remaining
    message = (
        f"{what} of {amount} fits into the {remaining} left of the fund"
        if met
        else f"{what} of {amount} exceeds the {max(remaining, ZERO)} left of the fund"
    )
    return Reason("within_remaining_fund", policy.joint_marketing.section, message, met)


def claim_admissible(
    policy: Policy,
    *,
    claimed_on: dt.date,
    activity_ended_on: dt.date,
    amount: Decimal,
    planned_cost: Decimal,
    remaining: Decimal,
) -> Decision[bool]:
    """May the partner claim `amount` on `claimed_on` for a pre-approved plan (§5.1, §10.2)? After the activity,
    within the policy's claim window, at most the planned cost and at most what is left of the fund."""
    rule = policy.joint_marketing
    last_day = activity_ended_on + dt.timedelta(days=rule.claim_within_days)
    reasons = (
        Reason(
            "after_the_activity",
            rule.section,
            f"claimed on {claimed_on.isoformat()}, "
            + ("after" if claimed_on >= activity_ended_on else "before")
            + f" the activity ended ({activity_ended_on.isoformat()})",
            claimed_on >= activity_ended_on,
        ),
        Reason(
            "within_claim_window",
            rule.section,
            f"claims are due by {last_day.isoformat()} ({rule.claim_within_days} days after the activity)",
            claimed_on <= last_day,
        ),
        Reason(
            "amount_positive",
            rule.section,
            f"a claim of {amount}" if amount > 0 else "a claim must be more than 0",
            amount > 0,
        ),
        Reason(
            "within_planned_cost",
            rule.section,
            f"a claim of {amount} "
            + ("is within" if amount <= planned_cost else "exceeds")
            + f" the pre-approved planned cost of {planned_cost}",
            amount <= planned_cost,
        ),
        fits_reason(policy, amount=amount, remaining=remaining, what="a claim"),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"claimed_on": claimed_on, "amount": amount, "planned_cost": planned_cost, "remaining": remaining},
    )
