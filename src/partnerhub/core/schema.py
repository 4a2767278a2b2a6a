"""The OpenAPI schema lists every answer an operation can give, errors included (docs/input-and-schema.md).

Views declare their successes and the refusals only they know about (409 and 422 from the domain, a 403 of
their own); `ProblemAutoSchema` adds the problem-details answers that follow from how the view is built, so
that a view cannot forget them and none is listed where it cannot happen:

- 400: a method with a body (malformed or too deeply nested JSON, a field refused) or query parameters;
- 401: the view authenticates and requires a user, or a client may send a token that is refused;
- 403: a permission beyond "signed in", or an unsafe method under session authentication (CSRF);
- 404: a path with parameters (no such object, or another partner's), or a page number past the end;
- 413: a method with a body, too large (core.limits reads every one); 415: a request body of a media type
  no parser of the view reads;
- 409 and 422: a write of a domain app (any unsafe method outside `partnerhub.core`): every such write goes
  through a service that may refuse it for the object's state (409) or a rule of the policy (422);
- 429: the view is throttled (`Retry-After` says when to try again);
- 414, on every operation: the HTTP server (gunicorn) refuses a request line over 4094 bytes with a page of
  its own, before the application answers.

Every error answer is `application/problem+json` with the `Problem` component (core.problems).

A serializer that leaves a field out of some answers (a manager-only member) names it in
`Meta.sometimes_absent`: the schema lists it as optional instead of required.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from partnerhub.core import serializers
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Permissions that refuse no signed-in user: they answer 401 to anonymous requests, never 403.
_SIGNED_IN_ONLY = (AllowAny, IsAuthenticated)

GENERIC_DESCRIPTIONS = {
    400: "Malformed request, or a value refused (problem details with `errors` per field)",
    401: "No credentials, or credentials refused (expired or revoked token)",
    403: "Not allowed to this user (its role, or a missing CSRF token under session authentication)",
    404: "No such object, or another partner's; or a page past the last",
    413: "The request body is too large",
    415: "The request body is of a media type this operation does not read",
    409: "Refused by the state of the object (for example decided already)",
    422: "Refused by a rule of the policy (`violations` name each rule and its section)",
    429: "Too many requests: try again after `Retry-After` seconds",
}


# Only ever answered, never read: read-only, so that no input rule (a length limit) describes them.
class ViolationSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True)
    section = serializers.CharField(read_only=True, help_text="the policy's own numbering, e.g. 7.3")
    message = serializers.CharField(read_only=True)


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details, the body of every error answer of the API."""

    type = serializers.CharField(
        read_only=True, help_text="a URI naming the kind of problem; about:blank when the status says it"
    )
    title = serializers.CharField(read_only=True)
    status = serializers.IntegerField(read_only=True)
    detail = serializers.CharField(read_only=True)
    instance = serializers.CharField(read_only=True, help_text="the path of the request")
    # DRF's metaclass takes declared fields off the class, so the name does not hide `Serializer.errors`.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        read_only=True,
        help_text="messages per field (`field.sub.0.name`); `non_field_errors` for the request as a whole",
    )
    violations = ViolationSerializer(many=True, read_only=True, help_text="the policy rules the request breaks (422)")

    class Meta:
        sometimes_absent = ("instance",)


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        problem_schema = self.resolve_serializer(ProblemSerializer, "response").ref
        for status in sorted(self._problem_statuses() | _declared_errors(responses)):
            response = responses.setdefault(str(status), {"description": GENERIC_DESCRIPTIONS.get(status, "")})
            if not response.get("description"):
                response["description"] = GENERIC_DESCRIPTIONS.get(status, "")
            response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem_schema}}
            if status == 429:
                response.setdefault("headers", {})["Retry-After"] = {
                    "schema": {"type": "integer"},
                    "description": "seconds to wait before trying again",
                }
        # gunicorn refuses a request line longer than its limit before the application sees it, with its own page.
        responses["414"] = {
            "description": "The address with its query is too long (the HTTP server's page, not problem details)",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
        return dict(sorted(responses.items()))

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        component: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        omitted = getattr(getattr(serializer, "Meta", None), "sometimes_absent", ())
        if omitted and "required" in component:
            component["required"] = [name for name in component["required"] if name not in omitted]
        return component

    def _problem_statuses(self) -> set[int]:
        statuses: set[int] = set()
        has_body = self.method in BODY_METHODS
        if has_body or self._has_query_parameters():
            statuses.add(400)
        authenticators = self.view.get_authenticators()
        permissions = self.view.get_permissions()
        if authenticators:
            statuses.add(401)
        if any(not isinstance(permission, _SIGNED_IN_ONLY) for permission in permissions) or (
            self.method not in SAFE_METHODS
            and any(isinstance(authenticator, SessionAuthentication) for authenticator in authenticators)
        ):
            statuses.add(403)
        if "{" in self.path or self._is_paginated_list():
            statuses.add(404)
        if has_body:
            statuses.add(413)
        if self._get_request_body():
            statuses.add(415)
        if self.method not in SAFE_METHODS and not type(self.view).__module__.startswith("partnerhub.core."):
            statuses |= {409, 422}
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def _has_query_parameters(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None


def _declared_errors(responses: dict[str, Any]) -> set[int]:
    """The error statuses a view declared itself (with a description, maybe without a body)."""
    return {int(code) for code in responses if code.isdigit() and int(code) >= 400}
