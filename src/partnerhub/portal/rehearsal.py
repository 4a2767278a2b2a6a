"""What an action would do, told before it is confirmed: the service itself runs inside a transaction that
is then rolled back, and what it wrote there (timeline entries, invoices, mails) is shown.

The consequences shown are therefore the service's own, never a view's guess at its rules
(docs/architecture.md#rule-1); a refusal comes out as the service raises it, and nothing stays written,
not even a queued mail (the outbox row rolls back with the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from partnerhub.billing.models import Invoice
from partnerhub.core.models import OutboundMail
from partnerhub.partners.models import Partner, PartnerEvent


@dataclass
class Rehearsal:
    """What the action wrote before it was rolled back."""

    events: list[PartnerEvent] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    mails: list[OutboundMail] = field(default_factory=list)


class _RollBack(Exception):
    """Raised inside the rehearsal's transaction so that everything it wrote is undone."""


def _last(model: type[PartnerEvent] | type[Invoice] | type[OutboundMail]) -> int:
    return int(model.objects.aggregate(last=Max("pk"))["last"] or 0)


def rehearse(partner: Partner, action: Callable[[], object]) -> Rehearsal:
    """Run `action` (a service call about `partner`) and undo it; the rows it wrote are returned.

    A refusal the service raises propagates unchanged, after the rollback."""
    rehearsal = Rehearsal()
    try:
        with transaction.atomic():
            marks = {model: _last(model) for model in (PartnerEvent, Invoice, OutboundMail)}
            action()
            rehearsal.events = list(
                PartnerEvent.objects.filter(partner=partner, pk__gt=marks[PartnerEvent]).order_by("pk")
            )
            rehearsal.invoices = list(Invoice.objects.filter(partner=partner, pk__gt=marks[Invoice]).order_by("pk"))
            rehearsal.mails = list(OutboundMail.objects.filter(pk__gt=marks[OutboundMail]).order_by("pk"))
            raise _RollBack
    except _RollBack:
        pass
    return rehearsal
