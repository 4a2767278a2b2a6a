"""`/api/v1/evaluations/`: evaluation runs, started by a manager and listed with their progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today
from partnerhub.core.fields import DateField
from partnerhub.core.permissions import SIGNED_IN, IsManager, is_manager, require_manager
from partnerhub.evaluations import selectors
from partnerhub.evaluations.models import EvaluationRun, Outcome
from partnerhub.evaluations.periods import UnknownPeriod
from partnerhub.evaluations.services.decisions import recommendations_accept
from partnerhub.evaluations.services.runs import evaluation_run_create


class RunCreateSerializer(serializers.Serializer[dict[str, Any]]):
    period = serializers.PeriodField(help_text="the fiscal quarter, YYYYQn, e.g. 2019Q2 (Q4 is the annual evaluation)")
    rerun = serializers.BooleanField(
        default=False, help_text="evaluate a period again; the earlier run is kept (otherwise 409)"
    )
    as_of = DateField(happened=True, policy=True, required=False, help_text="the date of the run (default: today)")


class AcceptSerializer(serializers.Serializer[dict[str, Any]]):
    outcomes = serializers.ListField(child=serializers.ChoiceField(choices=Outcome.choices), allow_empty=False)
    reason = serializers.TextField()
    decided_on = DateField(happened=True, required=False, help_text="default: today")


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
    list=extend_schema(
        parameters=[OpenApiParameter("period", str, description="only the runs of this period, e.g. 2019Q2")],
        summary="Evaluation runs, newest period first",
    ),
    retrieve=extend_schema(responses={200: RunSerializer, 404: PROBLEM_RESPONSES[404]}, summary="One evaluation run"),
)
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[EvaluationRun]):
    serializer_class = RunSerializer

    def get_queryset(self) -> Any:
        queryset = selectors.runs()
        period = self.request.query_params.get("period") if self.action == "list" else None
        return queryset.filter(period=period) if period else queryset

    @extend_schema(
        request=RunCreateSerializer,
        responses={201: RunSerializer, **PROBLEM_RESPONSES},
        summary="Evaluate a quarter for the whole programme (manager)",
    )
    def create(self, request: Request) -> Response:
        user = require_manager(request)
        body = RunCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            run = evaluation_run_create(
                period=data["period"], as_of=data.get("as_of") or today(), acting_user=user, rerun=data["rerun"]
            )
        except UnknownPeriod as error:
            raise ValidationError({"period": [str(error)]}) from error
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AcceptSerializer,
        responses={
            200: inline_serializer("Accepted", {"decided": serializers.IntegerField()}),
            **PROBLEM_RESPONSES,
        },
        summary="Accept every undecided recommendation with the given outcomes (manager)",
    )
    @action(detail=True, methods=["post"], permission_classes=(*SIGNED_IN, IsManager))
    def accept(self, request: Request, pk: int) -> Response:
        run = self.get_object()
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        assert isinstance(request.user, User)
        count = recommendations_accept(
            run=run,
            outcomes=data["outcomes"],
            reason=data["reason"],
            decided_on=data.get("decided_on") or today(),
            acting_user=request.user,
        )
        return Response({"decided": count})
