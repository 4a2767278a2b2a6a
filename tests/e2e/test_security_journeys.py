"""Identity journeys in a real browser: a vendor manager signs in with a TOTP code as the second factor and
invites a partner's user from the partner page; the invitee sets a password through the mailed link, is
signed in, and signs in again later. No page breaks the Content-Security-Policy (Chromium reports every
violation as a console error)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from .browser import sign_in

pytestmark = pytest.mark.e2e


def test_a_manager_signs_in_with_totp_and_an_invited_partner_user_sets_a_password(
    open_page, screens, partner_in, manager_user, password, totp_code, settings
):
    settings.MFA_REQUIRED_FOR_MANAGERS = True
    contoso = partner_in("registered", name="Contoso", territories=("DE",))
    secret = generate_totp_secret()
    TOTP.activate(manager_user, secret)
    RecoveryCodes.activate(manager_user)

    # The password alone is not enough: the second step asks for the authenticator app's code.
    manager = open_page()
    sign_in(manager, "manager", password)
    assert manager.url.endswith("/accounts/2fa/authenticate/")
    screens.save(manager, "manager-mfa-code")
    manager.get_by_label("Code").fill(totp_code(secret))
    manager.get_by_role("button", name="Sign In").click()
    assert manager.get_by_role("heading", name="Work queues").is_visible()

    # From the partner's page, the manager invites a user.
    manager.goto(f"/partners/{contoso.pk}/")
    manager.get_by_label("Email").fill("ines@contoso.example")
    manager.get_by_label("First name").fill("Ines")
    manager.get_by_label("Designated Partner Representative").check()
    screens.save(manager, "manager-invite")
    manager.get_by_role("button", name="Send the invitation").click()
    assert manager.get_by_text("Invitation sent to ines@contoso.example").is_visible()
    assert not manager.console_errors, manager.console_errors

    # The invitee follows the mailed link, chooses a password and is signed in.
    (message,) = [sent for sent in mail.outbox if sent.to == ["ines@contoso.example"]]
    link = re.search(r"http://\S+/accounts/invitation/\S+/", str(message.body))
    assert link, message.body
    invitee = open_page()
    invitee.goto(link[0])
    assert invitee.get_by_text("ines@contoso.example").is_visible()
    invitee.get_by_label(re.compile(r"^New password\W*$")).fill("contoso-ines-2019!")
    invitee.get_by_label("New password confirmation").fill("contoso-ines-2019!")
    screens.save(invitee, "invitee-set-password")
    invitee.get_by_role("button", name="Set password and sign in").click()
    assert invitee.get_by_role("heading", name="Where you stand").is_visible()
    assert invitee.get_by_text("Contoso").first.is_visible()

    # Later, the password signs in on its own (partner users are offered MFA, not forced).
    invitee.get_by_role("button", name="Sign out").click()
    sign_in(invitee, "ines@contoso.example", "contoso-ines-2019!")
    assert invitee.get_by_role("heading", name="Where you stand").is_visible()
    assert not invitee.console_errors, invitee.console_errors
    # The link worked once (the refusal is a 400 page, which Chromium reports in the console).
    invitee.goto(link[0])
    assert invitee.get_by_text("already been used").is_visible()
