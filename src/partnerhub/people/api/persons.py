"""`/api/v1/partners/{id}/people/` and `/api/v1/people/`: resource persons."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core.api import (
    AS_OF_PARAMETER,
    query_date,
    valid,
    write_as_of,
)
from partnerhub.core.filters import id_parameter
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event
from partnerhub.people import selectors
from partnerhub.people.api.common import service_answers
from partnerhub.people.api.serializers import PersonCreateSerializer, PersonLeaveSerializer, PersonSerializer
from partnerhub.people.facts import active_people
from partnerhub.people.models import (
    Person,
)
from partnerhub.people.services.persons import person_create, person_leave

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
        with service_answers():
            person = person_create(partner=partner, acting_user=request.user, as_of=write_as_of(request), **data)
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
        person = visible_person(request, pk)
        data = valid(PersonLeaveSerializer, request)
        with service_answers():
            person_leave(person=person, acting_user=request.user, as_of=write_as_of(request), **data)
        return Response(PersonSerializer(selectors.visible_people(request.user).get(pk=pk)).data)


def visible_person(request: Request, pk: int) -> Person:
    person = selectors.visible_people(request.user).filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person
