import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.benefits import benefit_request_admissible, demo_notice_required, entitlements
from partnerhub.policy.load import SHIPPED_POLICY, load_policy_file
from partnerhub.policy.model import Policy

AS_OF = dt.date(2019, 7, 1)
CLASSIFICATIONS = ["advisory", "alliance", "implementation", "solution", "oem"]
BENEFIT_KEYS = [benefit.key for benefit in load_policy_file(SHIPPED_POLICY).benefits]


def keys(policy: Policy, classification: str, status: str) -> set[str]:
    decision = entitlements(policy, classification=classification, status=status, as_of=AS_OF)
    return {entitlement.key for entitlement in decision.outcome}


def request(policy: Policy, benefit_key: str, classification: str, status: str = "registered"):
    return benefit_request_admissible(
        policy, benefit_key=benefit_key, classification=classification, status=status, as_of=AS_OF
    )


def test_a_registered_alliance_partner_has_its_column(policy: Policy) -> None:
    alliance = keys(policy, "alliance", "registered")
    assert "partner_newsletter" in alliance
    assert "deal_registration" in alliance
    assert "amelia_sandbox" not in alliance
    assert "documentation_portal" not in alliance
    assert len(alliance) == 15  # the fifteen three-mark rows of §5.1


def test_advisory_and_alliance_share_a_column(policy: Policy) -> None:
    assert keys(policy, "advisory", "registered") == keys(policy, "alliance", "registered")


def test_solution_has_everything_implementation_has_and_more(policy: Policy) -> None:
    implementation = keys(policy, "implementation", "registered")
    solution = keys(policy, "solution", "registered")
    assert "dedicated_customer_engagement_manager" in solution
    assert "dedicated_customer_engagement_manager" not in implementation
    assert solution - implementation == {"dedicated_customer_engagement_manager", "marketplace_listing"}


def test_entitlements_carry_labels_sections_and_notes(policy: Policy) -> None:
    decision = entitlements(policy, classification="implementation", status="registered", as_of=AS_OF)
    by_key = {entitlement.key: entitlement for entitlement in decision.outcome}
    sandbox = by_key["amelia_sandbox"]
    assert sandbox.requestable and not sandbox.may_cost
    assert sandbox.section == "5.1"
    assert sandbox.notes == (
        "IPsoft provides software only; the partner provides the hosting facility or cloud environment.",
    )
    classroom = by_key["technical_classroom_training"]
    assert classroom.may_cost and classroom.notes == ("May come with an associated cost.",)
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("registered_partner", "2.0", True),
        ("classification_has_benefits", "5.1", True),
    ]
    assert decision.as_dict()["outcome"][0]["key"] == "onboarding"


def test_the_solution_sandbox_has_no_hosting_note(policy: Policy) -> None:
    decision = entitlements(policy, classification="solution", status="registered", as_of=AS_OF)
    sandbox = next(entitlement for entitlement in decision.outcome if entitlement.key == "amelia_sandbox")
    assert sandbox.notes == ()


@pytest.mark.parametrize("classification", ["advisory", "alliance", "implementation", "solution"])
def test_in_the_qualification_window_only_onboarding_and_online_training(policy: Policy, classification) -> None:
    decision = entitlements(policy, classification=classification, status="approved", as_of=AS_OF)
    assert {entitlement.key for entitlement in decision.outcome} == {"onboarding", "ipuniversity"}
    [reason] = decision.unmet
    assert (reason.code, reason.section) == ("registered_partner", "2.0")
    assert "qualification window" in reason.message


@pytest.mark.parametrize("status", ["applied", "rejected", "deactivated", "terminated"])
def test_other_statuses_have_no_benefits(policy: Policy, status: str) -> None:
    decision = entitlements(policy, classification="solution", status=status, as_of=AS_OF)
    assert decision.outcome == ()
    assert [(r.code, r.section) for r in decision.unmet] == [("registered_partner", "2.0")]


def test_oem_has_no_column(policy: Policy) -> None:
    decision = entitlements(policy, classification="oem", status="registered", as_of=AS_OF)
    assert decision.outcome == ()
    assert [(r.code, r.section) for r in decision.unmet] == [("classification_has_benefits", "5.1")]


def test_a_requestable_benefit_of_the_column_may_be_requested(policy: Policy) -> None:
    decision = request(policy, "technical_classroom_training", "implementation")
    assert decision.outcome is True
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("known_benefit", "5.1", True),
        ("requestable", "5.1", True),
        ("entitled", "5.1", True),
    ]
    assert decision.facts["may_cost"] is True


def test_a_solution_only_benefit_requested_by_an_implementation_partner_is_refused(policy: Policy) -> None:
    decision = request(policy, "dedicated_customer_engagement_manager", "implementation")
    assert decision.outcome is False
    assert ("entitled", "5.1") in [(r.code, r.section) for r in decision.unmet]
    entitled = next(r for r in decision.reasons if r.code == "entitled")
    assert entitled.message == (
        "'Dedicated customer engagement manager' is for Solution Partners only, not Implementation Partners"
    )


def test_a_sandbox_requested_by_an_alliance_partner_is_refused_citing_5_1(policy: Policy) -> None:
    decision = request(policy, "amelia_sandbox", "alliance")
    assert [(r.code, r.section) for r in decision.unmet] == [("entitled", "5.1")]


def test_a_benefit_that_is_simply_available_is_not_requested(policy: Policy) -> None:
    decision = request(policy, "partner_newsletter", "alliance")
    assert [(r.code, r.section) for r in decision.unmet] == [("requestable", "5.1")]


def test_an_unknown_benefit_is_refused(policy: Policy) -> None:
    decision = request(policy, "free_lunch", "solution")
    assert decision.outcome is False
    assert [(r.code, r.section) for r in decision.reasons] == [("known_benefit", "5.1")]


def test_a_partner_in_its_window_may_not_request_yet(policy: Policy) -> None:
    decision = request(policy, "demo_center_reservation", "alliance", status="approved")
    [reason] = decision.unmet
    assert (reason.code, reason.section) == ("entitled", "5.1")
    assert "qualification window" in reason.message
    assert request(policy, "demo_center_reservation", "alliance").outcome is True


@pytest.mark.parametrize(
    ("sales_force", "customer_service_group", "required"),
    [(20, 20, False), (21, 0, True), (0, 21, True), (0, 0, False), (21, 21, True)],
)
def test_demo_notice_above_twenty_people(policy: Policy, sales_force, customer_service_group, required) -> None:
    decision = demo_notice_required(policy, sales_force, customer_service_group)
    assert decision.outcome is required
    [reason] = decision.reasons
    assert (reason.code, reason.section, reason.met) == ("prospect_more_than_people", "9.1", required)


def test_negative_head_counts_are_refused(policy: Policy) -> None:
    with pytest.raises(ValueError, match="negative"):
        demo_notice_required(policy, -1, 0)


@given(classification=st.sampled_from(CLASSIFICATIONS), status=st.sampled_from(["approved", "registered", "x"]))
def test_entitlements_are_always_within_the_classification_column(policy: Policy, classification, status) -> None:
    column = {benefit.key for benefit in policy.benefits_for(classification)}
    assert keys(policy, classification, status) <= column


@given(
    benefit=st.sampled_from(BENEFIT_KEYS),
    classification=st.sampled_from(CLASSIFICATIONS),
    status=st.sampled_from(["approved", "registered", "deactivated"]),
)
def test_a_request_is_admissible_only_for_an_entitled_requestable_benefit(
    policy: Policy, benefit, classification, status
) -> None:
    decision = entitlements(policy, classification=classification, status=status, as_of=AS_OF)
    granted = {entitlement.key: entitlement for entitlement in decision.outcome}
    admissible = request(policy, benefit, classification, status).outcome
    assert admissible is (benefit in granted and granted[benefit].requestable)
