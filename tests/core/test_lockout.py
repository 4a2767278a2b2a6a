"""Failed sign-ins lock out the user name and the address (django-axes), on the portal, the admin (which signs
in through the portal) and the token endpoint; API throttles answer 429 problem details with Retry-After."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from partnerhub.core.models import SecurityEvent
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def token_attempt(password: str, *, username: str = "acme-user", address: str = "198.51.100.7"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def portal_attempt(password: str, *, username: str = "acme-user", address: str = "198.51.100.7"):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})


def test_the_token_endpoint_locks_the_user_out_and_the_right_password_no_longer_works(partner_user, password):
    statuses = [token_attempt("wrong").status_code for _ in range(LIMIT)]

    refused = token_attempt(password)

    assert statuses == [400] * (LIMIT - 1) + [429]
    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert int(refused["Retry-After"]) == 15 * 60
    assert refused.json()["type"] == "https://partnerhub.example/problems/too-many-failed-sign-ins"
    assert "token" not in refused.json()
    # Per user name: another address does not help.
    assert token_attempt(password, address="203.0.113.9").status_code == 429
    assert SecurityEvent.objects.filter(kind="locked_out", username="acme-user").exists()
    assert SecurityEvent.objects.filter(kind="sign_in_failed").count() >= LIMIT


def test_the_portal_locks_the_address_out_across_user_names(partner_user, manager_user, password):
    for number in range(LIMIT):
        portal_attempt("wrong", username=f"guess-{number}")

    refused = portal_attempt(password, username="manager")

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(15 * 60)
    assert "Too many failed sign-ins" in refused.content.decode()
    assert "_auth_user_id" not in Client().session
    # The same user from another address still signs in: the lockout is the address's.
    assert portal_attempt(password, username="manager", address="203.0.113.9").status_code == 302


def test_the_admin_sign_in_goes_through_the_portals_locked_sign_in(partner_user, manager_user, password):
    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for _ in range(LIMIT):
        portal_attempt("wrong", username="manager")
    assert portal_attempt(password, username="manager").status_code == 429


def test_failures_below_the_limit_do_not_lock(partner_user, password):
    for _ in range(LIMIT - 1):
        assert portal_attempt("wrong").status_code == 200

    assert portal_attempt(password).status_code == 302


@pytest.fixture
def low_rates(monkeypatch):
    # DRF reads the rates once, into the throttle class, when it is imported.
    monkeypatch.setattr(
        "rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {"user": "5/minute", "anon": "2/minute"}
    )


def test_api_calls_beyond_the_users_rate_get_a_429_problem_with_retry_after(api_client, partner_user, low_rates):
    client = api_client(partner_user)

    statuses = [client.get("/api/v1/partners/").status_code for _ in range(7)]

    assert statuses == [200] * 5 + [429] * 2
    refused = client.get("/api/v1/partners/")
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429


def test_anonymous_calls_are_throttled_per_address(db, low_rates):

    def anonymous(address: str) -> int:
        return APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token/", {}, format="json").status_code

    assert [anonymous("198.51.100.7") for _ in range(3)] == [400, 400, 429]
    assert anonymous("203.0.113.9") == 400
