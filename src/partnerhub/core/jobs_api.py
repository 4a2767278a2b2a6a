"""`/api/v1/jobs/…`: a background job's state, its result rows a page at a time, and the file it wrote.

Work too long for a request (every partner's standing, a draft policy's preview, a large export or import)
is started by its own endpoint, which answers 202 with the job and its address in `Location`; the client
follows `GET /api/v1/jobs/{id}/` until `status` is `done`, then reads `results` page by page (each page
names the next: `next`, null on the last) or downloads `file`. A vendor manager may follow every job,
anyone else the jobs they started (another's is 404); a job's file is its starter's only.

Endpoints that answer small requests at once and large ones as a job also start the job when the client
asks for it with `Prefer: respond-async` (RFC 7240), so that a client can always take the one path.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES
from partnerhub.core.background import progress_of, visible_jobs
from partnerhub.core.downloads import stored_csv_response
from partnerhub.core.models import Job, JobResultRow, JobStatus, SecurityEventKind
from partnerhub.core.permissions import SIGNED_IN
from partnerhub.core.security import record_security_event

RESULTS_PAGE = 100
RESULTS_PAGE_MAX = 1000


class JobSerializer(serializers.Serializer[Job]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="queued, running, done or failed")
    progress = serializers.SerializerMethodField(help_text="{done, total} as last reported, null before")
    result = serializers.JSONField(help_text="the job's summary once done")
    error = serializers.CharField(help_text="why it failed")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    results = serializers.SerializerMethodField(help_text="the link to the job's result rows, page by page")
    file = serializers.SerializerMethodField(help_text="the link to the file the job wrote (an export), null if none")

    def get_progress(self, job: Job) -> dict[str, int] | None:
        found = progress_of(job)
        return {"done": found[0], "total": found[1]} if found else None

    def get_results(self, job: Job) -> str:
        request: Request = self.context["request"]
        return request.build_absolute_uri(reverse("api-v1:job-results", args=[job.pk]))

    def get_file(self, job: Job) -> str | None:
        if not job.result.get("file"):
            return None
        request: Request = self.context["request"]
        return request.build_absolute_uri(reverse("api-v1:job-file", args=[job.pk]))


def job_answer(request: Request, job: Job, status: int = 200) -> Response:
    """The job as the API shows it; `status` 202 when an endpoint has just started it."""
    return Response(JobSerializer(job, context={"request": request}).data, status=status)


def respond_async(request: Request) -> bool:
    """Whether the client asked for the work to be done as a job: `Prefer: respond-async` (RFC 7240)."""
    preferences = request.headers.get("Prefer", "").replace(";", ",").split(",")
    return any(preference.strip().lower() == "respond-async" for preference in preferences)


def job_accepted(request: Request, job: Job) -> Response:
    """202 with the job just started, its address in `Location` (and `Preference-Applied` when it was asked
    for with `Prefer: respond-async`)."""
    response = job_answer(request, job, status=202)
    response["Location"] = request.build_absolute_uri(reverse("api-v1:job", args=[job.pk]))
    if respond_async(request):
        response["Preference-Applied"] = "respond-async"
    return response


# The parameters of an endpoint that may answer with a job: the request's `Prefer`, the 202's `Location`.
ASYNC_PARAMETERS = [
    OpenApiParameter(
        "Prefer",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="`respond-async`: start a background job (202) however small the work is",
    ),
    OpenApiParameter(
        "Location",
        OpenApiTypes.URI,
        OpenApiParameter.HEADER,
        response=[202],
        description="the started job's address, `GET /api/v1/jobs/{id}/`",
    ),
]


def _whole_number(raw: str | None, field: str, *, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationError({field: [f"a whole number from {low} to {high}"]})
    return int(raw)


class JobViewSet(viewsets.GenericViewSet[Job]):
    permission_classes = SIGNED_IN
    serializer_class = JobSerializer

    def get_queryset(self) -> Any:
        return visible_jobs(self.request.user)

    @extend_schema(
        responses={200: JobSerializer, 404: PROBLEM_RESPONSES[404]},
        summary="A background job: its status, progress and summary (a manager's any; others their own)",
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return job_answer(request, self.get_object())

    @extend_schema(
        parameters=[
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {RESULTS_PAGE_MAX}, default 100"),
            OpenApiParameter("after", OpenApiTypes.INT, description="from the previous page's `next`"),
        ],
        responses=inline_serializer(
            "JobResultsPage",
            {"next": serializers.URLField(allow_null=True), "results": serializers.ListField()},
        ),
        summary="A background job's result rows, a page at a time, in order (a manager's any; others their own)",
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: int) -> Response:
        job = self.get_object()
        size = _whole_number(
            request.query_params.get("page_size"), "page_size", default=RESULTS_PAGE, low=1, high=RESULTS_PAGE_MAX
        )
        after = _whole_number(request.query_params.get("after"), "after", default=-1, low=0, high=2**31 - 1)
        rows: list[tuple[int, Any]] = list(
            JobResultRow.objects.filter(job=job, position__gt=after)
            .order_by("position")
            .values_list("position", "data")[: size + 1]
        )
        following = None
        if len(rows) > size:
            rows = rows[:size]
            following = replace_query_param(request.build_absolute_uri(), "after", rows[-1][0])
        return Response({"next": following, "results": [data for _, data in rows]})

    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.STR, 404: PROBLEM_RESPONSES[404]},
        summary="The file a finished job wrote (an export), for the user who started it; the download is recorded",
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: int) -> FileResponse:
        # Narrower than the visible jobs: a manager may follow anyone's job, but its file is its starter's only.
        found = get_object_or_404(Job.objects.filter(created_by_id=request.user.pk, status=JobStatus.DONE), pk=pk)
        path = found.result.get("file")
        if not path or not default_storage.exists(path):
            raise Http404("This job wrote no file, or it was removed.")
        record_security_event(
            SecurityEventKind.EXPORT,
            request=request,
            detail={"file": found.result["filename"], "rows": found.result["rows"]},
        )
        return stored_csv_response(path, found.result["filename"])
