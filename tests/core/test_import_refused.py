"""`core.background.import_refused`: how an import job ends when its file is refused (orders and people
imports share it): the upload is deleted, every problem is a result row, the error names the first ones."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from partnerhub.core.background import PROBLEMS_SHOWN, import_refused
from partnerhub.core.errors import InvalidInput
from partnerhub.core.models import Job, JobResultRow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def refuse(problems: list[tuple[int, str]]) -> tuple[Job, str, InvalidInput]:
    path = default_storage.save("imports/x/rows.csv", ContentFile(b"a,b\n"))
    job = Job.objects.create(kind="partnerhub.deals.background.import_orders", title="Import", arguments={"file": path})
    refusal = import_refused(
        job,
        problems,
        row=lambda problem: {"line": problem[0], "message": problem[1]},
        line=lambda problem: f"line {problem[0]}: {problem[1]}",
    )
    return job, path, refusal


def test_every_problem_is_a_result_row_and_the_file_is_gone() -> None:
    job, path, refusal = refuse([(2, "no such partner"), (5, "amount is not a number")])

    assert not default_storage.exists(path)
    rows = list(JobResultRow.objects.filter(job=job).order_by("position").values_list("data", flat=True))
    assert rows == [{"line": 2, "message": "no such partner"}, {"line": 5, "message": "amount is not a number"}]
    assert refusal.errors == {
        "file": ["2 problem(s), nothing was imported: line 2: no such partner; line 5: amount is not a number"]
    }


def test_a_long_list_names_the_first_problems_and_counts_the_rest() -> None:
    problems = [(line, "bad") for line in range(1, PROBLEMS_SHOWN + 4)]

    job, _, refusal = refuse(problems)

    assert JobResultRow.objects.filter(job=job).count() == PROBLEMS_SHOWN + 3
    [message] = refusal.errors["file"]
    assert message.startswith(f"{PROBLEMS_SHOWN + 3} problem(s), nothing was imported: line 1: bad; ")
    assert f"line {PROBLEMS_SHOWN}: bad; and 3 more (every one is a result row)" in message
    assert f"line {PROBLEMS_SHOWN + 1}:" not in message
