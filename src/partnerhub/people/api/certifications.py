"""Certifications (claimed, verified, rejected) and training records over HTTP."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core.api import AS_OF_PARAMETER, query_date, today, valid, write_as_of
from partnerhub.core.filters import id_parameter
from partnerhub.core.permissions import require_manager
from partnerhub.people import selectors
from partnerhub.people.api.common import service_answers
from partnerhub.people.api.persons import visible_person
from partnerhub.people.api.serializers import (
    CertificationCreateSerializer,
    CertificationRejectSerializer,
    CertificationSerializer,
    CertificationVerifySerializer,
    TrainingCreateSerializer,
    TrainingSerializer,
)
from partnerhub.people.models import (
    Certification,
    CertificationKind,
    CertificationStatus,
    TrainingRecord,
)
from partnerhub.people.services.certifications import (
    certification_add,
    certification_reject,
    certification_verify,
    training_record,
)

# -- certifications and training --------------------------------------------------------------------------------


class PersonCertificationsView(generics.ListAPIView[Certification]):
    """`GET|POST /api/v1/people/{id}/certifications/`."""

    serializer_class = CertificationSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Certification.objects.none()
        person = visible_person(self.request, self.kwargs["pk"])
        return selectors.visible_certifications(self.request.user).filter(person=person)

    @extend_schema(
        request=CertificationCreateSerializer, responses={201: CertificationSerializer}, parameters=[AS_OF_PARAMETER]
    )
    def post(self, request: Request, pk: int) -> Response:
        person = visible_person(request, pk)
        data = valid(CertificationCreateSerializer, request)
        with service_answers():
            certification = certification_add(
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
        with service_answers():
            certification = certification_verify(
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
        with service_answers():
            certification = certification_reject(
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
        person = visible_person(self.request, self.kwargs["pk"])
        return selectors.visible_trainings(self.request.user).filter(person=person).order_by("-completed_on", "-id")

    @extend_schema(request=TrainingCreateSerializer, responses={201: TrainingSerializer}, parameters=[AS_OF_PARAMETER])
    def post(self, request: Request, pk: int) -> Response:
        person = visible_person(request, pk)
        data = valid(TrainingCreateSerializer, request)
        with service_answers():
            training = training_record(person=person, acting_user=request.user, as_of=write_as_of(request), **data)
        return Response(TrainingSerializer(training).data, status=201)
