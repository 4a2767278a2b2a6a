"""The benefits API: marketing services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits import selectors
from partnerhub.benefits.api.common import (
    RevokeSerializer,
    ScopedViewSet,
    VisiblePartnerField,
    acting_partner,
    dated,
    request_user,
)
from partnerhub.benefits.models import (
    GranteeKind,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    ReviewOutcome,
)
from partnerhub.benefits.services.marketing import (
    marketing_access_grant,
    marketing_access_revoke,
    marketing_document_add,
    marketing_payment_record,
    marketing_review_record,
)
from partnerhub.benefits.uploads import EXTENSIONS, upload_problems
from partnerhub.core import serializers
from partnerhub.core.api import today, valid
from partnerhub.core.fields import DateField
from partnerhub.core.permissions import is_manager
from partnerhub.policystore.selectors import policy_in_force


class MarketingGrantSerializer(serializers.ModelSerializer[MarketingAccessGrant]):
    grantee = serializers.CharField(read_only=True)

    class Meta:
        model = MarketingAccessGrant
        fields = (
            "id",
            "partner",
            "grantee_kind",
            "grantee",
            "user",
            "third_party_name",
            "third_party_contact",
            "responsible",
            "scope",
            "granted_on",
            "granted_by",
            "revoked_on",
            "policy_version",
        )
        read_only_fields = fields


class MarketingGrantCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField(required=False, help_text="managers only")
    grantee_kind = serializers.ChoiceField(choices=GranteeKind.choices)
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, help_text="partner_staff: the partner user"
    )
    third_party_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    third_party_contact = serializers.EmailField(required=False, allow_blank=True, default="")
    responsible = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        help_text="the partner user answerable for this access; default: the partner user asking",
    )
    scope = serializers.CharField()
    granted_on = DateField(happened=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["grantee_kind"] == GranteeKind.PARTNER_STAFF and attrs.get("user") is None:
            raise serializers.ValidationError({"user": ["Name the partner user who gets access."]})
        if attrs["grantee_kind"] == GranteeKind.THIRD_PARTY and not attrs["third_party_name"].strip():
            raise serializers.ValidationError({"third_party_name": ["Name the third party acting for the partner."]})
        return attrs


class MarketingReviewSerializer(serializers.ModelSerializer[MarketingReview]):
    class Meta:
        model = MarketingReview
        fields = (
            "id",
            "partner",
            "grant",
            "subject",
            "reviewed_on",
            "reviewer",
            "outcome",
            "required_changes",
            "due_on",
            "policy_version",
        )
        read_only_fields = fields


class MarketingReviewCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField()
    grant = serializers.PrimaryKeyRelatedField(
        queryset=MarketingAccessGrant.objects.all(), required=False, allow_null=True
    )
    subject = serializers.CharField(max_length=300)
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    required_changes = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = DateField(required=False, allow_null=True)
    reviewed_on = DateField(happened=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["outcome"] != ReviewOutcome.COMPLIANT and not attrs["required_changes"].strip():
            raise serializers.ValidationError({"required_changes": ["Say what the partner must change."]})
        grant = attrs.get("grant")
        if grant is not None and grant.partner_id != attrs["partner"].pk:
            raise serializers.ValidationError({"grant": ["That access grant belongs to another partner."]})
        return attrs


class MarketingDocumentSerializer(serializers.ModelSerializer[MarketingDocument]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = MarketingDocument
        fields = ("id", "payment", "original_name", "content_type", "size", "uploaded_on", "uploaded_by", "download")
        read_only_fields = fields

    def get_download(self, document: MarketingDocument) -> str:
        return f"/api/v1/marketing-documents/{document.pk}/download/"


class MarketingPaymentSerializer(serializers.ModelSerializer[MarketingPayment]):
    documents = MarketingDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = MarketingPayment
        fields = ("id", "partner", "amount", "currency", "paid_on", "basis", "recorded_by", "documents")
        read_only_fields = fields


class MarketingPaymentCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    currency = serializers.CurrencyField(required=False, help_text="ISO 4217, e.g. EUR; default: the policy's")
    paid_on = DateField(happened=True)
    basis = serializers.CharField()


# A stored document is served with the type its content was found to have on upload (`uploads.sniff_upload`).
DOCUMENT_DOWNLOAD_RESPONSES = {(200, content_type): OpenApiTypes.BINARY for content_type in EXTENSIONS}


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, PNG, JPEG or CSV, at most 5 MB")

    def validate_file(self, upload: Any) -> Any:
        problems = upload_problems(upload)
        if problems:
            raise serializers.ValidationError(problems)
        return upload


@extend_schema_view(
    list=extend_schema(summary="Marketing Services access grants (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One access grant"),
)
class MarketingGrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = MarketingGrantSerializer
    filterset_fields = ("partner", "grantee_kind")

    def scoped(self) -> QuerySet[MarketingAccessGrant]:
        return selectors.visible_marketing_grants(self.request.user)

    @extend_schema(
        request=MarketingGrantCreateSerializer,
        responses={201: MarketingGrantSerializer},
        summary="Grant access to the Marketing Services, also to a third party acting for the partner (§10.2)",
    )
    def create(self, request: Request) -> Response:
        data = valid(MarketingGrantCreateSerializer, request)
        partner = acting_partner(request, data)
        responsible = data.get("responsible")
        if responsible is None:
            if is_manager(request.user):
                raise ValidationError({"responsible": ["A vendor manager names the partner user responsible."]})
            responsible = request_user(request)
        grant = marketing_access_grant(
            partner=partner,
            grantee_kind=data["grantee_kind"],
            user=data.get("user"),
            third_party_name=data["third_party_name"],
            third_party_contact=data["third_party_contact"],
            responsible=responsible,
            scope=data["scope"],
            granted_on=dated(request, data, "granted_on"),
            acting_user=request_user(request),
        )
        return self.answer(grant, status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses=MarketingGrantSerializer, summary="Revoke the access")
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        data = valid(RevokeSerializer, request)
        grant = marketing_access_revoke(
            grant=self.get_object(), revoked_on=dated(request, data, "on"), acting_user=request_user(request)
        )
        return self.answer(grant)


@extend_schema_view(
    list=extend_schema(summary="Marketing compliance reviews (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One review"),
)
class MarketingReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = MarketingReviewSerializer
    filterset_fields = ("partner", "outcome", "grant")
    manager_actions = ("create",)

    def scoped(self) -> QuerySet[MarketingReview]:
        return selectors.visible_marketing_reviews(self.request.user)

    @extend_schema(
        request=MarketingReviewCreateSerializer,
        responses={201: MarketingReviewSerializer},
        summary="Record a compliance review of the partner's use (manager, §10.2)",
    )
    def create(self, request: Request) -> Response:
        data = valid(MarketingReviewCreateSerializer, request)
        review = marketing_review_record(
            partner=data["partner"],
            grant=data.get("grant"),
            subject=data["subject"],
            outcome=data["outcome"],
            required_changes=data["required_changes"],
            due_on=data.get("due_on"),
            reviewed_on=dated(request, data, "reviewed_on"),
            acting_user=request_user(request),
        )
        return self.answer(review, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Marketing payments and their documents (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One payment"),
)
class MarketingPaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = MarketingPaymentSerializer
    filterset_fields = ("partner", "currency")
    manager_actions = ("create",)
    parser_classes = (JSONParser, FormParser, MultiPartParser)

    def scoped(self) -> QuerySet[MarketingPayment]:
        return selectors.visible_marketing_payments(self.request.user)

    @extend_schema(
        request=MarketingPaymentCreateSerializer,
        responses={201: MarketingPaymentSerializer},
        summary="Record a payment made to the partner under the Marketing Services (manager)",
    )
    def create(self, request: Request) -> Response:
        data = valid(MarketingPaymentCreateSerializer, request)
        currency = data.get("currency") or policy_in_force(data["paid_on"]).fees.currency
        payment = marketing_payment_record(
            partner=data["partner"],
            amount=data["amount"],
            currency=currency,
            paid_on=data["paid_on"],
            basis=data["basis"],
            acting_user=request_user(request),
        )
        return self.answer(payment, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: MarketingDocumentSerializer},
        summary="Attach a supporting document (PDF, PNG, JPEG or CSV, ≤ 5 MB; 400 naming the field otherwise)",
    )
    @action(detail=True, methods=["post"])
    def documents(self, request: Request, pk: str) -> Response:
        payment = self.get_object()
        data = valid(DocumentUploadSerializer, request)
        document = marketing_document_add(
            payment=payment, upload=data["file"], uploaded_on=today(), acting_user=request_user(request)
        )
        return Response(MarketingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Supporting documents (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One document's description"),
)
class MarketingDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = MarketingDocumentSerializer
    filterset_fields = ("payment",)

    def scoped(self) -> QuerySet[MarketingDocument]:
        return selectors.visible_marketing_documents(self.request.user)

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
