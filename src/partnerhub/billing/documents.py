"""The invoice as an A4 PDF (reportlab, no browser): the portal's download and the invoice mail's attachment.

The invoice keeps the computation it was issued with (billing's lines, sections and policy version); the
PDF prints exactly that, nothing recomputed. The mail's copy is rendered by the job that sends it
(`invoice_attachment`, named on the outbox row), not by the request that issued the invoice.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from partnerhub.billing.models import Invoice


def _money(amount: object, currency: str = "") -> str:
    return f"{amount:,.2f} {currency}".strip() if amount is not None else ""


def invoice_pdf(invoice: Invoice) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Invoice {invoice.pk}",
        author="Partnerhub",
    )
    styles = getSampleStyleSheet()
    partner = invoice.partner
    facts = [
        ["Invoice", f"No. {invoice.pk}"],
        ["To", partner.name + (f" <{partner.contact_email}>" if partner.contact_email else "")],
        ["For", f"{invoice.get_kind_display()}, Program Year {invoice.program_year} ({invoice.classification})"],
        ["Why", invoice.get_origin_display()],
        ["Issued", invoice.issued_on.isoformat()],
        ["Due", invoice.due_on.isoformat() if invoice.due_on else "-"],
        ["Status", invoice.get_status_display() + (f" on {invoice.paid_on.isoformat()}" if invoice.paid_on else "")],
        ["Policy", f"version of {invoice.policy_version.isoformat()}, sections {', '.join(invoice.sections)}"],
    ]
    lines: list[list[object]] = [["Step", "Section", "Amount"]]
    lines += [
        [Paragraph(escape(line.description), styles["BodyText"]), f"§{line.section}", _money(line.amount)]
        for line in invoice.lines.all()
    ]
    lines.append(["Total", "", _money(invoice.amount, invoice.currency)])
    table = Table(lines, colWidths=[110 * mm, 22 * mm, 38 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [
        Paragraph("Partner program invoice", styles["Title"]),
        Table(facts, colWidths=[30 * mm, 140 * mm]),
        Spacer(1, 8 * mm),
        table,
    ]
    if invoice.status == "waived":
        story += [Spacer(1, 4 * mm), Paragraph("This invoice is waived: nothing is to be paid.", styles["BodyText"])]
    document.build(story)
    return buffer.getvalue()


def pdf_filename(invoice: Invoice) -> str:
    return f"invoice-{invoice.pk}-{invoice.program_year}.pdf"


def invoice_attachment(reference: str) -> tuple[str, bytes, str]:
    """The attachment of an invoice mail (core.mail's renderer contract): the invoice `reference` as a PDF."""
    invoice = Invoice.objects.select_related("partner").get(pk=int(reference))
    return pdf_filename(invoice), invoice_pdf(invoice), "application/pdf"
