"""What the partner services share: the row lock, the checks of dates and reasons, the status and the
managers' queue entries a change settles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from partnerhub.partners.models import (
    Partner,
    WorkItem,
)

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
