import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from partnerhub.policy.load import SHIPPED_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db) -> None:
    call_command("load_policy", verbosity=0)


def test_policy_in_force_on_a_date(api_client, partner_user, published) -> None:
    response = api_client(partner_user).get("/api/v1/policy/", {"as_of": "2019-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["version_date"] == "2018-01-31"
    assert body["program_year"] == 2019
    assert body["as_of"] == "2019-06-01"
    assert [c["key"] for c in body["classifications"]][:4] == ["advisory", "alliance", "implementation", "solution"]
    sales = next(row for row in body["requirements"] if row["key"] == "sales_resources")
    assert sales["thresholds"]["solution"] == "10"
    assert len(body["calendar"]["evaluations"]) == 4
    assert any(b["key"] == "partner_newsletter" for b in body["benefits"])


def test_no_policy_before_the_first_version_date(api_client, partner_user, published) -> None:
    response = api_client(partner_user).get("/api/v1/policy/", {"as_of": "2017-12-31"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "2017-12-31" in response.json()["errors"]["as_of"][0]


def test_bad_as_of_is_400(api_client, partner_user, published) -> None:
    response = api_client(partner_user).get("/api/v1/policy/", {"as_of": "1 June 2019"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_versions_newest_first(api_client, manager_user, published, tmp_path: Path) -> None:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 1, 31)
    path = tmp_path / "2019b.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)

    response = api_client(manager_user).get("/api/v1/policy/versions/")
    assert response.status_code == 200
    assert [v["version_date"] for v in response.json()] == ["2019-01-31", "2018-01-31"]


def test_anonymous_callers_are_refused(api_client, published) -> None:
    assert api_client().get("/api/v1/policy/").status_code == 401
