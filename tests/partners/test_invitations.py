"""Invitations: a manager invites a user of a partner (API and the partner page); the invitee sets a password
through a signed, single-use, expiring link and is signed in."""

import re

import pytest
from django.core import mail, signing
from django.test import Client

from partnerhub.core.models import SecurityEvent
from partnerhub.partners.models import PartnerUser


def link_in(message) -> str:
    found = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body)
    assert found, message.body
    return found[1]


@pytest.fixture
def invited(api_client, manager_user, partner, committed, published_policy):
    # The representative's section (§7.3) is the deal registration rule's in the policy in force.
    with committed():
        response = api_client(manager_user).post(
            f"/api/v1/partners/{partner.pk}/invitations/",
            {"email": "Rita@Acme.example", "first_name": "Rita", "representative": True},
            format="json",
        )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_manager_invites_and_the_invitee_sets_a_password_and_is_signed_in(invited, partner, client):
    assert invited | {"id": 0, "user_id": 0} == {
        "id": 0,
        "user_id": 0,
        "username": "rita@acme.example",
        "email": "Rita@acme.example",
        "representative": True,
        "partner": partner.pk,
    }
    member = PartnerUser.objects.get(user__username="rita@acme.example")
    assert not member.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["Rita@acme.example"]
    assert "Acme Automation" in message.subject
    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200 and "rita@acme.example" in page.content.decode()

    short = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert short.status_code == 200
    assert not PartnerUser.objects.get(pk=member.pk).user.has_usable_password()
    done = client.post(link, {"new_password1": "a-long-pass-phrase", "new_password2": "a-long-pass-phrase"})

    assert done.status_code == 302 and done["Location"] == "/"
    assert "Acme Automation" in client.get("/").content.decode()
    assert partner.events.get(kind="user_invited").section == "7.3"
    assert SecurityEvent.objects.filter(kind="invitation_sent").exists()
    assert SecurityEvent.objects.filter(kind="invitation_accepted", user=member.user).exists()
    # Single use: the link no longer works, and the new password signs in.
    again = Client().get(link)
    assert again.status_code == 400 and "already been used" in again.content.decode()
    fresh = Client()
    assert (
        fresh.post("/accounts/login/", {"username": "rita@acme.example", "password": "a-long-pass-phrase"}).status_code
        == 302
    )


def test_an_expired_or_forged_link_is_refused(invited, client, settings):
    link = link_in(mail.outbox[0])
    token = link.split("/")[-2]

    assert "not a valid invitation" in client.get(f"/accounts/invitation/{token[:-2]}xx/").content.decode()
    forged = signing.dumps({"user": invited["user_id"], "state": "x"}, salt="elsewhere", compress=True)
    assert client.get(f"/accounts/invitation/{forged}/").status_code == 400
    settings.INVITATION_MAX_AGE_DAYS = -1
    expired = client.get(link)
    assert expired.status_code == 400 and "expired" in expired.content.decode()


def test_only_a_manager_invites_and_bad_input_writes_nothing(api_client, partner_user, manager_user, partner, db_state):
    before = db_state()

    refused = api_client(partner_user).post(f"/api/v1/partners/{partner.pk}/invitations/", {"email": "x@y.example"})
    taken = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/invitations/", {"email": "user@acme.example"}, format="json"
    )
    bad = api_client(manager_user).post(f"/api/v1/partners/{partner.pk}/invitations/", {"email": "nope"}, format="json")

    assert refused.status_code == 403
    assert taken.status_code == 400 and "already has an account" in taken.json()["errors"]["email"][0]
    assert bad.status_code == 400 and "email" in bad.json()["errors"]
    assert db_state() == before
    assert not mail.outbox


def test_the_partner_page_offers_managers_the_invitation_form(client, manager_user, partner, committed):
    client.force_login(manager_user)

    page = client.get(f"/partners/{partner.pk}/").content.decode()
    assert "Invite a user" in page
    with committed():
        response = client.post(f"/partners/{partner.pk}/invitations/", {"email": "paul@acme.example"}, follow=True)

    assert "Invitation sent to paul@acme.example" in response.content.decode()
    assert PartnerUser.objects.filter(partner=partner, user__email="paul@acme.example").exists()
    assert len(mail.outbox) == 1


def test_partner_users_see_no_invitation_form(client, partner_user, partner):
    client.force_login(partner_user)

    assert "Invite a user" not in client.get(f"/partners/{partner.pk}/").content.decode()
    assert client.post(f"/partners/{partner.pk}/invitations/", {"email": "x@y.example"}).status_code == 403
