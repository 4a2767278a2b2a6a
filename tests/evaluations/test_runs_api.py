"""`POST /api/v1/evaluations/`: one run per period, its dates from the policy in force (§8.0)."""

from __future__ import annotations

import pytest

from partnerhub.evaluations.models import EvaluationRun, Scorecard

pytestmark = pytest.mark.django_db

URL = "/api/v1/evaluations/"


def test_q2_is_notified_by_1_august(api_client, manager_user, published) -> None:
    response = api_client(manager_user).post(URL, {"period": "2019Q2"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["period"] == "2019Q2"
    assert body["notification_due"] == "2019-08-01"
    assert body["review_month"] == "2019-07"
    assert body["quarter_start"] == "2019-04-01"
    assert body["quarter_end"] == "2019-06-30"
    assert body["policy_version"] == "2018-01-31"
    assert body["annual"] is False
    assert body["sequence"] == 1


def test_the_annual_evaluation_is_notified_by_1_february_of_the_next_year(api_client, manager_user, published) -> None:
    body = api_client(manager_user).post(URL, {"period": "2019Q4"}, format="json").json()
    assert body["notification_due"] == "2020-02-01"
    assert body["review_month"] == "2020-01"
    assert body["annual"] is True
    assert body["name"] == "Annual Evaluation (Q4)"


@pytest.mark.parametrize("period", ["2019Q5", "2019Q0", "garbage", "", "2019-Q2", 2019])
def test_an_unknown_period_is_400_naming_the_field(api_client, manager_user, published, period) -> None:
    response = api_client(manager_user).post(URL, {"period": period}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "period" in response.json()["errors"]
    assert not EvaluationRun.objects.exists()


def test_a_period_no_policy_governs_is_400(api_client, manager_user, published) -> None:
    response = api_client(manager_user).post(URL, {"period": "2016Q1"}, format="json")
    assert response.status_code == 400
    assert "no policy version is in force" in response.json()["errors"]["period"][0]


def test_a_quarter_not_ended_is_refused_with_its_section(api_client, manager_user, published) -> None:
    response = api_client(manager_user).post(URL, {"period": "2019Q3", "as_of": "2019-09-30"}, format="json")
    assert response.status_code == 422
    assert response.json()["violations"][0]["section"] == "8.0"


def test_running_a_period_again_is_explicit(api_client, manager_user, program) -> None:
    client = api_client(manager_user)
    first = client.post(URL, {"period": "2019Q2"}, format="json").json()

    again = client.post(URL, {"period": "2019Q2"}, format="json")
    assert again.status_code == 409
    assert "rerun" in again.json()["detail"]

    rerun = client.post(URL, {"period": "2019Q2", "rerun": True}, format="json")
    assert rerun.status_code == 201
    assert rerun.json()["sequence"] == 2
    # The first run is kept as it was, with its scorecards.
    assert EvaluationRun.objects.filter(period="2019Q2").count() == 2
    assert Scorecard.objects.filter(run_id=first["id"]).count() == 5
    assert Scorecard.objects.filter(run_id=rerun.json()["id"]).count() == 5


def test_only_managers_run_evaluations(api_client, northwind_user) -> None:
    response = api_client(northwind_user).post(URL, {"period": "2019Q2"}, format="json")
    assert response.status_code == 403


def test_list_and_detail(api_client, manager_user, northwind_user, program) -> None:
    run = api_client(manager_user).post(URL, {"period": "2019Q1"}, format="json").json()
    assert run["partners_count"] == 4  # Fabrikam was approved after the quarter
    listed = api_client(manager_user).get(URL).json()
    assert [item["id"] for item in listed["results"]] == [run["id"]]
    detail = api_client(northwind_user).get(f"{URL}{run['id']}/")
    assert detail.status_code == 200
    assert detail.json()["notification_due"] == "2019-05-01"
    assert "outcome_counts" not in detail.json()
    assert api_client(manager_user).get(f"{URL}999999/").status_code == 404
