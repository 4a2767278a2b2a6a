"""The managers' console in a real browser (issue 12): a manager terminates, re-assigns and rejoins partners,
each time reading what will happen before confirming; records a compliance verification, a governance
record and an exception; invites a partner user who sets a password and signs in; publishes a marketplace
listing; offers a lead that the partner accepts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnerhub.partners.models import Partner, PartnerStatus

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
