"""What makes a resource person or a certification acceptable for a partner, checked in one place.

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
from partnerhub.policy.calendar import add_months
from partnerhub.policy.model import CERTIFICATION_KINDS, ROLES, Policy

TECHNICAL_KINDS = frozenset({"ctl", "cie", "ced", "experience_designer"})
"""Certifications counted per product line (§5.0, "For Amelia, 1DESK, 1RPA"): they name a product."""

REQUIREMENTS_SECTION = "5.0"
REGIONS_SECTION = "2.0"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


def default_expiry(policy: Policy, earned_on: dt.date) -> dt.date:
    """The last day a certification earned on `earned_on` is valid when no expiry is given.

    §5.0 asks for annual recertification: valid for `certification_validity_months` (12) months, up to and
    including the same day a year later (a sales certification earned on 2019-03-01 expires on
    2020-03-01), clamped to a shorter month's end.
    """
    return add_months(earned_on, policy.windows.certification_validity_months)


def check_person(
    policy: Policy,
    *,
    authorized_regions: Collection[str],
    name: str,
    email: str,
    region: str,
    roles: Iterable[str],
) -> list[Problem]:
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem("name", "a name is required"))
    if not _EMAIL.match(email.strip()):
        problems.append(Problem("email", f"{email!r} is not an email address"))
    known_regions = [item.key for item in policy.regions]
    if region not in known_regions:
        problems.append(Problem("region", f"unknown region {region!r}; regions are {', '.join(known_regions)}"))
    elif region not in authorized_regions:
        authorized = ", ".join(authorized_regions) or "none"
        problems.append(
            Problem(
                "region",
                f"region {region} is not one of the partner's authorized regions ({authorized})",
                REGIONS_SECTION,
            )
        )
    role_list = list(roles)
    unknown = [role for role in role_list if role not in ROLES]
    if unknown:
        problems.append(
            Problem(
                "roles",
                f"unknown role(s) {', '.join(repr(role) for role in unknown)}; roles are {', '.join(ROLES)}",
            )
        )
    elif not role_list:
        problems.append(Problem("roles", f"at least one role is required: {', '.join(ROLES)}"))
    elif len(set(role_list)) != len(role_list):
        problems.append(Problem("roles", "a role is listed twice"))
    return problems


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
    problems: list[Problem] = []
    if kind not in CERTIFICATION_KINDS:
        problems.append(Problem("kind", f"unknown certification {kind!r}; kinds are {', '.join(CERTIFICATION_KINDS)}"))
    known_products = [item.key for item in policy.products]
    if product:
        if product not in known_products:
            problems.append(
                Problem("product", f"unknown product {product!r}; products are {', '.join(known_products)}")
            )
        elif product not in authorized_products:
            authorized = ", ".join(authorized_products) or "none"
            problems.append(
                Problem(
                    "product",
                    f"product line {product} is not one the partner is authorized for ({authorized})",
                    REQUIREMENTS_SECTION,
                )
            )
    elif kind in TECHNICAL_KINDS:
        problems.append(
            Problem(
                "product",
                f"a {kind} certification counts per product line: give one of {', '.join(known_products)}",
            )
        )
    if earned_on > as_of:
        problems.append(Problem("earned_on", f"{earned_on.isoformat()} is after today ({as_of.isoformat()})"))
    if expires_on is not None and expires_on < earned_on:
        problems.append(
            Problem(
                "expires_on",
                f"expires on {expires_on.isoformat()}, before it was earned ({earned_on.isoformat()})",
            )
        )
    elif expires_on is not None and expires_on > default_expiry(policy, earned_on):
        # §5.0 annual recertification: the policy sets how long a certification lasts; an earlier end
        # (a vendor that withdrew it) may be recorded, a later one never.
        problems.append(
            Problem(
                "expires_on",
                f"expires on {expires_on.isoformat()}, after the policy's validity ends "
                f"({default_expiry(policy, earned_on).isoformat()}, {policy.windows.certification_validity_months} "
                "months from earning)",
            )
        )
    return problems
