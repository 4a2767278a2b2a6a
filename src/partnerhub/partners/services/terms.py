"""A partner's scope (regions, territories, products) and agreement terms, cleaned against the policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError

from partnerhub.core.errors import PolicyViolation, Violation
from partnerhub.partners.models import (
    Partner,
)
from partnerhub.policy.model import Policy


def classification_name(policy: Policy, key: str) -> str:
    return policy.classification(key).name


@dataclass(frozen=True)
class Scope:
    regions: list[str]
    territories: list[str]
    products: list[str]


def clean_scope(
    policy: Policy, *, regions: Sequence[str], territories: Sequence[str], products: Sequence[str]
) -> Scope:
    """Regions and products as the policy's keys, territories as ISO 3166-1 alpha-2 codes (§4.0), each once.

    Raises ValidationError naming every unknown value.
    """
    errors: dict[str, list[str]] = {}
    region_keys = {region.key.upper(): region.key for region in policy.regions}
    product_keys = {product.key.lower(): product.key for product in policy.products}

    clean_regions = []
    for value in regions:
        key = region_keys.get(str(value).strip().upper())
        if key is None:
            errors.setdefault("regions", []).append(
                f"{value!r} is not a region of the policy; use one of {', '.join(region_keys.values())}"
            )
        elif key not in clean_regions:
            clean_regions.append(key)
    if not regions:
        errors.setdefault("regions", []).append("Name at least one region (§2.0: requirements are met per region).")

    clean_territories = []
    for value in territories:
        code = str(value).strip().upper()
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if country is None:
            errors.setdefault("territories", []).append(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        elif country.alpha_2 not in clean_territories:
            clean_territories.append(country.alpha_2)

    clean_products = []
    for value in products:
        key = product_keys.get(str(value).strip().lower())
        if key is None:
            errors.setdefault("products", []).append(
                f"{value!r} is not a product of the policy; use one of {', '.join(product_keys.values())}"
            )
        elif key not in clean_products:
            clean_products.append(key)

    if errors:
        raise ValidationError(errors)
    return Scope(clean_regions, clean_territories, clean_products)


def known_classification(policy: Policy, key: str, field: str = "classification") -> str:
    if key not in {c.key for c in policy.classifications}:
        known = ", ".join(c.key for c in policy.classifications)
        raise ValidationError({field: [f"{key!r} is not a classification of the policy; use one of {known}"]})
    return key


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


def agreement_terms(
    policy: Policy,
    classification: str,
    *,
    referral_fee_program: bool | None = None,
    referral_fee_percent: Decimal | None = None,
    reseller_agreement_signed: bool | None = None,
    resale_discount_percent: Decimal | None = None,
    rank: str | None = None,
    solution_name: str | None = None,
    current: Partner | None = None,
) -> Terms:
    """The terms for `classification`: what is given, else what `current` has, else the policy's defaults
    (`Classification.referral_fee_program`, the example default percent and discount).

    Raises PolicyViolation listing every given term the classification cannot have. Kept terms the new
    classification cannot have (on re-assignment) are dropped and said so in `notes`.
    """
    cls = policy.classification(classification)
    violations = []
    notes = []

    enrolled = referral_fee_program
    if enrolled is None:
        enrolled = current.referral_fee_program if current is not None else cls.referral_fee_program
    percent = referral_fee_percent
    if enrolled:
        if percent is None and current is not None and current.referral_fee_program:
            percent = current.referral_fee_percent
        if percent is None:
            percent = policy.compensation.referral_fee.example_default_percent
    elif percent is not None:
        violations.append(
            Violation(
                "referral_fee_without_program",
                policy.compensation.referral_fee.section,
                f"a referral fee percentage needs enrolment in the referral fee program, which {cls.name}s "
                f"{'have' if cls.referral_fee_program else 'do not have'} by default: enrol it as well",
            )
        )

    signed = reseller_agreement_signed
    if signed is None:
        signed = (
            current.reseller_agreement_signed
            if current is not None
            else cls.resale == "always" or cls.reseller_agreement_on_approval
        )
    resells = cls.resale == "always" or (cls.resale == "with_reseller_agreement" and signed)
    discount = resale_discount_percent
    if resells:
        if discount is None and current is not None:
            discount = current.resale_discount_percent
        if discount is None:
            discount = policy.compensation.resale.example_default_discount_percent
    elif discount is not None:
        why = "do not resell" if cls.resale == "never" else "resell only under a signed reseller agreement"
        violations.append(
            Violation(
                "resale_discount_without_resale",
                policy.compensation.resale.section,
                f"a resale discount needs resale rights: {cls.name}s {why}",
            )
        )
    elif current is not None and current.resale_discount_percent is not None:
        notes.append(f"the resale discount of {current.resale_discount_percent}% ends: {cls.name}s do not resell")

    clean_rank = (rank or "").strip()
    if clean_rank and not cls.has_ranks:
        violations.append(
            Violation("rank_not_applicable", "3.1", f"only Implementation partners carry a rank, not {cls.name}s")
        )
    if rank is None and current is not None and cls.has_ranks:
        clean_rank = current.rank

    clean_solution = (solution_name or "").strip()
    is_solution = classification == "solution"
    if clean_solution and not is_solution:
        violations.append(
            Violation(
                "solution_not_applicable",
                "4.0",
                f"only a Solution partner is approved across geographies for a named solution, not {cls.name}s",
            )
        )
    if solution_name is None and current is not None and is_solution:
        clean_solution = current.solution_name

    if violations:
        raise PolicyViolation(violations)
    return Terms(
        referral_fee_program=enrolled,
        referral_fee_percent=percent if enrolled else None,
        reseller_agreement_signed=signed,
        resale_discount_percent=discount if resells else None,
        rank=clean_rank,
        solution_name=clean_solution,
        notes=tuple(notes),
    )


def apply_terms(partner: Partner, terms: Terms) -> None:
    partner.referral_fee_program = terms.referral_fee_program
    partner.referral_fee_percent = terms.referral_fee_percent
    partner.reseller_agreement_signed = terms.reseller_agreement_signed
    partner.resale_discount_percent = terms.resale_discount_percent
    partner.rank = terms.rank
    partner.solution_name = terms.solution_name


def terms_data(terms: Terms) -> dict[str, object]:
    return {
        "referral_fee_program": terms.referral_fee_program,
        "referral_fee_percent": terms.referral_fee_percent,
        "reseller_agreement_signed": terms.reseller_agreement_signed,
        "resale_discount_percent": terms.resale_discount_percent,
        "rank": terms.rank,
        "solution_name": terms.solution_name,
    }
