"""The webhooks API (managers only): endpoints, their deliveries with each attempt's answer, replay."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, valid
from partnerhub.core.permissions import SIGNED_IN, IsManager, require_manager
from partnerhub.partners.models import Partner
from partnerhub.webhooks import services
from partnerhub.webhooks.models import EVENT_TYPES, Attempt, Delivery, Endpoint


class EndpointSerializer(serializers.ModelSerializer[Endpoint]):
    class Meta:
        model = Endpoint
        fields = ("id", "url", "description", "events", "partner", "active", "secret", "created_at")
        read_only_fields = fields


class EndpointCreateSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    events = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=False)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False, allow_null=True)


class EndpointUpdateSerializer(serializers.Serializer[Any]):
    events = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=False, required=False)
    active = serializers.BooleanField(required=False)


class EventTypeSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    description = serializers.CharField()


class AttemptSerializer(serializers.ModelSerializer[Attempt]):
    class Meta:
        model = Attempt
        fields = ("at", "status_code", "response", "seconds")


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    event_id = serializers.UUIDField(source="event.key")
    event_type = serializers.CharField(source="event.type")
    attempt_log = AttemptSerializer(many=True)

    class Meta:
        model = Delivery
        fields = (
            "id",
            "endpoint",
            "partner",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "replay_of",
            "attempt_log",
        )


class EndpointViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[Endpoint]
):
    """Webhook endpoints. `events` are among the types listed at `GET /webhooks/endpoints/event-types/`."""

    serializer_class = EndpointSerializer
    permission_classes = (*SIGNED_IN, IsManager)
    queryset = Endpoint.objects.order_by("id")

    @extend_schema(
        request=EndpointCreateSerializer, responses={201: EndpointSerializer, **PROBLEM_RESPONSES}, summary="Register"
    )
    def create(self, request: Request) -> Response:
        user = require_manager(request)
        data = valid(EndpointCreateSerializer, request)
        endpoint = services.endpoint_create(
            url=data["url"],
            events=data["events"],
            partner=data.get("partner"),
            description=data["description"],
            acting_user=user,
        )
        return Response(EndpointSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndpointUpdateSerializer, responses={200: EndpointSerializer, **PROBLEM_RESPONSES})
    def partial_update(self, request: Request, pk: str) -> Response:
        endpoint = self.get_object()
        data = valid(EndpointUpdateSerializer, request)
        services.endpoint_update(endpoint=endpoint, events=data.get("events"), active=data.get("active"))
        return Response(EndpointSerializer(endpoint).data)

    @extend_schema(responses={200: EventTypeSerializer(many=True)}, summary="The event types an endpoint may choose")
    @action(detail=False, url_path="event-types", pagination_class=None, filter_backends=[])
    def event_types(self, request: Request) -> Response:
        return Response([{"type": name, "description": text} for name, text in EVENT_TYPES.items()])


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Delivery]):
    """Deliveries, newest first, each with the answers of its attempts (`?endpoint=ID` for one endpoint)."""

    serializer_class = DeliverySerializer
    permission_classes = (*SIGNED_IN, IsManager)
    queryset = Delivery.objects.none()

    def get_queryset(self) -> Any:
        queryset = Delivery.objects.select_related("event").prefetch_related("attempt_log").order_by("-id")
        endpoint = self.request.query_params.get("endpoint")
        if endpoint is not None:
            if not endpoint.isdigit():
                raise serializers.ValidationError({"endpoint": [f"{endpoint!r} is not an endpoint id."]})
            queryset = queryset.filter(endpoint_id=int(endpoint))
        return queryset

    @extend_schema(request=None, responses={202: DeliverySerializer, **PROBLEM_RESPONSES}, summary="Send again")
    @action(detail=True, methods=["post"])
    def replay(self, request: Request, pk: str) -> Response:
        again = services.delivery_replay(delivery=self.get_object())
        again.refresh_from_db()
        return Response(DeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
