"""Writes of the benefits app: Trademark license (§10.3)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import TrademarkUsage, TrademarkUsageStatus, TrademarkWithdrawal
from partnerhub.benefits.services.common import decision_reasons, decision_sections, locked, require_state
from partnerhub.core.errors import InvalidInput, refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import licenses
from partnerhub.policy.calendar import trademark_withdrawal_effective
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import policy_for_input, policy_in_force


def _trademark_decision(usage: TrademarkUsage, as_of: dt.date) -> Decision[bool]:
    state = partner_state_on(usage.partner, as_of)
    return licenses.trademark_use_admissible(
        policy_for_input(as_of, "as_of"),
        classification=state.classification,
        status=state.status,
        territories=list(state.territories),
        territory=usage.territory,
        starts_on=usage.starts_on,
        ends_on=usage.ends_on,
        as_of=as_of,
    )


@transaction.atomic
def trademark_usage_request(
    *,
    partner: Partner,
    mark: str,
    medium: str,
    territory: str,
    starts_on: dt.date,
    ends_on: dt.date,
    requested_on: dt.date,
    acting_user: User,
) -> TrademarkUsage:
    """Ask for the vendor's prior written approval of a use of its marks; refused (422) outside the partner's
    designated territories or Program Year, or without the logo benefit (§10.3, §4.0)."""
    usage = TrademarkUsage(
        partner=partner,
        mark=mark,
        medium=medium,
        territory=territory.upper(),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_on=requested_on,
        requested_by=acting_user,
    )
    decision = _trademark_decision(usage, requested_on)
    refuse_unless(decision)
    usage.policy_version = decision.policy_version
    usage.reasons = decision_reasons(decision)
    usage.save()
    record_event(
        partner=partner,
        kind=BenefitsEventKind.TRADEMARK_USAGE_REQUESTED,
        message=f"Asked to use {mark!r} on {medium} in {usage.territory}, {starts_on} to {ends_on}",
        section=decision_sections(decision),
        actor=acting_user,
        data={"usage": usage.pk},
        policy_version=decision.policy_version,
        effective_on=requested_on,
    )
    return usage


@transaction.atomic
def trademark_usage_approve(
    *, usage: TrademarkUsage, approved_on: dt.date, written_approval: str, acting_user: User
) -> TrademarkUsage:
    """The vendor's prior written approval; checked again on the day it is given."""
    usage = locked(usage)
    require_state(usage, [TrademarkUsageStatus.REQUESTED], "approve the use")
    if not written_approval.strip():
        raise InvalidInput("written_approval", gettext("An approval is given in writing: write its text."))
    decision = _trademark_decision(usage, approved_on)
    refuse_unless(decision)
    usage.status = TrademarkUsageStatus.APPROVED
    usage.decided_on = approved_on
    usage.decided_by = acting_user
    usage.written_approval = written_approval
    usage.policy_version = decision.policy_version
    usage.reasons = decision_reasons(decision)
    usage.save()
    record_event(
        partner=usage.partner,
        kind=BenefitsEventKind.TRADEMARK_USAGE_APPROVED,
        message=f"Approved in writing: {usage.mark!r} on {usage.medium} in {usage.territory}, "
        f"{usage.starts_on} to {usage.ends_on}",
        section=decision_sections(decision),
        actor=acting_user,
        data={"usage": usage.pk},
        policy_version=decision.policy_version,
        effective_on=approved_on,
    )
    mail_partner(usage.partner, "benefits/mail/trademark_approved.txt", usage=usage)
    return usage


@transaction.atomic
def trademark_usage_reject(
    *, usage: TrademarkUsage, rejected_on: dt.date, reason: str, acting_user: User
) -> TrademarkUsage:
    usage = locked(usage)
    require_state(usage, [TrademarkUsageStatus.REQUESTED], "reject the use")
    usage.status = TrademarkUsageStatus.REJECTED
    usage.decided_on = rejected_on
    usage.decided_by = acting_user
    usage.rejection_reason = reason
    usage.save(update_fields=["status", "decided_on", "decided_by", "rejection_reason"])
    record_event(
        partner=usage.partner,
        kind=BenefitsEventKind.TRADEMARK_USAGE_REJECTED,
        message=f"Not approved: {usage.mark!r} on {usage.medium}: {reason}",
        section=policy_in_force(rejected_on).windows.trademark_section,
        actor=acting_user,
        data={"usage": usage.pk, "reason": reason},
        effective_on=rejected_on,
    )
    mail_partner(usage.partner, "benefits/mail/trademark_rejected.txt", usage=usage, reason=reason)
    return usage


@transaction.atomic
def trademark_usage_withdraw(
    *,
    usage: TrademarkUsage,
    notice_on: dt.date,
    effective_on: dt.date | None,
    reason: str,
    acting_user: User,
) -> TrademarkWithdrawal:
    """Withdraw an approval by written notice: effective on `effective_on`, or on the latest day allowed
    when none is given; never more than the policy's limit after the notice (§10.3, 422 otherwise)."""
    usage = locked(usage)
    require_state(usage, [TrademarkUsageStatus.APPROVED], "withdraw the approval")
    policy = policy_for_input(notice_on, "notice_on")
    decision = trademark_withdrawal_effective(policy, notice_on, effective_on)
    refuse_unless(decision)
    assert decision.outcome is not None
    withdrawal = TrademarkWithdrawal.objects.create(
        usage=usage,
        notice_on=notice_on,
        effective_on=decision.outcome,
        latest_effective_on=decision.facts["latest"],
        reason=reason,
        withdrawn_by=acting_user,
        policy_version=decision.policy_version,
    )
    usage.status = TrademarkUsageStatus.WITHDRAWN
    usage.save(update_fields=["status"])
    record_event(
        partner=usage.partner,
        kind=BenefitsEventKind.TRADEMARK_USAGE_WITHDRAWN,
        message=f"Approval of {usage.mark!r} on {usage.medium} withdrawn by notice of {notice_on}, "
        f"effective {decision.outcome}: {reason}",
        section=policy.windows.trademark_section,
        actor=acting_user,
        data={"usage": usage.pk, "withdrawal": withdrawal.pk, "effective_on": decision.outcome},
        policy_version=decision.policy_version,
        effective_on=decision.outcome,
    )
    mail_partner(
        usage.partner,
        "benefits/mail/trademark_withdrawn.txt",
        usage=usage,
        notice_on=notice_on,
        effective_on=decision.outcome,
        reason=reason,
    )
    return withdrawal
