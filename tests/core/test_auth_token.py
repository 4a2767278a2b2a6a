"""API tokens (django-rest-knox): expiring, revocable, hashed at rest; signing out revokes the token used."""

import datetime as dt

from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from partnerhub.core.models import SecurityEvent
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE


def sign_in(password: str, username: str = "acme-user") -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    body: dict = response.json()
    return body


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_good_credentials_get_an_expiring_token_stored_only_as_a_digest(partner_user, password, settings):
    before = timezone.now()
    body = sign_in(password)

    assert set(body) == {"token", "id", "expiry"}
    stored = AuthToken.objects.get(user=partner_user)
    assert body["token"] not in {stored.digest, stored.token_key}
    assert body["token"].startswith(stored.token_key) and body["id"] == stored.token_key
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert before + ttl <= dt.datetime.fromisoformat(body["expiry"]) <= timezone.now() + ttl
    assert with_token(body["token"]).get("/api/v1/partners/").status_code == 200
    assert SecurityEvent.objects.filter(kind="token_created", user=partner_user).count() == 1


def test_an_expired_token_is_refused(partner_user, password):
    token = sign_in(password)["token"]
    AuthToken.objects.filter(user=partner_user).update(expiry=timezone.now() - dt.timedelta(seconds=1))

    response = with_token(token).get("/api/v1/partners/")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_signing_out_revokes_the_token_used_and_only_it(partner_user, password):
    first, second = sign_in(password)["token"], sign_in(password)["token"]

    assert with_token(first).post("/api/v1/auth/logout/").status_code == 204

    assert with_token(first).get("/api/v1/partners/").status_code == 401
    assert with_token(second).get("/api/v1/partners/").status_code == 200


def test_a_user_lists_and_revokes_their_own_tokens(partner_user, manager_user, password):
    current, other = sign_in(password), sign_in(password)
    sign_in(password, username="manager")
    client = with_token(current["token"])

    listed = client.get("/api/v1/auth/tokens/").json()

    assert {row["id"] for row in listed} == {current["id"], other["id"]}
    assert [row["current"] for row in listed if row["id"] == current["id"]] == [True]
    assert all("token" not in row and "digest" not in row for row in listed)
    assert client.delete(f"/api/v1/auth/tokens/{other['id']}/").status_code == 204
    assert with_token(other["token"]).get("/api/v1/partners/").status_code == 401
    manager_token_id = AuthToken.objects.get(user=manager_user).token_key
    assert client.delete(f"/api/v1/auth/tokens/{manager_token_id}/").status_code == 404
    assert AuthToken.objects.filter(user=manager_user).exists()


def test_a_manager_revokes_every_token_of_a_user(api_client, partner_user, manager_user, password):
    token = sign_in(password)["token"]
    sign_in(password)

    assert api_client(partner_user).post(f"/api/v1/users/{manager_user.pk}/revoke-tokens/").status_code == 403
    response = api_client(manager_user).post(f"/api/v1/users/{partner_user.pk}/revoke-tokens/")

    assert response.status_code == 200
    # The two signed in here, and the one the partner's api_client used for the refused call.
    assert response.json() == {"revoked": 3}
    assert with_token(token).get("/api/v1/partners/").status_code == 401
    assert SecurityEvent.objects.filter(kind="permission_denied", user=partner_user).exists()


def test_bad_credentials_are_a_400_problem(api_client, partner_user):
    response = api_client().post("/api/v1/auth/token/", {"username": "acme-user", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"] == "https://partnerhub.example/problems/validation-error"
    assert body["errors"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert body["detail"] == "Unable to log in with provided credentials."
    assert not AuthToken.objects.exists()
    assert SecurityEvent.objects.get(kind="sign_in_failed").username == "acme-user"


def test_missing_password_names_the_field(api_client, partner_user):
    response = api_client().post("/api/v1/auth/token/", {"username": "acme-user"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}


def test_a_manager_needs_a_second_factor_for_a_token_when_mfa_is_required(manager_user, password, settings):
    settings.MFA_REQUIRED_FOR_MANAGERS = True

    response = APIClient().post("/api/v1/auth/token/", {"username": "manager", "password": password}, format="json")

    assert response.status_code == 403
    assert "multi-factor" in response.json()["detail"]
    assert not AuthToken.objects.exists()
