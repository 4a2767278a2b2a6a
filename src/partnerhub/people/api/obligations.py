"""The partner's obligations over HTTP: compliance, governance, financial standing, exceptions (manager
writes, partner reads its own).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import AS_OF_PARAMETER, valid, write_as_of
from partnerhub.core.permissions import require_manager
from partnerhub.partners.models import Partner
from partnerhub.people import selectors
from partnerhub.people.api.common import service_answers
from partnerhub.people.api.serializers import (
    ComplianceTimelineCompleteSerializer,
    ComplianceTimelineCreateSerializer,
    ComplianceTimelineSerializer,
    ComplianceVerificationCreateSerializer,
    ComplianceVerificationSerializer,
    FinancialStandingChangeSerializer,
    FinancialStandingCreateSerializer,
    GovernanceRecordCreateSerializer,
    GovernanceRecordSerializer,
    StandingExceptionCreateSerializer,
    StandingExceptionSerializer,
)
from partnerhub.people.models import (
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    StandingException,
)
from partnerhub.people.services.obligations import (
    compliance_timeline_complete,
    compliance_timeline_set,
    compliance_verification_record,
    financial_standing_set,
    governance_record_add,
    standing_exception_grant,
)

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
        with service_answers():
            created = self.write(partner=partner, acting_user=request.user, as_of=write_as_of(request), **data)
        serializer = self.get_serializer_class()
        return Response(serializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["POST"],
    request=ComplianceVerificationCreateSerializer,
    responses={201: ComplianceVerificationSerializer},
    parameters=[AS_OF_PARAMETER],
)
class ComplianceVerificationsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/compliance-verifications/` (§9.1); POST: manager."""

    serializer_class = ComplianceVerificationSerializer
    create_serializer = ComplianceVerificationCreateSerializer
    model = ComplianceVerification

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_compliance_verifications(partner)

    def write(self, **arguments: Any) -> Any:
        return compliance_verification_record(**arguments)


@extend_schema(
    methods=["POST"],
    request=ComplianceTimelineCreateSerializer,
    responses={201: ComplianceTimelineSerializer},
    parameters=[AS_OF_PARAMETER],
)
class ComplianceTimelinesView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/compliance-timelines/` (§2.0): timelines communicated for programme
    compliance; one overdue and not completed breaks good standing. POST: manager."""

    serializer_class = ComplianceTimelineSerializer
    create_serializer = ComplianceTimelineCreateSerializer
    model = ComplianceTimeline

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_compliance_timelines(partner)

    def write(self, **arguments: Any) -> Any:
        return compliance_timeline_set(**arguments)


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
        with service_answers():
            timeline = compliance_timeline_complete(
                timeline=timeline, acting_user=request.user, as_of=write_as_of(request), **data
            )
        return Response(ComplianceTimelineSerializer(timeline).data)


@extend_schema(
    methods=["POST"],
    request=GovernanceRecordCreateSerializer,
    responses={201: GovernanceRecordSerializer},
    parameters=[AS_OF_PARAMETER],
)
class GovernanceRecordsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/governance-records/` (§5.0); POST: manager."""

    serializer_class = GovernanceRecordSerializer
    create_serializer = GovernanceRecordCreateSerializer
    model = GovernanceRecord

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_governance_records(partner)

    def write(self, **arguments: Any) -> Any:
        return governance_record_add(**arguments)


@extend_schema(
    methods=["POST"],
    request=FinancialStandingCreateSerializer,
    responses={201: FinancialStandingChangeSerializer},
    parameters=[AS_OF_PARAMETER],
)
class FinancialStandingView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/financial-standing/` (§5.2): the flag's history; POST: manager."""

    serializer_class = FinancialStandingChangeSerializer
    create_serializer = FinancialStandingCreateSerializer
    model = FinancialStandingChange

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_financial_standing(partner)

    def write(self, **arguments: Any) -> Any:
        return financial_standing_set(**arguments)


@extend_schema(
    methods=["POST"],
    request=StandingExceptionCreateSerializer,
    responses={201: StandingExceptionSerializer},
    parameters=[AS_OF_PARAMETER],
)
class StandingExceptionsView(PartnerRecordsView):
    """`GET|POST /api/v1/partners/{id}/exceptions/` (§5.2, R2.8); POST: manager."""

    serializer_class = StandingExceptionSerializer
    create_serializer = StandingExceptionCreateSerializer
    model = StandingException

    def rows(self, partner: Partner) -> Any:
        return selectors.partner_exceptions(partner)

    def write(self, **arguments: Any) -> Any:
        return standing_exception_grant(**arguments)
