"""How one app reacts to another's change: the one table (docs/history.md).

Each key is the `kind` of a partner timeline event (`partnerhub.partners.history.record_event`); its
handlers run in order, synchronously, inside the transaction that recorded the event. This module is the
top layer: it may import every app, and no app imports it (`partnerhub.core.reactions` loads it by its
dotted path). A new cross-app reaction is one line here, never a lazy import or a signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from partnerhub.benefits import reactions as benefits
from partnerhub.billing import reactions as billing
from partnerhub.compensation import reactions as compensation
from partnerhub.core.reactions import Reaction
from partnerhub.people.registration import registration_on_record

# A record that can complete the §2.0 minimum criteria: registration is decided from the records' own dates.
_COMPLETES_CRITERIA: Sequence[Reaction] = (registration_on_record,)

# A membership ends: the trademark approvals (§10.3) and product credentials (§10.1) end with it.
_ENDS_MEMBERSHIP: Sequence[Reaction] = (benefits.licenses_on_membership_end,)

REACTIONS: dict[str, Sequence[Reaction]] = {
    # An approval, a rejoining and a renewal owe the program fee: billing invoices it (§5.1, §2.0).
    "approved": (billing.invoice_on_approval,),
    "rejoined": (billing.invoice_on_rejoin,),
    "renewed": (billing.invoice_on_renewal,),
    # An order decides its fees (§7.1, §7.2); an approval after the order may make a fee eligible (§7.2).
    "referral_order_recorded": (compensation.referral_fee_on_order,),
    "resale_order_recorded": (compensation.resale_price_on_order,),
    "deal_registration_approved": (compensation.referral_fee_on_approval,),
    "invoice_paid": _COMPLETES_CRITERIA,
    "invoice_waived": _COMPLETES_CRITERIA,
    "person_added": _COMPLETES_CRITERIA,
    "people_imported": _COMPLETES_CRITERIA,
    "certification_added": _COMPLETES_CRITERIA,
    "certification_verified": _COMPLETES_CRITERIA,
    "training_recorded": _COMPLETES_CRITERIA,
    "compliance_verified": _COMPLETES_CRITERIA,
    "governance_recorded": _COMPLETES_CRITERIA,
    "financial_standing_cleared": _COMPLETES_CRITERIA,
    "exception_granted": _COMPLETES_CRITERIA,
    "terminated": _ENDS_MEMBERSHIP,
    "deactivated": _ENDS_MEMBERSHIP,
    "membership_ended": _ENDS_MEMBERSHIP,
}
