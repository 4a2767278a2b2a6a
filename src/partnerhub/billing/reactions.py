"""What billing does when the partners app records a change (listed in `partnerhub.reactions`).

A partner's approval, its rejoining and its renewal into a new Program Year each owe the program fee
(§5.1, §2.0): the partners app records the change, and these handlers issue the invoice of the fee the
policy decides for it, inside the same transaction, so the change and its invoice commit or roll back
together. `record_event` has already written the partner's new state when they run.
"""

from __future__ import annotations

from partnerhub.billing.models import InvoiceOrigin
from partnerhub.billing.services import invoice_issue
from partnerhub.partners.models import PartnerEvent
from partnerhub.policy import fees
from partnerhub.policystore.selectors import policy_in_force


def invoice_on_approval(event: PartnerEvent) -> None:
    """The enrollment fee of the classification approved, pro-rated to the quarter of approval (§5.1)."""
    assert event.effective_on is not None
    policy = policy_in_force(event.effective_on)
    fee = fees.program_fee(policy, event.data["classification"], event.effective_on)
    invoice_issue(
        partner=event.partner,
        policy=policy,
        fee=fee,
        origin=InvoiceOrigin.ENROLLMENT,
        issued_on=event.effective_on,
        acting_user=event.actor,
    )


def invoice_on_rejoin(event: PartnerEvent) -> None:
    """The fee of a rejoining: waived when the partner fulfils the participation requirements in a Program
    Year whose fee it was already invoiced, as the rejoining decided (`fee_waived`, §2.0); otherwise as for a
    new enrollment (§5.1)."""
    assert event.effective_on is not None
    policy = policy_in_force(event.effective_on)
    fee = fees.program_fee(
        policy, event.data["classification"], event.effective_on, rejoining_same_year=event.data["fee_waived"]
    )
    invoice_issue(
        partner=event.partner,
        policy=policy,
        fee=fee,
        origin=InvoiceOrigin.REJOIN,
        issued_on=event.effective_on,
        acting_user=event.actor,
    )


def invoice_on_renewal(event: PartnerEvent) -> None:
    """The full fee of the new Program Year, on the renewal date (§5.1, R7.4); none for a zero fee."""
    assert event.effective_on is not None
    policy = policy_in_force(event.effective_on)
    fee = fees.renewal_fee(policy, event.partner.classification, event.data["program_year"])
    invoice_issue(
        partner=event.partner,
        policy=policy,
        fee=fee,
        origin=InvoiceOrigin.RENEWAL,
        issued_on=event.effective_on,
        acting_user=None,
    )
