"""What the compensation app does when the deals app records a change (listed in `partnerhub.reactions`).

Each handler takes the partner timeline event just recorded and runs inside the transaction that recorded
it: what it writes commits with the order or approval, and a refusal it raises undoes them.
"""

from __future__ import annotations

from decimal import Decimal

from partnerhub.compensation.services import (
    referral_fee_decide,
    referral_fees_redecide_after_approval,
    resale_decide,
    resale_order_create,
)
from partnerhub.core.errors import PolicyViolation, violations
from partnerhub.deals.models import Order, Registration
from partnerhub.partners.models import PartnerEvent
from partnerhub.policystore.selectors import policy_in_force


def referral_fee_on_order(event: PartnerEvent) -> None:
    """A referral order of a partner gets its referral-fee decision, under the policy of its date (§7.2)."""
    order = Order.objects.select_related("opportunity", "partner").get(pk=event.data["order"])
    referral_fee_decide(order=order, policy=policy_in_force(order.ordered_on), acting_user=event.actor)


def resale_price_on_order(event: PartnerEvent) -> None:
    """A resale order is priced at list price less the partner's discount, or refused with the reasons when
    the partner may not resell there and then (§7.1): the refusal undoes the order."""
    order = Order.objects.select_related("partner").get(pk=event.data["order"])
    assert order.partner is not None
    decision = resale_decide(
        policy=policy_in_force(order.ordered_on),
        partner=order.partner,
        country=order.country,
        ordered_on=order.ordered_on,
        list_price=Decimal(event.data["list_price"]),
        currency=order.currency,
    )
    if not decision.outcome.allowed:
        raise PolicyViolation(violations(decision.reasons))
    resale_order_create(order=order, decision=decision)


def referral_fee_on_approval(event: PartnerEvent) -> None:
    """An approval after the order may make the order's fee eligible: it is decided again (§7.2)."""
    registration = Registration.objects.select_related("partner").get(pk=event.data["registration"])
    referral_fees_redecide_after_approval(registration=registration, acting_user=event.actor)
