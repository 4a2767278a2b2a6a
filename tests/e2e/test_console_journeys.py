"""The managers' console in a real browser (issue 12): a manager terminates, re-assigns and rejoins partners,
each time reading what will happen before confirming; records a compliance verification, a governance
record and an exception; invites a partner user who sets a password and signs in; publishes a marketplace
listing; offers a lead that the partner accepts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from partnerhub.benefits.models import LeadOffer, MarketplaceListing
from partnerhub.core.models import OutboundMail
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def review(page) -> None:
    page.get_by_role("button", name="Review what will happen").click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()


def test_a_manager_terminates_reassigns_and_rejoins_partners(open_page, screens, partner_in, password):
    contoso = partner_in("registered", name="Contoso")
    fabrikam = partner_in("registered", name="Fabrikam")
    litware = partner_in("deactivated", name="Litware")
    manager = open_page()
    sign_in(manager, "manager", password)

    # Terminate: the review says what happens (no refund, the mail), then the confirmation does it.
    manager.goto(f"/partners/{contoso.pk}/")
    manager.get_by_role("navigation", name="Contoso").get_by_role("link", name="Manage").click()
    manager.get_by_role("link", name="Terminate the participation").click()
    manager.get_by_label("Reason (told to the partner)").fill("Breach of the IPPA, clause 4")
    review(manager)
    expect(manager.get_by_text("no refund of program fees")).to_be_visible()
    screens.save(manager, "manager-terminate-review")
    manager.get_by_role("button", name="Confirm: terminate").click()
    expect(manager.get_by_text("The participation of Contoso is terminated.")).to_be_visible()
    contoso.refresh_from_db()
    assert contoso.status == PartnerStatus.TERMINATED

    # A terminated partner has no lifecycle action left; one tried anyway is refused with its rule and section.
    assert manager.get_by_role("link", name="Terminate the participation").count() == 0
    manager.goto(f"/partners/{contoso.pk}/manage/rejoin/")
    manager.get_by_role("button", name="Review what will happen").click()
    expect(manager.get_by_text("only a deactivated partner can rejoin the program")).to_be_visible()
    expect(manager.get_by_text("(§2.0)")).to_be_visible()

    # Re-assign with the notice given and the date it takes effect.
    manager.goto(f"/partners/{fabrikam.pk}/manage/reassign/")
    manager.get_by_label("New classification").select_option("implementation")
    manager.get_by_label("Reason (told to the partner)").fill("Evaluation of 2019Q2")
    manager.get_by_label("Notice given", exact=True).fill("Letter sent by mail")
    review(manager)
    expect(manager.get_by_text("Re-assigned from Alliance Partner to Implementation Partner")).to_be_visible()
    manager.get_by_role("button", name="Confirm: re-assign").click()
    expect(manager.get_by_text("Fabrikam is re-assigned.")).to_be_visible()
    assert Partner.objects.get(pk=fabrikam.pk).classification == "implementation"

    # Rejoin: the review shows the invoice the rejoining issues.
    manager.goto(f"/partners/{litware.pk}/manage/")
    manager.get_by_role("link", name="Rejoin").click()
    review(manager)
    expect(manager.get_by_text("An invoice for Program Year")).to_be_visible()
    screens.save(manager, "manager-rejoin-review")
    manager.get_by_role("button", name="Confirm: rejoin").click()
    expect(manager.get_by_text("Litware rejoined the program.")).to_be_visible()
    assert Partner.objects.get(pk=litware.pk).status == PartnerStatus.APPROVED
    assert manager.console_errors == []


def test_a_manager_records_obligations(open_page, screens, partner_in, password):
    contoso = partner_in("registered", name="Contoso")
    manager = open_page()
    sign_in(manager, "manager", password)
    manager.goto(f"/partners/{contoso.pk}/manage/")
    manager.get_by_role("link", name="Obligations: compliance, governance, exceptions").click()

    compliance = manager.get_by_role("region", name="Compliance verification")
    compliance.get_by_label("Note").fill("All 12 people completed the compliance training")
    compliance.get_by_role("button", name="Record").click()
    expect(manager.get_by_text("The compliance verification is recorded.")).to_be_visible()

    governance = manager.get_by_role("region", name="Governance record")
    governance.get_by_label("Record").select_option("business_plan")
    governance.get_by_role("button", name="Record").click()
    expect(manager.get_by_text("The governance record is on file.")).to_be_visible()
    expect(manager.get_by_text("Business / account plan on file:")).to_be_visible()

    # A refused exception (ending before it starts) says so beside the field and records nothing.
    exception = manager.get_by_role("region", name="Exception approved by a designated leader")
    exception.get_by_label("Qualification excepted").select_option("compliance_verification")
    exception.get_by_label("From").fill("2019-06-01")
    exception.get_by_label("Until").fill("2019-05-01")
    exception.get_by_label("Approved by").fill("Dana Leader, VP Partners")
    exception.get_by_label("Reason").fill("New team onboarding")
    exception.get_by_role("button", name="Record").click()
    exception = manager.get_by_role("region", name="Exception approved by a designated leader")
    expect(exception.get_by_text("must not be before")).to_be_visible()
    assert not contoso.standing_exceptions.exists()
    exception.get_by_label("Until").fill("2019-12-31")
    exception.get_by_role("button", name="Record").click()
    expect(manager.get_by_text("The exception is recorded.")).to_be_visible()
    screens.save(manager, "manager-obligations")

    assert contoso.compliance_verifications.count() == 1
    assert contoso.governance_records.count() == 1
    assert contoso.standing_exceptions.get().approved_by == "Dana Leader, VP Partners"


def test_an_invited_partner_user_sets_a_password_and_signs_in(open_page, partner_in, password):
    contoso = partner_in("registered", name="Contoso")
    manager = open_page()
    sign_in(manager, "manager", password)
    manager.goto(f"/partners/{contoso.pk}/manage/users/")
    manager.get_by_label("Email").fill("nina@contoso.example")
    manager.get_by_label("First name").fill("Nina")
    manager.get_by_label("Designated Partner Representative").check()
    manager.get_by_role("button", name="Send the invitation").click()
    expect(manager.get_by_text("Invitation sent to nina@contoso.example")).to_be_visible()
    expect(manager.get_by_role("button", name="Unmark nina@contoso.example")).to_be_visible()

    mail = OutboundMail.objects.get(to=["nina@contoso.example"])
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.body)
    assert link is not None, mail.body
    nina = open_page()
    nina.goto(link.group(0))
    nina.get_by_label(re.compile(r"^New password\W*$")).fill("a-long-and-new-password-2019")
    nina.get_by_label("New password confirmation").fill("a-long-and-new-password-2019")
    nina.get_by_role("button", name="Set password and sign in").click()
    expect(nina.get_by_text("Your password is set and you are signed in.")).to_be_visible()

    again = open_page()
    sign_in(again, "nina@contoso.example", "a-long-and-new-password-2019")
    expect(again.get_by_role("heading", name="Where you stand")).to_be_visible()


def test_a_manager_publishes_a_marketplace_listing(open_page, partner_in, password):
    litware = partner_in("registered", name="Litware", classification="solution")
    listing = MarketplaceListing.objects.create(
        partner=litware,
        title="Claims assistant",
        summary="Insurance claims triage on Amelia",
        product="amelia",
        submitted_on=dt.date(2019, 11, 1),
        policy_version=dt.date(2018, 1, 31),
        reasons=[],
    )
    manager = open_page()
    sign_in(manager, "manager", password)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Marketplace").click()
    manager.get_by_role("link", name="Claims assistant").click()
    for label in MARKETPLACE_STANDARDS.values():
        manager.get_by_label(label).check()
    manager.get_by_role("button", name="Record the review").click()
    expect(manager.get_by_text("The listing meets the set standards")).to_be_visible()
    manager.get_by_role("button", name="Publish in the marketplace").click()
    expect(manager.get_by_text("Claims assistant is published in the Amelia Marketplace.")).to_be_visible()
    listing.refresh_from_db()
    assert listing.status == "published"


def test_a_manager_offers_a_lead_that_the_partner_accepts(open_page, partner_in, make_representative, password):
    litware = partner_in("registered", name="Litware", classification="solution")
    make_representative(litware, "lena")
    manager = open_page()
    sign_in(manager, "manager", password)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Leads").click()
    manager.get_by_label("End customer").fill("Bayerische Motorenwerke")
    manager.get_by_label("Country").select_option("DE")
    manager.get_by_label("Product line").select_option("amelia")
    manager.get_by_label("Contact name").fill("Jonas Weber")
    manager.get_by_label("Contact email").fill("jonas.weber@bmw.example")
    manager.get_by_role("button", name="Record and offer the lead").click()
    expect(manager.get_by_text("is recorded and offered to Litware")).to_be_visible()

    partner = open_page()
    sign_in(partner, "lena", password)
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Leads and marketing").click()
    partner.get_by_role("button", name="Accept the lead Bayerische Motorenwerke").click()
    expect(partner.get_by_text("is accepted: contact the customer now")).to_be_visible()

    manager.get_by_role("link", name="Bayerische Motorenwerke").click()
    expect(manager.locator(".badge", has_text="Accepted")).to_be_visible()
    assert LeadOffer.objects.get(partner=litware).status == "accepted"
