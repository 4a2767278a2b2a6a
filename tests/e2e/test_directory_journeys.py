"""The public partner directory in a real browser (docs/directory.md): a partner's representative chooses to be
listed and publishes its profile (a bad web address is refused beside its field), then a visitor who is not signed
in finds it from the sign-in page, searches and filters. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from partnerhub.directory.models import PartnerProfile
from partnerhub.partners.models import PartnerUser
from tests.directory.standing import in_good_standing

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def test_a_representative_lists_its_partner_and_a_visitor_finds_it(
    open_page, screens, published_policy, api_client, manager_user, password
):
    today = timezone.localdate()
    northwind = in_good_standing(api_client, manager_user, "Northwind Consulting", on=today - dt.timedelta(days=60))
    paul = User.objects.create_user("paul", email="paul@northwind.example", password=password)
    PartnerUser.objects.create(user=paul, partner=northwind, representative=True)

    partner = open_page()
    sign_in(partner, "paul", password)
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Directory profile").click()
    expect(partner.get_by_text("Not shown in the directory today.")).to_be_visible()
    partner.get_by_label("List us in the public partner directory").check()
    partner.get_by_label("Public description").fill("Conversational AI for insurers across Europe.")
    partner.get_by_label("Web site").fill("northwind.example")
    partner.get_by_role("button", name="Save the public profile").click()
    expect(partner.get_by_text("a web address starting with http:// or https://")).to_be_visible()
    assert not PartnerProfile.objects.exists()
    partner.get_by_label("Web site").fill("https://northwind.example")
    partner.get_by_role("button", name="Save the public profile").click()
    expect(partner.get_by_text("The public profile is saved.")).to_be_visible()
    expect(partner.get_by_text("Shown in the directory today.")).to_be_visible()
    screens.save(partner, "partner-directory-profile")

    visitor = open_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Browse the partner directory").click()
    expect(visitor.get_by_role("heading", name="Partner directory")).to_be_visible()
    card = visitor.get_by_role("article", name="Northwind Consulting")
    expect(card).to_contain_text("Conversational AI for insurers across Europe.")
    expect(card.get_by_role("link", name="https://northwind.example")).to_be_visible()
    expect(card).not_to_contain_text("private@northwind.example")
    visitor.get_by_label("Region").select_option(label="Europe, Middle East and Africa")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_role("article", name="Northwind Consulting")).to_be_visible()
    screens.save(visitor, "public-directory")
    visitor.get_by_label("Search", exact=True).fill("no such partner")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_text("No partner matches.")).to_be_visible()
    assert not partner.console_errors and not visitor.console_errors
