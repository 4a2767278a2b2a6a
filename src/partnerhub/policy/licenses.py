"""The licenses of §10 and the benefits that need a rule beyond the matrix (§3.0, §5.1, §10.1-§10.3).

Each function returns a `Decision` with one `Reason` per condition, so a refusal lists everything that is
wrong at once and the API, the admin and the stored history show the same reasons. Entitlement itself is
always `benefits.entitlements` (the matrix of the version in force); territories are
`deals.territory_reason` (§4.0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from partnerhub.policy.benefits import benefit_request_admissible, entitlements
from partnerhub.policy.deals import territory_reason
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

PRODUCT_SUBSCRIPTION_SECTION = "10.1"
MARKETING_SERVICES_SECTION = "10.2"
MARKETPLACE_SECTION = "3.0"

WEB_LEADS_BENEFIT = "web_leads"
MARKETPLACE_BENEFIT = "marketplace_listing"
MARKETING_BENEFIT = "marketing_best_practices"
TRADEMARK_BENEFIT = "partner_program_logo"

SUBSCRIPTION_PURPOSES = ("demonstration", "training")
IN_PROGRAM_STATUSES = ("approved", "registered")

# The "set standards" a solution must meet to be represented in the Amelia Marketplace (§3.0). The document
# names none beyond productized domain offerings built on IPsoft technology and agreed support and delivery
# processes; these are the product's interpretation, recorded item by item with every review.
MARKETPLACE_STANDARDS: Mapping[str, str] = {
    "built_on_ipsoft_technology": "The solution is built on top of or leverages IPsoft technology",
    "productized_offering": "A productized, repeatable offering based on the partner's domain expertise",
    "support_process_agreed": "Support process agreed with the vendor (who answers the End Customer, how)",
    "delivery_process_agreed": "Delivery process agreed with the vendor",
    "documentation_complete": "Customer-facing documentation and listing copy are complete and accurate",
    "branding_compliant": "Listing follows the vendor's branding and trademark usage guidelines (§10.2, §10.3)",
}


def _entitled_reason(
    policy: Policy, *, benefit_key: str, classification: str, status: str, as_of: dt.date, section: str
) -> Reason:
    """Does the partner hold `benefit_key` on `as_of` (benefits matrix of the version in force)?"""
    benefit = next((item for item in policy.benefits if item.key == benefit_key), None)
    label = benefit.label if benefit is not None else benefit_key
    granted = entitlements(policy, classification=classification, status=status, as_of=as_of)
    if any(entitlement.key == benefit_key for entitlement in granted.outcome):
        return Reason("entitled", section, f"entitled to {label!r} on {as_of.isoformat()}", True)
    klass = policy.classification(classification)
    if benefit is not None and classification not in benefit.classifications:
        names = ", ".join(f"{policy.classification(key).name}s" for key in benefit.classifications) or "nobody"
        message = f"{label!r} is for {names} only, not {klass.name}s"
    else:
        message = f"not entitled to {label!r}: " + "; ".join(reason.message for reason in granted.unmet)
    return Reason("entitled", section, message, False)


def _product_line_reason(product: str, products: Collection[str], section: str) -> Reason:
    """Is `product` one of the product lines the partner's IPPA authorizes it for?"""
    inside = product in products
    listed = ", ".join(sorted(products)) or "none"
    verb = "is" if inside else "is not"
    return Reason(
        "authorized_product_line", section, f"{product} {verb} one of the partner's product lines ({listed})", inside
    )


def benefit_request_sendable(
    policy: Policy, *, benefit_key: str, classification: str, status: str, as_of: dt.date, acknowledged_cost: bool
) -> Decision[bool]:
    """May this request be sent now? `benefits.benefit_request_admissible`, plus: a benefit that may come
    with a cost is sent only once the partner has seen that (§5.1 footnotes, docs/policy.md#r6-1)."""
    admissible = benefit_request_admissible(
        policy, benefit_key=benefit_key, classification=classification, status=status, as_of=as_of
    )
    may_cost = bool(admissible.facts.get("may_cost"))
    cost_ok = acknowledged_cost or not may_cost
    notes = "; ".join(admissible.facts.get("notes", ())) or "May come with an associated cost."
    reasons = admissible.reasons
    if may_cost:
        reasons += (
            Reason(
                "cost_acknowledged",
                "5.1",
                f"the partner acknowledged: {notes}"
                if cost_ok
                else f"{notes} Send the request again with acknowledged_cost true once you have read this.",
                cost_ok,
            ),
        )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=admissible.policy_version,
        reasons=reasons,
        facts={**admissible.facts, "acknowledged_cost": acknowledged_cost},
    )


def web_lead_offer_admissible(
    policy: Policy,
    *,
    classification: str,
    status: str,
    territories: Collection[str],
    products: Collection[str],
    country: str,
    product: str,
    as_of: dt.date,
) -> Decision[bool]:
    """May a lead from the web (end customer in `country`, for `product`) be offered to this partner?

    The partner must hold the "Leads from the web" benefit (§5.1), the country must be one of its designated
    territories (§4.0) and the product one of the product lines it is authorized for (interpretation: leads
    go to partners by territory and product line).
    """
    reasons = (
        _entitled_reason(
            policy,
            benefit_key=WEB_LEADS_BENEFIT,
            classification=classification,
            status=status,
            as_of=as_of,
            section="5.1",
        ),
        territory_reason(policy, country, territories),
        _product_line_reason(product, products, "5.1"),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"country": country, "product": product, "classification": classification, "status": status},
    )


def marketplace_submission_admissible(
    policy: Policy, *, classification: str, status: str, as_of: dt.date
) -> Decision[bool]:
    """May the partner submit a solution for the Amelia Marketplace? Solution partners only (§3.0)."""
    reason = _entitled_reason(
        policy,
        benefit_key=MARKETPLACE_BENEFIT,
        classification=classification,
        status=status,
        as_of=as_of,
        section=MARKETPLACE_SECTION,
    )
    return Decision(
        outcome=reason.met,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"classification": classification, "status": status, "as_of": as_of},
    )


def marketplace_review(policy: Policy, checklist: Mapping[str, bool]) -> Decision[bool]:
    """Does a listing meet the set standards (§3.0)? One reason per standard; all must be met to publish.

    Raises ValueError when `checklist` does not answer exactly the standards of `MARKETPLACE_STANDARDS`.
    """
    unknown = sorted(set(checklist) - set(MARKETPLACE_STANDARDS))
    missing = sorted(set(MARKETPLACE_STANDARDS) - set(checklist))
    if unknown or missing:
        problems = []
        if missing:
            problems.append("unanswered: " + ", ".join(missing))
        if unknown:
            problems.append("unknown: " + ", ".join(unknown))
        raise ValueError("the checklist must answer every standard; " + "; ".join(problems))
    reasons = tuple(
        Reason(
            key,
            MARKETPLACE_SECTION,
            f"{label}: " + ("met" if checklist[key] else "not met"),
            bool(checklist[key]),
        )
        for key, label in MARKETPLACE_STANDARDS.items()
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"checklist": dict(checklist)},
    )


def product_subscription_admissible(
    policy: Policy,
    *,
    status: str,
    purpose: str,
    product: str,
    products: Collection[str],
    starts_on: dt.date,
    ends_on: dt.date,
) -> Decision[bool]:
    """May the vendor give a partner's user log-in credentials to `product` (§10.1)?

    Solely for demonstration or training; only to a partner in the program (in its qualification window or
    registered: online training is a benefit of the window too); only for a product line its IPPA covers;
    for a period that ends on or after it starts.
    """
    section = PRODUCT_SUBSCRIPTION_SECTION
    purpose_ok = purpose in SUBSCRIPTION_PURPOSES
    in_program = status in IN_PROGRAM_STATUSES
    period_ok = ends_on >= starts_on
    reasons = (
        Reason(
            "demonstration_or_training",
            section,
            f"for {purpose}" if purpose_ok else f"{purpose!r} is not demonstration or training",
            purpose_ok,
        ),
        Reason(
            "partner_in_program",
            section,
            f"partner status {status!r} is in the program"
            if in_program
            else f"partner status {status!r}: subscriptions go only to partners in the program",
            in_program,
        ),
        _product_line_reason(product, products, section),
        Reason(
            "period",
            section,
            f"from {starts_on.isoformat()} to {ends_on.isoformat()}"
            if period_ok
            else f"ends ({ends_on.isoformat()}) before it starts ({starts_on.isoformat()})",
            period_ok,
        ),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={"purpose": purpose, "product": product, "starts_on": starts_on, "ends_on": ends_on},
    )


def marketing_access_admissible(policy: Policy, *, classification: str, status: str, as_of: dt.date) -> Decision[bool]:
    """May the partner (and third parties acting for it) use the Marketing Services (§10.2)?

    Interpretation: the license follows the "Marketing and sales best practices and tools" benefit (§5.1).
    """
    reason = _entitled_reason(
        policy,
        benefit_key=MARKETING_BENEFIT,
        classification=classification,
        status=status,
        as_of=as_of,
        section=MARKETING_SERVICES_SECTION,
    )
    return Decision(
        outcome=reason.met,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"classification": classification, "status": status, "as_of": as_of},
    )


def program_year_bounds(policy: Policy, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of Program Year `year` (§8.0: 1 January to 31 December)."""
    first = policy.calendar.program_year_starts.in_year(year)
    return first, policy.calendar.program_year_starts.in_year(year + 1) - dt.timedelta(days=1)


def trademark_use_admissible(
    policy: Policy,
    *,
    classification: str,
    status: str,
    territories: Collection[str],
    territory: str,
    starts_on: dt.date,
    ends_on: dt.date,
    as_of: dt.date,
) -> Decision[bool]:
    """May the vendor approve this use of its marks (§10.3)?

    Only for a partner whose classification includes the program logo benefit (§5.1, "subject to its
    inclusion as a Program Benefit"), in one of its designated territories (§4.0), during one Program Year
    (§10.3), and not for a period that has already ended on `as_of` (the approval is prior, never after).
    """
    section = policy.windows.trademark_section
    first, last = program_year_bounds(policy, starts_on.year)
    in_year = starts_on <= ends_on <= last and starts_on >= first
    not_past = ends_on >= as_of
    inside = territory_reason(policy, territory, territories)
    reasons = (
        _entitled_reason(
            policy,
            benefit_key=TRADEMARK_BENEFIT,
            classification=classification,
            status=status,
            as_of=as_of,
            section=section,
        ),
        Reason(
            "trademark_territory",
            section,
            f"the license covers {territory}, a designated territory"
            if inside.met
            else f"the license covers only the designated territories, not {territory or 'no territory'}",
            inside.met,
        ),
        inside,
        Reason(
            "trademark_program_year",
            section,
            f"from {starts_on.isoformat()} to {ends_on.isoformat()}, within Program Year {starts_on.year}"
            if in_year
            else (
                f"from {starts_on.isoformat()} to {ends_on.isoformat()} is not within one Program Year "
                f"({first.isoformat()} to {last.isoformat()}): the license runs during the Program Year"
            ),
            in_year,
        ),
        Reason(
            "prior_approval",
            section,
            f"ends on {ends_on.isoformat()}, not before {as_of.isoformat()}"
            if not_past
            else f"the period ended on {ends_on.isoformat()}, before {as_of.isoformat()}: approval is prior",
            not_past,
        ),
    )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=reasons,
        facts={
            "territory": territory,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "program_year": starts_on.year,
            "as_of": as_of,
        },
    )
