"""The partner timeline: the one function every app calls to record what it changed (docs/architecture.md#rule-3).

    record_event(partner=p, kind="approved", message="…", section="2.0", actor=user,
                 policy_version=decision.policy_version, effective_on=approved_on, data={…})

It must run inside the transaction of the change it records, so that the change and its history are
committed, or refused, together; outside one it raises instead of writing a history nobody can trust.
Once written, the event is handed to the reactions of other apps listed for its kind in the one table
`partnerhub.reactions.REACTIONS` (docs/history.md), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from partnerhub.core.reactions import dispatch
from partnerhub.partners.models import Partner, PartnerEvent


class NotInTransaction(RuntimeError):
    """record_event was called outside a transaction: the event could outlive a change that rolled back."""


def record_event(
    *,
    partner: Partner,
    kind: str,
    message: str,
    section: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    data: Mapping[str, Any] | None = None,
    policy_version: dt.date | None = None,
    effective_on: dt.date | None = None,
) -> PartnerEvent:
    """Add one entry to `partner`'s timeline. `actor` None (or anonymous) is the system itself.

    `section` is the policy section(s) applied, in the document's numbering ("2.0", or "2.0, 5.1"); empty
    for changes no rule governs (a user added). `data` holds the structured facts (JSON; dates and
    Decimals are stored as strings).
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(f"record_event({kind!r}) must run inside the transaction of the change")
    event = PartnerEvent.objects.create(
        partner=partner,
        kind=kind,
        message=message,
        section=section,
        actor=actor if isinstance(actor, User) else None,
        data=dict(data or {}),
        policy_version=policy_version,
        effective_on=effective_on,
    )
    dispatch(event)
    return event
