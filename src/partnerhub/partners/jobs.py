"""What the lifecycle does by itself on a date (run by `partnerhub tick`), each step idempotent.

0. Periods dated in the future when they were recorded (an evaluation's change taking effect after its
   notice) begin: the row's cached state is brought to the state in force (docs/history.md).
1. Qualification windows that ended without registration put the partner on the managers' deactivation
   list (§2.0 says it *may* be deactivated: a manager decides, nothing is deactivated automatically).
   OEM partners are not: their terms come from a separate contract (§3.0).
2. On and after 1 January, the membership of every partner admitted before it renews for the new
   Program Year with the year's full fee (§5.1), unless a timely written notice of non-renewal
   ended it: then the partner is deactivated as of 1 January. A prospect whose window ended unregistered
   is not renewed (§2.0): it stays on the deactivation list.
3. Reminders, `windows.reminder_lead_days` before a deadline: the end of the qualification window and
   the non-renewal notice deadline (2 December).

Facts are gathered with a fixed number of queries per step (docs/architecture.md#rule-5); each partner's change is its
own transaction, so one failure does not undo the others and the next run picks up what is left.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from partnerhub.core.errors import PolicyViolation
from partnerhub.partners.models import (
    MEMBER_STATUSES,
    Classification,
    NonRenewalNotice,
    Partner,
    PartnerStatus,
    Reminder,
    WorkItem,
)
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.partners.periods import periods_started
from partnerhub.partners.services.renewal import partner_end_membership, partner_renew
from partnerhub.partners.services.work_items import partner_flag_deactivation_due
from partnerhub.policy import calendar, fees
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

QUALIFICATION_REMINDER = "qualification_deadline"
NON_RENEWAL_REMINDER = "non_renewal_deadline"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    return [
        *periods_started(as_of),
        *qualification_windows_ended(as_of),
        *year_end(policy, as_of),
        *qualification_reminders(policy, as_of),
        *non_renewal_reminders(policy, as_of),
    ]


def qualification_windows_ended(as_of: dt.date) -> list[str]:
    # An OEM partner's terms come from its separate contract (§3.0), not from the qualification window.
    ended = list(
        Partner.objects.filter(status=PartnerStatus.APPROVED, qualification_deadline__lt=as_of).exclude(
            classification=Classification.OEM
        )
    )
    flagged = set(
        WorkItem.objects.filter(kind=WorkItem.DEACTIVATION_DUE, partner__in=ended).values_list("partner_id", "key")
    )
    lines = []
    for partner in ended:
        assert partner.qualification_deadline is not None
        if (partner.pk, partner.qualification_deadline.isoformat()) in flagged:
            continue
        if partner_flag_deactivation_due(partner=partner, as_of=as_of) is not None:
            lines.append(
                f"{partner.name}: qualification window ended {partner.qualification_deadline.isoformat()} "
                f"without registration; on the deactivation list (§2.0)"
            )
    return lines


def year_end(policy: Policy, as_of: dt.date) -> list[str]:
    year = as_of.year
    renews_on = calendar.renewal_date(policy, year - 1)
    if as_of < renews_on:
        return []
    due = list(
        Partner.objects.filter(status__in=MEMBER_STATUSES, approved_on__lt=renews_on)
        .exclude(invoices__program_year=year)
        # §5.1, §2.0: a prospect whose qualification window ended unregistered is not renewed into a new
        # Program Year; it stays on the deactivation list for a manager to decide (an OEM partner's terms
        # come from its separate contract, §3.0).
        .exclude(
            Q(status=PartnerStatus.APPROVED, qualification_deadline__lt=renews_on)
            & ~Q(classification=Classification.OEM)
        )
    )
    notices = {
        notice.partner_id: notice
        for notice in NonRenewalNotice.objects.filter(
            partner__in=due, ends_after_program_year=year - 1, withdrawn_on__isnull=True
        )
    }
    lines = []
    for partner in due:
        notice = notices.get(partner.pk)
        try:
            if notice is not None:
                partner_end_membership(partner=partner, notice=notice, as_of=as_of)
            else:
                renewed = partner_renew(partner=partner, program_year=year, as_of=as_of)
        except PolicyViolation:
            # Its status changed since the query (e.g. terminated meanwhile): nothing is due for it any more.
            continue
        if notice is not None:
            lines.append(
                f"{partner.name}: membership ended after Program Year {year - 1} "
                f"(notice of non-renewal received {notice.received_on.isoformat()}); deactivated (§5.1)"
            )
        elif renewed is not None:
            # billing invoiced the fee in reaction to the renewal; a fee of zero (OEM) issues no invoice.
            fee = fees.renewal_fee(policy_in_force(renews_on), partner.classification, year).outcome
            if fee.amount:
                lines.append(
                    f"{partner.name}: renewed for Program Year {year}; program fee {fee.amount} {fee.currency} "
                    f"invoiced (§5.1)"
                )
    return lines


def _already_sent(kind: str, partners: list[Partner]) -> set[tuple[int, str]]:
    return set(Reminder.objects.filter(kind=kind, partner__in=partners).values_list("partner_id", "key"))


def qualification_reminders(policy: Policy, as_of: dt.date) -> list[str]:
    lead = policy.windows.reminder_lead_days
    due = list(
        Partner.objects.filter(
            status=PartnerStatus.APPROVED,
            qualification_deadline__gte=as_of,
            qualification_deadline__lte=as_of + dt.timedelta(days=lead),
        )
    )
    sent = _already_sent(QUALIFICATION_REMINDER, due)
    lines = []
    for partner in due:
        deadline = partner.qualification_deadline
        assert deadline is not None
        key = deadline.isoformat()
        if (partner.pk, key) in sent:
            continue
        if reminder_send_once(
            partner=partner,
            kind=QUALIFICATION_REMINDER,
            key=key,
            deadline=deadline,
            as_of=as_of,
            template="partners/mail/qualification_reminder.txt",
            context={"days": (deadline - as_of).days, "deadline": deadline},
            section=policy.windows.qualification_section,
            policy_version=policy.version_date,
        ):
            lines.append(f"{partner.name}: reminded that its qualification window ends {key} (§2.0)")
    return lines


def non_renewal_reminders(policy: Policy, as_of: dt.date) -> list[str]:
    year = as_of.year
    deadline = calendar.non_renewal_deadline(policy, year).outcome
    if not deadline - dt.timedelta(days=policy.windows.reminder_lead_days) <= as_of <= deadline:
        return []
    renews_on = calendar.renewal_date(policy, year)
    due = list(
        Partner.objects.filter(status__in=MEMBER_STATUSES, approved_on__lte=as_of).exclude(
            pk__in=NonRenewalNotice.objects.filter(ends_after_program_year=year, withdrawn_on__isnull=True).values(
                "partner_id"
            )
        )
    )
    sent = _already_sent(NON_RENEWAL_REMINDER, due)
    key = deadline.isoformat()
    lines = []
    section = policy.windows.renewal_section
    for partner in due:
        if (partner.pk, key) in sent:
            continue
        if reminder_send_once(
            partner=partner,
            kind=NON_RENEWAL_REMINDER,
            key=key,
            deadline=deadline,
            as_of=as_of,
            template="partners/mail/renewal_reminder.txt",
            context={"next_year": year + 1, "renews_on": renews_on, "deadline": deadline, "section": section},
            section=section,
            policy_version=policy.version_date,
        ):
            lines.append(f"{partner.name}: reminded that notice of non-renewal is due by {key} (§{section})")
    return lines
