"""The people API: resource persons, certifications, training, compliance, governance, financial standing,
exceptions, and good standing, gap and due dates (docs/api.md; docs/policy.md#r2-7, R2.8, R3.1, R10).

Every object is reached through the tenancy selectors (another partner's is 404); manager-only actions
answer 403 to a partner user of the partner itself. Writes take `?as_of=` as the day they are recorded
(default: today), which is the day the policy in force and the registration check (§2.0) are judged on.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import (
    AS_OF_PARAMETER,
    ReasonSerializer,
    parse_as_of,
    query_date,
    require_manager,
    today,
    valid,
    write_as_of,
)
from partnerhub.core.fields import DateField
from partnerhub.core.filters import id_parameter
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.permissions import IsManager
from partnerhub.core.security import record_security_event
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import PartnerState, partner_state_on, partner_states_on
from partnerhub.people import selectors, services
from partnerhub.people.facts import active_people
from partnerhub.people.models import (
    Certification,
    CertificationKind,
    CertificationStatus,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceKind,
    GovernanceRecord,
    Person,
    Role,
    StandingException,
    TrainingKind,
    TrainingRecord,
)
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

T = TypeVar("T")


@contextmanager
def _answers() -> Iterator[None]:
    """Service errors as API answers: bad input 400 with field errors, no policy in force 404."""
    try:
        yield
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise ValidationError(detail) from error
    except NoPolicyInForce as error:
        raise NotFound(str(error)) from error


# -- serializers -------------------------------------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer[Certification]):
    person = serializers.IntegerField(source="person_id", read_only=True)
    partner = serializers.IntegerField(source="person.partner_id", read_only=True)
    product = serializers.SerializerMethodField()
    verified = serializers.BooleanField(read_only=True, help_text="only a verified certification counts (§5.0)")

    class Meta:
        model = Certification
        fields = (
            "id",
            "person",
            "partner",
            "kind",
            "product",
            "earned_on",
            "expires_on",
            "verified",
            "status",
            "decided_on",
            "rejection_reason",
            "created_at",
        )

    def get_product(self, certification: Certification) -> str | None:
        return certification.product or None


class PersonSerializer(serializers.ModelSerializer[Person]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = (
            "id",
            "partner",
            "name",
            "email",
            "region",
            "roles",
            "joined_on",
            "left_on",
            "certifications",
            "created_at",
        )


class PersonCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254)
    region = serializers.CharField(max_length=20)
    roles = serializers.ListField(child=serializers.CharField(max_length=30), allow_empty=True)
    joined_on = DateField(happened=True, backdate=False, required=False, allow_null=True)


class PersonLeaveSerializer(serializers.Serializer[Any]):
    left_on = DateField(happened=True, backdate=False)


class CertificationCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CertificationKind.choices)
    product = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    earned_on = DateField(happened=True, help_text="a claim until a vendor manager verifies it")
    expires_on = DateField(required=False, allow_null=True)


class CertificationVerifySerializer(serializers.Serializer[Any]):
    verified_on = DateField(happened=True, policy=True, required=False, help_text="default today")


class CertificationRejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="why it is not verified; the partner is told")
    rejected_on = DateField(happened=True, policy=True, required=False, help_text="default today")


class TrainingSerializer(serializers.ModelSerializer[TrainingRecord]):
    person = serializers.IntegerField(source="person_id", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ("id", "person", "kind", "completed_on", "created_at")
        read_only_fields = ("id", "person", "created_at")


class TrainingCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    completed_on = DateField(happened=True, backdate=False)


class ComplianceVerificationSerializer(serializers.ModelSerializer[ComplianceVerification]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = ComplianceVerification
        fields = ("id", "partner", "verified_on", "note", "created_at")


class ComplianceVerificationCreateSerializer(serializers.Serializer[Any]):
    verified_on = DateField(happened=True)
    note = serializers.TextField(required=False, allow_blank=True, default="")


class ComplianceTimelineSerializer(serializers.ModelSerializer[ComplianceTimeline]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = ComplianceTimeline
        fields = ("id", "partner", "requirement", "section", "communicated_on", "due_on", "completed_on", "created_at")


class ComplianceTimelineCreateSerializer(serializers.Serializer[Any]):
    requirement = serializers.CharField()
    section = serializers.CharField(default="2.0", help_text="the policy section the obligation comes from")
    communicated_on = DateField(happened=True)
    due_on = DateField()


class ComplianceTimelineCompleteSerializer(serializers.Serializer[Any]):
    completed_on = DateField(happened=True)


class GovernanceRecordSerializer(serializers.ModelSerializer[GovernanceRecord]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = GovernanceRecord
        fields = ("id", "partner", "kind", "effective_on", "valid_until", "note", "created_at")


class GovernanceRecordCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=GovernanceKind.choices)
    effective_on = DateField(happened=True)
    valid_until = DateField(required=False, allow_null=True)
    note = serializers.TextField(required=False, allow_blank=True, default="")


class FinancialStandingChangeSerializer(serializers.ModelSerializer[FinancialStandingChange]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = FinancialStandingChange
        fields = ("id", "partner", "flagged", "effective_on", "reason", "created_at")


class FinancialStandingCreateSerializer(serializers.Serializer[Any]):
    flagged = serializers.BooleanField()
    effective_on = DateField(happened=True)
    reason = serializers.TextField()


class StandingExceptionSerializer(serializers.ModelSerializer[StandingException]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = StandingException
        fields = ("id", "partner", "qualification", "starts_on", "ends_on", "reason", "approved_by", "created_at")


class StandingExceptionCreateSerializer(serializers.Serializer[Any]):
    qualification = serializers.CharField(max_length=60)
    starts_on = DateField()
    ends_on = DateField()
    reason = serializers.TextField()
    approved_by = serializers.CharField(max_length=200)


# -- resource persons -------------------------------------------------------------------------------------------


class PartnerPeopleView(generics.ListAPIView[Person]):
    """`GET|POST /api/v1/partners/{id}/people/`: a partner's resource persons (manager or its own users)."""

    serializer_class = PersonSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        partner = selectors.visible_partner(self.request.user, self.kwargs["partner_id"])
        people = selectors.partner_people(partner)
        active_on = query_date(self.request, "active_on")
        if active_on is not None:
            people = people.filter(active_people(active_on))
        return people

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer}, parameters=[AS_OF_PARAMETER])
    def post(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        data = valid(PersonCreateSerializer, request)
        with _answers():
            person = services.person_create(
                partner=partner, acting_user=request.user, as_of=write_as_of(request), **data
            )
        return Response(PersonSerializer(selectors.partner_people(partner).get(pk=person.pk)).data, status=201)


class PersonListView(generics.ListAPIView[Person]):
    """`GET /api/v1/people/`: every person the user may see; `?partner=` narrows to one partner."""

    serializer_class = PersonSerializer

    @extend_schema(parameters=[OpenApiParameter("partner", OpenApiTypes.INT)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        people = selectors.visible_people(self.request.user).order_by("partner_id", "name", "id")
        partner = id_parameter(self.request.query_params, "partner")
        if partner is not None:
            people = people.filter(partner_id=partner)
        return people


class PersonDetailView(generics.RetrieveAPIView[Person]):
    serializer_class = PersonSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_people(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        # A person's name and email are personal data: who read them is in the security log.
        record_security_event(SecurityEventKind.PERSONAL_DATA, request=request, detail={"person": response.data["id"]})
        return response


class PersonLeaveView(APIView):
    """`POST /api/v1/people/{id}/leave/` `{"left_on"}`: the person no longer counts from that day."""

    @extend_schema(request=PersonLeaveSerializer, responses=PersonSerializer, parameters=[AS_OF_PARAMETER])
    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        data = valid(PersonLeaveSerializer, request)
        with _answers():
            services.person_leave(person=person, acting_user=request.user, as_of=write_as_of(request), **data)
        return Response(PersonSerializer(selectors.visible_people(request.user).get(pk=pk)).data)


def _person(request: Request, pk: int) -> Person:
    person = selectors.visible_people(request.user).filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


# -- certifications and training --------------------------------------------------------------------------------


class PersonCertificationsView(generics.ListAPIView[Certification]):
    """`GET|POST /api/v1/people/{id}/certifications/`."""

    serializer_class = CertificationSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Certification.objects.none()
        person = _person(self.request, self.kwargs["pk"])
        return selectors.visible_certifications(self.request.user).filter(person=person)

    @extend_schema(
        request=CertificationCreateSerializer, responses={201: CertificationSerializer}, parameters=[AS_OF_PARAMETER]
    )
    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        data = valid(CertificationCreateSerializer, request)
        with _answers():
            certification = services.certification_add(
                person=person,
                kind=data["kind"],
                product=data.get("product") or "",
                earned_on=data["earned_on"],
                expires_on=data.get("expires_on"),
                acting_user=request.user,
                as_of=write_as_of(request),
            )
        return Response(CertificationSerializer(certification).data, status=201)


class CertificationListView(generics.ListAPIView[Certification]):
    """`GET /api/v1/certifications/`: `?partner=`, `?kind=`, `?status=` (`claimed`: the managers' queue to
    verify), `?valid_on=YYYY-MM-DD` narrow the list."""

    serializer_class = CertificationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("partner", OpenApiTypes.INT),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=CertificationKind.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=CertificationStatus.values),
            OpenApiParameter("valid_on", OpenApiTypes.DATE),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        certifications = selectors.visible_certifications(self.request.user).order_by("person_id", "kind", "id")
        partner = id_parameter(params, "partner")
        if partner is not None:
            certifications = certifications.filter(person__partner_id=partner)
        if params.get("kind"):
            certifications = certifications.filter(kind=params["kind"])
        if params.get("status"):
            if params["status"] not in CertificationStatus.values:
                raise ValidationError({"status": [f"one of {', '.join(CertificationStatus.values)}"]})
            certifications = certifications.filter(status=params["status"])
        valid_on = query_date(self.request, "valid_on")
        if valid_on is not None:
            certifications = certifications.filter(earned_on__lte=valid_on, expires_on__gte=valid_on)
        return certifications


class CertificationDetailView(generics.RetrieveAPIView[Certification]):
    serializer_class = CertificationSerializer

    def get_queryset(self) -> Any:
        return selectors.visible_certifications(self.request.user)


def _certification(request: Request, pk: int) -> Certification:
    certification = selectors.visible_certifications(request.user).filter(pk=pk).first()
    if certification is None:
        raise NotFound()
    return certification


class CertificationVerifyView(APIView):
    """`POST /api/v1/certifications/{id}/verify/` (manager): a partner's claim now counts (§5.0)."""

    @extend_schema(request=CertificationVerifySerializer, responses=CertificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        certification = _certification(request, pk)
        require_manager(request)
        data = valid(CertificationVerifySerializer, request)
        with _answers():
            certification = services.certification_verify(
                certification=certification, acting_user=request.user, as_of=data.get("verified_on") or today()
            )
        return Response(CertificationSerializer(certification).data)


class CertificationRejectView(APIView):
    """`POST /api/v1/certifications/{id}/reject/` `{"reason"}` (manager): a partner's claim never counts."""

    @extend_schema(request=CertificationRejectSerializer, responses=CertificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        certification = _certification(request, pk)
        require_manager(request)
        data = valid(CertificationRejectSerializer, request)
        with _answers():
            certification = services.certification_reject(
                certification=certification,
                reason=data["reason"],
                acting_user=request.user,
                as_of=data.get("rejected_on") or today(),
            )
        return Response(CertificationSerializer(certification).data)


class PersonTrainingsView(generics.ListAPIView[TrainingRecord]):
    """`GET|POST /api/v1/people/{id}/trainings/`: annual online or advanced training completed (§9.1)."""

    serializer_class = TrainingSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return TrainingRecord.objects.none()
        person = _person(self.request, self.kwargs["pk"])
        return selectors.visible_trainings(self.request.user).filter(person=person).order_by("-completed_on", "-id")

    @extend_schema(request=TrainingCreateSerializer, responses={201: TrainingSerializer}, parameters=[AS_OF_PARAMETER])
    def post(self, request: Request, pk: int) -> Response:
        person = _person(request, pk)
        data = valid(TrainingCreateSerializer, request)
        with _answers():
            training = services.training_record(
                person=person, acting_user=request.user, as_of=write_as_of(request), **data
            )
        return Response(TrainingSerializer(training).data, status=201)


# -- the partner's obligations (manager writes, partner reads its own) -----------------------------------------


class PartnerRecordsView(generics.ListAPIView[Any]):
    """A partner's dated records: read by the manager or the partner's own users, written by a manager."""

    create_serializer: type[serializers.Serializer[Any]]
    model: type[Model]

    def rows(self, partner: Partner) -> Any:
        raise NotImplementedError

    def write(self, **arguments: Any) -> Any:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return self.rows(selectors.visible_partner(self.request.user, self.kwargs["partner_id"]))

    def post(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        require_manager(request)
        data = valid(self.create_serializer, request)
        with _answers():
            created = self.write(partner=partner, acting_user=request.user, as_of=write_as_of(request), **data)
        serializer = self.get_serializer_class()
        return Response(serializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["POST"], request=ComplianceVerificationCreateSerializer, parameters=[AS_OF_PARAMETER])
class ComplianceVerificationsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/compliance-verifications/` (§9.1); POST: manager."""

    serializer_class = ComplianceVerificationSerializer
    create_serializer = ComplianceVerificationCreateSerializer
    model = ComplianceVerification

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_compliance_verifications(partner)

    def write(self, **arguments: Any) -> Any:
        return services.compliance_verification_record(**arguments)


@extend_schema(methods=["POST"], request=ComplianceTimelineCreateSerializer, parameters=[AS_OF_PARAMETER])
class ComplianceTimelinesView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/compliance-timelines/` (§2.0): timelines communicated for programme
    compliance; one overdue and not completed breaks good standing. POST: manager."""

    serializer_class = ComplianceTimelineSerializer
    create_serializer = ComplianceTimelineCreateSerializer
    model = ComplianceTimeline

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_compliance_timelines(partner)

    def write(self, **arguments: Any) -> Any:
        return services.compliance_timeline_set(**arguments)


class ComplianceTimelineCompleteView(generics.GenericAPIView[ComplianceTimeline]):
    """`POST /api/v1/compliance-timelines/{id}/complete/` `{"completed_on"}` (manager)."""

    serializer_class = ComplianceTimelineSerializer

    @extend_schema(
        request=ComplianceTimelineCompleteSerializer,
        responses=ComplianceTimelineSerializer,
        parameters=[AS_OF_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        timeline = selectors.visible_compliance_timeline(request.user, pk)
        require_manager(request)
        data = valid(ComplianceTimelineCompleteSerializer, request)
        with _answers():
            timeline = services.compliance_timeline_complete(
                timeline=timeline, acting_user=request.user, as_of=write_as_of(request), **data
            )
        return Response(ComplianceTimelineSerializer(timeline).data)


@extend_schema(methods=["POST"], request=GovernanceRecordCreateSerializer, parameters=[AS_OF_PARAMETER])
class GovernanceRecordsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/governance-records/` (§5.0); POST: manager."""

    serializer_class = GovernanceRecordSerializer
    create_serializer = GovernanceRecordCreateSerializer
    model = GovernanceRecord

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_governance_records(partner)

    def write(self, **arguments: Any) -> Any:
        return services.governance_record_add(**arguments)


@extend_schema(methods=["POST"], request=FinancialStandingCreateSerializer, parameters=[AS_OF_PARAMETER])
class FinancialStandingView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/financial-standing/` (§5.2): the flag's history; POST: manager."""

    serializer_class = FinancialStandingChangeSerializer
    create_serializer = FinancialStandingCreateSerializer
    model = FinancialStandingChange

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_financial_standing(partner)

    def write(self, **arguments: Any) -> Any:
        return services.financial_standing_set(**arguments)


@extend_schema(methods=["POST"], request=StandingExceptionCreateSerializer, parameters=[AS_OF_PARAMETER])
class StandingExceptionsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/exceptions/` (§5.2, R2.8); POST: manager."""

    serializer_class = StandingExceptionSerializer
    create_serializer = StandingExceptionCreateSerializer
    model = StandingException

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_exceptions(partner)

    def write(self, **arguments: Any) -> Any:
        return services.standing_exception_grant(**arguments)


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
        with _answers():
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
        with _answers():
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
        with _answers():
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

    permission_classes = (IsAuthenticated, IsManager)

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
            with _answers():
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


# -- CSV import ------------------------------------------------------------------------------------------------


class CsvParser(BaseParser):
    media_type = "text/csv"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return {"csv": stream.read()}


class PeopleImportView(APIView):
    """`POST /api/v1/partners/{id}/people/import/`: people and certifications from CSV (the columns:
    docs/people.md#importing-people).

    The file is a `file` field of a multipart form, or the whole body with `Content-Type: text/csv`.
    `?dry_run=true` (or a `dry_run` form field) checks without writing. Any bad row: 400 with every bad
    row in `errors` ("line 3": [reasons]) and nothing imported.
    """

    parser_classes = (CsvParser, MultiPartParser, FormParser, JSONParser)

    @extend_schema(
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
        parameters=[AS_OF_PARAMETER, OpenApiParameter("dry_run", OpenApiTypes.BOOL)],
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request, partner_id: int) -> Response:
        partner = selectors.visible_partner(request.user, partner_id)
        text = _csv_text(request)
        form = request.data if isinstance(request.data, Mapping) else {}
        dry_run = str(request.query_params.get("dry_run", form.get("dry_run", ""))).lower() in ("1", "true", "yes")
        with _answers():
            report = services.people_import(
                partner=partner, text=text, dry_run=dry_run, acting_user=request.user, as_of=write_as_of(request)
            )
        if report.errors:
            raise ValidationError(report.field_errors())
        return Response(report.as_dict(), status=200 if dry_run else 201)


MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _csv_text(request: Request) -> str:
    form = request.data if isinstance(request.data, Mapping) else {}
    raw: Any = form.get("csv")
    upload = request.FILES.get("file") if hasattr(request, "FILES") else None
    if upload is not None:
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [f"larger than {MAX_UPLOAD_BYTES} bytes"]})
        raw = upload.read()
    if raw is None:
        raise ValidationError({"file": ["send the CSV as a `file` form field or as a text/csv body"]})
    if isinstance(raw, bytes):
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": [f"larger than {MAX_UPLOAD_BYTES} bytes"]})
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError({"file": ["the file is not UTF-8 text"]}) from error
    return str(raw)
