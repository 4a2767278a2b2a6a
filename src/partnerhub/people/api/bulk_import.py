"""`POST /api/v1/partners/{id}/people/import/`: people and certifications from a CSV file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core.api import (
    AS_OF_PARAMETER,
    write_as_of,
)
from partnerhub.core.jobs_api import ASYNC_PARAMETERS, JobSerializer, job_accepted, respond_async
from partnerhub.people import selectors
from partnerhub.people.api.common import service_answers
from partnerhub.people.background import IMPORT_INLINE_ROWS, start_people_import
from partnerhub.people.services.bulk_import import people_import

# -- CSV import ------------------------------------------------------------------------------------------------


class CsvParser(BaseParser):
    media_type = "text/csv"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return {"csv": stream.read()}


class PeopleImportView(APIView):
    """`POST /api/v1/partners/{id}/people/import/`: people and certifications from CSV (the columns:
    docs/people.md#importing-people).

    The file is a `file` field of a multipart form, or the whole body with `Content-Type: text/csv`.
    `?dry_run=true` (or a `dry_run` form field) checks without writing. Any bad row: 400 with every bad
    row in `errors` ("line 3": [reasons]) and nothing imported. A file of more than IMPORT_INLINE_ROWS rows,
    or any file sent with `Prefer: respond-async`, is imported by a job instead (202, `people.background`).
    """

    parser_classes = (CsvParser, MultiPartParser, FormParser, JSONParser)

    @extend_schema(
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
        parameters=[AS_OF_PARAMETER, OpenApiParameter("dry_run", OpenApiTypes.BOOL), *ASYNC_PARAMETERS],
        description=(
            f"A file of up to {IMPORT_INLINE_ROWS} rows is imported at once: 201 (200 for a dry run) with the "
            "counts, or 400 with every bad row. A longer one, or any with `Prefer: respond-async`, answers 202 "
            "with a background job: once `done` its `result` holds the counts; `failed` names the first bad "
            "rows in `error`, and its result rows (`GET /api/v1/jobs/{id}/results/`) are every bad row "
            '(`{"line", "message"}`); nothing is imported then.'
        ),
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 202: JobSerializer},
    )
    def post(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        text = _csv_text(request)
        form = request.data if isinstance(request.data, Mapping) else {}
        dry_run = str(request.query_params.get("dry_run", form.get("dry_run", ""))).lower() in ("1", "true", "yes")
        if respond_async(request) or len(text.splitlines()) - 1 > IMPORT_INLINE_ROWS:
            user = request.user
            assert isinstance(user, User)
            job = start_people_import(
                partner=partner, text=text, dry_run=dry_run, as_of=write_as_of(request), user=user
            )
            return job_accepted(request, job)
        with service_answers():
            report = people_import(
                partner=partner, text=text, dry_run=dry_run, acting_user=request.user, as_of=write_as_of(request)
            )
        if report.errors:
            raise ValidationError(report.field_errors())
        return Response(report.as_dict(), status=200 if dry_run else 201)


MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _csv_text(request: Request) -> str:
    form = request.data if isinstance(request.data, Mapping) else {}
    raw: Any = form.get("csv")
    upload = request.FILES.get("file") if hasattr(request, "FILES") else None
    if upload is not None:
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [f"larger than {MAX_UPLOAD_BYTES} bytes"]})
        raw = upload.read()
    if raw is None:
        raise ValidationError({"file": ["send the CSV as a `file` form field or as a text/csv body"]})
    if isinstance(raw, bytes):
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [f"larger than {MAX_UPLOAD_BYTES} bytes"]})
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError({"file": ["the file is not UTF-8 text"]}) from error
    return str(raw)
