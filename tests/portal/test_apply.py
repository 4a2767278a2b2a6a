"""The public application page (§2.0 "request to enroll"): no account, CSRF, a trap for robots, a limit per
address; an application lands in the managers' queue, and bad input is refused with nothing written."""

import pytest
from django.test import Client

from partnerhub.partners.models import Partner, PartnerEvent, PartnerStatus, PartnerUser

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Tailspin Toys",
    "kind": "company",
    "classification": "alliance",
    "regions": ["EMEA"],
    "territories": "de, FR",
    "products": ["amelia"],
    "contact_email": "hello@tailspin.example",
    "solution_name": "",
    "website": "",
}


def test_the_sign_in_page_links_to_the_application(client, published_policy):
    assert 'href="/apply/"' in client.get("/accounts/login/").content.decode()


def test_a_prospect_applies_without_an_account(client, published_policy):
    response = client.post("/apply/", VALID)

    assert response.status_code == 200
    assert "Application received" in response.content.decode()
    partner = Partner.objects.get(name="Tailspin Toys")
    assert partner.status == PartnerStatus.APPLIED
    assert partner.contact_email == "hello@tailspin.example"
    assert partner.territories == ["DE", "FR"]
    assert not PartnerUser.objects.filter(partner=partner).exists()
    event = PartnerEvent.objects.get(partner=partner, kind="applied")
    assert event.actor is None
    assert "public application page" in event.message


def test_the_application_waits_in_the_managers_queue(client, published_policy, manager_user):
    client.post("/apply/", VALID)
    client.force_login(manager_user)

    assert "Tailspin Toys" in client.get("/console/applications/").content.decode()


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"name": ""}, "This field is required."),
        ({"regions": []}, "This field is required."),
        ({"territories": "Germany"}, "is not an ISO 3166-1 alpha-2 country code"),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        ({"classification": "gold"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_writes_nothing(
    client, published_policy, db_state, change, field_message
):
    before = db_state()

    response = client.post("/apply/", {**VALID, **change})

    html = response.content.decode()
    assert response.status_code == 200
    assert "This was not saved" in html
    assert field_message in html
    assert db_state() == before


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_written(client, published_policy, db_state):
    before = db_state()

    response = client.post("/apply/", {**VALID, "website": "https://spam.example"})

    assert "Application received" in response.content.decode()
    assert db_state() == before


def test_applications_from_one_address_are_limited_per_hour(client, published_policy, settings):
    settings.PUBLIC_APPLICATIONS_PER_HOUR = 2
    for number in range(2):
        client.post("/apply/", {**VALID, "name": f"Prospect {number}"})

    response = client.post("/apply/", {**VALID, "name": "One too many"})

    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert not Partner.objects.filter(name="One too many").exists()


def test_a_post_without_the_csrf_token_is_refused(published_policy):
    response = Client(enforce_csrf_checks=True).post("/apply/", VALID)

    assert response.status_code == 403
    assert not Partner.objects.filter(name="Tailspin Toys").exists()


def test_an_approved_public_application_offers_to_invite_its_contact(client, published_policy, manager_user):
    client.post("/apply/", VALID)
    partner = Partner.objects.get(name="Tailspin Toys")
    client.force_login(manager_user)

    html = client.get(f"/partners/{partner.pk}/").content.decode()

    assert 'value="hello@tailspin.example"' in html
