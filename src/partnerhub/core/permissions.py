"""Roles. A vendor manager is a Django superuser or a member of the "vendor managers" group;
every other signed-in user is at most a partner user (see partnerhub.partners.selectors).

"Vendor managers only" is said one way, here, for the API and the portal alike, each asking `is_manager`: the
API's views list `IsManager` (or call `require_manager` after looking the object up), the portal's pages are
decorated with `manager_required` or call `require_manager_page` after looking the object up.

The role is looked up once per user object, so once per request (each request loads its own user): pages and
lists ask for every row they scope or serialize. Changing the user's groups through that object forgets it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied as PageForbidden
from django.db.models import Exists
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request

MANAGER_GROUP = "vendor managers"
_CACHED = "_partnerhub_is_manager"


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not isinstance(user, User):
        return False
    if user.is_superuser:
        return True
    known: bool | None = getattr(user, _CACHED, None)
    if known is None:
        known = user.groups.filter(name=MANAGER_GROUP).exists()
        setattr(user, _CACHED, known)
    return known


def manager_role_of(user_id: Any) -> Exists:
    """Whether the user `user_id` (a value or an `OuterRef`) is in the managers' group: for a query that reads
    the user's membership anyway and can tell its role at once (`remember_role`)."""
    return Exists(User.groups.through.objects.filter(user_id=user_id, group__name=MANAGER_GROUP))


def remember_role(user: User, manager: bool) -> None:
    """The role `is_manager` would look up, read by another query of this request."""
    setattr(user, _CACHED, manager)


@receiver(m2m_changed, sender=User.groups.through)
def _forget_role(sender: Any, instance: object, **kwargs: Any) -> None:
    """A user's groups changed: ask again next time (the instance changed, or, from the group's side, any)."""
    if isinstance(instance, User) and hasattr(instance, _CACHED):
        delattr(instance, _CACHED)


class IsManager(BasePermission):
    """The one way the API says "vendor managers only", before anything is looked up: a view's
    `permission_classes = (*SIGNED_IN, IsManager)`, or `signed_in(IsManager)` for some actions of a ViewSet.
    An action on one object that another partner's user must not learn exists looks the object up first
    (404 for another partner's) and then calls `require_manager` (403 for the partner's own user)."""

    message = "Only a vendor manager may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_manager(request.user)


def require_manager(request: Request) -> User:
    """`IsManager` inside a handler, after the object is looked up: the signed-in vendor manager, or 403."""
    if not IsManager().has_permission(request, None) or not isinstance(request.user, User):
        raise PermissionDenied(IsManager.message)
    return request.user


def require_manager_page(request: HttpRequest, message: str) -> None:
    """`IsManager` inside a portal page, after the object is looked up (another partner's is 404 first): the 403
    page saying `message` to anyone else."""
    if not is_manager(request.user):
        raise PageForbidden(message)


View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def manager_required(view: View) -> View:
    """`IsManager` for a whole portal page: sign-in first, then the 403 page for anyone but a vendor manager."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_manager_page(request, gettext("This page is for the vendor's partner managers."))
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


class WritesRecordedToday(BasePermission):
    """A write carrying `?as_of=` needs a vendor manager: only managers backdate (docs/dates-and-trust.md).

    One rule for every write of the API, whatever the endpoint does with `as_of` (some read it, some never
    did and silently ignored it): a partner user's writes are recorded today, and its `?as_of=` on a POST, PUT,
    PATCH or DELETE answers 403 before anything is looked up or written. It is in `DEFAULT_PERMISSION_CLASSES`
    and in every view's own list (`SIGNED_IN`); `tests/core/test_write_dates.py` sends it to every write.
    """

    message = "as_of: only a vendor manager may date a write; a partner user's writes are recorded today."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or "as_of" not in request.query_params or is_manager(request.user)


SIGNED_IN: tuple[type[BasePermission], ...] = (IsAuthenticated, WritesRecordedToday)
"""What every API view asks first: a signed-in user, and writes dated only by a manager."""


def signed_in(*more: type[BasePermission]) -> list[BasePermission]:
    """A view's `get_permissions()`: `SIGNED_IN`, then `more` (e.g. `IsManager`)."""
    return [permission() for permission in (*SIGNED_IN, *more)]
