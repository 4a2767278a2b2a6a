"""`/api/v1/evaluations/` (quarterly evaluations, §8.0) and `/api/v1/policy/diff/`, `/api/v1/policy/drafts/`
(comparing and previewing policy versions, docs/policy.md#r1-4).

Scorecards and notices are reached only through the tenancy-scoped selectors: a partner user sees its own
partner's, and another partner's are not found (404); manager-only actions answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import AS_OF_PARAMETER, parse_as_of, today
from partnerhub.core.fields import DateField, strict_date
from partnerhub.core.filters import id_parameter
from partnerhub.core.permissions import IsManager, is_manager
from partnerhub.evaluations import letters, selectors, services
from partnerhub.evaluations.models import EvaluationRun, Notice, Outcome, PolicyDraft, Scorecard
from partnerhub.evaluations.periods import UnknownPeriod
from partnerhub.evaluations.preview import preview_policy
from partnerhub.policy.diff import diff_policies
from partnerhub.policy.load import PolicyError, load_policy_text
from partnerhub.policy.model import Policy
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.selectors import NoPolicyInForce, policy_of, version_in_force

PROBLEMS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(description="Malformed request (problem details with `errors`)"),
    403: OpenApiResponse(description="Only a vendor manager may do this"),
    404: OpenApiResponse(description="No such object, or another partner's"),
    409: OpenApiResponse(description="Conflicts with the current state"),
    422: OpenApiResponse(description="Refused by the partner program policy (problem details with `violations`)"),
}


def manager(request: Request) -> User:
    if not is_manager(request.user):
        raise PermissionDenied("Only a vendor manager may do this.")
    assert isinstance(request.user, User)
    return request.user


# -- runs ------------------------------------------------------------------------------------------------


class RunCreateSerializer(serializers.Serializer[dict[str, Any]]):
    period = serializers.PeriodField(help_text="the fiscal quarter, YYYYQn, e.g. 2019Q2 (Q4 is the annual evaluation)")
    rerun = serializers.BooleanField(
        default=False, help_text="evaluate a period again; the earlier run is kept (otherwise 409)"
    )
    as_of = DateField(happened=True, policy=True, required=False, help_text="the date of the run (default: today)")


class RunSerializer(serializers.ModelSerializer[EvaluationRun]):
    review_month = serializers.CharField(help_text="YYYY-MM: the month the review is conducted (§8.0)")
    scorecards = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRun
        fields = (
            "id",
            "period",
            "year",
            "quarter",
            "sequence",
            "name",
            "annual",
            "quarter_start",
            "quarter_end",
            "review_month",
            "notification_due",
            "policy_version",
            "as_of",
            "created_at",
            "partners_count",
            "outcome_counts",
            "seconds",
            "scorecards",
        )

    def get_scorecards(self, run: EvaluationRun) -> str:
        return f"/api/v1/evaluations/{run.pk}/scorecards/"

    def to_representation(self, instance: EvaluationRun) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not is_manager(request.user):
            # The programme's figures are the vendor's; a partner user sees the run's dates only.
            for name in ("partners_count", "outcome_counts", "seconds"):
                data.pop(name, None)
        return data


@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("period", str, description="only the runs of this period, e.g. 2019Q2")],
        summary="Evaluation runs, newest period first",
    )
)
class RunListView(ListAPIView[EvaluationRun]):
    serializer_class = RunSerializer

    def get_queryset(self) -> Any:
        queryset = selectors.runs()
        period = self.request.query_params.get("period")
        return queryset.filter(period=period) if period else queryset

    @extend_schema(
        request=RunCreateSerializer,
        responses={201: RunSerializer, **PROBLEMS},
        summary="Evaluate a quarter for the whole programme (manager)",
    )
    def post(self, request: Request) -> Response:
        user = manager(request)
        body = RunCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            run = services.evaluation_run_create(
                period=data["period"], as_of=data.get("as_of") or today(), acting_user=user, rerun=data["rerun"]
            )
        except UnknownPeriod as error:
            raise ValidationError({"period": [str(error)]}) from error
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)


class RunDetailView(GenericAPIView[EvaluationRun]):
    serializer_class = RunSerializer

    def get_queryset(self) -> Any:
        return selectors.runs()

    @extend_schema(responses={200: RunSerializer, 404: PROBLEMS[404]}, summary="One evaluation run")
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


# -- scorecards ------------------------------------------------------------------------------------------


LINE_SHAPE = inline_serializer(
    "ScorecardLine",
    {
        "requirement": serializers.CharField(),
        "label": serializers.CharField(),
        "region": serializers.CharField(allow_null=True),
        "product": serializers.CharField(allow_null=True),
        "value": serializers.CharField(allow_null=True),
        "threshold": serializers.CharField(),
        "comparison": serializers.CharField(),
        "unit": serializers.CharField(),
        "met": serializers.BooleanField(),
        "applicable": serializers.BooleanField(),
        "section": serializers.CharField(),
        "missing": serializers.CharField(allow_null=True),
        "exception": serializers.CharField(allow_null=True),
        "message": serializers.CharField(),
        "policy_version": serializers.DateField(),
    },
)
SCORECARD_SHAPE = inline_serializer(
    "Scorecard",
    {
        "id": serializers.IntegerField(),
        "run": serializers.IntegerField(),
        "period": serializers.CharField(),
        "partner": serializers.IntegerField(),
        "partner_name": serializers.CharField(),
        "classification": serializers.CharField(),
        "status": serializers.CharField(),
        "policy_version": serializers.DateField(),
        "met": serializers.BooleanField(),
        "recommendation": serializers.DictField(),
        "regions": serializers.ListField(child=serializers.DictField()),
        "lines": serializers.ListField(child=LINE_SHAPE),
        "reasons": serializers.ListField(child=serializers.DictField()),
        "decision": serializers.DictField(allow_null=True),
    },
)


PAGINATED_SCORECARDS = inline_serializer(
    "PaginatedScorecardList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=SCORECARD_SHAPE),
    },
)


def _blank_none(value: str) -> str | None:
    return value or None


def scorecard_data(
    card: Scorecard, lines: dict[Any, Any], reasons: dict[Any, Any], *, manager_view: bool
) -> dict[str, Any]:
    version = card.policy_version.isoformat()
    own = [lines[(card.run_id, number)] for number in card.line_numbers if (card.run_id, number) in lines]
    line_data = [
        {
            "requirement": line.requirement,
            "label": line.label,
            "region": _blank_none(line.region),
            "product": _blank_none(line.product),
            "value": _blank_none(line.value),
            "threshold": line.threshold,
            "comparison": line.comparison,
            "unit": line.unit,
            "met": line.met,
            "applicable": line.applicable,
            "section": line.section,
            "missing": _blank_none(line.missing),
            "exception": _blank_none(line.exception),
            "message": line.message,
            "policy_version": version,
        }
        for line in own
    ]
    regions = []
    for region in [*card.regions, None]:
        mine = [line for line in line_data if line["region"] == region]
        if mine:
            regions.append(
                {
                    "region": region,
                    "met": all(line["met"] for line in mine),
                    "missing": [line["missing"] for line in mine if line["missing"]],
                }
            )
    why = [reasons[(card.run_id, n)] for n in card.reason_numbers if (card.run_id, n) in reasons]
    data: dict[str, Any] = {
        "id": card.pk,
        "run": card.run_id,
        "period": card.run.period,
        "partner": card.partner_id,
        "partner_name": card.partner.name,
        "classification": card.classification,
        "status": card.status,
        "policy_version": version,
        "met": card.met,
        "recommendation": {
            "outcome": card.outcome,
            "target": _blank_none(card.target),
            "message": card.message,
            "sections": [section.strip() for section in card.sections.split(",") if section.strip()],
        },
        "regions": regions,
        "lines": line_data,
        "reasons": [
            {"code": r.code, "section": r.section, "message": r.message, "met": r.met, "policy_version": version}
            for r in why
        ],
        "decision": None,
    }
    decision = getattr(card, "decision", None) if manager_view else None
    if decision is not None:
        data["decision"] = {
            "outcome": decision.outcome,
            "target": _blank_none(decision.target),
            "accepted": decision.accepted,
            "reason": decision.reason,
            "decided_on": decision.decided_on.isoformat(),
            "decided_by": decision.decided_by_id,
        }
    return data


def _run_for(pk: int) -> EvaluationRun:
    return get_object_or_404(EvaluationRun, pk=pk)


class ScorecardListView(GenericAPIView[Scorecard]):
    def get_queryset(self) -> Any:
        run = _run_for(self.kwargs["pk"])
        cards = selectors.visible_scorecards(self.request.user, run)
        params = self.request.query_params
        partner = id_parameter(params, "partner")
        if partner is not None:
            cards = cards.filter(partner_id=partner)
        if params.get("outcome"):
            if params["outcome"] not in Outcome.values:
                raise ValidationError({"outcome": [f"one of {', '.join(Outcome.values)}"]})
            cards = cards.filter(outcome=params["outcome"])
        if params.get("decided") in ("true", "false"):
            cards = cards.filter(decision__isnull=params["decided"] == "false")
        return cards

    @extend_schema(
        operation_id="evaluations_scorecards_list",
        parameters=[
            OpenApiParameter("partner", int, description="only this partner's scorecard"),
            OpenApiParameter("outcome", str, description="only this recommendation", enum=Outcome.values),
            OpenApiParameter("decided", bool, description="only decided (true) or undecided (false) ones"),
        ],
        responses={200: PAGINATED_SCORECARDS, 404: PROBLEMS[404]},
        summary="The scorecards of a run: a manager's are all, a partner user's its own",
    )
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        lines = selectors.lines_of(page)
        reasons = selectors.reasons_of(page)
        viewer_is_manager = is_manager(request.user)
        return self.get_paginated_response(
            [scorecard_data(card, lines, reasons, manager_view=viewer_is_manager) for card in page]
        )


def _visible_card(request: Request, pk: int, card_pk: int) -> Scorecard:
    run = _run_for(pk)
    return get_object_or_404(selectors.visible_scorecards(request.user, run), pk=card_pk)


class ScorecardDetailView(APIView):
    @extend_schema(responses={200: SCORECARD_SHAPE, 404: PROBLEMS[404]}, summary="One scorecard")
    def get(self, request: Request, pk: int, card_pk: int) -> Response:
        card = _visible_card(request, pk, card_pk)
        data = scorecard_data(
            card, selectors.lines_of([card]), selectors.reasons_of([card]), manager_view=is_manager(request.user)
        )
        return Response(data)


class DecisionSerializer(serializers.Serializer[dict[str, Any]]):
    accept = serializers.BooleanField(help_text="true: accept the recommendation; false: override it")
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, help_text="when overriding")
    target = serializers.CharField(required=False, allow_blank=True, help_text="the classification to move to")
    reason = serializers.TextField(help_text="why (required, also when accepting)")
    decided_on = DateField(happened=True, required=False, help_text="default: today")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["accept"] and not attrs.get("outcome"):
            raise serializers.ValidationError({"outcome": ["an override names the outcome decided"]})
        return attrs


class DecisionView(APIView):
    @extend_schema(
        request=DecisionSerializer,
        responses={200: SCORECARD_SHAPE, **PROBLEMS},
        summary="Accept or override a recommendation, with a reason (manager)",
    )
    def post(self, request: Request, pk: int, card_pk: int) -> Response:
        card = _visible_card(request, pk, card_pk)
        user = manager(request)
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.scorecard_decide(
            scorecard_obj=card,
            accept=data["accept"],
            outcome=data.get("outcome"),
            target=data.get("target"),
            reason=data["reason"],
            decided_on=data.get("decided_on") or today(),
            acting_user=user,
        )
        card = _visible_card(request, pk, card_pk)
        return Response(
            scorecard_data(card, selectors.lines_of([card]), selectors.reasons_of([card]), manager_view=True)
        )


class AcceptSerializer(serializers.Serializer[dict[str, Any]]):
    outcomes = serializers.ListField(child=serializers.ChoiceField(choices=Outcome.choices), allow_empty=False)
    reason = serializers.TextField()
    decided_on = DateField(happened=True, required=False, help_text="default: today")


class AcceptView(APIView):
    permission_classes = (IsManager,)

    @extend_schema(
        request=AcceptSerializer,
        responses={
            200: inline_serializer("Accepted", {"decided": serializers.IntegerField()}),
            **PROBLEMS,
        },
        summary="Accept every undecided recommendation with the given outcomes (manager)",
    )
    def post(self, request: Request, pk: int) -> Response:
        run = _run_for(pk)
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        assert isinstance(request.user, User)
        count = services.recommendations_accept(
            run=run,
            outcomes=data["outcomes"],
            reason=data["reason"],
            decided_on=data.get("decided_on") or today(),
            acting_user=request.user,
        )
        return Response({"decided": count})


# -- notices ---------------------------------------------------------------------------------------------


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    partner_name = serializers.CharField(source="partner.name")
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = (
            "id",
            "partner",
            "partner_name",
            "period",
            "kind",
            "from_classification",
            "to_classification",
            "notify_by",
            "status",
            "subject",
            "body",
            "recipients",
            "sent_on",
            "effective_on",
            "applied_on",
            "policy_version",
            "pdf",
        )

    def get_pdf(self, notice: Notice) -> str:
        return f"/api/v1/evaluations/notices/{notice.pk}/pdf/"


@extend_schema_view(
    get=extend_schema(summary="Notices of change: a manager's are all, a partner user's its own once sent")
)
class NoticeListView(ListAPIView[Notice]):
    serializer_class = NoticeSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_notices(self.request.user)


class NoticeDetailView(GenericAPIView[Notice]):
    serializer_class = NoticeSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_notices(self.request.user)

    @extend_schema(responses={200: NoticeSerializer, 404: PROBLEMS[404]}, summary="One notice")
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


class NoticePdfView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: PROBLEMS[404]},
        summary="The notice as a PDF letter",
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        notice = get_object_or_404(selectors.visible_notices(request.user), pk=pk)
        response = HttpResponse(letters.notice_pdf(notice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letters.pdf_filename(notice)}"'
        return response


# -- policy diff, drafts and preview (R1.4) ---------------------------------------------------------------


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


def _draft_policy(draft: PolicyDraft) -> Policy:
    return load_policy_text(draft.source_text, source=draft.name)


class PolicyDiffView(APIView):
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
            400: PROBLEMS[400],
        },
        summary="What changed between two policy versions (a structural diff)",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        old = policy_of(_version_on("from", params.get("from")))
        draft = id_parameter(params, "draft")
        if draft is not None:
            manager(request)
            new = _draft_policy(_draft(draft))
        else:
            new = policy_of(_version_on("to", params.get("to")))
        return Response(diff_policies(old, new).as_dict())


def _draft(pk: object) -> PolicyDraft:
    try:
        return selectors.drafts().get(pk=int(str(pk)))
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


@extend_schema_view(get=extend_schema(summary="Draft policy versions (manager)"))
class DraftListView(ListAPIView[PolicyDraft]):
    permission_classes = (IsManager,)
    serializer_class = DraftSerializer
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def get_queryset(self) -> Any:
        return selectors.drafts()

    @extend_schema(
        request=DraftUploadSerializer,
        responses={201: DraftSerializer, **PROBLEMS},
        summary="Upload a draft policy version, validated as a published one would be (manager)",
    )
    def post(self, request: Request) -> Response:
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
            draft = services.policy_draft_upload(text=text, name=name, acting_user=request.user)
        except PolicyError as error:
            raise ValidationError({field: problems(error)}) from error
        return Response(self.get_serializer(draft).data, status=status.HTTP_201_CREATED)


class DraftDetailView(APIView):
    permission_classes = (IsManager,)

    @extend_schema(
        responses={200: DraftSerializer, 404: PROBLEMS[404]},
        summary="A draft, with what it changes against the version in force on its version date (manager)",
    )
    def get(self, request: Request, pk: int) -> Response:
        draft = _draft(pk)
        data: dict[str, Any] = dict(DraftSerializer(draft).data)
        try:
            current = policy_of(version_in_force(draft.version_date))
        except NoPolicyInForce:
            data["diff"] = None
        else:
            data["diff"] = diff_policies(current, _draft_policy(draft)).as_dict()
        return Response(data)


class DraftPreviewView(APIView):
    permission_classes = (IsManager,)

    @extend_schema(
        parameters=[AS_OF_PARAMETER],
        responses={200: OpenApiTypes.OBJECT, 404: PROBLEMS[404]},
        summary="Who would change recommendation, standing or fee under the draft, and why (manager)",
    )
    def get(self, request: Request, pk: int) -> Response:
        draft = _draft(pk)
        as_of = parse_as_of(request)
        try:
            current = policy_of(version_in_force(as_of))
        except NoPolicyInForce as error:
            raise ValidationError({"as_of": [str(error)]}) from error
        preview = preview_policy(current, _draft_policy(draft), as_of)
        return Response({"draft": draft.pk, **preview.as_dict()})


class DraftPublishView(APIView):
    permission_classes = (IsManager,)

    @extend_schema(
        request=None,
        responses={200: DraftSerializer, **PROBLEMS},
        summary="Publish a draft: in force from its version date (manager)",
    )
    def post(self, request: Request, pk: int) -> Response:
        draft = _draft(pk)
        assert isinstance(request.user, User)
        try:
            services.policy_draft_publish(draft=draft, acting_user=request.user)
        except PolicyError as error:
            raise ValidationError({"draft": problems(error)}) from error
        return Response(DraftSerializer(_draft(pk)).data)
