"""The security event log: one function any app calls; managers read it (API and console), no one else."""

import datetime as dt

from django.test import Client

from partnerhub.core.models import SecurityEvent
from partnerhub.core.security import record_security_event
from partnerhub.people.models import Person


def test_sign_ins_failures_and_sign_outs_are_logged_with_the_address(partner_user, password):
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post("/accounts/login/", {"username": "acme-user", "password": "wrong"})
    client.post("/accounts/login/", {"username": "acme-user", "password": password})
    client.post("/accounts/logout/")

    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username", "ip_address"))
    assert kinds == [
        ("sign_in_failed", "acme-user", "198.51.100.7"),
        ("sign_in", "acme-user", "198.51.100.7"),
        ("sign_out", "acme-user", "198.51.100.7"),
    ]


def test_the_address_behind_trusted_proxies_is_the_one_they_saw(partner_user, password, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    client.post("/accounts/login/", {"username": "acme-user", "password": "wrong"})

    assert SecurityEvent.objects.get().ip_address == "203.0.113.9"


def test_managers_read_the_log_and_partner_users_are_refused(api_client, manager_user, partner_user, client):
    record_security_event("export", user=partner_user, detail={"file": "deal-registrations.csv"})

    refused = api_client(partner_user).get("/api/v1/security-events/")
    listed = api_client(manager_user).get("/api/v1/security-events/?kind=export").json()

    assert refused.status_code == 403
    assert [(row["kind"], row["username"], row["detail"]) for row in listed["results"]] == [
        ("export", "acme-user", {"file": "deal-registrations.csv"})
    ]
    client.force_login(manager_user)
    page = client.get("/console/security/?kind=permission_denied").content.decode()
    assert "Permission refused" in page and "/api/v1/security-events/" in page
    client.force_login(partner_user)
    assert client.get("/console/security/").status_code == 403


def test_exports_and_personal_data_are_logged(api_client, manager_user, partner_user, client, partner):
    api_client(manager_user).get("/api/v1/deals/export.csv")

    assert SecurityEvent.objects.filter(
        kind="export", user=manager_user, detail__file="deal-registrations.csv"
    ).exists()


def test_reading_a_person_is_logged_as_personal_data(api_client, partner_user, partner, client):
    person = Person.objects.create(
        partner=partner, name="Jonas Weber", email="jonas@acme.example", joined_on=dt.date(2019, 1, 2)
    )

    assert api_client(partner_user).get(f"/api/v1/people/{person.pk}/").status_code == 200
    client.force_login(partner_user)
    assert client.get(f"/people/{person.pk}/").status_code == 200

    logged = SecurityEvent.objects.filter(kind="personal_data", user=partner_user, detail__person=person.pk)
    assert sorted(logged.values_list("path", flat=True)) == [f"/api/v1/people/{person.pk}/", f"/people/{person.pk}/"]
