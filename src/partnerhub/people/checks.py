"""The Django side of what makes a resource person or a certification acceptable for a partner: the rules
are `policy.people`'s; this module turns what they find into refusals.

The services (API, admin, demo) and the CSV import ask the same questions and give the same answers.
A `Problem` without a section is malformed input (HTTP 400: an unknown role, a date that is not one); a
problem with a section is the policy refusing a well-formed value for this partner (HTTP 422: a region
the partner is not authorized in, a product line it does not carry).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from partnerhub.core.errors import InvalidInput, PolicyViolation, Violation
from partnerhub.policy import people
from partnerhub.policy.decision import Decision
from partnerhub.policy.model import Policy


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    message: str
    section: str | None = None
    """None: malformed input; a policy section: the policy refuses this value for this partner."""

    @property
    def is_policy(self) -> bool:
        return self.section is not None


def raise_problems(problems: Iterable[Problem]) -> None:
    """Raise for the problems found, if any: `InvalidInput` when any input is malformed (those come first:
    a value that is not even well-formed cannot be judged by the policy), else `PolicyViolation`."""
    found = list(problems)
    malformed = [problem for problem in found if not problem.is_policy]
    if malformed:
        errors: dict[str, list[str]] = {}
        for problem in malformed:
            errors.setdefault(problem.field, []).append(problem.message)
        raise InvalidInput(errors)
    if found:
        raise PolicyViolation(
            Violation(f"{problem.field}_not_authorized", problem.section or "", problem.message) for problem in found
        )


def parse_date(text: str) -> dt.date | None:
    """`YYYY-MM-DD` or None."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check_person(
    policy: Policy,
    *,
    authorized_regions: Collection[str],
    name: str,
    email: str,
    region: str,
    roles: Iterable[str],
) -> list[Problem]:
    """The problems `policy.people.person_acceptable` finds with a person, field by field."""
    return _problems(
        people.person_acceptable(
            policy, authorized_regions=authorized_regions, name=name, email=email, region=region, roles=roles
        )
    )


def check_certification(
    policy: Policy,
    *,
    authorized_products: Collection[str],
    kind: str,
    product: str,
    earned_on: dt.date,
    expires_on: dt.date | None,
    as_of: dt.date,
) -> list[Problem]:
    """The problems `policy.people.certification_acceptable` finds with a certification, field by field."""
    return _problems(
        people.certification_acceptable(
            policy,
            authorized_products=authorized_products,
            kind=kind,
            product=product,
            earned_on=earned_on,
            expires_on=expires_on,
            as_of=as_of,
        )
    )


def _problems(decision: Decision[bool]) -> list[Problem]:
    return [Problem(reason.code, reason.message, reason.section or None) for reason in decision.unmet]
