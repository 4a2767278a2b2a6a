"""The refusals: one exception class per kind of refusal, raised by services, selectors and parsers.

A refusal means the request is refused whole and nothing was written (the transaction rolls back). Each kind
has one HTTP status, given in one place, `core.problems.problem_exception_handler`; the portal shows the same
refusal beside the field it concerns (`portal.common.refuse`), and a background job stores its text.

| Class | Status | When |
|---|---|---|
| `InvalidInput` | 400, `errors` per field | the input is malformed for a reason only the service can see |
| `Conflict` | 409 | the object's state contradicts the request and no rule governs it |
| `PolicyViolation` | 422, `violations` with sections | the partner program policy refuses a well-formed request |

Django's own `ValidationError` (which `InvalidInput` is) is answered like `InvalidInput`, so a model's or a
form's validation needs no translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from partnerhub.policy.decision import Decision, Reason


class Refusal(Exception):
    """Any refusal of a request: nothing was written; `str()` says why in the user's words."""


@dataclass(frozen=True)
class Violation:
    """One policy rule a request breaks; `section` is the policy document's own numbering, e.g. "7.3"."""

    code: str
    section: str
    message: str


class PolicyViolation(Refusal):
    """The request is well-formed but the partner program policy refuses it (HTTP 422)."""

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations = tuple(violations)
        if not self.violations:
            raise ValueError("PolicyViolation needs at least one violated rule")
        super().__init__("; ".join(f"{violation.message} (§{violation.section})" for violation in self.violations))


def violations(reasons: Iterable[Reason]) -> list[Violation]:
    """The unmet reasons of a rule's decision, as the violations a refusal lists."""
    return [Violation(reason.code, reason.section, reason.message) for reason in reasons if not reason.met]


def refuse_unless(decision: Decision[Any]) -> None:
    """Raise PolicyViolation with every unmet reason of `decision`, if it has any."""
    if decision.unmet:
        raise PolicyViolation(violations(decision.reasons))


class Conflict(Refusal):
    """The request contradicts the object's current state, e.g. approving a rejected partner (HTTP 409)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidInput(Refusal, ValidationError):
    """Malformed input for a reason only the service can see, field by field (HTTP 400 with `errors`).

    `InvalidInput("reason", "Say why.")` for one field, `InvalidInput({"a": [...], "b": [...]})` for several.
    """

    def __init__(self, errors: Mapping[str, list[str]] | str, message: str | None = None) -> None:
        if isinstance(errors, str):
            if message is None:
                raise TypeError("InvalidInput(field, message) needs the message")
            errors = {errors: [message]}
        self.errors = {field: list(messages) for field, messages in errors.items()}
        ValidationError.__init__(self, self.errors)

    def __str__(self) -> str:
        # A job stores this text as its reason for failing: the messages, not the dict's repr.
        return " ".join(message for messages in self.errors.values() for message in messages)


def refuse_date_before(day: dt.date, earliest: dt.date, *, field: str, what: str) -> None:
    """Refuse `day`, given as `field`, when it is before `earliest`, the date of `what` (InvalidInput, 400)."""
    if day < earliest:
        message = gettext("%(day)s is before %(what)s (%(earliest)s).")
        raise InvalidInput(
            {field: [message % {"day": day.isoformat(), "what": what, "earliest": earliest.isoformat()}]}
        )
