"""Deal protection windows (§7.3, docs/policy.md#r8-4): how long an approved registration holds its opportunity.

The 2019 document sets no limit (`deals.protection_days` left off): every answer here is then "held until won or
lost". A later policy version may set one; the version in force on the approval date fixes the window and the
length of an extension, so a later version never shortens or lengthens a window already running.
"""

from __future__ import annotations

import datetime as dt

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy


def protected_until(policy: Policy, approved_on: dt.date) -> dt.date | None:
    """The last day an approval on `approved_on` protects its opportunity (that day included), or None when the
    policy sets no window: `protection_days` days after the approval, as the qualification window ends on the
    same day six months later (docs/policy.md#r2-3)."""
    days = policy.deals.protection_days
    return None if days is None else approved_on + dt.timedelta(days=days)


def extended_until(policy: Policy, until: dt.date) -> dt.date:
    """The new last day after a granted extension of a window ending on `until` (`policy`: the approval's)."""
    days = policy.deals.extension_days or policy.deals.protection_days
    if days is None:
        raise ValueError(f"the policy of {policy.version_date} sets no deal protection window to extend")
    return until + dt.timedelta(days=days)


def in_force_on(until: dt.date | None, day: dt.date) -> bool:
    """Whether an approved registration protected through `until` still held its opportunity on `day`."""
    return until is None or day <= until


def extension_requestable(policy: Policy, *, until: dt.date | None, requested_on: dt.date) -> Decision[bool]:
    """May the partner ask, on `requested_on`, to extend a window ending on `until`? Only a window that exists
    (the approval's policy set one) and has not ended: after it, the opportunity is free again (docs/policy.md#r8-4).
    `policy` is the version in force on the approval date."""
    section = policy.deals.section
    has_window = until is not None
    reasons = [
        Reason(
            "protection_window_set",
            section,
            f"the registration is protected through {until.isoformat()}"
            if until is not None
            else "the registration is protected until it is won or lost; there is no window to extend",
            has_window,
        )
    ]
    if until is not None:
        before_end = requested_on <= until
        reasons.append(
            Reason(
                "requested_before_expiry",
                section,
                f"asked on {requested_on.isoformat()}, "
                + ("on or before" if before_end else "after")
                + f" the last protected day {until.isoformat()}",
                before_end,
            )
        )
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=tuple(reasons),
        facts={"protected_until": until, "requested_on": requested_on},
    )


def reminder_due(policy: Policy, *, until: dt.date | None, as_of: dt.date) -> bool:
    """Whether the partner is reminded on `as_of` that its protection ends on `until`: from the policy's reminder
    lead (`deals.reminder_lead_days`, of the version in force on `as_of`) up to the last protected day."""
    if until is None:
        return False
    return until - dt.timedelta(days=policy.deals.reminder_lead_days) <= as_of <= until


def expires_on(until: dt.date) -> dt.date:
    """The day a window ending on `until` has lapsed: the day after its last protected day."""
    return until + dt.timedelta(days=1)
