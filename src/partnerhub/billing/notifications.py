"""The mail billing sends to a partner's contacts (after commit, through `core.mail`)."""

from __future__ import annotations

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.core.mail import send_after_commit
from partnerhub.partners.selectors import partner_contacts


def invoice_text(invoice: Invoice) -> str:
    """The invoice in words: every line of the computation with its section, the total and the terms."""
    lines = [
        f"Invoice {invoice.pk} for {invoice.partner.name}",
        f"Program fee, Program Year {invoice.program_year} ({invoice.get_origin_display()})",
        f"Issued on {invoice.issued_on.isoformat()} under the policy version of {invoice.policy_version.isoformat()}",
        "",
    ]
    lines += [
        f"  {line.description}: {line.amount} {invoice.currency} (§{line.section})" for line in invoice.lines.all()
    ]
    lines += ["", f"  Total: {invoice.amount} {invoice.currency}"]
    if invoice.status == InvoiceStatus.WAIVED:
        lines.append("Nothing to pay: the fee is waived on rejoining in the same Program Year (§2.0).")
    elif invoice.due_on is not None:
        lines.append(f"Due on {invoice.due_on.isoformat()}. Program fees are not refunded (§2.0).")
    return "\n".join(lines)


def mail_invoice(invoice: Invoice) -> None:
    verb = "waived" if invoice.status == InvoiceStatus.WAIVED else "invoiced"
    send_after_commit(
        to=partner_contacts(invoice.partner),
        subject=(
            f"Program fee {invoice.program_year} {verb}: {invoice.amount} {invoice.currency} (invoice {invoice.pk})"
        ),
        body=invoice_text(invoice) + "\n\nThe invoice is attached as a PDF.",
        attachment=("partnerhub.billing.documents.invoice_attachment", str(invoice.pk)),
    )
