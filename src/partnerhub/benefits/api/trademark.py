"""The benefits API: trademark usages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
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
    validate_country,
)
from partnerhub.benefits.models import TrademarkUsage, TrademarkWithdrawal
from partnerhub.benefits.services.trademark import (
    trademark_usage_approve,
    trademark_usage_reject,
    trademark_usage_request,
    trademark_usage_withdraw,
)
from partnerhub.core.api import ReasonSerializer, valid
from partnerhub.core.fields import DateField, DateFilter


class TrademarkWithdrawalSerializer(serializers.ModelSerializer[TrademarkWithdrawal]):
    class Meta:
        model = TrademarkWithdrawal
        fields = ("notice_on", "effective_on", "latest_effective_on", "reason", "policy_version")
        read_only_fields = fields


class TrademarkUsageSerializer(serializers.ModelSerializer[TrademarkUsage]):
    reasons = ReasonSerializer(many=True, read_only=True)
    withdrawal = serializers.SerializerMethodField()

    class Meta:
        model = TrademarkUsage
        fields = (
            "id",
            "partner",
            "mark",
            "medium",
            "territory",
            "starts_on",
            "ends_on",
            "status",
            "requested_on",
            "decided_on",
            "written_approval",
            "rejection_reason",
            "withdrawal",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields

    @extend_schema_field(TrademarkWithdrawalSerializer(allow_null=True))
    def get_withdrawal(self, usage: TrademarkUsage) -> dict[str, Any] | None:
        withdrawal = getattr(usage, "withdrawal", None)
        return None if withdrawal is None else dict(TrademarkWithdrawalSerializer(withdrawal).data)


class TrademarkUsageCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField(required=False, help_text="managers only")
    mark = serializers.CharField(max_length=200)
    medium = serializers.CharField(max_length=300, help_text="where: web site, brochure, event booth …")
    territory = serializers.CharField(validators=[validate_country])
    starts_on = DateField()
    ends_on = DateField()
    requested_on = DateField(happened=True, required=False, help_text="managers only")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": ["The use ends before it starts."]})
        return attrs


class ApproveUsageSerializer(serializers.Serializer):
    written_approval = serializers.CharField(help_text="the text of the written approval sent to the partner")
    on = DateField(happened=True, required=False)


class WithdrawUsageSerializer(serializers.Serializer):
    notice_on = DateField(happened=True, required=False, help_text="the date of the written notice; default today")
    effective_on = DateField(
        required=False, help_text="default: the latest day allowed (the notice date plus the policy's maximum)"
    )
    reason = serializers.CharField()


class TrademarkUsageFilter(filters.FilterSet):
    valid_on = DateFilter(method="filter_valid_on", label="only the uses valid on this date")

    class Meta:
        model = TrademarkUsage
        fields = ("partner", "status", "territory", "valid_on")

    def filter_valid_on(
        self, queryset: QuerySet[TrademarkUsage], name: str, value: dt.date
    ) -> QuerySet[TrademarkUsage]:
        return selectors.usages_valid_on(value, queryset)


@extend_schema_view(
    list=extend_schema(summary="Uses of the marks (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One use of the marks"),
)
class TrademarkUsageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = TrademarkUsageSerializer
    filterset_class = TrademarkUsageFilter
    manager_actions = ("approve", "reject", "withdraw")

    def scoped(self) -> QuerySet[TrademarkUsage]:
        return selectors.visible_trademark_usages(self.request.user)

    @extend_schema(
        request=TrademarkUsageCreateSerializer,
        responses={201: TrademarkUsageSerializer},
        summary="Ask for written approval of a use of the marks (422 outside territory or Program Year, §10.3/§4.0)",
    )
    def create(self, request: Request) -> Response:
        data = valid(TrademarkUsageCreateSerializer, request)
        usage = trademark_usage_request(
            partner=acting_partner(request, data),
            mark=data["mark"],
            medium=data["medium"],
            territory=data["territory"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            requested_on=dated(request, data, "requested_on"),
            acting_user=request_user(request),
        )
        return self.answer(usage, status.HTTP_201_CREATED)

    @extend_schema(request=ApproveUsageSerializer, responses=TrademarkUsageSerializer, summary="Approve in writing")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = valid(ApproveUsageSerializer, request)
        usage = trademark_usage_approve(
            usage=self.get_object(),
            approved_on=dated(request, data, "on"),
            written_approval=data["written_approval"],
            acting_user=request_user(request),
        )
        return self.answer(usage)

    @extend_schema(request=ReasonRequiredSerializer, responses=TrademarkUsageSerializer, summary="Reject (manager)")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = valid(ReasonRequiredSerializer, request)
        usage = trademark_usage_reject(
            usage=self.get_object(),
            rejected_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(usage)

    @extend_schema(
        request=WithdrawUsageSerializer,
        responses=TrademarkUsageSerializer,
        summary="Withdraw the approval by written notice: effective at most 30 days later (422 otherwise, §10.3)",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        data = valid(WithdrawUsageSerializer, request)
        usage = self.get_object()
        trademark_usage_withdraw(
            usage=usage,
            notice_on=dated(request, data, "notice_on"),
            effective_on=data.get("effective_on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(self.scoped().get(pk=usage.pk))
