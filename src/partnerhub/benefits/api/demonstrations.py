"""The benefits API: demonstrations."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits import selectors
from partnerhub.benefits.api.common import (
    DatedSerializer,
    ScopedViewSet,
    VisiblePartnerField,
    acting_partner,
    dated,
    request_user,
)
from partnerhub.benefits.models import Demonstration
from partnerhub.benefits.services.demonstrations import demonstration_advise, demonstration_record
from partnerhub.core.api import ReasonSerializer, valid
from partnerhub.core.fields import DateField


class DemonstrationSerializer(serializers.ModelSerializer[Demonstration]):
    reasons = ReasonSerializer(many=True, read_only=True)
    notice_missing = serializers.BooleanField(read_only=True)

    class Meta:
        model = Demonstration
        fields = (
            "id",
            "partner",
            "prospect",
            "demo_on",
            "sales_force",
            "customer_service_group",
            "notice_required",
            "advised_on",
            "notice_missing",
            "recorded_on",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields


class DemonstrationCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField(required=False, help_text="managers only")
    prospect = serializers.CharField(max_length=200)
    demo_on = DateField(policy=True)
    sales_force = serializers.IntegerField(min_value=0, help_text="people in the prospect's sales force")
    customer_service_group = serializers.IntegerField(min_value=0, help_text="people in its customer-service group")
    advise_vendor = serializers.BooleanField(
        default=True, help_text="true: this is the notice to the vendor (§9.1); false: only a record"
    )
    recorded_on = DateField(happened=True, required=False, help_text="managers only")


@extend_schema_view(
    list=extend_schema(summary="Demonstrations (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One demonstration"),
)
class DemonstrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = DemonstrationSerializer
    filterset_fields = ("partner", "notice_required")
    manager_actions = ("flagged",)

    def scoped(self) -> QuerySet[Demonstration]:
        return selectors.visible_demonstrations(self.request.user)

    @extend_schema(
        request=DemonstrationCreateSerializer,
        responses={201: DemonstrationSerializer},
        summary="Advise the vendor of a demonstration (the §9.1 notice), or record one",
    )
    def create(self, request: Request) -> Response:
        data = valid(DemonstrationCreateSerializer, request)
        recorded_on = dated(request, data, "recorded_on")
        demonstration = demonstration_record(
            partner=acting_partner(request, data),
            prospect=data["prospect"],
            demo_on=data["demo_on"],
            sales_force=data["sales_force"],
            customer_service_group=data["customer_service_group"],
            advised_on=recorded_on if data["advise_vendor"] else None,
            recorded_on=recorded_on,
            acting_user=request_user(request),
        )
        return self.answer(demonstration, status.HTTP_201_CREATED)

    @extend_schema(request=DatedSerializer, responses=DemonstrationSerializer, summary="Advise the vendor now")
    @action(detail=True, methods=["post"])
    def advise(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        demonstration = demonstration_advise(
            demonstration=self.get_object(), advised_on=dated(request, data, "on"), acting_user=request_user(request)
        )
        return self.answer(demonstration)

    @extend_schema(
        responses=DemonstrationSerializer(many=True),
        summary="Demonstrations that needed a notice and had none by their day (manager)",
    )
    @action(detail=False, methods=["get"])
    def flagged(self, request: Request) -> Response:
        queryset = self.filter_queryset(selectors.flagged_demonstrations())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)
