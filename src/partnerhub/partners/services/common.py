"""What the partner services share: the skeleton of a lifecycle step (`transition`), the row lock, the
checks of dates and reasons, the status and the managers' queue entries a change settles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.partners.history import EventKind, StateChange, record_event
from partnerhub.partners.lifecycle import check_transition
from partnerhub.partners.models import (
    Partner,
    PartnerEvent,
    WorkItem,
)
from partnerhub.partners.periods import PartnerState
from partnerhub.policy.lifecycle import Transition

NO_REFUND = "Invoices stay as issued: no refund of program fees (§2.0)."


def locked(partner: Partner) -> Partner:
    """The partner re-read under a row lock (PostgreSQL), so two concurrent actions cannot both pass."""
    return Partner.objects.select_for_update().get(pk=partner.pk)


def not_before(day: dt.date, earliest: dt.date | None, field: str, what: str) -> None:
    if earliest is not None and day < earliest:
        raise ValidationError({field: [f"{day.isoformat()} is before {what} ({earliest.isoformat()})"]})


def required_text(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ["Say why: this field is required."]})
    return text


def resolve_work(partner: Partner, kinds: Sequence[str], on: dt.date, actor: User | None, resolution: str) -> None:
    WorkItem.objects.filter(partner=partner, kind__in=kinds, resolved_on__isnull=True).update(
        resolved_on=on, resolved_by=actor, resolution=resolution
    )


def set_status(partner: Partner, status: str, on: dt.date) -> None:
    partner.status = status
    partner.status_since = on


@dataclass(frozen=True)
class Step:
    """One lifecycle action under way: the partner (locked), its state before the action, and the
    transition the table allowed."""

    partner: Partner
    prior: PartnerState
    transition: Transition

    def move(self, on: dt.date) -> None:
        """Put the partner in the status the transition leads to, from `on`."""
        assert self.transition.target is not None, f"{self.transition.action} keeps the status"
        set_status(self.partner, self.transition.target, on)

    def record(
        self,
        *,
        kind: EventKind,
        message: str,
        actor: User | None,
        effective_on: dt.date,
        data: Mapping[str, Any] | None = None,
        policy_version: dt.date | None = None,
        section: str | None = None,
        recorded_on: dt.date | None = None,
    ) -> PartnerEvent:
        """The step's timeline event, under the transition's section unless `section` says more, with the
        partner's new state from `effective_on` (`recorded_on`: the day it is recorded, when later)."""
        return record_event(
            partner=self.partner,
            kind=kind,
            message=message,
            section=section or self.transition.section,
            actor=actor,
            data=data,
            policy_version=policy_version,
            effective_on=effective_on,
            state_change=StateChange(self.prior, recorded_on=recorded_on),
        )


@contextmanager
def transition(partner: Partner, action: str) -> Iterator[Step]:
    """The skeleton every lifecycle service shares: one transaction, the partner re-read under its row lock,
    `action` checked against the transition table (422 naming the rule if the status does not allow it),
    and the state before it kept, for the periods its event writes (`Step.record`)."""
    with transaction.atomic():
        partner = locked(partner)
        prior = PartnerState.of(partner)
        yield Step(partner, prior, check_transition(partner.status, action))
