"""Renewal (§5.1): notices of non-renewal (and their withdrawal), the renewal invoice of a new program year,
and the end of a membership whose notice was given in time.

A partner that takes its written notice back before the membership ends has the withdrawal recorded: the
notice stays on file, marked withdrawn, and the membership renews on 1 January as any other."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.lifecycle import check_transition
from partnerhub.partners.models import (
    NonRenewalNotice,
    Partner,
    PartnerEvent,
    WorkItem,
)
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.services.common import NO_REFUND, locked, not_before, resolve_work, transition
from partnerhub.partners.upstream import program_fee_invoiced
from partnerhub.policy import calendar
from partnerhub.policy.lifecycle import ENROLLMENT_SECTION
from partnerhub.policystore.selectors import policy_for_input


def non_renewal_notice_record(
    *, partner: Partner, received_on: dt.date, acting_user: User, note: str = ""
) -> NonRenewalNotice:
    """Record a partner's written notice of non-renewal (R2.9). Received on or before the deadline
    (2 December) it stops the renewal on the next 1 January; later, the membership renews once more and
    ends after that Program Year. A second notice for the same end is refused (409)."""
    policy = policy_for_input(received_on, "received_on")
    with transaction.atomic():
        partner = locked(partner)
        check_transition(partner.status, "record_non_renewal_notice")
        not_before(received_on, partner.approved_on, "received_on", "the approval")
        decision = calendar.notice_stops_renewal(policy, received_on.year, received_on)
        ends_after = received_on.year if decision.outcome else received_on.year + 1
        existing = NonRenewalNotice.objects.filter(
            partner=partner, ends_after_program_year=ends_after, withdrawn_on__isnull=True
        ).first()
        if existing is not None:
            raise Conflict(
                gettext(
                    "a notice of non-renewal received %(received_on)s already ends the membership "
                    "after Program Year %(ends_after)s"
                )
                % {"received_on": existing.received_on.isoformat(), "ends_after": ends_after}
            )
        renewal = PartnerEvent.objects.filter(
            partner=partner, kind=PartnersEventKind.RENEWED, data__program_year=ends_after + 1
        ).first()
        if renewal is not None:
            assert renewal.effective_on is not None
            raise Conflict(
                gettext(
                    "the membership already renewed into Program Year %(ends_after)s (on "
                    "%(effective_on)s); a notice recorded now cannot stop it"
                )
                % {"ends_after": ends_after + 1, "effective_on": renewal.effective_on.isoformat()}
            )
        notice = NonRenewalNotice.objects.create(
            partner=partner,
            received_on=received_on,
            in_time=decision.outcome,
            ends_after_program_year=ends_after,
            note=(note or "").strip(),
            recorded_by=acting_user,
            policy_version=decision.policy_version,
            reasons=[reason.as_dict() for reason in decision.reasons],
        )
        ends = f"the membership ends on 31 December {ends_after} and does not renew for {ends_after + 1}"
        record_event(
            partner=partner,
            kind=PartnersEventKind.NON_RENEWAL_NOTICE,
            message=f"Written notice of non-renewal received {received_on.isoformat()}: "
            f"{decision.reasons[0].message}; {ends}",
            section=policy.windows.renewal_section,
            actor=acting_user,
            policy_version=decision.policy_version,
            effective_on=received_on,
            data={"notice": notice.pk, "in_time": decision.outcome, "ends_after_program_year": ends_after},
        )
        mail_partner(
            partner,
            "partners/mail/non_renewal_received.txt",
            received_on=received_on,
            year=ends_after,
            next_year=ends_after + 1,
        )
    return notice


def partner_renew(*, partner: Partner, program_year: int, as_of: dt.date) -> PartnerEvent | None:
    """The automatic renewal into `program_year` on 1 January (R2.9, R7.4): the "renewed" event, to which
    billing reacts by invoicing the year's full fee (`partnerhub.reactions`).

    Called by the tick for a partner without a notice that stops it; does nothing (None) if the year's
    fee was already invoiced or the partner renewed already."""
    with transaction.atomic():
        partner = locked(partner)
        check_transition(partner.status, "renew")
        # A zero fee (an OEM partner's) issues no invoice: the "renewed" event itself says the year is done.
        if (
            program_fee_invoiced(partner, program_year)
            or PartnerEvent.objects.filter(
                partner=partner, kind=PartnersEventKind.RENEWED, data__program_year=program_year
            ).exists()
        ):
            return None
        renews_on = calendar.renewal_date(policy_for_input(as_of, "as_of"), program_year - 1)
        policy = policy_for_input(renews_on, "as_of")
        notice_deadline = calendar.non_renewal_deadline(policy, program_year - 1).outcome
        return record_event(
            partner=partner,
            kind=PartnersEventKind.RENEWED,
            message=(
                f"Membership renewed for Program Year {program_year} on {renews_on.isoformat()}: no written notice "
                f"of non-renewal arrived by {notice_deadline.isoformat()}"
            ),
            section=policy.windows.renewal_section,
            actor=None,
            policy_version=policy.version_date,
            effective_on=renews_on,
            data={"program_year": program_year},
        )


def partner_end_membership(*, partner: Partner, notice: NonRenewalNotice, as_of: dt.date) -> Partner:
    """At the end of the Program Year a timely notice named, the membership ends: the partner is
    deactivated (it may rejoin later, paying that year's fee). Called by the tick."""
    with transition(partner, "end_membership") as step:
        partner = step.partner
        policy = policy_for_input(as_of, "as_of")
        year = notice.ends_after_program_year
        ends_on = calendar.renewal_date(policy, year)
        step.move(ends_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], as_of, None, "membership ended")
        step.record(
            kind=PartnersEventKind.MEMBERSHIP_ENDED,
            message=(
                f"Membership ended on 31 December {year} and did not renew for {year + 1}: written notice of "
                f"non-renewal received {notice.received_on.isoformat()} (§5.1). {NO_REFUND}"
            ),
            section=f"{policy.windows.renewal_section}, {ENROLLMENT_SECTION}",
            actor=None,
            policy_version=policy.version_date,
            effective_on=ends_on,
            data={"notice": notice.pk, "program_year": year},
            recorded_on=as_of,
        )
        mail_partner(partner, "partners/mail/membership_ended.txt", received_on=notice.received_on, year=year)
    return partner


def non_renewal_notice_withdraw(
    *, notice: NonRenewalNotice, withdrawn_on: dt.date, acting_user: User, reason: str
) -> NonRenewalNotice:
    """Mark `notice` withdrawn on `withdrawn_on`; refused once the membership it ended has ended, for a
    notice withdrawn already, or dated before the notice arrived."""
    why = (reason or "").strip()
    if not why:
        raise ValidationError(
            {"reason": [gettext("Say how the partner took its notice back (its letter, its email).")]}
        )
    policy = policy_for_input(withdrawn_on, "withdrawn_on")
    with transaction.atomic():
        notice = NonRenewalNotice.objects.select_for_update().select_related("partner").get(pk=notice.pk)
        partner = notice.partner
        check_transition(partner.status, "withdraw_non_renewal_notice")
        if notice.withdrawn_on is not None:
            raise Conflict(
                gettext("this notice was withdrawn already, on %(withdrawn_on)s")
                % {"withdrawn_on": notice.withdrawn_on.isoformat()}
            )
        if withdrawn_on < notice.received_on:
            raise ValidationError(
                {
                    "withdrawn_on": [
                        gettext("the notice arrived on %(received_on)s, after this date")
                        % {"received_on": notice.received_on.isoformat()}
                    ]
                }
            )
        renews_on = calendar.renewal_date(policy, notice.ends_after_program_year)
        if withdrawn_on >= renews_on:
            raise Conflict(
                gettext(
                    "the membership ended on 31 December %(ends_after_program_year)s, as the notice "
                    "said; the partner may rejoin instead"
                )
                % {"ends_after_program_year": notice.ends_after_program_year}
            )
        notice.withdrawn_on, notice.withdrawn_by, notice.withdrawal_reason = withdrawn_on, acting_user, why
        notice.save(update_fields=("withdrawn_on", "withdrawn_by", "withdrawal_reason"))
        record_event(
            partner=partner,
            kind=PartnersEventKind.NON_RENEWAL_NOTICE_WITHDRAWN,
            message=(
                f"Notice of non-renewal received {notice.received_on.isoformat()} withdrawn on "
                f"{withdrawn_on.isoformat()} ({why}): the membership renews on {renews_on.isoformat()} as usual"
            ),
            section=policy.windows.renewal_section,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=withdrawn_on,
            data={"notice": notice.pk, "ends_after_program_year": notice.ends_after_program_year},
        )
        mail_partner(
            partner,
            "partners/mail/non_renewal_withdrawn.txt",
            received_on=notice.received_on,
            withdrawn_on=withdrawn_on,
            renews_on=renews_on,
        )
    return notice
