"""A quarter's evaluation runs as a job: the console enqueues it, the job page shows progress, then the result."""

import datetime as dt

import pytest
from django.db import transaction

from partnerhub.core.background import percent_of, progress_of
from partnerhub.core.models import Job, JobStatus
from partnerhub.core.tasks import run_job
from partnerhub.evaluations.background import start_evaluation
from partnerhub.evaluations.models import EvaluationRun, Scorecard
from partnerhub.evaluations.services import runs
from partnerhub.evaluations.services.runs import evaluation_run_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_console_starts_a_job_and_its_page_shows_the_result(client, manager_user, program):
    client.force_login(manager_user)
    page = client.get("/console/evaluations/").content.decode()
    period = page.split('<option value="')[1].split('"')[0]

    response = client.post("/console/evaluations/", {"period": period})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/console/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE  # no broker configured: the job ran in-process after the commit
    run = EvaluationRun.objects.get(period=period)
    assert job.result["run"] == run.pk
    shown = client.get(response["Location"]).content.decode()
    assert 'value="100"' in shown
    assert f"/console/evaluations/{run.pk}/" in shown
    assert (
        'hx-trigger="every 1s"' not in shown
    )  # finished: the page stops asking (the header still asks for the inbox count once)


def test_progress_is_reported_while_scoring_and_the_page_polls_until_done(client, manager_user, program):
    reports: list[tuple[int, int]] = []
    evaluation_run_create(
        period="2019Q2",
        as_of=dt.date(2019, 7, 5),
        acting_user=manager_user,
        progress=lambda d, t: reports.append((d, t)),
    )
    total = Scorecard.objects.count()
    assert reports[-1] == (total, total)

    with transaction.atomic():
        job = start_evaluation(period="2019Q3", as_of=dt.date(2019, 10, 5), rerun=False, user=manager_user)
        client.force_login(manager_user)
        waiting = client.get(f"/console/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
        assert "Waiting for a worker" in waiting
        assert 'hx-trigger="every 1s"' in waiting
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert progress_of(job) == (job.result["partners"], job.result["partners"])
    assert percent_of(job) == 100


def test_a_refused_evaluation_fails_the_job_with_the_reason_and_writes_nothing(client, manager_user, program):
    job = start_evaluation(period="2019Q3", as_of=dt.date(2019, 9, 1), rerun=False, user=manager_user)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "can be evaluated from 2019-10-01" in job.error
    assert not EvaluationRun.objects.exists()
    client.force_login(manager_user)
    # The page says it in the portal's words: its date as the portal writes dates (portal.wording).
    assert "can be evaluated from 1 October 2019" in client.get(f"/console/jobs/{job.pk}/").content.decode()


def test_a_partner_user_cannot_see_a_job(client, northwind_user, manager_user, program):
    job = start_evaluation(period="2019Q2", as_of=dt.date(2019, 7, 5), rerun=False, user=manager_user)
    client.force_login(northwind_user)

    assert client.get(f"/console/jobs/{job.pk}/").status_code == 403


def test_a_job_killed_after_its_run_committed_reports_that_run_when_delivered_again(manager_user, program):
    job = start_evaluation(period="2019Q2", as_of=dt.date(2019, 7, 5), rerun=False, user=manager_user)
    run = EvaluationRun.objects.get()
    # The worker died between the run's commit and the job's end: the queue delivers the job again.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, result={"run": run.pk})

    assert run_job.delay(job.pk).get() == "done"

    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["run"]) == (JobStatus.DONE, 2, run.pk)
    assert job.result["partners"] == run.partners_count == Scorecard.objects.count()
    assert EvaluationRun.objects.count() == 1


class WorkerDied(BaseException):
    """What SIGKILL does to a job half way, short of killing the test: nothing after it runs."""


def test_a_job_killed_half_way_leaves_no_scorecard_and_its_retry_evaluates_the_quarter_whole(
    manager_user, program, monkeypatch
):
    evaluate_into = runs.evaluate_into

    def dies_half_way(run, policy, quarter, progress=None):
        evaluate_into(run, policy, quarter, progress)
        raise WorkerDied

    monkeypatch.setattr(runs, "evaluate_into", dies_half_way)
    with pytest.raises(WorkerDied):
        start_evaluation(period="2019Q2", as_of=dt.date(2019, 7, 5), rerun=False, user=manager_user)
    job = Job.objects.get()
    assert job.status == JobStatus.RUNNING
    assert job.result == {}
    assert not EvaluationRun.objects.exists() and not Scorecard.objects.exists()

    monkeypatch.setattr(runs, "evaluate_into", evaluate_into)
    assert run_job.delay(job.pk).get() == "done"

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert Scorecard.objects.filter(run=job.result["run"]).count() == job.result["partners"] > 0
