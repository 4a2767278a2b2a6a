"""Writes for referral fees (§7.2) and resale orders (§7.1).

Decisions are made by the pure rules `policy.compensation.referral_fee` and `resale_price` under the policy
in force on the order date, with the partner's good standing on that date, and stored whole (eligibility,
amount, currency, every reason, policy version). A stored decision is never recomputed under a later policy
version; the ledger moves it accrued -> approved -> paid, one event per step.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.compensation import selectors
from partnerhub.compensation.events import CompensationEventKind
from partnerhub.compensation.models import FeeEventKind, FeeStatus, ReferralFee, ReferralFeeEvent, ResaleOrder
from partnerhub.core.errors import Conflict, PolicyViolation, Violation, refuse_date_before
from partnerhub.deals.models import Order, Registration
from partnerhub.deals.selectors import registration_of_ordered_opportunity
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.policy.compensation import (
    FeeOutcome,
    PriceOutcome,
    RegistrationFact,
    referral_fee,
    resale_price,
)
from partnerhub.policy.decision import Decision
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_in_force

APPROVED_REGISTRATION_STATUSES = ("approved", "won", "lost", "expired")
"""A registration the vendor approved, whatever its outcome since (an expired one counts up to its window's end,
docs/policy.md#r8-4)."""


def _facts_json(decision: Decision[Any]) -> dict[str, Any]:
    facts: dict[str, Any] = decision.as_dict()["facts"]
    return facts


def resale_decide(
    *,
    policy: Policy,
    partner: Partner,
    country: str,
    ordered_on: dt.date,
    list_price: Decimal,
    currency: str,
) -> Decision[PriceOutcome]:
    """May `partner` resell in `country` on `ordered_on`, and at what price? (§7.1, §2.0, §4.0)"""
    terms = selectors.compensation_terms(partner, policy, ordered_on)
    standing = selectors.partner_good_standing(partner, ordered_on)
    return resale_price(
        policy,
        classification=terms.classification,
        reseller_agreement=terms.reseller_agreement,
        standing=standing,
        country=country,
        territories=terms.territories,
        list_price=list_price,
        discount_percent=terms.resale_discount_percent,
        currency=currency,
    )


def resale_order_create(*, order: Order, decision: Decision[PriceOutcome]) -> ResaleOrder:
    """Store the price of an allowed resale order, with its reasons (§7.1)."""
    outcome = decision.outcome
    if not outcome.allowed or outcome.price is None or order.partner is None:
        raise ValueError("only an allowed resale decision of a partner's order is stored")
    return ResaleOrder.objects.create(
        order=order,
        partner=order.partner,
        list_price=outcome.list_price,
        discount_percent=outcome.discount_percent,
        price=outcome.price,
        currency=outcome.currency,
        reasons=[reason.as_dict() for reason in decision.reasons],
        facts=_facts_json(decision),
        policy_version=decision.policy_version,
    )


def _registration_fact(order: Order, partner: Partner) -> tuple[RegistrationFact | None, Registration | None]:
    registration = registration_of_ordered_opportunity(order.opportunity, partner)
    if registration is None:
        return None, None
    fact = RegistrationFact(
        submitted_on=registration.submitted_on,
        approved=registration.status in APPROVED_REGISTRATION_STATUSES,
        partner_matches=registration.partner_id == partner.pk,
        protected_until=registration.protected_until,
    )
    return fact, registration


def _referral_decision(order: Order, policy: Policy) -> tuple[Decision[FeeOutcome], Registration | None]:
    partner = order.partner
    assert partner is not None
    terms = selectors.compensation_terms(partner, policy, order.ordered_on)
    fact, registration = _registration_fact(order, partner)
    decision = referral_fee(
        policy,
        enrolled=terms.referral_fee_program,
        standing=selectors.partner_good_standing(partner, order.ordered_on),
        net_new=order.net_new,
        country=order.country,
        territories=terms.territories,
        registration=fact,
        ordered_on=order.ordered_on,
        first_year_net_revenue=order.first_year_net_revenue,
        percent=terms.referral_fee_percent,
        currency=order.currency,
    )
    return decision, registration


def _decision_fields(
    decision: Decision[FeeOutcome], registration: Registration | None, policy: Policy, order: Order
) -> dict[str, Any]:
    outcome = decision.outcome
    facts = _facts_json(decision)
    facts["registration_id"] = None if registration is None else registration.pk
    assert order.partner is not None
    terms = selectors.compensation_terms(order.partner, policy, order.ordered_on)
    facts["terms_from_policy_defaults"] = list(terms.defaults_used)
    return {
        "eligible": outcome.eligible,
        "amount": outcome.amount,
        "currency": outcome.currency,
        "percent": outcome.percent,
        "first_year_net_revenue": outcome.first_year_net_revenue,
        "reasons": [reason.as_dict() for reason in decision.reasons],
        "facts": facts,
        "policy_version": decision.policy_version,
        "status": FeeStatus.ACCRUED if outcome.eligible else FeeStatus.NOT_ELIGIBLE,
    }


def _summary(fee: ReferralFee) -> str:
    if fee.eligible:
        return f"eligible: {fee.amount} {fee.currency} ({fee.percent}% of {fee.first_year_net_revenue})"
    unmet = "; ".join(f"{reason['message']} (§{reason['section']})" for reason in fee.reasons if not reason["met"])
    return f"not eligible: {unmet}"


def referral_fee_decide(*, order: Order, policy: Policy, acting_user: User | None) -> ReferralFee:
    """Decide the referral fee of a referral order (§7.2) and store it with every reason."""
    partner = order.partner
    if partner is None:
        raise ValueError("a referral fee is decided for an order attributed to a partner")
    decision, registration = _referral_decision(order, policy)
    with transaction.atomic():
        fee = ReferralFee.objects.create(
            order=order,
            partner=partner,
            decided_on=order.ordered_on,
            **_decision_fields(decision, registration, policy, order),
        )
        _fee_event(fee, FeeEventKind.DECIDED, order.ordered_on, acting_user, _summary(fee), {"reasons": fee.reasons})
        record_event(
            partner=partner,
            kind=CompensationEventKind.REFERRAL_FEE_DECIDED,
            message=f"referral fee on order #{order.pk}: {_summary(fee)}",
            section=", ".join(decision.sections),
            actor=acting_user,
            policy_version=decision.policy_version,
            effective_on=order.ordered_on,
            data={"referral_fee": fee.pk, "order": order.pk, "eligible": fee.eligible, "amount": str(fee.amount)},
        )
    return fee


def referral_fees_redecide_after_approval(
    *, registration: Registration, acting_user: User | None
) -> ReferralFee | None:
    """The vendor approved `registration` after the referral order of its opportunity was recorded (§7.2:
    the approval may come after the order). A fee that was not eligible for this partner is decided again,
    under the policy version in force on the order date and the standing on that date as before; the earlier
    decision stays in the fee's events. Eligible fees are never touched."""
    order = Order.objects.filter(opportunity_id=registration.opportunity_id, partner_id=registration.partner_id).first()
    if order is None:
        return None
    fee = ReferralFee.objects.select_for_update().filter(order=order, status=FeeStatus.NOT_ELIGIBLE).first()
    if fee is None:
        return None
    policy = policy_in_force(order.ordered_on)
    decision, found = _referral_decision(order, policy)
    previous = {"eligible": fee.eligible, "amount": str(fee.amount), "reasons": fee.reasons}
    for name, value in _decision_fields(decision, found, policy, order).items():
        setattr(fee, name, value)
    fee.save()
    assert registration.decided_on is not None
    _fee_event(
        fee,
        FeeEventKind.DECIDED,
        registration.decided_on,
        acting_user,
        f"decided again after the vendor approved registration #{registration.pk}: {_summary(fee)}",
        {"reasons": fee.reasons, "previous": previous},
    )
    record_event(
        partner=registration.partner,
        kind=CompensationEventKind.REFERRAL_FEE_DECIDED,
        message=f"referral fee on order #{order.pk} decided again after approval: {_summary(fee)}",
        section=", ".join(decision.sections),
        actor=acting_user,
        policy_version=decision.policy_version,
        effective_on=registration.decided_on,
        data={"referral_fee": fee.pk, "order": order.pk, "eligible": fee.eligible, "amount": str(fee.amount)},
    )
    return fee


def _fee_event(
    fee: ReferralFee, kind: str, on: dt.date, actor: User | None, message: str, data: dict[str, Any] | None = None
) -> ReferralFeeEvent:
    return ReferralFeeEvent.objects.create(fee=fee, kind=kind, on=on, actor=actor, message=message, data=data or {})


def _fee_section(fee: ReferralFee) -> str:
    """The referral-fee rule's section in the version the fee was decided under (§7.2)."""
    return policy_in_force(fee.decided_on).compensation.referral_fee.section


def _refuse_ineligible(fee: ReferralFee) -> None:
    if not fee.eligible:
        violations = [
            Violation(reason["code"], reason["section"], reason["message"])
            for reason in fee.reasons
            if not reason["met"]
        ]
        section = _fee_section(fee)
        raise PolicyViolation(
            violations or [Violation("referral_fee_not_earned", section, gettext("the fee was not earned"))]
        )


def referral_fee_approve(*, fee: ReferralFee, approved_on: dt.date, acting_user: User) -> ReferralFee:
    """accrued -> approved for payment. A fee not earned is refused with its reasons (422); any other
    status is a Conflict (409)."""
    with transaction.atomic():
        fee = ReferralFee.objects.select_for_update().select_related("partner").get(pk=fee.pk)
        _refuse_ineligible(fee)
        if fee.status != FeeStatus.ACCRUED:
            raise Conflict(
                gettext("The referral fee #%(fee)s is %(status)s; only an accrued fee can be approved.")
                % {"fee": fee.pk, "status": fee.status}
            )
        refuse_date_before(approved_on, fee.decided_on, field="approved_on", what="the order date")
        fee.status = FeeStatus.APPROVED
        fee.approved_on = approved_on
        fee.save(update_fields=("status", "approved_on"))
        message = f"approved for payment on {approved_on.isoformat()} by {acting_user.get_username()}"
        _fee_event(fee, FeeEventKind.APPROVED, approved_on, acting_user, message)
        record_event(
            partner=fee.partner,
            kind=CompensationEventKind.REFERRAL_FEE_APPROVED,
            message=f"referral fee #{fee.pk} ({fee.amount} {fee.currency}) {message}",
            section=_fee_section(fee),
            actor=acting_user,
            effective_on=approved_on,
            data={"referral_fee": fee.pk},
        )
    return fee


def referral_fee_pay(*, fee: ReferralFee, paid_on: dt.date, acting_user: User, reference: str = "") -> ReferralFee:
    """approved -> paid. Paying a fee not yet approved, or twice, is a Conflict (409)."""
    with transaction.atomic():
        fee = ReferralFee.objects.select_for_update().select_related("partner").get(pk=fee.pk)
        _refuse_ineligible(fee)
        if fee.status != FeeStatus.APPROVED:
            raise Conflict(
                gettext("The referral fee #%(fee)s is %(status)s; only an approved fee can be paid.")
                % {"fee": fee.pk, "status": fee.status}
            )
        assert fee.approved_on is not None
        refuse_date_before(paid_on, fee.approved_on, field="paid_on", what="its approval")
        fee.status = FeeStatus.PAID
        fee.paid_on = paid_on
        fee.payment_reference = reference.strip()
        fee.save(update_fields=("status", "paid_on", "payment_reference"))
        message = f"paid on {paid_on.isoformat()} by {acting_user.get_username()}" + (
            f" (reference {fee.payment_reference})" if fee.payment_reference else ""
        )
        _fee_event(fee, FeeEventKind.PAID, paid_on, acting_user, message)
        record_event(
            partner=fee.partner,
            kind=CompensationEventKind.REFERRAL_FEE_PAID,
            message=f"referral fee #{fee.pk} ({fee.amount} {fee.currency}) {message}",
            section=_fee_section(fee),
            actor=acting_user,
            effective_on=paid_on,
            data={"referral_fee": fee.pk},
        )
    return fee
