"""Taking back a written notice of non-renewal (§5.1). The policy lets a partner stop its renewal by
written notice; a partner that changes its mind before the membership ends withdraws the notice in writing
as well, and the membership then renews on 1 January as any other. The notice stays on file, marked
withdrawn, with the timeline entry saying who recorded the withdrawal and why."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.core.problems import Conflict
from partnerhub.partners.history import record_event
from partnerhub.partners.lifecycle import check_transition
from partnerhub.partners.models import NonRenewalNotice
from partnerhub.partners.notifications import mail_partner
from partnerhub.policy import calendar
from partnerhub.policystore.selectors import policy_for_input


def non_renewal_notice_withdraw(
    *, notice: NonRenewalNotice, withdrawn_on: dt.date, acting_user: User, reason: str
) -> NonRenewalNotice:
    """Mark `notice` withdrawn on `withdrawn_on`; refused once the membership it ended has ended, for a
    notice withdrawn already, or dated before the notice arrived."""
    why = (reason or "").strip()
    if not why:
        raise ValidationError({"reason": ["Say how the partner took its notice back (its letter, its email)."]})
    policy = policy_for_input(withdrawn_on, "withdrawn_on")
    with transaction.atomic():
        notice = NonRenewalNotice.objects.select_for_update().select_related("partner").get(pk=notice.pk)
        partner = notice.partner
        check_transition(partner.status, "withdraw_non_renewal_notice")
        if notice.withdrawn_on is not None:
            raise Conflict(f"this notice was withdrawn already, on {notice.withdrawn_on.isoformat()}")
        if withdrawn_on < notice.received_on:
            raise ValidationError(
                {"withdrawn_on": [f"the notice arrived on {notice.received_on.isoformat()}, after this date"]}
            )
        renews_on = calendar.renewal_date(policy, notice.ends_after_program_year)
        if withdrawn_on >= renews_on:
            raise Conflict(
                f"the membership ended on 31 December {notice.ends_after_program_year}, as the notice said; "
                "the partner may rejoin instead"
            )
        notice.withdrawn_on, notice.withdrawn_by, notice.withdrawal_reason = withdrawn_on, acting_user, why
        notice.save(update_fields=("withdrawn_on", "withdrawn_by", "withdrawal_reason"))
        record_event(
            partner=partner,
            kind="non_renewal_notice_withdrawn",
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
            "notice of non-renewal withdrawn",
            f"Your notice of non-renewal of {notice.received_on.isoformat()} is withdrawn as of "
            f"{withdrawn_on.isoformat()}: your membership renews on {renews_on.isoformat()} (§5.1).",
        )
    return notice
