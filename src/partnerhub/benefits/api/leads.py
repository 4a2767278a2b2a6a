"""The benefits API: leads from the web."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits import selectors
from partnerhub.benefits.api.common import (
    ScopedViewSet,
    VisiblePartnerField,
    dated,
    request_user,
    validate_country,
    validate_product,
)
from partnerhub.benefits.models import LeadOffer, LeadOfferStatus, WebLead
from partnerhub.benefits.services.leads import lead_offer_accept, lead_offer_decline, web_lead_offer, web_lead_receive
from partnerhub.core.api import ReasonSerializer, today, valid
from partnerhub.core.fields import DateField
from partnerhub.core.permissions import is_manager
from partnerhub.partners.selectors import partner_for_user

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
    received_on = DateField(happened=True, required=False)


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
    offered_on = DateField(happened=True, required=False)


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
        lead, _offers = web_lead_receive(
            end_customer=data["end_customer"],
            country=data["country"],
            product=data["product"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            notes=data["notes"],
            received_on=dated(request, data, "received_on"),
            acting_user=request_user(request),
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
        offer = web_lead_offer(
            lead=self.get_object(),
            partner=data["partner"],
            offered_on=dated(request, data, "offered_on"),
            acting_user=request_user(request),
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
        offer = lead_offer_accept(offer=self.get_object(), accepted_on=today(), acting_user=request_user(request))
        return self.answer(self.scoped().get(pk=offer.pk))

    @extend_schema(request=DeclineOfferSerializer, responses=LeadOfferSerializer, summary="Decline the lead")
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        data = valid(DeclineOfferSerializer, request)
        offer = lead_offer_decline(
            offer=self.get_object(), declined_on=today(), reason=data["reason"], acting_user=request_user(request)
        )
        return self.answer(offer)
