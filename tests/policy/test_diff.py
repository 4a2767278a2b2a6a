import datetime as dt
from typing import Any

import yaml

from partnerhub.policy.diff import diff_policies
from partnerhub.policy.load import SHIPPED_POLICY, load_policy_document
from partnerhub.policy.model import Policy


def changed(edit: Any) -> Policy:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 1, 31)
    edit(document)
    return load_policy_document(document, source="draft.yaml")


def row(document: dict, key: str) -> dict:
    return next(item for item in document["requirements"] if item["key"] == key)


def test_the_same_policy_has_no_changes(policy: Policy) -> None:
    diff = diff_policies(policy, policy)
    assert diff.changes == ()
    assert diff.summary == {}


def test_only_the_version_date_differs(policy: Policy) -> None:
    diff = diff_policies(policy, changed(lambda document: None))
    assert [change.text for change in diff.changes] == ["version_date: 2018-01-31 → 2019-01-31"]
    assert diff.as_dict()["from_version"] == "2018-01-31"
    assert diff.as_dict()["to_version"] == "2019-01-31"


def test_a_threshold_change_names_the_requirement_by_key(policy: Policy) -> None:
    def edit(document: dict) -> None:
        row(document, "sales_resources")["thresholds"]["solution"] = 12

    texts = [change.text for change in diff_policies(policy, changed(edit)).changes]
    assert "requirements[sales_resources].thresholds.solution: 10 → 12" in texts


def test_equal_decimals_written_differently_are_no_change(policy: Policy) -> None:
    def edit(document: dict) -> None:
        row(document, "timely_deal_registration")["thresholds"]["alliance"] = "0.9"

    paths = [change.path for change in diff_policies(policy, changed(edit)).changes]
    assert paths == ["version_date"]


def test_added_and_removed_parts(policy: Policy) -> None:
    def edit(document: dict) -> None:
        document["benefits"] = [b for b in document["benefits"] if b["key"] != "joint_pr"]
        document["benefits"].append(
            {"key": "swag", "label": "Partner swag", "section": "5.1", "classifications": ["solution"]}
        )
        del row(document, "conversion_rate")["thresholds"]["advisory"]

    diff = diff_policies(policy, changed(edit))
    by_path = {change.path: change for change in diff.changes}
    assert by_path["benefits[joint_pr]"].kind == "removed"
    assert by_path["benefits[joint_pr]"].text == "benefits[joint_pr]: removed (Joint PR activities with IPsoft)"
    assert by_path["benefits[swag]"].kind == "added"
    assert by_path["benefits[swag]"].new["classifications"] == ["solution"]
    removed = by_path["requirements[conversion_rate].thresholds.advisory"]
    assert (removed.kind, removed.old, removed.new) == ("removed", "0.25", None)
    assert diff.summary == {"version_date": 1, "requirements": 1, "benefits": 2}


def test_fees_windows_classifications_and_calendar(policy: Policy) -> None:
    def edit(document: dict) -> None:
        document["fees"]["annual"]["solution"] = "32000.00"
        document["windows"]["qualification_months"] = 9
        document["classifications"][2]["upgrade_to"] = None
        document["calendar"]["evaluations"][1]["notify_by"]["day"] = 5
        benefit = next(b for b in document["benefits"] if b["key"] == "web_leads")
        benefit["classifications"] = ["solution"]

    texts = [change.text for change in diff_policies(policy, changed(edit)).changes]
    assert "fees.annual.solution: 30000 → 32000" in texts
    assert "windows.qualification_months: 6 → 9" in texts
    assert "classifications[implementation].upgrade_to: solution → none" in texts
    assert "calendar.evaluations[Q2].notify_by.day: 1 → 5" in texts
    assert "benefits[web_leads].classifications: [implementation, solution] → [solution]" in texts


def test_reordering_keyed_parts_is_no_change(policy: Policy) -> None:
    def edit(document: dict) -> None:
        document["benefits"].reverse()

    assert [change.path for change in diff_policies(policy, changed(edit)).changes] == ["version_date"]
