"""A partner's users: a sign-in created for a partner, the Designated Partner Representative mark (§7.3), who
alone registers deals, and deactivation, which ends a user's access (signing in, API tokens) while keeping the
account and everything it recorded. Invitations by mail are `partners.invitations`'."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from knox.models import AuthToken

from partnerhub.core.errors import Conflict
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force


def representative_section(on: dt.date) -> str:
    """The section that makes a user a Designated Partner Representative: the deal registration rule (§7.3) of
    the version in force on `on`; none to cite before the first version (users may be set up before it)."""
    try:
        return policy_in_force(on).compensation.deal_registration.section
    except NoPolicyInForce:
        return ""


def partner_user_create(
    *,
    partner: Partner,
    username: str,
    password: str,
    email: str,
    representative: bool,
    acting_user: User,
    as_of: dt.date,
) -> PartnerUser:
    """A sign-in for `partner`; `representative` makes it a Designated Partner Representative (§7.3) under the
    policy in force on `as_of`."""
    errors: dict[str, list[str]] = {}
    clean_username = (username or "").strip()
    if not clean_username:
        errors["username"] = ["This field is required."]
    elif User.objects.filter(username=clean_username).exists():
        errors["username"] = [f"{clean_username!r} is taken"]
    clean_email = (email or "").strip()
    try:
        validate_email(clean_email)
    except ValidationError:
        errors["email"] = [f"{clean_email!r} is not an email address"]
    try:
        validate_password(password, user=User(username=clean_username, email=clean_email))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(clean_username, email=clean_email, password=password)
        member = PartnerUser.objects.create(user=user, partner=partner, representative=representative)
        record_event(
            partner=partner,
            kind=PartnersEventKind.USER_ADDED,
            message=f"User {clean_username} added"
            + (" as a Designated Partner Representative (§7.3)" if representative else ""),
            section=representative_section(as_of) if representative else "",
            actor=acting_user,
            data={"user": user.pk, "username": clean_username, "representative": representative},
        )
    return member


def _locked(member: PartnerUser) -> PartnerUser:
    return PartnerUser.objects.select_for_update().select_related("user", "partner").get(pk=member.pk)


def partner_user_set_representative(
    *, member: PartnerUser, representative: bool, acting_user: User, as_of: dt.date
) -> PartnerUser:
    """Mark a partner's user as a Designated Partner Representative, or take the mark away (§7.3)."""
    with transaction.atomic():
        member = _locked(member)
        name = member.user.get_username()
        if member.representative == representative:
            refusal = (
                gettext("%(name)s is already a Designated Partner Representative")
                if representative
                else gettext("%(name)s is not a Designated Partner Representative")
            )
            raise Conflict(refusal % {"name": name})
        if representative and not member.user.is_active:
            raise Conflict(
                gettext("%(name)s is deactivated: a representative must be able to sign in") % {"name": name}
            )
        member.representative = representative
        member.save(update_fields=("representative",))
        record_event(
            partner=member.partner,
            kind=PartnersEventKind.REPRESENTATIVE_MARKED
            if representative
            else PartnersEventKind.REPRESENTATIVE_UNMARKED,
            message=(
                f"{name} is a Designated Partner Representative from now on: registers deals for the partner"
                if representative
                else f"{name} is no longer a Designated Partner Representative: no longer registers deals"
            ),
            section=representative_section(as_of),
            actor=acting_user,
            effective_on=as_of,
            data={"user": member.user.pk, "representative": representative},
        )
    return member


def partner_user_deactivate(*, member: PartnerUser, acting_user: User, as_of: dt.date, reason: str) -> PartnerUser:
    """End a partner user's access: no sign-in, no API token, no representative mark. The account stays, so
    that what the user recorded keeps its author."""
    why = (reason or "").strip()
    with transaction.atomic():
        member = _locked(member)
        user = member.user
        if not user.is_active:
            raise Conflict(gettext("%(user)s is already deactivated") % {"user": user.get_username()})
        user.is_active = False
        user.save(update_fields=("is_active",))
        AuthToken.objects.filter(user=user).delete()
        was_representative = member.representative
        member.representative = False
        member.save(update_fields=("representative",))
        record_event(
            partner=member.partner,
            kind=PartnersEventKind.USER_DEACTIVATED,
            message=f"User {user.get_username()} deactivated: can no longer sign in"
            + (" and is no longer a Designated Partner Representative" if was_representative else "")
            + (f" ({why})" if why else ""),
            section=representative_section(as_of) if was_representative else "",
            actor=acting_user,
            effective_on=as_of,
            data={"user": user.pk, "was_representative": was_representative, "reason": why},
        )
    return member
