"""A partner exports its filtered deal registrations in a real browser (issue 12): the list's filters ride on the
Export button, the job page shows the link when the file is written, and the file holds the filtered rows of
this partner only, a formula typed as a customer's name written as text. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

FORMULA = '=HYPERLINK("http://evil.example")'


def test_a_partner_exports_its_filtered_deals(
    open_page, screens, partner_in, manager_user, password, settings, tmp_path
):
    from django.contrib.auth.models import User

    from partnerhub.deals.models import Registration
    from partnerhub.deals.services import registration_reject, registration_submit
    from partnerhub.partners.models import PartnerUser

    settings.MEDIA_ROOT = tmp_path / "media"
    northwind = partner_in("registered", name="Northwind")
    contoso = partner_in("registered", name="Contoso")
    paula = User.objects.create_user("paula", password=password, email="paula@northwind.example")
    PartnerUser.objects.create(user=paula, partner=northwind, representative=True)
    carl = User.objects.create_user("carl", password=password, email="carl@contoso.example")
    PartnerUser.objects.create(user=carl, partner=contoso, representative=True)
    for partner, user, customer, title in (
        (northwind, paula, "Initech", "Amelia rollout"),
        (northwind, paula, FORMULA, "Amelia upgrade"),
        (northwind, paula, "Umbrella", "Amelia pilot"),
        (northwind, paula, "Hooli", "1desk licences"),
        (contoso, carl, "Globex", "Amelia rollout"),
    ):
        registration_submit(
            partner=partner, end_customer=customer, title=title, country="DE", estimated_value=Decimal("1234.50"),
            contact_name="Ann", contact_email="ann@customer.example", contact_phone="", consent_confirmed=True,
            submitted_on=dt.date(2019, 5, 2), acting_user=user,
        )  # fmt: skip
    registration_reject(
        registration=Registration.objects.get(end_customer="Umbrella"), rejected_on=dt.date(2019, 5, 3),
        reason="Already ours", acting_user=manager_user,
    )  # fmt: skip

    page = open_page()
    sign_in(page, "paula", password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deals").click()
    page.get_by_label("Status").select_option("pending")
    expect(page.locator("#deal-results").get_by_role("cell", name="Umbrella")).to_be_hidden()
    page.get_by_label("Search").fill("Amelia")
    expect(page.locator("#deal-results").get_by_role("cell", name="Hooli")).to_be_hidden()
    screens.save(page, "partner-deals-export")
    page.get_by_role("button", name="Export these deals as CSV").click()
    expect(page.get_by_role("heading", name=re.compile("^Deal registrations of Northwind as CSV"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download deal-registrations-")).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    screens.save(page, "partner-deals-export-done")

    # Pending, "Amelia", Northwind's only; the formula is written as text; money as a decimal, dates in ISO.
    assert sorted((row["partner"], row["end customer"], row["status"]) for row in rows) == [
        ("Northwind", "'" + FORMULA, "Pending"),
        ("Northwind", "Initech", "Pending"),
    ]
    assert {(row["estimated value"], row["submitted on"]) for row in rows} == {("1234.50", "2019-05-02")}
    assert not page.console_errors
