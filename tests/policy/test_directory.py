"""The directory's rule and its part of the policy file (docs/policy.md#r6-3): who is listed on a day, who is
featured, the defaults of a file without the part, a bad part refused by path, and the diff naming a change."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.diff import diff_policies
from partnerhub.policy.directory import directory_listing, featured_classifications
from partnerhub.policy.load import SHIPPED_POLICY, PolicyError, load_policy_document, load_policy_file
from partnerhub.policy.model import PartnerDirectory, Policy

IN = Decision(True, dt.date(2018, 1, 31), (Reason("fees", "2.0", "paid", True),))
OUT = Decision(False, dt.date(2018, 1, 31), (Reason("fees", "2.0", "overdue", False),))


def document() -> dict:
    loaded: dict = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    return loaded


def with_directory(**part) -> Policy:
    edited = document()
    edited["version_date"] = dt.date(2019, 1, 31)
    edited["directory"].update(part)
    return load_policy_document(edited, source="draft.yaml")


def test_the_2019_file_lists_registered_partners_in_good_standing_that_chose_to_be(policy: Policy) -> None:
    listed = directory_listing(policy, opted_in=True, status="registered", standing=IN)
    assert listed.outcome is True and listed.all_met
    assert [r.code for r in listed.reasons] == [
        "directory_enabled",
        "chose_to_be_listed",
        "status_listed",
        "good_standing",
    ]
    assert listed.reasons[0].section == "1.0" and listed.reasons[3].section == "2.0"

    def unmet(**facts) -> list[str]:
        return [
            r.code
            for r in directory_listing(
                policy, **{"opted_in": True, "status": "registered", "standing": IN, **facts}
            ).unmet
        ]

    assert unmet(opted_in=False) == ["chose_to_be_listed"]
    assert unmet(status="approved") == ["status_listed"]
    assert unmet(standing=OUT) == ["good_standing"]
    assert unmet(standing=None) == ["good_standing"], "asked for standing, none given: not listed"


def test_featured_are_the_holders_of_the_featured_listing_benefit(policy: Policy) -> None:
    assert featured_classifications(policy) == {"implementation", "solution"}
    assert featured_classifications(with_directory(featured_benefit=None)) == frozenset()


def test_a_later_version_may_switch_it_off_or_list_without_standing() -> None:
    off = with_directory(enabled=False)
    assert directory_listing(off, opted_in=True, status="registered", standing=IN).unmet[0].code == "directory_enabled"
    loose = with_directory(good_standing=False, statuses=["approved", "registered"])
    decision = directory_listing(loose, opted_in=True, status="approved", standing=None)
    assert decision.outcome is True and "good_standing" not in [r.code for r in decision.reasons]


def test_a_file_without_the_part_gets_the_2019_reading(policy: Policy) -> None:
    edited = document()
    del edited["directory"]
    without = load_policy_document(edited, source="older.yaml")
    assert without.directory == PartnerDirectory()
    assert without.directory.model_dump(exclude={"interpretation"}) == policy.directory.model_dump(
        exclude={"interpretation"}
    ), "the shipped values are the defaults: a database loaded before the part existed reads the same rules"


@pytest.mark.parametrize(
    ("part", "path"),
    [
        ({"featured_benefit": "golden_badge"}, "directory.featured_benefit"),
        ({"statuses": ["terminated"]}, "directory.statuses[0]"),
        ({"statuses": []}, "directory.statuses"),
    ],
)
def test_a_bad_directory_part_is_refused_by_its_path(tmp_path: Path, part: dict, path: str) -> None:
    edited = document()
    edited["directory"].update(part)
    target = tmp_path / "bad.yaml"
    target.write_text(yaml.safe_dump(edited), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(target)
    assert path in {where for where, _ in caught.value.problems}


def test_the_diff_names_a_change_of_the_directory(policy: Policy) -> None:
    texts = [change.text for change in diff_policies(policy, with_directory(enabled=False)).changes]
    assert "directory.enabled: yes → no" in texts
