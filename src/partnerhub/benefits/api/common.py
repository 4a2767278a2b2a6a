"""What every benefits endpoint shares: permissions, the acting user and partner, dates of writes, validators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pycountry
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import today
from partnerhub.core.fields import DateField
from partnerhub.core.permissions import IsManager, is_manager, signed_in
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import partner_for_user, visible_partners
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force


class IsPartnerUser(BasePermission):
    message = "Only the partner's own users may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return partner_for_user(request.user) is not None


def request_user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def dated(request: Request, data: dict[str, Any], field: str) -> dt.date:
    """The date of a write: today, or the `field` a manager gave (a partner user may not date its writes)."""
    given = data.get(field)
    if given is None:
        return today()
    if not is_manager(request.user):
        raise PermissionDenied(
            f"{field}: only a vendor manager may give this date; a partner user's writes are dated today."
        )
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
            return signed_in(IsManager)
        if self.action in self.partner_actions:
            return signed_in(IsPartnerUser)
        return signed_in()

    def scoped(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped()

    def answer(self, obj: Model, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(obj).data, status=code)


class DatedSerializer(serializers.Serializer):
    on = DateField(happened=True, required=False, help_text="managers only: the date it happened; default today")


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.TextField()
    decided_on = DateField(happened=True, required=False)


class RevokeSerializer(serializers.Serializer):
    reason = serializers.TextField(required=False, allow_blank=True, default="")
    on = DateField(happened=True, required=False)
