import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.fees import program_fee, renewal_fee
from partnerhub.policy.model import Policy

CLASSIFICATIONS = ["advisory", "alliance", "implementation", "solution"]
days_of_2019 = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2019, 12, 31))


@pytest.mark.parametrize(
    ("accepted_on", "quarters", "amount"),
    [
        (dt.date(2019, 1, 1), 4, "15000.00"),
        (dt.date(2019, 3, 1), 4, "15000.00"),  # on 1 March: the entire year
        (dt.date(2019, 3, 2), 4, "15000.00"),  # after 1 March but still Q1: all four quarters
        (dt.date(2019, 3, 31), 4, "15000.00"),
        (dt.date(2019, 4, 1), 3, "11250.00"),
        (dt.date(2019, 4, 15), 3, "11250.00"),
        (dt.date(2019, 6, 30), 3, "11250.00"),
        (dt.date(2019, 7, 1), 2, "7500.00"),
        (dt.date(2019, 9, 30), 2, "7500.00"),
        (dt.date(2019, 10, 1), 1, "3750.00"),
        (dt.date(2019, 12, 31), 1, "3750.00"),
    ],
)
def test_proration_on_both_sides_of_every_boundary(policy: Policy, accepted_on, quarters, amount) -> None:
    decision = program_fee(policy, "implementation", accepted_on)
    assert decision.outcome.quarters_charged == quarters
    assert decision.outcome.amount == Decimal(amount)
    assert decision.outcome.currency == "USD"
    assert decision.policy_version == dt.date(2018, 1, 31)
    assert sum(line.amount for line in decision.outcome.lines) == decision.outcome.amount
    assert all(line.section == "5.1" for line in decision.outcome.lines)


def test_prorated_invoice_lines_explain_the_quarters(policy: Policy) -> None:
    quote = program_fee(policy, "implementation", dt.date(2019, 4, 15)).outcome
    assert [line.amount for line in quote.lines] == [Decimal("15000.00"), Decimal("-3750.00")]
    assert "3 of 4 quarters" in quote.lines[1].description
    assert "2019Q2" in quote.lines[1].description


def test_half_up_rounding_happens_once_on_the_total(policy: Policy) -> None:
    annual = {**policy.fees.annual, "alliance": Decimal("0.10")}
    odd = policy.model_copy(update={"fees": policy.fees.model_copy(update={"annual": annual})})
    # 0.10 x 1/4 = 0.025 -> 0.03 half-up (banker's rounding would give 0.02)
    assert program_fee(odd, "alliance", dt.date(2019, 11, 5)).outcome.amount == Decimal("0.03")


def test_waiver_on_rejoining_the_same_year(policy: Policy) -> None:
    decision = program_fee(policy, "alliance", dt.date(2019, 8, 1), rejoining_same_year=True)
    assert decision.outcome.amount == Decimal("0.00")
    assert decision.outcome.waived
    assert sum(line.amount for line in decision.outcome.lines) == Decimal("0.00")
    assert any(reason.code == "rejoin_waiver" and reason.section == "2.0" for reason in decision.reasons)


def test_renewal_charges_the_whole_year(policy: Policy) -> None:
    quote = renewal_fee(policy, "solution", 2020).outcome
    assert quote.amount == Decimal("30000.00")
    assert quote.program_year == 2020


@given(day=days_of_2019, classification=st.sampled_from(CLASSIFICATIONS))
def test_proration_never_exceeds_the_full_fee(policy: Policy, day: dt.date, classification: str) -> None:
    quote = program_fee(policy, classification, day).outcome
    assert Decimal("0") <= quote.amount <= policy.fees.annual[classification]


@given(first=days_of_2019, second=days_of_2019, classification=st.sampled_from(CLASSIFICATIONS))
def test_proration_never_grows_later_in_the_year(policy: Policy, first, second, classification) -> None:
    earlier, later = sorted((first, second))
    assert (
        program_fee(policy, classification, later).outcome.amount
        <= program_fee(policy, classification, earlier).outcome.amount
    )


@given(day=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2019, 3, 31)))
def test_anywhere_in_q1_is_the_full_fee(policy: Policy, day: dt.date) -> None:
    assert program_fee(policy, "solution", day).outcome.amount == policy.fees.annual["solution"]
