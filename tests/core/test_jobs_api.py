"""`/api/v1/jobs/…`: a manager follows every job, anyone else only the jobs they started (another's is 404, as for
an id never issued); the file a job wrote is its starter's alone, and its download is recorded as an export."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework.test import APIRequestFactory

from partnerhub.core.jobs_api import respond_async
from partnerhub.core.models import Job, JobResultRow, JobStatus, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def export_of(db):
    """A finished job of `user` that wrote a CSV file of two rows."""

    def make(user) -> Job:
        job = Job.objects.create(kind="partnerhub.deals.exports.export_registrations", title="Export", created_by=user)
        path = default_storage.save(f"exports/{job.pk}/deals.csv", ContentFile(b"id\n1\n2\n"))
        job.status = JobStatus.DONE
        job.result = {"summary": "2 exported.", "file": path, "filename": "deals.csv", "rows": 2}
        job.save()
        JobResultRow.objects.create(job=job, position=0, data={"row": 1})
        return job

    return make


@pytest.mark.parametrize(
    ("header", "asked"),
    [
        ("respond-async", True),
        ("wait=10, respond-async", True),
        ("Respond-Async; wait=5", True),
        ("return=minimal", False),
        ("respond-asynchronously", False),
        (None, False),
    ],
)
def test_a_job_is_asked_for_with_prefer_respond_async(header, asked):
    headers = {"HTTP_PREFER": header} if header else {}
    request = APIRequestFactory().get("/", **headers)

    assert respond_async(request) is asked


def test_a_user_follows_their_own_job_and_nobody_elses(
    api_client, partner_user, manager_user, export_of, make_partner, make_representative
):
    other = api_client(make_representative(make_partner("Globex")))
    job = export_of(partner_user)
    mine = api_client(partner_user)

    answer = mine.get(f"/api/v1/jobs/{job.pk}/")
    assert answer.status_code == 200
    assert answer.json()["file"] == f"http://testserver/api/v1/jobs/{job.pk}/file/"
    assert mine.get(f"/api/v1/jobs/{job.pk}/results/").json()["results"] == [{"row": 1}]
    for path in ("", "results/", "file/"):
        assert other.get(f"/api/v1/jobs/{job.pk}/{path}").status_code == 404, path
    assert api_client(manager_user).get(f"/api/v1/jobs/{job.pk}/").status_code == 200


def test_the_file_is_its_starters_alone_and_its_download_is_recorded(api_client, partner_user, manager_user, export_of):
    job = export_of(manager_user)
    manager = api_client(manager_user)

    download = manager.get(f"/api/v1/jobs/{job.pk}/file/")

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"id\n1\n2\n"
    assert 'filename="deals.csv"' in download["Content-Disposition"]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert event.detail == {"file": "deals.csv", "rows": 2} and event.user == manager_user
    assert api_client(partner_user).get(f"/api/v1/jobs/{job.pk}/file/").status_code == 404
    own = export_of(partner_user)
    assert manager.get(f"/api/v1/jobs/{own.pk}/").status_code == 200
    assert manager.get(f"/api/v1/jobs/{own.pk}/file/").status_code == 404  # a manager follows it, not downloads it


def test_a_job_without_a_file_or_not_done_has_none_to_download(api_client, manager_user, export_of):
    manager = api_client(manager_user)
    running = Job.objects.create(kind="k", title="Running", created_by=manager_user, status=JobStatus.RUNNING)
    removed = export_of(manager_user)
    default_storage.delete(removed.result["file"])

    assert manager.get(f"/api/v1/jobs/{running.pk}/").json()["file"] is None
    assert manager.get(f"/api/v1/jobs/{running.pk}/file/").status_code == 404
    assert manager.get(f"/api/v1/jobs/{removed.pk}/file/").status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).exists()
