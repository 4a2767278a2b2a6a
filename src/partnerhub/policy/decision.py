"""Decisions: what a rule concluded, from which facts, under which policy version and why (docs/architecture.md#rule-1).

Plain frozen dataclasses rather than validated models: evaluations build millions of reasons, and they
are only ever made by our own rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reason:
    """One condition a rule checked, with the policy section it comes from."""

    code: str
    section: str
    message: str
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "section": self.section, "message": self.message, "met": self.met}


@dataclass(frozen=True, slots=True)
class Decision(Generic[T]):
    """The outcome of a rule under one policy version, with one reason per condition it checked."""

    outcome: T
    policy_version: dt.date
    reasons: tuple[Reason, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def all_met(self) -> bool:
        return all(reason.met for reason in self.reasons)

    @property
    def unmet(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if not reason.met)

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(reason.section for reason in self.reasons))

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": _jsonable(self.outcome),
            "policy_version": self.policy_version.isoformat(),
            "reasons": [reason.as_dict() for reason in self.reasons],
            "facts": {key: _jsonable(value) for key, value in self.facts.items()},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "as_dict"):
        return _jsonable(value.as_dict())
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return [_jsonable(item) for item in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)
