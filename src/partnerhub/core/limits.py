"""Limits on what one API request may send, answered as problem details before any view runs.

- A body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` (Django's own limit, set in settings) is refused with 413
  (`REQUEST_TOO_LARGE_TYPE`), whatever its content type: JSON here, forms and multipart text fields through
  `core.problems.problem_exception_handler` (uploaded files have a limit of their own, `MAX_UPLOAD_BYTES`).
- JSON nested deeper than `API_JSON_MAX_DEPTH` arrays and objects is refused with 400
  (`MALFORMED_REQUEST_TYPE`): no request of the API needs more than a few levels, and a parser that recursed
  through thousands would fail with a server error.

The middleware looks at every `/api/` request, the token endpoint included, so a view cannot forget it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from partnerhub.core.problems import (
    MALFORMED_REQUEST_TYPE,
    PROBLEM_CONTENT_TYPE,
    REQUEST_TOO_LARGE_TYPE,
    problem,
    too_large_detail,
)

# A JSON string, escapes included: brackets inside strings do not nest anything.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether the JSON text `body` nests arrays and objects more than `limit` deep (without parsing it)."""
    depth = 0
    for byte in _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS):
        if byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and _is_json(request):
            try:
                body = request.body
            except RequestDataTooBig:
                return _refuse(request, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, REQUEST_TOO_LARGE_TYPE, too_large_detail())
            limit = settings.API_JSON_MAX_DEPTH
            if json_depth_exceeds(body, limit):
                detail = f"JSON nested more than {limit} levels deep; no request of this API needs that many."
                return _refuse(request, HTTPStatus.BAD_REQUEST, MALFORMED_REQUEST_TYPE, detail)
        return self.get_response(request)


def _refuse(request: HttpRequest, status: HTTPStatus, type_uri: str, detail: str) -> JsonResponse:
    body = problem(status=status, type_uri=type_uri, detail=detail, instance=request.path)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
