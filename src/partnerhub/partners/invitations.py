"""Inviting a user to a partner: the account exists at once, without a usable password; the invitee sets one
through a signed, single-use, expiring link mailed to them (partnerhub.core.invitations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from partnerhub.core.invitations import invitation_token
from partnerhub.core.mail import send_templated_after_commit
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.partners.services.users import representative_section


def partner_user_invite(
    *,
    partner: Partner,
    email: str,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    representative: bool = False,
    acting_user: User,
    as_of: dt.date,
    link_for: Callable[[str], str],
) -> PartnerUser:
    """Invite a user of `partner`: create the account (user name = the email address unless given) and mail
    the link `link_for(token)` where they set their password. `representative` makes them a Designated
    Partner Representative (§7.3) under the policy in force on `as_of`."""
    clean_email = (email or "").strip()
    clean_username = (username or "").strip() or clean_email.lower()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(clean_email)
    except ValidationError:
        errors["email"] = [f"{clean_email!r} is not an email address"]
    if User.objects.filter(email__iexact=clean_email).exists():
        errors["email"] = [f"{clean_email} already has an account"]
    if not clean_username:
        errors["username"] = ["This field is required."]
    elif User.objects.filter(username=clean_username).exists():
        errors["username"] = [f"{clean_username!r} is taken"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            clean_username,
            email=clean_email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        member = PartnerUser.objects.create(user=user, partner=partner, representative=representative)
        record_event(
            partner=partner,
            kind=PartnersEventKind.USER_INVITED,
            message=f"User {clean_username} invited"
            + (" as a Designated Partner Representative (§7.3)" if representative else ""),
            section=representative_section(as_of) if representative else "",
            actor=acting_user,
            data={"user": user.pk, "username": clean_username, "representative": representative},
        )
        record_security_event(
            SecurityEventKind.INVITATION_SENT,
            user=acting_user,
            detail={"invited": clean_username, "partner": partner.pk},
        )
        days = settings.INVITATION_MAX_AGE_DAYS
        send_templated_after_commit(
            to=[user.email],
            template="partners/mail/invitation.txt",
            context={
                "partner": partner,
                "greeting": first_name.strip() or clean_username,
                "inviter": acting_user.get_full_name() or acting_user.get_username(),
                "days": days,
                "link": link_for(invitation_token(user)),
                "username": clean_username,
            },
        )
    return member
