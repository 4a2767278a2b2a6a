"""Good standing, the gap to the next classification and due dates, for one partner or all of them."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import (
    AS_OF_PARAMETER,
    ReasonSerializer,
    parse_as_of,
)
from partnerhub.core.permissions import SIGNED_IN, IsManager
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import PartnerState, partner_state_on, partner_states_on
from partnerhub.people import selectors
from partnerhub.people.api.common import service_answers
from partnerhub.policystore.selectors import policy_in_force

# -- standing, gap, due dates ------------------------------------------------------------------------------------


def standing_body(partner: Partner, decision: Any, as_of: dt.date, state: PartnerState | None = None) -> dict[str, Any]:
    """The standing answer, naming the status and classification in force on `as_of` (docs/history.md)."""
    if state is None:
        state = partner_state_on(partner, as_of)
    return {
        "partner": partner.pk,
        "name": partner.name,
        "as_of": as_of.isoformat(),
        "good_standing": bool(decision.outcome),
        "status": state.status,
        "classification": state.classification,
        "policy_version": decision.policy_version.isoformat(),
        "reasons": [reason.as_dict() for reason in decision.reasons],
        "lines": [line.as_dict() for line in decision.facts.get("lines", ())],
    }


class StandingSerializer(serializers.Serializer[Any]):
    """The shape of a standing answer (documentation only)."""

    partner = serializers.IntegerField()
    name = serializers.CharField()
    as_of = serializers.DateField()
    good_standing = serializers.BooleanField()
    status = serializers.CharField()
    classification = serializers.CharField()
    policy_version = serializers.DateField()
    reasons = ReasonSerializer(many=True)
    lines = serializers.ListField(child=serializers.DictField())


class PartnerStandingView(APIView):
    @extend_schema(parameters=[AS_OF_PARAMETER], responses=StandingSerializer, summary="Good standing on a date (R2.7)")
    def get(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        as_of = parse_as_of(request)
        with service_answers():
            decision = selectors.partner_standing(partner, as_of)
        return Response(standing_body(partner, decision, as_of))


class GapView(APIView):
    @extend_schema(
        parameters=[AS_OF_PARAMETER],
        responses=inline_serializer(
            "Gap",
            {
                "partner": serializers.IntegerField(),
                "as_of": serializers.DateField(),
                "classification": serializers.CharField(),
                "target": serializers.CharField(allow_null=True),
                "ready": serializers.BooleanField(),
                "missing": serializers.ListField(child=serializers.CharField()),
                "policy_version": serializers.DateField(),
                "reasons": ReasonSerializer(many=True),
                "lines": serializers.ListField(child=serializers.DictField()),
            },
        ),
        summary="What is missing for the next classification (§3.0, R3.1)",
    )
    def get(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        as_of = parse_as_of(request)
        with service_answers():
            decision = selectors.partner_gap(partner, as_of)
        return Response(
            {
                "partner": partner.pk,
                "as_of": as_of.isoformat(),
                **decision.outcome.as_dict(),
                "policy_version": decision.policy_version.isoformat(),
                "reasons": [reason.as_dict() for reason in decision.reasons],
            }
        )


class DueDatesView(APIView):
    @extend_schema(
        parameters=[
            AS_OF_PARAMETER,
            OpenApiParameter("days", OpenApiTypes.INT, description="horizon; default: the policy's reminder lead"),
        ],
        responses=inline_serializer(
            "DueDates",
            {
                "partner": serializers.IntegerField(),
                "as_of": serializers.DateField(),
                "days": serializers.IntegerField(),
                "policy_version": serializers.DateField(),
                "due": serializers.ListField(child=serializers.DictField()),
            },
        ),
        summary="Each person's certifications and trainings falling due (R10.1)",
    )
    def get(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        as_of = parse_as_of(request)
        with service_answers():
            policy = policy_in_force(as_of)
        raw = request.query_params.get("days")
        if raw is None:
            days = policy.windows.reminder_lead_days
        elif raw.isascii() and raw.isdigit() and int(raw) <= 3660:
            days = int(raw)
        else:
            raise ValidationError({"days": [f"{raw!r} is not a number of days from 0 to 3660"]})
        due = selectors.partner_due_dates(partner, as_of, days)
        return Response(
            {
                "partner": partner.pk,
                "as_of": as_of.isoformat(),
                "days": days,
                "policy_version": policy.version_date.isoformat(),
                "due": [item.as_dict() for item in due],
            }
        )


STANDING_PAGE = 100
STANDING_PAGE_MAX = 1000


def _standing_cursor(raw: str | None) -> tuple[str, int] | None:
    """The opaque `cursor` of a standing page: the last partner (name, id) the previous page went through."""
    if raw is None:
        return None
    try:
        name, pk = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())
        return str(name), int(pk)
    except (ValueError, TypeError, UnicodeError):
        raise ValidationError({"cursor": ["not a cursor this list gave; start without one"]}) from None


def _page_size(raw: str | None) -> int:
    if raw is None:
        return STANDING_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= STANDING_PAGE_MAX:
        raise ValidationError({"page_size": [f"a whole number from 1 to {STANDING_PAGE_MAX}"]})
    return int(raw)


class AllStandingView(APIView):
    """`GET /api/v1/standing/?as_of=`: every partner's good standing on a date (manager), set-based, a page at
    a time: partners by name, `page_size` of them (default 100), `next` the link to the following page.

    Each page gathers the facts of its own partners only, so no answer (and no worker) grows with the number
    of partners; with `good_standing`, partners are judged a page's worth at a time until the page is full.
    """

    permission_classes = (*SIGNED_IN, IsManager)

    @extend_schema(
        parameters=[
            AS_OF_PARAMETER,
            OpenApiParameter("good_standing", OpenApiTypes.BOOL),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {STANDING_PAGE_MAX}, default 100"),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="from the previous page's `next`"),
        ],
        responses=inline_serializer(
            "StandingPage",
            {"next": serializers.URLField(allow_null=True), "results": StandingSerializer(many=True)},
        ),
        summary="Good standing of every partner, a page at a time (manager)",
    )
    def get(self, request: Request) -> Response:
        as_of = parse_as_of(request)
        wanted = request.query_params.get("good_standing")
        if wanted not in (None, "true", "false"):
            raise ValidationError({"good_standing": ["true or false"]})
        size = _page_size(request.query_params.get("page_size"))
        after = _standing_cursor(request.query_params.get("cursor"))
        results: list[dict[str, Any]] = []
        more = True
        while more and len(results) < size:
            partners = Partner.objects.order_by("name", "id")
            if after is not None:
                partners = partners.filter(Q(name__gt=after[0]) | Q(name=after[0], pk__gt=after[1]))
            chunk = list(partners[:size])
            more = len(chunk) == size
            if not chunk:
                break
            with service_answers():
                scope = Partner.objects.filter(pk__in=[p.pk for p in chunk])
                decisions = selectors.standing_for_all(as_of, scope)
            states = partner_states_on(as_of, scope)
            for partner in chunk:
                after = (partner.name, partner.pk)
                decision = decisions[partner.pk]
                if wanted is None or bool(decision.outcome) == (wanted == "true"):
                    results.append(standing_body(partner, decision, as_of, states[partner.pk]))
                    if len(results) == size:
                        more = more or partner is not chunk[-1]
                        break
        following = None
        if more and after is not None:
            cursor = base64.urlsafe_b64encode(json.dumps(list(after)).encode()).decode()
            following = replace_query_param(request.build_absolute_uri(), "cursor", cursor)
        return Response({"next": following, "results": results})
