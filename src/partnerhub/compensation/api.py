"""`/api/v1/referral-fees/`: referral-fee decisions and their ledger (§7.2), and quarterly statements;
`/api/v1/orders/`: orders, each answered with what it decided (its referral fee or its resale price).

Reached only through `selectors.visible_referral_fees` and `deals.selectors.visible_orders`: a partner user
sees its own partner's fees, statements and orders; another partner's are not found (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.compensation import selectors, services, statements
from partnerhub.compensation.models import FeeStatus, ReferralFee, ReferralFeeEvent, ResaleOrder
from partnerhub.compensation.serializers import ReferralFeeSerializer, ReferralFeeStatementSerializer
from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, ReasonSerializer, today
from partnerhub.core.downloads import csv_response
from partnerhub.core.fields import DateField
from partnerhub.core.filters import id_parameter
from partnerhub.core.jobs_api import ASYNC_PARAMETERS, JobSerializer, job_accepted, respond_async
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.permissions import require_manager
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE, problem
from partnerhub.core.security import record_security_event
from partnerhub.core.validators import check_period
from partnerhub.deals import imports
from partnerhub.deals import selectors as deal_selectors
from partnerhub.deals import services as deal_services
from partnerhub.deals.background import IMPORT_INLINE_ROWS, start_orders_import
from partnerhub.deals.inputs import OrderCreateSerializer
from partnerhub.deals.models import Order, OrderChannel
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import partner_for_user, visible_partners


class ReferralFeeEventSerializer(serializers.ModelSerializer[ReferralFeeEvent]):
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ReferralFeeEvent
        fields = ("kind", "on", "actor", "message", "created_at")


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

    def _statement_of(self, request: Request) -> tuple[Partner, int, int]:
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
        return partner, year, quarter

    def _as_job(self, request: Request, partner: Partner, year: int, quarter: int, *, as_csv: bool) -> Response | None:
        """202 with the statement's job when it is large or a job was asked for; None to answer at once."""
        if not (respond_async(request) or statements.is_large(partner, year, quarter)):
            return None
        user = request.user
        assert isinstance(user, User)
        job = statements.start_statement(partner=partner, year=year, quarter=quarter, as_csv=as_csv, user=user)
        return job_accepted(request, job)

    @extend_schema(
        summary="A partner's quarterly referral-fee statement (JSON)",
        description=(
            f"Up to {statements.INLINE_FEES} decisions answer 200 with the statement. More, or any number with "
            "`Prefer: respond-async`, answer 202 with a background job: once `done`, its `result` holds the "
            "statement without `fees` (plus `rows`), and its result rows (`GET /api/v1/jobs/{id}/results/`) are "
            "the decisions."
        ),
        parameters=[*STATEMENT_PARAMETERS, *ASYNC_PARAMETERS],
        responses={200: ReferralFeeStatementSerializer, 202: JobSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def statement(self, request: Request) -> Response:
        partner, year, quarter = self._statement_of(request)
        accepted = self._as_job(request, partner, year, quarter, as_csv=False)
        if accepted is not None:
            return accepted
        statement = selectors.referral_fee_statement(partner, year, quarter)
        body = {**statements.heading(statement), "fees": ReferralFeeSerializer(statement.fees, many=True).data}
        return Response(body)

    @extend_schema(
        summary="A partner's quarterly referral-fee statement (CSV download)",
        description=(
            f"Up to {statements.INLINE_FEES} decisions answer 200 with the file. More, or any number with "
            "`Prefer: respond-async`, answer 202 with a background job that writes it: once `done`, download its "
            "`file` (`GET /api/v1/jobs/{id}/file/`)."
        ),
        parameters=[*STATEMENT_PARAMETERS, *ASYNC_PARAMETERS],
        responses={(200, "text/csv"): OpenApiTypes.STR, 202: JobSerializer, **PROBLEM_RESPONSES},
    )
    def statement_csv(self, request: Request) -> HttpResponseBase:
        partner, year, quarter = self._statement_of(request)
        accepted = self._as_job(request, partner, year, quarter, as_csv=True)
        if accepted is not None:
            return accepted
        statement = selectors.referral_fee_statement(partner, year, quarter)
        filename = statements.filename(statement)
        record_security_event(
            SecurityEventKind.EXPORT, request=request, detail={"file": filename, "partner": statement.partner.pk}
        )
        return csv_response(filename, statements.HEADER, statements.csv_rows(statement))


# --- orders (recorded by the deals app; answered here with the fee or price each decided) -----------------


class OrderSerializer(serializers.ModelSerializer[Order]):
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None)
    opportunity = serializers.CharField(source="title")
    opportunity_id = serializers.IntegerField(read_only=True)
    recorded_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    referral_fee = serializers.SerializerMethodField()
    resale = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = (
            "id",
            "end_customer",
            "opportunity",
            "opportunity_id",
            "ordered_on",
            "first_year_net_revenue",
            "currency",
            "partner",
            "partner_name",
            "channel",
            "net_new",
            "country",
            "source",
            "recorded_by",
            "created_at",
            "referral_fee",
            "resale",
        )
        read_only_fields = fields

    @extend_schema_field(ReferralFeeSerializer(allow_null=True))
    def get_referral_fee(self, order: Order) -> dict[str, Any] | None:
        fee = getattr(order, "referral_fee", None)
        return None if fee is None else dict(ReferralFeeSerializer(fee).data)

    @extend_schema_field(ResaleOrderSerializer(allow_null=True))
    def get_resale(self, order: Order) -> dict[str, Any] | None:
        resale = getattr(order, "resale", None)
        return None if resale is None else dict(ResaleOrderSerializer(resale).data)


class OrderImportSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="CSV, UTF-8, with the header row described in docs/deals.md#orders-from-csv")
    dry_run = serializers.BooleanField(default=False, help_text="check and decide everything, store nothing")


class OrderImportResultSerializer(serializers.Serializer[dict[str, Any]]):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    orders = OrderSerializer(many=True)


class OrderFilter(filters.FilterSet):
    partner = filters.NumberFilter(field_name="partner_id")
    channel = filters.ChoiceFilter(choices=OrderChannel.choices)
    ordered_on = filters.DateFromToRangeFilter(help_text="ordered_on_after / ordered_on_before")
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")

    class Meta:
        model = Order
        fields = ("partner", "channel", "ordered_on", "country", "net_new")


@extend_schema_view(
    list=extend_schema(summary="Orders: all for a manager, a partner user's own partner's only"),
    retrieve=extend_schema(summary="One order, with its referral-fee decision or resale price"),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Order]):
    serializer_class = OrderSerializer
    filterset_class = OrderFilter

    def get_queryset(self) -> QuerySet[Order]:
        return deal_selectors.visible_orders(self.request.user).select_related("referral_fee", "resale", "recorded_by")

    @extend_schema(
        summary="Record an order placed by the end customer (manager)",
        description=(
            "After it no registration of the opportunity is considered (§7.3). A referral order with a partner "
            "gets its referral-fee decision (§7.2), every condition a reason; a resale order is priced at list "
            "price less the partner's discount (§7.1) or refused with 422 and the reasons."
        ),
        request=OrderCreateSerializer,
        responses={201: OrderSerializer, **PROBLEM_RESPONSES},
    )
    def create(self, request: Request) -> Response:
        user = require_manager(request)
        serializer = OrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = deal_services.order_record(
            end_customer=data["end_customer"],
            title=data["opportunity"],
            ordered_on=data["ordered_on"],
            first_year_net_revenue=data["first_year_net_revenue"],
            channel=data["channel"],
            net_new=data["net_new"],
            country=data["country"],
            acting_user=user,
            partner=data.get("partner"),
            currency=data.get("currency"),
            list_price=data.get("list_price"),
        )
        order = self.get_queryset().get(pk=order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Import orders from CSV (manager): all or nothing, with a dry run",
        description=(
            f"A file of up to {IMPORT_INLINE_ROWS} orders is imported at once: 201 (200 for a dry run) with every "
            "order and its decision, or 400/422 with every problem and nothing stored. A longer one, or any sent "
            "with `Prefer: respond-async`, answers 202 with a background job: once `done` its `result` holds the "
            "count imported; `failed` names the first problems in `error`, and its result rows "
            '(`GET /api/v1/jobs/{id}/results/`) are every problem (`{"line", "field", "message"}`); nothing is '
            "imported then."
        ),
        parameters=ASYNC_PARAMETERS,
        request={"multipart/form-data": OrderImportSerializer},
        responses={
            200: OrderImportResultSerializer,
            201: OrderImportResultSerializer,
            202: JobSerializer,
            **PROBLEM_RESPONSES,
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser, JSONParser])
    def import_csv(self, request: Request) -> Response:
        user = require_manager(request)
        serializer = OrderImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError({"file": ["The file is not UTF-8 text."]}) from error
        dry_run = serializer.validated_data["dry_run"]
        if respond_async(request) or len(text.splitlines()) - 1 > IMPORT_INLINE_ROWS:
            job = start_orders_import(
                content=text.encode("utf-8"), filename=upload.name or "orders.csv", dry_run=dry_run, user=user
            )
            return job_accepted(request, job)
        try:
            result = imports.orders_import(text=text, acting_user=user, dry_run=dry_run, source_name=upload.name or "")
        except imports.ImportRefused as refused:
            body = problem(
                status=refused.status,
                title="The file was refused; nothing was imported",
                detail=f"{len(refused.problems)} problem(s) in {upload.name}",
                type_uri="https://partnerhub.example/problems/import-refused",
                instance=request.path,
                errors=refused.errors(),
                violations=refused.violations,
            )
            return Response(body, status=refused.status, content_type=PROBLEM_CONTENT_TYPE)
        orders = [dict(item) for item in OrderSerializer(result.orders, many=True).data]
        if dry_run:
            for item in orders:  # nothing was stored: no id refers to anything
                item["id"] = item["opportunity_id"] = None
                if item["referral_fee"] is not None:
                    item["referral_fee"] = {**item["referral_fee"], "id": None, "order": None}
        body = {"dry_run": dry_run, "rows": len(orders), "orders": orders}
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
