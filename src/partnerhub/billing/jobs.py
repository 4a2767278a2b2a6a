"""Billing's part of `partnerhub tick`: remind partners of open invoices before they fall due.

The lead time is `fees.payment_reminder_lead_days` of the policy in force; each invoice and due date is
reminded once (a Reminder keyed by both).
"""

from __future__ import annotations

import datetime as dt

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.notifications import invoice_context
from partnerhub.partners.models import Reminder
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

INVOICE_REMINDER = "invoice_due"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    lead = policy.fees.payment_reminder_lead_days
    due = list(
        Invoice.objects.filter(
            status=InvoiceStatus.OPEN, due_on__gte=as_of, due_on__lte=as_of + dt.timedelta(days=lead)
        ).select_related("partner")
    )
    sent = set(
        Reminder.objects.filter(kind=INVOICE_REMINDER, partner__in={invoice.partner for invoice in due}).values_list(
            "partner_id", "key"
        )
    )
    lines = []
    for invoice in due:
        assert invoice.due_on is not None
        key = f"invoice {invoice.pk} due {invoice.due_on.isoformat()}"
        if (invoice.partner_id, key) in sent:
            continue
        if reminder_send_once(
            partner=invoice.partner,
            kind=INVOICE_REMINDER,
            key=key,
            deadline=invoice.due_on,
            as_of=as_of,
            template="billing/mail/invoice_reminder.txt",
            context=invoice_context(invoice),
            section=f"{policy.assessment.conditions['program_fee_paid']}, {policy.fees.section}",
            policy_version=invoice.policy_version,
        ):
            lines.append(
                f"{invoice.partner.name}: reminded that invoice {invoice.pk} falls due {invoice.due_on.isoformat()}"
            )
    return lines
