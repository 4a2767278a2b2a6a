"""A partner's scope (regions, territories, products) and agreement terms, as the policy judges them
(`policy.agreement`): the Django side turns the rules' unmet reasons into refusals and the terms into
the partner's columns."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from partnerhub.core.errors import refuse_unless
from partnerhub.partners.models import Partner
from partnerhub.policy import agreement
from partnerhub.policy.agreement import GivenTerms, Scope, Terms
from partnerhub.policy.model import Policy


def classification_name(policy: Policy, key: str) -> str:
    return policy.classification(key).name


def clean_scope(
    policy: Policy, *, regions: Sequence[str], territories: Sequence[str], products: Sequence[str]
) -> Scope:
    """Regions and products as the policy's keys, territories as ISO 3166-1 alpha-2 codes (§4.0), each once.

    Raises ValidationError naming every unknown value, field by field.
    """
    decision = agreement.scope(policy, regions=regions, territories=territories, products=products)
    errors: dict[str, list[str]] = {}
    for reason in decision.unmet:
        errors.setdefault(reason.code, []).append(reason.message)
    if errors:
        raise ValidationError(errors)
    return decision.outcome


def known_classification(policy: Policy, key: str, field: str = "classification") -> str:
    if key not in {c.key for c in policy.classifications}:
        known = ", ".join(c.key for c in policy.classifications)
        raise ValidationError(
            {
                field: [
                    gettext("%(key)s is not a classification of the policy; use one of %(known)s")
                    % {"key": repr(key), "known": known}
                ]
            }
        )
    return key


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
    """The terms for `classification` as `policy.agreement.agreement_terms` decides them from what is given
    and what `current` has; PolicyViolation listing every given term the classification cannot have."""
    decision = agreement.agreement_terms(
        policy,
        classification,
        GivenTerms(
            referral_fee_program=referral_fee_program,
            referral_fee_percent=referral_fee_percent,
            reseller_agreement_signed=reseller_agreement_signed,
            resale_discount_percent=resale_discount_percent,
            rank=rank,
            solution_name=solution_name,
        ),
        None if current is None else terms_of(current),
    )
    refuse_unless(decision)
    return decision.outcome


def terms_of(partner: Partner) -> Terms:
    """The terms `partner` holds now."""
    return Terms(
        referral_fee_program=partner.referral_fee_program,
        referral_fee_percent=partner.referral_fee_percent,
        reseller_agreement_signed=partner.reseller_agreement_signed,
        resale_discount_percent=partner.resale_discount_percent,
        rank=partner.rank,
        solution_name=partner.solution_name,
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
