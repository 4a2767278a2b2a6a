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
from partnerhub.billing.events import BillingEventKind
from partnerhub.compensation import reactions as compensation
from partnerhub.core.reactions import Reaction
from partnerhub.deals.events import DealsEventKind
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import EventKind
from partnerhub.people.events import PeopleEventKind
from partnerhub.people.registration import registration_on_record

# A record that can complete the §2.0 minimum criteria: registration is decided from the records' own dates.
_COMPLETES_CRITERIA: Sequence[Reaction] = (registration_on_record,)

# A membership ends: the trademark approvals (§10.3) and product credentials (§10.1) end with it.
_ENDS_MEMBERSHIP: Sequence[Reaction] = (benefits.licenses_on_membership_end,)

REACTIONS: dict[EventKind, Sequence[Reaction]] = {
    # An approval, a rejoining and a renewal owe the program fee: billing invoices it (§5.1, §2.0).
    PartnersEventKind.APPROVED: (billing.invoice_on_approval,),
    PartnersEventKind.REJOINED: (billing.invoice_on_rejoin,),
    PartnersEventKind.RENEWED: (billing.invoice_on_renewal,),
    # An order decides its fees (§7.1, §7.2); an approval after the order may make a fee eligible (§7.2).
    DealsEventKind.REFERRAL_ORDER_RECORDED: (compensation.referral_fee_on_order,),
    DealsEventKind.RESALE_ORDER_RECORDED: (compensation.resale_price_on_order,),
    DealsEventKind.DEAL_REGISTRATION_APPROVED: (compensation.referral_fee_on_approval,),
    BillingEventKind.INVOICE_PAID: _COMPLETES_CRITERIA,
    BillingEventKind.INVOICE_WAIVED: _COMPLETES_CRITERIA,
    PeopleEventKind.PERSON_ADDED: _COMPLETES_CRITERIA,
    PeopleEventKind.PEOPLE_IMPORTED: _COMPLETES_CRITERIA,
    PeopleEventKind.CERTIFICATION_ADDED: _COMPLETES_CRITERIA,
    PeopleEventKind.CERTIFICATION_VERIFIED: _COMPLETES_CRITERIA,
    PeopleEventKind.TRAINING_RECORDED: _COMPLETES_CRITERIA,
    PeopleEventKind.COMPLIANCE_VERIFIED: _COMPLETES_CRITERIA,
    PeopleEventKind.GOVERNANCE_RECORDED: _COMPLETES_CRITERIA,
    PeopleEventKind.FINANCIAL_STANDING_CLEARED: _COMPLETES_CRITERIA,
    PeopleEventKind.EXCEPTION_GRANTED: _COMPLETES_CRITERIA,
    PartnersEventKind.TERMINATED: _ENDS_MEMBERSHIP,
    PartnersEventKind.DEACTIVATED: _ENDS_MEMBERSHIP,
    PartnersEventKind.MEMBERSHIP_ENDED: _ENDS_MEMBERSHIP,
}
