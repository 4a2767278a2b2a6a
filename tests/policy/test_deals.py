import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.deals import registration_admissible, timely
from partnerhub.policy.load import SHIPPED_POLICY, PolicyError, load_policy_document
from partnerhub.policy.model import Policy

SUBMITTED = dt.date(2019, 5, 10)


def admissible(policy: Policy, **changes):
    arguments: dict[str, Any] = {
        "partner_status": "registered",
        "classification": "alliance",
        "territories": ["DE", "AT", "CH"],
        "country": "DE",
        "consent_confirmed": True,
        "order_placed_on": None,
        "submitted_on": SUBMITTED,
        "submitter_is_representative": True,
    } | changes
    return registration_admissible(policy, **arguments)


def reason_table(decision) -> list[tuple[str, str, bool]]:
    return [(reason.code, reason.section, reason.met) for reason in decision.reasons]


def test_a_complete_registration_is_admissible_with_every_condition_recorded(policy: Policy) -> None:
    decision = admissible(policy)
    assert decision.outcome is True
    assert decision.policy_version == dt.date(2018, 1, 31)
    assert reason_table(decision) == [
        ("before_any_order", "7.3", True),
        ("partner_status_registers_deals", "2.0", True),
        ("classification_has_deal_registration", "5.1", True),
        ("inside_designated_territory", "4.0", True),
        ("personal_data_consent_confirmed", "7.3", True),
        ("submitted_by_designated_representative", "7.3", True),
    ]


@pytest.mark.parametrize("order_placed_on", [dt.date(2019, 5, 1), SUBMITTED])
def test_after_an_order_is_refused_always(policy: Policy, order_placed_on: dt.date) -> None:
    decision = admissible(policy, order_placed_on=order_placed_on)
    assert decision.outcome is False
    [unmet] = decision.unmet
    assert (unmet.code, unmet.section) == ("before_any_order", "7.3")
    assert "under no circumstances" in unmet.message


def test_an_order_placed_later_than_the_submission_does_not_block_it(policy: Policy) -> None:
    assert admissible(policy, order_placed_on=SUBMITTED + dt.timedelta(days=1)).outcome is True


def test_oem_partners_cannot_register_deals(policy: Policy) -> None:
    decision = admissible(policy, classification="oem")
    assert decision.outcome is False
    [unmet] = decision.unmet
    assert (unmet.code, unmet.section) == ("classification_has_deal_registration", "5.1")
    assert "OEM Partners do not have" in unmet.message


@pytest.mark.parametrize("classification", ["advisory", "alliance", "implementation", "solution"])
def test_every_other_classification_may_register(policy: Policy, classification: str) -> None:
    assert admissible(policy, classification=classification).outcome is True


def test_outside_the_territories_is_refused_citing_4_0(policy: Policy) -> None:
    decision = admissible(policy, country="FR")
    assert decision.outcome is False
    [unmet] = decision.unmet
    assert (unmet.code, unmet.section) == ("inside_designated_territory", "4.0")
    assert "FR is outside the designated territories (AT, CH, DE)" in unmet.message


def test_territory_codes_compare_without_case(policy: Policy) -> None:
    assert admissible(policy, country="de", territories=[" DE "]).outcome is True
    assert admissible(policy, country="", territories=[""]).outcome is False


@pytest.mark.parametrize("status", ["approved", "registered"])
def test_partners_in_their_window_or_registered_may_register(policy: Policy, status: str) -> None:
    assert admissible(policy, partner_status=status).outcome is True


@pytest.mark.parametrize("status", ["applied", "rejected", "deactivated", "terminated"])
def test_other_statuses_may_not(policy: Policy, status: str) -> None:
    decision = admissible(policy, partner_status=status)
    assert [(r.code, r.section) for r in decision.unmet] == [("partner_status_registers_deals", "2.0")]


def test_consent_and_representative_are_required_and_all_failures_are_reported(policy: Policy) -> None:
    decision = admissible(
        policy,
        consent_confirmed=False,
        submitter_is_representative=False,
        country="US",
        order_placed_on=dt.date(2019, 1, 2),
    )
    assert decision.outcome is False
    assert [(r.code, r.section) for r in decision.unmet] == [
        ("before_any_order", "7.3"),
        ("inside_designated_territory", "4.0"),
        ("personal_data_consent_confirmed", "7.3"),
        ("submitted_by_designated_representative", "7.3"),
    ]
    assert decision.as_dict()["facts"]["order_placed_on"] == "2019-01-02"


def test_timely_means_strictly_before_the_order_date() -> None:
    assert timely(dt.date(2019, 5, 10), dt.date(2019, 5, 9)) is True
    assert timely(dt.date(2019, 5, 10), dt.date(2019, 5, 10)) is False
    assert timely(dt.date(2019, 5, 10), dt.date(2019, 5, 11)) is False


@given(
    order=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2019, 12, 31)),
    submitted=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2019, 12, 31)),
)
def test_admissible_orders_are_exactly_the_timely_ones(policy: Policy, order: dt.date, submitted: dt.date) -> None:
    decision = admissible(policy, order_placed_on=order, submitted_on=submitted)
    assert decision.outcome is timely(order, submitted) is (submitted < order)


def test_the_registration_benefit_must_exist_in_the_policy_file() -> None:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["compensation"]["deal_registration"]["benefit"] = "deal_registrations"
    with pytest.raises(PolicyError) as error:
        load_policy_document(document, source="draft.yaml")
    assert error.value.problems == [("compensation.deal_registration.benefit", "unknown benefit 'deal_registrations'")]


@pytest.mark.parametrize(
    ("status", "approvable"),
    [("registered", True), ("approved", True), ("terminated", False), ("deactivated", False), ("applied", False)],
)
def test_only_a_partner_taking_part_in_deal_registration_has_its_registrations_approved(
    policy: Policy, status: str, approvable: bool
) -> None:
    from partnerhub.policy.deals import registration_approvable

    decision = registration_approvable(policy, partner_status=status)

    assert decision.outcome is approvable
    assert reason_table(decision) == [("partner_status_registers_deals", "2.0", approvable)]
    assert ("may register deals" if approvable else f"this partner is {status}") in decision.reasons[0].message
