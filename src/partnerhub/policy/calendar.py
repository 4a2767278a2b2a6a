"""Dates of the programme: quarters, evaluation periods, windows and deadlines (§2.0, §5.1, §8.0, §10.3)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

_PERIOD = re.compile(r"^(?P<year>\d{4})Q(?P<quarter>\d)$")


@dataclass(frozen=True, slots=True)
class Quarter:
    year: int
    number: int
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "year": self.year,
            "number": self.number,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class EvaluationSchedule:
    period: str
    name: str
    annual: bool
    quarter: Quarter
    review_year: int
    review_month: int
    notification_due: dt.date

    def as_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "name": self.name,
            "annual": self.annual,
            "quarter": self.quarter.as_dict(),
            "review_month": f"{self.review_year:04d}-{self.review_month:02d}",
            "notification_due": self.notification_due,
        }


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def quarters_of_year(policy: Policy, year: int) -> tuple[Quarter, ...]:
    quarters = []
    start = policy.calendar.program_year_starts.in_year(year)
    for period in policy.calendar.evaluations:
        end = period.quarter_ends.in_year(year)
        quarters.append(Quarter(year=year, number=period.quarter, start=start, end=end))
        start = end + dt.timedelta(days=1)
    return tuple(quarters)


def quarter_of(policy: Policy, day: dt.date) -> Decision[Quarter]:
    quarter = next(q for q in quarters_of_year(policy, day.year) if q.start <= day <= q.end)
    reason = Reason(
        code="fiscal_quarter",
        section=policy.calendar.section,
        message=(
            f"{day.isoformat()} falls in {quarter.key} ({quarter.start.isoformat()} to {quarter.end.isoformat()})"
        ),
        met=True,
    )
    return Decision(outcome=quarter, policy_version=policy.version_date, reasons=(reason,), facts={"date": day})


def parse_period(text: str) -> tuple[int, int]:
    """`2019Q2` -> (2019, 2). Raises ValueError naming what is wrong."""
    match = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if not match or not 1 <= int(match["quarter"]) <= 4:
        raise ValueError(f"{text!r} is not an evaluation period; use YYYYQn with n from 1 to 4, e.g. 2019Q2")
    return int(match["year"]), int(match["quarter"])


def evaluation_schedule(policy: Policy, year: int, quarter: int) -> Decision[EvaluationSchedule]:
    period = policy.evaluation(quarter)
    fiscal = quarters_of_year(policy, year)[quarter - 1]
    schedule = EvaluationSchedule(
        period=fiscal.key,
        name=period.name,
        annual=period.annual,
        quarter=fiscal,
        review_year=year + period.review_year_offset,
        review_month=period.review_month,
        notification_due=period.notify_by.in_year(year + period.notify_year_offset),
    )
    section = policy.calendar.section
    reasons = (
        Reason("quarter_ending", section, f"{period.name} covers activity to {fiscal.end.isoformat()}", True),
        Reason(
            "review_conducted",
            section,
            f"reviewed in {_calendar.month_name[schedule.review_month]} {schedule.review_year}",
            True,
        ),
        Reason(
            "change_notification_date",
            section,
            f"changes of classification or status are notified on or before {schedule.notification_due.isoformat()}",
            True,
        ),
    )
    return Decision(outcome=schedule, policy_version=policy.version_date, reasons=reasons, facts={"period": fiscal.key})


def qualification_deadline(policy: Policy, approved_on: dt.date) -> Decision[dt.date]:
    months = policy.windows.qualification_months
    deadline = add_months(approved_on, months)
    reason = Reason(
        code="qualification_window",
        section=policy.windows.qualification_section,
        message=(
            f"approved on {approved_on.isoformat()}: {months} months to meet the minimum criteria, "
            f"until {deadline.isoformat()}"
        ),
        met=True,
    )
    return Decision(
        outcome=deadline,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"approved_on": approved_on},
    )


def renewal_date(policy: Policy, program_year: int) -> dt.date:
    """The day the membership renews into the Program Year after `program_year`."""
    return policy.windows.renewal_on.in_year(program_year + 1)


def non_renewal_deadline(policy: Policy, program_year: int) -> Decision[dt.date]:
    """The last day a written notice of non-renewal stops the renewal after `program_year` (R2.9)."""
    renews = renewal_date(policy, program_year)
    days = policy.windows.non_renewal_notice_days
    deadline = renews - dt.timedelta(days=days)
    reason = Reason(
        code="non_renewal_notice_deadline",
        section=policy.windows.renewal_section,
        message=(
            f"renews on {renews.isoformat()} unless written notice arrives at least {days} days before, "
            f"on or before {deadline.isoformat()}"
        ),
        met=True,
    )
    return Decision(
        outcome=deadline,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"program_year": program_year},
    )


def notice_stops_renewal(policy: Policy, program_year: int, received_on: dt.date) -> Decision[bool]:
    deadline = non_renewal_deadline(policy, program_year).outcome
    in_time = received_on <= deadline
    reason = Reason(
        code="non_renewal_notice_in_time",
        section=policy.windows.renewal_section,
        message=(
            f"notice received {received_on.isoformat()}, "
            + ("on or before" if in_time else "after")
            + f" {deadline.isoformat()}: the membership "
            + ("does not renew" if in_time else f"still renews for {program_year + 1}")
        ),
        met=in_time,
    )
    return Decision(
        outcome=in_time,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"program_year": program_year, "received_on": received_on, "deadline": deadline},
    )


def trademark_withdrawal_effective(
    policy: Policy, notice_on: dt.date, requested: dt.date | None = None
) -> Decision[dt.date | None]:
    """When a withdrawn trademark approval stops (§10.3): promptly, never more than N days after notice.

    Without a requested date the withdrawal takes effect on the latest day allowed, giving the partner
    the whole period to comply. A requested date before the notice or past the limit is refused (None).
    """
    days = policy.windows.trademark_withdrawal_max_days
    latest = notice_on + dt.timedelta(days=days)
    effective = latest if requested is None else requested
    allowed = notice_on <= effective <= latest
    if allowed:
        message = f"notice of {notice_on.isoformat()} takes effect on {effective.isoformat()} (at most {days} days)"
    elif effective < notice_on:
        message = (
            f"a withdrawal cannot take effect ({effective.isoformat()}) before its notice ({notice_on.isoformat()})"
        )
    else:
        message = (
            f"a withdrawal takes effect no more than {days} days after its notice: "
            f"{effective.isoformat()} is after {latest.isoformat()}"
        )
    reason = Reason("trademark_withdrawal_window", policy.windows.trademark_section, message, allowed)
    return Decision(
        outcome=effective if allowed else None,
        policy_version=policy.version_date,
        reasons=(reason,),
        facts={"notice_on": notice_on, "requested": requested, "latest": latest},
    )
