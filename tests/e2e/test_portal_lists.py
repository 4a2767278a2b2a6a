"""The journeys of issue 12's partner portal and lists in a real browser: a prospect applies on the public page
and a manager approves the application; a manager exports a filtered partner list; a partner reads its
scorecard; a partner accepts a lead offered to it. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from partnerhub.partners.models import Partner, PartnerStatus

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def test_a_prospect_applies_on_the_public_page_and_a_manager_approves_it(
    open_page, screens, published_policy, manager_user, password
):
    prospect = open_page()
    prospect.goto("/")
    prospect.get_by_role("link", name="Apply to the partner program").click()
    prospect.get_by_label("Organization name").fill("Tailspin Toys")
    prospect.get_by_label("Classification you apply for").select_option("alliance")
    prospect.get_by_label("Europe, Middle East and Africa").check()
    prospect.get_by_label("Territories").fill("DE, AT")
    prospect.get_by_label("Contact email").fill("hello@tailspin.example")
    screens.save(prospect, "public-application")
    prospect.get_by_role("button", name="Send the application").click()
    expect(prospect.get_by_role("heading", name="Application received")).to_be_visible()
    applicant = Partner.objects.get(name="Tailspin Toys")
    assert applicant.status == PartnerStatus.APPLIED

    manager = open_page()
    sign_in(manager, "manager", password)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    manager.get_by_role("link", name="Tailspin Toys").click()
    manager.get_by_label("Reason").first.fill("A good fit for the German market.")
    screens.save(manager, "manager-public-application")
    manager.get_by_role("button", name="Approve").click()
    expect(manager.get_by_text("Tailspin Toys is approved")).to_be_visible()
    applicant.refresh_from_db()
    assert applicant.status == PartnerStatus.APPROVED
    assert manager.get_by_label("Email").input_value() == "hello@tailspin.example"
    assert not prospect.console_errors and not manager.console_errors


def test_a_partner_reads_its_scorecard(open_page, screens, partner_in, manager_user, password):
    from django.contrib.auth.models import User

    from partnerhub.evaluations.services.runs import evaluation_run_create
    from partnerhub.partners.models import PartnerUser

    contoso = partner_in("registered", name="Contoso", approved_on=dt.date(2019, 4, 15))
    carla = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=carla, partner=contoso, representative=True)
    run = evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)

    page = open_page()
    sign_in(page, "carla", password)
    # The dashboard loads the evaluation panel after the page.
    expect(page.get_by_role("heading", name="Latest evaluation")).to_be_visible()
    expect(page.get_by_role("heading", name="Activity this quarter")).to_be_visible()
    screens.save(page, "partner-dashboard-evaluation")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecards").click()
    page.get_by_role("link", name=f"{run.name} {run.year}").click()
    expect(page.get_by_role("heading", name="Lines")).to_be_visible()
    expect(page.get_by_role("cell", name="Qualified opportunities per quarter §5.0")).to_be_visible()
    screens.save(page, "partner-scorecard")
    assert not page.console_errors


def test_a_partner_accepts_a_lead_offered_to_it(open_page, screens, partner_in, manager_user, password):
    from django.contrib.auth.models import User

    from partnerhub.benefits.models import LeadOffer, LeadOfferStatus
    from partnerhub.benefits.services.leads import web_lead_receive
    from partnerhub.partners.models import PartnerUser

    fabrikam = partner_in(
        "registered", name="Fabrikam", classification="solution", territories=("FR",), products=("amelia", "1desk")
    )
    fred = User.objects.create_user("fred", password=password, email="fred@fabrikam.example")
    PartnerUser.objects.create(user=fred, partner=fabrikam, representative=True)
    _lead, [offer] = web_lead_receive(
        end_customer="Initech",
        country="FR",
        product="1desk",
        contact_name="Bill Lumbergh",
        contact_email="bill@initech.example",
        contact_phone="",
        notes="",
        received_on=dt.date(2019, 7, 1),
        acting_user=manager_user,
    )

    page = open_page()
    sign_in(page, "fred", password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leads and marketing").click()
    expect(page.get_by_role("cell", name="Initech", exact=True)).to_be_visible()
    screens.save(page, "partner-leads")
    page.get_by_role("button", name="Accept the lead Initech").click()
    expect(page.get_by_text("The lead Initech is accepted")).to_be_visible()
    expect(page.get_by_text("bill@initech.example")).to_be_visible()
    screens.save(page, "partner-lead-accepted")
    assert LeadOffer.objects.get(pk=offer.pk).status == LeadOfferStatus.ACCEPTED
    assert not page.console_errors


def test_a_manager_exports_a_filtered_partner_list(open_page, screens, partner_in, manager_user, password):
    import csv
    import io

    partner_in("registered", name="Contoso", classification="solution")
    # A name as a spreadsheet would run it (set directly: the test is about the file, not the form).
    formula = partner_in("registered", name="Formula", classification="solution")
    Partner.objects.filter(pk=formula.pk).update(name='=HYPERLINK("http://evil.example")')
    partner_in("registered", name="Alpine", classification="alliance")
    partner_in("applied", name="Bellows", classification="solution")

    page = open_page()
    sign_in(page, "manager", password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_label("Classification").select_option("solution")
    expect(page.locator("#partner-results").get_by_role("link", name="Alpine")).to_be_hidden()
    page.get_by_label("Status").select_option("registered")
    expect(page.locator("#partner-results").get_by_role("link", name="Bellows")).to_be_hidden()
    page.get_by_role("link", name="Partner (sorted ascending; select to sort descending)").click()
    expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)
    screens.save(page, "manager-partners-export")
    page.get_by_role("button", name="Export these partners as CSV").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download partners-")).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))

    # Filters applied, sorted by name descending; the formula is written as text (the core CSV helper).
    assert [(row["name"], row["classification"], row["status"]) for row in rows] == [
        ("Contoso", "Solution", "Registered"),
        ('\'=HYPERLINK("http://evil.example")', "Solution", "Registered"),
    ]
    assert not page.console_errors
