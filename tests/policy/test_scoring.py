"""Gap to the next classification and quarterly scorecards against the 2019 policy (§3.0, §5.0, §8.0)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhub.policy.calendar import Quarter, quarters_of_year
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.load import SHIPPED_POLICY, PolicyError, load_policy_file
from partnerhub.policy.model import Policy
from partnerhub.policy.requirements import requirement_lines
from partnerhub.policy.scoring import Recommendation, gap_to_next, scorecard

from .builders import (
    EMEA,
    D,
    activity,
    alliance_staff,
    cert,
    exception,
    governance_records,
    implementation_staff,
    partner,
    person,
)


@pytest.fixture(scope="module")
def q2(policy: Policy) -> Quarter:
    return quarters_of_year(policy, 2019)[1]


def reason(decision: Decision[Any], code: str) -> Reason:
    matches = [r for r in decision.reasons if r.code == code]
    assert len(matches) == 1, f"{code}: {matches}"
    return matches[0]


def implementation(**changes: Any) -> PartnerFacts:
    """An Implementation partner meeting every row of Q2 2019 with six people, one product line."""
    base: dict[str, Any] = {
        "products": ("1rpa",),
        "people": implementation_staff(),
        "records": governance_records(),
        "activity": activity(),
    }
    return partner("implementation", **{**base, **changes})


def alliance(**changes: Any) -> PartnerFacts:
    base: dict[str, Any] = {"people": alliance_staff(), "activity": activity(approved=3)}
    return partner("alliance", **{**base, **changes})


# -- gap to the next classification --------------------------------------------------------------


def test_gap_from_alliance_to_implementation(policy: Policy) -> None:
    facts = alliance(products=("1rpa",))
    decision = gap_to_next(policy, facts, D(2019, 6, 1))
    gap = decision.outcome
    assert (gap.classification, gap.target, gap.ready) == ("alliance", "implementation", False)
    assert gap.missing == (
        f"1 more certified sales resource(s) in {EMEA}",
        f"1 more certified CTL for 1RPA in {EMEA}",
        f"2 more certified CIE for 1RPA in {EMEA}",
        f"1 more certified CED for 1RPA in {EMEA}",
        f"1 more certified Experience Designer for 1RPA in {EMEA}",
        "a business / account plan on file",
        "a pipeline review in 3 more month(s) of the quarter",
        "a governance meeting this quarter",
        "the IPsoft logo on the partner's web site",
        "an agreed go-to-market strategy",
    )
    assert {line.group for line in gap.lines} == {"resources", "governance"}
    path = decision.reasons[0]
    assert (path.code, path.section, path.met) == ("upgrade_path", "3.0", True)
    assert path.message == "Alliance Partner can move up to Implementation Partner; 10 line(s) short"
    assert all(r.section == "5.0" for r in decision.reasons[1:])
    assert decision.policy_version == D(2018, 1, 31)


def test_gap_when_ready(policy: Policy) -> None:
    facts = alliance(products=("1rpa",), people=implementation_staff(), records=governance_records())
    gap = gap_to_next(policy, facts, D(2019, 6, 30)).outcome
    assert gap.ready and gap.missing == ()


def test_no_classification_above_solution(policy: Policy) -> None:
    decision = gap_to_next(policy, partner("solution"), D(2019, 6, 1))
    assert decision.outcome.target is None and decision.outcome.lines == ()
    assert decision.outcome.ready is False
    (only,) = decision.reasons
    assert (only.code, only.section, only.met) == ("upgrade_path", "3.0", False)
    assert only.message == "Solution Partner has no higher classification to move up to"


def test_exceptions_do_not_count_towards_the_next_classification(policy: Policy) -> None:
    facts = alliance(products=("1rpa",), exceptions=(exception("certified_cie"),))
    gap = gap_to_next(policy, facts, D(2019, 6, 1)).outcome
    assert f"2 more certified CIE for 1RPA in {EMEA}" in gap.missing


# -- scorecards: every outcome -------------------------------------------------------------------


def test_keep(policy: Policy, q2: Quarter) -> None:
    decision = scorecard(policy, alliance(), q2)
    assert decision.outcome == Recommendation(
        outcome="keep",
        period="2019Q2",
        classification="alliance",
        target=None,
        message="meets every row of its classification",
        sections=("5.0", "8.0"),
    )
    assert decision.facts["conditions"] == {
        "registered": True,
        "resources_met": True,
        "governance_met": True,
        "activity_met": True,
        "next_resources_met": False,
    }
    assert reason(decision, "next_resources_met").message == (
        f"resource rows of Implementation Partner missed: 1 more certified sales resource(s) in {EMEA}; "
        f"1 more certified CTL for any product line in {EMEA}; 2 more certified CIE for any product line in "
        f"{EMEA}; 1 more certified CED for any product line in {EMEA}; 1 more certified Experience Designer "
        f"for any product line in {EMEA}"
    )
    last = decision.reasons[-1]
    assert (last.code, last.section, last.met) == ("recommendation", "8.0", True)
    assert last.message == "Q2 Evaluation 2019: keep: meets every row of its classification"


def test_upgrade_candidate(policy: Policy, q2: Quarter) -> None:
    facts = alliance(products=("1rpa",), people=implementation_staff(), activity=activity(approved=10))
    decision = scorecard(policy, facts, q2)
    assert (decision.outcome.outcome, decision.outcome.target) == ("upgrade_candidate", "implementation")
    assert decision.outcome.sections == ("3.0", "5.0", "8.0")
    assert reason(decision, "next_resources_met").message == "every resource row of Implementation Partner is met"
    assert reason(decision, "next_activity_met").section == "3.0"
    assert decision.reasons[-1].message.startswith("Q2 Evaluation 2019: upgrade candidate (Implementation Partner)")
    assert {line.group for line in decision.facts["next_lines"]} == {"resources", "activity"}


def test_not_an_upgrade_candidate_without_the_next_activity(policy: Policy, q2: Quarter) -> None:
    facts = alliance(products=("1rpa",), people=implementation_staff(), activity=activity(approved=9))
    decision = scorecard(policy, facts, q2)
    assert decision.outcome.outcome == "keep"
    assert reason(decision, "next_activity_met").message == (
        "activity rows of Implementation Partner missed: 1 more qualified opportunit(ies) this quarter"
    )


def test_at_risk_for_a_missed_governance_meeting(policy: Policy, q2: Quarter) -> None:
    records = tuple(r for r in governance_records() if r.kind != "governance_meeting")
    decision = scorecard(policy, implementation(records=records), q2)
    assert decision.outcome.outcome == "at_risk"
    assert decision.outcome.sections == ("5.0", "8.0")
    governance = reason(decision, "governance_met")
    assert (governance.section, governance.met) == ("5.0", False)
    assert governance.message == "governance rows of Implementation Partner missed: a governance meeting this quarter"
    assert [r.code for r in decision.unmet] == ["quarterly_governance", "governance_met", "recommendation"]


def test_at_risk_for_a_conversion_of_exactly_25_percent(policy: Policy, q2: Quarter) -> None:
    decision = scorecard(policy, implementation(activity=activity(won=1, lost=3)), q2)
    assert decision.outcome.outcome == "at_risk"
    assert reason(decision, "conversion_rate").message == (
        "Conversion rate: 1 of 4 outcomes won (25%) (required: more than 25%); "
        "missing 1 more won opportunit(ies) to convert more than 25%"
    )


def test_reassign_down(policy: Policy, q2: Quarter) -> None:
    staff = implementation_staff()
    designer = replace(staff[4], certifications=(cert("experience_designer", "1rpa"),))  # drops a CIE
    decision = scorecard(policy, implementation(people=(*staff[:4], designer, staff[5])), q2)
    assert (decision.outcome.outcome, decision.outcome.target) == ("reassign_down", "alliance")
    assert decision.outcome.sections == ("2.0", "3.0", "5.0")
    assert reason(decision, "resources_met").message == (
        f"resource rows of Implementation Partner missed: 1 more certified CIE for 1RPA in {EMEA}"
    )
    lower = reason(decision, "lower_resources_met")
    assert (lower.section, lower.met, lower.message) == (
        "3.0",
        True,
        "every resource row of Alliance Partner is met",
    )
    assert decision.reasons[-1].met is False
    assert [line.requirement for line in decision.facts["lower_lines"]] == [
        "designated_partner_manager",
        "sales_resources",
        "presales_resources",
    ]


def test_terminate_when_no_lower_classification_is_met(policy: Policy, q2: Quarter) -> None:
    decision = scorecard(policy, alliance(people=alliance_staff()[1:]), q2)
    assert (decision.outcome.outcome, decision.outcome.target) == ("terminate", None)
    assert decision.outcome.sections == ("2.0", "5.0")
    assert reason(decision, "lower_resources_met").message == "Alliance Partner has no lower classification"
    assert [r.code for r in decision.unmet] == [
        "designated_partner_manager",
        "resources_met",
        "lower_resources_met",
        "recommendation",
    ]


def test_terminate_when_the_qualification_window_ended_unregistered(policy: Policy) -> None:
    q3 = quarters_of_year(policy, 2019)[2]
    facts = alliance(status="approved", approved_on=D(2019, 1, 10), activity=activity(period="2019Q3"))
    decision = scorecard(policy, facts, q3)
    assert decision.outcome.outcome == "terminate"
    assert decision.outcome.sections == ("2.0", "8.0")
    assert decision.facts["conditions"] == {"registered": False, "qualification_window_open": False}
    window = reason(decision, "qualification_window_open")
    assert (window.section, window.message) == (
        "2.0",
        "the qualification window ended on 2019-07-10 without registration",
    )
    assert "deactivated" in decision.reasons[-1].message
    assert "next_lines" not in decision.facts and "lower_lines" not in decision.facts


def test_keep_inside_the_qualification_window(policy: Policy, q2: Quarter) -> None:
    facts = alliance(status="approved", approved_on=D(2019, 5, 10), people=(), activity=None)
    decision = scorecard(policy, facts, q2)
    assert decision.outcome.outcome == "keep"
    assert decision.outcome.message == "still inside the qualification window; the lines show what is left to meet"
    assert reason(decision, "qualification_window_open").message == (
        "inside the qualification window, until 2019-11-10"
    )


def test_an_exception_keeps_a_partner(policy: Policy, q2: Quarter) -> None:
    staff = implementation_staff()
    designer = replace(staff[4], certifications=(cert("experience_designer", "1rpa"),))
    facts = implementation(
        people=(*staff[:4], designer, staff[5]),
        exceptions=(exception("certified_cie", ends=D(2019, 6, 30)),),
    )
    decision = scorecard(policy, facts, q2)
    assert decision.outcome.outcome == "keep"
    cie = reason(decision, "certified_cie")
    assert (cie.section, cie.met) == ("5.2", True)
    assert "exception #7" in cie.message


@pytest.mark.parametrize("outcome", ["keep", "upgrade_candidate", "at_risk", "reassign_down", "terminate"])
def test_every_outcome_has_its_interpretation_in_the_policy(policy: Policy, outcome: str) -> None:
    rules = [rule for rule in policy.assessment.recommendations if rule.outcome == outcome]
    assert rules and all(rule.message for rule in rules)
    assert any(rule.interpretation for rule in rules) or outcome == "keep"


# -- scorecards: shape and consistency -----------------------------------------------------------


def test_scorecard_lines_are_the_requirement_lines_at_the_quarter_end(policy: Policy, q2: Quarter) -> None:
    facts = implementation(activity=activity(orders=10, in_time=8))
    decision = scorecard(policy, facts, q2)
    expected = requirement_lines(policy, facts, q2.end, groups=("resources", "governance", "activity"), quarter=q2)
    assert decision.facts["lines"] == expected
    assert decision.facts["period"] == "2019Q2" and decision.facts["as_of"] == D(2019, 6, 30)
    assert [r.code for r in decision.reasons[: len(expected)]] == [line.requirement for line in expected]
    assert set(decision.sections) <= {"2.0", "3.0", "5.0", "5.2", "8.0"}
    as_json = decision.as_dict()
    assert as_json["outcome"]["outcome"] == "at_risk"
    assert as_json["facts"]["lines"][0]["requirement"] == "dedicated_partner_manager"


def test_scorecard_refuses_activity_of_another_quarter(policy: Policy, q2: Quarter) -> None:
    with pytest.raises(ValueError, match="2019Q1, not 2019Q2"):
        scorecard(policy, alliance(activity=activity(period="2019Q1")), q2)


def test_the_rules_are_policy_data(policy: Policy, q2: Quarter) -> None:
    rules = list(policy.assessment.recommendations)
    index = next(i for i, rule in enumerate(rules) if rule.outcome == "upgrade_candidate")
    rules[index] = rules[index].model_copy(update={"when": {**rules[index].when, "next_governance_met": True}})
    draft = policy.model_copy(
        update={"assessment": policy.assessment.model_copy(update={"recommendations": tuple(rules)})}
    )
    facts = alliance(products=("1rpa",), people=implementation_staff(), activity=activity(approved=10))
    assert scorecard(policy, facts, q2).outcome.outcome == "upgrade_candidate"
    decision = scorecard(draft, facts, q2)
    assert decision.outcome.outcome == "keep"
    assert decision.facts["conditions"]["next_governance_met"] is False


def load_changed(tmp_path: Path, change: Any) -> PolicyError:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    change(document["assessment"])
    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(path)
    return caught.value


def test_the_last_rule_must_have_no_conditions(tmp_path: Path) -> None:
    error = load_changed(tmp_path, lambda a: a["recommendations"][-1].update(when={"registered": True}))
    assert any(p == "assessment.recommendations" and "last rule" in r for p, r in error.problems)


def test_every_outcome_needs_a_rule(tmp_path: Path) -> None:
    def drop(assessment: dict[str, Any]) -> None:
        assessment["recommendations"] = [r for r in assessment["recommendations"] if r["outcome"] != "at_risk"]

    error = load_changed(tmp_path, drop)
    assert any("no rule proposes at_risk" in r for _, r in error.problems)


def test_every_condition_needs_a_section_and_unknown_conditions_are_refused(tmp_path: Path) -> None:
    def change(assessment: dict[str, Any]) -> None:
        del assessment["conditions"]["financial_standing"]
        assessment["recommendations"][0]["when"]["moon_phase"] = True

    error = load_changed(tmp_path, change)
    paths = {p for p, _ in error.problems}
    assert "assessment.conditions" in paths
    assert any(p.startswith("assessment.recommendations[0].when") for p in paths)


# -- property: the recommendation agrees with the lines ------------------------------------------

STAFF = (*implementation_staff(), *alliance_staff(first_id=11))


@settings(max_examples=120)
@given(
    classification=st.sampled_from(("advisory", "alliance", "implementation", "solution")),
    staff=st.lists(st.sampled_from(STAFF), unique=True),
    records=st.lists(st.sampled_from(governance_records()), unique=True),
    orders=st.integers(0, 12),
    data=st.data(),
    reseller=st.booleans(),
)
def test_the_recommendation_agrees_with_the_lines(
    policy: Policy,
    classification: str,
    staff: list[Any],
    records: list[Any],
    orders: int,
    data: st.DataObject,
    reseller: bool,
) -> None:
    q2 = quarters_of_year(policy, 2019)[1]
    facts_activity = activity(
        orders=orders,
        in_time=data.draw(st.integers(0, orders)),
        approved=data.draw(st.integers(0, 25)),
        won=data.draw(st.integers(0, 5)),
        lost=data.draw(st.integers(0, 5)),
    )
    facts = partner(
        classification,
        products=("1rpa",),
        people=tuple(staff),
        records=tuple(records),
        activity=facts_activity,
        reseller_agreement=reseller,
    )
    decision = scorecard(policy, facts, q2)
    lines = decision.facts["lines"]
    resources = [line.met for line in lines if line.group == "resources"]
    others = [line.met for line in lines if line.group != "resources"]
    outcome = decision.outcome.outcome
    if outcome in ("keep", "upgrade_candidate"):
        assert all(resources) and all(others)
    elif outcome == "at_risk":
        assert all(resources) and not all(others)
    else:
        assert not all(resources)
    if outcome == "upgrade_candidate":
        assert all(line.met for line in decision.facts["next_lines"])
    if outcome == "reassign_down":
        assert all(line.met for line in decision.facts["lower_lines"])
    assert decision.reasons[-1].code == "recommendation"


def test_a_person_in_another_region_does_not_help(policy: Policy, q2: Quarter) -> None:
    facts = alliance(people=(*alliance_staff()[1:], person(9, "partner_manager", region="AMER")))
    assert scorecard(policy, facts, q2).outcome.outcome == "terminate"
