"""Invitation links: signed (Django's signing, keyed by SECRET_KEY), expiring after INVITATION_MAX_AGE_DAYS,
and single-use: the token carries a fingerprint of the user's password and last sign-in, which setting the
first password changes, so a used link no longer matches."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "partnerhub.invitation"


class InvitationInvalid(Exception):
    """The link is expired, already used, or not an invitation at all; the message says which."""


def invitation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "state": _state(user)}, salt=SALT, compress=True)


def invited_user(token: str) -> User:
    """The user a still valid invitation link is for."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INVITATION_MAX_AGE_DAYS * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise InvitationInvalid("This invitation has expired; ask your partner manager for a new one.") from None
    except signing.BadSignature:
        raise InvitationInvalid("This is not a valid invitation link.") from None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("state")), _state(user)):
        raise InvitationInvalid("This invitation has already been used; sign in with your password.")
    return user


def _state(user: User) -> str:
    last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0).isoformat()
    return salted_hmac(SALT, f"{user.pk}|{user.password}|{last_login}", algorithm="sha256").hexdigest()[:32]
