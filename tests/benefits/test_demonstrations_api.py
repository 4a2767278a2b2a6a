"""Demonstration notices (§9.1, docs/policy.md#r10-3): required for a prospect with a sales force or customer-service
group of more than 20; one recorded without it is flagged; tick reminds of the coming ones."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.benefits import jobs
from partnerhub.partners.models import PartnerEvent, Reminder

from .conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/demonstrations/"


def record(api_client, user, **overrides):
    body = {"prospect": "Globex", "demo_on": "2019-08-20", "sales_force": 35, "customer_service_group": 5}
    body.update(overrides)
    return api_client(user).post(URL, body, format="json")


def test_a_partner_advises_the_vendor_of_a_demonstration(api_client, northwind_user, implementation):
    response = record(api_client, northwind_user, demo_on=(TODAY + dt.timedelta(days=10)).isoformat())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["notice_required"], body["advised_on"], body["notice_missing"]) == (True, TODAY.isoformat(), False)
    assert [(r["code"], r["section"], r["met"]) for r in body["reasons"]] == [
        ("prospect_more_than_people", "9.1", True)
    ]
    assert PartnerEvent.objects.get(partner=implementation, kind="demonstration_advised").section == "9.1"


@pytest.mark.parametrize(("sales", "service", "required"), [(20, 20, False), (21, 0, True), (0, 21, True)])
def test_a_notice_is_required_above_20_people(api_client, northwind_user, implementation, sales, service, required):
    body = record(api_client, northwind_user, sales_force=sales, customer_service_group=service).json()
    assert body["notice_required"] is required


def test_a_demonstration_recorded_without_a_required_notice_is_flagged(
    api_client, manager_user, northwind_user, implementation, solution
):
    flagged = record(api_client, northwind_user, advise_vendor=False).json()
    record(api_client, northwind_user, advise_vendor=False, sales_force=3, prospect="Tiny Co")  # no notice needed
    record(api_client, manager_user, partner=solution.pk, prospect="Initech", recorded_on="2019-08-01")  # advised

    assert flagged["notice_missing"] is True
    listing = api_client(manager_user).get(f"{URL}flagged/").json()
    assert [item["id"] for item in listing["results"]] == [flagged["id"]]
    assert PartnerEvent.objects.filter(partner=implementation, kind="demonstration_notice_missing").count() == 1
    assert api_client(northwind_user).get(f"{URL}flagged/").status_code == 403

    advised = api_client(manager_user).post(f"{URL}{flagged['id']}/advise/", {"on": "2019-08-01"}, format="json")
    assert advised.json()["notice_missing"] is False
    assert api_client(manager_user).get(f"{URL}flagged/").json()["count"] == 0


def test_a_notice_given_after_the_demonstration_stays_flagged(api_client, manager_user, implementation):
    demo = record(api_client, manager_user, partner=implementation.pk, advise_vendor=False, recorded_on="2019-08-25")
    advised = api_client(manager_user).post(f"{URL}{demo.json()['id']}/advise/", {"on": "2019-08-25"}, format="json")

    assert advised.json()["notice_missing"] is True
    assert api_client(manager_user).get(f"{URL}flagged/").json()["count"] == 1
    again = api_client(manager_user).post(f"{URL}{demo.json()['id']}/advise/", {}, format="json")
    assert again.status_code == 409


def test_negative_head_counts_are_a_400(api_client, northwind_user, implementation):
    response = record(api_client, northwind_user, sales_force=-1)
    assert response.status_code == 400
    assert "sales_force" in response.json()["errors"]


def test_tick_reminds_once_of_coming_demonstrations_without_notice(api_client, manager_user, implementation, committed):
    def demo(**overrides):
        return record(api_client, manager_user, partner=implementation.pk, advise_vendor=False, **overrides).json()

    soon = demo(demo_on="2019-08-20", recorded_on="2019-08-01")
    demo(demo_on="2019-12-01", recorded_on="2019-08-01", prospect="Later Inc")  # beyond the 30 days
    demo(demo_on="2019-08-10", recorded_on="2019-08-01", sales_force=5, prospect="Small Co")  # no notice needed
    mail.outbox.clear()

    with committed():
        lines = jobs.run(dt.date(2019, 8, 1))

    assert len(lines) == 1
    assert "Globex on 2019-08-20" in lines[0] and "(§9.1)" in lines[0]
    assert Reminder.objects.get(kind=jobs.REMINDER_KIND).key == f"demonstration {soon['id']}"
    assert len(mail.outbox) == 1
    assert jobs.run(dt.date(2019, 8, 1)) == []
    assert jobs.run(dt.date(2019, 8, 2)) == []


def test_the_tick_command_runs_the_benefits_job(api_client, manager_user, implementation, capsys):
    record(api_client, manager_user, partner=implementation.pk, advise_vendor=False, recorded_on="2019-08-01")

    call_command("tick", "--as-of", "2019-08-01")

    assert "benefits: Northwind: notice missing for the demonstration to Globex" in capsys.readouterr().out


@pytest.mark.parametrize("ended", ["terminate", "deactivate"])
def test_a_partner_whose_membership_ended_records_no_demonstration_notice(
    api_client, manager_user, northwind_user, implementation, db_state, ended
):
    """§2.0, §9.1: a terminated (or deactivated) partner no longer demonstrates on the vendor's behalf."""
    from partnerhub.partners.services.lifecycle import partner_terminate

    if ended == "terminate":
        partner_terminate(
            partner=implementation, terminated_on=TODAY, acting_user=manager_user, reason="breach of the IPPA"
        )
    else:  # a registered partner is deactivated only through the end of its membership (§5.1)
        type(implementation).objects.filter(pk=implementation.pk).update(status="deactivated")
    before = db_state()

    for response in (
        record(api_client, northwind_user),
        record(api_client, manager_user, partner=implementation.pk, recorded_on="2019-08-01"),
    ):
        assert response.status_code == 422, response.json()
        assert response.json()["violations"][0]["section"] == "2.0"
    assert db_state() == before


def test_the_policy_of_the_demonstrations_date_applies_not_the_recording_dates(
    api_client, manager_user, implementation, tmp_path
):
    """§9.1: a demonstration on 2019-05-20 is judged by the version then in force (notice above 20 people),
    even when recorded after a later version (here: above 50) took effect."""
    import yaml

    from partnerhub.policy.load import SHIPPED_POLICY

    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 6, 1)
    document["windows"]["demo_notice_more_than_people"] = 50
    path = tmp_path / "2019b.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)

    body = record(
        api_client, manager_user, partner=implementation.pk, demo_on="2019-05-20", recorded_on="2019-07-01"
    ).json()

    assert body["policy_version"] == "2018-01-31"
    assert body["notice_required"] is True
