"""Multi-factor sign-in (django-allauth MFA: TOTP with recovery codes): required for vendor managers and staff
when the setting asks for it, offered to partner users; asked for at the portal's sign-in and the token
endpoint once set up."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from rest_framework.test import APIClient

from partnerhub.core.models import SecurityEvent

SECRET = generate_totp_secret()


def sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_MANAGERS = True


def test_a_manager_without_a_second_factor_must_set_one_up_first(
    client, manager_user, password, required, totp_code, committed
):
    sign_in(client, "manager", password)

    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/console/partners/")["Location"] == "/accounts/2fa/totp/activate/"
    # Changing sign-in factors asks for the password again (allauth's reauthentication), even just signed in.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    assert client.post("/accounts/reauthenticate/", {"password": password}).status_code == 302
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    html = setup.content.decode()
    assert 'class="site-header"' in html and 'src="data:image/svg+xml' in html
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html) or re.search(
        r'value="([A-Z2-7]{32})"', html
    )
    assert secret, html

    with committed():
        activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret[1])})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=manager_user, type="totp").exists()
    assert Authenticator.objects.filter(user=manager_user, type="recovery_codes").exists()
    assert client.get("/").status_code == 200
    assert SecurityEvent.objects.filter(kind="mfa_added", user=manager_user).exists()


def test_partner_users_are_offered_mfa_but_not_forced(client, partner_user, password, required):
    sign_in(client, "acme-user", password)

    assert client.get("/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


@pytest.fixture
def manager_with_totp(manager_user):
    TOTP.activate(manager_user, SECRET)
    RecoveryCodes.activate(manager_user)
    return manager_user


def test_once_set_up_the_sign_in_asks_for_the_code(client, manager_with_totp, password, totp_code, required):
    response = sign_in(client, "manager", password)

    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/console/")["Location"].startswith("/accounts/login/")  # not signed in yet
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert SecurityEvent.objects.filter(kind="mfa_failed", user=manager_with_totp).exists()
    signed_in = client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})
    assert signed_in.status_code == 302
    assert "Work queues" in client.get("/").content.decode()
    assert SecurityEvent.objects.filter(kind="sign_in", user=manager_with_totp).count() == 1


def test_a_recovery_code_replaces_the_app_once(client, manager_with_totp, password):
    code = Authenticator.objects.get(user=manager_with_totp, type="recovery_codes").wrap().get_unused_codes()[0]

    sign_in(client, "manager", password)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "manager", password)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200


def test_the_token_endpoint_asks_for_the_code_once_set_up(manager_with_totp, password, totp_code):
    def token(**extra):
        body = {"username": "manager", "password": password, **extra}
        return APIClient().post("/api/v1/auth/token/", body, format="json")

    assert token().json()["errors"] == {"code": ["This user signs in with a second factor: give its current code."]}
    assert "code" in token(code="000000").json()["errors"]
    assert token(code=totp_code(SECRET)).status_code == 200
