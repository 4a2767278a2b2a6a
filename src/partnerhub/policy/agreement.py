"""A partner's scope (§2.0, §4.0) and the terms of its agreement (§3.0, §3.1, §4.0, §7.1, §7.2), judged
against one policy version: what the partners app asks before it approves, re-assigns, rejoins or
changes a partner's terms.

Both rules answer a `Decision` with one reason per condition they checked. The scope's unmet reasons are
malformed input (an unknown region, product or country: the caller refuses them field by field, the
reason's code naming the field); the terms' unmet reasons are the policy refusing a well-formed term for
the classification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pycountry

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

RANK_SECTION = "3.1"
"""§3.1: only Implementation partners carry a rank (Silver, Gold …)."""
SOLUTION_SECTION = "4.0"
"""§4.0: a Solution partner is approved across geographies for a named solution."""
SOLUTION = "solution"
"""The classification whose partners name a solution."""


@dataclass(frozen=True)
class Scope:
    regions: list[str]
    territories: list[str]
    products: list[str]


def scope(
    policy: Policy, *, regions: Sequence[str], territories: Sequence[str], products: Sequence[str]
) -> Decision[Scope]:
    """Regions and products as the policy's keys, territories as ISO 3166-1 alpha-2 codes (§4.0), each once.

    One unmet reason per unknown value (its code is the field: `regions`, `territories`, `products`), and one
    when no region is named (§2.0: the requirements are met per region).
    """
    territory_section = policy.compensation.territory_section
    participation_section = policy.compensation.participation_section
    reasons: list[Reason] = []
    region_keys = {region.key.upper(): region.key for region in policy.regions}
    product_keys = {product.key.lower(): product.key for product in policy.products}

    clean_regions: list[str] = []
    for value in regions:
        key = region_keys.get(str(value).strip().upper())
        if key is None:
            reasons.append(
                Reason(
                    "regions",
                    territory_section,
                    f"{value!r} is not a region of the policy; use one of {', '.join(region_keys.values())}",
                    False,
                )
            )
        elif key not in clean_regions:
            clean_regions.append(key)
    reasons.append(
        Reason(
            "regions",
            participation_section,
            "Name at least one region (§2.0: requirements are met per region).",
            bool(regions),
        )
    )

    clean_territories: list[str] = []
    for value in territories:
        code = str(value).strip().upper()
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if country is None:
            reasons.append(
                Reason("territories", territory_section, f"{value!r} is not an ISO 3166-1 alpha-2 country code", False)
            )
        elif country.alpha_2 not in clean_territories:
            clean_territories.append(country.alpha_2)

    clean_products: list[str] = []
    for value in products:
        key = product_keys.get(str(value).strip().lower())
        if key is None:
            reasons.append(
                Reason(
                    "products",
                    territory_section,
                    f"{value!r} is not a product of the policy; use one of {', '.join(product_keys.values())}",
                    False,
                )
            )
        elif key not in clean_products:
            clean_products.append(key)

    return Decision(
        outcome=Scope(clean_regions, clean_territories, clean_products),
        policy_version=policy.version_date,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class Terms:
    """The compensation terms of a partner's IPPA and the classification-specific fields."""

    referral_fee_program: bool
    referral_fee_percent: Decimal | None
    reseller_agreement_signed: bool
    resale_discount_percent: Decimal | None
    rank: str
    solution_name: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GivenTerms:
    """The terms a request names; None: not given (the partner's current term, or the policy's default)."""

    referral_fee_program: bool | None = None
    referral_fee_percent: Decimal | None = None
    reseller_agreement_signed: bool | None = None
    resale_discount_percent: Decimal | None = None
    rank: str | None = None
    solution_name: str | None = None


def agreement_terms(
    policy: Policy, classification: str, given: GivenTerms, current: Terms | None = None
) -> Decision[Terms]:
    """The terms for `classification`: what is given, else what `current` has, else the policy's defaults
    (`Classification.referral_fee_program`, the example default percent and discount).

    One reason per term checked; an unmet one is a given term the classification cannot have. Kept terms
    the new classification cannot have (on re-assignment) are dropped and said so in `notes`.
    """
    cls = policy.classification(classification)
    referral = policy.compensation.referral_fee
    resale = policy.compensation.resale
    reasons = []
    notes = []

    enrolled = given.referral_fee_program
    if enrolled is None:
        enrolled = current.referral_fee_program if current is not None else cls.referral_fee_program
    percent = given.referral_fee_percent
    if enrolled:
        if percent is None and current is not None and current.referral_fee_program:
            percent = current.referral_fee_percent
        if percent is None:
            percent = referral.example_default_percent
    reasons.append(
        Reason(
            "referral_fee_without_program",
            referral.section,
            f"a referral fee percentage needs enrolment in the referral fee program, which {cls.name}s "
            f"{'have' if cls.referral_fee_program else 'do not have'} by default: enrol it as well",
            enrolled or percent is None,
        )
    )

    signed = given.reseller_agreement_signed
    if signed is None:
        signed = (
            current.reseller_agreement_signed
            if current is not None
            else cls.resale == "always" or cls.reseller_agreement_on_approval
        )
    resells = cls.resale == "always" or (cls.resale == "with_reseller_agreement" and signed)
    discount = given.resale_discount_percent
    if resells:
        if discount is None and current is not None:
            discount = current.resale_discount_percent
        if discount is None:
            discount = resale.example_default_discount_percent
    elif discount is None and current is not None and current.resale_discount_percent is not None:
        notes.append(f"the resale discount of {current.resale_discount_percent}% ends: {cls.name}s do not resell")
    why = "do not resell" if cls.resale == "never" else "resell only under a signed reseller agreement"
    reasons.append(
        Reason(
            "resale_discount_without_resale",
            resale.section,
            f"a resale discount needs resale rights: {cls.name}s {why}",
            resells or discount is None,
        )
    )

    clean_rank = (given.rank or "").strip()
    reasons.append(
        Reason(
            "rank_not_applicable",
            RANK_SECTION,
            f"only Implementation partners carry a rank, not {cls.name}s",
            not clean_rank or cls.has_ranks,
        )
    )
    if given.rank is None and current is not None and cls.has_ranks:
        clean_rank = current.rank

    clean_solution = (given.solution_name or "").strip()
    is_solution = classification == SOLUTION
    reasons.append(
        Reason(
            "solution_not_applicable",
            SOLUTION_SECTION,
            f"only a Solution partner is approved across geographies for a named solution, not {cls.name}s",
            not clean_solution or is_solution,
        )
    )
    if given.solution_name is None and current is not None and is_solution:
        clean_solution = current.solution_name

    return Decision(
        outcome=Terms(
            referral_fee_program=enrolled,
            referral_fee_percent=percent if enrolled else None,
            reseller_agreement_signed=signed,
            resale_discount_percent=discount if resells else None,
            rank=clean_rank,
            solution_name=clean_solution,
            notes=tuple(notes),
        ),
        policy_version=policy.version_date,
        reasons=tuple(reasons),
        facts={"classification": classification},
    )
