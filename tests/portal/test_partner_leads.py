"""A partner's leads and marketing page: the leads offered to it (accept, decline), its marketplace listings
(submit, resubmit) and its marketing access; another partner's offer or listing is 404; a manager reads the
page but the answers are the partner's own (403); bad input is refused with a message and writes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.benefits.models import LeadOffer, LeadOfferStatus, ListingStatus, MarketplaceListing
from partnerhub.benefits.services import leads, marketplace
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 7, 1)


@pytest.fixture
def fabrikam(partner_in):
    return partner_in(
        "registered", name="Fabrikam", classification="solution", territories=("FR",), products=("amelia", "1desk")
    )


@pytest.fixture
def litware(partner_in):
    return partner_in(
        "registered", name="Litware", classification="solution", territories=("FR",), products=("amelia", "1desk")
    )


def user_of(partner, username, password):
    user = User.objects.create_user(username, password=password, email=f"{username}@example.com")
    PartnerUser.objects.create(user=user, partner=partner, representative=True)
    return user


@pytest.fixture
def fred(fabrikam, password):
    return user_of(fabrikam, "fred", password)


@pytest.fixture
def lisa(litware, password):
    return user_of(litware, "lisa", password)


@pytest.fixture
def offers(fabrikam, litware, manager_user):
    _lead, made = leads.web_lead_receive(
        end_customer="Initech",
        country="FR",
        product="1desk",
        contact_name="Bill Lumbergh",
        contact_email="bill@initech.example",
        contact_phone="",
        notes="",
        received_on=DAY,
        acting_user=manager_user,
    )
    return {offer.partner_id: offer for offer in made}


def test_the_page_lists_the_offers_and_hides_the_contact_until_accepted(client, fred, fabrikam, offers):
    client.force_login(fred)

    html = client.get(f"/partners/{fabrikam.pk}/leads/").content.decode()

    assert "Initech" in html
    assert "bill@initech.example" not in html
    assert f'action="/lead-offers/{offers[fabrikam.pk].pk}/accept/"' in html


def test_a_partner_accepts_a_lead_and_the_other_offer_closes(client, fred, fabrikam, litware, offers):
    client.force_login(fred)

    response = client.post(f"/lead-offers/{offers[fabrikam.pk].pk}/accept/", follow=True)

    html = response.content.decode()
    assert "The lead Initech is accepted" in html
    assert "bill@initech.example" in html
    assert LeadOffer.objects.get(pk=offers[fabrikam.pk].pk).status == LeadOfferStatus.ACCEPTED
    assert LeadOffer.objects.get(pk=offers[litware.pk].pk).status == LeadOfferStatus.CLOSED


def test_a_partner_declines_a_lead_with_a_reason(client, fred, fabrikam, offers):
    client.force_login(fred)

    client.post(f"/lead-offers/{offers[fabrikam.pk].pk}/decline/", {"reason": "No capacity this quarter"})

    offer = LeadOffer.objects.get(pk=offers[fabrikam.pk].pk)
    assert (offer.status, offer.decline_reason) == (LeadOfferStatus.DECLINED, "No capacity this quarter")


def test_accepting_a_lead_already_taken_says_why_and_writes_nothing(
    client, fred, lisa, fabrikam, litware, offers, db_state
):
    leads.lead_offer_accept(offer=offers[litware.pk], accepted_on=DAY, acting_user=lisa)
    client.force_login(fred)
    before = db_state()

    response = client.post(f"/lead-offers/{offers[fabrikam.pk].pk}/accept/", follow=True)

    assert "The lead was not accepted" in response.content.decode()
    assert db_state() == before


def test_a_decline_reason_with_control_characters_is_refused(client, fred, fabrikam, offers, db_state):
    client.force_login(fred)
    before = db_state()

    response = client.post(f"/lead-offers/{offers[fabrikam.pk].pk}/decline/", {"reason": "bad\x00"}, follow=True)

    assert "The lead was not declined" in response.content.decode()
    assert db_state() == before


def test_another_partners_offer_and_listing_are_not_found(client, fred, litware, lisa, offers, db_state):
    listing = marketplace.listing_submit(
        partner=litware, title="T", summary="S", product="amelia", url="", submitted_on=DAY, acting_user=lisa
    )
    client.force_login(fred)
    before = db_state()

    assert client.post(f"/lead-offers/{offers[litware.pk].pk}/accept/").status_code == 404
    assert client.post(f"/lead-offers/{offers[litware.pk].pk}/decline/").status_code == 404
    assert client.post(f"/listings/{listing.pk}/resubmit/").status_code == 404
    assert client.get(f"/partners/{litware.pk}/leads/").status_code == 404
    assert client.get(f"/partners/{litware.pk}/listings/new/").status_code == 404
    assert db_state() == before


def test_a_manager_reads_the_page_but_cannot_answer_for_the_partner(client, manager_user, fabrikam, offers, db_state):
    client.force_login(manager_user)
    before = db_state()

    assert "Initech" in client.get(f"/partners/{fabrikam.pk}/leads/").content.decode()
    assert client.post(f"/lead-offers/{offers[fabrikam.pk].pk}/accept/").status_code == 403
    assert db_state() == before


def test_a_partner_submits_a_listing(client, fred, fabrikam):
    client.force_login(fred)

    response = client.post(
        f"/partners/{fabrikam.pk}/listings/new/",
        {"title": "Claims assistant", "summary": "Handles claims.", "product": "amelia", "url": ""},
        follow=True,
    )

    assert "sent for review" in response.content.decode()
    assert MarketplaceListing.objects.get(partner=fabrikam).status == ListingStatus.SUBMITTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "summary": "S", "product": "amelia"}, "This field is required."),
        ({"title": "T", "summary": "S", "product": "cobol"}, "Select a valid choice."),
        ({"title": "T", "summary": "S", "product": "amelia", "url": "not a url"}, "Enter a valid URL."),
    ],
)
def test_a_bad_listing_is_refused_beside_its_field(client, fred, fabrikam, db_state, data, message):
    client.force_login(fred)
    before = db_state()

    html = client.post(f"/partners/{fabrikam.pk}/listings/new/", data).content.decode()

    assert message in html
    assert db_state() == before


def test_a_listing_of_a_partner_not_in_the_marketplace_is_refused_with_the_section(
    client, partner_in, password, db_state
):
    contoso = partner_in("registered", name="Contoso")
    client.force_login(user_of(contoso, "carla", password))
    before = db_state()

    html = client.post(
        f"/partners/{contoso.pk}/listings/new/", {"title": "T", "summary": "S", "product": "amelia"}
    ).content.decode()

    assert "§3.0" in html
    assert db_state() == before
