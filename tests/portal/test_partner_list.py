"""The managers' partner list: sortable columns, the good-standing column and filter, and its CSV export
(a job writing the list under its filters, recorded as an export in the security event log when downloaded)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User

from partnerhub.core.background import progress_of
from partnerhub.core.models import Job, JobStatus, SecurityEvent, SecurityEventKind
from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.partners.models import Partner
from partnerhub.policy.decision import Decision, Reason
from partnerhub.portal import partnerlist

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(partner_in):
    """Three partners; Alpine and Contoso in good standing, Bellows not (the standing rule is the people app's,
    tested there: here each partner's answer is fixed by name)."""
    partner_in("registered", name="Contoso", classification="solution")
    partner_in("registered", name="Alpine", classification="alliance")
    partner_in("approved", name="Bellows", classification="implementation")


@pytest.fixture(autouse=True)
def standing_by_name(monkeypatch):
    def judge(as_of, partners):
        decisions = {}
        for partner in partners:
            met = partner.name != "Bellows"
            reason = Reason("program_fee_invoices", "2.0", "The program fee is paid", met)
            decisions[partner.pk] = Decision(outcome=met, policy_version=as_of, reasons=(reason,), facts={})
        return decisions

    monkeypatch.setattr(partnerlist, "standing_for_all", judge)


def names_in(html: str) -> list[str]:
    return [name for name in sorted(("Alpine", "Bellows", "Contoso"), key=html.find) if name in html]


def test_the_list_sorts_by_a_column_either_way(as_manager, programme):
    by_name = as_manager.get("/console/partners/?sort=name").content.decode()
    by_name_down = as_manager.get("/console/partners/?sort=-name").content.decode()
    by_classification = as_manager.get("/console/partners/?sort=classification").content.decode()

    assert names_in(by_name) == ["Alpine", "Bellows", "Contoso"]
    assert names_in(by_name_down) == ["Contoso", "Bellows", "Alpine"]
    assert names_in(by_classification) == ["Alpine", "Bellows", "Contoso"]
    assert 'aria-sort="descending"' in by_name_down
    assert 'href="?sort=-name"' in by_name


def test_the_list_shows_and_filters_good_standing(as_manager, programme):
    everyone = as_manager.get("/console/partners/").content.decode()
    good = as_manager.get("/console/partners/?good_standing=yes").content.decode()
    not_good = as_manager.get("/console/partners/?good_standing=no").content.decode()

    assert "Good standing" in everyone
    assert names_in(good) == ["Alpine", "Contoso"]
    assert names_in(not_good) == ["Bellows"]


def test_the_good_standing_filter_judges_a_stretch_at_a_time_and_links_to_the_next(as_manager, programme, monkeypatch):
    monkeypatch.setattr(partnerlist, "CHUNK", 1)
    monkeypatch.setattr(partnerlist, "SCANNED_PER_PAGE", 1)

    first = as_manager.get("/console/partners/?good_standing=no").content.decode()
    second = as_manager.get("/console/partners/?good_standing=no&from=1").content.decode()

    assert names_in(first) == [] and "from=1" in first
    assert names_in(second) == ["Bellows"]


def test_a_bad_filter_is_said_and_shows_no_partner(as_manager, programme):
    html = as_manager.get("/console/partners/?sort=size").content.decode()

    assert "These filters were not applied" in html
    assert "Sorted by: Select a valid choice." in html
    assert names_in(html) == []


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response).decode())))


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def export(as_manager, django_capture_on_commit_callbacks):
    """POST the export under `query`; without a broker its job runs after the commit. Returns the job."""

    def post(query: str = "") -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            response = as_manager.post(f"/console/partners.csv{query}")
        job = Job.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/console/jobs/{job.pk}/"
        job.refresh_from_db()
        return job

    return post


def test_the_export_is_a_job_writing_the_filtered_list_recorded_when_downloaded(
    as_manager, export, programme, manager_user
):
    job = export("?good_standing=yes&sort=-name&classification=solution")

    assert job.status == JobStatus.DONE
    page = as_manager.get(f"/console/jobs/{job.pk}/").content.decode()
    assert "1 partner(s) exported." in page
    assert f'href="/console/jobs/{job.pk}/file/" download>Download partners-' in page
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).exists()
    response = as_manager.get(f"/console/jobs/{job.pk}/file/")
    rows = read_csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert [row["name"] for row in rows] == ["Contoso"]
    assert rows[0]["in good standing"] == "yes"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT)
    assert event.user == manager_user
    assert event.detail["rows"] == 1


def test_the_export_without_filters_holds_every_partner_with_why_not_in_good_standing(as_manager, export, programme):
    job = export()

    rows = read_csv(as_manager.get(f"/console/jobs/{job.pk}/file/"))
    assert [row["name"] for row in rows] == ["Alpine", "Bellows", "Contoso"]
    assert rows[1]["not met"] == "The program fee is paid (§2.0)"
    assert progress_of(job) == (3, 3)


def test_an_export_under_a_bad_filter_is_refused_and_starts_nothing(as_manager, programme):
    response = as_manager.post("/console/partners.csv?good_standing=maybe")

    assert response.status_code == 400
    assert "These filters were not applied" in response.content.decode()
    assert not Job.objects.exists()
    assert as_manager.get("/console/partners.csv").status_code == 405


def test_the_list_offers_the_export_with_its_filters(as_manager, programme):
    html = as_manager.get("/console/partners/?status=registered&page=1").content.decode()

    assert 'action="/console/partners.csv?status=registered"' in html


def test_only_the_manager_who_exported_may_download_the_file(client, export, programme, partner_user):
    job = export()
    other = User.objects.create_user("otto", password="x")
    other.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    client.force_login(other)

    assert client.get(f"/console/jobs/{job.pk}/file/").status_code == 404
    client.force_login(partner_user)
    assert client.get(f"/console/jobs/{job.pk}/file/").status_code == 403


def test_partner_users_cannot_export_the_partner_list(client, partner_user):
    client.force_login(partner_user)

    assert client.post("/console/partners.csv").status_code == 403
    assert not Job.objects.exists()
    assert Partner.objects.count() == 1


def test_the_export_writes_a_formula_as_text(as_manager, export, partner_in):
    formula = partner_in("registered", name="Formula")
    Partner.objects.filter(pk=formula.pk).update(name="@SUM(1+1)*cmd|' /C calc'!A0")

    job = export()
    rows = read_csv(as_manager.get(f"/console/jobs/{job.pk}/file/"))

    assert rows[0]["name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
