"""Writes of billing: issuing a program-fee invoice from a fee decision, and recording its payment.

There is deliberately no refund, credit or cancellation: fees are never refunded (§2.0, R7.3).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.billing.events import BillingEventKind
from partnerhub.billing.models import Invoice, InvoiceKind, InvoiceLine, InvoiceOrigin, InvoiceStatus
from partnerhub.billing.notifications import mail_invoice
from partnerhub.core.errors import Conflict
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.policy.decision import Decision
from partnerhub.policy.fees import FeeQuote
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_in_force


def invoice_issue(
    *,
    partner: Partner,
    policy: Policy,
    fee: Decision[FeeQuote],
    origin: InvoiceOrigin,
    issued_on: dt.date,
    acting_user: User | None,
) -> Invoice | None:
    """Issue the invoice of a fee decision (`fees.program_fee` or `fees.renewal_fee`), in the caller's
    transaction, with its event and, after commit, its mail.

    A waived fee gives an invoice with status `waived` (nothing to pay, no due date). A fee of zero that
    is not a waiver (OEM: by separate contact) gives no invoice: None.
    """
    quote = fee.outcome
    if quote.amount == 0 and not quote.waived:
        return None
    waived = quote.waived
    sections = list(dict.fromkeys([*fee.sections, *(line.section for line in quote.lines)]))
    invoice = Invoice.objects.create(
        partner=partner,
        kind=InvoiceKind.PROGRAM_FEE,
        origin=origin,
        program_year=quote.program_year,
        classification=quote.classification,
        amount=quote.amount,
        currency=quote.currency,
        issued_on=issued_on,
        due_on=None if waived else issued_on + dt.timedelta(days=policy.fees.payment_terms_days),
        status=InvoiceStatus.WAIVED if waived else InvoiceStatus.OPEN,
        policy_version=fee.policy_version,
        sections=sections,
        reasons=[reason.as_dict() for reason in fee.reasons],
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice, position=index, description=line.description, amount=line.amount, section=line.section
        )
        for index, line in enumerate(quote.lines, start=1)
    )
    what = (
        f"Program fee {quote.program_year} waived (invoice {invoice.pk}, {quote.amount} {quote.currency})"
        if waived
        else f"Program fee {quote.program_year} invoiced: invoice {invoice.pk}, {quote.amount} {quote.currency}, "
        f"due {invoice.due_on.isoformat() if invoice.due_on else '-'}"
    )
    why = "; ".join(f"{reason.message} (§{reason.section})" for reason in fee.reasons)
    record_event(
        partner=partner,
        kind=BillingEventKind.INVOICE_WAIVED if waived else BillingEventKind.INVOICE_ISSUED,
        message=f"{what}. {why}.",
        section=", ".join(sections),
        actor=acting_user,
        policy_version=fee.policy_version,
        effective_on=issued_on,
        data={
            "invoice": invoice.pk,
            "origin": str(origin),
            "program_year": quote.program_year,
            "amount": quote.amount,
            "currency": quote.currency,
            "lines": [line.as_dict() for line in quote.lines],
            "example_amounts": fee.facts.get("example_amounts", False),
        },
    )
    mail_invoice(invoice)
    return invoice


def invoice_pay(*, invoice: Invoice, paid_on: dt.date, acting_user: User, reference: str = "") -> Invoice:
    """Record the full payment of an open invoice. Paying twice, or paying a waived invoice, is refused (409)."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("partner").get(pk=invoice.pk)
        if invoice.status == InvoiceStatus.PAID:
            assert invoice.paid_on is not None
            raise Conflict(
                gettext("invoice %(invoice)s was already paid on %(paid_on)s")
                % {"invoice": invoice.pk, "paid_on": invoice.paid_on.isoformat()}
            )
        if invoice.status == InvoiceStatus.WAIVED:
            raise Conflict(gettext("invoice %(invoice)s is waived: there is nothing to pay") % {"invoice": invoice.pk})
        if paid_on < invoice.issued_on:
            raise ValidationError(
                {
                    "paid_on": [
                        gettext("%(paid_on)s is before the invoice was issued (%(issued_on)s)")
                        % {"paid_on": paid_on.isoformat(), "issued_on": invoice.issued_on.isoformat()}
                    ]
                }
            )
        invoice.status = InvoiceStatus.PAID
        invoice.paid_on = paid_on
        invoice.paid_by = acting_user
        invoice.payment_reference = reference.strip()
        invoice.save(update_fields=("status", "paid_on", "paid_by", "payment_reference"))
        late = invoice.due_on is not None and paid_on > invoice.due_on
        record_event(
            partner=invoice.partner,
            kind=BillingEventKind.INVOICE_PAID,
            message=(
                f"Invoice {invoice.pk} ({invoice.amount} {invoice.currency}, program fee {invoice.program_year}) "
                f"paid in full on {paid_on.isoformat()}"
                + (f", after its due date {invoice.due_on.isoformat()}" if late and invoice.due_on else "")
                + ": the fee part of the minimum criteria (§2.0)"
            ),
            section=policy_in_force(paid_on).assessment.conditions["program_fee_paid"],
            actor=acting_user,
            policy_version=invoice.policy_version,
            effective_on=paid_on,
            data={"invoice": invoice.pk, "amount": invoice.amount, "reference": invoice.payment_reference},
        )
    return invoice
