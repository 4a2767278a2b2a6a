"""The qualification window's end and the managers' queue of work items."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import (
    Partner,
    PartnerStatus,
    WorkItem,
)
from partnerhub.partners.services.common import not_before, required_text
from partnerhub.policystore.selectors import policy_in_force


def partner_flag_deactivation_due(*, partner: Partner, as_of: dt.date) -> WorkItem | None:
    """The qualification window ended without registration: put the partner on the managers' deactivation
    list (the policy says it *may* be deactivated, §2.0; a manager decides). Once per window."""
    deadline = partner.qualification_deadline
    if partner.status != PartnerStatus.APPROVED or deadline is None or as_of <= deadline:
        return None
    section = policy_in_force(as_of).windows.qualification_section
    with transaction.atomic():
        item, created = WorkItem.objects.get_or_create(
            partner=partner,
            kind=WorkItem.DEACTIVATION_DUE,
            key=deadline.isoformat(),
            defaults={
                "message": (
                    f"The qualification window ended on {deadline.isoformat()} without registration: the partner "
                    f"may be deactivated, without refund of program fees (§2.0)"
                ),
                "section": section,
                "opened_on": as_of,
            },
        )
        if not created:
            return None
        record_event(
            partner=partner,
            kind=PartnersEventKind.DEACTIVATION_DUE,
            message=item.message + "; put on the vendor managers' deactivation list",
            section=section,
            actor=None,
            policy_version=partner.policy_version,
            effective_on=as_of,
            data={"work_item": item.pk, "qualification_deadline": deadline},
        )
    return item


def work_item_resolve(*, item: WorkItem, resolved_on: dt.date, acting_user: User, resolution: str) -> WorkItem:
    """A manager closes a queue entry without the action it suggests (e.g. keeps a partner whose window
    ended). It is not reopened for the same occurrence."""
    why = required_text(resolution, "resolution")
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().select_related("partner").get(pk=item.pk)
        if item.resolved_on is not None:
            raise Conflict(
                gettext("work item %(item)s was already resolved on %(resolved_on)s")
                % {"item": item.pk, "resolved_on": item.resolved_on.isoformat()}
            )
        not_before(resolved_on, item.opened_on, "resolved_on", "the item was opened")
        item.resolved_on, item.resolved_by, item.resolution = resolved_on, acting_user, why
        item.save(update_fields=("resolved_on", "resolved_by", "resolution"))
        record_event(
            partner=item.partner,
            kind=PartnersEventKind.WORK_ITEM_RESOLVED,
            message=f"{item.kind.replace('_', ' ').capitalize()} resolved by a manager: {why}",
            section=item.section,
            actor=acting_user,
            effective_on=resolved_on,
            data={"work_item": item.pk, "kind": item.kind},
        )
    return item
