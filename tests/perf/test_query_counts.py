"""Every page and API list and detail of `make bench-pages` costs the same number of SQL queries at two sizes
of the benchmark programme, and no more than `MAX_QUERIES` (PostgreSQL: the programme is generated with SQL)."""

import pytest
from django.db import connection

from bench import pages
from bench import programme as bench

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MAX_QUERIES = 20
"""The issue's target: every page and list in at most 20 queries, whatever the programme's size."""


def counts_at(scale: bench.Scale) -> dict[str, tuple[int, int]]:
    bench.ensure_programme(scale, log=lambda line: None)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {pages.MARKER}")
    ids = pages.prepare(log=lambda line: None)
    return pages.query_counts(pages.read_paths(ids))


def test_every_path_costs_the_same_queries_at_two_sizes(published_policy) -> None:
    small = counts_at(bench.Scale(partners=60, registrations=1_200, certifications=300))
    large = counts_at(bench.Scale(partners=240, registrations=4_800, certifications=1_200))

    assert {name: status for name, (status, _) in large.items() if status != 200} == {}
    changed = {name: (small[name][1], queries) for name, (_, queries) in large.items() if small[name][1] != queries}
    assert changed == {}
    assert {name: queries for name, (_, queries) in large.items() if queries > MAX_QUERIES} == {}
