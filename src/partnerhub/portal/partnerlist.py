"""The managers' partner list: its filters (the partners API's `PartnerFilter`, plus good standing), its
sortable columns and each partner's good standing, shared by the page and its CSV export.

Good standing is not stored: it is judged on the day from the partner's facts, a chunk of partners at a
time with a fixed number of queries per chunk (`people.selectors.standing_for_all`,
docs/architecture.md#rule-5). Without the good-standing filter a page judges its own rows only; with it,
chunks are judged in the list's order until the page is full, and the page links to where it stopped (the
API's `/standing/` does the same).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from partnerhub.partners.api.filters import PartnerFilter
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike, visible_partners
from partnerhub.people.selectors import standing_for_all
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import NoPolicyInForce

# Column -> the ordering it sorts by (each backed by an index of `partners.Partner`), ties broken by id.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "classification": ("classification", "name", "id"),
    "status": ("status", "name", "id"),
    "since": ("status_since", "id"),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
CHUNK = 200
SCANNED_PER_PAGE = 2_000
"""The most partners one page of the good-standing filter judges before it offers to continue."""


@dataclass(frozen=True)
class Row:
    partner: Partner
    standing: Decision[bool] | None

    @property
    def in_good_standing(self) -> bool | None:
        return None if self.standing is None else bool(self.standing.outcome)

    @property
    def unmet(self) -> str:
        if self.standing is None:
            return ""
        return "; ".join(f"{reason.message} (§{reason.section})" for reason in self.standing.unmet)


def matching(user: UserLike, filters: Mapping[str, Any]) -> QuerySet[Partner]:
    """The partners `user` may see that match `filters` (the filter form's cleaned data), in the order its
    `sort` names (default: by name)."""
    query = QueryDict(mutable=True)
    for field in ("name", "classification", "status", "region"):
        if filters.get(field):
            query[field] = filters[field]
    rows = PartnerFilter(query, queryset=visible_partners(user)).qs
    sort = filters.get("sort") or "name"
    descending = sort.startswith("-")
    columns = SORTS[sort.lstrip("-")]
    return rows.order_by(*(f"-{column}" if descending else column for column in columns))


def judged(partners: list[Partner], as_of: dt.date) -> list[Row]:
    """`partners` with their good standing on `as_of` (none without a policy in force)."""
    if not partners:
        return []
    try:
        decisions = standing_for_all(as_of, Partner.objects.filter(pk__in=[p.pk for p in partners]))
    except NoPolicyInForce:
        return [Row(partner, None) for partner in partners]
    return [Row(partner, decisions.get(partner.pk)) for partner in partners]


def standing_page(
    rows: QuerySet[Partner], wanted: bool, as_of: dt.date, start: int, size: int
) -> tuple[list[Row], int | None]:
    """Up to `size` partners of `rows` from position `start` on whose good standing is `wanted`, and the
    position to continue from (None at the end of the list)."""
    found: list[Row] = []
    position = start
    while position - start < SCANNED_PER_PAGE:
        chunk = list(rows[position : position + CHUNK])
        for offset, row in enumerate(judged(chunk, as_of)):
            if row.in_good_standing == wanted:
                found.append(row)
                if len(found) == size:
                    return found, position + offset + 1
        if len(chunk) < CHUNK:
            return found, None
        position += CHUNK
    return found, position


def every_row(rows: QuerySet[Partner], as_of: dt.date, wanted: bool | None) -> Iterator[Row]:
    """Every partner of `rows` judged, chunk by chunk (for the export); only those in `wanted` standing."""
    position = 0
    while True:
        chunk = list(rows[position : position + CHUNK])
        for row in judged(chunk, as_of):
            if wanted is None or row.in_good_standing == wanted:
                yield row
        if len(chunk) < CHUNK:
            return
        position += CHUNK
