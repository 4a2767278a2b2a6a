"""Deal protection windows (§7.3, docs/policy.md#r8-4): extensions asked and answered, expiry by the tick.

An approved registration protects its opportunity through `Registration.protected_until` when the policy in force
on its approval date sets `deals.protection_days`. The partner may ask for an extension before that day; a vendor
manager grants it (the window grows by the approval's policy's extension) or refuses it with a reason. The tick
expires a registration whose window ended (`registration_expire`): the opportunity is free again, so another
partner's registration may be approved. Every write here locks the opportunity first, as approvals do
(`services._locked_registration`), so an expiry and a competing approval are serialized and the partial unique
index of one approved registration per opportunity is never the only guard.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnerhub.core.errors import Conflict, InvalidInput, PolicyViolation, violations
from partnerhub.deals.events import DealsEventKind
from partnerhub.deals.models import (
    ExtensionStatus,
    Order,
    ProtectionExtension,
    Registration,
    RegistrationEventKind,
    RegistrationStatus,
)
from partnerhub.deals.services import _describe, _locked_registration, _trace
from partnerhub.policy.model import Policy
from partnerhub.policy.protection import expires_on, extended_until, extension_requestable
from partnerhub.policystore.selectors import policy_in_force


def _approval_policy(registration: Registration) -> Policy:
    """The version in force on the approval date: it fixed the window and fixes the extension's length."""
    assert registration.decided_on is not None
    return policy_in_force(registration.decided_on)


def _pending(registration: Registration) -> str:
    return _("Deal registration #%(pk)s already has an extension request awaiting an answer.") % {"pk": registration.pk}


def extension_request(
    *, registration: Registration, requested_on: dt.date, reason: str, acting_user: User
) -> ProtectionExtension:
    """The partner asks for more time before its registration's protection ends (docs/policy.md#r8-4).

    Refused (422) without a window or after its last day; a registration that is not approved, or that already
    has a request awaiting an answer, is a Conflict (409). Nothing is written by a refusal.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": [_("Say why the registration needs more time; the vendor decides on it.")]})
    with transaction.atomic():
        registration = _locked_registration(registration)
        if registration.status != RegistrationStatus.APPROVED:
            raise Conflict(
                _("Deal registration #%(pk)s is %(status)s; only an approved one can be extended.")
                % {"pk": registration.pk, "status": str(registration.get_status_display()).lower()}
            )
        policy = _approval_policy(registration)
        decision = extension_requestable(policy, until=registration.protected_until, requested_on=requested_on)
        if not decision.outcome:
            raise PolicyViolation(violations(decision.reasons))
        assert registration.protected_until is not None
        if registration.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise Conflict(_pending(registration))
        try:
            with transaction.atomic():
                extension = ProtectionExtension.objects.create(
                    registration=registration,
                    partner=registration.partner,
                    reason=reason,
                    requested_on=requested_on,
                    requested_by=acting_user,
                    until_before=registration.protected_until,
                )
        except IntegrityError as error:
            raise Conflict(_pending(registration)) from error
        message = (
            f"extension of the protection ending {registration.protected_until.isoformat()} asked on "
            f"{requested_on.isoformat()} by {acting_user.get_username()}: {reason}"
        )
        _trace(
            registration,
            history=RegistrationEventKind.EXTENSION_REQUESTED,
            kind=DealsEventKind.DEAL_PROTECTION_EXTENSION_REQUESTED,
            on=requested_on,
            actor=acting_user,
            message=message,
            separator=": ",
            policy_section=policy.deals.section,
            policy_version=policy.version_date,
            data={"registration": registration.pk, "extension": extension.pk},
        )
    return extension


def _locked_pending(extension: ProtectionExtension) -> tuple[ProtectionExtension, Registration]:
    registration = _locked_registration(extension.registration)
    extension = ProtectionExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise Conflict(_("This extension request was already answered (%(status)s).") % {"status": extension.status})
    return extension, registration


def extension_grant(
    *, extension: ProtectionExtension, granted_on: dt.date, acting_user: User, note: str = ""
) -> ProtectionExtension:
    """A vendor manager grants the extension: the window grows by the approval's policy's `extension_days`
    (or `protection_days`) from its current last day; the partner is emailed. Only while the registration is
    still protected on `granted_on`: once lapsed, the opportunity is free again (Conflict)."""
    with transaction.atomic():
        extension, registration = _locked_pending(extension)
        until = registration.protected_until
        if registration.status != RegistrationStatus.APPROVED or until is None or granted_on > until:
            raise Conflict(
                _(
                    "%(registration)s is no longer protected on %(granted_on)s; an extension can be "
                    "granted only before the protection ends."
                )
                % {"registration": _describe(registration), "granted_on": granted_on.isoformat()}
            )
        if granted_on < extension.requested_on:
            raise InvalidInput(
                {"granted_on": [_("%(granted_on)s is before the request.") % {"granted_on": granted_on.isoformat()}]}
            )
        policy = _approval_policy(registration)
        new_until = extended_until(policy, until)
        extension.status = ExtensionStatus.GRANTED
        extension.decided_on = granted_on
        extension.decided_by = acting_user
        extension.decision_reason = note.strip()
        extension.until_after = new_until
        extension.save(update_fields=("status", "decided_on", "decided_by", "decision_reason", "until_after"))
        registration.protected_until = new_until
        registration.save(update_fields=("protected_until",))
        message = (
            f"extension granted on {granted_on.isoformat()} by {acting_user.get_username()}: protected through "
            f"{new_until.isoformat()} instead of {until.isoformat()}" + (f" ({note.strip()})" if note.strip() else "")
        )
        _trace(
            registration,
            history=RegistrationEventKind.EXTENSION_GRANTED,
            kind=DealsEventKind.DEAL_PROTECTION_EXTENDED,
            on=granted_on,
            actor=acting_user,
            message=message,
            separator=": ",
            policy_section=policy.deals.section,
            policy_version=policy.version_date,
            data={"registration": registration.pk, "extension": extension.pk, "protected_until": new_until},
            mail="deals/mail/protection_extended.txt",
            until=new_until,
            section=policy.deals.section,
        )
    return extension


def extension_refuse(
    *, extension: ProtectionExtension, refused_on: dt.date, reason: str, acting_user: User
) -> ProtectionExtension:
    """A vendor manager refuses the extension with a reason; the window ends as it was; the partner is emailed."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": [_("Say why the extension is refused; the partner is told.")]})
    with transaction.atomic():
        extension, registration = _locked_pending(extension)
        if refused_on < extension.requested_on:
            raise InvalidInput(
                {"refused_on": [_("%(refused_on)s is before the request.") % {"refused_on": refused_on.isoformat()}]}
            )
        extension.status = ExtensionStatus.REFUSED
        extension.decided_on = refused_on
        extension.decided_by = acting_user
        extension.decision_reason = reason
        extension.save(update_fields=("status", "decided_on", "decided_by", "decision_reason"))
        until = registration.protected_until
        section = _approval_policy(registration).deals.section
        message = f"extension refused on {refused_on.isoformat()} by {acting_user.get_username()}: {reason}"
        _trace(
            registration,
            history=RegistrationEventKind.EXTENSION_REFUSED,
            kind=DealsEventKind.DEAL_PROTECTION_EXTENSION_REFUSED,
            on=refused_on,
            actor=acting_user,
            message=message,
            separator=": ",
            policy_section=section,
            data={"registration": registration.pk, "extension": extension.pk, "reason": reason},
            mail="deals/mail/extension_refused.txt",
            reason=reason,
            until=until,
            section=section,
        )
    return extension


def registration_expire(*, registration: Registration, as_of: dt.date) -> Registration | None:
    """The tick ends a lapsed window (docs/policy.md#r8-4): the registration becomes `expired` on the day after its
    last protected day, a request still awaiting an answer lapses with it, the partner is emailed and the
    opportunity is free for another registration. None (nothing written) when it is not due on `as_of`: no
    longer approved, still protected, or its opportunity was ordered while it was protected (the deal came
    through in time; it is closed as won or lost, not expired)."""
    with transaction.atomic():
        registration = _locked_registration(registration)
        until = registration.protected_until
        if registration.status != RegistrationStatus.APPROVED or until is None or as_of <= until:
            return None
        if Order.objects.filter(opportunity_id=registration.opportunity_id, ordered_on__lte=until).exists():
            return None
        lapsed_on = expires_on(until)
        section = _approval_policy(registration).deals.section
        registration.status = RegistrationStatus.EXPIRED
        registration.expired_on = lapsed_on
        registration.save(update_fields=("status", "expired_on"))
        lapsed = registration.extensions.filter(status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.LAPSED, decided_on=lapsed_on
        )
        message = (
            f"protection ended on {until.isoformat()}; expired on {lapsed_on.isoformat()} and the opportunity "
            "is free again" + ("; the extension request awaiting an answer lapsed with it" if lapsed else "")
        )
        _trace(
            registration,
            history=RegistrationEventKind.EXPIRED,
            kind=DealsEventKind.DEAL_REGISTRATION_EXPIRED,
            on=lapsed_on,
            actor=None,
            message=message,
            policy_section=section,
            data={"registration": registration.pk, "protected_until": until},
            mail="deals/mail/registration_expired.txt",
            until=until,
            section=section,
        )
    return registration
