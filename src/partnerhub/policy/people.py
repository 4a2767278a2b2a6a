"""What makes a resource person or a certification acceptable for a partner (§2.0, §5.0), judged against
one policy version: the people app's services, the admin, the demo and the CSV import all ask here.

Each rule answers a `Decision[bool]` listing the conditions that failed, one `Reason` each, whose `code` is
the field concerned. A reason without a section is malformed input (an unknown role, a date that is not
one: answered 400); a reason with a section is the policy refusing a well-formed value for this partner
(a region the partner is not authorized in, a product line it does not carry: answered 422).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable

from partnerhub.policy.calendar import add_months
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import CERTIFICATION_KINDS, ROLES, Policy

TECHNICAL_KINDS = frozenset({"ctl", "cie", "ced", "experience_designer"})
"""Certifications counted per product line (§5.0, "For Amelia, 1DESK, 1RPA"): they name a product."""

REQUIREMENTS_SECTION = "5.0"
"""§5.0 Program requirements: resource persons, certifications and their product lines."""
DETAILS_SECTION = "5.2"
"""§5.2 Requirement details: the governance records (business plan, pipeline reviews, logo …)."""
COMPLIANCE_SECTION = "9.1"
"""§9.1 Compliance: the annual compliance training verification."""
MALFORMED = ""
"""The section of a reason that is malformed input, which no policy section governs."""
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def default_expiry(policy: Policy, earned_on: dt.date) -> dt.date:
    """The last day a certification earned on `earned_on` is valid when no expiry is given.

    §5.0 asks for annual recertification: valid for `certification_validity_months` (12) months, up to and
    including the same day a year later (a sales certification earned on 2019-03-01 expires on
    2020-03-01), clamped to a shorter month's end.
    """
    return add_months(earned_on, policy.windows.certification_validity_months)


def _decision(policy: Policy, failed: list[Reason]) -> Decision[bool]:
    return Decision(outcome=not failed, policy_version=policy.version_date, reasons=tuple(failed))


def person_acceptable(
    policy: Policy,
    *,
    authorized_regions: Collection[str],
    name: str,
    email: str,
    region: str,
    roles: Iterable[str],
) -> Decision[bool]:
    """A resource person of a partner: named, with an email address, in one of the partner's authorized
    regions (§2.0: requirements are met per region), with known roles, each once."""
    failed: list[Reason] = []
    if not name.strip():
        failed.append(Reason("name", MALFORMED, "a name is required", False))
    if not _EMAIL.match(email.strip()):
        failed.append(Reason("email", MALFORMED, f"{email!r} is not an email address", False))
    known_regions = [item.key for item in policy.regions]
    if region not in known_regions:
        failed.append(
            Reason("region", MALFORMED, f"unknown region {region!r}; regions are {', '.join(known_regions)}", False)
        )
    elif region not in authorized_regions:
        authorized = ", ".join(authorized_regions) or "none"
        failed.append(
            Reason(
                "region",
                policy.compensation.participation_section,
                f"region {region} is not one of the partner's authorized regions ({authorized})",
                False,
            )
        )
    role_list = list(roles)
    unknown = [role for role in role_list if role not in ROLES]
    if unknown:
        failed.append(
            Reason(
                "roles",
                MALFORMED,
                f"unknown role(s) {', '.join(repr(role) for role in unknown)}; roles are {', '.join(ROLES)}",
                False,
            )
        )
    elif not role_list:
        failed.append(Reason("roles", MALFORMED, f"at least one role is required: {', '.join(ROLES)}", False))
    elif len(set(role_list)) != len(role_list):
        failed.append(Reason("roles", MALFORMED, "a role is listed twice", False))
    return _decision(policy, failed)


def certification_acceptable(
    policy: Policy,
    *,
    authorized_products: Collection[str],
    kind: str,
    product: str,
    earned_on: dt.date,
    expires_on: dt.date | None,
    as_of: dt.date,
) -> Decision[bool]:
    """A certification of a partner's person (§5.0): a known kind, for a product line the partner carries
    (a technical one names it), earned by `as_of`, expiring neither before it was earned nor after the
    policy's validity."""
    failed: list[Reason] = []
    if kind not in CERTIFICATION_KINDS:
        failed.append(
            Reason(
                "kind", MALFORMED, f"unknown certification {kind!r}; kinds are {', '.join(CERTIFICATION_KINDS)}", False
            )
        )
    known_products = [item.key for item in policy.products]
    if product:
        if product not in known_products:
            failed.append(
                Reason(
                    "product",
                    MALFORMED,
                    f"unknown product {product!r}; products are {', '.join(known_products)}",
                    False,
                )
            )
        elif product not in authorized_products:
            authorized = ", ".join(authorized_products) or "none"
            failed.append(
                Reason(
                    "product",
                    REQUIREMENTS_SECTION,
                    f"product line {product} is not one the partner is authorized for ({authorized})",
                    False,
                )
            )
    elif kind in TECHNICAL_KINDS:
        failed.append(
            Reason(
                "product",
                MALFORMED,
                f"a {kind} certification counts per product line: give one of {', '.join(known_products)}",
                False,
            )
        )
    if earned_on > as_of:
        failed.append(
            Reason("earned_on", MALFORMED, f"{earned_on.isoformat()} is after today ({as_of.isoformat()})", False)
        )
    if expires_on is not None and expires_on < earned_on:
        failed.append(
            Reason(
                "expires_on",
                MALFORMED,
                f"expires on {expires_on.isoformat()}, before it was earned ({earned_on.isoformat()})",
                False,
            )
        )
    elif expires_on is not None and expires_on > default_expiry(policy, earned_on):
        # §5.0 annual recertification: the policy sets how long a certification lasts; an earlier end
        # (a vendor that withdrew it) may be recorded, a later one never.
        failed.append(
            Reason(
                "expires_on",
                MALFORMED,
                f"expires on {expires_on.isoformat()}, after the policy's validity ends "
                f"({default_expiry(policy, earned_on).isoformat()}, {policy.windows.certification_validity_months} "
                "months from earning)",
                False,
            )
        )
    return _decision(policy, failed)
