"""The benefits API: product subscriptions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.benefits import selectors
from partnerhub.benefits.api.common import (
    RevokeSerializer,
    ScopedViewSet,
    VisiblePartnerField,
    dated,
    request_user,
    validate_product,
)
from partnerhub.benefits.models import ProductSubscription, SubscriptionPurpose
from partnerhub.benefits.services.subscriptions import subscription_grant, subscription_revoke
from partnerhub.core.api import ReasonSerializer, valid
from partnerhub.core.fields import DateField


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
    starts_on = DateField()
    ends_on = DateField()
    login_hint = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    credential_reference = serializers.RegexField(
        r"^[a-z][a-z0-9+.-]*://\S+$", max_length=300, help_text=CREDENTIAL_REFERENCE_HELP
    )
    granted_on = DateField(happened=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": ["The subscription ends before it starts."]})
        return attrs


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
        subscription = subscription_grant(
            partner=data["partner"],
            user=data["user"],
            product=data["product"],
            purpose=data["purpose"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            login_hint=data["login_hint"],
            credential_reference=data["credential_reference"],
            granted_on=dated(request, data, "granted_on"),
            acting_user=request_user(request),
        )
        return self.answer(subscription, status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses=ProductSubscriptionSerializer, summary="Revoke (manager)")
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        data = valid(RevokeSerializer, request)
        subscription = subscription_revoke(
            subscription=self.get_object(),
            revoked_on=dated(request, data, "on"),
            reason=data["reason"],
            acting_user=request_user(request),
        )
        return self.answer(subscription)
