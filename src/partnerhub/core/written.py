"""Related rows a service has just written, kept on the instance as `prefetch_related` keeps what it reads.

A write answers with what it wrote (`POST /api/v1/deals/` answers the registration with its conflicts and its
timeline): reading the rows again costs a query each (docs/performance.md, "Writes"). The service that wrote
them calls `remember`; `relation.all()` then answers them without a query, exactly as after a prefetch, and
`remembered` tells a reader that they are there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def remember(instance: Model, relation: str, rows: Iterable[Model]) -> None:
    """Make `rows` the whole of `instance`'s reverse relation `relation`, as a prefetch would have read them.
    Only for rows written in the same transaction as `instance` itself, so that nothing else can be there."""
    # What Django's prefetch_one_level stores: the relation's queryset, its results already filled in.
    queryset: Any = getattr(instance, relation).all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset


def remembered(instance: Model, relation: str) -> list[Any] | None:
    """The rows of `relation` remembered on `instance` (or prefetched), None when they would be read."""
    cache = instance.__dict__.get("_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None
