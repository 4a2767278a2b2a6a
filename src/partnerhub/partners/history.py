"""The partner timeline: the one function every app calls to record what it changed (docs/architecture.md#rule-3).

    record_event(partner=p, kind=PartnersEventKind.APPROVED, message="…", section="2.0", actor=user,
                 policy_version=decision.policy_version, effective_on=approved_on, data={…})

It must run inside the transaction of the change it records, so that the change and its history are
committed, or refused, together; outside one it raises instead of writing a history nobody can trust.
An event that changes the partner's state (`state_change=StateChange(prior)`) writes the new period first
(`partners.periods.period_change`), so the state in force from `effective_on` is the new one. Then the
event is handed to the reactions of other apps listed for its kind in the one table
`partnerhub.reactions.REACTIONS` (docs/history.md), in the same transaction: a reaction reads the state
the change left, never the one before it.

Every kind is a member of an `EventKind` enum: each app that records events lists its own kinds in its
`events` module (`partnerhub.billing.events.BillingEventKind` …), the member's value being what the row
stores. A plain string is refused, so a kind cannot be misspelt where it is written, nor where it is read
(the table of reactions, the webhooks' event types).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from partnerhub.core.reactions import dispatch
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.partners.periods import PartnerState, period_change


class EventKind(StrEnum):
    """The kind of a timeline event. Has no members itself: each app's `events` module subclasses it with the
    kinds that app records, so that the partners app does not name what the apps above it do."""


class NotInTransaction(RuntimeError):
    """record_event was called outside a transaction: the event could outlive a change that rolled back."""


@dataclass(frozen=True)
class StateChange:
    """The event changes the partner's state: the row (locked, saved) carries the new values from the
    event's `effective_on`. `prior` is the state before the change (`PartnerState.of(partner)` taken
    before it; None for a new partner), `recorded_on` the day it is recorded (default: the effective day;
    a later effective day makes it a future period)."""

    prior: PartnerState | None
    recorded_on: dt.date | None = None


def record_event(
    *,
    partner: Partner,
    kind: EventKind,
    message: str,
    section: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    data: Mapping[str, Any] | None = None,
    policy_version: dt.date | None = None,
    effective_on: dt.date | None = None,
    state_change: StateChange | None = None,
) -> PartnerEvent:
    """Add one entry to `partner`'s timeline. `actor` None (or anonymous) is the system itself.

    `section` is the policy section(s) applied, in the document's numbering ("2.0", or "2.0, 5.1"); empty
    for changes no rule governs (a user added). `data` holds the structured facts (JSON; dates and
    Decimals are stored as strings). `state_change`: see `StateChange`; it needs `effective_on`.
    """
    if not isinstance(kind, EventKind):
        raise TypeError(f"record_event: {kind!r} is not an EventKind; list it in its app's events module")
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(f"record_event({kind!r}) must run inside the transaction of the change")
    if state_change is not None and effective_on is None:
        raise ValueError(f"record_event({kind!r}) changes the state: it needs the day it takes effect")
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
    if state_change is not None:
        assert effective_on is not None
        period_change(
            partner=partner,
            prior=state_change.prior,
            effective_on=effective_on,
            event=event,
            recorded_on=state_change.recorded_on,
        )
    dispatch(event)
    return event
