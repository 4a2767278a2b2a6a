"""The quarterly referral-fee statement: up to `statements.INLINE_FEES` decisions answer at once; more, or any number
with `Prefer: respond-async`, are a job the client follows through `/api/v1/jobs/…` — the JSON statement's decisions
as the job's result rows, the CSV as its file, each what the request would have answered."""

import pytest

from partnerhub.compensation import statements
from partnerhub.core.models import Job, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db

PERIOD = {"period": "2019Q2"}


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fees(api_client, manager_user, make_partner, make_representative, standing):
    """Three referral-fee decisions of Northwind in 2019Q2 (none of them registered, so none earned) and one of
    2019Q3; Northwind's representative."""
    northwind = make_partner("Northwind Consulting")
    manager = api_client(manager_user)
    for customer, ordered_on in [("Globex", "2019-04-02"), ("=Umbrella", "2019-05-02"), ("Initech", "2019-06-30"),
                                 ("Hooli", "2019-07-01")]:  # fmt: skip
        answer = manager.post(
            "/api/v1/orders/",
            {"end_customer": customer, "opportunity": "Amelia", "ordered_on": ordered_on, "partner": northwind.pk,
             "first_year_net_revenue": "1000.00", "channel": "referral", "net_new": True, "country": "DE"},
            format="json",
        )  # fmt: skip
        assert answer.status_code == 201, answer.json()
    return make_representative(northwind, "paul")


def follow(client, started):
    assert started.status_code == 202, started.content
    job = client.get(started["Location"]).json()
    assert job["status"] == "done", job  # no broker in the tests: the job ran when the request committed
    return job


def test_a_json_statement_as_a_job_holds_the_same_decisions_as_its_rows(api_client, fees, committed):
    paul = api_client(fees)
    at_once = paul.get("/api/v1/referral-fees/statement/", PERIOD).json()
    with committed():
        started = paul.get("/api/v1/referral-fees/statement/", PERIOD, HTTP_PREFER="respond-async")

    job = follow(paul, started)
    rows = paul.get(job["results"]).json()["results"]
    assert [fee["end_customer"] for fee in at_once["fees"]] == ["Globex", "=Umbrella", "Initech"]
    assert rows == at_once["fees"]
    assert {key: job["result"][key] for key in at_once if key != "fees"} == {
        key: value for key, value in at_once.items() if key != "fees"
    }
    assert job["result"]["rows"] == 3 and job["file"] is None


def test_a_csv_statement_as_a_job_writes_the_same_file(api_client, manager_user, fees, committed, monkeypatch):
    monkeypatch.setattr(statements, "INLINE_FEES", 2)
    manager = api_client(manager_user)
    query = {**PERIOD, "partner": fees.partner_membership.partner_id}
    with committed():
        started = manager.get("/api/v1/referral-fees/statement.csv", query, HTTP_PREFER="return=minimal")
    assert "Preference-Applied" not in started  # three decisions are more than two: a job, asked for or not

    job = follow(manager, started)
    download = manager.get(job["file"])
    content = b"".join(download.streaming_content).decode()
    assert 'filename="referral-fees-northwind-consulting-2019Q2.csv"' in download["Content-Disposition"]
    lines = content.splitlines()
    assert len([line for line in lines[1:] if not line.startswith("total")]) == 3
    assert "'=Umbrella" in content and "total,,,,,,,,0.00,USD,earned" in lines
    assert job["result"]["summary"] == "3 referral-fee decision(s) of Northwind Consulting for 2019Q2 exported."
    assert SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT).detail["rows"] == len(lines) - 1


def test_the_statement_job_is_its_starters_and_reads_only_what_they_may_see(
    api_client, fees, make_partner, make_representative, committed
):
    paul = api_client(fees)
    with committed():
        started = paul.get("/api/v1/referral-fees/statement.csv", PERIOD, HTTP_PREFER="respond-async")
    job = follow(paul, started)
    stranger = api_client(make_representative(make_partner("Globex")))

    assert stranger.get(started["Location"]).status_code == 404
    assert stranger.get(job["file"]).status_code == 404
    other = make_partner("Initech Partners")
    assert paul.get("/api/v1/referral-fees/statement/", {**PERIOD, "partner": other.pk}).status_code == 404
    assert Job.objects.count() == 1
