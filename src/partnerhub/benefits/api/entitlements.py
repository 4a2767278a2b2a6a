"""The benefits API: entitlements."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.benefits import selectors
from partnerhub.benefits.services.benefit_requests import benefit_request_preview
from partnerhub.core.api import AS_OF_PARAMETER, ReasonSerializer, parse_as_of
from partnerhub.partners.periods import partner_state_on
from partnerhub.partners.selectors import visible_partners
from partnerhub.policystore.selectors import NoPolicyInForce, policy_for_input

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
        decision = benefit_request_preview(
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
                "notes": list(definition.notes_for(partner_state_on(partner, as_of).classification)),
                "admissible": decision.outcome,
                "policy_version": decision.policy_version.isoformat(),
                "reasons": [reason.as_dict() for reason in decision.reasons],
            }
        )
