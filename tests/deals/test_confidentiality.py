"""Confidentiality matrix (§7.3 item 5, docs/policy.md#r12-1): for every endpoint, partner A's user against partner B's
registrations, orders, fees and statements gets 404 or does not find them; a vendor manager sees them."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.deals import services
from partnerhub.deals.models import Registration

pytestmark = pytest.mark.django_db

B_CUSTOMER = "Zorgblatt Industries"
B_CONTACT = "zelda@zorgblatt.example"


@pytest.fixture
def world(make_partner, make_representative, manager_user, standing):
    """Partner A with its representative; partner B with a registration, a referral order and its fee."""
    a, b = make_partner("Alpha Advisors"), make_partner("Beta Brokers")
    a_user, b_user = make_representative(a, "alice"), make_representative(b, "bob")
    a_deal = services.registration_submit(
        partner=a, end_customer="Acme", title="Amelia", country="DE", estimated_value=Decimal(1),
        consent_confirmed=True, submitted_on=dt.date(2019, 4, 1), acting_user=a_user,
    )  # fmt: skip
    b_deal = services.registration_submit(
        partner=b, end_customer=B_CUSTOMER, title="1DESK rollout", country="DE", estimated_value=Decimal(1),
        contact_name="Zelda Zorg", contact_email=B_CONTACT, consent_confirmed=True,
        submitted_on=dt.date(2019, 4, 1), acting_user=b_user,
    )  # fmt: skip
    services.registration_approve(registration=b_deal, approved_on=dt.date(2019, 4, 2), acting_user=manager_user)
    b_order = services.order_record(
        end_customer=B_CUSTOMER, title="1DESK rollout", ordered_on=dt.date(2019, 5, 2),
        first_year_net_revenue=Decimal("1000"), channel="referral", net_new=True, country="DE",
        acting_user=manager_user, partner=b,
    )  # fmt: skip
    return {
        "a": a,
        "b": b,
        "a_user": a_user,
        "a_deal": a_deal,
        "b_deal": b_deal,
        "b_order": b_order,
        "b_fee": b_order.referral_fee,
        "b_deal_id": b_deal.pk,
    }


# (method, path, payload): actions on one of B's objects. A's user gets 404, exactly as for a missing id.
OBJECT_ENDPOINTS = [
    ("get", "/api/v1/deals/{b_deal}/", None),
    ("get", "/api/v1/deals/{b_deal}/events/", None),
    ("get", "/api/v1/deals/{b_deal}/possible-duplicates/", None),
    ("get", "/api/v1/deals/{b_deal}/personal-data/", None),
    ("post", "/api/v1/deals/{b_deal}/close/", {"outcome": "won", "closed_on": "2019-06-01"}),
    ("post", "/api/v1/deals/{b_deal}/erase-personal-data/", {}),
    ("post", "/api/v1/deals/{b_deal}/approve/", {}),
    ("post", "/api/v1/deals/{b_deal}/reject/", {"reason": "x"}),
    ("get", "/api/v1/orders/{b_order}/", None),
    ("get", "/api/v1/referral-fees/{b_fee}/", None),
    ("post", "/api/v1/referral-fees/{b_fee}/approve/", {}),
    ("post", "/api/v1/referral-fees/{b_fee}/pay/", {}),
    ("get", "/api/v1/referral-fees/statement/?partner={b}&period=2019Q2", None),
    ("get", "/api/v1/referral-fees/statement.csv?partner={b}&period=2019Q2", None),
]


def fill(path, world):
    return path.format(b_deal=world["b_deal"].pk, b_order=world["b_order"].pk, b_fee=world["b_fee"].pk, b=world["b"].pk)


@pytest.mark.parametrize(("method", "path", "payload"), OBJECT_ENDPOINTS)
def test_another_partners_object_is_not_found(api_client, world, method, path, payload):
    client = api_client(world["a_user"])
    url = fill(path, world)

    response = getattr(client, method)(url, payload, format="json") if payload is not None else client.get(url)

    assert response.status_code == 404, (url, response.status_code)
    assert B_CUSTOMER not in response.content.decode()
    missing = url.replace(str(world["b_deal"].pk), "999999", 1) if "deals" in url else None
    if missing is not None and method == "get":
        assert client.get(missing).status_code == 404  # the same answer as for an id that does not exist


@pytest.mark.parametrize(("method", "path", "payload"), OBJECT_ENDPOINTS)
def test_a_manager_reaches_every_object(api_client, manager_user, world, method, path, payload):
    client = api_client(manager_user)
    url = fill(path, world)

    response = getattr(client, method)(url, payload, format="json") if payload is not None else client.get(url)

    # approve/reject of an approved registration and pay of an accrued fee are 409: found, but not allowed now.
    assert response.status_code in (200, 409), (url, response.status_code, response.content[:300])


# (path, what B's object looks like in the answer): lists, exports and searches.
LIST_ENDPOINTS = [
    ("/api/v1/deals/", B_CUSTOMER),
    ("/api/v1/deals/?partner={b}", B_CUSTOMER),
    ("/api/v1/deals/?search=zorgblatt", B_CUSTOMER),
    ("/api/v1/deals/?status=approved", B_CUSTOMER),
    ("/api/v1/deals/export.csv", B_CUSTOMER),
    ("/api/v1/deals/export.csv?search=zorgblatt", B_CUSTOMER),
    ("/api/v1/deals/personal-data/?email=" + B_CONTACT, B_CONTACT),
    ("/api/v1/orders/", B_CUSTOMER),
    ("/api/v1/orders/?partner={b}", B_CUSTOMER),
    ("/api/v1/referral-fees/", B_CUSTOMER),
    ("/api/v1/referral-fees/?partner={b}", B_CUSTOMER),
]


@pytest.mark.parametrize(("path", "marker"), LIST_ENDPOINTS)
def test_another_partners_objects_are_absent_from_lists_exports_and_search(api_client, world, path, marker):
    response = api_client(world["a_user"]).get(fill(path, world))

    assert response.status_code == 200
    assert marker not in response.content.decode()


@pytest.mark.parametrize(("path", "marker"), LIST_ENDPOINTS)
def test_a_manager_finds_them(api_client, manager_user, world, path, marker):
    response = api_client(manager_user).get(fill(path, world))

    assert response.status_code == 200
    assert marker in response.content.decode()


def test_a_partner_user_sees_its_own(api_client, world):
    client = api_client(world["a_user"])

    listed = client.get("/api/v1/deals/").json()["results"]
    assert [deal["id"] for deal in listed] == [world["a_deal"].pk]
    assert client.get(f"/api/v1/deals/{world['a_deal'].pk}/").status_code == 200
    assert client.get(f"/api/v1/deals/{world['a_deal'].pk}/personal-data/").status_code == 200
    assert "Acme" in client.get("/api/v1/deals/export.csv").content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/deals/conflicts/"),
        ("post", "/api/v1/deals/personal-data/erase/"),
        ("post", "/api/v1/orders/"),
        ("post", "/api/v1/orders/import/"),
    ],
)
def test_vendor_only_endpoints_are_403_for_partner_users(api_client, world, method, path):
    client = api_client(world["a_user"])

    response = client.get(path) if method == "get" else client.post(path, {"email": B_CONTACT}, format="json")

    assert response.status_code == 403
    assert Registration.objects.get(pk=world["b_deal_id"]).contact_email == B_CONTACT


def test_an_order_of_another_partner_is_not_on_a_partners_timeline(api_client, world, manager_user, standing):
    """A registered an opportunity that B's order then closed: A sees no trace of B in its registration."""
    services.order_record(
        end_customer="Acme", title="Amelia", ordered_on=dt.date(2019, 5, 3), first_year_net_revenue=Decimal("5"),
        channel="referral", net_new=True, country="DE", acting_user=manager_user, partner=world["b"],
    )  # fmt: skip

    own = api_client(world["a_user"]).get(f"/api/v1/deals/{world['a_deal'].pk}/").json()

    assert [event["kind"] for event in own["events"]] == ["submitted"]
    seen = api_client(manager_user).get(f"/api/v1/deals/{world['a_deal'].pk}/").json()
    assert [event["kind"] for event in seen["events"]] == ["submitted", "order_placed"]
