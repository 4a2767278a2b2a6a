"""Password change and reset by email (django-allauth, through Django's mail backend), in the portal's look."""

import re

from django.core import mail
from django.test import Client

from partnerhub.core.models import SecurityEvent

NEW = "a-brand-new-pass-phrase"


def signs_in(username: str, password: str) -> bool:
    return Client().post("/accounts/login/", {"username": username, "password": password}).status_code == 302


def test_a_signed_in_user_changes_the_password(client, partner_user, password, committed):
    client.force_login(partner_user)
    page = client.get("/accounts/password/change/")
    assert page.status_code == 200 and 'class="site-header"' in page.content.decode()

    with committed():
        response = client.post(
            "/accounts/password/change/", {"oldpassword": password, "password1": NEW, "password2": NEW}
        )

    assert response.status_code == 302
    assert signs_in("acme-user", NEW) and not signs_in("acme-user", password)
    assert SecurityEvent.objects.filter(kind="password_changed", user=partner_user).exists()


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, partner_user, password, committed):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()
    with committed():
        client.post("/accounts/password/reset/", {"email": "user@acme.example"})
    (message,) = mail.outbox
    assert message.to == ["user@acme.example"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", str(message.body))
    assert link, message.body

    form = client.get(link[1], follow=True)
    assert form.status_code == 200
    with committed():
        done = client.post(form.redirect_chain[-1][0], {"password1": NEW, "password2": NEW})

    assert done.status_code == 302
    assert signs_in("acme-user", NEW) and not signs_in("acme-user", password)
    assert SecurityEvent.objects.filter(kind="password_reset", user=partner_user).exists()
