"""Orders imported from CSV in the console: a job imports the file (all or nothing) and its page shows the
progress, then the count or every problem; a job delivered again after its import committed imports nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.core.background import progress_of
from partnerhub.core.models import Job, JobStatus
from partnerhub.core.tasks import run_job
from partnerhub.deals import imports
from partnerhub.deals.models import Order, OrderSource

pytestmark = pytest.mark.django_db

HEADER = "end_customer,opportunity,ordered_on,first_year_net_revenue,channel,net_new,country,partner,list_price\n"


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def send(as_manager, django_capture_on_commit_callbacks):
    """POST `text` as the file; without a broker its job runs after the commit. Returns the job, refreshed."""

    def post(text: str, **fields: str) -> Job:
        upload = SimpleUploadedFile("orders.csv", text.encode(), content_type="text/csv")
        with django_capture_on_commit_callbacks(execute=True):
            response = as_manager.post("/console/orders/import/", {"file": upload, **fields})
        job = Job.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == f"/console/jobs/{job.pk}/"
        job.refresh_from_db()
        return job

    return post


def rows(partner_id: int, count: int) -> str:
    return HEADER + "".join(
        f"Customer {n},Opportunity {n},2019-05-02,1000.00,referral,yes,DE,{partner_id},\n" for n in range(count)
    )


def test_a_file_is_imported_by_a_job_whose_page_says_how_many(
    as_manager, send, make_partner, standing, settings, monkeypatch
):
    # More rows than one progress step, and a last step shorter than the others; a step of 10 rather than the
    # shipped 100 keeps the file small (every row is a recorded order with its referral-fee decision).
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    partner = make_partner()

    job = send(rows(partner.pk, 15))

    assert job.status == JobStatus.DONE, job.error
    assert Order.objects.filter(source=OrderSource.CSV).count() == 15
    assert progress_of(job) == (15, 15)
    assert "15 order(s) from orders.csv imported." in as_manager.get(f"/console/jobs/{job.pk}/").content.decode()
    assert not list((settings.MEDIA_ROOT / "imports").rglob("*.csv"))  # the upload is gone once imported


def test_a_dry_run_stores_nothing(send, make_partner, standing):
    job = send(rows(make_partner().pk, 2), dry_run="on")

    assert job.status == JobStatus.DONE
    assert job.result["summary"] == "2 order(s) from orders.csv would be imported (dry run: nothing was stored)."
    assert not Order.objects.exists()


def test_a_bad_file_fails_the_job_naming_each_problem_and_stores_nothing(as_manager, send, make_partner, standing):
    partner = make_partner()
    text = rows(partner.pk, 1) + f"Initech,1RPA,someday,5000,maybe,no,DE,{partner.pk},\n"

    job = send(text)

    assert job.status == JobStatus.FAILED
    assert job.error.startswith("2 problem(s), nothing was imported: orders.csv: row 3: ordered_on:")
    assert "orders.csv: row 3: channel:" in job.error
    assert not Order.objects.exists()
    assert "Not done: 2 problem(s)" in as_manager.get(f"/console/jobs/{job.pk}/").content.decode()


def test_a_job_delivered_again_after_its_import_committed_imports_nothing_more(send, make_partner, standing):
    job = send(rows(make_partner().pk, 3))
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, result={"imported": 3})

    assert run_job.delay(job.pk).get() == "done"

    job.refresh_from_db()
    assert (job.status, job.result["imported"]) == (JobStatus.DONE, 3)
    assert Order.objects.count() == 3


def test_no_file_is_said_and_starts_nothing(as_manager):
    response = as_manager.post("/console/orders/import/", {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Job.objects.exists()


def test_partner_users_cannot_import(client, partner_user):
    client.force_login(partner_user)

    assert client.get("/console/orders/import/").status_code == 403
