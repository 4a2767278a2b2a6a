"""`GET /api/v1/deals/export.csv`: up to `exports.INLINE_ROWS` registrations answer at once; more, or any number with
`Prefer: respond-async`, are written by a job the client follows through `/api/v1/jobs/…`. The job's file is the
one the request would have answered: the same filters, the same tenancy, the same neutralised cells."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.core.models import Job, JobStatus, SecurityEvent, SecurityEventKind
from partnerhub.deals import exports, services
from partnerhub.deals.models import RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def deals(make_partner, make_representative, manager_user):
    """Three registrations of Northwind (one rejected) and one of Globex; Northwind's representative."""
    northwind, globex = make_partner("Northwind"), make_partner("Globex")
    paul, gina = make_representative(northwind, "paul"), make_representative(globex, "gina")
    made = []
    for number, (partner, user) in enumerate([(northwind, paul)] * 3 + [(globex, gina)]):
        made.append(
            services.registration_submit(
                partner=partner, end_customer=f"=Customer {number}", title=f"Rollout {number}", country="DE",
                estimated_value=Decimal(1000 + number), contact_name="Ann", contact_email="ann@c.example",
                contact_phone="", consent_confirmed=True, submitted_on=dt.date(2019, 4, 1 + number), acting_user=user,
            )
        )  # fmt: skip
    services.registration_reject(
        registration=made[0], rejected_on=dt.date(2019, 4, 10), reason="not qualified", acting_user=manager_user
    )
    return paul


def follow(client, started):
    """The job a 202 named in `Location`, as `GET /api/v1/jobs/{id}/` answers it."""
    assert started.status_code == 202, started.content
    job = client.get(started["Location"])
    assert job.status_code == 200
    return job.json()


def download(client, job: dict) -> bytes:
    response = client.get(job["file"])
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_small_export_answers_at_once(api_client, manager_user, deals):
    response = api_client(manager_user).get("/api/v1/deals/export.csv")

    assert response.status_code == 200
    assert response.content.decode().count("\n") == 5  # the header and four registrations
    assert not Job.objects.exists()
    assert SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT).detail["rows"] == 4


def test_prefer_respond_async_makes_it_a_job_whose_file_is_the_same(api_client, manager_user, deals, committed):
    manager = api_client(manager_user)
    at_once = manager.get("/api/v1/deals/export.csv", {"status": RegistrationStatus.PENDING}).content
    with committed():
        started = manager.get(
            "/api/v1/deals/export.csv", {"status": RegistrationStatus.PENDING}, HTTP_PREFER="respond-async"
        )

    assert started["Preference-Applied"] == "respond-async"
    job = follow(manager, started)
    assert job["status"] == "done"  # no broker in the tests: the job ran when the request committed
    assert job["result"]["rows"] == 3 and job["result"]["summary"] == "3 deal registration(s) exported."
    assert job["progress"] == {"done": 3, "total": 3}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).count() == 1  # the export at once
    assert download(manager, job) == at_once
    assert "'=Customer 1" in at_once.decode()  # neutralised in both
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).count() == 2  # and the download


def test_more_than_the_inline_rows_is_a_job_of_the_partners_own_registrations(
    api_client, deals, committed, monkeypatch
):
    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    paul = api_client(deals)

    with committed():
        started = paul.get("/api/v1/deals/export.csv")

    assert "Preference-Applied" not in started
    job = follow(paul, started)
    lines = download(paul, job).decode().splitlines()
    assert len(lines) == 4 and all("Northwind" in line for line in lines[1:])
    assert Job.objects.get().created_by == deals


def test_a_filter_that_cannot_be_read_is_refused_before_any_job(api_client, manager_user, deals):
    response = api_client(manager_user).get(
        "/api/v1/deals/export.csv", {"status": "lost-and-found"}, HTTP_PREFER="respond-async"
    )

    assert response.status_code == 400
    assert not Job.objects.exists()


def test_the_job_applies_the_filters_as_its_starter_sees_them(manager_user, deals, committed):
    wanted: dict[str, list[str]] = {
        "status": [RegistrationStatus.REJECTED, RegistrationStatus.PENDING],
        "search": ["Rollout 3"],
    }
    with committed():
        pauls = exports.start_registrations_export(filters=wanted, user=deals)
        managers = exports.start_registrations_export(filters=wanted, user=manager_user)
        rejected = exports.start_registrations_export(filters={"status": ["rejected"]}, user=manager_user)
    for job in (pauls, managers, rejected):
        job.refresh_from_db()
        assert job.status == JobStatus.DONE

    assert pauls.result["rows"] == 0  # Rollout 3 is Globex's: Paul's export cannot hold it
    assert managers.result["rows"] == 1
    assert rejected.result["rows"] == 1
