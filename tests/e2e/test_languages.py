"""The portal in German in a real browser (docs/languages.md): a partner's user who chose German reads the
navigation, headings, dates and money the German way whatever the browser asks for, switches back to English
on the language page; a visitor whose browser asks for German gets the sign-in page in German."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from partnerhub.billing.models import Invoice
from partnerhub.core.languages import choose_language
from partnerhub.partners.models import PartnerUser

from .browser import DESKTOP, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def german_money(amount: Decimal, currency: str) -> str:
    """1234.5 -> "1.234,50 USD", written out here rather than with the code under test."""
    english = f"{amount:,.2f}"
    return english.replace(",", " ").replace(".", ",").replace(" ", ".") + f" {currency}"


@pytest.fixture
def contoso_user(partner_in, password):
    contoso = partner_in("registered", name="Contoso", territories=("DE", "AT"), approved_on=dt.date(2019, 4, 15))
    greta = User.objects.create_user("greta", password=password, email="greta@contoso.example", first_name="Greta")
    PartnerUser.objects.create(user=greta, partner=contoso, representative=True)
    return greta


def test_a_user_who_chose_german_reads_the_portal_in_german(browser, live_server, screens, contoso_user, password):
    choose_language(user=contoso_user, language="de")
    invoice = Invoice.objects.get(partner__users__user=contoso_user)
    assert invoice.amount >= 1000, "the program fee shows the thousands separator"

    # The browser asks for English: the user's choice wins once signed in.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, "greta", password)

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Wo Sie stehen")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Hauptmenü")
    for tab in ("Übersicht", "Geschäfte", "Personen", "Leistungen", "Rechnungen", "Mitteilungen"):
        expect(navigation.get_by_role("link", name=tab, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    screens.save(page, "de-partner-dashboard")

    # Dates and money the German way on the invoices page.
    navigation.get_by_role("link", name="Rechnungen", exact=True).click()
    expect(page.get_by_role("columnheader", name="Ausgestellt")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=f"Nr. {invoice.pk}")
    expect(row).to_contain_text(invoice.issued_on.strftime("%d.%m.%Y"))
    expect(row).to_contain_text(german_money(invoice.amount, invoice.currency))
    screens.save(page, "de-partner-invoices")

    # The deal registration form: labels and a refusal beside its field, in German.
    navigation.get_by_role("link", name="Geschäfte", exact=True).click()
    page.get_by_role("link", name="Geschäft registrieren").first.click()
    expect(page.get_by_label("Endkunde")).to_be_visible()
    page.get_by_role("button", name="Geschäft registrieren").click()
    expect(page.get_by_text("Dies wurde nicht gespeichert.")).to_be_visible()

    # Back to English on the language page; the page after it says so in English.
    page.get_by_role("link", name="Sprache").click()
    expect(page.get_by_role("heading", name="Sprache")).to_be_visible()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("The portal now speaks your chosen language.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Deals", exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices", exact=True).click()
    row = page.get_by_role("row").filter(has_text=f"No. {invoice.pk}")
    expect(row).to_contain_text(re.sub(r"^0", "", invoice.issued_on.strftime("%d %b %Y")))
    expect(row).to_contain_text(f"{invoice.amount:,.2f} {invoice.currency}")
    context.close()


def test_a_visitor_whose_browser_asks_for_german_signs_in_in_german(browser, live_server, contoso_user, password):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill("greta")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    # No choice made: the browser's German, then the choice of English wins over it.
    expect(page.get_by_role("heading", name="Wo Sie stehen")).to_be_visible()
    choose_language(user=contoso_user, language="en")
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_label("Benutzername").fill("greta")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Where you stand")).to_be_visible()
    context.close()
