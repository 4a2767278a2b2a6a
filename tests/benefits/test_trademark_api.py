"""The trademark license (§10.3): uses approved in writing, only in the partner's territories and Program
Year; withdrawals effective never more than 30 days after their notice."""

import datetime as dt

import pytest
from django.core import mail

from partnerhub.benefits.models import TrademarkUsage, TrademarkWithdrawal
from partnerhub.benefits.selectors import usage_valid_on
from partnerhub.benefits.services import trademark
from partnerhub.core.errors import PolicyViolation
from partnerhub.partners.models import PartnerEvent

from .conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/trademark-usages/"
USE = {
    "mark": "IPsoft Partner logo",
    "medium": "partner web site",
    "territory": "DE",
    "starts_on": "2019-08-01",
    "ends_on": "2019-12-31",
    "requested_on": "2019-07-01",
}


def approved_usage(api_client, manager_user, partner, **overrides):
    client = api_client(manager_user)
    usage = client.post(URL, {**USE, "partner": partner.pk, **overrides}, format="json")
    assert usage.status_code == 201, usage.json()
    approved = client.post(
        f"{URL}{usage.json()['id']}/approve/",
        {"written_approval": "Approved as shown in the mock-up of 2019-07-01.", "on": "2019-07-05"},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    return approved.json()


def test_a_use_is_requested_then_approved_in_writing(api_client, manager_user, implementation, committed):
    mail.outbox.clear()
    with committed():
        usage = approved_usage(api_client, manager_user, implementation)

    assert (usage["status"], usage["decided_on"]) == ("approved", "2019-07-05")
    assert usage["written_approval"].startswith("Approved as shown")
    assert {r["section"] for r in usage["reasons"]} == {"10.3", "4.0"}
    assert [m.subject for m in mail.outbox] == ["[Partnerhub] Northwind: Approved: use of IPsoft Partner logo"]
    assert PartnerEvent.objects.filter(partner=implementation, kind__startswith="trademark_usage").count() == 2


def test_outside_the_territories_is_refused_citing_10_3_and_4_0(
    api_client, manager_user, implementation, db_state, violations
):
    before = db_state()
    response = api_client(manager_user).post(
        URL, {**USE, "partner": implementation.pk, "territory": "US"}, format="json"
    )

    assert response.status_code == 422
    assert violations(response) == [("trademark_territory", "10.3"), ("inside_designated_territory", "4.0")]
    assert db_state() == before


def test_outside_the_program_year_is_refused(api_client, manager_user, implementation, violations):
    response = api_client(manager_user).post(
        URL, {**USE, "partner": implementation.pk, "ends_on": "2020-03-31"}, format="json"
    )

    assert response.status_code == 422
    assert violations(response) == [("trademark_program_year", "10.3")]


def test_a_partner_user_asks_for_its_own_territory(api_client, northwind_user, implementation):
    body = {key: value for key, value in USE.items() if key != "requested_on"}
    body.update(territory="fr", starts_on=TODAY.isoformat(), ends_on=dt.date(TODAY.year, 12, 31).isoformat())

    response = api_client(northwind_user).post(URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["territory"], response.json()["status"]) == ("FR", "requested")
    assert api_client(northwind_user).post(f"{URL}{response.json()['id']}/approve/", {}).status_code == 403


def test_approval_needs_the_written_text(api_client, manager_user, implementation):
    usage = api_client(manager_user).post(URL, {**USE, "partner": implementation.pk}, format="json").json()
    response = api_client(manager_user).post(f"{URL}{usage['id']}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "written_approval" in response.json()["errors"]


def test_a_withdrawal_later_than_30_days_after_notice_is_refused_citing_10_3(
    api_client, manager_user, implementation, db_state, violations
):
    usage = approved_usage(api_client, manager_user, implementation)
    before = db_state()

    response = api_client(manager_user).post(
        f"{URL}{usage['id']}/withdraw/",
        {"notice_on": "2019-09-01", "effective_on": "2019-10-02", "reason": "new brand guidelines"},
        format="json",
    )

    assert response.status_code == 422
    assert violations(response) == [("trademark_withdrawal_window", "10.3")]
    assert "no more than 30 days" in response.json()["violations"][0]["message"]
    assert db_state() == before


def test_a_withdrawal_without_a_date_takes_effect_30_days_after_notice(api_client, manager_user, implementation):
    usage = approved_usage(api_client, manager_user, implementation)

    response = api_client(manager_user).post(
        f"{URL}{usage['id']}/withdraw/", {"notice_on": "2019-09-01", "reason": "new brand guidelines"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawal"]["effective_on"] == "2019-10-01"
    assert response.json()["withdrawal"]["latest_effective_on"] == "2019-10-01"


def test_a_withdrawn_use_is_not_valid_from_its_effective_date_on(api_client, manager_user, implementation):
    usage_id = approved_usage(api_client, manager_user, implementation)["id"]
    api_client(manager_user).post(
        f"{URL}{usage_id}/withdraw/",
        {"notice_on": "2019-09-01", "effective_on": "2019-09-10", "reason": "misuse"},
        format="json",
    )
    usage = TrademarkUsage.objects.get(pk=usage_id)

    assert not usage_valid_on(usage, dt.date(2019, 7, 31))  # before its period
    assert usage_valid_on(usage, dt.date(2019, 9, 9))
    assert not usage_valid_on(usage, dt.date(2019, 9, 10))
    valid = api_client(manager_user).get(URL, {"valid_on": "2019-09-09"}).json()
    assert [item["id"] for item in valid["results"]] == [usage_id]
    assert api_client(manager_user).get(URL, {"valid_on": "2019-09-10"}).json()["count"] == 0


def test_the_service_never_stores_a_withdrawal_past_the_limit(manager_user, implementation, api_client):
    usage = TrademarkUsage.objects.get(pk=approved_usage(api_client, manager_user, implementation)["id"])
    notice = dt.date(2019, 9, 1)
    for days in (31, 45, 365):
        with pytest.raises(PolicyViolation):
            trademark.trademark_usage_withdraw(
                usage=usage,
                notice_on=notice,
                effective_on=notice + dt.timedelta(days=days),
                reason="r",
                acting_user=manager_user,
            )
    with pytest.raises(PolicyViolation):  # nor one that would take effect before its notice
        trademark.trademark_usage_withdraw(
            usage=usage,
            notice_on=notice,
            effective_on=notice - dt.timedelta(days=1),
            reason="r",
            acting_user=manager_user,
        )
    withdrawal = trademark.trademark_usage_withdraw(
        usage=usage, notice_on=notice, effective_on=notice + dt.timedelta(days=30), reason="r", acting_user=manager_user
    )
    assert withdrawal.effective_on - withdrawal.notice_on == dt.timedelta(days=30)
    assert TrademarkWithdrawal.objects.count() == 1


def test_only_an_approved_use_can_be_withdrawn(api_client, manager_user, implementation):
    usage = api_client(manager_user).post(URL, {**USE, "partner": implementation.pk}, format="json").json()
    response = api_client(manager_user).post(f"{URL}{usage['id']}/withdraw/", {"reason": "x"}, format="json")
    assert response.status_code == 409


def test_the_database_refuses_a_withdrawal_outside_its_window(api_client, manager_user, implementation):
    from django.db import IntegrityError, transaction

    usage = TrademarkUsage.objects.get(pk=approved_usage(api_client, manager_user, implementation)["id"])
    notice = dt.date(2019, 9, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrademarkWithdrawal.objects.create(
            usage=usage,
            notice_on=notice,
            effective_on=notice + dt.timedelta(days=31),
            latest_effective_on=notice + dt.timedelta(days=30),
            reason="r",
            withdrawn_by=manager_user,
            policy_version=dt.date(2018, 1, 31),
        )
