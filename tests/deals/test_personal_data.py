"""The lead's personal data: export and erasure on request (§7.3 personal-data paragraph, docs/policy.md#r12-2)."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.deals import services
from partnerhub.deals.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(make_partner, make_representative, manager_user, standing):
    partner = make_partner()
    registration = services.registration_submit(
        partner=partner,
        end_customer="Globex",
        title="Amelia pilot",
        country="DE",
        estimated_value=Decimal("250000.00"),
        contact_name="Hank Scorpio",
        contact_email="hank@globex.example",
        contact_phone="+1 555 0100",
        consent_confirmed=True,
        submitted_on=dt.date(2019, 4, 1),
        acting_user=make_representative(partner, "paul"),
    )
    services.registration_approve(registration=registration, approved_on=dt.date(2019, 4, 2), acting_user=manager_user)
    return registration


def test_the_lead_s_personal_data_is_exported_and_the_export_recorded(api_client, manager_user, deal):
    response = api_client(manager_user).get(f"/api/v1/deals/{deal.pk}/personal-data/")

    assert response.status_code == 200
    exported = response.json()
    assert exported["contact_name"] == "Hank Scorpio"
    assert exported["contact_email"] == "hank@globex.example"
    assert exported["contact_phone"] == "+1 555 0100"
    assert exported["consent_confirmed"] is True
    assert exported["erased_at"] is None
    assert deal.events.filter(kind="personal_data_exported").count() == 1


def test_everything_on_one_person_is_found_by_email(api_client, manager_user, deal):
    response = api_client(manager_user).get("/api/v1/deals/personal-data/", {"email": "HANK@globex.example"})

    assert response.status_code == 200
    assert [item["registration"] for item in response.json()] == [deal.pk]
    assert api_client(manager_user).get("/api/v1/deals/personal-data/").status_code == 400


def test_erasure_blanks_the_contact_and_keeps_the_business_record(api_client, manager_user, deal):
    before = Registration.objects.get(pk=deal.pk)

    response = api_client(manager_user).post(
        f"/api/v1/deals/{deal.pk}/erase-personal-data/", {"note": "requested by email on 2019-06-01"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["contact"] == {"name": "", "email": "", "phone": ""}
    assert body["personal_data_erased_at"]
    after = Registration.objects.get(pk=deal.pk)
    for field in ("end_customer", "title", "estimated_value", "currency", "status", "submitted_on", "decided_on"):
        assert getattr(after, field) == getattr(before, field), field
    assert after.admission == before.admission
    event = after.events.get(kind="personal_data_erased")
    assert "requested by email on 2019-06-01" in event.message
    assert event.data == {"fields": ["contact_name", "contact_email", "contact_phone"]}
    assert "hank" not in str(list(after.events.values_list("message", "data")))

    again = api_client(manager_user).post(f"/api/v1/deals/{deal.pk}/erase-personal-data/", {}, format="json")
    assert again.status_code == 200
    assert after.events.filter(kind="personal_data_erased").count() == 1


def test_erasing_a_person_everywhere(api_client, manager_user, deal, make_partner, make_representative):
    other = make_partner()
    second = services.registration_submit(
        partner=other,
        end_customer="Globex",
        title="1RPA",
        country="DE",
        estimated_value=Decimal(1),
        contact_name="Hank Scorpio",
        contact_email="hank@globex.example",
        consent_confirmed=True,
        submitted_on=dt.date(2019, 4, 3),
        acting_user=make_representative(other),
    )

    response = api_client(manager_user).post(
        "/api/v1/deals/personal-data/erase/", {"email": "hank@globex.example"}, format="json"
    )

    assert response.status_code == 200
    assert {item["registration"] for item in response.json()} == {deal.pk, second.pk}
    assert not Registration.objects.filter(contact_email__iexact="hank@globex.example").exists()
    assert not Registration.objects.filter(contact_name="Hank Scorpio").exists()


def test_an_erased_registration_still_earns_its_fee(api_client, manager_user, deal, standing):
    api_client(manager_user).post(f"/api/v1/deals/{deal.pk}/erase-personal-data/", {}, format="json")

    order = services.order_record(
        end_customer="Globex",
        title="Amelia pilot",
        ordered_on=dt.date(2019, 5, 1),
        first_year_net_revenue=Decimal("1000.00"),
        channel="referral",
        net_new=True,
        country="DE",
        acting_user=manager_user,
        partner=deal.partner,
    )

    assert order.referral_fee.eligible is True
    assert order.referral_fee.amount == Decimal("100.00")
