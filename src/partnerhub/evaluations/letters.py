"""The words of an evaluation: notices to partners (email and PDF letter) and warnings to managers (§8.0).

A notice's text is written once, when the change is decided, and kept on the notice: the email, the PDF
the partner downloads and the timeline all show the same words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import BytesIO
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from partnerhub.core.mail import (
    attachment_reference,
    group_by_language,
    render_mail,
    send_after_commit,
    with_language,
)
from partnerhub.core.mailformat import day
from partnerhub.partners.selectors import partner_contacts
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_of

if TYPE_CHECKING:
    from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Notice, Scorecard


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


def notice_text(
    policy: Policy, card: Scorecard, decision: EvaluationDecision, language: str | None = None
) -> tuple[str, str]:
    """The subject and the letter of the notice of a decided change, in `language` (the default when None)."""
    run = card.run
    context = {
        "partner": card.partner,
        "run": run,
        "card": card,
        "decision": decision,
        "evaluation": f"{run.name} {run.year}",
        "old": classification_name(policy, card.classification),
        "new": classification_name(policy, decision.target) if decision.target else "",
        "terminate": decision.outcome == "terminate",
        "upgrade": decision.outcome == "upgrade_candidate",
        "review": dt.date(int(run.review_month[:4]), int(run.review_month[5:]), 1),
        "missing": _missing_lines(card),
    }
    return render_mail("evaluations/mail/notice_letter.txt", context, language)


def notice_words(notice: Notice, language: str | None = None) -> tuple[str, str]:
    """The notice's subject and letter in `language`: as written when the change was decided in the default
    language, re-written from the same decision (and the policy version it was made under) in another."""
    if translation.get_supported_language_variant(language or settings.LANGUAGE_CODE) == _default_language():
        return notice.subject, notice.body
    card = notice.decision.scorecard
    return notice_text(policy_of(card.run.policy), card, notice.decision, language)


def _default_language() -> str:
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def notice_pdf(notice: Notice, language: str | None = None) -> bytes:
    """The notice as a printable letter (A4 PDF) in `language` (the active one when None: the portal's page's
    language): the same words as the email in that language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    subject, letter = notice_words(notice, language)
    with translation.override(language):
        return _notice_pdf(notice, subject, letter)


def _notice_pdf(notice: Notice, subject: str, letter: str) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=subject,
        author="Partnerhub",
    )
    styles = getSampleStyleSheet()
    sent = gettext("sent on %(day)s") % {"day": day(notice.sent_on)} if notice.sent_on else gettext("not sent yet")
    story = [
        Paragraph(escape(gettext("Partner program: notice of change")), styles["Title"]),
        Paragraph(escape(f"{notice.partner.name} · {notice.period} · {sent}"), styles["Normal"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(subject), styles["Heading2"]),
    ]
    for paragraph in letter.split("\n\n"):
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), styles["BodyText"]))
        story.append(Spacer(1, 2 * mm))
    document.build(story)
    return buffer.getvalue()


def pdf_filename(notice: Notice) -> str:
    return f"notice-{notice.period}-{notice.partner_id}.pdf"


def notice_attachment(reference: str) -> tuple[str, bytes, str]:
    """The attachment of a notice mail (core.mail's renderer contract): the notice `reference` as a PDF letter
    in the mail's language. The job that sends the mail renders it, so that sending a day's notices does not
    render letters in the tick."""
    from partnerhub.evaluations.models import Notice

    pk, language = attachment_reference(reference)
    notice = Notice.objects.select_related("partner").get(pk=pk)
    return pdf_filename(notice), notice_pdf(notice, language), "application/pdf"


def send_notice(notice: Notice) -> list[str]:
    """Email the notice, its PDF letter attached, to the partner's contacts, each in the language they chose;
    returns who it went to."""
    sent: list[str] = []
    for language, addresses in group_by_language(partner_contacts(notice.partner)).items():
        subject, letter = notice_words(notice, language)
        context = {"partner": notice.partner, "subject": subject, "letter": letter, "period": notice.period}
        rendered = render_mail("evaluations/mail/notice.txt", context, language)
        mail = send_after_commit(
            to=addresses,
            subject=rendered.subject,
            body=rendered.body,
            attachment=("partnerhub.evaluations.letters.notice_attachment", with_language(str(notice.pk), language)),
        )
        sent += list(mail.to) if mail is not None else []
    return sent


UNDECIDED_WARNING = "evaluations/mail/undecided_warning.txt"


def undecided_context(policy: Policy, run: EvaluationRun, counts: Counter[str]) -> dict[str, Any]:
    """What the managers' warning of a run's undecided recommendations (`UNDECIDED_WARNING`) says."""
    return {
        "run": run,
        "total": sum(counts.values()),
        "by_outcome": [(outcome_words(policy, outcome, ""), count) for outcome, count in sorted(counts.items())],
        "section": policy.calendar.section,
    }
