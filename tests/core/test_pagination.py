"""Big lists are counted by the planner's estimate and say so; small ones (and SQLite's) exactly."""

import pytest

from partnerhub.core import pagination

pytestmark = pytest.mark.django_db


def test_a_small_list_is_counted_exactly(api_client, manager_user) -> None:
    body = api_client(manager_user).get("/api/v1/partners/").json()
    assert body["count_estimated"] is False
    assert body["count"] == len(body["results"])


@pytest.mark.postgres
def test_a_big_list_gives_the_planners_estimate_and_says_so(
    api_client, manager_user, make_partner, monkeypatch
) -> None:
    for _ in range(3):
        make_partner()
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    body = api_client(manager_user).get("/api/v1/partners/").json()
    assert body["count_estimated"] is True
    assert body["count"] > 0
    assert len(body["results"]) == 3
