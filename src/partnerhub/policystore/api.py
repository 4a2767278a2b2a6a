"""`GET /api/v1/policy/` (the version in force on a date) and `GET /api/v1/policy/versions/`: one ViewSet,
bound to its two paths in `policystore.urls` (a router's root route is a `list`, documented as an array, and
the policy in force is one object). `/api/v1/policy/diff/` and `/api/v1/policy/drafts/`: comparing policy
versions, uploading a draft and publishing it (R1.4); a draft's preview runs an evaluation, so it is served by
the evaluations app (`evaluations.api.preview`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import AS_OF_PARAMETER, PROBLEM_RESPONSES, parse_as_of
from partnerhub.core.fields import strict_date
from partnerhub.core.filters import id_parameter
from partnerhub.core.permissions import SIGNED_IN, IsManager, require_manager
from partnerhub.policy.diff import diff_policies
from partnerhub.policy.load import PolicyError
from partnerhub.policystore.models import PolicyDraft, PolicyVersion
from partnerhub.policystore.selectors import (
    NoPolicyInForce,
    all_versions,
    draft_policy,
    drafts,
    policy_of,
    version_in_force,
)
from partnerhub.policystore.services import policy_draft_publish, policy_draft_upload


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


def _version_on(field: str, raw: str | None) -> PolicyVersion:
    if not raw:
        raise ValidationError({field: ["required: a date (YYYY-MM-DD); the version in force that day is used"]})
    day = strict_date(raw, field=field, policy=True)
    try:
        return version_in_force(day)
    except NoPolicyInForce as error:
        raise ValidationError({field: [str(error)]}) from error


def problems(error: PolicyError) -> list[str]:
    """One message per problem of a policy file: `path.inside.the.file: reason`."""
    return [f"{path or '(document)'}: {reason}" for path, reason in error.problems]


# Not a resource: one read-only comparison, routed by hand as `GET /policy/diff/`.
class PolicyDiffViewSet(viewsets.ViewSet):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="the version in force on this date"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="the version in force on this date"),
            OpenApiParameter("draft", int, description="instead of `to`: a draft version (manager)"),
        ],
        responses={
            200: inline_serializer(
                "PolicyDiff",
                {
                    "from_version": serializers.DateField(),
                    "to_version": serializers.DateField(),
                    "summary": serializers.DictField(child=serializers.IntegerField()),
                    "changes": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: PROBLEM_RESPONSES[400],
        },
        summary="What changed between two policy versions (a structural diff)",
    )
    def diff(self, request: Request) -> Response:
        params = request.query_params
        old = policy_of(_version_on("from", params.get("from")))
        draft = id_parameter(params, "draft")
        if draft is not None:
            require_manager(request)
            new = draft_policy(draft_or_404(draft))
        else:
            new = policy_of(_version_on("to", params.get("to")))
        return Response(diff_policies(old, new).as_dict())


def draft_or_404(pk: object) -> PolicyDraft:
    try:
        return drafts().get(pk=int(str(pk)))
    except (ValueError, PolicyDraft.DoesNotExist) as error:
        raise NotFound("No such policy draft.") from error


class DraftSerializer(serializers.ModelSerializer[PolicyDraft]):
    published_version = serializers.DateField(source="published.version_date", allow_null=True, default=None)

    class Meta:
        model = PolicyDraft
        fields = (
            "id",
            "name",
            "version_date",
            "program_year",
            "title",
            "sha256",
            "uploaded_at",
            "published_version",
            "published_at",
        )


class DraftUploadSerializer(serializers.Serializer[dict[str, Any]]):
    yaml = serializers.TextField(
        required=False, trim_whitespace=False, max_length=1_000_000, help_text="the policy file's text (YAML)"
    )
    file = serializers.FileField(required=False, help_text="or: the policy file uploaded (multipart)")
    name = serializers.CharField(required=False, default="draft.yaml")


@extend_schema_view(list=extend_schema(summary="Draft policy versions (manager)"))
class DraftViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[PolicyDraft]):
    permission_classes = (*SIGNED_IN, IsManager)
    serializer_class = DraftSerializer
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def get_queryset(self) -> Any:
        return drafts()

    @extend_schema(
        request=DraftUploadSerializer,
        responses={201: DraftSerializer, **PROBLEM_RESPONSES},
        summary="Upload a draft policy version, validated as a published one would be (manager)",
    )
    def create(self, request: Request) -> Response:
        body = DraftUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        name = data.get("name") or "draft.yaml"
        field = "file"
        if data.get("file") is not None:
            upload = data["file"]
            name = data.get("name") if "name" in request.data else (upload.name or name)
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValidationError({"file": ["the policy file must be UTF-8 text"]}) from error
        elif data.get("yaml"):
            text, field = data["yaml"], "yaml"
        else:
            raise ValidationError({"yaml": ["send the policy file as `yaml` (its text) or `file` (an upload)"]})
        assert isinstance(request.user, User)
        try:
            draft = policy_draft_upload(text=text, name=name, acting_user=request.user)
        except PolicyError as error:
            raise ValidationError({field: problems(error)}) from error
        return Response(self.get_serializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: DraftSerializer, 404: PROBLEM_RESPONSES[404]},
        summary="A draft, with what it changes against the version in force on its version date (manager)",
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        draft = draft_or_404(pk)
        data: dict[str, Any] = dict(DraftSerializer(draft).data)
        try:
            current = policy_of(version_in_force(draft.version_date))
        except NoPolicyInForce:
            data["diff"] = None
        else:
            data["diff"] = diff_policies(current, draft_policy(draft)).as_dict()
        return Response(data)

    @extend_schema(
        request=None,
        responses={200: DraftSerializer, **PROBLEM_RESPONSES},
        summary="Publish a draft: in force from its version date (manager)",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: int) -> Response:
        draft = draft_or_404(pk)
        assert isinstance(request.user, User)
        try:
            policy_draft_publish(draft=draft, acting_user=request.user)
        except PolicyError as error:
            raise ValidationError({"draft": problems(error)}) from error
        return Response(DraftSerializer(draft_or_404(pk)).data)
