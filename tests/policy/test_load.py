import datetime as dt
from pathlib import Path

import pytest
import yaml

from partnerhub.policy.load import SHIPPED_POLICY, PolicyError, load_policy_file, load_policy_text
from partnerhub.policy.model import Policy


def shipped_document() -> dict:
    document: dict = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    return document


def test_the_shipped_policy_encodes_the_2019_document(policy: Policy) -> None:
    assert policy.version_date == dt.date(2018, 1, 31)
    assert policy.program_year == 2019
    keys = [c.key for c in policy.classifications]
    assert keys == ["advisory", "alliance", "implementation", "solution", "oem"]
    assert policy.fees.example_amounts is True
    sales = next(row for row in policy.requirements if row.key == "sales_resources")
    assert {k: int(v) for k, v in sales.thresholds.items()} == {
        "advisory": 1,
        "alliance": 2,
        "implementation": 3,
        "solution": 10,
    }
    cie = next(row for row in policy.requirements if row.key == "certified_cie")
    assert cie.scope == "region_product"
    assert set(cie.thresholds) == {"implementation", "solution"}


def test_benefit_columns_follow_the_interpretation(policy: Policy) -> None:
    alliance = {b.key for b in policy.benefits_for("alliance")}
    solution = {b.key for b in policy.benefits_for("solution")}
    assert "partner_newsletter" in alliance
    assert "amelia_sandbox" not in alliance
    assert "dedicated_customer_engagement_manager" in solution
    implementation = {b.key for b in policy.benefits_for("implementation")}
    assert "dedicated_customer_engagement_manager" not in implementation


def load_modified(tmp_path: Path, change) -> PolicyError:
    document = shipped_document()
    change(document)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_unknown_classification_in_a_threshold_names_its_path(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        document["requirements"][2]["thresholds"]["platinum"] = 3

    error = load_modified(tmp_path, change)
    assert ("requirements[2].thresholds.platinum", "unknown classification 'platinum'") in error.problems


def test_negative_count_is_refused(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        document["requirements"][3]["thresholds"]["solution"] = -5

    error = load_modified(tmp_path, change)
    assert any(path == "requirements[3].thresholds" and "negative" in r for path, r in error.problems)


def test_overlapping_evaluation_periods_are_refused(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        document["calendar"]["evaluations"][1]["quarter_ends"] = {"month": 2, "day": 28}

    error = load_modified(tmp_path, change)
    where = "calendar.evaluations[1].quarter_ends"
    assert any(path == where and "overlaps" in r for path, r in error.problems)


def test_missing_field_and_wrong_type(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        del document["fees"]["currency"]
        document["windows"]["qualification_months"] = "six"

    error = load_modified(tmp_path, change)
    paths = {path for path, _ in error.problems}
    assert {"fees.currency", "windows.qualification_months"} <= paths


def test_a_fee_for_every_classification(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        del document["fees"]["annual"]["solution"]

    error = load_modified(tmp_path, change)
    assert ("fees.annual", "no fee for solution") in error.problems


def test_duplicate_keys_and_bad_references(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        document["benefits"].append(dict(document["benefits"][0]))
        document["classifications"][0]["upgrade_to"] = "diamond"

    error = load_modified(tmp_path, change)
    assert ("benefits", "key 'onboarding' appears 2 times") in error.problems
    assert ("classifications[0].upgrade_to", "unknown classification 'diamond'") in error.problems


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_text("version_date: 2018-01-31\nprogram_year: [2019\n", source="draft.yaml")
    assert caught.value.source == "draft.yaml"
    assert caught.value.problems[0][0].startswith("line ")


def test_a_document_that_is_not_a_mapping() -> None:
    with pytest.raises(PolicyError, match="must be a mapping"):
        load_policy_text("- just\n- a list\n", source="list.yaml")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot be read"):
        load_policy_file(tmp_path / "missing.yaml")


def test_a_file_with_faults_at_every_stage_reports_them_all(tmp_path: Path) -> None:
    """A policy file with several faults reported only the schema's; the cross-reference checks of the parts
    that are well-formed report theirs in the same run."""

    def change(document: dict) -> None:
        document["windows"]["qualification_months"] = "six"  # schema
        document["requirements"][2]["thresholds"]["platinum"] = 3  # cross-reference
        document["classifications"][0]["upgrade_to"] = "diamond"  # cross-reference
        del document["fees"]["annual"]["solution"]  # cross-reference

    error = load_modified(tmp_path, change)

    paths = {path for path, _ in error.problems}
    assert "windows.qualification_months" in paths
    assert ("requirements[2].thresholds.platinum", "unknown classification 'platinum'") in error.problems
    assert ("classifications[0].upgrade_to", "unknown classification 'diamond'") in error.problems
    assert ("fees.annual", "no fee for solution") in error.problems


def test_a_malformed_part_is_not_cross_checked(tmp_path: Path) -> None:
    def change(document: dict) -> None:
        document["classifications"] = "alliance"

    error = load_modified(tmp_path, change)
    assert [path for path, _ in error.problems] == ["classifications"]
