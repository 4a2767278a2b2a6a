"""Which quarter an evaluation period names, and which policy version governs it (§8.0, docs/policy.md#r1-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerhub.policy.calendar import EvaluationSchedule, evaluation_schedule, parse_period
from partnerhub.policy.decision import Decision
from partnerhub.policy.model import Policy
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.selectors import NoPolicyInForce, policy_of, version_in_force


class UnknownPeriod(ValueError):
    """The text names no evaluation period this programme can evaluate (answered 400 on `period`)."""


@dataclass(frozen=True)
class ResolvedPeriod:
    version: PolicyVersion
    policy: Policy
    schedule: Decision[EvaluationSchedule]

    @property
    def key(self) -> str:
        return self.schedule.outcome.period


def resolve_period(text: object) -> ResolvedPeriod:
    """`2019Q2` -> its quarter, review month and change notification date under the policy in force on
    the quarter's last day. Raises UnknownPeriod for text that is no period, or a period no version governs.
    """
    if not isinstance(text, str):
        raise UnknownPeriod(f"{text!r} is not an evaluation period; use YYYYQn with n from 1 to 4, e.g. 2019Q2")
    try:
        year, quarter = parse_period(text)
    except ValueError as error:
        raise UnknownPeriod(str(error)) from error
    # The quarter's end comes from a policy's calendar, and the policy from the quarter's end: start from
    # the version in force at the end of the year, then settle on the one in force at the quarter's end.
    try:
        version = version_in_force(dt.date(year, 12, 31))
    except NoPolicyInForce as error:
        raise UnknownPeriod(f"{text}: no policy version is in force in {year}") from error
    for _ in range(3):
        schedule = evaluation_schedule(policy_of(version), year, quarter)
        ends = schedule.outcome.quarter.end
        try:
            governing = version_in_force(ends)
        except NoPolicyInForce as error:
            raise UnknownPeriod(f"{text}: no policy version is in force on {ends.isoformat()}") from error
        if governing.pk == version.pk:
            break
        version = governing
    policy = policy_of(version)
    return ResolvedPeriod(version=version, policy=policy, schedule=evaluation_schedule(policy, year, quarter))
