"""`partnerhub tick`: remind partners of coming demonstrations whose notice is missing (§9.1, SPEC R10.3).

A demonstration from `as_of` to the policy's reminder lead time later (30 days in 2019) that needs a notice
and has none is reported, and its partner reminded once (`Demonstration.reminded_on`), so a second run for
the same date changes nothing and reports nothing.
"""

from __future__ import annotations

import datetime as dt

from partnerhub.benefits.selectors import demonstrations_needing_reminder
from partnerhub.benefits.services import demonstration_remind
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    lines = []
    for demonstration in demonstrations_needing_reminder(as_of, policy.windows.reminder_lead_days):
        demonstration_remind(demonstration=demonstration, reminded_on=as_of)
        section = policy.windows.demo_notice_section
        lines.append(
            f"{demonstration.partner}: demonstration to {demonstration.prospect} on "
            f"{demonstration.demo_on.isoformat()} needs a notice to the vendor (§{section}); "
            "none given, partner reminded"
        )
    return lines
