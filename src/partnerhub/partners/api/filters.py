"""The filters of the partner list and the timeline (`?status=`, `?classification=`, `?kind=` …)."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django.db.models import QuerySet

from partnerhub.core.fields import DateFilter
from partnerhub.partners.models import (
    Classification,
    Partner,
    PartnerEvent,
    PartnerKind,
    PartnerStatus,
)


class PartnerFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=PartnerStatus.choices)
    classification = django_filters.MultipleChoiceFilter(choices=Classification.choices)
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices)
    name = django_filters.CharFilter(lookup_expr="icontains")
    region = django_filters.CharFilter(method="filter_listed", help_text="authorized in this region key")
    territory = django_filters.CharFilter(method="filter_listed", help_text="has this ISO country code")
    product = django_filters.CharFilter(method="filter_listed", help_text="authorized for this product key")
    work = django_filters.CharFilter(
        method="filter_work", help_text="has an open work item of this kind, e.g. deactivation_due, oem_application"
    )
    qualification_deadline_before = DateFilter(field_name="qualification_deadline", lookup_expr="lte")

    class Meta:
        model = Partner
        fields: ClassVar[list[str]] = []

    _FIELDS: ClassVar[dict[str, str]] = {"region": "regions", "territory": "territories", "product": "products"}

    def filter_listed(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        # A JSON list contains the element when its text contains it quoted; portable to SQLite and PostgreSQL.
        return queryset.filter(**{f"{self._FIELDS[name]}__icontains": f'"{value.strip()}"'})

    def filter_work(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(work_items__kind=value, work_items__resolved_on__isnull=True).distinct()


class EventFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()

    class Meta:
        model = PartnerEvent
        fields: ClassVar[list[str]] = []
