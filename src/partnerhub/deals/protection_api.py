"""`/api/v1/deal-extensions/`: extensions of deal protection windows (docs/policy.md#r8-4).

A user of the registration's partner (or a vendor manager) asks, with a reason, before the window ends; a vendor
manager grants or refuses. Reached through the tenancy-scoped selectors: another partner's request, or a request
on another partner's registration, is not found (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today
from partnerhub.core.fields import DateField
from partnerhub.core.permissions import is_manager, require_manager
from partnerhub.deals import protection, selectors
from partnerhub.deals.models import ProtectionExtension


class ExtensionSerializer(serializers.ModelSerializer[ProtectionExtension]):
    requested_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    decided_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ProtectionExtension
        fields = (
            "id",
            "registration",
            "partner",
            "reason",
            "requested_on",
            "requested_by",
            "until_before",
            "status",
            "decided_on",
            "decided_by",
            "decision_reason",
            "until_after",
        )
        read_only_fields = fields


class ExtensionRequestSerializer(serializers.Serializer[dict[str, Any]]):
    registration = serializers.IntegerField(help_text="the approved registration whose protection should last longer")
    reason = serializers.TextField(help_text="why more time is needed; the vendor decides on it")


class ExtensionGrantSerializer(serializers.Serializer[dict[str, Any]]):
    granted_on = DateField(happened=True, required=False, help_text="default today")
    note = serializers.TextField(required=False, allow_blank=True, help_text="told to the partner")


class ExtensionRefuseSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.TextField(help_text="why; the partner is told")
    refused_on = DateField(happened=True, required=False, help_text="default today")


class ExtensionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ProtectionExtension]):
    serializer_class = ExtensionSerializer
    filterset_fields = ("status", "registration", "partner")

    def get_queryset(self) -> QuerySet[ProtectionExtension]:
        return selectors.visible_extensions(self.request.user)

    def _one(self, extension: ProtectionExtension, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=extension.pk)
        return Response(ExtensionSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Ask to extend a registration's protection window (docs/policy.md#r8-4)",
        description=(
            "A user of the registration's partner, or a vendor manager, asks before the last protected day, with "
            "a reason; recorded today. 422 when the registration has no window or it has ended; 409 when it is "
            "not approved or already has a request awaiting an answer."
        ),
        request=ExtensionRequestSerializer,
        responses={201: ExtensionSerializer, **PROBLEM_RESPONSES},
    )
    def create(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        serializer = ExtensionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = selectors.registration_for(user, serializer.validated_data["registration"])
        if not is_manager(user) and not registration.partner.users.filter(user=user).exists():
            raise PermissionDenied("Only a user of the registration's partner or a vendor manager asks for this.")
        extension = protection.extension_request(
            registration=registration,
            requested_on=today(),
            reason=serializer.validated_data["reason"],
            acting_user=user,
        )
        return self._one(extension, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Grant an extension (manager); the window grows by the policy's extension, the partner is emailed",
        request=ExtensionGrantSerializer,
        responses={200: ExtensionSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, pk: str | None = None) -> Response:
        extension = self.get_object()
        user = require_manager(request)
        serializer = ExtensionGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        protection.extension_grant(
            extension=extension,
            granted_on=serializer.validated_data.get("granted_on") or today(),
            acting_user=user,
            note=serializer.validated_data.get("note", ""),
        )
        return self._one(extension)

    @extend_schema(
        summary="Refuse an extension with a reason (manager); the partner is emailed",
        request=ExtensionRefuseSerializer,
        responses={200: ExtensionSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        extension = self.get_object()
        user = require_manager(request)
        serializer = ExtensionRefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        protection.extension_refuse(
            extension=extension,
            refused_on=serializer.validated_data.get("refused_on") or today(),
            reason=serializer.validated_data["reason"],
            acting_user=user,
        )
        return self._one(extension)
