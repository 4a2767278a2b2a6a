"""`/api/v1/work-items/`: the vendor managers' work queue."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core.api import today, valid
from partnerhub.core.permissions import SIGNED_IN, IsManager
from partnerhub.partners.api.partners import REFUSED, signed_in_user
from partnerhub.partners.api.serializers import WorkItemResolveSerializer, WorkItemSerializer
from partnerhub.partners.models import (
    WorkItem,
)
from partnerhub.partners.services.work_items import work_item_resolve


class WorkItemFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()
    open = django_filters.BooleanFilter(field_name="resolved_on", lookup_expr="isnull")
    partner = django_filters.NumberFilter(field_name="partner_id")

    class Meta:
        model = WorkItem
        fields: ClassVar[list[str]] = []


@extend_schema_view(
    list=extend_schema(summary="The vendor managers' work queue: OEM applications, partners due for deactivation …"),
    retrieve=extend_schema(summary="One work item"),
)
class WorkItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[WorkItem]):
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilter
    permission_classes = (*SIGNED_IN, IsManager)
    queryset = WorkItem.objects.select_related("partner", "resolved_by").order_by("opened_on", "id")

    @extend_schema(
        request=WorkItemResolveSerializer,
        responses={200: WorkItemSerializer, **REFUSED},
        summary="Close a work item without its suggested action (e.g. keep a partner whose window ended)",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        data = valid(WorkItemResolveSerializer, request)
        item = work_item_resolve(
            item=self.get_object(),
            resolved_on=data.get("resolved_on") or today(),
            acting_user=signed_in_user(request),
            resolution=data["resolution"],
        )
        return Response(WorkItemSerializer(item).data)
