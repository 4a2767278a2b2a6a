"""The journeys of issue 8 in a real browser: a partner registers a deal and sees it pending, a manager
approves it, the partner sees it approved; a partner cannot open another partner's pages (404).
Screenshots of the main pages go to test-artifacts/screenshots/ (git-ignored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from partnerhub.deals.models import Registration
from partnerhub.partners.models import Partner, PartnerUser

from .browser import PHONE, sign_in

# One worker runs them all (under `pytest -n`), so one Chromium and one live server serve the module.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture
def programme(partner_in, manager_user, password):
    """A registered Alliance partner in Germany with its representative, and another partner."""
    contoso = partner_in("registered", name="Contoso", territories=("DE", "AT"), approved_on=dt.date(2019, 4, 15))
    carla = User.objects.create_user("carla", password=password, email="carla@contoso.example", first_name="Carla")
    PartnerUser.objects.create(user=carla, partner=contoso, representative=True)
    fabrikam = partner_in("registered", name="Fabrikam", territories=("FR",), approved_on=dt.date(2019, 4, 15))
    manager_user.first_name = "Maria"
    manager_user.save()
    return {"contoso": contoso, "fabrikam": fabrikam}


def test_a_deal_goes_from_registration_to_approval(open_page, screens, programme, password):
    contoso: Partner = programme["contoso"]

    # The partner's representative signs in and lands on the dashboard.
    partner = open_page()
    sign_in(partner, "carla", password)
    assert partner.get_by_role("heading", name="Where you stand").is_visible()
    assert partner.get_by_text("Alliance Partner").first.is_visible()
    screens.save(partner, "partner-dashboard")

    # Registers a deal, confirming the contact's consent.
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Deals").click()
    partner.get_by_role("link", name="Register a deal").first.click()
    partner.get_by_label("End customer").fill("Bayerische Motorenwerke")
    partner.get_by_label("Opportunity").fill("Dealer service desk assistant")
    partner.get_by_label("Country").select_option("DE")
    partner.get_by_label("Estimated value").fill("250000")
    partner.get_by_label("Contact name").fill("Jonas Weber")
    partner.get_by_label("Contact email").fill("jonas.weber@bmw.example")
    partner.get_by_label("The contact person was told").check()
    screens.save(partner, "partner-deal-register")
    partner.get_by_role("button", name="Register the deal").click()

    # ...and sees it pending.
    assert partner.get_by_text("is registered and pending").is_visible()
    assert partner.locator(".badge", has_text="Pending").first.is_visible()
    screens.save(partner, "partner-deal-pending")
    registration = Registration.objects.get(partner=contoso)
    assert registration.status == "pending"
    assert registration.consent_confirmed_by.username == "carla"

    # A manager finds it in the queue and approves it.
    manager = open_page()
    sign_in(manager, "manager", password)
    assert manager.get_by_role("heading", name="Work queues").is_visible()
    screens.save(manager, "manager-work-queues")
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Deals").click()
    screens.save(manager, "manager-deal-queue")
    manager.get_by_role("link", name=f"#{registration.pk}").click()
    screens.save(manager, "manager-deal-review")
    manager.get_by_label("Reason (told to the partner)").fill("Qualified: budget confirmed.")
    manager.get_by_role("button", name="Approve").click()
    assert manager.get_by_text(f"Deal registration #{registration.pk} is approved").is_visible()

    # The partner sees it approved.
    partner.goto(f"/deals/{registration.pk}/")
    assert partner.locator("h2 .badge", has_text="Approved").is_visible()
    assert partner.get_by_text("Qualified: budget confirmed.").first.is_visible()
    screens.save(partner, "partner-deal-approved")
    registration.refresh_from_db()
    assert registration.status == "approved"
    assert not partner.console_errors and not manager.console_errors


def test_a_refused_registration_says_why_beside_the_field_and_keeps_what_was_typed(
    open_page, screens, programme, password
):
    page = open_page()
    sign_in(page, "carla", password)
    page.goto(f"/partners/{programme['contoso'].pk}/deals/new/")
    page.get_by_label("End customer").fill("Wiener Linien")
    page.get_by_label("Opportunity").fill("Passenger assistant")
    page.get_by_label("Country").select_option("AT")
    page.get_by_label("Estimated value").fill("90000")
    page.get_by_role("button", name="Register the deal").click()  # consent not confirmed

    error = page.locator("#id_consent_confirmed_error")
    assert error.is_visible()
    assert "7.3" in error.inner_text()
    assert page.get_by_label("End customer").input_value() == "Wiener Linien"
    assert page.get_by_label("Estimated value").input_value() == "90000"
    screens.save(page, "partner-deal-refused")
    assert not Registration.objects.exists()


def test_a_partner_cannot_open_another_partners_pages(open_page, screens, programme, password):
    fabrikam: Partner = programme["fabrikam"]
    page = open_page()
    sign_in(page, "carla", password)

    for path in (f"/partners/{fabrikam.pk}/", f"/partners/{fabrikam.pk}/deals/", f"/partners/{fabrikam.pk}/people/"):
        response = page.goto(path)
        assert response is not None and response.status == 404
        assert page.get_by_role("heading", name="Page not found").is_visible()
        assert "Fabrikam" not in page.content()
    screens.save(page, "partner-other-partner-404")


def test_the_pages_work_at_360_pixels_and_by_keyboard(open_page, screens, programme, password):
    contoso: Partner = programme["contoso"]
    page = open_page(PHONE)
    sign_in(page, "carla", password)

    for name, path in (
        ("phone-dashboard", "/"),
        ("phone-deals", f"/partners/{contoso.pk}/deals/"),
        ("phone-deal-register", f"/partners/{contoso.pk}/deals/new/"),
        ("phone-invoices", f"/partners/{contoso.pk}/invoices/"),
    ):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{path} scrolls sideways"
        screens.save(page, name)

    # The first Tab stop is the skip link, visibly focused; it moves the focus to the main content.
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_console_shows_evaluations_and_reports_with_charts(open_page, screens, programme, manager_user, password):
    from partnerhub.evaluations.services.runs import evaluation_run_create

    run = evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)
    page = open_page()
    sign_in(page, "manager", password)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evaluations").click()
    assert page.get_by_role("img", name="Evaluation proposals per quarter").is_visible()
    screens.save(page, "manager-evaluations")
    page.get_by_role("link", name=f"{run.name} {run.year}").first.click()
    page.get_by_role("link", name="Contoso").first.click()
    assert page.get_by_role("heading", name="Lines").is_visible()
    screens.save(page, "manager-scorecard")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    for chart in ("Partners per classification", "Evaluation proposals per quarter", "Pipeline by region"):
        assert page.get_by_role("img", name=chart).is_visible()
    screens.save(page, "manager-reports")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_label("Name contains").fill("fab")  # htmx swaps the results in as one types
    expect(page.locator("#partner-results").get_by_text("Contoso")).to_be_hidden()
    expect(page.locator("#partner-results").get_by_text("Fabrikam")).to_be_visible()
    assert "name=fab" in page.url
    screens.save(page, "manager-partners-filtered")
    assert not page.console_errors
