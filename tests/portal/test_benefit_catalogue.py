"""The next classification's benefits beside the partner's own (benefits page and dashboard), and the benefit
catalogue of the policy in force, per classification, with sections."""

import pytest
from django.contrib.auth.models import User

from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance_user(partner_in):
    contoso = partner_in("registered")
    user = User.objects.create_user("carl", email="carl@contoso.example")
    PartnerUser.objects.create(user=user, partner=contoso, representative=True)
    return user


def test_the_benefits_page_shows_the_next_classifications_benefits_beside_the_own(client, alliance_user):
    partner = PartnerUser.objects.get(user=alliance_user).partner
    client.force_login(alliance_user)

    html = client.get(f"/partners/{partner.pk}/benefits/").content.decode()

    assert "Your benefits" in html
    assert "Next: Implementation Partner" in html
    assert "Implementation Partners have 14 benefit(s) Alliance Partners do not" in html
    own, nxt = html.split("Next: Implementation Partner")
    assert "Amelia instance and sandbox (demo only)" in nxt and "Amelia instance and sandbox" not in own
    assert "Partner newsletter" in own and "Partner newsletter" not in nxt


def test_the_dashboard_says_what_the_next_classification_adds(client, alliance_user):
    client.force_login(alliance_user)

    html = client.get("/").content.decode()

    assert "Next: Implementation Partners also have 14 benefits more" in html


def test_a_solution_partner_is_told_nothing_is_above(client, partner_in):
    solution = partner_in("registered", name="Fabrikam", classification="solution")
    user = User.objects.create_user("fay", email="fay@fabrikam.example")
    PartnerUser.objects.create(user=user, partner=solution)
    client.force_login(user)

    html = client.get(f"/partners/{solution.pk}/benefits/").content.decode()

    assert "No classification is above Solution Partners on the path" in html


def test_another_partners_benefits_page_does_not_exist(client, alliance_user, partner_in):
    other = partner_in("registered", name="Northwind")
    client.force_login(alliance_user)

    assert client.get(f"/partners/{other.pk}/benefits/").status_code == 404


def test_the_catalogue_lists_every_benefit_per_classification_with_its_section(client, alliance_user):
    client.force_login(alliance_user)

    response = client.get("/benefits/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Advisory Partner", "Alliance Partner", "Implementation Partner", "Solution Partner"):
        assert f'<th scope="col">{name}</th>' in html
    assert "OEM Partners have no benefits in this programme" in html
    assert "Amelia Marketplace listing of solutions meeting the set standards" in html
    assert "§3.0" in html and "§5.1" in html
    assert len(response.context["rows"]) == 31


def test_the_catalogue_shows_one_classification(as_manager, published_policy):
    response = as_manager.get("/benefits/?classification=solution")

    assert response.context["names"] == ["Solution Partner"]
    assert len(response.context["rows"]) == 31
    only_alliance = as_manager.get("/benefits/?classification=alliance")
    assert len(only_alliance.context["rows"]) == 15


def test_an_unknown_classification_is_refused_with_a_message(as_manager, published_policy, db_state):
    before = db_state()

    response = as_manager.get("/benefits/?classification=platinum")

    assert response.status_code == 400
    assert "Select a valid choice. platinum is not one of the available choices." in response.content.decode()
    assert len(response.context["rows"]) == 31, "the whole catalogue stays shown"
    assert db_state() == before


def test_the_catalogue_needs_a_sign_in(client, published_policy):
    assert client.get("/benefits/").status_code == 302
