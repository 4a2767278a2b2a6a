"""`/api/v1/referral-fees/`: referral-fee decisions and their ledger (§7.2), and quarterly statements.

Reached only through `selectors.visible_referral_fees`: a partner user sees its own partner's fees and
statements; another partner's are not found (404).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.compensation import selectors, services
from partnerhub.compensation.models import FeeStatus, ReferralFee, ReferralFeeEvent, ResaleOrder
from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, ReasonSerializer, require_manager, today
from partnerhub.core.downloads import csv_response
from partnerhub.core.fields import DateField
from partnerhub.core.filters import id_parameter
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event
from partnerhub.core.validators import check_period
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import partner_for_user, visible_partners


class ReferralFeeEventSerializer(serializers.ModelSerializer[ReferralFeeEvent]):
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReferralFeeEvent
        fields = ("kind", "on", "actor", "message", "created_at")


class ReferralFeeSerializer(serializers.ModelSerializer[ReferralFee]):
    reasons = ReasonSerializer(many=True, read_only=True)
    ordered_on = serializers.DateField(source="order.ordered_on", read_only=True)
    end_customer = serializers.CharField(source="order.end_customer", read_only=True)
    opportunity = serializers.CharField(source="order.title", read_only=True)

    class Meta:
        model = ReferralFee
        fields: tuple[str, ...] = (
            "id",
            "order",
            "partner",
            "eligible",
            "amount",
            "currency",
            "percent",
            "first_year_net_revenue",
            "reasons",
            "policy_version",
            "status",
            "decided_on",
            "ordered_on",
            "end_customer",
            "opportunity",
            "approved_on",
            "paid_on",
            "payment_reference",
        )
        read_only_fields = fields


class ReferralFeeDetailSerializer(ReferralFeeSerializer):
    events = ReferralFeeEventSerializer(many=True, read_only=True)

    class Meta(ReferralFeeSerializer.Meta):
        fields = (*ReferralFeeSerializer.Meta.fields, "events")
        read_only_fields = fields


class ResaleOrderSerializer(serializers.ModelSerializer[ResaleOrder]):
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = ResaleOrder
        fields = ("list_price", "discount_percent", "price", "currency", "reasons", "policy_version")
        read_only_fields = fields


class FeeApproveSerializer(serializers.Serializer[dict[str, Any]]):
    approved_on = DateField(happened=True, required=False, help_text="default today")


class FeePaySerializer(serializers.Serializer[dict[str, Any]]):
    paid_on = DateField(happened=True, required=False, help_text="default today")
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)


class ReferralFeeStatementTotalsSerializer(serializers.Serializer[dict[str, Any]]):
    currency = serializers.CharField()
    earned = serializers.DecimalField(max_digits=14, decimal_places=2)
    accrued = serializers.DecimalField(max_digits=14, decimal_places=2)
    approved = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReferralFeeStatementSerializer(serializers.Serializer[dict[str, Any]]):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()
    period = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    totals = ReferralFeeStatementTotalsSerializer(many=True)
    fees = ReferralFeeSerializer(many=True)


class ReferralFeeFilter(filters.FilterSet):
    partner = filters.NumberFilter(field_name="partner_id")
    order = filters.NumberFilter(field_name="order_id")
    status = filters.MultipleChoiceFilter(choices=FeeStatus.choices)
    decided_on = filters.DateFromToRangeFilter(help_text="decided_on_after / decided_on_before (the order date)")
    paid_on = filters.DateFromToRangeFilter(help_text="paid_on_after / paid_on_before")

    class Meta:
        model = ReferralFee
        fields: tuple[str, ...] = ("partner", "order", "eligible", "status", "decided_on", "paid_on")


STATEMENT_PARAMETERS = [
    OpenApiParameter("period", OpenApiTypes.STR, required=True, description="the quarter, e.g. 2019Q2"),
    OpenApiParameter(
        "partner", OpenApiTypes.INT, description="required for a manager; a partner user's own by default"
    ),
]
STATEMENT_HEADER = [
    "fee",
    "order",
    "ordered_on",
    "end_customer",
    "opportunity",
    "first_year_net_revenue",
    "percent",
    "eligible",
    "amount",
    "currency",
    "status",
    "approved_on",
    "paid_on",
    "payment_reference",
    "policy_version",
    "unmet_conditions",
]


@extend_schema_view(
    list=extend_schema(summary="Referral-fee decisions: all for a manager, a partner user's own only (§7.2)"),
    retrieve=extend_schema(
        summary="One referral-fee decision with its ledger events", responses=ReferralFeeDetailSerializer
    ),
)
class ReferralFeeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ReferralFee]):
    serializer_class = ReferralFeeSerializer
    filterset_class = ReferralFeeFilter

    def get_queryset(self) -> QuerySet[ReferralFee]:
        return selectors.visible_referral_fees(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ReferralFeeDetailSerializer if self.action == "retrieve" else ReferralFeeSerializer

    def _detail(self, fee: ReferralFee) -> Response:
        return Response(ReferralFeeDetailSerializer(self.get_queryset().get(pk=fee.pk)).data)

    @extend_schema(
        summary="Approve an accrued fee for payment (manager)",
        request=FeeApproveSerializer,
        responses={200: ReferralFeeDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        fee = self.get_object()
        user = require_manager(request)
        serializer = FeeApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_fee_approve(
            fee=fee, approved_on=serializer.validated_data.get("approved_on") or today(), acting_user=user
        )
        return self._detail(fee)

    @extend_schema(
        summary="Record the payment of an approved fee (manager)",
        request=FeePaySerializer,
        responses={200: ReferralFeeDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        fee = self.get_object()
        user = require_manager(request)
        serializer = FeePaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_fee_pay(
            fee=fee,
            paid_on=serializer.validated_data.get("paid_on") or today(),
            acting_user=user,
            reference=serializer.validated_data.get("reference", ""),
        )
        return self._detail(fee)

    def _statement(self, request: Request) -> selectors.Statement:
        try:
            year, quarter = check_period(request.query_params.get("period", ""))
        except DjangoValidationError as error:
            raise ValidationError({"period": error.messages}) from error
        partner_id = id_parameter(request.query_params, "partner")
        if partner_id is None:
            partner = partner_for_user(request.user)
            if partner is None:
                raise ValidationError({"partner": ["Name the partner whose statement you want."]})
        else:
            partner = get_object_or_404(visible_partners(request.user), pk=partner_id)
        assert isinstance(partner, Partner)
        return selectors.referral_fee_statement(partner, year, quarter)

    @extend_schema(
        summary="A partner's quarterly referral-fee statement (JSON)",
        parameters=STATEMENT_PARAMETERS,
        responses={200: ReferralFeeStatementSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def statement(self, request: Request) -> Response:
        statement = self._statement(request)
        body = {
            "partner": statement.partner.pk,
            "partner_name": statement.partner.name,
            "period": statement.period,
            "starts_on": statement.starts_on,
            "ends_on": statement.ends_on,
            "totals": [totals.as_dict() for totals in statement.totals],
            "fees": statement.fees,
        }
        return Response(ReferralFeeStatementSerializer(body).data)

    @extend_schema(
        summary="A partner's quarterly referral-fee statement (CSV download)",
        parameters=STATEMENT_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def statement_csv(self, request: Request) -> HttpResponse:
        statement = self._statement(request)
        rows: list[list[Any]] = [
            [
                fee.pk,
                fee.order_id,
                fee.order.ordered_on,
                fee.order.end_customer,
                fee.order.title,
                fee.first_year_net_revenue,
                fee.percent,
                "yes" if fee.eligible else "no",
                fee.amount,
                fee.currency,
                fee.status,
                fee.approved_on or "",
                fee.paid_on or "",
                fee.payment_reference,
                fee.policy_version,
                "; ".join(f"{r['message']} (§{r['section']})" for r in fee.reasons if not r["met"]),
            ]
            for fee in statement.fees
        ]
        for totals in statement.totals:
            rows.append(["total", "", "", "", "", "", "", "", totals.earned, totals.currency, "earned"])
            rows.append(["total", "", "", "", "", "", "", "", totals.accrued, totals.currency, "accrued"])
            rows.append(["total", "", "", "", "", "", "", "", totals.approved, totals.currency, "approved"])
            rows.append(["total", "", "", "", "", "", "", "", totals.paid, totals.currency, "paid"])
        slug = re.sub(r"[^a-z0-9]+", "-", statement.partner.name.lower()).strip("-") or str(statement.partner.pk)
        filename = f"referral-fees-{slug}-{statement.period}.csv"
        record_security_event(
            SecurityEventKind.EXPORT, request=request, detail={"file": filename, "partner": statement.partner.pk}
        )
        return csv_response(filename, STATEMENT_HEADER, rows)
