"""`partnerhub tick`: remind partners of coming demonstrations whose notice is missing (§9.1, docs/policy.md#r10-3), and
end the licenses of partners whose membership ended (§10.1, §10.3).

A demonstration from `as_of` to the policy's reminder lead time later (30 days in 2019) that needs a notice
and has none is reported and its partner reminded, once per demonstration (`notifications.reminder_send_once`),
so a second run for the same date changes nothing and reports nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from partnerhub.benefits.selectors import coming_demonstrations_without_notice
from partnerhub.benefits.services.membership import licenses_end_with_membership
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

REMINDER_KIND = "demo_notice"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    return [*licenses_of_ended_memberships(as_of), *demonstration_reminders(policy, as_of)]


def licenses_of_ended_memberships(as_of: dt.date) -> list[str]:
    """Trademark approvals and product subscriptions still running after their partner's membership ended
    (terminated or deactivated on or before `as_of`) end as of that day, whichever path ended it."""
    since = F("status_since")
    ended = Partner.objects.filter(
        status__in=(PartnerStatus.TERMINATED, PartnerStatus.DEACTIVATED), status_since__lte=as_of
    ).filter(
        Q(trademark_usages__status="approved", trademark_usages__ends_on__gte=since)
        | Q(product_subscriptions__revoked_on__isnull=True, product_subscriptions__ends_on__gte=since)
    )
    lines = []
    for partner in ended.distinct().order_by("pk"):
        assert partner.status_since is not None
        for what in licenses_end_with_membership(
            partner=partner, ended_on=partner.status_since, why=partner.get_status_display().lower(), acting_user=None
        ):
            lines.append(f"{partner.name}: {what} ended with the membership (§10.1, §10.3)")
    return lines


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
            subject="A demonstration needs its notice to the vendor",
            body=f"Please advise the vendor of {what} before it takes place (§{section}).",
            section=section,
            policy_version=demonstration.policy_version,
        )
        if sent:
            lines.append(f"{demonstration.partner}: notice missing for {what} (§{section}); partner reminded")
    return lines
