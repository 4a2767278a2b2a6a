"""Each recipient reads a program mail in the language their user chose (docs/mail.md): one outbox message per
language, each rendered in it, with its PDF in that language too; everyone else reads the default language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction

from partnerhub.core.languages import choose_language
from partnerhub.core.mail import send_templated_after_commit
from partnerhub.core.models import MailDelivery, OutboundMail
from partnerhub.partners.models import PartnerUser
from tests.conftest import PASSWORD
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def member(partner, username: str, language: str = "") -> User:
    user = User.objects.create_user(username, email=f"{username}@contoso.example", password=PASSWORD)
    PartnerUser.objects.create(user=user, partner=partner)
    if language:
        choose_language(user=user, language=language)
    return user


def test_a_german_partner_user_gets_the_german_mail_and_pdf_an_english_one_the_english(
    api_client, manager_user, partner_in, committed
):
    partner = partner_in("applied", classification="implementation")
    member(partner, "greta", "de")
    member(partner, "emma", "en")
    member(partner, "nora")  # left the choice to the browser: a mail has none to ask
    mail.outbox.clear()

    with committed():
        response = api_client(manager_user).post(
            f"/api/v1/partners/{partner.pk}/approve/", {"approved_on": "2019-04-15"}, format="json"
        )
    assert response.status_code == 200, response.json()
    invoice = response.json()["invoice"]["id"]

    english = [m for m in mail.outbox if "greta@contoso.example" not in m.to]
    german = [m for m in mail.outbox if m.to == ["greta@contoso.example"]]
    assert len(english) == len(german) == 2 and len(mail.outbox) == 4
    assert all(
        set(m.to) == {"contoso@partner.example", "emma@contoso.example", "nora@contoso.example"} for m in english
    )
    assert [m.subject for m in english] == [
        "[Partnerhub] Contoso: approved as Implementation Partner",
        f"[Partnerhub] Program fee 2019 invoiced: 11250.00 USD (invoice {invoice})",
    ]
    assert "You have until 2019-10-15" in english[0].body
    assert [m.subject for m in german] == [
        "[Partnerhub] Contoso: zugelassen als Implementation Partner",
        f"[Partnerhub] Programmgebühr 2019 in Rechnung gestellt: 11.250,00 USD (Rechnung {invoice})",
    ]
    assert "Bis zum 15.10.2019 haben Sie Zeit" in german[0].body
    assert "Ihr Team des Partnerprogramms" in german[0].body
    assert "Fällig am 15.05.2019. Programmgebühren werden nicht erstattet (§2.0)." in german[1].body

    english_pdf = pdf_text(english[1].attachments[0][1])
    german_pdf = pdf_text(german[1].attachments[0][1])
    assert "Partner program invoice" in english_pdf and "2019-05-15" in english_pdf and "11,250.00 USD" in english_pdf
    assert "Rechnung des Partnerprogramms" in german_pdf
    assert "15.05.2019" in german_pdf and "11.250,00 USD" in german_pdf
    assert "§5.1" in german_pdf  # the policy's sections as they are

    # Each user's inbox holds the message in their language.
    greta = MailDelivery.objects.filter(user__username="greta").select_related("mail")
    assert {delivery.mail.subject for delivery in greta} == {m.subject for m in german}


def test_a_rolled_back_change_writes_no_message_in_any_language(partner_in):
    partner = partner_in("applied")
    member(partner, "greta", "de")
    before = OutboundMail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        messages = send_templated_after_commit(
            to=["contoso@partner.example", "greta@contoso.example"],
            template="partners/mail/registered.txt",
            context={"partner": partner, "registered_on": partner.approved_on},
        )
        assert len(messages) == 2
        raise RuntimeError("the change is refused")
    assert OutboundMail.objects.count() == before
