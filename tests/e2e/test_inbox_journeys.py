"""The inbox, the outbox and the benefits in a real browser (issue 12): a manager changes a partner's terms and
the partner sees them, with the mail in its inbox (marked read); the manager finds that mail in the outbox; a
partner reads its benefits beside the next classification's and the benefit catalogue."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from partnerhub.core.models import MailDelivery
from partnerhub.partners.models import Partner, PartnerUser

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def partner_user(partner: Partner, username: str, password: str) -> User:
    user = User.objects.create_user(username, email=f"{username}@{partner.name.lower()}.example", password=password)
    PartnerUser.objects.create(user=user, partner=partner, representative=True)
    return user


def test_a_manager_changes_the_terms_and_the_partner_sees_them_and_reads_the_mail(
    open_page, screens, partner_in, password
):
    contoso = partner_in("registered", name="Contoso")
    carl = partner_user(contoso, "carl", password)
    manager = open_page()
    sign_in(manager, "manager", password)

    manager.goto(f"/partners/{contoso.pk}/manage/")
    manager.get_by_role("link", name="Change the terms").click()
    manager.get_by_label("Designated territories").fill("DE, AT")
    manager.get_by_label("Referral fee (%)").fill("12")
    manager.get_by_label("From").fill("2019-08-01")
    manager.get_by_label("Reason (told to the partner)").fill("Extended to Austria")
    manager.get_by_role("button", name="Review what will happen").click()
    expect(manager.get_by_text("designated territories DE → DE, AT").first).to_be_visible()
    manager.get_by_role("button", name="Confirm: change the terms").click()
    expect(manager.get_by_text("The terms of Contoso are changed.")).to_be_visible()

    # The partner sees its new terms, and the mail that told it, unread, in its inbox.
    partner = open_page()
    sign_in(partner, "carl", password)
    expect(partner.get_by_text("DE, AT", exact=True)).to_be_visible()
    inbox_link = partner.get_by_role("link", name="Inbox 1 unread")
    expect(inbox_link).to_be_visible()
    partner.goto(f"/partners/{contoso.pk}/statements/")
    expect(partner.get_by_text("referral fee 12.00% of first-year net revenue")).to_be_visible()
    partner.get_by_role("link", name="Inbox 1 unread").click()
    expect(partner.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    partner.get_by_role("link", name="Contoso: your terms of participation changed").click()
    expect(partner.get_by_text("From 2019-08-01: designated territories DE → DE, AT")).to_be_visible()
    screens.save(partner, "partner-inbox-mail")
    partner.get_by_role("button", name="Mark as read").click()
    expect(partner.get_by_text("is marked read")).to_be_visible()
    expect(partner.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
    assert MailDelivery.objects.get(user=carl).read_at is not None

    # The manager finds the same mail in the outbox, with its recipients.
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    manager.get_by_label("Recipient").fill("carl@")
    manager.get_by_role("button", name="Filter").click()
    manager.get_by_role("link", name="Contoso: your terms of participation changed").click()
    expect(manager.get_by_role("cell", name="carl@contoso.example")).to_be_visible()
    expect(manager.get_by_role("cell", name="contoso@partner.example")).to_be_visible()
    expect(manager.get_by_role("cell", name="none (mail only)")).to_be_visible()
    screens.save(manager, "manager-outbox-mail")
    assert manager.console_errors == [] and partner.console_errors == []


def test_the_outbox_is_not_found_for_a_partner_user(open_page, partner_in, password):
    contoso = partner_in("registered", name="Contoso")
    partner_user(contoso, "carl", password)
    page = open_page()
    sign_in(page, "carl", password)

    response = page.goto("/console/outbox/")

    assert response is not None and response.status == 404


def test_a_partner_reads_its_benefits_beside_the_next_classifications(open_page, screens, partner_in, password):
    contoso = partner_in("registered", name="Contoso")
    partner_user(contoso, "carl", password)
    page = open_page()
    sign_in(page, "carl", password)

    expect(page.get_by_text("Next: Implementation Partners also have 14 benefits more")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Benefits").click()
    expect(page.get_by_role("heading", name="Your benefits")).to_be_visible()
    next_tier = page.locator("section", has=page.get_by_role("heading", name="Next: Implementation Partner"))
    expect(next_tier.get_by_text("Amelia instance and sandbox (demo only)")).to_be_visible()
    screens.save(page, "partner-benefits-next-tier")

    page.get_by_role("link", name="Every benefit of the programme, per classification").click()
    expect(page.get_by_role("heading", name="Benefit catalogue")).to_be_visible()
    page.get_by_label("Classification", exact=True).select_option("implementation")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("columnheader", name="Implementation Partner")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Solution Partner")).to_have_count(0)
    assert page.console_errors == []
