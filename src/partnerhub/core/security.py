"""Security plumbing every app may use: the security event log, the client's address, who must sign in with
a second factor (docs/security.md). The middleware enforcing the rules is in `partnerhub.core.middleware`.

    record_security_event(SecurityEventKind.EXPORT, request=request, detail={"what": "deals.csv"})

An event is written at once, in its own row, whatever becomes of the surrounding work: a refused request
is still worth recording.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from partnerhub.core.models import SecurityEvent, SecurityEventKind
from partnerhub.core.permissions import is_manager

SIGNED_IN_AT = "partnerhub_signed_in_at"
SESSION_RENEWED_AT = "partnerhub_session_renewed_at"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost trusted proxy saw (X-Forwarded-For, counted from the right, which the proxies append to)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def record_security_event(
    kind: SecurityEventKind | str,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: Mapping[str, Any] | None = None,
) -> SecurityEvent:
    """Add one row to the security event log. `user` defaults to the request's signed-in user; `username`
    to that user's name (give it for failed sign-ins, where there is no user)."""
    http_request: HttpRequest | None = getattr(request, "_request", request)
    if user is None and http_request is not None:
        user = getattr(http_request, "user", None)
    account = user if isinstance(user, User) else None
    return SecurityEvent.objects.create(
        kind=SecurityEventKind(kind),
        user=account,
        username=(username or (account.get_username() if account else ""))[:150],
        ip_address=client_ip(http_request) if http_request is not None else None,
        method=http_request.method or "" if http_request is not None else "",
        path=http_request.path[:300] if http_request is not None else "",
        detail=dict(detail or {}),
    )


def must_use_mfa(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Vendor managers and staff (the admin) sign in with a second factor when the setting asks for it."""
    if not settings.MFA_REQUIRED_FOR_MANAGERS or not isinstance(user, User):
        return False
    return user.is_staff or is_manager(user)


def has_mfa(user: AbstractBaseUser | AnonymousUser) -> bool:
    return isinstance(user, User) and is_mfa_enabled(user)
