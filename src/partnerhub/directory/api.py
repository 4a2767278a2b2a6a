"""`GET /api/v1/directory/`: the public partner directory (docs/directory.md), for anyone, without signing in.

It answers what the public page shows and nothing else: the policy's directory on today's date (a visitor cannot
choose another day: the directory is what the vendor publishes now), a page at a time by an opaque cursor.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import today
from partnerhub.directory.forms import DirectoryQueryForm, encode_cursor
from partnerhub.directory.selectors import PAGE_SIZE, PAGE_SIZE_MAX, directory_page
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

NOT_OFFERED = "The policy in force offers no public partner directory."


class SolutionSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    product = serializers.CharField(read_only=True, help_text="the product line it is built on")
    url = serializers.CharField(read_only=True)


class DirectoryEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="partner_id", read_only=True)
    name = serializers.CharField(read_only=True)
    classification = serializers.CharField(read_only=True)
    classification_name = serializers.CharField(read_only=True)
    featured = serializers.BooleanField(read_only=True, help_text="holds the featured-listing benefit (§5.1)")
    regions = serializers.ListField(child=serializers.CharField(), read_only=True)
    territories = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="ISO 3166-1")
    products = serializers.ListField(child=serializers.CharField(), read_only=True)
    description = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    public_email = serializers.CharField(read_only=True)
    solutions = SolutionSerializer(many=True, read_only=True, help_text="published Amelia Marketplace solutions")


class DirectoryView(APIView):
    """Registered Partners in good standing today that chose to be listed (docs/policy.md#r6-3)."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="words in the name, solution or description"),
            OpenApiParameter("classification", OpenApiTypes.STR, description="a classification key of the policy"),
            OpenApiParameter("region", OpenApiTypes.STR, description="a region key of the policy"),
            OpenApiParameter("product", OpenApiTypes.STR, description="a product key of the policy"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {PAGE_SIZE_MAX}, default {PAGE_SIZE}"),
            OpenApiParameter("after", OpenApiTypes.STR, description="from the previous page's `next`"),
        ],
        responses={
            200: inline_serializer(
                "DirectoryPage",
                {"next": serializers.URLField(allow_null=True), "results": DirectoryEntrySerializer(many=True)},
            ),
            404: OpenApiResponse(description=NOT_OFFERED),
        },
        summary="The public partner directory, a page at a time (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        as_of = today()
        try:
            policy = policy_in_force(as_of)
        except NoPolicyInForce:
            raise NotFound(NOT_OFFERED) from None
        page = directory_page(as_of, DirectoryQueryForm(request.query_params, policy=policy).query())
        if not page.enabled:
            raise NotFound(NOT_OFFERED)
        following = None
        if page.next_after is not None:
            following = replace_query_param(request.build_absolute_uri(), "after", encode_cursor(page.next_after))
        return Response({"next": following, "results": DirectoryEntrySerializer(page.entries, many=True).data})
