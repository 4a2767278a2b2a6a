"""Lenient input is refused on the real endpoints, with 400 naming the field, and nothing is written."""

import pytest

pytestmark = pytest.mark.django_db


def body(**overrides):
    return {
        "end_customer": "Globex Corp.",
        "opportunity": "Amelia pilot",
        "country": "DE",
        "estimated_value": "250000.00",
        "consent_confirmed": True,
        **overrides,
    }


@pytest.fixture
def rep(make_partner, make_representative):
    return make_representative(make_partner("Northwind Consulting"), "paul")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("estimated_value", "1_000"),
        ("estimated_value", " 5.00"),
        ("estimated_value", "1e3"),
        ("currency", "€€€"),
        ("currency", "XYZ"),
        ("end_customer", "Globex\x1b[31m Corp"),
        ("end_customer", "Globex\u202e Corp"),
        ("opportunity", "Amelia\x00"),
        ("opportunity", "Amelia\npilot"),
        ("contact_name", "Hank\u200b Scorpio"),
        ("contact_phone", "+49\x07"),
        ("end_customer", "x" * 201),
    ],
)
def test_a_registration_with_lenient_input_is_refused_and_writes_nothing(api_client, rep, db_state, field, value):
    before = db_state()

    response = api_client(rep).post("/api/v1/deals/", body(**{field: value}), format="json")

    assert response.status_code == 400, response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert db_state() == before


def test_a_manager_recording_an_order_is_held_to_the_same_rules(api_client, manager_user, rep, db_state):
    before = db_state()
    order = {
        "end_customer": "Globex",
        "opportunity": "Amelia",
        "ordered_on": "2019-05-01",
        "first_year_net_revenue": "1_000",
        "currency": "eur",
        "channel": "direct",
        "net_new": True,
        "country": "DE",
    }

    response = api_client(manager_user).post("/api/v1/orders/", order, format="json")

    assert response.status_code == 400
    assert {"first_year_net_revenue", "currency"} <= set(response.json()["errors"])
    assert db_state() == before


def test_clean_input_in_any_script_is_registered(api_client, rep):
    response = api_client(rep).post(
        "/api/v1/deals/", body(end_customer="Zoë Müller GmbH", currency="EUR", estimated_value="1000.50"), format="json"
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["end_customer"], response.json()["currency"]) == ("Zoë Müller GmbH", "EUR")
