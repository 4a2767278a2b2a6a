"""The cluster test's hook: with JOB_PAUSE_AT naming a job kind and a point, the first attempt of such a job waits
there (so that a kill lands at a known place) and marks that it did; later attempts and other kinds pass on."""

import pytest

from partnerhub.core import background
from partnerhub.core.background import checkpoint, paused_at
from partnerhub.core.models import Job

pytestmark = pytest.mark.django_db

KIND = "partnerhub.evaluations.background.evaluate"


@pytest.fixture
def waits(monkeypatch, settings):
    settings.JOB_PAUSE_AT = f"{KIND}:before-commit"
    settings.JOB_PAUSE_SECONDS = 42
    slept: list[float] = []
    monkeypatch.setattr(background.time, "sleep", slept.append)
    return slept


def test_the_first_attempt_waits_at_the_named_point_and_the_next_passes(waits):
    job = Job.objects.create(kind=KIND, title="Evaluation")

    checkpoint(job, "before-commit")
    assert waits == [42]
    assert paused_at(job, "before-commit")

    checkpoint(job, "before-commit")
    assert waits == [42]


def test_another_point_or_kind_does_not_wait(waits):
    job = Job.objects.create(kind=KIND, title="Evaluation")
    other = Job.objects.create(kind="partnerhub.portal.exports.export_partners", title="Export")

    checkpoint(job, "elsewhere")
    checkpoint(other, "before-commit")

    assert waits == []
    assert not paused_at(job, "elsewhere") and not paused_at(other, "before-commit")


def test_unset_it_never_waits(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(background.time, "sleep", slept.append)
    job = Job.objects.create(kind=KIND, title="Evaluation")

    checkpoint(job, "before-commit")

    assert slept == [] and not paused_at(job, "before-commit")
