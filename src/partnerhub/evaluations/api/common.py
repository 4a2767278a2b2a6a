"""What the evaluations API's views share: the problem answers they document and the manager check."""

from __future__ import annotations

from django.contrib.auth.models import User
from drf_spectacular.utils import (
    OpenApiResponse,
)
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from partnerhub.core.permissions import is_manager

PROBLEMS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(description="Malformed request (problem details with `errors`)"),
    403: OpenApiResponse(description="Only a vendor manager may do this"),
    404: OpenApiResponse(description="No such object, or another partner's"),
    409: OpenApiResponse(description="Conflicts with the current state"),
    422: OpenApiResponse(description="Refused by the partner program policy (problem details with `violations`)"),
}


def manager(request: Request) -> User:
    if not is_manager(request.user):
        raise PermissionDenied("Only a vendor manager may do this.")
    assert isinstance(request.user, User)
    return request.user
