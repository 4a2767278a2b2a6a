"""`partnerhub tick`: remind partners of coming demonstrations whose notice is missing (§9.1, docs/policy.md#r10-3).

(Licenses that end with the membership, §10.1 and §10.3, are not the tick's: they end in the transaction that
ends the membership, `benefits.reactions`.)

A demonstration from `as_of` to the policy's reminder lead time later (30 days in 2019) that needs a notice
and has none is reported and its partner reminded, once per demonstration (`notifications.reminder_send_once`),
so a second run for the same date changes nothing and reports nothing.
"""

from __future__ import annotations

import datetime as dt

from partnerhub.benefits.selectors import coming_demonstrations_without_notice
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

REMINDER_KIND = "demo_notice"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    return demonstration_reminders(policy, as_of)


def demonstration_reminders(policy: Policy, as_of: dt.date) -> list[str]:
    section = policy.windows.demo_notice_section
    limit = policy.windows.demo_notice_more_than_people
    lines = []
    for demonstration in coming_demonstrations_without_notice(as_of, policy.windows.reminder_lead_days):
        what = (
            f"the demonstration to {demonstration.prospect} on {demonstration.demo_on.isoformat()} "
            f"(sales force {demonstration.sales_force}, customer-service group "
            f"{demonstration.customer_service_group}: more than {limit} people)"
        )
        sent = reminder_send_once(
            partner=demonstration.partner,
            kind=REMINDER_KIND,
            key=f"demonstration {demonstration.pk}",
            deadline=demonstration.demo_on,
            as_of=as_of,
            template="benefits/mail/demonstration_reminder.txt",
            context={"demonstration": demonstration, "limit": limit, "section": section},
            section=section,
            policy_version=demonstration.policy_version,
        )
        if sent:
            lines.append(f"{demonstration.partner}: notice missing for {what} (§{section}); partner reminded")
    return lines
