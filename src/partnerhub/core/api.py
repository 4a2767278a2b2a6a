"""Helpers shared by the API views of every app."""

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request

from partnerhub.core import serializers
from partnerhub.core.fields import strict_date

AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The date the answer is computed for (YYYY-MM-DD); today when omitted.",
)


PROBLEM_RESPONSES: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(description="Malformed request (problem details with `errors`)"),
    403: OpenApiResponse(description="Only a vendor manager may do this"),
    404: OpenApiResponse(description="No such object, or another partner's"),
    409: OpenApiResponse(description="Conflicts with the current state"),
    422: OpenApiResponse(description="Refused by the partner program policy (problem details with `violations`)"),
}


def valid(serializer_class: type[serializers.Serializer[Any]], request: Request, **context: Any) -> dict[str, Any]:
    """The request body validated by `serializer_class` (400 with errors per field otherwise)."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def today() -> date:
    """Today's date where a request leaves a date out.

    The API edge is the only place that asks (docs/architecture.md#rule-2).
    """
    return timezone.localdate()


def parse_as_of(request: Request) -> date:
    """The `?as_of=YYYY-MM-DD` of a time-dependent read: a date a policy applies to (`core.fields` bounds).

    The API edge is the only place that asks for today's date: everything below it takes `as_of`.
    """
    raw = request.query_params.get("as_of")
    if raw is None:
        return today()
    return strict_date(raw, field="as_of", policy=True)


def write_as_of(request: Request) -> date:
    """The day a write is recorded on: today, or the `?as_of=` a vendor manager backdates it to.

    A partner user's `?as_of=` on a write never gets here: `core.permissions.WritesRecordedToday` answers it
    403 for every write. A manager's may not lie after today nor before the first policy version (400).
    """
    raw = request.query_params.get("as_of")
    if raw is None:
        return today()
    return strict_date(raw, field="as_of", happened=True, policy=True)


def query_date(request: Request, name: str, *, policy: bool = False) -> date | None:
    """An optional date query parameter (a filter), strict and bounded; None when absent or empty."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    return strict_date(raw, field=name, policy=policy)


class ReasonSerializer(serializers.Serializer[Any]):
    """One `policy.decision.Reason` as the API shows it (the OpenAPI component "Reason").

    Only ever answered, never read: read-only, so that no input rule (a length limit) describes it.
    """

    code = serializers.CharField(read_only=True)
    section = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    met = serializers.BooleanField(read_only=True)
