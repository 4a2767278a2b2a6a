"""A job's page in the console sits under the tab its work came from: an export or an import under the list it
reads or fills, an evaluation under Evaluations; not under Evaluations whatever the kind."""

import re
from pathlib import Path

import pytest

from partnerhub.core.models import Job, JobStatus
from partnerhub.portal.views.jobs import JOB_TABS

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerhub"


def current_tab(page: str) -> list[str]:
    """The labels of the main navigation's links marked as the current page."""
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', page)


@pytest.mark.parametrize(
    ("kind", "tab"),
    [
        ("partnerhub.portal.exports.export_partners", "Partners"),
        ("partnerhub.people.background.standing_of_all", "Partners"),
        ("partnerhub.deals.background.import_orders", "Deals"),
        ("partnerhub.evaluations.background.evaluate", "Evaluations"),
        ("partnerhub.evaluations.background.preview_draft", "Evaluations"),
    ],
)
def test_the_job_page_highlights_the_tab_of_its_kind(as_manager, manager_user, kind, tab):
    job = Job.objects.create(kind=kind, title="A job", status=JobStatus.DONE, created_by=manager_user)

    assert current_tab(as_manager.get(f"/console/jobs/{job.pk}/").content.decode()) == [tab]


def test_a_kind_without_a_tab_highlights_none(as_manager, manager_user):
    job = Job.objects.create(kind="partnerhub.somewhere.else", title="A job", created_by=manager_user)

    assert current_tab(as_manager.get(f"/console/jobs/{job.pk}/").content.decode()) == []


def test_every_kind_a_job_is_started_with_has_its_tab():
    started = {
        kind
        for module in SRC.rglob("*.py")
        for kind in re.findall(r'kind="(partnerhub\.[\w.]+)"', module.read_text())
        if "start_job(" in module.read_text()
    }
    assert started, "no start_job(kind=…) found: the pattern no longer matches the code"
    assert started - set(JOB_TABS) == set()
