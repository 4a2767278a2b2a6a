"""The language the portal speaks to each request (docs/languages.md).

A signed-in user who chose a language (`LanguagePreference`, written only by `choose_language`) gets it; anyone
else gets the browser's language (the `django_language` cookie the language page sets, then Accept-Language),
if it is one of `settings.LANGUAGES`, then English. The JSON API under /api/ always answers in English whatever
the request's headers say: its messages and field names are a contract with integrations, which must not change
with a user's setting.

The chosen language travels in the session (`SESSION_KEY`, set at sign-in and when the user changes it), so a
page costs no query for it; a session older than this module looks it up once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from partnerhub.core.errors import InvalidInput
from partnerhub.core.models import LanguagePreference, SecurityEventKind
from partnerhub.core.security import record_security_event

SESSION_KEY = "partnerhub_language"
# Requests under this path are answered in English only (the API contract).
API_PREFIX = "/api/"


def in_program_language() -> translation.override:
    """The program's own language, English, for what is stored (a timeline entry, a job's file and result), which
    stays as written whoever's request wrote it."""
    return translation.override(settings.LANGUAGE_CODE)


def program_text(text: object) -> str:
    """`text` (a lazily translated label, say) in the program's own language (`in_program_language`)."""
    with in_program_language():
        return str(text)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def chosen_language(user: AbstractBaseUser | AnonymousUser) -> str:
    """The language `user` chose, or "" for the browser's."""
    if not user.is_authenticated:
        return ""
    language = LanguagePreference.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return language or ""


def remember_in_session(request: HttpRequest, user: AbstractBaseUser) -> None:
    """At sign-in: the user's choice into the session, for every page after it."""
    request.session[SESSION_KEY] = chosen_language(user)


def choose_language(*, user: AbstractBaseUser, language: str, request: HttpRequest | None = None) -> LanguagePreference:
    """Set the portal language of `user`: a code of `settings.LANGUAGES`, or "" for the browser's language.

    Writes the preference and one `language_changed` row of the security event log (the account's own log,
    which managers and partner users both have) in one transaction; choosing the language already chosen
    writes nothing. With `request`, the request's session follows at once."""
    if language and language not in language_codes():
        offered = ", ".join(language_codes())
        raise InvalidInput(
            "language",
            gettext("%(language)s is not a language of the portal; choose one of %(offered)s.")
            % {"language": repr(language), "offered": offered},
        )
    with transaction.atomic():
        preference, created = LanguagePreference.objects.select_for_update().get_or_create(
            user_id=user.pk, defaults={"language": language}
        )
        before = "" if created else preference.language
        if before != language:
            preference.language = language
            preference.save(update_fields=["language"])
        if created or before != language:
            record_security_event(
                SecurityEventKind.LANGUAGE_CHANGED, request=request, user=user, detail={"from": before, "to": language}
            )
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = language
    return preference


def request_language(request: HttpRequest) -> str:
    """The language to answer `request` in (see the module's docstring)."""
    if request.path_info.startswith(API_PREFIX):
        return settings.LANGUAGE_CODE
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        if SESSION_KEY not in request.session:
            request.session[SESSION_KEY] = chosen_language(user)
        chosen = request.session[SESSION_KEY]
        if chosen in language_codes():
            return str(chosen)
    return translation.get_language_from_request(request)


class LanguageMiddleware:
    """Django's LocaleMiddleware with the signed-in user's choice first and the API kept in English (after the
    authentication middleware, which it reads)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        # override, not activate: the thread goes back to its language after the request (a test's thread, a
        # worker's), so nothing after it is said in this visitor's language by accident.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
