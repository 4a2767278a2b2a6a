"""The invoice as an A4 PDF (reportlab, no browser): the portal's download and the invoice mail's attachment.

The invoice keeps the computation it was issued with (billing's lines, sections and policy version); the
PDF prints exactly that, nothing recomputed. The mail's copy is rendered by the job that sends it
(`invoice_attachment`, named on the outbox row), not by the request that issued the invoice.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from partnerhub.billing.models import Invoice
from partnerhub.core.mail import attachment_reference
from partnerhub.core.mailformat import day, money


def _money(amount: Decimal, currency: str = "") -> str:
    """English keeps the PDF's 1,500.00; another language writes the amount its way (1.500,00)."""
    if (translation.get_language() or "en").startswith("en"):
        return f"{amount:,.2f} {currency}".strip()
    return money(amount, currency)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice in the active language: its labels, dates and amounts (the lines' own words and the
    policy's section numbers as issued)."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Invoice %(number)s") % {"number": invoice.pk},
        author="Partnerhub",
    )
    styles = getSampleStyleSheet()
    partner = invoice.partner
    status = str(invoice.get_status_display())
    if invoice.paid_on:
        status = _("%(status)s on %(day)s") % {"status": status, "day": day(invoice.paid_on)}
    facts = [
        [_("Invoice"), _("No. %(number)s") % {"number": invoice.pk}],
        [_("To"), partner.name + (f" <{partner.contact_email}>" if partner.contact_email else "")],
        [
            _("For"),
            _("%(kind)s, Program Year %(year)s (%(classification)s)")
            % {
                "kind": invoice.get_kind_display(),
                "year": invoice.program_year,
                "classification": invoice.classification,
            },
        ],
        [_("Why"), invoice.get_origin_display()],
        [_("Issued"), day(invoice.issued_on)],
        [_("Due"), day(invoice.due_on) if invoice.due_on else "-"],
        [_("Status"), status],
        [
            _("Policy"),
            _("version of %(day)s, sections %(sections)s")
            % {"day": day(invoice.policy_version), "sections": ", ".join(invoice.sections)},
        ],
    ]
    lines: list[list[object]] = [[_("Step"), _("Section"), _("Amount")]]
    lines += [
        [Paragraph(escape(line.description), styles["BodyText"]), f"§{line.section}", _money(line.amount)]
        for line in invoice.lines.all()
    ]
    lines.append([_("Total"), "", _money(invoice.amount, invoice.currency)])
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
        Paragraph(escape(_("Partner program invoice")), styles["Title"]),
        Table(facts, colWidths=[30 * mm, 140 * mm]),
        Spacer(1, 8 * mm),
        table,
    ]
    if invoice.status == "waived":
        story += [
            Spacer(1, 4 * mm),
            Paragraph(escape(_("This invoice is waived: nothing is to be paid.")), styles["BodyText"]),
        ]
    document.build(story)
    return buffer.getvalue()


def pdf_filename(invoice: Invoice) -> str:
    return f"invoice-{invoice.pk}-{invoice.program_year}.pdf"


def invoice_attachment(reference: str) -> tuple[str, bytes, str]:
    """The attachment of an invoice mail (core.mail's renderer contract): the invoice `reference` as a PDF in
    the mail's language."""
    pk, language = attachment_reference(reference)
    invoice = Invoice.objects.select_related("partner").get(pk=pk)
    with translation.override(language or settings.LANGUAGE_CODE):
        return pdf_filename(invoice), invoice_pdf(invoice), "application/pdf"
