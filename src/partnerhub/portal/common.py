"""What every portal page shares: the portal's today, role checks, tenancy lookups, paging and the way a
refused service call becomes form errors.

Pages never decide a rule themselves (docs/architecture.md#rule-1): they call the apps' services and selectors and show
the `Decision`s those return. Tenancy comes from `partners.selectors` alone (rule 4): another partner's
page answers 404, exactly like a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from partnerhub.core import forms
from partnerhub.core.errors import Conflict, PolicyViolation
from partnerhub.core.pagination import EstimatedCountPaginator
from partnerhub.core.permissions import is_manager
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import membership_of, partner_for_user, visible_partners
from partnerhub.portal.wording import in_user_words

PAGE_SIZE = 20
M = TypeVar("M", bound=Model)


def today() -> dt.date:
    """The portal's "today": the local date of the site's TIME_ZONE. Domain code takes it as `as_of`."""
    return timezone.localdate()


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent (django-htmx's `request.htmx`): answer with the part it swaps in."""
    return bool(getattr(request, "htmx", False))


def visible_partner(request: HttpRequest, pk: int) -> Partner:
    """The partner `pk` if the signed-in user may see it; otherwise 404, never 403 (docs/architecture.md#rule-4).
    A partner user's own partner comes with its membership, which the navigation and the panels read too."""
    member = None if is_manager(request.user) else membership_of(request.user)
    if member is not None and member.partner_id == pk:
        return member.partner
    partner = visible_partners(request.user).filter(pk=pk).first()
    if partner is None:
        raise Http404("No such partner.")
    return partner


def own_partner(request: HttpRequest) -> Partner | None:
    return partner_for_user(request.user)


def visible_object(queryset: QuerySet[M], pk: int) -> M:
    """One object of a queryset already scoped by a selector, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page of `items` named by `?page=`; a page out of range shows the last one."""
    return EstimatedCountPaginator(items, per_page).get_page(request.GET.get("page"))


def refuse(form: forms.BaseForm, error: Exception, *, fields: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal on the form: each message beside its field, the rest above the form.

    ValidationError and `core.errors.InvalidInput` (bad input) name their fields; a PolicyViolation lists each
    broken rule with its policy section, placed beside the field `fields` maps its code (or its code's
    first word) to; a Conflict says why the object's state forbids the change. `fields` also renames the
    service's field names to the form's. Every message is said in the portal's words (`portal.wording`: its
    dates as the portal writes them, no API field names), the one place where the API's wording is replaced.
    """
    names = dict(fields or {})

    def target(key: str) -> str | None:
        for candidate in (names.get(key), key, names.get(key.split("_")[0])):
            if candidate and candidate in form.fields:
                return candidate
        return None

    def add(key: str, message: str) -> None:
        field, message = target(key), in_user_words(message)
        form.add_error(field, message if field or key in ("__all__", "non_field_errors") else _prefixed(key, message))

    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    add(key, message)
        else:
            for message in error.messages:
                form.add_error(None, in_user_words(message))
    elif isinstance(error, PolicyViolation):
        # A violation's code names a rule, not a field: one no field stands for is said above the form.
        for violation in error.violations:
            form.add_error(target(violation.code), in_user_words(f"{violation.message} (§{violation.section})"))
    elif isinstance(error, Conflict):
        form.add_error(None, in_user_words(error.detail))
    else:  # pragma: no cover - the callers catch only refusals
        raise error


REFUSALS = (ValidationError, PolicyViolation, Conflict)


def _prefixed(field: str, message: str) -> str:
    return message if field == "__all__" else f"{field.replace('_', ' ')}: {message}"
