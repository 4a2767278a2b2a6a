import datetime as dt
from typing import Any

import pytest

from partnerhub.policy.licenses import (
    MARKETPLACE_STANDARDS,
    benefit_request_sendable,
    marketing_access_admissible,
    marketplace_review,
    marketplace_submission_admissible,
    product_subscription_admissible,
    program_year_bounds,
    trademark_use_admissible,
    web_lead_offer_admissible,
)
from partnerhub.policy.model import Policy

AS_OF = dt.date(2019, 7, 1)


def unmet(decision) -> list[tuple[str, str]]:
    return [(reason.code, reason.section) for reason in decision.unmet]


def lead(policy: Policy, **overrides):
    arguments: dict[str, Any] = {
        "classification": "implementation",
        "status": "registered",
        "territories": ["DE", "FR"],
        "products": ["amelia"],
        "country": "DE",
        "product": "amelia",
        "as_of": AS_OF,
    }
    arguments.update(overrides)
    return web_lead_offer_admissible(policy, **arguments)


def test_a_lead_goes_to_an_entitled_partner_in_its_territory_and_product_line(policy: Policy) -> None:
    decision = lead(policy)
    assert decision.outcome is True
    assert decision.policy_version == dt.date(2018, 1, 31)


def test_a_lead_is_refused_for_each_reason_with_its_section(policy: Policy) -> None:
    assert unmet(lead(policy, classification="alliance")) == [("entitled", "5.1")]
    assert unmet(lead(policy, status="approved")) == [("entitled", "5.1")]
    assert unmet(lead(policy, country="US")) == [("inside_designated_territory", "4.0")]
    assert unmet(lead(policy, product="1rpa")) == [("authorized_product_line", "5.1")]
    message = lead(policy, classification="alliance").unmet[0].message
    assert "for Implementation Partners, Solution Partners only" in message


def test_only_solution_partners_submit_to_the_marketplace(policy: Policy) -> None:
    assert marketplace_submission_admissible(
        policy, classification="solution", status="registered", as_of=AS_OF
    ).outcome
    refused = marketplace_submission_admissible(
        policy, classification="implementation", status="registered", as_of=AS_OF
    )
    assert unmet(refused) == [("entitled", "3.0")]
    in_window = marketplace_submission_admissible(policy, classification="solution", status="approved", as_of=AS_OF)
    assert unmet(in_window) == [("entitled", "3.0")]
    assert "qualification window" in in_window.unmet[0].message


def test_marketplace_review_needs_every_standard(policy: Policy) -> None:
    all_met = dict.fromkeys(MARKETPLACE_STANDARDS, True)
    assert marketplace_review(policy, all_met).outcome is True
    one_short = {**all_met, "support_process_agreed": False}
    decision = marketplace_review(policy, one_short)
    assert decision.outcome is False
    assert unmet(decision) == [("support_process_agreed", "3.0")]
    with pytest.raises(ValueError, match="unanswered: branding_compliant"):
        marketplace_review(policy, {key: True for key in MARKETPLACE_STANDARDS if key != "branding_compliant"})
    with pytest.raises(ValueError, match="unknown: shiny"):
        marketplace_review(policy, {**all_met, "shiny": True})


def subscription(policy: Policy, **overrides):
    arguments: dict[str, Any] = {
        "status": "registered",
        "purpose": "demonstration",
        "product": "amelia",
        "products": ["amelia", "1desk"],
        "starts_on": AS_OF,
        "ends_on": AS_OF + dt.timedelta(days=90),
    }
    arguments.update(overrides)
    return product_subscription_admissible(policy, **arguments)


def test_product_subscriptions_are_for_demonstration_or_training_only(policy: Policy) -> None:
    assert subscription(policy).outcome
    assert subscription(policy, purpose="training", status="approved").outcome
    assert unmet(subscription(policy, purpose="production")) == [("demonstration_or_training", "10.1")]
    assert unmet(subscription(policy, status="deactivated")) == [("partner_in_program", "10.1")]
    assert unmet(subscription(policy, product="1rpa")) == [("authorized_product_line", "10.1")]
    assert unmet(subscription(policy, ends_on=AS_OF - dt.timedelta(days=1))) == [("period", "10.1")]


def test_marketing_services_follow_the_marketing_benefit(policy: Policy) -> None:
    assert marketing_access_admissible(policy, classification="alliance", status="registered", as_of=AS_OF).outcome
    refused = marketing_access_admissible(policy, classification="alliance", status="applied", as_of=AS_OF)
    assert unmet(refused) == [("entitled", "10.2")]


def trademark(policy: Policy, **overrides):
    arguments: dict[str, Any] = {
        "classification": "alliance",
        "status": "registered",
        "territories": ["DE"],
        "territory": "DE",
        "starts_on": dt.date(2019, 8, 1),
        "ends_on": dt.date(2019, 12, 31),
        "as_of": AS_OF,
    }
    arguments.update(overrides)
    return trademark_use_admissible(policy, **arguments)


def test_a_trademark_use_inside_territory_and_program_year_is_admissible(policy: Policy) -> None:
    decision = trademark(policy)
    assert decision.outcome is True
    assert {reason.section for reason in decision.reasons} == {"10.3", "4.0"}


def test_a_trademark_use_outside_the_territories_cites_10_3_and_4_0(policy: Policy) -> None:
    assert unmet(trademark(policy, territory="US")) == [
        ("trademark_territory", "10.3"),
        ("inside_designated_territory", "4.0"),
    ]


def test_a_trademark_use_across_program_years_is_refused(policy: Policy) -> None:
    assert unmet(trademark(policy, ends_on=dt.date(2020, 1, 31))) == [("trademark_program_year", "10.3")]
    assert unmet(trademark(policy, ends_on=dt.date(2019, 7, 31), starts_on=dt.date(2019, 8, 1))) == [
        ("trademark_program_year", "10.3")
    ]


def test_a_trademark_use_needs_prior_approval_and_the_benefit(policy: Policy) -> None:
    assert unmet(trademark(policy, starts_on=dt.date(2019, 1, 1), ends_on=dt.date(2019, 3, 31))) == [
        ("prior_approval", "10.3")
    ]
    assert unmet(trademark(policy, status="approved")) == [("entitled", "10.3")]


def test_program_year_is_the_calendar_year(policy: Policy) -> None:
    assert program_year_bounds(policy, 2019) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))


def sendable(policy: Policy, benefit_key: str, classification: str = "implementation", **overrides):
    arguments: dict[str, Any] = {"status": "registered", "as_of": AS_OF, "acknowledged_cost": False}
    arguments.update(overrides)
    return benefit_request_sendable(policy, benefit_key=benefit_key, classification=classification, **arguments)


def test_a_may_cost_benefit_is_sent_only_with_the_cost_acknowledged(policy: Policy) -> None:
    refused = sendable(policy, "technical_classroom_training")
    assert unmet(refused) == [("cost_acknowledged", "5.1")]
    assert refused.unmet[0].message.startswith("May come with an associated cost.")
    assert sendable(policy, "technical_classroom_training", acknowledged_cost=True).outcome is True
    # a free benefit needs no acknowledgement and gets no cost reason
    sandbox = sendable(policy, "amelia_sandbox")
    assert sandbox.outcome is True
    assert "cost_acknowledged" not in {reason.code for reason in sandbox.reasons}


def test_a_solution_only_benefit_is_refused_to_an_implementation_partner_citing_5_1(policy: Policy) -> None:
    refused = sendable(policy, "dedicated_customer_engagement_manager")
    assert refused.outcome is False
    assert {section for _code, section in unmet(refused)} == {"5.1"}
    assert "Solution Partners only" in refused.unmet[-1].message
