"""The notices a decision sends, as data and as the PDF letter."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES
from partnerhub.evaluations import letters, selectors
from partnerhub.evaluations.models import Notice


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    partner_name = serializers.CharField(source="partner.name")
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = (
            "id",
            "partner",
            "partner_name",
            "period",
            "kind",
            "from_classification",
            "to_classification",
            "notify_by",
            "status",
            "subject",
            "body",
            "recipients",
            "sent_on",
            "effective_on",
            "applied_on",
            "policy_version",
            "pdf",
        )

    def get_pdf(self, notice: Notice) -> str:
        return f"/api/v1/evaluations/notices/{notice.pk}/pdf/"


@extend_schema_view(
    list=extend_schema(summary="Notices of change: a manager's are all, a partner user's its own once sent"),
    retrieve=extend_schema(responses={200: NoticeSerializer, 404: PROBLEM_RESPONSES[404]}, summary="One notice"),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notice]):
    serializer_class = NoticeSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_notices(self.request.user)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: PROBLEM_RESPONSES[404]},
        summary="The notice as a PDF letter",
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: int) -> HttpResponse:
        notice = self.get_object()
        response = HttpResponse(letters.notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letters.pdf_filename(notice)}"'
        return response
