"""A partner whose status gives no deal registration (terminated, deactivated, applied) is offered no
"Register a deal" but told why (§2.0); a manager cannot approve a terminated partner's registration."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from partnerhub.deals import services as deals
from partnerhub.deals.models import Registration, RegistrationStatus
from partnerhub.partners.models import PartnerUser
from partnerhub.partners.services.lifecycle import partner_terminate

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered", name="Contoso", approved_on=dt.date(2019, 4, 15))


@pytest.fixture
def carla(contoso, password):
    user = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=user, partner=contoso, representative=True)
    return user


def submit(contoso, carla):
    return deals.registration_submit(
        partner=contoso,
        end_customer="Globex",
        title="Pilot",
        country="DE",
        estimated_value=Decimal("1000"),
        contact_name="Hank",
        contact_email="hank@globex.example",
        contact_phone="",
        consent_confirmed=True,
        submitted_on=dt.date(2019, 6, 1),
        acting_user=carla,
    )


def test_a_registered_partner_is_offered_the_registration(client, contoso, carla):
    client.force_login(carla)

    html = client.get("/").content.decode()

    assert f'href="/partners/{contoso.pk}/deals/new/"' in html
    assert "registration-closed" not in html


@pytest.mark.parametrize("status", ["terminated", "applied"])
def test_a_partner_without_deal_registration_is_told_why_instead(client, partner_in, password, db_state, status):
    partner = partner_in("registered", name="Contoso") if status == "terminated" else partner_in("applied")
    if status == "terminated":
        manager = User.objects.get(username="manager")
        partner_terminate(partner=partner, terminated_on=dt.date(2019, 8, 1), acting_user=manager, reason="Breach")
    user = User.objects.create_user("carla", password=password)
    PartnerUser.objects.create(user=user, partner=partner, representative=True)
    client.force_login(user)
    before = db_state()

    pages = [client.get(path).content.decode() for path in ("/", f"/partners/{partner.pk}/deals/")]
    form = client.get(f"/partners/{partner.pk}/deals/new/").content.decode()
    posted = client.post(
        f"/partners/{partner.pk}/deals/new/",
        {"end_customer": "Globex", "opportunity": "Pilot", "country": "DE", "estimated_value": "1000"},
    )

    for html in [*pages, form]:
        assert f'href="/partners/{partner.pk}/deals/new/"' not in html
        assert "You cannot register deals now" in html
        assert f"this partner is {status}" in html and "§2.0" in html
    assert "Register the deal" not in form
    assert posted.status_code == 200
    assert db_state() == before


def test_a_manager_cannot_approve_a_terminated_partners_registration(client, contoso, carla, manager_user, db_state):
    registration = submit(contoso, carla)
    partner_terminate(partner=contoso, terminated_on=dt.date(2019, 8, 1), acting_user=manager_user, reason="Breach")
    client.force_login(manager_user)
    before = db_state()

    html = client.post(
        f"/deals/{registration.pk}/", {"action": "approve", "decide-decided_on": "2019-08-05", "decide-reason": "ok"}
    ).content.decode()

    assert "this partner is terminated" in html and "§2.0" in html
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.PENDING
    assert db_state() == before
