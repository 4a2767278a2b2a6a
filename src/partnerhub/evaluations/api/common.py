"""What the evaluations API's views share: the manager check."""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from partnerhub.core.permissions import is_manager


def manager(request: Request) -> User:
    if not is_manager(request.user):
        raise PermissionDenied("Only a vendor manager may do this.")
    assert isinstance(request.user, User)
    return request.user
