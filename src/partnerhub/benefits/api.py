"""The benefits API (`/api/v1/`): entitlements, benefit requests, the Amelia Marketplace, leads from the web,
product subscriptions, marketing services, trademark usages and demonstrations.

Views only translate: they read through `selectors` (tenancy), write through `services` (rules, events),
and answer problem details. Dates of writes: a partner user's requests are dated today; a manager may give
the date a request was received or a decision taken (`…_on` fields), as for deal registrations by email.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pycountry
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.benefits import selectors, services
from partnerhub.benefits.models import (
    BenefitRequest,
    Demonstration,
    GranteeKind,
    LeadOffer,
    LeadOfferStatus,
    ListingReview,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    MarketplaceListing,
    ProductSubscription,
    ReviewOutcome,
    SubscriptionPurpose,
    TrademarkUsage,
    TrademarkWithdrawal,
    WebLead,
)
from partnerhub.benefits.uploads import upload_problems
from partnerhub.core.api import AS_OF_PARAMETER, ReasonSerializer, parse_as_of, today, valid
from partnerhub.core.permissions import IsManager, is_manager
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.partners.selectors import partner_for_user, visible_partners
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS
from partnerhub.policystore.selectors import NoPolicyInForce, policy_for_input, policy_in_force

# --- shared pieces -------------------------------------------------------------------------------------------


class IsPartnerUser(BasePermission):
    message = "Only the partner's own users may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return partner_for_user(request.user) is not None


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def dated(request: Request, data: dict[str, Any], field: str) -> dt.date:
    """The date of a write: today, or the `field` a manager gave (a partner user may not date its writes)."""
    given = data.get(field)
    if given is None:
        return today()
    if not is_manager(request.user):
        raise ValidationError({field: ["Only a vendor manager may give this date; leave it out."]})
    assert isinstance(given, dt.date)
    return given


def acting_partner(request: Request, data: dict[str, Any]) -> Partner:
    """Whose object a create makes: a manager names `partner`; a partner user acts for its own partner."""
    if is_manager(request.user):
        partner = data.get("partner")
        if partner is None:
            raise ValidationError({"partner": ["A vendor manager names the partner."]})
        assert isinstance(partner, Partner)
        return partner
    own = partner_for_user(request.user)
    if own is None:
        raise PermissionDenied("Only a vendor manager or a partner's user may do this.")
    return own


@extend_schema_field(OpenApiTypes.INT)
class VisiblePartnerField(serializers.PrimaryKeyRelatedField):
    """A partner id the caller can see; any other answers as an id that does not exist."""

    def get_queryset(self) -> QuerySet[Partner]:
        return visible_partners(self.context["request"].user)


def _policy_keys(kind: str) -> list[str]:
    try:
        policy = policy_in_force(today())
    except NoPolicyInForce:
        return []
    return [item.key for item in getattr(policy, kind)]


def validate_product(value: str) -> None:
    keys = _policy_keys("products")
    if value not in keys:
        raise serializers.ValidationError(f"{value!r} is not a product; use one of {', '.join(keys)}.")


def validate_country(value: str) -> None:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise serializers.ValidationError(f"{value!r} is not an ISO 3166-1 alpha-2 country code, e.g. DE.")


class ScopedViewSet(viewsets.GenericViewSet):
    """Reads through one selector; `manager_actions` need a vendor manager (403 for anyone else)."""

    manager_actions: tuple[str, ...] = ()
    partner_actions: tuple[str, ...] = ()

    def get_permissions(self) -> list[BasePermission]:
        if self.action in self.manager_actions:
            return [IsAuthenticated(), IsManager()]
        if self.action in self.partner_actions:
            return [IsAuthenticated(), IsPartnerUser()]
        return [IsAuthenticated()]

    def scoped(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped()

    def answer(self, obj: Model, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(obj).data, status=code)


# --- entitlements ---------------------------------------------------------------------------------------------


EntitlementSerializer = inline_serializer(
    "Entitlement",
    {
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "section": serializers.CharField(),
        "requestable": serializers.BooleanField(),
        "may_cost": serializers.BooleanField(),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


class PartnerBenefitsView(APIView):
    @extend_schema(
        parameters=[AS_OF_PARAMETER],
        responses=inline_serializer(
            "PartnerBenefits",
            {
                "partner": serializers.IntegerField(),
                "classification": serializers.CharField(),
                "status": serializers.CharField(),
                "as_of": serializers.DateField(),
                "policy_version": serializers.DateField(),
                "benefits": EntitlementSerializer,
                "reasons": ReasonSerializer(many=True),
            },
        ),
        summary="The benefits a partner has on a date (§5.1), with their notes",
        operation_id="partners_benefits",
    )
    def get(self, request: Request, pk: int) -> Response:
        as_of = parse_as_of(request)
        partner = get_object_or_404(visible_partners(request.user), pk=pk)
        try:
            decision = selectors.partner_entitlements(partner, as_of)
        except NoPolicyInForce as error:
            raise NotFound(str(error)) from error
        state = partner_state_on(partner, as_of)
        return Response(
            {
                "partner": partner.pk,
                "classification": state.classification,
                "status": state.status,
                "as_of": as_of.isoformat(),
                "policy_version": decision.policy_version.isoformat(),
                "benefits": [entitlement.as_dict() for entitlement in decision.outcome],
                "reasons": [reason.as_dict() for reason in decision.reasons],
            }
        )


class BenefitPreviewView(APIView):
    @extend_schema(
        parameters=[
            AS_OF_PARAMETER,
            OpenApiParameter("acknowledged_cost", OpenApiTypes.BOOL, description="as the request would send it"),
        ],
        responses=inline_serializer(
            "BenefitRequestPreview",
            {
                "partner": serializers.IntegerField(),
                "benefit": serializers.CharField(),
                "label": serializers.CharField(),
                "section": serializers.CharField(),
                "requestable": serializers.BooleanField(),
                "may_cost": serializers.BooleanField(),
                "notes": serializers.ListField(child=serializers.CharField()),
                "admissible": serializers.BooleanField(),
                "policy_version": serializers.DateField(),
                "reasons": ReasonSerializer(many=True),
            },
        ),
        summary="Before sending a request: the benefit's notes (its cost) and whether it would be accepted",
        operation_id="partners_benefit_preview",
    )
    def get(self, request: Request, pk: int, benefit: str) -> Response:
        as_of = parse_as_of(request)
        partner = get_object_or_404(visible_partners(request.user), pk=pk)
        definition = next((item for item in policy_for_input(as_of, "as_of").benefits if item.key == benefit), None)
        if definition is None:
            raise NotFound(f"There is no benefit {benefit!r} in the policy in force on {as_of.isoformat()}.")
        acknowledged = request.query_params.get("acknowledged_cost", "").lower() in ("1", "true", "yes")
        decision = services.benefit_request_preview(
            partner=partner, benefit=benefit, as_of=as_of, acknowledged_cost=acknowledged
        )
        return Response(
            {
                "partner": partner.pk,
                "benefit": definition.key,
                "label": definition.label,
                "section": definition.section,
                "requestable": definition.requestable,
                "may_cost": definition.may_cost,
                "notes": list(definition.notes_for(partner.classification)),
                "admissible": decision.outcome,
                "policy_version": decision.policy_version.isoformat(),
                "reasons": [reason.as_dict() for reason in decision.reasons],
            }
        )


# --- benefit requests ---------------------------------------------------------------------------------------


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
    details = serializers.CharField(required=False, allow_blank=True, default="")
    acknowledged_cost = serializers.BooleanField(
        default=False, help_text="true once the partner has seen that the benefit may come with a cost"
    )
    requested_on = serializers.DateField(required=False, help_text="managers only: the date it was received")


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False)


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField()
    decided_on = serializers.DateField(required=False)


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
        responses={201: BenefitRequestSerializer},
        summary="Request a benefit provided on request (422 unless entitled; a may-cost one needs acknowledged_cost)",
    )
    def create(self, request: Request) -> Response:
        data = valid(BenefitRequestCreateSerializer, request)
        created = services.benefit_request_create(
            partner=acting_partner(request, data),
            benefit=data["benefit"],
            details=data["details"],
            acknowledged_cost=data["acknowledged_cost"],
            requested_on=dated(request, data, "requested_on"),
            acting_user=_user(request),
        )
        return self.answer(created, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionNoteSerializer, responses=BenefitRequestSerializer, summary="Fulfil (manager)")
    @action(detail=True, methods=["post"])
    def fulfil(self, request: Request, pk: str) -> Response:
        data = valid(DecisionNoteSerializer, request)
        fulfilled = services.benefit_request_fulfil(
            benefit_request=self.get_object(),
            fulfilled_on=dated(request, data, "decided_on"),
            note=data["note"],
            acting_user=_user(request),
        )
        return self.answer(fulfilled)

    @extend_schema(
        request=ReasonRequiredSerializer, responses=BenefitRequestSerializer, summary="Decline with a reason (manager)"
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        data = valid(ReasonRequiredSerializer, request)
        declined = services.benefit_request_decline(
            benefit_request=self.get_object(),
            declined_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=_user(request),
        )
        return self.answer(declined)


# --- Amelia Marketplace ------------------------------------------------------------------------------------


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
    submitted_on = serializers.DateField(required=False, help_text="managers only")


class ListingReviewInputSerializer(serializers.Serializer):
    checklist = serializers.DictField(
        child=serializers.BooleanField(), help_text="every standard of GET marketplace-listings/standards/: met?"
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    reviewed_on = serializers.DateField(required=False)

    def validate_checklist(self, value: dict[str, bool]) -> dict[str, bool]:
        missing = sorted(set(MARKETPLACE_STANDARDS) - set(value))
        unknown = sorted(set(value) - set(MARKETPLACE_STANDARDS))
        problems = [f"Unanswered: {', '.join(missing)}."] if missing else []
        problems += [f"Unknown: {', '.join(unknown)}."] if unknown else []
        if problems:
            raise serializers.ValidationError(" ".join(problems))
        return value


class DatedSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="managers only: the date it happened; default today")


class WithdrawListingSerializer(serializers.Serializer):
    reason = serializers.CharField()
    on = serializers.DateField(required=False, help_text="managers only")


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
        listing = services.listing_submit(
            partner=acting_partner(request, data),
            title=data["title"],
            summary=data["summary"],
            product=data["product"],
            url=data["url"],
            submitted_on=dated(request, data, "submitted_on"),
            acting_user=_user(request),
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
        review = services.listing_review(
            listing=self.get_object(),
            checklist=data["checklist"],
            notes=data["notes"],
            reviewed_on=dated(request, data, "reviewed_on"),
            acting_user=_user(request),
        )
        return Response(ListingReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DatedSerializer, responses=MarketplaceListingSerializer, summary="Publish (manager)")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        listing = services.listing_publish(
            listing=self.get_object(), published_on=dated(request, data, "on"), acting_user=_user(request)
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
        listing = services.listing_withdraw(
            listing=self.get_object(),
            withdrawn_on=dated(request, data, "on"),
            reason=data["reason"],
            acting_user=_user(request),
        )
        return self.answer(listing)

    @extend_schema(request=DatedSerializer, responses=MarketplaceListingSerializer, summary="Submit again for review")
    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        listing = services.listing_resubmit(
            listing=self.get_object(), submitted_on=dated(request, data, "on"), acting_user=_user(request)
        )
        return self.answer(listing)


# --- leads from the web ---------------------------------------------------------------------------------------

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


class WebLeadSerializer(serializers.ModelSerializer[WebLead]):
    accepted_by = serializers.SerializerMethodField()

    class Meta:
        model = WebLead
        fields: tuple[str, ...] = (
            "id",
            "end_customer",
            "country",
            "product",
            *CONTACT_FIELDS,
            "notes",
            "received_on",
            "accepted_by",
        )
        read_only_fields: tuple[str, ...] = fields

    def get_accepted_by(self, lead: WebLead) -> int | None:
        accepted = next((offer for offer in lead.offers.all() if offer.status == LeadOfferStatus.ACCEPTED), None)
        if accepted is None:
            return None
        request = self.context.get("request")
        if request is not None and not is_manager(request.user):
            own = partner_for_user(request.user)
            return accepted.partner_id if own is not None and own.pk == accepted.partner_id else None
        return accepted.partner_id

    def to_representation(self, instance: WebLead) -> dict[str, Any]:
        """The contact person is shown to a partner only once it has accepted the lead (personal data)."""
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not is_manager(request.user) and data["accepted_by"] is None:
            for field in CONTACT_FIELDS:
                data[field] = None
        return data


class WebLeadCreateSerializer(serializers.Serializer):
    end_customer = serializers.CharField(max_length=200)
    country = serializers.CharField(validators=[validate_country])
    product = serializers.CharField(validators=[validate_product])
    contact_name = serializers.CharField(max_length=200)
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False)


class LeadOfferSerializer(serializers.ModelSerializer[LeadOffer]):
    reasons = ReasonSerializer(many=True, read_only=True)
    lead = serializers.SerializerMethodField()

    class Meta:
        model = LeadOffer
        fields = (
            "id",
            "lead",
            "partner",
            "status",
            "offered_on",
            "responded_on",
            "decline_reason",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields

    @extend_schema_field(WebLeadSerializer)
    def get_lead(self, offer: LeadOffer) -> dict[str, Any]:
        return WebLeadSerializer(offer.lead, context=self.context).data


class WebLeadCreatedSerializer(WebLeadSerializer):
    offers = LeadOfferSerializer(many=True, read_only=True)

    class Meta(WebLeadSerializer.Meta):
        fields = (*WebLeadSerializer.Meta.fields, "offers")
        read_only_fields = fields


class OfferToSerializer(serializers.Serializer):
    partner = VisiblePartnerField()
    offered_on = serializers.DateField(required=False)


class DeclineOfferSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Leads from the web (a manager: all; a partner user: those offered to it)"),
    retrieve=extend_schema(summary="One lead"),
)
class WebLeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = WebLeadSerializer
    filterset_fields = ("country", "product")
    manager_actions = ("create", "offer")

    def scoped(self) -> QuerySet[WebLead]:
        return selectors.visible_leads(self.request.user).prefetch_related("offers")

    @extend_schema(
        request=WebLeadCreateSerializer,
        responses={201: WebLeadCreatedSerializer},
        summary="Record a lead received by the vendor; offered at once to every entitled partner (manager)",
    )
    def create(self, request: Request) -> Response:
        data = valid(WebLeadCreateSerializer, request)
        lead, _offers = services.web_lead_receive(
            end_customer=data["end_customer"],
            country=data["country"],
            product=data["product"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            notes=data["notes"],
            received_on=dated(request, data, "received_on"),
            acting_user=_user(request),
        )
        return Response(
            WebLeadCreatedSerializer(lead, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=OfferToSerializer,
        responses={201: LeadOfferSerializer},
        summary="Offer the lead to one more partner (manager; 422 unless entitled, in territory and product line)",
    )
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk: str) -> Response:
        data = valid(OfferToSerializer, request)
        offer = services.web_lead_offer(
            lead=self.get_object(),
            partner=data["partner"],
            offered_on=dated(request, data, "offered_on"),
            acting_user=_user(request),
        )
        return Response(LeadOfferSerializer(offer, context=self.get_serializer_context()).data, status=201)


@extend_schema_view(
    list=extend_schema(summary="Lead offers (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One lead offer"),
)
class LeadOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = LeadOfferSerializer
    filterset_fields = ("partner", "status", "lead")
    partner_actions = ("accept", "decline")

    def scoped(self) -> QuerySet[LeadOffer]:
        return selectors.visible_lead_offers(self.request.user).prefetch_related("lead__offers")

    @extend_schema(request=None, responses=LeadOfferSerializer, summary="Accept the lead (409 if already taken)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        offer = services.lead_offer_accept(offer=self.get_object(), accepted_on=today(), acting_user=_user(request))
        return self.answer(self.scoped().get(pk=offer.pk))

    @extend_schema(request=DeclineOfferSerializer, responses=LeadOfferSerializer, summary="Decline the lead")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        data = valid(DeclineOfferSerializer, request)
        offer = services.lead_offer_decline(
            offer=self.get_object(), declined_on=today(), reason=data["reason"], acting_user=_user(request)
        )
        return self.answer(offer)


# --- product subscriptions -------------------------------------------------------------------------------------


class ProductSubscriptionSerializer(serializers.ModelSerializer[ProductSubscription]):
    reasons = ReasonSerializer(many=True, read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = ProductSubscription
        fields = (
            "id",
            "partner",
            "user",
            "username",
            "product",
            "purpose",
            "starts_on",
            "ends_on",
            "login_hint",
            "credential_reference",
            "granted_on",
            "revoked_on",
            "revocation_reason",
            "policy_version",
            "reasons",
        )
        read_only_fields = fields


CREDENTIAL_REFERENCE_HELP = (
    "where the secret is kept, as a URI such as vault://partners/acme/amelia-demo or ticket://OPS-1234; "
    "never the password itself"
)


class SubscriptionCreateSerializer(serializers.Serializer):
    partner = VisiblePartnerField()
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), help_text="a user of that partner")
    product = serializers.CharField(validators=[validate_product])
    purpose = serializers.ChoiceField(choices=SubscriptionPurpose.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    login_hint = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    credential_reference = serializers.RegexField(
        r"^[a-z][a-z0-9+.-]*://\S+$", max_length=300, help_text=CREDENTIAL_REFERENCE_HELP
    )
    granted_on = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": ["The subscription ends before it starts."]})
        return attrs


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False)


@extend_schema_view(
    list=extend_schema(summary="Product subscriptions (a manager: all; a partner user: its own)"),
    retrieve=extend_schema(summary="One product subscription"),
)
class ProductSubscriptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ProductSubscriptionSerializer
    filterset_fields = ("partner", "user", "product", "purpose")
    manager_actions = ("create", "revoke")

    def scoped(self) -> QuerySet[ProductSubscription]:
        return selectors.visible_subscriptions(self.request.user)

    @extend_schema(
        request=SubscriptionCreateSerializer,
        responses={201: ProductSubscriptionSerializer},
        summary="Give a named partner user credentials for demonstration or training (manager, §10.1)",
    )
    def create(self, request: Request) -> Response:
        data = valid(SubscriptionCreateSerializer, request)
        subscription = services.subscription_grant(
            partner=data["partner"],
            user=data["user"],
            product=data["product"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            login_hint=data["login_hint"],
            credential_reference=data["credential_reference"],
            granted_on=dated(request, data, "granted_on"),
            acting_user=_user(request),
        )
        return self.answer(subscription, status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses=ProductSubscriptionSerializer, summary="Revoke (manager)")
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        data = valid(RevokeSerializer, request)
        subscription = services.subscription_revoke(
            subscription=self.get_object(),
            revoked_on=dated(request, data, "on"),
            reason=data["reason"],
            acting_user=_user(request),
        )
        return self.answer(subscription)


# --- marketing services ------------------------------------------------------------------------------------


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
    granted_on = serializers.DateField(required=False)

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
    due_on = serializers.DateField(required=False, allow_null=True)
    reviewed_on = serializers.DateField(required=False)

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
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False, help_text="default: the policy's currency")
    paid_on = serializers.DateField()
    basis = serializers.CharField()


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
            responsible = _user(request)
        grant = services.marketing_access_grant(
            partner=partner,
            grantee_kind=data["grantee_kind"],
            user=data.get("user"),
            third_party_name=data["third_party_name"],
            third_party_contact=data["third_party_contact"],
            responsible=responsible,
            scope=data["scope"],
            granted_on=dated(request, data, "granted_on"),
            acting_user=_user(request),
        )
        return self.answer(grant, status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses=MarketingGrantSerializer, summary="Revoke the access")
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        data = valid(RevokeSerializer, request)
        grant = services.marketing_access_revoke(
            grant=self.get_object(), revoked_on=dated(request, data, "on"), acting_user=_user(request)
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
        review = services.marketing_review_record(
            partner=data["partner"],
            grant=data.get("grant"),
            subject=data["subject"],
            outcome=data["outcome"],
            required_changes=data["required_changes"],
            due_on=data.get("due_on"),
            reviewed_on=dated(request, data, "reviewed_on"),
            acting_user=_user(request),
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
        payment = services.marketing_payment_record(
            partner=data["partner"],
            amount=data["amount"],
            currency=currency,
            paid_on=data["paid_on"],
            basis=data["basis"],
            acting_user=_user(request),
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
        document = services.marketing_document_add(
            payment=payment, upload=data["file"], uploaded_on=today(), acting_user=_user(request)
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

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, summary="The file itself")
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        document = self.get_object()
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


# --- trademark usages ------------------------------------------------------------------------------------------


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
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    requested_on = serializers.DateField(required=False, help_text="managers only")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": ["The use ends before it starts."]})
        return attrs


class ApproveUsageSerializer(serializers.Serializer):
    written_approval = serializers.CharField(help_text="the text of the written approval sent to the partner")
    on = serializers.DateField(required=False)


class WithdrawUsageSerializer(serializers.Serializer):
    notice_on = serializers.DateField(required=False, help_text="the date of the written notice; default today")
    effective_on = serializers.DateField(
        required=False, help_text="default: the latest day allowed (the notice date plus the policy's maximum)"
    )
    reason = serializers.CharField()


class TrademarkUsageFilter(filters.FilterSet):
    valid_on = filters.DateFilter(method="filter_valid_on", label="only the uses valid on this date")

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
        usage = services.trademark_usage_request(
            partner=acting_partner(request, data),
            mark=data["mark"],
            medium=data["medium"],
            territory=data["territory"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            requested_on=dated(request, data, "requested_on"),
            acting_user=_user(request),
        )
        return self.answer(usage, status.HTTP_201_CREATED)

    @extend_schema(request=ApproveUsageSerializer, responses=TrademarkUsageSerializer, summary="Approve in writing")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = valid(ApproveUsageSerializer, request)
        usage = services.trademark_usage_approve(
            usage=self.get_object(),
            approved_on=dated(request, data, "on"),
            written_approval=data["written_approval"],
            acting_user=_user(request),
        )
        return self.answer(usage)

    @extend_schema(request=ReasonRequiredSerializer, responses=TrademarkUsageSerializer, summary="Reject (manager)")
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = valid(ReasonRequiredSerializer, request)
        usage = services.trademark_usage_reject(
            usage=self.get_object(),
            rejected_on=dated(request, data, "decided_on"),
            reason=data["reason"],
            acting_user=_user(request),
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
        services.trademark_usage_withdraw(
            usage=usage,
            notice_on=dated(request, data, "notice_on"),
            effective_on=data.get("effective_on"),
            reason=data["reason"],
            acting_user=_user(request),
        )
        return self.answer(self.scoped().get(pk=usage.pk))


# --- demonstrations ---------------------------------------------------------------------------------------------


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
    demo_on = serializers.DateField()
    sales_force = serializers.IntegerField(min_value=0, help_text="people in the prospect's sales force")
    customer_service_group = serializers.IntegerField(min_value=0, help_text="people in its customer-service group")
    advise_vendor = serializers.BooleanField(
        default=True, help_text="true: this is the notice to the vendor (§9.1); false: only a record"
    )
    recorded_on = serializers.DateField(required=False, help_text="managers only")


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
        demonstration = services.demonstration_record(
            partner=acting_partner(request, data),
            prospect=data["prospect"],
            demo_on=data["demo_on"],
            sales_force=data["sales_force"],
            customer_service_group=data["customer_service_group"],
            advised_on=recorded_on if data["advise_vendor"] else None,
            recorded_on=recorded_on,
            acting_user=_user(request),
        )
        return self.answer(demonstration, status.HTTP_201_CREATED)

    @extend_schema(request=DatedSerializer, responses=DemonstrationSerializer, summary="Advise the vendor now")
    @action(detail=True, methods=["post"])
    def advise(self, request: Request, pk: str) -> Response:
        data = valid(DatedSerializer, request)
        demonstration = services.demonstration_advise(
            demonstration=self.get_object(), advised_on=dated(request, data, "on"), acting_user=_user(request)
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
