"""A change of a partner's terms of participation while it is in the program: its authorized regions (§2.0),
designated territories and product lines (§4.0), and the compensation terms of its agreement — the referral
fee program and percentage (§7.2), the reseller agreement and the resale discount (§7.1), an
Implementation rank, a Solution's named solution.

The change holds from its effective date; dates before it keep the terms then in force
(docs/architecture.md#rule-9). Regions, territories and products are checked against the policy in force
on that date (`services.clean_scope`), the compensation terms against the partner's classification
(`services.agreement_terms`), exactly as on approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.services.common import transition
from partnerhub.partners.services.terms import agreement_terms, clean_scope
from partnerhub.policy.agreement import RANK_SECTION, SOLUTION_SECTION
from partnerhub.policystore.selectors import policy_for_input


def _listed(values: Sequence[str]) -> str:
    return ", ".join(values) or "none"


def _percent(value: Decimal | None) -> str:
    return "none" if value is None else f"{value}%"


def partner_terms_change(
    *,
    partner: Partner,
    effective_on: dt.date,
    acting_user: User,
    reason: str,
    regions: Sequence[str] | None = None,
    territories: Sequence[str] | None = None,
    products: Sequence[str] | None = None,
    referral_fee_program: bool | None = None,
    referral_fee_percent: Decimal | None = None,
    reseller_agreement_signed: bool | None = None,
    resale_discount_percent: Decimal | None = None,
    rank: str | None = None,
    solution_name: str | None = None,
    recorded_on: dt.date | None = None,
) -> Partner:
    """Change the terms given (None keeps a term as it is) from `effective_on`, with the reason.

    Raises ValidationError for an unknown region, territory or product, a missing reason, a date before the
    approval or a change that changes nothing; PolicyViolation for a term the classification cannot have or
    a partner not in the program."""
    why = (reason or "").strip()
    if not why:
        raise ValidationError({"reason": ["Say why the terms change: the partner is told."]})
    policy = policy_for_input(effective_on, "effective_on")
    with transition(partner, "change_terms") as step:
        partner = step.partner
        if partner.approved_on is not None and effective_on < partner.approved_on:
            raise ValidationError(
                {"effective_on": [f"{effective_on.isoformat()} is before the approval ({partner.approved_on})"]}
            )
        scope = clean_scope(
            policy,
            regions=partner.regions if regions is None else regions,
            territories=partner.territories if territories is None else territories,
            products=partner.products if products is None else products,
        )
        terms = agreement_terms(
            policy,
            partner.classification,
            referral_fee_program=referral_fee_program,
            referral_fee_percent=referral_fee_percent,
            reseller_agreement_signed=reseller_agreement_signed,
            resale_discount_percent=resale_discount_percent,
            rank=rank,
            solution_name=solution_name,
            current=partner,
        )
        referral = policy.compensation.referral_fee.section
        resale = policy.compensation.resale.section
        participation, territory = policy.compensation.participation_section, policy.compensation.territory_section
        changes = [
            (before, after, label, section)
            for before, after, label, section in (
                (_listed(partner.regions), _listed(scope.regions), "regions", participation),
                (_listed(partner.territories), _listed(scope.territories), "designated territories", territory),
                (_listed(partner.products), _listed(scope.products), "product lines", territory),
                (
                    "yes" if partner.referral_fee_program else "no",
                    "yes" if terms.referral_fee_program else "no",
                    "referral fee program",
                    referral,
                ),
                (
                    _percent(partner.referral_fee_percent),
                    _percent(terms.referral_fee_percent),
                    "referral fee",
                    referral,
                ),
                (
                    "signed" if partner.reseller_agreement_signed else "not signed",
                    "signed" if terms.reseller_agreement_signed else "not signed",
                    "reseller agreement",
                    resale,
                ),
                (
                    _percent(partner.resale_discount_percent),
                    _percent(terms.resale_discount_percent),
                    "resale discount",
                    resale,
                ),
                (partner.rank or "none", terms.rank or "none", "rank", RANK_SECTION),
                (partner.solution_name or "none", terms.solution_name or "none", "named solution", SOLUTION_SECTION),
            )
            if before != after
        ]
        if not changes:
            raise ValidationError("These are the partner's terms already: nothing would change.")
        partner.regions, partner.territories, partner.products = scope.regions, scope.territories, scope.products
        partner.referral_fee_program = terms.referral_fee_program
        partner.referral_fee_percent = terms.referral_fee_percent
        partner.reseller_agreement_signed = terms.reseller_agreement_signed
        partner.resale_discount_percent = terms.resale_discount_percent
        partner.rank, partner.solution_name = terms.rank, terms.solution_name
        partner.save()
        said = "; ".join(f"{label} {before} → {after}" for before, after, label, _ in changes)
        notes = "".join(f" Note: {note}." for note in terms.notes)
        sections = ", ".join(sorted({section for *_, section in changes}, key=lambda s: [int(p) for p in s.split(".")]))
        step.record(
            kind=PartnersEventKind.TERMS_CHANGED,
            message=f"Terms changed from {effective_on.isoformat()}: {said} ({why}).{notes}",
            section=sections,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=effective_on,
            data={"changes": [{"term": label, "from": before, "to": after} for before, after, label, _ in changes]},
            recorded_on=recorded_on,
        )
        mail_partner(
            partner,
            "partners/mail/terms_changed.txt",
            effective_on=effective_on,
            changes=said,
            reason=why,
            notes=terms.notes,
        )
    return partner
