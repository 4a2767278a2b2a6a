"""Benefit entitlements (§5.1, docs/policy.md#r6-1) and demonstration notices (§9.1, docs/policy.md#r10-3).

A Registered Partner has its classification's column of the benefits matrix; a partner still in its
qualification window (status `approved`) has only the benefits marked `during_qualification_window`
(onboarding and online training in 2019); any other status has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Benefit, Policy

REGISTERED = "registered"
IN_QUALIFICATION_WINDOW = "approved"
BENEFITS_SECTION = "5.1"


@dataclass(frozen=True, slots=True)
class Entitlement:
    key: str
    label: str
    section: str
    requestable: bool
    may_cost: bool
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "section": self.section,
            "requestable": self.requestable,
            "may_cost": self.may_cost,
            "notes": list(self.notes),
        }


def _entitlement(benefit: Benefit, classification: str) -> Entitlement:
    return Entitlement(
        key=benefit.key,
        label=benefit.label,
        section=benefit.section,
        requestable=benefit.requestable,
        may_cost=benefit.may_cost,
        notes=benefit.notes_for(classification),
    )


def entitlements(
    policy: Policy, *, classification: str, status: str, as_of: dt.date
) -> Decision[tuple[Entitlement, ...]]:
    """The benefits a partner may use on `as_of` under `policy` (the version in force that day)."""
    klass = policy.classification(classification)
    column = policy.benefits_for(classification)
    section = policy.compensation.participation_section
    if status == REGISTERED:
        granted = column
        status_reason = Reason(
            "registered_partner",
            section,
            f"a Registered Partner on {as_of.isoformat()}: its classification's full column",
            True,
        )
    elif status == IN_QUALIFICATION_WINDOW:
        granted = tuple(benefit for benefit in column if benefit.during_qualification_window)
        status_reason = Reason(
            "registered_partner",
            section,
            f"in its qualification window on {as_of.isoformat()}: only "
            + (", ".join(benefit.label for benefit in granted) or "nothing")
            + " until it becomes a Registered Partner",
            False,
        )
    else:
        granted = ()
        status_reason = Reason(
            "registered_partner",
            section,
            f"status {status!r} on {as_of.isoformat()}: no benefits (only Registered Partners have them)",
            False,
        )
    column_reason = Reason(
        "classification_has_benefits",
        BENEFITS_SECTION,
        f"{klass.name}s have {len(column)} benefit(s) in the benefits matrix"
        if column
        else f"{klass.name}s have no benefits in the benefits matrix",
        bool(column),
    )
    outcome = tuple(_entitlement(benefit, classification) for benefit in granted)
    return Decision(
        outcome=outcome,
        policy_version=policy.version_date,
        reasons=(status_reason, column_reason),
        facts={"classification": classification, "status": status, "as_of": as_of},
    )


@dataclass(frozen=True, slots=True)
class NextTier:
    """What moving up the path of §3.0 would change in a partner's benefits: the classification it leads
    to, the benefits that one has and the current one lacks (`gained`), and those it would lose (`lost`)."""

    classification: str
    name: str
    section: str
    gained: tuple[Entitlement, ...]
    lost: tuple[Entitlement, ...]


def next_tier_benefits(policy: Policy, *, classification: str) -> Decision[NextTier | None]:
    """The benefits of the next classification up from `classification` beside its own (§3.0 path, §5.1
    matrix); outcome None when there is no classification above it."""
    klass = policy.classification(classification)
    facts: dict[str, object] = {"classification": classification}
    if klass.upgrade_to is None:
        reason = Reason("next_tier", klass.section, f"no classification is above {klass.name}s on the path", False)
        return Decision(outcome=None, policy_version=policy.version_date, reasons=(reason,), facts=facts)
    upper = policy.classification(klass.upgrade_to)
    own = {benefit.key for benefit in policy.benefits_for(classification)}
    theirs = policy.benefits_for(upper.key)
    gained = tuple(_entitlement(benefit, upper.key) for benefit in theirs if benefit.key not in own)
    lost = tuple(
        _entitlement(benefit, classification)
        for benefit in policy.benefits_for(classification)
        if benefit.key not in {item.key for item in theirs}
    )
    reasons = (
        Reason("next_tier", upper.section, f"{klass.name}s move up to {upper.name}s", True),
        Reason(
            "benefits_gained",
            BENEFITS_SECTION,
            f"{upper.name}s have {len(gained)} benefit(s) {klass.name}s do not"
            if gained
            else f"{upper.name}s have no benefit {klass.name}s lack",
            bool(gained),
        ),
    )
    return Decision(
        outcome=NextTier(upper.key, upper.name, upper.section, gained, lost),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={**facts, "next": upper.key},
    )


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One benefit of the matrix with, per classification column, its notes for it (None: not in it)."""

    key: str
    label: str
    section: str
    requestable: bool
    may_cost: bool
    during_qualification_window: bool
    columns: tuple[tuple[str, ...] | None, ...]


def benefit_catalogue(policy: Policy) -> Decision[tuple[CatalogueRow, ...]]:
    """Every benefit of `policy` with the classifications that have it (§5.1 matrix, and §3.0 where a
    classification's paragraph grants one). `facts["columns"]` are the classification keys of the columns, in
    the policy's order; a classification without any benefit gets no column but a reason saying so."""
    columns = tuple(klass for klass in policy.classifications if policy.benefits_for(klass.key))
    rows = tuple(
        CatalogueRow(
            key=benefit.key,
            label=benefit.label,
            section=benefit.section,
            requestable=benefit.requestable,
            may_cost=benefit.may_cost,
            during_qualification_window=benefit.during_qualification_window,
            columns=tuple(
                benefit.notes_for(klass.key) if klass.key in benefit.classifications else None for klass in columns
            ),
        )
        for benefit in policy.benefits
    )
    reasons = tuple(
        Reason(
            "classification_has_benefits",
            BENEFITS_SECTION,
            f"{klass.name}s have {count} benefit(s)" if count else f"{klass.name}s have no benefits in this programme",
            bool(count),
        )
        for klass in policy.classifications
        for count in (len(policy.benefits_for(klass.key)),)
    )
    return Decision(
        outcome=rows,
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"columns": tuple(klass.key for klass in columns), "names": tuple(klass.name for klass in columns)},
    )


def benefit_request_admissible(
    policy: Policy, *, benefit_key: str, classification: str, status: str, as_of: dt.date
) -> Decision[bool]:
    """May the partner send a request for `benefit_key` on `as_of`? (R6.1: request -> fulfil / decline)

    Refused for an unknown benefit, one that is not requested (it is simply available), or one the partner
    is not entitled to; the reasons cite the benefit's section. `facts["may_cost"]` tells the page to show
    the cost notice before the request is sent.
    """
    benefit = next((item for item in policy.benefits if item.key == benefit_key), None)
    if benefit is None:
        message = f"there is no benefit {benefit_key!r} in the policy"
        return Decision(
            outcome=False,
            policy_version=policy.version_date,
            reasons=(Reason("known_benefit", BENEFITS_SECTION, message, False),),
            facts={
                "benefit": benefit_key,
                "classification": classification,
                "status": status,
                "as_of": as_of,
            },
        )
    klass = policy.classification(classification)
    granted = entitlements(policy, classification=classification, status=status, as_of=as_of)
    entitled = any(entitlement.key == benefit_key for entitlement in granted.outcome)
    if entitled:
        entitled_message = f"{klass.name}s are entitled to {benefit.label!r}"
    elif classification not in benefit.classifications:
        names = ", ".join(f"{policy.classification(key).name}s" for key in benefit.classifications) or "nobody"
        entitled_message = f"{benefit.label!r} is for {names} only, not {klass.name}s"
    else:
        why = "; ".join(reason.message for reason in granted.unmet)
        entitled_message = f"not entitled to {benefit.label!r}: {why}"
    reasons = (
        Reason("known_benefit", benefit.section, f"{benefit.label!r} is a programme benefit", True),
        Reason(
            "requestable",
            benefit.section,
            f"{benefit.label!r} is provided on request"
            if benefit.requestable
            else f"{benefit.label!r} is not requested: it is available to every entitled partner",
            benefit.requestable,
        ),
        Reason("entitled", benefit.section, entitled_message, entitled),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={
            "benefit": benefit_key,
            "classification": classification,
            "status": status,
            "as_of": as_of,
            "may_cost": benefit.may_cost,
            "notes": benefit.notes_for(classification),
        },
    )


def demo_notice_required(policy: Policy, sales_force: int, customer_service_group: int) -> Decision[bool]:
    """Must the partner advise the vendor of a demonstration to this prospect? (§9.1)

    Required when the prospect's sales force or customer service group has more than the policy's number
    of people (20 in 2019). Raises ValueError for a negative head count.
    """
    if sales_force < 0 or customer_service_group < 0:
        raise ValueError("a head count cannot be negative")
    limit = policy.windows.demo_notice_more_than_people
    required = sales_force > limit or customer_service_group > limit
    largest = max(sales_force, customer_service_group)
    message = f"sales force {sales_force}, customer service group {customer_service_group}: " + (
        f"{largest} is more than {limit} people, advise the vendor of the demonstration"
        if required
        else f"neither is more than {limit} people, no notice is required"
    )
    reason = Reason("prospect_more_than_people", policy.windows.demo_notice_section, message, required)
    return Decision(
        outcome=required,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"sales_force": sales_force, "customer_service_group": customer_service_group, "limit": limit},
    )
