from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from partnerhub.policy.load import SHIPPED_POLICY
from partnerhub.policystore.models import PolicyVersion, PolicyVersionEvent
from partnerhub.policystore.selectors import policy_in_force

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_policy", *args, stdout=out)
    return out.getvalue()


def database_state() -> list[tuple]:
    return list(PolicyVersion.objects.values_list("version_date", "sha256")) + list(
        PolicyVersionEvent.objects.values_list("version_id", "kind")
    )


def later_version(tmp_path: Path, version_date: str, **changes) -> Path:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = version_date
    document.update(changes)
    path = tmp_path / f"policy-{version_date}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_loads_the_shipped_policy_once() -> None:
    assert "published" in run()
    assert "unchanged" in run()
    assert PolicyVersion.objects.count() == 1
    assert PolicyVersionEvent.objects.get().kind == "published"


def test_a_broken_file_names_file_path_and_reason_and_changes_nothing(tmp_path: Path) -> None:
    run()
    before = database_state()
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = "2019-06-01"
    document["requirements"][5]["thresholds"]["solution"] = -1
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        run(str(broken))
    message = str(caught.value)
    assert str(broken) in message
    assert "requirements[5].thresholds" in message
    assert "negative" in message
    assert database_state() == before


def test_a_published_version_is_never_rewritten(tmp_path: Path) -> None:
    run()
    before = database_state()
    changed = later_version(tmp_path, "2018-01-31", title="Partner Program Policies (edited)")
    with pytest.raises(CommandError, match="already published with other content"):
        run(str(changed))
    assert database_state() == before


def test_reworded_interpretations_are_the_same_version(tmp_path: Path) -> None:
    """A database loaded from an earlier text of the shipped file still starts: the same rules, reworded
    interpretations and another layout are that version, and the stored text is kept."""
    run()
    before = database_state()
    stored_text = PolicyVersion.objects.get().source_text
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["requirements"][0]["interpretation"] = "Reworded, as an earlier text of the file said it."
    reworded = tmp_path / "reworded.yaml"
    reworded.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    assert "unchanged" in run(str(reworded))
    assert database_state() == before
    assert PolicyVersion.objects.get().source_text == stored_text


def test_a_later_version_is_in_force_from_its_version_date(tmp_path: Path) -> None:
    import datetime as dt

    run()
    run(str(later_version(tmp_path, "2019-07-01", program_year=2020, title="Program Year 2020")))
    assert policy_in_force(dt.date(2019, 6, 30)).version_date == dt.date(2018, 1, 31)
    assert policy_in_force(dt.date(2019, 7, 1)).title == "Program Year 2020"


def test_missing_file() -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        run("/nonexistent/policy.yaml")
    assert PolicyVersion.objects.count() == 0
