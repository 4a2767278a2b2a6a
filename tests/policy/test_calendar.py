import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.calendar import (
    add_months,
    evaluation_schedule,
    non_renewal_deadline,
    notice_stops_renewal,
    parse_period,
    qualification_deadline,
    quarter_of,
    trademark_withdrawal_effective,
)
from partnerhub.policy.model import Policy


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2019, 1, 1), "2019Q1"),
        (dt.date(2019, 3, 31), "2019Q1"),
        (dt.date(2019, 4, 1), "2019Q2"),
        (dt.date(2019, 6, 30), "2019Q2"),
        (dt.date(2019, 7, 1), "2019Q3"),
        (dt.date(2019, 9, 30), "2019Q3"),
        (dt.date(2019, 10, 1), "2019Q4"),
        (dt.date(2019, 12, 31), "2019Q4"),
    ],
)
def test_quarter_of_a_date(policy: Policy, day: dt.date, key: str) -> None:
    decision = quarter_of(policy, day)
    assert decision.outcome.key == key
    assert decision.reasons[0].section == "8.0"


@pytest.mark.parametrize(
    ("quarter", "review", "notify", "annual"),
    [
        (1, "2019-04", dt.date(2019, 5, 1), False),
        (2, "2019-07", dt.date(2019, 8, 1), False),
        (3, "2019-10", dt.date(2019, 11, 1), False),
        (4, "2020-01", dt.date(2020, 2, 1), True),
    ],
)
def test_evaluation_periods_follow_section_8(policy: Policy, quarter, review, notify, annual) -> None:
    schedule = evaluation_schedule(policy, 2019, quarter).outcome
    assert schedule.period == f"2019Q{quarter}"
    assert schedule.as_dict()["review_month"] == review
    assert schedule.notification_due == notify
    assert schedule.annual is annual


@pytest.mark.parametrize("text", ["2019Q0", "2019Q5", "Q2", "2019-Q2", "", "2019q2x"])
def test_unknown_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="YYYYQn"):
        parse_period(text)


def test_period_parsing() -> None:
    assert parse_period("2019Q4") == (2019, 4)


@pytest.mark.parametrize(
    ("approved", "deadline"),
    [
        (dt.date(2019, 4, 15), dt.date(2019, 10, 15)),
        (dt.date(2019, 8, 31), dt.date(2020, 2, 29)),  # clamped, leap year
        (dt.date(2018, 8, 31), dt.date(2019, 2, 28)),  # clamped, common year
        (dt.date(2019, 3, 31), dt.date(2019, 9, 30)),
        (dt.date(2019, 7, 1), dt.date(2020, 1, 1)),
    ],
)
def test_qualification_deadline_is_six_calendar_months(policy: Policy, approved, deadline) -> None:
    decision = qualification_deadline(policy, approved)
    assert decision.outcome == deadline
    assert decision.reasons[0].section == "2.0"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 24))
def test_add_months_lands_in_the_right_month_never_past_its_end(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day


def test_non_renewal_deadline_is_2_december(policy: Policy) -> None:
    assert non_renewal_deadline(policy, 2019).outcome == dt.date(2019, 12, 2)


@pytest.mark.parametrize(
    ("received", "stops"),
    [(dt.date(2019, 12, 1), True), (dt.date(2019, 12, 2), True), (dt.date(2019, 12, 3), False)],
)
def test_notice_around_2_december(policy: Policy, received: dt.date, stops: bool) -> None:
    decision = notice_stops_renewal(policy, 2019, received)
    assert decision.outcome is stops
    assert decision.reasons[0].section == "5.1"


def test_trademark_withdrawal_defaults_to_the_latest_allowed_day(policy: Policy) -> None:
    decision = trademark_withdrawal_effective(policy, dt.date(2019, 5, 10))
    assert decision.outcome == dt.date(2019, 6, 9)
    assert decision.reasons[0].section == "10.3"


@pytest.mark.parametrize(
    ("requested", "allowed"),
    [
        (dt.date(2019, 5, 10), True),
        (dt.date(2019, 6, 9), True),
        (dt.date(2019, 6, 10), False),
        (dt.date(2019, 5, 9), False),
    ],
)
def test_trademark_withdrawal_never_later_than_30_days(policy: Policy, requested, allowed) -> None:
    decision = trademark_withdrawal_effective(policy, dt.date(2019, 5, 10), requested)
    assert (decision.outcome == requested) is allowed
    assert decision.all_met is allowed


any_day = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@given(notice=any_day, requested=st.one_of(st.none(), any_day))
def test_trademark_withdrawal_property(policy: Policy, notice: dt.date, requested) -> None:
    effective = trademark_withdrawal_effective(policy, notice, requested).outcome
    if effective is not None:
        assert notice <= effective <= notice + dt.timedelta(days=30)
