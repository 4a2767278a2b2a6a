"""What the sign-in machinery (Django, django-axes, django-allauth) reports, written to the security event log."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from partnerhub.core.languages import remember_in_session
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import SESSION_RENEWED_AT, SIGNED_IN_AT, record_security_event


@receiver(user_logged_in, dispatch_uid="partnerhub-security-sign-in")
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # The absolute session lifetime counts from here (SessionLifetimeMiddleware), and the session is saved
        # with its idle expiry now: its first pages need not save it again.
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SESSION_RENEWED_AT] = now
        # The portal speaks the user's chosen language from the first page on (core.languages).
        remember_in_session(request, user)
    record_security_event(SecurityEventKind.SIGN_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="partnerhub-security-sign-out")
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_security_event(SecurityEventKind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="partnerhub-security-sign-in-failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")
    record_security_event(SecurityEventKind.SIGN_IN_FAILED, request=request, username=username)


@receiver(user_locked_out, dispatch_uid="partnerhub-security-locked-out")
def _locked_out(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    record_security_event(SecurityEventKind.LOCKED_OUT, request=request, username=username or "")


def _authenticator_event(kind: SecurityEventKind) -> Any:
    def handler(sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any) -> None:
        record_security_event(kind, request=request, user=user, detail={"authenticator": authenticator.type})

    return handler


_mfa_added = _authenticator_event(SecurityEventKind.MFA_ADDED)
_mfa_removed = _authenticator_event(SecurityEventKind.MFA_REMOVED)
_mfa_reset = _authenticator_event(SecurityEventKind.MFA_RESET)
_mfa_failed = _authenticator_event(SecurityEventKind.MFA_FAILED)
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="partnerhub-security-mfa-added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="partnerhub-security-mfa-removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="partnerhub-security-mfa-reset")
mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="partnerhub-security-mfa-failed")


@receiver(account_signals.password_changed, dispatch_uid="partnerhub-security-password-changed")
def _password_changed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record_security_event(SecurityEventKind.PASSWORD_CHANGED, request=request, user=user)


@receiver(account_signals.password_reset, dispatch_uid="partnerhub-security-password-reset")
def _password_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record_security_event(SecurityEventKind.PASSWORD_RESET, request=request, user=user)
