"""Headers and sessions: a strict CSP with nothing inline, Permissions-Policy, Referrer-Policy, no-store on
authenticated answers, the idle and absolute session lifetimes; the product's own error pages."""

import re
import time
from pathlib import Path

import pytest
from django.test import Client

import partnerhub
from partnerhub.core.models import SecurityEvent
from partnerhub.core.security import SESSION_RENEWED_AT, SIGNED_IN_AT

TEMPLATES = sorted(Path(partnerhub.__file__).parent.glob("*/templates/**/*.html"))


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(path.parents[2])))
def test_no_template_has_inline_script_style_or_handlers(template):
    html = template.read_text()

    assert not re.search(r"\sstyle\s*=", html), "inline style attribute: use a class in portal.css"
    assert not re.search(r"<style", html), "inline <style>: use portal.css"
    assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)", html), "inline <script>: use a file"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler: use a script file"


def test_signed_in_pages_and_api_answers_are_not_stored(client, api_client, partner_user):
    client.force_login(partner_user)

    assert "no-store" in client.get("/")["Cache-Control"]
    assert "no-store" in api_client(partner_user).get("/api/v1/partners/")["Cache-Control"]


def test_sessions_end_when_idle_and_after_their_absolute_lifetime(client, partner_user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(partner_user)
    assert "Where you stand" in client.get("/").content.decode()
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get("/partners/1/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SecurityEvent.objects.filter(kind="session_expired", user=partner_user).exists()


def test_the_idle_expiry_is_renewed_at_most_once_a_minute(client, partner_user, settings):
    client.force_login(partner_user)

    just_signed_in = client.get("/")
    session = client.session
    session[SESSION_RENEWED_AT] = time.time() - settings.SESSION_RENEW_SECONDS
    session.save()
    a_minute_later = client.get("/")

    assert settings.SESSION_COOKIE_NAME not in just_signed_in.cookies
    assert a_minute_later.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_another_partners_page_is_the_portals_own_404(client, partner_user, partner_in):
    other = partner_in("registered", name="Other")
    client.force_login(partner_user)

    response = client.get(f"/partners/{other.pk}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html
    assert "Traceback" not in html and "URLconf" not in html


def test_a_refused_page_is_the_portals_403_and_is_logged(client, partner_user):
    client.force_login(partner_user)

    response = client.get("/console/")

    assert response.status_code == 403
    assert 'class="site-header"' in response.content.decode()
    assert SecurityEvent.objects.filter(kind="permission_denied", user=partner_user, path="/console/").exists()


def test_a_server_error_is_the_portals_500(partner_user, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("partnerhub.portal.views.home.own_partner", explode)
    client = Client(raise_request_exception=False)
    client.force_login(partner_user)

    response = client.get("/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and 'href="/static/portal/portal.css"' in html
    assert "boom" not in html


def test_a_bad_request_is_the_portals_400(client, settings):
    settings.ALLOWED_HOSTS = ["partners.example"]

    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
