"""Writes of the benefits app: licenses end with the membership (§10.3 trademarks, §10.1 product subscriptions).

A partner terminated or deactivated keeps no prior written approval to use the vendor's marks and no
credentials to its products: each is withdrawn or revoked as of the day the membership ended, with a
timeline entry, and the partner is told in one mail.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import ProductSubscription, TrademarkUsage, TrademarkUsageStatus, TrademarkWithdrawal
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.policy import licenses
from partnerhub.policystore.selectors import policy_in_force


@transaction.atomic
def licenses_end_with_membership(
    *, partner: Partner, ended_on: dt.date, why: str, acting_user: User | None
) -> list[str]:
    """Withdraw every approved use of the marks and revoke every product subscription of `partner` still
    running on `ended_on`, as of that day. Returns one line per license ended (none: nothing was running)."""
    policy = policy_in_force(ended_on)
    ended: list[str] = []
    usages = TrademarkUsage.objects.select_for_update().filter(
        partner=partner, status=TrademarkUsageStatus.APPROVED, ends_on__gte=ended_on
    )
    for usage in usages.order_by("pk"):
        reason = f"the membership ended on {ended_on.isoformat()} ({why})"
        withdrawal = TrademarkWithdrawal.objects.create(
            usage=usage,
            notice_on=ended_on,
            effective_on=ended_on,
            latest_effective_on=ended_on,
            reason=reason,
            withdrawn_by=acting_user,
            policy_version=policy.version_date,
        )
        usage.status = TrademarkUsageStatus.WITHDRAWN
        usage.save(update_fields=["status"])
        what = f"approval to use {usage.mark!r} on {usage.medium} in {usage.territory}"
        record_event(
            partner=partner,
            kind=BenefitsEventKind.TRADEMARK_USAGE_WITHDRAWN,
            message=f"The {what} ends with the membership on {ended_on.isoformat()} ({why})",
            section=policy.windows.trademark_section,
            actor=acting_user,
            data={"usage": usage.pk, "withdrawal": withdrawal.pk, "effective_on": ended_on},
            policy_version=policy.version_date,
            effective_on=ended_on,
        )
        ended.append(f"the {what}")
    subscriptions = ProductSubscription.objects.select_for_update().filter(
        partner=partner, revoked_on__isnull=True, ends_on__gte=ended_on
    )
    for subscription in subscriptions.select_related("user").order_by("pk"):
        subscription.revoked_on = max(ended_on, subscription.starts_on)
        subscription.revoked_by = acting_user
        subscription.revocation_reason = f"the membership ended on {ended_on.isoformat()} ({why})"
        subscription.save(update_fields=["revoked_on", "revoked_by", "revocation_reason"])
        what = f"credentials to {subscription.product} of {subscription.user}"
        record_event(
            partner=partner,
            kind=BenefitsEventKind.PRODUCT_SUBSCRIPTION_REVOKED,
            message=f"Revoked the {what}: {subscription.revocation_reason}",
            section=licenses.PRODUCT_SUBSCRIPTION_SECTION,
            actor=acting_user,
            data={"subscription": subscription.pk, "reason": subscription.revocation_reason},
            policy_version=policy.version_date,
            effective_on=subscription.revoked_on,
        )
        ended.append(f"the {what}")
    if ended:
        mail_partner(partner, "benefits/mail/licenses_ended.txt", ended_on=ended_on, reason=why, ended=ended)
    return ended
