"""Certifications a partner records are claims until a vendor manager verifies them (docs/dates-and-trust.md).

The fault: a certification a partner user typed in counted at once toward the §5.0 rows, good standing (§2.0)
and referral fees (§7.3), with any `expires_on` it liked (9999-12-31 was accepted).
"""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from partnerhub.partners.models import PartnerEvent
from partnerhub.people.models import Certification, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def sam(api_client, northwind, northwind_user) -> dict:
    response = api_client(northwind_user).post(
        f"/api/v1/partners/{northwind.pk}/people/",
        {"name": "Sam Sales", "email": "sam@northwind.example", "region": "EMEA", "roles": ["sales"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body: dict = response.json()
    return body


def sales_count(client, partner, on: dt.date) -> str:
    standing = client.get(f"/api/v1/partners/{partner.pk}/standing/", {"as_of": on.isoformat()}).json()
    return str(next(line["value"] for line in standing["lines"] if line["requirement"] == "sales_resources"))


def claim(client, person: dict, earned_on: dt.date, **fields):
    return client.post(
        f"/api/v1/people/{person['id']}/certifications/",
        {"kind": "sales", "earned_on": earned_on.isoformat(), **fields},
        format="json",
    )


def test_a_person_a_partner_user_adds_counts_from_today(sam, today):
    assert sam["joined_on"] == today.isoformat()


def test_a_partners_certification_counts_for_nothing_until_a_manager_verifies_it(
    api_client, northwind, northwind_user, manager_user, sam, today, django_capture_on_commit_callbacks
):
    """§5.0: only a verified certification counts toward the certified sales resources."""
    partner_client, manager = api_client(northwind_user), api_client(manager_user)
    earned = today - dt.timedelta(days=10)

    claimed = claim(partner_client, sam, earned)

    assert claimed.status_code == 201, claimed.json()
    assert claimed.json()["verified"] is False
    assert claimed.json()["status"] == "claimed"
    assert sales_count(manager, northwind, today) == "0"
    assert PartnerEvent.objects.filter(partner=northwind, kind="certification_claimed").count() == 1
    queue = manager.get("/api/v1/certifications/", {"status": "claimed"}).json()["results"]
    assert [item["id"] for item in queue] == [claimed.json()["id"]]

    with django_capture_on_commit_callbacks(execute=True):
        verified = manager.post(f"/api/v1/certifications/{claimed.json()['id']}/verify/", {}, format="json")

    assert verified.status_code == 200, verified.json()
    assert verified.json()["verified"] is True
    assert verified.json()["decided_on"] == today.isoformat()
    assert sales_count(manager, northwind, today) == "1"
    event = PartnerEvent.objects.get(partner=northwind, kind="certification_verified")
    assert event.section == "5.0" and event.effective_on == earned
    assert len(mail.outbox) == 1 and "certification verified" in mail.outbox[0].subject
    again = manager.post(f"/api/v1/certifications/{claimed.json()['id']}/verify/", {}, format="json")
    assert again.status_code == 409


def test_a_manager_rejects_a_claim_saying_why_and_it_never_counts(
    api_client, northwind, northwind_user, manager_user, sam, today, django_capture_on_commit_callbacks
):
    partner_client, manager = api_client(northwind_user), api_client(manager_user)
    pk = claim(partner_client, sam, today - dt.timedelta(days=3)).json()["id"]

    assert manager.post(f"/api/v1/certifications/{pk}/reject/", {"reason": " "}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        rejected = manager.post(
            f"/api/v1/certifications/{pk}/reject/", {"reason": "No such certificate at the academy"}, format="json"
        )

    assert rejected.status_code == 200, rejected.json()
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "No such certificate at the academy"
    assert sales_count(manager, northwind, today) == "0"
    assert "No such certificate" in PartnerEvent.objects.get(kind="certification_rejected").message
    assert "No such certificate" in mail.outbox[0].body
    assert manager.post(f"/api/v1/certifications/{pk}/verify/", {}, format="json").status_code == 409


def test_only_a_manager_verifies_and_another_partners_claim_is_not_found(
    api_client, northwind_user, globex_user, sam, today
):
    pk = claim(api_client(northwind_user), sam, today).json()["id"]

    assert api_client(northwind_user).post(f"/api/v1/certifications/{pk}/verify/", {}).status_code == 403
    assert api_client(globex_user).post(f"/api/v1/certifications/{pk}/verify/", {}).status_code == 404
    assert api_client(northwind_user).post(f"/api/v1/certifications/{pk}/reject/", {"reason": "x"}).status_code == 403
    assert Certification.objects.get(pk=pk).status == "claimed"


def test_a_managers_certification_is_verified_on_entry(api_client, manager_user, sam, today):
    response = claim(api_client(manager_user), sam, today)

    assert response.status_code == 201
    assert response.json()["verified"] is True
    assert PartnerEvent.objects.filter(kind="certification_added").count() == 1


def test_the_expiry_comes_from_the_policy_never_later(api_client, northwind_user, manager_user, sam):
    """§5.0 annual recertification: 12 months in the 2019 policy; 9999-12-31 was accepted."""
    far = claim(api_client(northwind_user), sam, dt.date(2019, 2, 1), expires_on="9999-12-31")
    assert far.status_code == 400 and "expires_on" in far.json()["errors"]
    later = claim(api_client(manager_user), sam, dt.date(2019, 2, 1), expires_on="2020-02-02")
    assert later.status_code == 400
    assert "after the policy's validity ends (2020-02-01" in later.json()["errors"]["expires_on"][0]
    derived = claim(api_client(northwind_user), sam, dt.date(2019, 2, 1))
    assert derived.json()["expires_on"] == "2020-02-01"
    earlier = claim(api_client(manager_user), sam, dt.date(2019, 3, 1), expires_on="2019-09-01")
    assert earlier.status_code == 201 and earlier.json()["expires_on"] == "2019-09-01"


def test_a_partner_users_csv_import_records_claims(api_client, northwind, northwind_user, manager_user, today):
    text = (
        "name,email,region,roles,certification,product,earned_on,expires_on\n"
        f"Sue Sales,sue@northwind.example,EMEA,sales,sales,,{(today - dt.timedelta(days=5)).isoformat()},\n"
    )
    response = api_client(northwind_user).post(
        f"/api/v1/partners/{northwind.pk}/people/import/", text, content_type="text/csv"
    )

    assert response.status_code == 201, response.json()
    assert Certification.objects.get().status == "claimed"
    assert Person.objects.get().joined_on == today
    assert sales_count(api_client(manager_user), northwind, today) == "0"


def test_the_console_queue_verifies_and_the_partners_dashboard_shows_what_awaits(
    api_client, northwind, northwind_user, manager_user, sam, today
):
    pk = claim(api_client(northwind_user), sam, today - dt.timedelta(days=1)).json()["id"]
    partner_browser, manager_browser = Client(), Client()
    partner_browser.force_login(northwind_user)
    manager_browser.force_login(manager_user)

    dashboard = partner_browser.get(f"/partners/{northwind.pk}/").content.decode()
    assert "Certifications awaiting verification" in dashboard and "Sam Sales: Sales" in dashboard
    assert partner_browser.get("/console/certifications/").status_code in (302, 403)
    queue = manager_browser.get("/console/certifications/").content.decode()
    assert "Sam Sales" in queue and f"/console/certifications/{pk}/verify/" in queue
    assert "Certifications to verify" in manager_browser.get("/console/").content.decode()

    done = manager_browser.post(f"/console/certifications/{pk}/verify/", {"on": today.isoformat(), "note": ""})

    assert done.status_code == 302
    assert Certification.objects.get(pk=pk).status == "verified"
    assert "Nothing awaits verification." in partner_browser.get(f"/partners/{northwind.pk}/").content.decode()
