"""Leads from the web (§5.1): offered to entitled partners by territory and product line; one acceptance."""

import pytest
from django.db import IntegrityError, transaction

from partnerhub.benefits.models import LeadOffer, LeadOfferStatus
from partnerhub.partners.models import PartnerEvent

pytestmark = pytest.mark.django_db

LEAD = {
    "end_customer": "Globex GmbH",
    "country": "de",
    "product": "amelia",
    "contact_name": "Hank Scorpio",
    "contact_email": "hank@globex.example",
    "received_on": "2019-07-01",
}


@pytest.fixture
def also_in_germany(partner_in):
    return partner_in(
        "registered", name="Tailspin", classification="solution", territories=("DE",), products=("amelia",)
    )


def receive(api_client, manager_user, **overrides):
    response = api_client(manager_user).post("/api/v1/leads/", {**LEAD, **overrides}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_lead_is_offered_to_entitled_partners_covering_its_territory_and_product(
    api_client, manager_user, implementation, solution, also_in_germany, partner_in
):
    alliance_in_germany = partner_in("registered", name="Litware", classification="alliance", territories=("DE",))
    lead = receive(api_client, manager_user)

    offered = {offer["partner"] for offer in lead["offers"]}
    # Fabrikam is in France only; Litware is an Alliance partner (no web leads, §5.1)
    assert offered == {implementation.pk, also_in_germany.pk}
    assert alliance_in_germany.pk not in offered
    assert lead["country"] == "DE"
    assert PartnerEvent.objects.filter(kind="web_lead_offered").count() == 2


def test_one_partner_accepts_the_others_are_closed_and_a_second_acceptance_is_a_conflict(
    api_client, manager_user, implementation, also_in_germany, northwind_user, user_of
):
    lead = receive(api_client, manager_user)
    offers = {offer["partner"]: offer["id"] for offer in lead["offers"]}
    tailspin_user = user_of(also_in_germany, "tess")

    # before accepting, the contact person is hidden from the partner
    offer_view = api_client(northwind_user).get(f"/api/v1/lead-offers/{offers[implementation.pk]}/").json()
    assert offer_view["lead"]["contact_name"] is None

    accepted = api_client(northwind_user).post(f"/api/v1/lead-offers/{offers[implementation.pk]}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["lead"]["contact_name"] == "Hank Scorpio"

    late = api_client(tailspin_user).post(f"/api/v1/lead-offers/{offers[also_in_germany.pk]}/accept/")
    assert late.status_code == 409
    assert LeadOffer.objects.get(pk=offers[also_in_germany.pk]).status == LeadOfferStatus.CLOSED
    assert LeadOffer.objects.filter(status=LeadOfferStatus.ACCEPTED).count() == 1
    assert PartnerEvent.objects.filter(partner=also_in_germany, kind="web_lead_closed").exists()
    # the other partner does not learn who took it, nor the contact person
    other_view = api_client(tailspin_user).get(f"/api/v1/leads/{lead['id']}/").json()
    assert (other_view["accepted_by"], other_view["contact_email"]) == (None, None)


def test_the_database_allows_one_accepted_offer_per_lead(api_client, manager_user, implementation, also_in_germany):
    receive(api_client, manager_user)
    first, second = LeadOffer.objects.order_by("pk")
    LeadOffer.objects.filter(pk=first.pk).update(status=LeadOfferStatus.ACCEPTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        LeadOffer.objects.filter(pk=second.pk).update(status=LeadOfferStatus.ACCEPTED)


def test_a_partner_declines(api_client, manager_user, implementation, northwind_user):
    lead = receive(api_client, manager_user)
    [offer] = lead["offers"]

    declined = api_client(northwind_user).post(
        f"/api/v1/lead-offers/{offer['id']}/decline/", {"reason": "no capacity"}, format="json"
    )

    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decline_reason"]) == ("declined", "no capacity")
    assert api_client(northwind_user).post(f"/api/v1/lead-offers/{offer['id']}/accept/").status_code == 409


def test_offering_to_a_partner_outside_the_territory_is_refused(
    api_client, manager_user, implementation, solution, db_state, violations
):
    lead = receive(api_client, manager_user, country="FR", product="1desk")
    assert lead["offers"][0]["partner"] == solution.pk  # Northwind has no 1DESK
    before = db_state()

    refused = api_client(manager_user).post(
        f"/api/v1/leads/{lead['id']}/offer/", {"partner": implementation.pk}, format="json"
    )

    assert refused.status_code == 422
    assert violations(refused) == [("authorized_product_line", "5.1")]
    assert db_state() == before
    again = api_client(manager_user).post(f"/api/v1/leads/{lead['id']}/offer/", {"partner": solution.pk}, format="json")
    assert again.status_code == 409


def test_a_lead_offered_later_to_a_newly_entitled_partner(api_client, manager_user, implementation, partner_in):
    lead = receive(api_client, manager_user, country="IT")
    assert lead["offers"] == []
    italian = partner_in(
        "registered", name="Contoso Italia", classification="implementation", territories=("IT",), products=("amelia",)
    )

    offered = api_client(manager_user).post(
        f"/api/v1/leads/{lead['id']}/offer/", {"partner": italian.pk}, format="json"
    )

    assert offered.status_code == 201
    assert offered.json()["partner"] == italian.pk


def test_leads_are_recorded_by_managers_and_answered_by_partners(
    api_client, manager_user, implementation, northwind_user
):
    assert api_client(northwind_user).post("/api/v1/leads/", LEAD, format="json").status_code == 403
    lead = receive(api_client, manager_user)
    [offer] = lead["offers"]
    assert api_client(manager_user).post(f"/api/v1/lead-offers/{offer['id']}/accept/").status_code == 403
    bad = api_client(manager_user).post("/api/v1/leads/", {**LEAD, "country": "Germany"}, format="json")
    assert bad.status_code == 400
    assert "country" in bad.json()["errors"]


def test_a_partner_lists_only_the_leads_offered_to_it(
    api_client, manager_user, implementation, solution, northwind_user
):
    receive(api_client, manager_user)
    receive(api_client, manager_user, country="FR", product="1desk", end_customer="Initech")

    assert api_client(manager_user).get("/api/v1/leads/").json()["count"] == 2
    own = api_client(northwind_user).get("/api/v1/leads/").json()
    assert [lead["end_customer"] for lead in own["results"]] == ["Globex GmbH"]
    assert api_client(northwind_user).get("/api/v1/lead-offers/").json()["count"] == 1
