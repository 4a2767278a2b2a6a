"""GET /api/v1/invoices/ and POST /api/v1/invoices/{id}/pay/; tenancy of partners and invoices."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.selectors import program_fee_settled
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_partners(partner_in):
    own = partner_in("approved", name="Own Co")
    other = partner_in("approved", name="Other Co", classification="implementation")
    user = User.objects.create_user("own-user", email="u@own.example")
    PartnerUser.objects.create(user=user, partner=own)
    return own, other, user


def test_paying_an_open_invoice_once(api_client, manager_user, partner_in):
    partner = partner_in("approved")
    invoice = Invoice.objects.get(partner=partner)
    client = api_client(manager_user)
    assert not program_fee_settled(partner, 2019)

    paid = client.post(
        f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-05-02", "reference": "WIRE-7"}, format="json"
    )

    assert paid.status_code == 200
    assert (paid.json()["status"], paid.json()["paid_on"], paid.json()["payment_reference"]) == (
        "paid",
        "2019-05-02",
        "WIRE-7",
    )
    assert program_fee_settled(partner, 2019)
    event = partner.events.get(kind="invoice_paid")
    assert (event.section, event.actor, event.effective_on) == ("2.0", manager_user, dt.date(2019, 5, 2))

    again = client.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-05-03"}, format="json")

    assert again.status_code == 409
    assert "already paid on 2019-05-02" in again.json()["detail"]
    invoice.refresh_from_db()
    assert invoice.paid_on == dt.date(2019, 5, 2)


def test_a_payment_before_the_invoice_is_400(api_client, manager_user, partner_in, db_state):
    invoice = Invoice.objects.get(partner=partner_in("approved"))
    before = db_state()

    response = api_client(manager_user).post(
        f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-04-14"}, format="json"
    )

    assert response.status_code == 400 and "paid_on" in response.json()["errors"]
    assert db_state() == before


def test_there_is_no_refund_or_change_of_an_invoice(api_client, manager_user, partner_in):
    invoice = Invoice.objects.get(partner=partner_in("approved"))
    client = api_client(manager_user)

    assert client.post(f"/api/v1/invoices/{invoice.pk}/refund/", {}, format="json").status_code == 404
    assert client.delete(f"/api/v1/invoices/{invoice.pk}/").status_code == 405
    assert client.patch(f"/api/v1/invoices/{invoice.pk}/", {"amount": "0.00"}, format="json").status_code == 405


def test_overdue_is_computed_for_as_of(api_client, manager_user, partner_in):
    partner_in("approved")  # due 2019-05-15
    client = api_client(manager_user)

    def overdue(as_of: str) -> bool:
        return bool(client.get("/api/v1/invoices/", {"as_of": as_of}).json()["results"][0]["overdue"])

    assert not overdue("2019-05-15")
    assert overdue("2019-05-16")


def test_a_partner_user_sees_only_its_own_partner_and_invoices(api_client, two_partners):
    own, other, user = two_partners
    client = api_client(user)

    partners = client.get("/api/v1/partners/").json()["results"]
    invoices = client.get("/api/v1/invoices/").json()["results"]

    assert [p["id"] for p in partners] == [own.pk]
    assert [i["partner"] for i in invoices] == [own.pk]
    assert client.get(f"/api/v1/partners/{own.pk}/").status_code == 200
    assert client.get(f"/api/v1/partners/{own.pk}/events/").status_code == 200
    # filters cannot widen what it sees
    assert client.get("/api/v1/invoices/", {"partner": other.pk}).json()["results"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/partners/{other}/",
        "/api/v1/partners/{other}/events/",
        "/api/v1/partners/{other}/users/",
        "/api/v1/partners/{other}/classification-history/",
        "/api/v1/partners/{other}/non-renewal-notices/",
        "/api/v1/invoices/{other_invoice}/",
    ],
)
def test_another_partners_objects_are_not_found(api_client, two_partners, path):
    _, other, user = two_partners
    other_invoice = Invoice.objects.get(partner=other)

    response = api_client(user).get(path.format(other=other.pk, other_invoice=other_invoice.pk))

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "partners/{own}/approve/",
        "partners/{own}/reject/",
        "partners/{own}/deactivate/",
        "partners/{own}/terminate/",
        "partners/{own}/reassign/",
        "partners/{own}/rejoin/",
        "partners/{own}/users/",
        "partners/{own}/non-renewal-notices/",
        "partners/{other}/approve/",
        "invoices/{own_invoice}/pay/",
        "invoices/{other_invoice}/pay/",
    ],
)
def test_manager_actions_are_403_for_a_partner_user(api_client, two_partners, db_state, path):
    own, other, user = two_partners
    ids = {
        "own": own.pk,
        "other": other.pk,
        "own_invoice": Invoice.objects.get(partner=own).pk,
        "other_invoice": Invoice.objects.get(partner=other).pk,
    }
    before = db_state()

    response = api_client(user).post("/api/v1/" + path.format(**ids), {}, format="json")

    assert response.status_code == 403
    assert db_state() == before


def test_managers_filter_invoices(api_client, manager_user, two_partners):
    own, other, _ = two_partners
    Invoice.objects.filter(partner=own).update(status=InvoiceStatus.PAID, paid_on=dt.date(2019, 5, 1))
    client = api_client(manager_user)

    def partners(**query):
        return [i["partner"] for i in client.get("/api/v1/invoices/", query).json()["results"]]

    assert partners(status="open") == [other.pk]
    assert partners(partner=own.pk) == [own.pk]
    assert partners(program_year=2020) == []
    assert sorted(partners(origin="enrollment")) == sorted([own.pk, other.pk])
