"""`/api/v1/joint-marketing/…`: funds, plans, claims and their proof (docs/policy.md#r6-2, docs/funds.md).

Managers allocate funds and decide; a partner's users plan and claim for their own partner, dated today. Every
read goes through `funds.selectors`: another partner's fund, plan, claim or proof answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits.api.common import (
    ScopedViewSet,
    VisiblePartnerField,
    acting_partner,
    dated,
    request_user,
)
from partnerhub.benefits.api.marketing import DOCUMENT_DOWNLOAD_RESPONSES, DocumentUploadSerializer
from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today, valid
from partnerhub.core.fields import DateField
from partnerhub.funds import selectors, services
from partnerhub.funds.models import Claim, ClaimDocument, Fund, Plan


class FundSerializer(serializers.ModelSerializer[Fund]):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    budget = serializers.DecimalField(source="amount", max_digits=12, decimal_places=2, read_only=True)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    claimed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = (
            "id",
            "partner",
            "partner_name",
            "period",
            "starts_on",
            "ends_on",
            "budget",
            "currency",
            "committed",
            "claimed",
            "paid",
            "remaining",
            "allocated_on",
            "note",
            "policy_version",
        )
        read_only_fields = fields

    def get_remaining(self, fund: Fund) -> str:
        return str(selectors.figures(fund).remaining)


class FundCreateSerializer(serializers.Serializer[dict[str, Any]]):
    partner = VisiblePartnerField()
    period = serializers.CharField(
        max_length=6, help_text='"2019" (Program Year) or "2019Q2" (quarter), as the policy says'
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField(min_length=3, max_length=3, required=False)
    note = serializers.TextField(required=False, allow_blank=True)
    allocated_on = DateField(happened=True, required=False, help_text="default today")


class PlanSerializer(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = (
            "id",
            "fund",
            "partner",
            "kind",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "planned_cost",
            "expected_leads",
            "status",
            "submitted_on",
            "decided_on",
            "decision_reason",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer[dict[str, Any]]):
    partner = VisiblePartnerField(required=False, help_text="managers only: whose plan")
    kind = serializers.CharField(max_length=40, help_text="one of the policy's joint_marketing.activity_kinds")
    title = serializers.CharField(max_length=200)
    description = serializers.TextField(required=False, allow_blank=True)
    starts_on = DateField()
    ends_on = DateField()
    planned_cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    expected_leads = serializers.IntegerField(min_value=0, max_value=1_000_000)


class FundDecisionSerializer(serializers.Serializer[dict[str, Any]]):
    decided_on = DateField(happened=True, required=False, help_text="managers: default today")
    note = serializers.TextField(required=False, allow_blank=True, help_text="told to the partner")


class FundRefusalSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.TextField(help_text="why; the partner is told")
    decided_on = DateField(happened=True, required=False, help_text="default today")


class ClaimDocumentSerializer(serializers.ModelSerializer[ClaimDocument]):
    class Meta:
        model = ClaimDocument
        fields = ("id", "claim", "original_name", "content_type", "size", "uploaded_on")
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    documents = ClaimDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = (
            "id",
            "plan",
            "fund",
            "partner",
            "amount",
            "leads_generated",
            "note",
            "status",
            "submitted_on",
            "approved_amount",
            "decided_on",
            "decision_reason",
            "payment",
            "documents",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields


class ClaimCreateSerializer(serializers.Serializer[dict[str, Any]]):
    plan = serializers.IntegerField(help_text="the pre-approved plan claimed")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    leads_generated = serializers.IntegerField(min_value=0, max_value=1_000_000)
    note = serializers.TextField(required=False, allow_blank=True)


class ClaimApproveSerializer(FundDecisionSerializer):
    approved_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="less than claimed: approved in part (note required)"
    )


class ClaimPaySerializer(serializers.Serializer[dict[str, Any]]):
    paid_on = DateField(happened=True, required=False, help_text="default today")


@extend_schema_view(
    list=extend_schema(summary="Joint-marketing funds with budget, committed, claimed, paid, remaining")
)
class FundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = FundSerializer
    filterset_fields = ("partner", "period")
    manager_actions = ("create",)

    def scoped(self) -> QuerySet[Fund]:
        return selectors.visible_funds(self.request.user)

    @extend_schema(request=FundCreateSerializer, responses={201: FundSerializer, **PROBLEM_RESPONSES})
    def create(self, request: Request) -> Response:
        data = valid(FundCreateSerializer, request)
        fund = services.fund_allocate(
            partner=data["partner"],
            period=data["period"],
            amount=data["amount"],
            currency=data.get("currency"),
            note=data.get("note", ""),
            allocated_on=dated(request, data, "allocated_on"),
            acting_user=request_user(request),
        )
        return self.answer(self.scoped().get(pk=fund.pk), status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Joint-marketing activity plans"))
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = PlanSerializer
    filterset_fields = ("partner", "fund", "status")
    manager_actions = ("approve", "decline")

    def scoped(self) -> QuerySet[Plan]:
        return selectors.visible_plans(self.request.user)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer, **PROBLEM_RESPONSES})
    def create(self, request: Request) -> Response:
        data = valid(PlanCreateSerializer, request)
        plan = services.plan_submit(
            partner=acting_partner(request, data),
            kind=data["kind"],
            title=data["title"],
            description=data.get("description", ""),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            planned_cost=data["planned_cost"],
            expected_leads=data["expected_leads"],
            submitted_on=today(),
            acting_user=request_user(request),
        )
        return self.answer(plan, status.HTTP_201_CREATED)

    @extend_schema(request=FundDecisionSerializer, responses={200: PlanSerializer, **PROBLEM_RESPONSES})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        data = valid(FundDecisionSerializer, request)
        plan = services.plan_approve(
            plan=plan,
            approved_on=dated(request, data, "decided_on"),
            acting_user=request_user(request),
            note=data.get("note", ""),
        )
        return self.answer(plan)

    @extend_schema(request=FundRefusalSerializer, responses={200: PlanSerializer, **PROBLEM_RESPONSES})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        data = valid(FundRefusalSerializer, request)
        plan = services.plan_decline(
            plan=plan,
            declined_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(plan)


@extend_schema_view(list=extend_schema(summary="Joint-marketing claims with their proof"))
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ClaimSerializer
    filterset_fields = ("partner", "fund", "plan", "status")
    manager_actions = ("approve", "reject", "pay")
    parser_classes = (JSONParser, FormParser, MultiPartParser)

    def scoped(self) -> QuerySet[Claim]:
        return selectors.visible_claims(self.request.user)

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer, **PROBLEM_RESPONSES})
    def create(self, request: Request) -> Response:
        data = valid(ClaimCreateSerializer, request)
        plan = selectors.visible_plans(request.user).filter(pk=data["plan"]).first()
        if plan is None:
            raise serializers.ValidationError({"plan": ["No such plan."]})
        claim = services.claim_submit(
            plan=plan,
            amount=data["amount"],
            leads_generated=data["leads_generated"],
            note=data.get("note", ""),
            claimed_on=today(),
            acting_user=request_user(request),
        )
        return self.answer(self.scoped().get(pk=claim.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: ClaimDocumentSerializer, **PROBLEM_RESPONSES},
        summary="Attach proof of performance (PDF, PNG, JPEG or CSV, ≤ 5 MB; 400 naming the field otherwise)",
    )
    @action(detail=True, methods=["post"])
    def documents(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = valid(DocumentUploadSerializer, request)
        document = services.claim_document_add(
            claim=claim, upload=data["file"], uploaded_on=today(), acting_user=request_user(request)
        )
        return Response(ClaimDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimApproveSerializer, responses={200: ClaimSerializer, **PROBLEM_RESPONSES})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = valid(ClaimApproveSerializer, request)
        services.claim_approve(
            claim=claim,
            approved_on=dated(request, data, "decided_on"),
            approved_amount=data.get("approved_amount"),
            note=data.get("note", ""),
            acting_user=request_user(request),
        )
        return self.answer(self.scoped().get(pk=claim.pk))

    @extend_schema(request=FundRefusalSerializer, responses={200: ClaimSerializer, **PROBLEM_RESPONSES})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = valid(FundRefusalSerializer, request)
        services.claim_reject(
            claim=claim,
            rejected_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(self.scoped().get(pk=claim.pk))

    @extend_schema(
        request=ClaimPaySerializer,
        responses={200: ClaimSerializer, **PROBLEM_RESPONSES},
        summary="Record the payment of an approved claim as a §10.2 marketing payment (manager)",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = valid(ClaimPaySerializer, request)
        services.claim_pay(claim=claim, paid_on=dated(request, data, "paid_on"), acting_user=request_user(request))
        return self.answer(self.scoped().get(pk=claim.pk))


class ClaimDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ClaimDocumentSerializer
    filterset_fields = ("claim",)

    def scoped(self) -> QuerySet[ClaimDocument]:
        return selectors.visible_documents(self.request.user)

    @extend_schema(responses=DOCUMENT_DOWNLOAD_RESPONSES, summary="The file itself")
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        document = self.get_object()
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
