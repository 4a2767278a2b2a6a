"""Comparing policy versions and previewing a draft on today's partners before publishing it (docs/policy.md#r1-4)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from partnerhub.people.models import ComplianceVerification
from partnerhub.policy.load import SHIPPED_POLICY
from partnerhub.policystore.models import PolicyDraft, PolicyVersion

pytestmark = pytest.mark.django_db


def document(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    data["version_date"] = dt.date(2019, 3, 1)
    for key, value in changes.items():
        data[key] = value
    return data


def stricter_alliance() -> str:
    """Alliance partners need three certified sales people, and pay 6000.00 a year."""
    data = document()
    sales = next(row for row in data["requirements"] if row["key"] == "sales_resources")
    sales["thresholds"]["alliance"] = 3
    data["fees"]["annual"]["alliance"] = "6000.00"
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
def upload(api_client, manager_user, published):
    def send(text: str, name: str = "2019b.yaml"):
        return api_client(manager_user).post("/api/v1/policy/drafts/", {"yaml": text, "name": name}, format="json")

    return send


def test_diff_between_two_published_versions(api_client, partner_user, published, tmp_path: Path) -> None:
    path = tmp_path / "2019b.yaml"
    path.write_text(stricter_alliance(), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)

    response = api_client(partner_user).get("/api/v1/policy/diff/", {"from": "2018-06-01", "to": "2019-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert (body["from_version"], body["to_version"]) == ("2018-01-31", "2019-03-01")
    texts = [change["text"] for change in body["changes"]]
    assert texts == [
        "version_date: 2018-01-31 → 2019-03-01",
        "requirements[sales_resources].thresholds.alliance: 2 → 3",
        "fees.annual.alliance: 5000 → 6000",
    ]
    assert body["summary"] == {"version_date": 1, "requirements": 1, "fees": 1}
    change = body["changes"][1]
    assert (change["part"], change["kind"], change["from"], change["to"]) == ("requirements", "changed", "2", "3")


def test_diff_needs_dates_with_a_version_in_force(api_client, manager_user, published) -> None:
    client = api_client(manager_user)
    assert "from" in client.get("/api/v1/policy/diff/", {"to": "2019-06-01"}).json()["errors"]
    early = client.get("/api/v1/policy/diff/", {"from": "2017-01-01", "to": "2019-06-01"})
    assert early.status_code == 400
    assert "before the first policy version" in early.json()["errors"]["from"][0]
    assert client.get("/api/v1/policy/diff/", {"from": "June", "to": "2019-06-01"}).status_code == 400


def test_a_draft_is_validated_like_a_published_version(upload) -> None:
    broken = document()
    broken["requirements"][2]["thresholds"]["platinum"] = 4
    response = upload(yaml.safe_dump(broken))
    assert response.status_code == 400
    assert response.json()["errors"]["yaml"] == [
        "requirements[2].thresholds.platinum: unknown classification 'platinum'"
    ]
    assert upload("version_date: [").status_code == 400
    assert not PolicyDraft.objects.exists()

    clash = document()
    clash["version_date"] = dt.date(2018, 1, 31)
    clash["title"] = "Changed without a new date"
    refused = upload(yaml.safe_dump(clash))
    assert refused.status_code == 400
    assert "already published" in refused.json()["errors"]["yaml"][0]


def test_a_draft_is_not_in_force_until_published(api_client, manager_user, upload) -> None:
    response = upload(stricter_alliance())
    assert response.status_code == 201, response.json()
    draft = response.json()
    assert (draft["version_date"], draft["published_version"]) == ("2019-03-01", None)
    client = api_client(manager_user)
    in_force = client.get("/api/v1/policy/", {"as_of": "2019-06-01"}).json()
    assert in_force["version_date"] == "2018-01-31"

    detail = client.get(f"/api/v1/policy/drafts/{draft['id']}/").json()
    assert "requirements[sales_resources].thresholds.alliance: 2 → 3" in [c["text"] for c in detail["diff"]["changes"]]
    by_draft = client.get("/api/v1/policy/diff/", {"from": "2019-06-01", "draft": draft["id"]}).json()
    assert by_draft["to_version"] == "2019-03-01"

    published = client.post(f"/api/v1/policy/drafts/{draft['id']}/publish/")
    assert published.status_code == 200
    assert published.json()["published_version"] == "2019-03-01"
    assert client.get("/api/v1/policy/", {"as_of": "2019-06-01"}).json()["version_date"] == "2019-03-01"
    assert client.get("/api/v1/policy/", {"as_of": "2019-02-28"}).json()["version_date"] == "2018-01-31"
    assert PolicyVersion.objects.get(version_date="2019-03-01").events.get().kind == "published"
    assert client.post(f"/api/v1/policy/drafts/{draft['id']}/publish/").status_code == 409


def test_drafts_are_for_managers(api_client, northwind_user, upload) -> None:
    draft = upload(stricter_alliance()).json()
    client = api_client(northwind_user)
    assert client.get("/api/v1/policy/drafts/").status_code == 403
    assert client.post("/api/v1/policy/drafts/", {"yaml": stricter_alliance()}, format="json").status_code == 403
    assert client.get(f"/api/v1/policy/drafts/{draft['id']}/preview/").status_code == 403
    assert client.get("/api/v1/policy/diff/", {"from": "2019-06-01", "draft": draft["id"]}).status_code == 403


def test_the_preview_names_who_would_change_and_why(api_client, manager_user, program, upload) -> None:
    ComplianceVerification.objects.create(partner=program.northwind, verified_on=dt.date(2019, 2, 1))
    draft = upload(stricter_alliance()).json()
    response = api_client(manager_user).get(f"/api/v1/policy/drafts/{draft['id']}/preview/", {"as_of": "2019-07-05"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2019Q2"
    assert (body["from_version"], body["to_version"]) == ("2018-01-31", "2019-03-01")
    changes = {partner["name"]: partner["changes"] for partner in body["partners"]}
    northwind = {change["what"]: change for change in changes["Northwind"]}
    assert (northwind["recommendation"]["from"], northwind["recommendation"]["to"]) == ("keep", "terminate")
    why = [reason["message"] for reason in northwind["recommendation"]["why"]]
    assert any("Trained/certified sales resources in Europe, Middle East and Africa: 2 people" in m for m in why)
    assert (northwind["standing"]["from"], northwind["standing"]["to"]) == (True, False)
    assert (northwind["fee"]["from"], northwind["fee"]["to"]) == ("5000.00 USD", "6000.00 USD")
    # Hooli has three sellers: only its fee changes.
    assert [change["what"] for change in changes["Hooli"]] == ["fee"]
    # Contoso (Implementation) was to go down to Alliance, which it no longer qualifies for either.
    contoso = changes["Contoso"]
    assert [(c["what"], c["from"], c["to"]) for c in contoso] == [
        ("recommendation", "reassign_down (alliance)", "terminate")
    ]
    lower = next(reason for reason in contoso[0]["why"] if reason["code"] == "lower_resources_met")
    assert lower["met"] is False
    assert "1 more certified sales resource(s) in Europe, Middle East and Africa" in lower["message"]
    # The fee changes for the four Alliance partners; Globex (terminate) and Fabrikam (in its window)
    # keep the recommendation they had.
    assert body["summary"] == {"recommendation": 2, "standing": 1, "fee": 4}
    assert sorted(changes) == ["Contoso", "Fabrikam", "Globex", "Hooli", "Northwind"]
    assert body["partners_evaluated"] == 5


def test_the_preview_command(program, tmp_path: Path) -> None:
    path = tmp_path / "2019b.yaml"
    path.write_text(stricter_alliance(), encoding="utf-8")
    out = StringIO()
    call_command("preview_policy", str(path), "--as-of", "2019-07-05", stdout=out)
    text = out.getvalue()
    assert "draft version 2019-03-01 against version 2018-01-31, as of 2019-07-05" in text
    assert "  requirements[sales_resources].thresholds.alliance: 2 → 3" in text
    assert "  Northwind (#" in text
    assert "    recommendation: keep → terminate" in text
    assert not PolicyVersion.objects.filter(version_date="2019-03-01").exists()

    broken = tmp_path / "broken.yaml"
    broken.write_text("version_date: [", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.yaml"):
        call_command("preview_policy", str(broken), "--as-of", "2019-07-05")


def test_the_preview_runs_as_a_job_whose_partners_come_a_page_at_a_time(
    api_client, manager_user, northwind_user, program, upload, django_capture_on_commit_callbacks
) -> None:
    ComplianceVerification.objects.create(partner=program.northwind, verified_on=dt.date(2019, 2, 1))
    draft = upload(stricter_alliance()).json()
    manager = api_client(manager_user)
    in_request = manager.get(f"/api/v1/policy/drafts/{draft['id']}/preview/", {"as_of": "2019-07-05"}).json()

    with django_capture_on_commit_callbacks(execute=True):
        started = manager.post(
            f"/api/v1/policy/drafts/{draft['id']}/preview/jobs/", {"as_of": "2019-07-05"}, format="json"
        )

    assert started.status_code == 202
    job = manager.get(f"/api/v1/jobs/{started.json()['id']}/").json()
    assert job["status"] == "done"  # no broker in the tests: the job ran when the request committed
    assert job["result"]["changed"] == in_request["summary"] == {"recommendation": 2, "standing": 1, "fee": 4}
    assert (job["result"]["partners_evaluated"], job["result"]["rows"]) == (5, 5)
    partners, url, params = [], job["results"], {"page_size": 2}
    while url:
        page = manager.get(url, params).json()
        assert len(page["results"]) <= 2
        partners += page["results"]
        url, params = page["next"], {}
    assert partners == in_request["partners"]
    assert manager.post("/api/v1/policy/drafts/999999/preview/jobs/", {}, format="json").status_code == 404
    assert (
        manager.post(
            f"/api/v1/policy/drafts/{draft['id']}/preview/jobs/", {"as_of": "1990-01-01"}, format="json"
        ).status_code
        == 400
    )
    client = api_client(northwind_user)
    assert client.post(f"/api/v1/policy/drafts/{draft['id']}/preview/jobs/", {}, format="json").status_code == 403
    assert client.get(job["results"]).status_code == 404  # a job is its starter's: another user's is not found
