"""The benefits API: benefit requests."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits import selectors
from partnerhub.benefits.api.common import (
    ReasonRequiredSerializer,
    ScopedViewSet,
    VisiblePartnerField,
    acting_partner,
    dated,
    request_user,
)
from partnerhub.benefits.models import BenefitRequest
from partnerhub.benefits.services.benefit_requests import (
    benefit_request_create,
    benefit_request_decline,
    benefit_request_fulfil,
)
from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, ReasonSerializer, valid
from partnerhub.core.fields import DateField


class BenefitRequestSerializer(serializers.ModelSerializer[BenefitRequest]):
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = BenefitRequest
        fields = (
            "id",
            "partner",
            "benefit",
            "benefit_label",
            "details",
            "may_cost",
            "acknowledged_cost",
            "notes",
            "status",
            "requested_on",
            "requested_by",
            "decided_on",
            "decided_by",
            "decision_note",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields


class BenefitRequestCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField(required=False, help_text="managers only: the partner it is for")
    benefit = serializers.CharField(max_length=60, help_text="the benefit's key, e.g. amelia_sandbox")
    details = serializers.TextField(required=False, allow_blank=True, default="")
    acknowledged_cost = serializers.BooleanField(
        default=False, help_text="true once the partner has seen that the benefit may come with a cost"
    )
    requested_on = DateField(happened=True, required=False, help_text="managers only: the date it was received")


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.TextField(required=False, allow_blank=True, default="")
    decided_on = DateField(happened=True, required=False)


class BenefitRequestFilter(filters.FilterSet):
    class Meta:
        model = BenefitRequest
        fields = ("partner", "benefit", "status")


@extend_schema_view(
    list=extend_schema(summary="Benefit requests (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One benefit request"),
)
class BenefitRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = BenefitRequestSerializer
    filterset_class = BenefitRequestFilter
    manager_actions = ("fulfil", "decline")

    def scoped(self) -> QuerySet[BenefitRequest]:
        return selectors.visible_benefit_requests(self.request.user)

    @extend_schema(
        request=BenefitRequestCreateSerializer,
        responses={201: BenefitRequestSerializer, 422: PROBLEM_RESPONSES[422]},
        summary="Request a benefit provided on request (422 unless entitled; a may-cost one needs acknowledged_cost)",
    )
    def create(self, request: Request) -> Response:
        data = valid(BenefitRequestCreateSerializer, request)
        created = benefit_request_create(
            partner=acting_partner(request, data),
            benefit=data["benefit"],
            details=data["details"],
            acknowledged_cost=data["acknowledged_cost"],
            requested_on=dated(request, data, "requested_on"),
            acting_user=request_user(request),
        )
        return self.answer(created, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionNoteSerializer, responses=BenefitRequestSerializer, summary="Fulfil (manager)")
    @action(detail=True, methods=["post"])
    def fulfil(self, request: Request, pk: str) -> Response:
        data = valid(DecisionNoteSerializer, request)
        fulfilled = benefit_request_fulfil(
            benefit_request=self.get_object(),
            fulfilled_on=dated(request, data, "decided_on"),
            note=data["note"],
            acting_user=request_user(request),
        )
        return self.answer(fulfilled)

    @extend_schema(
        request=ReasonRequiredSerializer, responses=BenefitRequestSerializer, summary="Decline with a reason (manager)"
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        data = valid(ReasonRequiredSerializer, request)
        declined = benefit_request_decline(
            benefit_request=self.get_object(),
            declined_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(declined)
