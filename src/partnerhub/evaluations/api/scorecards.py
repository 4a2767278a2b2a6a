"""A run's scorecards, and the manager's decisions on them (one, or the recommendations accepted)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, today
from partnerhub.core.fields import DateField
from partnerhub.core.filters import id_parameter
from partnerhub.core.permissions import is_manager, require_manager
from partnerhub.evaluations import selectors
from partnerhub.evaluations.models import EvaluationRun, Outcome, Scorecard
from partnerhub.evaluations.services.decisions import scorecard_decide

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


# The scorecards of one run, under `/evaluations/<pk>/scorecards/<card_pk>/`: nested, so routed by hand in urls.py.
class ScorecardViewSet(viewsets.GenericViewSet[Scorecard]):
    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no run in its URL
            return Scorecard.objects.none()
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
        responses={200: SCORECARD_SHAPE, 404: PROBLEM_RESPONSES[404]},
        summary="The scorecards of a run: a manager's are all, a partner user's its own",
    )
    def list(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        lines = selectors.lines_of(page)
        reasons = selectors.reasons_of(page)
        viewer_is_manager = is_manager(request.user)
        return self.get_paginated_response(
            [scorecard_data(card, lines, reasons, manager_view=viewer_is_manager) for card in page]
        )

    @extend_schema(responses={200: SCORECARD_SHAPE, 404: PROBLEM_RESPONSES[404]}, summary="One scorecard")
    def retrieve(self, request: Request, pk: int, card_pk: int) -> Response:
        card = _visible_card(request, pk, card_pk)
        data = scorecard_data(
            card, selectors.lines_of([card]), selectors.reasons_of([card]), manager_view=is_manager(request.user)
        )
        return Response(data)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: SCORECARD_SHAPE, **PROBLEM_RESPONSES},
        summary="Accept or override a recommendation, with a reason (manager)",
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: int, card_pk: int) -> Response:
        card = _visible_card(request, pk, card_pk)
        user = require_manager(request)
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        scorecard_decide(
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


def _visible_card(request: Request, pk: int, card_pk: int) -> Scorecard:
    run = _run_for(pk)
    return get_object_or_404(selectors.visible_scorecards(request.user, run), pk=card_pk)
