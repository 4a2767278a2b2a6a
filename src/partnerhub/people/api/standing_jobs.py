"""`POST /api/v1/standing/jobs/`: every partner's good standing on a date as a background job (manager).

The answer is the job (202); `GET /api/v1/jobs/{id}/` follows it and `GET /api/v1/jobs/{id}/results/` pages
through its rows, each the shape `GET /api/v1/partners/{id}/standing/` answers. For a page at a time computed
in the request itself, `GET /api/v1/standing/` stays.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today, valid
from partnerhub.core.fields import DateField
from partnerhub.core.jobs_api import JobSerializer, job_answer
from partnerhub.core.permissions import require_manager
from partnerhub.people.background import start_standing
from partnerhub.policystore.selectors import policy_for_input


class StandingJobSerializer(serializers.Serializer[Any]):
    as_of = DateField(required=False, help_text="the day judged; today when omitted")
    good_standing = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="keep only partners in (true) or out (false)"
    )


class StandingJobView(APIView):
    @extend_schema(
        request=StandingJobSerializer,
        responses={202: JobSerializer, 400: PROBLEM_RESPONSES[400], 403: PROBLEM_RESPONSES[403]},
        summary="Start judging every partner's good standing on a date, as a background job (manager)",
    )
    def post(self, request: Request) -> Response:
        user = require_manager(request)
        data = valid(StandingJobSerializer, request)
        as_of = data.get("as_of") or today()
        policy_for_input(as_of, "as_of")
        job = start_standing(as_of=as_of, good_standing=data["good_standing"], user=user)
        return job_answer(request, job, status=status.HTTP_202_ACCEPTED)
