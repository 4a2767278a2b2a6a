"""Referral orders and their fee decisions (§7.2, §2.0, §4.0, §7.3; docs/policy.md#r8-2), and the fee ledger."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.deals import services
from partnerhub.deals.models import Registration
from partnerhub.partners.models import PartnerEvent
from partnerhub.policy.load import SHIPPED_POLICY

pytestmark = pytest.mark.django_db

REGISTERED_ON = dt.date(2019, 4, 1)
ORDERED_ON = dt.date(2019, 5, 2)


@pytest.fixture
def partner(make_partner):
    return make_partner("Northwind Consulting", referral_fee_percent=Decimal("12.50"))


@pytest.fixture
def rep(partner, make_representative):
    return make_representative(partner, "paul")


def register(partner, user, submitted_on=REGISTERED_ON, end_customer="Globex Corp.", title="Amelia pilot"):
    return services.registration_submit(
        partner=partner,
        end_customer=end_customer,
        title=title,
        country="DE",
        estimated_value=Decimal("50000"),
        consent_confirmed=True,
        submitted_on=submitted_on,
        acting_user=user,
    )


def order(client, partner, **fields):
    payload = {
        "end_customer": "Globex Corporation",
        "opportunity": "Amelia Pilot",
        "ordered_on": ORDERED_ON.isoformat(),
        "first_year_net_revenue": "123457.00",
        "partner": partner.pk if partner is not None else None,
        "channel": "referral",
        "net_new": True,
        "country": "DE",
        **fields,
    }
    return client.post("/api/v1/orders/", payload, format="json")


def reasons(fee):
    return {reason["code"]: (reason["section"], reason["met"]) for reason in fee["reasons"]}


def test_an_approved_registration_before_the_order_earns_exactly_its_percentage(
    api_client, manager_user, partner, rep, standing
):
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=dt.date(2019, 4, 10), acting_user=manager_user)

    response = order(api_client(manager_user), partner)

    assert response.status_code == 201, response.json()
    fee = response.json()["referral_fee"]
    assert fee["eligible"] is True
    assert fee["amount"] == "15432.13"  # 12.50% of 123,457.00 = 15,432.125, half-up
    assert fee["currency"] == "USD"
    assert fee["status"] == "accrued"
    assert fee["policy_version"] == "2018-01-31"
    assert fee["partner"] == partner.pk
    assert fee["order"] == response.json()["id"]
    assert reasons(fee) == {
        "enrolled_in_referral_fee_program": ("7.2", True),
        "good_standing": ("2.0", True),
        "net_new_business": ("7.2", True),
        "inside_designated_territory": ("4.0", True),
        "registered_by_partner": ("7.3", True),
        "registered_before_order": ("7.3", True),
        "registration_approved": ("7.3", True),
    }
    stored = ReferralFee.objects.get()
    assert stored.amount == Decimal("15432.13")
    assert stored.facts["registration_id"] == registration.pk
    assert PartnerEvent.objects.filter(partner=partner, kind="referral_fee_decided").exists()


def test_a_partner_not_in_good_standing_gets_an_ineligible_decision_that_says_why(
    api_client, manager_user, partner, rep, standing
):
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=dt.date(2019, 4, 10), acting_user=manager_user)
    standing.fail(partner, "the program fee invoice of 2019-02-01 is overdue", "2.0")

    response = order(api_client(manager_user), partner)

    assert response.status_code == 201
    fee = response.json()["referral_fee"]
    assert fee["eligible"] is False
    assert fee["amount"] == "0.00"
    assert fee["status"] == "not_eligible"
    unmet = [reason for reason in fee["reasons"] if not reason["met"]]
    assert [(r["code"], r["section"]) for r in unmet] == [("good_standing", "2.0")]
    assert "not in good standing on 2019-05-02" in unmet[0]["message"]
    assert "the program fee invoice of 2019-02-01 is overdue (§2.0)" in unmet[0]["message"]


def test_every_condition_is_a_reason(api_client, manager_user, make_partner, make_representative, standing):
    partner = make_partner(referral_fee_program=False)
    register(partner, make_representative(partner), submitted_on=ORDERED_ON)  # on the order day: too late
    standing.fail(partner)

    response = order(api_client(manager_user), partner, net_new=False, country="US")

    fee = response.json()["referral_fee"]
    assert fee["eligible"] is False
    assert {code for code, (_, met) in reasons(fee).items() if not met} == {
        "enrolled_in_referral_fee_program",
        "good_standing",
        "net_new_business",
        "inside_designated_territory",
        "registered_before_order",
        "registration_approved",
    }


def test_no_registration_at_all(api_client, manager_user, partner, standing):
    fee = order(api_client(manager_user), partner).json()["referral_fee"]

    assert fee["eligible"] is False
    assert reasons(fee)["registered_by_partner"] == ("7.3", False)


def test_another_partners_registration_earns_this_partner_nothing(
    api_client, manager_user, partner, make_partner, make_representative, standing
):
    other = make_partner("Contoso Partners")
    registration = register(other, make_representative(other))
    services.registration_approve(registration=registration, approved_on=REGISTERED_ON, acting_user=manager_user)

    fee = order(api_client(manager_user), partner).json()["referral_fee"]

    assert fee["eligible"] is False
    assert reasons(fee)["registered_by_partner"] == ("7.3", False)
    assert fee["partner"] == partner.pk


def test_the_vendors_approval_may_come_after_the_order(api_client, manager_user, partner, rep, standing):
    registration = register(partner, rep)
    first = order(api_client(manager_user), partner).json()["referral_fee"]
    assert first["eligible"] is False
    assert reasons(first)["registration_approved"] == ("7.3", False)

    services.registration_approve(registration=registration, approved_on=dt.date(2019, 5, 20), acting_user=manager_user)

    fee = api_client(manager_user).get(f"/api/v1/referral-fees/{first['id']}/").json()
    assert fee["eligible"] is True
    assert fee["amount"] == "15432.13"
    assert fee["status"] == "accrued"
    assert [e["kind"] for e in fee["events"]] == ["decided", "decided"]
    assert "decided again after the vendor approved" in fee["events"][1]["message"]
    assert ReferralFee.objects.get().decided_on == ORDERED_ON


def test_an_order_without_a_partner_decides_no_fee(api_client, manager_user, published_policy):
    response = order(api_client(manager_user), None)

    assert response.status_code == 201
    assert response.json()["referral_fee"] is None
    assert not ReferralFee.objects.exists()


def test_decisions_are_never_rewritten_by_a_later_policy_version(
    api_client, manager_user, partner, rep, standing, tmp_path
):
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=REGISTERED_ON, acting_user=manager_user)
    before = order(api_client(manager_user), partner).json()["referral_fee"]

    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 6, 1)
    document["compensation"]["referral_fee"]["section"] = "7.2-2019b"
    path = tmp_path / "2019b.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)

    after = api_client(manager_user).get(f"/api/v1/referral-fees/{before['id']}/").json()
    assert after["policy_version"] == "2018-01-31"
    assert after["reasons"] == before["reasons"]
    assert after["amount"] == before["amount"]

    # A later order is decided under the version in force on its own date.
    other = register(partner, rep, submitted_on=dt.date(2019, 6, 2), end_customer="Initech", title="1RPA")
    services.registration_approve(registration=other, approved_on=dt.date(2019, 6, 3), acting_user=manager_user)
    later = order(
        api_client(manager_user), partner, end_customer="Initech", opportunity="1RPA", ordered_on="2019-06-10"
    ).json()["referral_fee"]
    assert later["policy_version"] == "2019-06-01"
    assert reasons(later)["net_new_business"] == ("7.2-2019b", True)


def test_the_ledger_moves_accrued_approved_paid(api_client, manager_user, partner, rep, standing):
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=REGISTERED_ON, acting_user=manager_user)
    fee = order(api_client(manager_user), partner).json()["referral_fee"]
    url = f"/api/v1/referral-fees/{fee['id']}"
    client = api_client(manager_user)

    assert client.post(f"{url}/pay/", {"paid_on": "2019-06-01"}, format="json").status_code == 409
    assert client.post(f"{url}/approve/", {"approved_on": "2019-05-01"}, format="json").status_code == 400
    response = client.post(f"{url}/approve/", {"approved_on": "2019-05-10"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert client.post(f"{url}/approve/", {}, format="json").status_code == 409
    assert client.post(f"{url}/pay/", {"paid_on": "2019-05-09"}, format="json").status_code == 400
    response = client.post(f"{url}/pay/", {"paid_on": "2019-06-01", "reference": "WIRE-77"}, format="json")
    assert response.status_code == 200
    paid = response.json()
    assert (paid["status"], paid["paid_on"], paid["payment_reference"]) == ("paid", "2019-06-01", "WIRE-77")
    assert [e["kind"] for e in paid["events"]] == ["decided", "approved", "paid"]
    assert client.post(f"{url}/pay/", {}, format="json").status_code == 409
    assert paid["amount"] == fee["amount"] and paid["reasons"] == fee["reasons"]
    kinds = set(PartnerEvent.objects.filter(partner=partner).values_list("kind", flat=True))
    assert {"referral_fee_approved", "referral_fee_paid"} <= kinds


def test_a_fee_not_earned_cannot_be_approved_or_paid(api_client, manager_user, partner, standing):
    fee = order(api_client(manager_user), partner).json()["referral_fee"]
    client = api_client(manager_user)

    for action in ("approve", "pay"):
        response = client.post(f"/api/v1/referral-fees/{fee['id']}/{action}/", {}, format="json")
        assert response.status_code == 422
        assert {v["section"] for v in response.json()["violations"]} == {"7.3"}
    assert ReferralFee.objects.get().status == FeeStatus.NOT_ELIGIBLE


def test_partner_users_read_their_fees_but_do_not_move_the_ledger(api_client, manager_user, partner, rep, standing):
    fee = order(api_client(manager_user), partner).json()["referral_fee"]

    listed = api_client(rep).get("/api/v1/referral-fees/").json()["results"]
    assert [item["id"] for item in listed] == [fee["id"]]
    assert set(listed[0]) >= {"order", "partner", "eligible", "amount", "currency", "reasons", "policy_version"}
    assert api_client(rep).post(f"/api/v1/referral-fees/{fee['id']}/approve/", {}, format="json").status_code == 403


def test_fee_filters(api_client, manager_user, partner, rep, make_partner, standing):
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=REGISTERED_ON, acting_user=manager_user)
    client = api_client(manager_user)
    eligible = order(client, partner).json()["referral_fee"]
    other = make_partner("Contoso Partners")
    ineligible = order(client, other, end_customer="Initech", opportunity="1RPA", ordered_on="2019-08-01").json()[
        "referral_fee"
    ]

    def ids(**params):
        response = client.get("/api/v1/referral-fees/", params)
        assert response.status_code == 200, response.json()
        return {fee["id"] for fee in response.json()["results"]}

    assert ids() == {eligible["id"], ineligible["id"]}
    assert ids(eligible="true") == {eligible["id"]}
    assert ids(status="not_eligible") == {ineligible["id"]}
    assert ids(partner=other.pk) == {ineligible["id"]}
    assert ids(decided_on_after="2019-07-01") == {ineligible["id"]}
    assert ids(decided_on_before="2019-06-30") == {eligible["id"]}


def test_quarterly_statement_json_and_csv(api_client, manager_user, partner, rep, standing):
    client = api_client(manager_user)
    registration = register(partner, rep)
    services.registration_approve(registration=registration, approved_on=REGISTERED_ON, acting_user=manager_user)
    paid = order(client, partner).json()["referral_fee"]
    client.post(f"/api/v1/referral-fees/{paid['id']}/approve/", {"approved_on": "2019-05-10"}, format="json")
    client.post(f"/api/v1/referral-fees/{paid['id']}/pay/", {"paid_on": "2019-06-01"}, format="json")
    second = register(partner, rep, end_customer="Initech", title="1RPA")
    services.registration_approve(registration=second, approved_on=REGISTERED_ON, acting_user=manager_user)
    order(
        client,
        partner,
        end_customer="Initech",
        opportunity="1RPA",
        ordered_on="2019-06-30",
        first_year_net_revenue="1000",
    )
    order(client, partner, end_customer="Umbrella", opportunity="Chatbot", ordered_on="2019-06-15")  # not registered
    order(client, partner, end_customer="Hooli", opportunity="Bot", ordered_on="2019-07-01")  # next quarter

    response = client.get("/api/v1/referral-fees/statement/", {"partner": partner.pk, "period": "2019Q2"})

    assert response.status_code == 200, response.json()
    statement = response.json()
    assert (statement["period"], statement["starts_on"], statement["ends_on"]) == ("2019Q2", "2019-04-01", "2019-06-30")
    assert statement["partner_name"] == "Northwind Consulting"
    assert [fee["end_customer"] for fee in statement["fees"]] == ["Globex Corporation", "Umbrella", "Initech"]
    assert statement["totals"] == [
        {"currency": "USD", "earned": "15557.13", "accrued": "125.00", "approved": "0.00", "paid": "15432.13"}
    ]

    as_partner = api_client(rep).get("/api/v1/referral-fees/statement/", {"period": "2019Q2"})
    assert as_partner.status_code == 200
    assert as_partner.json()["totals"] == statement["totals"]

    csv_response = client.get("/api/v1/referral-fees/statement.csv", {"partner": partner.pk, "period": "2019Q2"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "referral-fees-northwind-consulting-2019Q2.csv" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("fee,order,ordered_on,end_customer")
    assert len([line for line in lines if not line.startswith("total")]) == 4
    assert any("no registration of this opportunity (§7.3)" in line for line in lines)
    assert "total,,,,,,,,15432.13,USD,paid" in lines


@pytest.mark.parametrize("period", ["", "2019", "2019Q5", "Q2-2019"])
def test_a_statement_needs_a_quarter(api_client, manager_user, partner, period):
    response = api_client(manager_user).get(
        "/api/v1/referral-fees/statement/", {"partner": partner.pk, "period": period}
    )

    assert response.status_code == 400
    assert "period" in response.json()["errors"]


def test_a_manager_names_the_partner_of_a_statement(api_client, manager_user, published_policy):
    response = api_client(manager_user).get("/api/v1/referral-fees/statement/", {"period": "2019Q2"})

    assert response.status_code == 400
    assert "partner" in response.json()["errors"]


def test_registrations_stay_when_the_order_arrives(manager_user, partner, rep, standing):
    registration = register(partner, rep)

    services.order_record(
        end_customer="Globex",
        title="Amelia pilot",
        ordered_on=ORDERED_ON,
        first_year_net_revenue=Decimal("10"),
        channel="referral",
        net_new=True,
        country="DE",
        acting_user=manager_user,
        partner=partner,
    )

    registration = Registration.objects.get(pk=registration.pk)
    assert registration.status == "pending"
    assert [e.kind for e in registration.events.all()] == ["submitted", "order_placed"]
