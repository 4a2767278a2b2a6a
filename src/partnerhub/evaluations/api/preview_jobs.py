"""`POST /api/v1/policy/drafts/{id}/preview/jobs/`: a draft policy's preview as a background job (manager).

The answer is the job (202); `GET /api/v1/jobs/{id}/` follows it and holds the preview's summary once done
(the policy changes, how many partners were evaluated and changed, by what), and
`GET /api/v1/jobs/{id}/results/` pages through the partners that would change, each as
`GET /api/v1/policy/drafts/{id}/preview/` lists them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today, valid
from partnerhub.core.fields import DateField
from partnerhub.core.jobs_api import JobSerializer, job_answer
from partnerhub.core.permissions import require_manager
from partnerhub.evaluations.background import start_preview
from partnerhub.policystore.models import PolicyDraft
from partnerhub.policystore.selectors import drafts, policy_for_input


class PreviewJobSerializer(serializers.Serializer[Any]):
    as_of = DateField(required=False, help_text="the day the partners are judged; today when omitted")


# The draft previews started in the background: only ever created here (the job is read at /jobs/).
class DraftPreviewJobViewSet(viewsets.ViewSet):
    @extend_schema(
        request=PreviewJobSerializer,
        responses={
            202: JobSerializer,
            400: PROBLEM_RESPONSES[400],
            403: PROBLEM_RESPONSES[403],
            404: PROBLEM_RESPONSES[404],
        },
        summary="Start previewing a draft on today's partners, as a background job (manager)",
    )
    def create(self, request: Request, pk: int) -> Response:
        user = require_manager(request)
        draft = drafts().filter(pk=pk).first()
        if draft is None:
            raise NotFound("No such policy draft.")
        assert isinstance(draft, PolicyDraft)
        data = valid(PreviewJobSerializer, request)
        as_of = data.get("as_of") or today()
        policy_for_input(as_of, "as_of")
        job = start_preview(draft=draft, as_of=as_of, user=user)
        return job_answer(request, job, status=status.HTTP_202_ACCEPTED)
