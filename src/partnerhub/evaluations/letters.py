"""The words of an evaluation: notices to partners (email and PDF letter) and warnings to managers (§8.0).

A notice's text is written once, when the change is decided, and kept on the notice: the email, the PDF
the partner downloads and the timeline all show the same words.
"""

from __future__ import annotations

import calendar
from collections import Counter
from io import BytesIO
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from partnerhub.core.mail import send_after_commit
from partnerhub.partners.selectors import partner_contacts
from partnerhub.policy.model import Policy

if TYPE_CHECKING:
    from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Notice, Scorecard

SIGNATURE = "The partner program team"


def classification_name(policy: Policy, key: str) -> str:
    try:
        return policy.classification(key).name
    except KeyError:
        return key


def outcome_words(policy: Policy, outcome: str, target: str) -> str:
    words = outcome.replace("_", " ")
    return f"{words} to {classification_name(policy, target)}" if target else words


def _missing_lines(card: Scorecard) -> list[str]:
    from partnerhub.evaluations.models import ScorecardLine

    lines = ScorecardLine.objects.filter(run_id=card.run_id, number__in=card.line_numbers, met=False)
    return [line.missing for line in lines.order_by("number") if line.missing]


def notice_text(policy: Policy, card: Scorecard, decision: EvaluationDecision) -> tuple[str, str]:
    """The subject and the letter of the notice of a decided change."""
    run = card.run
    partner = card.partner
    old = classification_name(policy, card.classification)
    evaluation = f"{run.name} {run.year}"
    if decision.outcome == "terminate":
        subject = f"{evaluation}: notice of termination of your participation"
        change = f"Your participation in the partner program, as {old}, is terminated."
    else:
        new = classification_name(policy, decision.target)
        direction = "up" if decision.outcome == "upgrade_candidate" else "down"
        subject = f"{evaluation}: your classification changes from {old} to {new}"
        change = f"Your partner classification moves {direction} from {old} to {new}."
    review = f"{calendar.month_name[int(run.review_month[5:])]} {run.review_month[:4]}"
    paragraphs = [
        f"Dear {partner.name},",
        f"Following the {evaluation} of your activity in the fiscal quarter {run.quarter_start.isoformat()} to "
        f"{run.quarter_end.isoformat()}, reviewed in {review}, the partner program has decided:",
        change,
        "The change takes effect on the day after this notice is sent to you (§8.0).",
        f"Reason: {decision.reason}",
        f"The evaluation found that the partner {card.message} (§{card.sections}).",
    ]
    missing = _missing_lines(card)
    if missing:
        paragraphs.append("What was missing in the quarter:\n" + "\n".join(f"- {text}" for text in missing))
    if decision.outcome != "upgrade_candidate":
        paragraphs.append("Program fees are not refunded (§2.0).")
    paragraphs.append(
        f"Changes of classification or status found in an evaluation are notified on or before "
        f"{run.notification_due.isoformat()} (§8.0). Decided under the Partner Program Policies version of "
        f"{card.policy_version.isoformat()}."
    )
    paragraphs.append(SIGNATURE)
    return subject, "\n\n".join(paragraphs)


def notice_pdf(notice: Notice) -> bytes:
    """The notice as a printable letter (A4 PDF): the same words as the email."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=notice.subject,
        author="Partnerhub",
    )
    styles = getSampleStyleSheet()
    sent = notice.sent_on.isoformat() if notice.sent_on else "not sent yet"
    story = [
        Paragraph("Partner program: notice of change", styles["Title"]),
        Paragraph(escape(f"{notice.partner.name} · {notice.period} · sent on {sent}"), styles["Normal"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(notice.subject), styles["Heading2"]),
    ]
    for paragraph in notice.body.split("\n\n"):
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), styles["BodyText"]))
        story.append(Spacer(1, 2 * mm))
    document.build(story)
    return buffer.getvalue()


def pdf_filename(notice: Notice) -> str:
    return f"notice-{notice.period}-{notice.partner_id}.pdf"


def notice_attachment(reference: str) -> tuple[str, bytes, str]:
    """The attachment of a notice mail (core.mail's renderer contract): the notice `reference` as a PDF letter.
    The job that sends the mail renders it, so that sending a day's notices does not render letters in the tick."""
    from partnerhub.evaluations.models import Notice

    notice = Notice.objects.select_related("partner").get(pk=int(reference))
    return pdf_filename(notice), notice_pdf(notice), "application/pdf"


def send_notice(notice: Notice) -> list[str]:
    """Email the notice, its PDF letter attached, to the partner's contacts; returns who it went to."""
    body = notice.body + f"\n\nThe letter is attached and can be downloaded from the portal ({notice.period})."
    mail = send_after_commit(
        to=partner_contacts(notice.partner),
        subject=f"{notice.partner.name}: {notice.subject}",
        body=body,
        attachment=("partnerhub.evaluations.letters.notice_attachment", str(notice.pk)),
    )
    return list(mail.to) if mail is not None else []


def undecided_warning(policy: Policy, run: EvaluationRun, counts: Counter[str]) -> tuple[str, str]:
    total = sum(counts.values())
    by_outcome = "\n".join(
        f"- {outcome_words(policy, outcome, '')}: {count}" for outcome, count in sorted(counts.items())
    )
    subject = f"{run.name} {run.year}: {total} partner(s) still undecided"
    body = (
        f"The {run.name} {run.year} (run {run.pk}) still has {total} recommendation(s) without a decision:\n"
        f"{by_outcome}\n\n"
        f"Changes of classification or status must be notified on or before {run.notification_due.isoformat()} "
        f"(§{policy.calendar.section}); decide them before then so that their notices go out in time."
    )
    return subject, body
