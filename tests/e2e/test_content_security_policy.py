"""The strict Content-Security-Policy holds in a real browser: Chromium reports every refused inline style,
script or resource as a console error, and none appears on the main pages, charts and Swagger UI included."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from partnerhub.partners.models import PartnerUser

from .browser import sign_in

pytestmark = pytest.mark.e2e


def test_no_page_breaks_the_policy(open_page, partner_in, manager_user, password):
    contoso = partner_in("registered", name="Contoso", territories=("DE",))
    carla = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=carla, partner=contoso, representative=True)

    anonymous = open_page()
    anonymous.goto("/accounts/login/")
    anonymous.goto("/api/v1/docs/")
    anonymous.get_by_text("Partnerhub API").first.wait_for()

    manager = open_page()
    sign_in(manager, "manager", password)
    for path in (
        "/console/",
        "/console/partners/",
        "/console/reports/",
        f"/partners/{contoso.pk}/",
        "/console/security/",
    ):
        manager.goto(path)
        manager.wait_for_load_state("networkidle")

    partner = open_page()
    sign_in(partner, "carla", password)
    partner.goto(f"/partners/{contoso.pk}/people/")
    partner.goto("/accounts/2fa/")

    for page in (anonymous, manager, partner):
        assert not page.console_errors, page.console_errors
