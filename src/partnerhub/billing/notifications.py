"""The mail billing sends to a partner's contacts (after commit, through `core.mail`)."""

from __future__ import annotations

from typing import Any

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.core.mail import send_templated_after_commit
from partnerhub.partners.selectors import partner_contacts


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    """What `billing/mail/invoice_text.txt` (the invoice in words: every line of the computation with its
    section, the total and the terms) needs."""
    return {"invoice": invoice, "lines": list(invoice.lines.all()), "waived": invoice.status == InvoiceStatus.WAIVED}


def mail_invoice(invoice: Invoice) -> None:
    send_templated_after_commit(
        to=partner_contacts(invoice.partner),
        template="billing/mail/invoice.txt",
        context=invoice_context(invoice),
        attachment=("partnerhub.billing.documents.invoice_attachment", str(invoice.pk)),
    )
