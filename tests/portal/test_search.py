"""The managers' search box: partners, deal registrations and people matching the words typed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from partnerhub.deals import services as deals
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(partner_in, password):
    contoso = partner_in("registered", name="Contoso Automation")
    partner_in("registered", name="Fabrikam")
    carla = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=carla, partner=contoso, representative=True)
    deals.registration_submit(
        partner=contoso,
        end_customer="Globex Corporation",
        title="Contact centre pilot",
        country="DE",
        estimated_value=Decimal("1000"),
        contact_name="Hank",
        contact_email="hank@globex.example",
        contact_phone="",
        consent_confirmed=True,
        submitted_on=dt.date(2019, 6, 1),
        acting_user=carla,
    )
    return contoso


def test_the_search_finds_partners_deals_and_people(client, manager_user, programme):
    from partnerhub.people.models import Person

    Person.objects.create(partner=programme, name="Greta Globex-Liaison", email="greta@contoso.example", region="EMEA")
    client.force_login(manager_user)

    html = client.get("/console/search/?q=globex").content.decode()

    assert "Globex Corporation: Contact centre pilot" in html
    assert "Greta Globex-Liaison" in html
    assert "No partner&#x27;s name holds" in html or "No partner's name holds" in html


def test_the_search_finds_a_partner_by_its_name(client, manager_user, programme):
    client.force_login(manager_user)

    html = client.get("/console/search/?q=contoso").content.decode()

    assert f'href="/partners/{programme.pk}/"' in html
    assert "Fabrikam" not in html.split("Search form")[1]


def test_the_header_offers_the_search_to_managers_only(client, manager_user, programme):
    carla = User.objects.get(username="carla")
    client.force_login(carla)
    assert 'role="search"' not in client.get("/").content.decode()
    assert client.get("/console/search/?q=globex").status_code == 403

    client.force_login(manager_user)
    assert 'action="/console/search/"' in client.get("/console/").content.decode()


def test_a_search_with_a_control_character_is_refused_with_a_message(client, manager_user, programme):
    client.force_login(manager_user)

    response = client.get("/console/search/?q=glo%00bex")

    assert response.status_code == 400
    assert 'id="id_q_error"' in response.content.decode()
