"""The deal registrations' filters, shared by the list (`GET /api/v1/deals/`), its CSV export and the export's
background job, which applies them again as the user who started it."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from partnerhub.core.permissions import is_manager
from partnerhub.deals import selectors
from partnerhub.deals.models import Registration, RegistrationStatus


class RegistrationFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=RegistrationStatus.choices)
    partner = filters.NumberFilter(field_name="partner_id")
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")
    submitted_on = filters.DateFromToRangeFilter(help_text="submitted_on_after / submitted_on_before")
    decided_on = filters.DateFromToRangeFilter(help_text="decided_on_after / decided_on_before")
    closed_on = filters.DateFromToRangeFilter(help_text="closed_on_after / closed_on_before")
    conflict = filters.BooleanFilter(method="filter_conflict", help_text="vendor managers: flagged conflicts")
    search = filters.CharFilter(method="filter_search", help_text="words in the customer, title or partner name")

    class Meta:
        model = Registration
        fields: tuple[str, ...] = ("status", "partner", "country", "channel", "opportunity")

    # An id filter, not a choice among all opportunities: a choice would answer 400 for an id that does not
    # exist and 200 for another partner's, telling a partner user which ids exist.
    opportunity = filters.NumberFilter(field_name="opportunity_id")

    def filter_conflict(
        self, queryset: QuerySet[Registration], name: str, value: bool | None
    ) -> QuerySet[Registration]:
        if value is None:
            return queryset
        assert self.request is not None
        if not is_manager(self.request.user):
            # Partners never learn of conflicts (§7.3 item 5): none of theirs is "in conflict" for them.
            return queryset.none() if value else queryset
        flagged = selectors.registrations_with_conflicts().values("pk")
        return queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)

    def filter_search(self, queryset: QuerySet[Registration], name: str, value: str) -> QuerySet[Registration]:
        return selectors.search_registrations(queryset, value)
