"""Pages of big lists without counting every row: above `ESTIMATE_ABOVE` rows, PostgreSQL's planner estimate of
the count stands in for `SELECT count(*)` and the answer says so (`count_estimated`, "about N" in the portal).

Counting two million registrations exactly costs a scan of them on every page view; the estimate costs one
`EXPLAIN` (docs/performance.md). Below the limit, and on SQLite, counts are exact.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

ESTIMATE_ABOVE = 10_000


def planner_estimate(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the number of rows `queryset` returns; None on other databases."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # a queryset known to be empty (`.none()`): no query to estimate
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    count_estimated = False

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            estimate = planner_estimate(self.object_list)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                self.count_estimated = True
                return estimate
        return int(super().count)


class Pagination(PageNumberPagination):
    """DRF's page-number pagination over `EstimatedCountPaginator`: `count_estimated` says whether `count` is
    the planner's estimate."""

    django_paginator_class = EstimatedCountPaginator

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None
        return Response(
            OrderedDict(
                [
                    ("count", self.page.paginator.count),
                    ("count_estimated", getattr(self.page.paginator, "count_estimated", False)),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": f"true when `count` is the database's estimate (lists of more than {ESTIMATE_ABOVE} rows)",
        }
        return paginated
