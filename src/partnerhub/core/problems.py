"""RFC 9457 problem details: the one shape every API error takes.

Every error body is `application/problem+json` with the same members, so a client can always read
`errors` (field -> messages) and `violations` (policy rules broken, with their section):

    {"type", "title", "status", "detail", "instance", "errors": {...}, "violations": [...]}

Domain code raises the refusals of `core.errors` (`InvalidInput` 400, `Conflict` 409, `PolicyViolation` 422);
this module is the one place that answers each with its status. DRF and Django raise the rest.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from partnerhub.core.errors import Conflict, PolicyViolation, Violation
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://partnerhub.example/problems/"
VALIDATION_ERROR_TYPE = PROBLEM_TYPE_BASE + "validation-error"
MALFORMED_REQUEST_TYPE = PROBLEM_TYPE_BASE + "malformed-request"
POLICY_VIOLATION_TYPE = PROBLEM_TYPE_BASE + "policy-violation"
CONFLICT_TYPE = PROBLEM_TYPE_BASE + "conflict"
REQUEST_TOO_LARGE_TYPE = PROBLEM_TYPE_BASE + "request-too-large"
# RFC 9457 §4.2.1: "about:blank" means the HTTP status code says it all.
PLAIN_HTTP_TYPE = "about:blank"

FieldErrors = dict[str, list[str]]


def problem(
    *,
    status: int,
    detail: str,
    type_uri: str = PLAIN_HTTP_TYPE,
    title: str | None = None,
    instance: str | None = None,
    errors: FieldErrors | None = None,
    violations: Iterable[Violation] = (),
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": type_uri,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": errors or {},
        "violations": [asdict(violation) for violation in violations],
    }
    if instance is not None:
        body["instance"] = instance
    return body


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: answers every API error with problem details.

    Returns None for unexpected exceptions, so that they reach `server_error_view` (500) and the logs.
    """
    request = context.get("request")
    instance = request.path if request is not None else None

    if isinstance(exc, PolicyViolation):
        set_rollback()
        return _problem_response(
            problem(
                status=HTTPStatus.UNPROCESSABLE_ENTITY,
                type_uri=POLICY_VIOLATION_TYPE,
                title="Refused by the partner program policy",
                detail=str(exc),
                instance=instance,
                violations=exc.violations,
            )
        )
    if isinstance(exc, Conflict):
        set_rollback()
        return _problem_response(
            problem(
                status=HTTPStatus.CONFLICT,
                type_uri=CONFLICT_TYPE,
                title="Conflicts with the current state",
                detail=exc.detail,
                instance=instance,
            )
        )

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Django's own limit, met while a form or multipart body is read (JSON: `core.limits`).
        return _problem_response(
            problem(
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                type_uri=REQUEST_TOO_LARGE_TYPE,
                detail=too_large_detail(),
                instance=instance,
            )
        )
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(str(exc))
    # DRF's own handler adds WWW-Authenticate and Retry-After headers and rolls back; only the body changes.
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return None
    if isinstance(exc, exceptions.PermissionDenied) and request is not None:
        record_security_event(SecurityEventKind.PERMISSION_DENIED, request=request, detail={"detail": str(exc.detail)})

    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        body = problem(
            status=response.status_code,
            type_uri=VALIDATION_ERROR_TYPE,
            title="Invalid request",
            detail=_describe_field_errors(errors),
            instance=instance,
            errors=errors,
        )
    elif isinstance(exc, exceptions.ParseError):
        body = problem(
            status=response.status_code,
            type_uri=MALFORMED_REQUEST_TYPE,
            title="Malformed request",
            detail=str(exc.detail),
            instance=instance,
        )
    else:
        body = problem(status=response.status_code, detail=str(exc.detail), instance=instance)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def too_large_detail() -> str:
    return f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes; send less."


def field_errors(detail: Any, prefix: str = "") -> FieldErrors:
    """Flattens DRF's nested error structure into {"field.sub.0.name": [messages]}."""
    key = prefix or api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, Mapping):
        flat: FieldErrors = {}
        for name, nested in detail.items():
            flat.update(field_errors(nested, f"{prefix}.{name}" if prefix else str(name)))
        return flat
    if isinstance(detail, list):
        flat = {}
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list):
                flat.update(field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                flat.setdefault(key, []).append(str(item))
        return flat
    return {key: [str(detail)]}


def not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler404: problem details under /api/, the HTML page elsewhere."""
    if _is_api_request(request):
        return _problem_json_response(
            problem(status=HTTPStatus.NOT_FOUND, detail="No API resource at this address.", instance=request.path)
        )
    return defaults.page_not_found(request, exception)


def bad_request_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler400 (e.g. a request for a host not in ALLOWED_HOSTS): problem details under /api/, the
    portal's page elsewhere."""
    if _is_api_request(request):
        return _problem_json_response(
            problem(status=HTTPStatus.BAD_REQUEST, detail="The request is malformed.", instance=request.path)
        )
    return defaults.bad_request(request, exception)


def permission_denied_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler403: recorded in the security event log; problem details under /api/, the portal's
    page elsewhere."""
    record_security_event(SecurityEventKind.PERMISSION_DENIED, request=request, detail={"detail": str(exception)})
    if _is_api_request(request):
        return _problem_json_response(
            problem(status=HTTPStatus.FORBIDDEN, detail="You may not do this.", instance=request.path)
        )
    return defaults.permission_denied(request, exception)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """Django's handler500: problem details under /api/, the HTML page elsewhere."""
    if _is_api_request(request):
        return _problem_json_response(
            problem(
                status=HTTPStatus.INTERNAL_SERVER_ERROR,
                detail="The server failed to answer this request; the error has been logged.",
                instance=request.path,
            )
        )
    return defaults.server_error(request)


def _problem_response(body: dict[str, Any]) -> Response:
    return Response(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def _problem_json_response(body: dict[str, Any]) -> JsonResponse:
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def _is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _describe_field_errors(errors: FieldErrors) -> str:
    general = errors.get(api_settings.NON_FIELD_ERRORS_KEY, [])
    fields = [name for name in errors if name != api_settings.NON_FIELD_ERRORS_KEY]
    parts = list(general)
    if fields:
        parts.append(f"Invalid fields: {', '.join(fields)}.")
    return " ".join(parts) or "The request is invalid."
