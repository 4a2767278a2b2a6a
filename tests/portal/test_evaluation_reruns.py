"""Evaluating a quarter again from the console: a quarter evaluated already needs the re-run box ticked (said
in words, not in the API's), and a re-run of a run with decisions asks first and says what the new run
leaves behind; a superseded run's scorecard offers no decision form but the way to the latest run."""

import datetime as dt

import pytest

from partnerhub.core.models import Job
from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Scorecard
from partnerhub.evaluations.services.decisions import scorecard_decide
from partnerhub.evaluations.services.runs import evaluation_run_create

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 7, 20)


@pytest.fixture
def manager(client, manager_user, monkeypatch):
    monkeypatch.setattr("partnerhub.portal.views.evaluations.today", lambda: TODAY)
    client.force_login(manager_user)
    return client


@pytest.fixture
def evaluated(partner_in, manager_user):
    partner_in("registered")
    return evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)


def decide(run, manager_user):
    card = Scorecard.objects.get(run=run)
    scorecard_decide(
        scorecard_obj=card,
        accept=False,
        outcome="at_risk",
        target=None,
        reason="watch it",
        decided_on=dt.date(2019, 7, 10),
        acting_user=manager_user,
    )
    return card


def test_a_quarter_evaluated_already_needs_the_rerun_box_said_in_words(manager, evaluated):
    response = manager.post("/console/evaluations/", {"period": "2019Q2"})

    errors = " ".join(response.context["form"].errors["rerun"])
    assert "2019Q2 was evaluated on 5 July 2019 (run 1): tick this box" in errors
    assert '"rerun": true' not in response.content.decode()
    assert not Job.objects.exists()


def test_a_rerun_of_a_run_with_decisions_asks_first_and_says_what_it_leaves_behind(manager, evaluated, manager_user):
    decide(evaluated, manager_user)

    question = manager.post("/console/evaluations/", {"period": "2019Q2", "rerun": "on"})

    html = question.content.decode()
    assert "Run 1 of 2019Q2 has 1 decision recorded." in html
    assert "would have to be taken again there" in html
    assert "Confirm: evaluate 2019Q2 again" in html
    assert not Job.objects.exists()

    confirmed = manager.post("/console/evaluations/", {"period": "2019Q2", "rerun": "True", "confirmed": "1"})
    assert confirmed.status_code == 302
    assert Job.objects.count() == 1
    assert EvaluationDecision.objects.count() == 1


def test_a_rerun_without_decisions_starts_at_once(manager, evaluated):
    response = manager.post("/console/evaluations/", {"period": "2019Q2", "rerun": "on"})

    assert response.status_code == 302
    assert Job.objects.count() == 1


def test_a_superseded_runs_scorecard_shows_its_decision_and_the_way_to_the_latest_run(manager, evaluated, manager_user):
    card = decide(evaluated, manager_user)
    latest = evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 15), acting_user=manager_user, rerun=True)
    latest_card = Scorecard.objects.get(run=latest)

    html = manager.get(f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/").content.decode()

    assert "decisions are taken on the latest run" in html
    assert f"/console/evaluations/{latest.pk}/scorecards/{latest_card.pk}/" in html
    assert "Record the decision" not in html and "Decide again" not in html
    assert EvaluationRun.objects.count() == 2


def test_after_the_notification_date_the_page_says_what_can_still_be_decided(manager, evaluated, monkeypatch):
    monkeypatch.setattr("partnerhub.portal.views.evaluations.today", lambda: dt.date(2019, 9, 30))
    card = Scorecard.objects.get(run=evaluated)

    html = manager.get(f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/").content.decode()

    assert "has passed: a decision that changes the classification or terminates is refused" in html
    assert "can no longer be decided" not in html
