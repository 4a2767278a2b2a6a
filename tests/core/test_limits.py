"""Hostile requests answer 4xx problem details, never a server error: nesting, size, huge numbers, periods."""

import json

import pytest
from django.contrib.auth.models import User
from drf_spectacular.generators import SchemaGenerator

from partnerhub.core.limits import json_depth_exceeds
from partnerhub.core.validators import BIGINT_MAX
from partnerhub.deals.models import Registration

PROBLEM = "application/problem+json"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("body", "limit", "exceeds"),
    [
        (nested(3), 3, False),
        (nested(4), 3, True),
        ('{"a": {"b": [1, {"c": 2}]}}', 4, False),
        ('{"a": {"b": [1, {"c": 2}]}}', 3, True),
        ('{"text": "[[[[[[[[{{{{\\"[["}', 1, False),  # brackets inside strings nest nothing
        ('["\\\\", [["x"]]]', 2, True),  # an escaped backslash ends before the quote
    ],
)
def test_json_depth(body, limit, exceeds):
    assert json_depth_exceeds(body.encode(), limit) is exceeds


def test_deeply_nested_json_to_the_token_endpoint_is_a_400_problem(api_client):
    response = api_client().post("/api/v1/auth/token/", nested(100_000), content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/deals/", "/api/v1/partners/", "/api/v1/evaluations/"])
def test_deeply_nested_json_anywhere_is_a_400_problem_and_writes_nothing(api_client, manager_user, db_state, path):
    before = db_state()
    body = '{"end_customer": ' + nested(5_000) + "}"

    response = api_client(manager_user).post(path, body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert db_state() == before


def test_json_within_the_depth_limit_reaches_the_view(api_client, manager_user, settings):
    body = '{"end_customer": ' + nested(settings.API_JSON_MAX_DEPTH - 1) + "}"

    response = api_client(manager_user).post("/api/v1/deals/", body, content_type="application/json")

    assert response.status_code == 400
    assert "end_customer" in response.json()["errors"]


def test_an_oversized_json_body_is_a_413_problem(api_client, manager_user, settings, db_state):
    before = db_state()
    body = json.dumps({"end_customer": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    response = api_client(manager_user).post("/api/v1/deals/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"].endswith("/request-too-large")
    assert db_state() == before


def test_an_oversized_form_body_is_a_413_problem(api_client, manager_user, settings):
    body = "end_customer=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = api_client(manager_user).post("/api/v1/deals/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def _list_number_parameters() -> list[tuple[str, str]]:
    """(path, parameter) for every number or integer filter of every list operation (a page past the last one
    is DRF's 404, whatever its number)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            number = parameter["schema"].get("type") in ("integer", "number")
            if parameter["in"] == "query" and number and parameter["name"] != "page":
                found.append((path, parameter["name"]))
    return found


NUMBER_PARAMETERS = _list_number_parameters()
REQUIRED_PARAMETERS = {
    "/api/v1/referral-fees/statement/": {"period": "2019Q2"},
    "/api/v1/policy/diff/": {"from": "2019-01-01"},
}


def test_the_probe_below_covers_the_filters():
    assert len(NUMBER_PARAMETERS) >= 12
    assert ("/api/v1/deals/", "partner") in NUMBER_PARAMETERS


@pytest.mark.parametrize(("path", "parameter"), NUMBER_PARAMETERS)
@pytest.mark.parametrize("value", [str(BIGINT_MAX + 1), str(-BIGINT_MAX - 2), "1e400", "-1.1e83"])
def test_a_huge_number_in_a_filter_is_a_400_problem(api_client, manager_user, published_policy, path, parameter, value):
    required = REQUIRED_PARAMETERS.get(path.removesuffix(".csv").removesuffix("/") + "/", {})

    response = api_client(manager_user).get(path, {**required, parameter: value})

    assert response.status_code == 400, (path, parameter, response.status_code)
    assert response["Content-Type"] == PROBLEM
    assert parameter in response.json()["errors"]


@pytest.mark.parametrize("path", ["/api/v1/deals/{}/", "/api/v1/partners/{}/", "/api/v1/invoices/{}/"])
def test_a_huge_id_in_a_path_names_nothing(api_client, manager_user, path):
    response = api_client(manager_user).get(path.format(BIGINT_MAX * 10**6))

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("period", ["9999Q4", "0000Q1", "1899Q4", "2019Q7", "²⁰¹⁹Q1"])
def test_an_absurd_period_is_a_400_problem(api_client, manager_user, partner, published_policy, period):
    for path in ("/api/v1/referral-fees/statement/", "/api/v1/referral-fees/statement.csv"):
        response = api_client(manager_user).get(path, {"period": period, "partner": partner.pk})

        assert response.status_code == 400, (path, response.status_code)
        assert "period" in response.json()["errors"]
    response = api_client(manager_user).post("/api/v1/evaluations/", {"period": period}, format="json")
    assert response.status_code == 400
    assert "period" in response.json()["errors"]


def test_a_partner_id_in_other_digits_is_a_400_problem(api_client, manager_user, published_policy):
    response = api_client(manager_user).get("/api/v1/referral-fees/statement/", {"period": "2019Q2", "partner": "²"})

    assert response.status_code == 400
    assert "partner" in response.json()["errors"]


def test_nothing_is_registered_by_a_refused_request(api_client, manager_user: User):
    api_client(manager_user).post("/api/v1/deals/", nested(50), content_type="application/json")

    assert not Registration.objects.exists()
