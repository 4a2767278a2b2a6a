"""Bulk import of people and certifications from CSV: every bad row by line number; any bad row, nothing written."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.core.background import progress_of
from partnerhub.core.models import Job, JobStatus
from partnerhub.core.tasks import run_job
from partnerhub.partners.models import Partner, PartnerEvent, PartnerStatus
from partnerhub.people import importing
from partnerhub.people.api import bulk_import
from partnerhub.people.importing import plan_import
from partnerhub.people.models import Certification, CertificationStatus, Person
from partnerhub.policy.load import SHIPPED_POLICY, load_policy_file

pytestmark = pytest.mark.django_db

GOOD = """name,email,region,roles,certification,product,earned_on,expires_on
Mia Manager,mia@northwind.example,EMEA,partner_manager,,,,
Sam Sales,sam@northwind.example,EMEA,sales,sales,,2019-02-01,
Sue Sales,sue@northwind.example,EMEA,sales;presales,sales,,2019-02-01,2019-12-31
Sue Sales,sue@northwind.example,EMEA,sales;presales,presales,,2019-02-01,
Tom Tech,tom@northwind.example,EMEA,technical,cie,amelia,2019-02-15,
"""

BAD = """name,email,region,roles,certification,product,earned_on,expires_on
Mia Manager,mia@northwind.example,EMEA,partner_manager,,,,
Bob,bob@northwind.example,EMEA,salesman,,,,
Ann,ann@northwind.example,EMEA,sales,sales,,2019-02-30,
Asia Person,asia@northwind.example,APAC,sales,,,,
Tina,tina@northwind.example,EMEA,technical,ctl,1rpa,2019-02-01,
Mia Again,mia@northwind.example,EMEA,partner_manager,,,,
Existing,old@northwind.example,EMEA,sales,,,,
Carl,carl@northwind.example,EMEA,technical,cie,,2019-02-01,
Dan,dan@northwind.example,EMEA,sales,,,2019-02-01,
Eve,eve@northwind.example,EMEA,sales,sales,,2019-02-01,
Eve,eve@northwind.example,EMEA,sales,sales,,2019-02-01,
Fay,fay@northwind.example,EMEA,sales,sales,,2019-05-01,
Gil,gil@northwind.example,EMEA
"""


@pytest.fixture
def existing(northwind) -> Person:
    return Person.objects.create(
        partner=northwind, name="Existing", email="old@northwind.example", region="EMEA", roles=["sales"]
    )


def upload(client, partner, text, as_of: str | None = "2019-03-01", **query):
    """An upload dated `as_of` (a manager's); None for a partner user's, which is recorded today. `HTTP_…`
    arguments are request headers, the others query parameters."""
    headers = {key: query.pop(key) for key in list(query) if key.startswith("HTTP_")}
    dated = {"as_of": as_of} if as_of is not None else {}
    params = "&".join(f"{key}={value}" for key, value in {**dated, **query}.items())
    return client.post(
        f"/api/v1/partners/{partner.pk}/people/import/?{params}",
        {"file": SimpleUploadedFile("people.csv", text.encode("utf-8"), content_type="text/csv")},
        format="multipart",
        **headers,
    )


def test_a_good_file_imports_every_person_and_certification(api_client, northwind, manager_user):
    response = upload(api_client(manager_user), northwind, GOOD)

    assert response.status_code == 201, response.json()
    assert response.json() == {
        "dry_run": False,
        "imported": True,
        "rows": 5,
        "people": 4,
        "certifications": 4,
        "errors": [],
    }
    sue = Person.objects.get(email="sue@northwind.example")
    assert sue.roles == ["sales", "presales"]
    assert sorted(sue.certifications.values_list("kind", "expires_on")) == [
        ("presales", dt.date(2020, 2, 1)),
        ("sales", dt.date(2019, 12, 31)),
    ]
    assert Certification.objects.get(person__email="tom@northwind.example").product == "amelia"
    event = PartnerEvent.objects.get(partner=northwind, kind="people_imported")
    assert "4 people and 4 certifications" in event.message
    assert event.actor == manager_user


def test_a_dry_run_reports_and_writes_nothing(api_client, northwind, manager_user):
    response = upload(api_client(manager_user), northwind, GOOD, dry_run="true")

    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["imported"] is False
    assert response.json()["people"] == 4
    assert not Person.objects.exists()
    assert not PartnerEvent.objects.exists()


def test_every_bad_row_is_reported_by_line_and_nothing_is_imported(api_client, northwind, manager_user, existing):
    response = upload(api_client(manager_user), northwind, BAD)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {f"line {n}" for n in (3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14)}
    assert "unknown role(s) 'salesman'" in errors["line 3"][0]
    assert "'2019-02-30' is not a date" in errors["line 4"][0]
    assert "region APAC is not one of the partner's authorized regions" in errors["line 5"][0]
    assert "(§2.0)" in errors["line 5"][0]
    assert "product line 1rpa is not one the partner is authorized for" in errors["line 6"][0]
    assert "duplicate person" in errors["line 7"][0] and "line 2" in errors["line 7"][0]
    assert "duplicate person: old@northwind.example is already a person" in errors["line 8"][0]
    assert "counts per product line" in errors["line 9"][0]
    assert "earned_on given without a certification" in errors["line 10"][0]
    assert "duplicate certification: the same as line 11" in errors["line 12"][0]
    assert "after today" in errors["line 13"][0]
    assert "expected 8 values, found 3" in errors["line 14"][0]
    assert list(Person.objects.values_list("email", flat=True)) == ["old@northwind.example"]
    assert not Certification.objects.exists()
    assert not PartnerEvent.objects.exists()


def test_a_csv_body_works_too(api_client, northwind, manager_user):
    response = api_client(manager_user).post(
        f"/api/v1/partners/{northwind.pk}/people/import/?as_of=2019-03-01&dry_run=1",
        GOOD.encode(),
        content_type="text/csv",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rows"] == 5


def test_another_partners_import_is_not_found(api_client, northwind, globex_user):
    assert upload(api_client(globex_user), northwind, GOOD, as_of=None).status_code == 404
    assert not Person.objects.exists()


def test_a_file_is_required(api_client, northwind, northwind_user):
    response = api_client(northwind_user).post(f"/api/v1/partners/{northwind.pk}/people/import/", {}, format="json")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("name,email,region\n", "missing column(s) roles"),
        ("name,email,region,roles,shoe_size\n", "unknown column(s) shoe_size"),
        ("name,email,region,roles,roles\n", "column(s) named twice: roles"),
        ("name,email,region,roles\n\n", "no rows to import"),
    ],
)
def test_bad_headers_and_empty_files(text, message):
    plan = plan_import(
        load_policy_file(SHIPPED_POLICY),
        text=text,
        partner_name="Northwind",
        authorized_regions=["EMEA"],
        authorized_products=["amelia"],
        existing_emails=[],
        as_of=dt.date(2019, 3, 1),
    )
    assert plan.errors
    assert message in plan.errors[0].message


def test_columns_may_come_in_any_order_with_a_byte_order_mark_and_quoted_roles():
    text = '\ufeffroles,email,name,region\n"sales|presales",a@x.example,Ann,EMEA\n'
    plan = plan_import(
        load_policy_file(SHIPPED_POLICY),
        text=text,
        partner_name="Northwind",
        authorized_regions=["EMEA"],
        authorized_products=[],
        existing_emails=[],
        as_of=dt.date(2019, 3, 1),
    )
    assert plan.errors == []
    assert plan.people[0].roles == ("sales", "presales")


def test_line_numbers_count_physical_lines_of_quoted_multiline_values():
    text = 'name,email,region,roles\n"Ann\nSmith",a@x.example,EMEA,sales\nBob,b@x.example,MARS,sales\n'
    plan = plan_import(
        load_policy_file(SHIPPED_POLICY),
        text=text,
        partner_name="Northwind",
        authorized_regions=["EMEA"],
        authorized_products=[],
        existing_emails=[],
        as_of=dt.date(2019, 3, 1),
    )
    assert [error.line for error in plan.errors] == [4]


def test_a_terminated_partner_imports_nothing(api_client, northwind, manager_user):
    Partner.objects.filter(pk=northwind.pk).update(status=PartnerStatus.TERMINATED)
    response = upload(api_client(manager_user), northwind, GOOD)
    assert response.status_code == 422
    assert not Person.objects.exists()


def test_the_command_imports_and_dry_runs(northwind, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()

    call_command("import_people", str(path), partner=northwind.pk, dry_run=True, as_of="2019-03-01", stdout=out)
    assert "would import 4 people and 4 certifications from 5 rows" in out.getvalue()
    assert not Person.objects.exists()

    call_command("import_people", str(path), partner=northwind.pk, as_of="2019-03-01", stdout=out)
    assert "imported 4 people and 4 certifications" in out.getvalue()
    assert Person.objects.filter(partner=northwind).count() == 4


def test_the_command_prints_every_bad_row_and_imports_nothing(northwind, existing, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_people", str(path), partner=northwind.pk, as_of="2019-03-01", stderr=err)

    printed = err.getvalue().splitlines()
    roles = "partner_manager, sales, presales, technical, support"
    assert f"{path}:3: roles: unknown role(s) 'salesman'; roles are {roles}" in printed
    assert any(line.startswith(f"{path}:14: ") for line in printed)
    assert Person.objects.count() == 1


def test_the_command_needs_a_known_partner(tmp_path: Path, db):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="no partner 999"):
        call_command("import_people", str(path), partner=999)


def test_importing_the_last_missing_people_registers_the_partner(api_client, northwind, manager_user):
    """Registration is checked after an import as after any event (§2.0), as of the first day the records
    met the criteria: the certifications earned and the fee paid on 2019-02-01, imported later."""
    Partner.objects.filter(pk=northwind.pk).update(status=PartnerStatus.APPROVED, registered_on=None)

    Invoice.objects.create(
        partner=northwind,
        origin=InvoiceOrigin.ENROLLMENT,
        program_year=2019,
        classification="alliance",
        amount="5000.00",
        currency="USD",
        issued_on=dt.date(2019, 1, 15),
        due_on=dt.date(2019, 2, 14),
        status=InvoiceStatus.PAID,
        paid_on=dt.date(2019, 2, 1),
        policy_version=dt.date(2018, 1, 31),
    )
    text = GOOD.replace("sales;presales,sales,,2019-02-01,2019-12-31", "sales;presales,sales,,2019-02-01,")
    assert upload(api_client(manager_user), northwind, text).status_code == 201
    northwind.refresh_from_db()
    assert northwind.status == PartnerStatus.REGISTERED
    assert northwind.registered_on == dt.date(2019, 2, 1)


def test_the_command_needs_a_policy_in_force(northwind, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="no policy version is in force on 2017-01-01"):
        call_command("import_people", str(path), partner=northwind.pk, as_of="2017-01-01")


# -- as a background job ---------------------------------------------------------------------------------------
# A file longer than `IMPORT_INLINE_ROWS`, or any file sent with `Prefer: respond-async`, is imported by a job the
# client follows through `/api/v1/jobs/…`, all or nothing as at once; a refused file names its first bad rows in
# the job's error and lists every one as its result rows.


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """The job keeps the file it imports in the private storage: a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def follow(client, started):
    assert started.status_code == 202, started.content
    return client.get(started["Location"]).json()


def test_asked_for_a_job_the_import_is_the_same_as_at_once(api_client, northwind, manager_user, committed):
    manager = api_client(manager_user)
    with committed():
        started = upload(manager, northwind, GOOD, HTTP_PREFER="respond-async")

    job = follow(manager, started)
    assert job["status"] == "done"  # no broker in the tests: the job ran when the request committed
    assert {key: job["result"][key] for key in ("dry_run", "imported", "rows", "people", "certifications")} == {
        "dry_run": False,
        "imported": True,
        "rows": 5,
        "people": 4,
        "certifications": 4,
    }
    assert job["result"]["summary"] == "4 people and 4 certification(s) from 5 rows imported."
    assert Person.objects.filter(partner=northwind).count() == 4
    assert PartnerEvent.objects.get(partner=northwind, kind="people_imported").actor == manager_user
    assert set(Certification.objects.values_list("status", flat=True)) == {CertificationStatus.VERIFIED}


def test_a_long_file_is_a_job_of_the_partner_user_who_sent_it(
    api_client, northwind, northwind_user, globex_user, committed, monkeypatch
):
    monkeypatch.setattr(bulk_import, "IMPORT_INLINE_ROWS", 4)
    nora = api_client(northwind_user)
    with committed():
        started = upload(nora, northwind, GOOD, as_of=None)

    job = follow(nora, started)
    assert job["status"] == "done" and job["result"]["people"] == 4
    # As at once: a partner user's certifications are claims until a manager verifies them.
    assert set(Certification.objects.values_list("status", flat=True)) == {CertificationStatus.CLAIMED}
    assert api_client(globex_user).get(started["Location"]).status_code == 404


def test_a_dry_run_as_a_job_writes_nothing(api_client, northwind, manager_user, committed):
    manager = api_client(manager_user)
    with committed():
        started = upload(manager, northwind, GOOD, dry_run="true", HTTP_PREFER="respond-async")

    job = follow(manager, started)
    assert job["result"]["summary"] == "4 people and 4 certification(s) from 5 rows would be imported (dry run: " \
        "nothing was stored)."  # fmt: skip
    assert not Person.objects.exists()


def test_a_bad_file_fails_the_job_with_every_bad_row_and_imports_nothing(
    api_client, northwind, manager_user, existing, committed
):
    manager = api_client(manager_user)
    with committed():
        started = upload(manager, northwind, BAD, HTTP_PREFER="respond-async")

    job = follow(manager, started)
    assert job["status"] == "failed"
    assert job["error"].startswith("11 problem(s), nothing was imported: line 3: roles: unknown role(s) 'salesman'")
    rows = manager.get(job["results"]).json()["results"]
    assert [row["line"] for row in rows] == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]
    assert list(Person.objects.values_list("email", flat=True)) == ["old@northwind.example"]
    assert not PartnerEvent.objects.exists()


def test_a_job_delivered_again_after_its_import_committed_imports_nothing_twice(
    api_client, northwind, manager_user, committed
):
    with committed():
        upload(api_client(manager_user), northwind, GOOD, HTTP_PREFER="respond-async")
    job = Job.objects.get()
    # Its worker died after the import committed, with the report the import noted, before marking it done.
    noted = {key: job.result[key] for key in ("dry_run", "imported", "rows", "people", "certifications", "errors")}
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, result={"report": noted})

    run_job(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["people"] == 4
    assert Person.objects.count() == 4
    assert PartnerEvent.objects.filter(kind="people_imported").count() == 1


def test_a_job_reports_its_progress_while_it_judges_the_rows(
    api_client, northwind, manager_user, committed, monkeypatch
):
    """The job page's progress bar moves as the rows are judged, not only at the end: what a reader of the job sees
    (`progress_of`) is noted each time a row is judged."""
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    seen: list[tuple[int, int] | None] = []
    judge_row = importing._judge_row

    def noting(*args, **kwargs):
        seen.append(progress_of(Job.objects.get()))
        return judge_row(*args, **kwargs)

    monkeypatch.setattr(importing, "_judge_row", noting)
    with committed():
        started = upload(api_client(manager_user), northwind, GOOD, HTTP_PREFER="respond-async")

    assert follow(api_client(manager_user), started)["status"] == "done"
    assert seen == [(0, 5), (0, 5), (2, 5), (2, 5), (4, 5)]
    assert progress_of(Job.objects.get()) == (5, 5)
