"""`GET /api/v1/policy/drafts/{id}/preview/`: who would change recommendation, standing or fee under a draft
policy version (R1.4). The draft and its other endpoints live in policystore beside the published versions;
the preview runs an evaluation, so it is served here, above them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core.api import AS_OF_PARAMETER, PROBLEM_RESPONSES, parse_as_of
from partnerhub.core.permissions import SIGNED_IN, IsManager
from partnerhub.evaluations.preview import preview_policy
from partnerhub.policystore.api import DraftSerializer, draft_or_404
from partnerhub.policystore.models import PolicyDraft
from partnerhub.policystore.selectors import NoPolicyInForce, draft_policy, drafts, policy_of, version_in_force


class DraftPreviewViewSet(viewsets.GenericViewSet[PolicyDraft]):
    permission_classes = (*SIGNED_IN, IsManager)
    serializer_class = DraftSerializer

    def get_queryset(self) -> Any:
        return drafts()

    @extend_schema(
        parameters=[AS_OF_PARAMETER],
        responses={200: OpenApiTypes.OBJECT, 404: PROBLEM_RESPONSES[404]},
        summary="Who would change recommendation, standing or fee under the draft, and why (manager)",
    )
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, pk: int) -> Response:
        draft = draft_or_404(pk)
        as_of = parse_as_of(request)
        try:
            current = policy_of(version_in_force(as_of))
        except NoPolicyInForce as error:
            raise ValidationError({"as_of": [str(error)]}) from error
        preview = preview_policy(current, draft_policy(draft), as_of)
        return Response({"draft": draft.pk, **preview.as_dict()})
