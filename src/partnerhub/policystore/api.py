"""`GET /api/v1/policy/` (the version in force on a date) and `GET /api/v1/policy/versions/`: one ViewSet,
bound to its two paths in `policystore.urls` (a router's root route is a `list`, documented as an array, and
the policy in force is one object)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import AS_OF_PARAMETER, parse_as_of
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.selectors import NoPolicyInForce, all_versions, policy_of, version_in_force


class PolicyVersionSerializer(serializers.ModelSerializer[PolicyVersion]):
    class Meta:
        model = PolicyVersion
        fields = ("version_date", "program_year", "title", "source_name", "sha256", "loaded_at")


class PolicyViewSet(viewsets.ViewSet):
    @extend_schema(
        parameters=[AS_OF_PARAMETER],
        responses=inline_serializer(
            "PolicyInForce",
            {
                "version_date": serializers.DateField(),
                "program_year": serializers.IntegerField(),
                "title": serializers.CharField(),
                "as_of": serializers.DateField(),
                "classifications": serializers.ListField(child=serializers.DictField()),
                "requirements": serializers.ListField(child=serializers.DictField()),
                "benefits": serializers.ListField(child=serializers.DictField()),
                "fees": serializers.DictField(),
                "calendar": serializers.DictField(),
                "windows": serializers.DictField(),
                "compensation": serializers.DictField(),
            },
        ),
        summary="The policy version in force on a date",
    )
    def in_force(self, request: Request) -> Response:
        as_of = parse_as_of(request)
        try:
            version = version_in_force(as_of)
        except NoPolicyInForce as error:
            raise NotFound(str(error)) from error
        body: dict[str, Any] = {"as_of": as_of.isoformat(), **policy_of(version).model_dump(mode="json")}
        return Response(body)

    @extend_schema(responses=PolicyVersionSerializer(many=True), summary="All published versions, newest first")
    def versions(self, request: Request) -> Response:
        return Response(PolicyVersionSerializer(all_versions(), many=True).data)
