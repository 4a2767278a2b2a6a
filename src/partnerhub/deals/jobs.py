"""`partnerhub tick`: deal protection windows (docs/policy.md#r8-4): reminders before a window ends, expiry after.

Both are set-based: one query finds the approved registrations whose window ended before `as_of`, one those whose
window ends within the reminder lead of the policy in force on `as_of`; each expiry is then its own transaction
(`protection.registration_expire`, which checks again under the opportunity's lock). A reminder is sent once per
registration and last protected day (`notifications.reminder_send_once`), so a granted extension earns a new
one and a second run for the same date changes nothing.
"""

from __future__ import annotations

import datetime as dt

from partnerhub.deals.models import Registration, RegistrationStatus
from partnerhub.deals.protection import registration_expire
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.policy.model import Policy
from partnerhub.policy.protection import reminder_due
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

REMINDER_KIND = "deal_protection"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    return expire_lapsed(as_of) + protection_reminders(policy, as_of)


def expire_lapsed(as_of: dt.date) -> list[str]:
    lines = []
    lapsed = Registration.objects.filter(status=RegistrationStatus.APPROVED, protected_until__lt=as_of)
    for registration in lapsed.order_by("protected_until", "id"):
        expired = registration_expire(registration=registration, as_of=as_of)
        if expired is not None:
            assert expired.protected_until is not None
            lines.append(
                f"{expired.partner}: deal registration #{expired.pk} ({expired.end_customer}: {expired.title}) "
                f"expired, protected through {expired.protected_until.isoformat()}; the opportunity is free again"
            )
    return lines


def protection_reminders(policy: Policy, as_of: dt.date) -> list[str]:
    lead = dt.timedelta(days=policy.deals.reminder_lead_days)
    ending = Registration.objects.filter(
        status=RegistrationStatus.APPROVED, protected_until__gte=as_of, protected_until__lte=as_of + lead
    ).select_related("partner")
    lines = []
    for registration in ending.order_by("protected_until", "id"):
        until = registration.protected_until
        if until is None or not reminder_due(policy, until=until, as_of=as_of):
            continue
        what = f"deal registration #{registration.pk} ({registration.end_customer}: {registration.title})"
        sent = reminder_send_once(
            partner=registration.partner,
            kind=REMINDER_KIND,
            key=f"registration {registration.pk} until {until.isoformat()}",
            deadline=until,
            as_of=as_of,
            template="deals/mail/protection_reminder.txt",
            context={"registration": registration, "until": until, "section": policy.deals.section},
            section=policy.deals.section,
            policy_version=policy.version_date,
        )
        if sent:
            lines.append(f"{registration.partner}: {what} protected through {until.isoformat()}; partner reminded")
    return lines
