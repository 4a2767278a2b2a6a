"""The middleware of the session and sign-in rules (docs/security.md), and django-axes' lockout answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control

from partnerhub.core.models import SecurityEventKind
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE, problem
from partnerhub.core.security import SESSION_RENEWED_AT, SIGNED_IN_AT, has_mfa, must_use_mfa, record_security_event

TOO_MANY_FAILURES_TYPE = "https://partnerhub.example/problems/too-many-failed-sign-ins"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Mapping[str, Any] | None
) -> HttpResponse:
    """django-axes' answer to a locked-out user or address: 429 with Retry-After, as problem details under
    /api/, as the portal's page elsewhere."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    detail = f"Too many failed sign-ins for this user or from this address; try again in {seconds // 60} minutes."
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        body = problem(
            status=HTTPStatus.TOO_MANY_REQUESTS,
            type_uri=TOO_MANY_FAILURES_TYPE,
            title="Too many failed sign-ins",
            detail=detail,
            instance=request.path,
        )
        response = JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = render(request, "portal/locked_out.html", {"detail": detail}, status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(seconds)
    return response


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_ABSOLUTE_SECONDS however active it is, and renews its idle expiry
    (SESSION_COOKIE_AGE, in the cookie and the stored session) at most every SESSION_RENEW_SECONDS: saving the
    session on every request cost every page three queries (a transaction and an UPDATE) to move its expiry
    by a few seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            started = session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                session[SIGNED_IN_AT] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                record_security_event(SecurityEventKind.SESSION_EXPIRED, request=request)
                logout(request)
                return self.get_response(request)
            if now - float(session.get(SESSION_RENEWED_AT, 0)) >= settings.SESSION_RENEW_SECONDS:
                session[SESSION_RENEWED_AT] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Sends a vendor manager or staff member who has no second factor yet to its set-up page, before any
    other page (when MFA_REQUIRED_FOR_MANAGERS is on). The API refuses them a token instead."""

    EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            must_use_mfa(request.user)
            and not request.path_info.startswith(self.EXEMPT_PREFIXES)
            and not has_mfa(request.user)
        ):
            messages.info(request, "Your role requires multi-factor sign-in: set up an authenticator app first.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user (session or token), pages and API alike,
    so that no shared or browser cache keeps a partner's data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # DRF sets request.user to the token's user once it has authenticated the request.
        if request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, no_store=True, private=True)
        return response
