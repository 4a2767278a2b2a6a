"""What `partnerhub tick` does for evaluations (§8.0), in this order, idempotently:

1. warn the managers of undecided partners as a period's change notification date approaches
   (the policy's `reminder_lead_days` before it; once per period);
2. send every decided notice that is still pending (once per partner and period, ever);
3. make the change of every sent notice whose effective date has come, through the lifecycle services.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import Q

from partnerhub.core.mail import unique_addresses
from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.evaluations.services.notices import notices_apply_due, notices_send_due, reminders_send_due


def manager_addresses() -> list[str]:
    managers = User.objects.filter(Q(is_superuser=True) | Q(groups__name=MANAGER_GROUP), is_active=True)
    return unique_addresses(managers.order_by("username").values_list("email", flat=True))


def run(as_of: dt.date) -> list[str]:
    lines = reminders_send_due(as_of=as_of, manager_addresses=manager_addresses())
    lines += notices_send_due(as_of=as_of)
    lines += notices_apply_due(as_of=as_of)
    return lines
