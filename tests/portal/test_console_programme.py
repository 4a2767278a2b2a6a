"""The managers' console for leads and the marketplace: a lead is recorded and offered to the entitled
partners, or to one more; a listing is reviewed against the set standards, published, withdrawn after a
confirmation. Bad input and refusals write nothing; the pages are for managers (403 to a partner user)."""

import datetime as dt

import pytest

from partnerhub.benefits.models import LeadOffer, ListingStatus, MarketplaceListing, WebLead
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS

pytestmark = pytest.mark.django_db


def lead_data(**overrides):
    return {
        "end_customer": "Bayerische Motorenwerke",
        "country": "DE",
        "product": "amelia",
        "contact_name": "Jonas Weber",
        "contact_email": "jonas@bmw.example",
        "contact_phone": "",
        "notes": "",
        "received_on": "2019-11-04",
        **overrides,
    }


@pytest.fixture
def solution(partner_in):
    return partner_in("registered", name="Litware", classification="solution")


def test_a_lead_is_recorded_and_offered_to_the_entitled_partners(as_manager, solution):
    response = as_manager.post("/console/leads/", lead_data(), follow=True)

    lead = WebLead.objects.get()
    assert list(LeadOffer.objects.filter(lead=lead).values_list("partner__name", flat=True)) == ["Litware"]
    assert "offered to Litware" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"product": "coffee"}, "product"),
        ({"end_customer": ""}, "end_customer"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"notes": "a\x1b[31m"}, "notes"),
    ],
)
def test_a_bad_lead_writes_nothing(as_manager, solution, db_state, overrides, field):
    before = db_state()

    response = as_manager.post("/console/leads/", lead_data(**overrides))

    assert response.context["form"].errors[field]
    assert db_state() == before


def test_a_lead_is_offered_to_one_more_partner_or_refused_with_the_reason(as_manager, solution, partner_in, db_state):
    as_manager.post("/console/leads/", lead_data(country="FR"))
    lead = WebLead.objects.get()
    alliance = partner_in("registered", name="Contoso", territories=("FR",))
    before = db_state()

    refused = as_manager.post(f"/console/leads/{lead.pk}/", {"partner": alliance.pk})

    assert refused.status_code == 200
    assert "§" in refused.content.decode()
    assert db_state() == before


def submitted_listing(partner):
    return MarketplaceListing.objects.create(
        partner=partner,
        title="Claims assistant",
        summary="Insurance claims triage on Amelia",
        product="amelia",
        submitted_on=dt.date(2019, 11, 1),
        policy_version=dt.date(2018, 1, 31),
        reasons=[],
    )


def test_a_listing_is_reviewed_published_and_withdrawn_after_a_confirmation(as_manager, solution):
    listing = submitted_listing(solution)
    everything = {f"standard_{key}": "on" for key in MARKETPLACE_STANDARDS}

    as_manager.post(f"/console/marketplace/{listing.pk}/review/", {**everything, "notes": ""})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.APPROVED
    as_manager.post(f"/console/marketplace/{listing.pk}/publish/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED

    question = as_manager.get(f"/console/marketplace/{listing.pk}/withdraw/").content.decode()
    assert "Confirm: withdraw the listing" in question
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    as_manager.post(f"/console/marketplace/{listing.pk}/withdraw/", {"reason": "the product line was retired"})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN


def test_a_review_with_a_standard_unmet_asks_for_changes(as_manager, solution):
    listing = submitted_listing(solution)
    most = {f"standard_{key}": "on" for key in list(MARKETPLACE_STANDARDS)[1:]}

    as_manager.post(f"/console/marketplace/{listing.pk}/review/", most)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.CHANGES_REQUESTED


def test_publishing_before_a_review_and_withdrawing_without_a_reason_write_nothing(as_manager, solution, db_state):
    listing = submitted_listing(solution)
    before = db_state()

    refused = as_manager.post(f"/console/marketplace/{listing.pk}/publish/", follow=True)
    no_reason = as_manager.post(f"/console/marketplace/{listing.pk}/withdraw/", {"reason": ""})

    assert "Not published: cannot publish the listing" in refused.content.decode()
    assert no_reason.context["withdraw_form"].errors["reason"]
    assert db_state() == before


@pytest.mark.parametrize("path", ["/console/leads/", "/console/marketplace/"])
def test_the_pages_are_for_managers_only(client, partner_user, path):
    client.force_login(partner_user)

    assert client.get(path).status_code == 403
