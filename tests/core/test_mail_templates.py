"""Every program mail's template renders, in every language, with the context its sender gives it.

Each template is rendered with a realistic context (plain objects with the attributes the services pass) while
the mail engine writes a marker for any variable it cannot resolve, so a renamed or missing variable fails
here rather than in a partner's inbox. The German rendering must differ from the English in subject and body:
a mail whose words were left out of the German catalog fails too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as O
from typing import Any

import pytest
from django.conf import settings

import partnerhub
from partnerhub.core import mail

MISSING = "<<missing: %s>>"
SRC = Path(partnerhub.__file__).parent
# Pieces other mail templates include; they are rendered as part of those.
PARTIALS = {
    "core/mail/signature.txt",
    "partners/mail/notes.txt",
    "deals/mail/opportunity.txt",
    "billing/mail/invoice_text.txt",
}
# Mails whose subject is words written before (a notice's, in its language): only their body is the template's.
SUBJECT_GIVEN = {"evaluations/mail/notice.txt"}

day = dt.date(2019, 7, 1)
partner = O(name="Contoso GmbH")
registration = O(pk=42, end_customer="Fabrikam AG", title="ERP roll-out", decision_reason="Strong fit")
invoice = O(
    pk=7,
    partner=partner,
    program_year=2019,
    get_origin_display="Enrollment (approval)",
    issued_on=day,
    policy_version=dt.date(2019, 1, 1),
    amount=Decimal("1500.00"),
    currency="EUR",
    due_on=dt.date(2019, 7, 31),
)
invoice_lines = [O(description="Program fee of a Reseller", amount=Decimal("1500.00"), section="5.1")]
fee = O(amount=Decimal("1500.00"), currency="EUR", program_year=2019)
run = O(
    pk=3,
    name="Q2 evaluation",
    year=2019,
    quarter_start=dt.date(2019, 4, 1),
    quarter_end=dt.date(2019, 6, 30),
    notification_due=dt.date(2019, 8, 15),
)
card = O(message="met 2 of 3 requirements", sections="5.0", policy_version=dt.date(2019, 1, 1))
plan = O(
    title="Trade fair",
    starts_on=day,
    ends_on=dt.date(2019, 7, 3),
    planned_cost=Decimal("2500.00"),
    decision_reason="Outside the fund's scope",
)
claim = O(
    pk=5,
    plan=plan,
    fund=O(currency="EUR"),
    amount=Decimal("2500.00"),
    approved_amount=Decimal("2000.00"),
    decision_reason="The booth cost less",
)
item = O(person="Ana Ruiz", region="EMEA", what="annual training", due_on=day, section="5.0")
usage = O(mark="Amelia", medium="brochure", territory="DE", written_approval="Approved as drafted.")

CONTEXTS: dict[str, dict[str, Any]] = {
    "partners/mail/registered.txt": {"partner": partner, "registered_on": day},
    "partners/mail/deactivated.txt": {"partner": partner, "deactivated_on": day, "reason": ""},
    "partners/mail/terminated.txt": {"partner": partner, "terminated_on": day, "reason": "Breach of §9.0"},
    "partners/mail/classification_changed.txt": {
        "partner": partner,
        "effective_on": day,
        "new_name": "Solution Partner",
        "old_name": "Reseller",
        "reason": "Evaluation",
        "notes": ["the referral fee stays"],
    },
    "partners/mail/terms_changed.txt": {
        "partner": partner,
        "effective_on": day,
        "changes": "rank 2 → 3",
        "reason": "Agreement renewed",
        "notes": [],
    },
    "partners/mail/rejoined.txt": {
        "partner": partner,
        "rejoined_on": day,
        "deadline": dt.date(2020, 1, 1),
        "year": 2019,
        "fee": "waived",
    },
    "partners/mail/approved.txt": {
        "partner": partner,
        "approved_on": day,
        "name": "Reseller",
        "deadline": dt.date(2020, 1, 1),
        "regions": "EMEA",
        "fee": fee,
    },
    "partners/mail/application_rejected.txt": {"partner": partner, "rejected_on": day, "reason": "Out of scope"},
    "partners/mail/non_renewal_received.txt": {"partner": partner, "received_on": day, "year": 2019, "next_year": 2020},
    "partners/mail/membership_ended.txt": {"partner": partner, "received_on": day, "year": 2019},
    "partners/mail/non_renewal_withdrawn.txt": {
        "partner": partner,
        "received_on": day,
        "withdrawn_on": dt.date(2019, 8, 1),
        "renews_on": dt.date(2020, 1, 1),
    },
    "partners/mail/qualification_reminder.txt": {"partner": partner, "days": 30, "deadline": day},
    "partners/mail/renewal_reminder.txt": {
        "partner": partner,
        "next_year": 2020,
        "renews_on": dt.date(2020, 1, 1),
        "deadline": dt.date(2019, 10, 1),
        "section": "5.1",
    },
    "partners/mail/invitation.txt": {
        "partner": partner,
        "greeting": "Ana",
        "inviter": "Maria Manager",
        "days": 7,
        "link": "https://partnerhub.example/invitation/abc/",
        "username": "ana",
    },
    "deals/mail/registration_approved.txt": {"registration": registration, "approved_on": day, "until": day},
    "deals/mail/registration_rejected.txt": {"registration": registration, "rejected_on": day, "reason": "Known"},
    "deals/mail/protection_extended.txt": {"registration": registration, "until": day, "section": "7.3"},
    "deals/mail/extension_refused.txt": {"registration": registration, "reason": "No", "until": day, "section": "7.3"},
    "deals/mail/registration_expired.txt": {"registration": registration, "until": day, "section": "7.3"},
    "deals/mail/protection_reminder.txt": {
        "partner": partner,
        "registration": registration,
        "until": day,
        "section": "7.3",
    },
    "billing/mail/invoice.txt": {"invoice": invoice, "lines": invoice_lines, "waived": False},
    "billing/mail/invoice_reminder.txt": {
        "partner": partner,
        "invoice": invoice,
        "lines": invoice_lines,
        "waived": False,
    },
    "benefits/mail/marketing_review.txt": {
        "partner": partner,
        "review": O(
            get_outcome_display="Changes required",
            subject="Flyer",
            required_changes="Use the current logo",
            due_on=day,
        ),
    },
    "benefits/mail/listing_published.txt": {"partner": partner, "listing": O(title="Contoso ERP"), "published_on": day},
    "benefits/mail/trademark_approved.txt": {"partner": partner, "usage": usage},
    "benefits/mail/trademark_rejected.txt": {"partner": partner, "usage": usage, "reason": "Wrong colours"},
    "benefits/mail/trademark_withdrawn.txt": {
        "partner": partner,
        "usage": usage,
        "notice_on": day,
        "effective_on": dt.date(2019, 8, 1),
        "reason": "Brand refresh",
    },
    "benefits/mail/lead_offered.txt": {
        "partner": partner,
        "lead": O(end_customer="Fabrikam AG", country="DE", product="ERP"),
    },
    "benefits/mail/benefit_request_decided.txt": {
        "partner": partner,
        "request": O(benefit_label="Demo licence"),
        "fulfilled": True,
        "decided_on": day,
        "note": "Keys sent",
    },
    "benefits/mail/licenses_ended.txt": {
        "partner": partner,
        "ended_on": day,
        "reason": "terminated",
        "ended": ["the trademark licence"],
    },
    "benefits/mail/demonstration_reminder.txt": {
        "partner": partner,
        "demonstration": O(prospect="Fabrikam AG", demo_on=day, sales_force=30, customer_service_group=12),
        "limit": 25,
        "section": "10.3",
    },
    "people/mail/renewal_due.txt": {"partner": partner, "item": item},
    "people/mail/standing_warning.txt": {"partner": partner, "breaks_on": day, "why": "no certified person"},
    "people/mail/standing_summary.txt": {"lead": 30, "as_of": day, "lines": ["Contoso GmbH loses good standing"]},
    "people/mail/certification_verified.txt": {
        "partner": partner,
        "name": "Ana Ruiz: CIE",
        "certification": O(earned_on=day, expires_on=dt.date(2020, 7, 1)),
        "as_of": day,
    },
    "people/mail/certification_rejected.txt": {
        "partner": partner,
        "name": "Ana Ruiz: CIE",
        "certification": O(earned_on=day, rejection_reason="No certificate attached"),
    },
    "funds/mail/plan_approved.txt": {"partner": partner, "plan": plan, "currency": "EUR", "section": "5.1", "days": 60},
    "funds/mail/plan_declined.txt": {"partner": partner, "plan": plan},
    "funds/mail/claim_approved.txt": {"partner": partner, "claim": claim, "in_full": False},
    "funds/mail/claim_rejected.txt": {"partner": partner, "claim": claim},
    "funds/mail/claim_paid.txt": {"partner": partner, "claim": claim, "paid_on": day},
    "evaluations/mail/notice_letter.txt": {
        "partner": partner,
        "run": run,
        "card": card,
        "decision": O(reason="Two quarters below the requirements"),
        "evaluation": "Q2 evaluation 2019",
        "old": "Solution Partner",
        "new": "Reseller",
        "terminate": False,
        "upgrade": False,
        "review": dt.date(2019, 7, 1),
        "missing": ["a certified CIE in EMEA"],
    },
    "evaluations/mail/notice.txt": {
        "partner": partner,
        "subject": "Q2 evaluation 2019: your classification changes",
        "letter": "Dear Contoso GmbH,",
        "period": "2019Q2",
    },
    "evaluations/mail/undecided_warning.txt": {
        "run": run,
        "total": 2,
        "by_outcome": [("downgrade", 2)],
        "section": "8.0",
    },
}


def mail_templates() -> set[str]:
    return {str(path.relative_to(path.parents[2])) for path in SRC.glob("*/templates/*/mail/*.txt")}


def test_every_mail_template_has_a_context_here() -> None:
    assert mail_templates() == set(CONTEXTS) | PARTIALS


@pytest.fixture
def strict_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail.ENGINE, "string_if_invalid", MISSING)


@pytest.mark.parametrize("template", sorted(CONTEXTS))
@pytest.mark.usefixtures("strict_engine")
def test_each_mail_renders_in_each_language(template: str) -> None:
    rendered = {code: mail.render_mail(template, CONTEXTS[template], code) for code, _name in settings.LANGUAGES}
    for code, (subject, body) in rendered.items():
        assert "<<missing" not in subject + body, (code, subject, body)
        assert subject and "\n" not in subject and body, code
    english, german = rendered["en"], rendered["de"]
    assert german.subject != english.subject or template in SUBJECT_GIVEN
    assert german.body != english.body


@pytest.mark.usefixtures("strict_engine")
def test_a_german_mail_writes_dates_and_money_the_german_way() -> None:
    english = mail.render_mail("billing/mail/invoice.txt", CONTEXTS["billing/mail/invoice.txt"], "en")
    german = mail.render_mail("billing/mail/invoice.txt", CONTEXTS["billing/mail/invoice.txt"], "de")
    assert "Issued on 2019-07-01" in english.body and "1500.00 EUR" in english.body
    assert "01.07.2019" in german.body and "1.500,00 EUR" in german.body
    assert "§5.1" in german.body and "§2.0" in german.body
