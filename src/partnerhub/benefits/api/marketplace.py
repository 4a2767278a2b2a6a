"""The benefits API: Amelia Marketplace."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
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
    validate_product,
)
from partnerhub.benefits.models import ListingReview, MarketplaceListing
from partnerhub.benefits.services.marketplace import (
    listing_publish,
    listing_resubmit,
    listing_review,
    listing_submit,
    listing_withdraw,
)
from partnerhub.core.api import ReasonSerializer, valid
from partnerhub.core.fields import DateField
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS


class ListingReviewSerializer(serializers.ModelSerializer[ListingReview]):
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = ListingReview
        fields = ("id", "reviewed_on", "reviewer", "checklist", "passed", "notes", "policy_version", "reasons")
        read_only_fields = fields


class MarketplaceListingSerializer(serializers.ModelSerializer[MarketplaceListing]):
    reviews = ListingReviewSerializer(many=True, read_only=True)

    class Meta:
        model = MarketplaceListing
        fields = (
            "id",
            "partner",
            "title",
            "summary",
            "product",
            "url",
            "status",
            "submitted_on",
            "published_on",
            "withdrawn_on",
            "withdrawal_reason",
            "policy_version",
            "reviews",
        )
        read_only_fields = fields


class ListingCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField(required=False, help_text="managers only")
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    product = serializers.CharField(validators=[validate_product])
    url = serializers.URLField(required=False, allow_blank=True, default="")
    submitted_on = DateField(happened=True, required=False, help_text="managers only")


class ListingReviewInputSerializer(serializers.Serializer):
    checklist = serializers.DictField(
        child=serializers.BooleanField(), help_text="every standard of GET marketplace-listings/standards/: met?"
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    reviewed_on = DateField(happened=True, required=False)

    def validate_checklist(self, value: dict[str, bool]) -> dict[str, bool]:
        missing = sorted(set(MARKETPLACE_STANDARDS) - set(value))
        unknown = sorted(set(value) - set(MARKETPLACE_STANDARDS))
        problems = [f"Unanswered: {', '.join(missing)}."] if missing else []
        problems += [f"Unknown: {', '.join(unknown)}."] if unknown else []
        if problems:
            raise serializers.ValidationError(" ".join(problems))
        return value


class WithdrawListingSerializer(serializers.Serializer):
    reason = serializers.CharField()
    on = DateField(happened=True, required=False, help_text="managers only")


@extend_schema_view(
    list=extend_schema(summary="Marketplace listings (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One listing with its reviews"),
)
class MarketplaceListingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = MarketplaceListingSerializer
    filterset_fields = ("partner", "status", "product")
    manager_actions = ("review", "publish")

    def scoped(self) -> QuerySet[MarketplaceListing]:
        return selectors.visible_listings(self.request.user)

    @extend_schema(
        request=ListingCreateSerializer,
        responses={201: MarketplaceListingSerializer},
        summary="Submit a solution (Solution partners only, §3.0)",
    )
    def create(self, request: Request) -> Response:
        data = valid(ListingCreateSerializer, request)
        listing = listing_submit(
            partner=acting_partner(request, data),
            title=data["title"],
            summary=data["summary"],
            product=data["product"],
            url=data["url"],
            submitted_on=dated(request, data, "submitted_on"),
            acting_user=request_user(request),
        )
        return self.answer(listing, status.HTTP_201_CREATED)

    @extend_schema(
        responses=inline_serializer(
            "MarketplaceStandard", {"key": serializers.CharField(), "label": serializers.CharField()}, many=True
        ),
        summary="The set standards a review checks (§3.0)",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def standards(self, request: Request) -> Response:
        return Response([{"key": key, "label": label} for key, label in MARKETPLACE_STANDARDS.items()])

    @extend_schema(
        request=ListingReviewInputSerializer,
        responses={201: ListingReviewSerializer},
        summary="Review against the set standards (manager): all met → approved, else changes requested",
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        data = valid(ListingReviewInputSerializer, request)
        review = listing_review(
            listing=self.get_object(),
            checklist=data["checklist"],
            notes=data["notes"],
            reviewed_on=dated(request, data, "reviewed_on"),
            acting_user=request_user(request),
        )
        return Response(ListingReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DatedSerializer, responses=MarketplaceListingSerializer, summary="Publish (manager)")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        listing = listing_publish(
            listing=self.get_object(), published_on=dated(request, data, "on"), acting_user=request_user(request)
        )
        return self.answer(listing)

    @extend_schema(
        request=WithdrawListingSerializer,
        responses=MarketplaceListingSerializer,
        summary="Withdraw (a manager, or the partner's own users)",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        data = valid(WithdrawListingSerializer, request)
        listing = listing_withdraw(
            listing=self.get_object(),
            withdrawn_on=dated(request, data, "on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(listing)

    @extend_schema(request=DatedSerializer, responses=MarketplaceListingSerializer, summary="Submit again for review")
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        listing = listing_resubmit(
            listing=self.get_object(), submitted_on=dated(request, data, "on"), acting_user=request_user(request)
        )
        return self.answer(listing)
