"""Registering webhook endpoints (managers only; the API and the console call these)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.partners.models import Partner
from partnerhub.webhooks.models import EVENT_TYPES, Delivery, Endpoint
from partnerhub.webhooks.outbox import replay


def _checked(url: str, events: Sequence[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors["url"] = [f"{url!r} is not an http(s) URL."]
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        errors["events"] = [f"unknown event type(s): {', '.join(unknown)}; known: {', '.join(EVENT_TYPES)}."]
    elif not events:
        errors["events"] = ["choose at least one event type."]
    return errors


def endpoint_create(
    *, url: str, events: Sequence[str], partner: Partner | None, description: str = "", acting_user: User
) -> Endpoint:
    """An endpoint for `events` of `partner` (or of every partner when None). Bad input writes nothing."""
    errors = _checked(url, events)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Endpoint.objects.create(
            url=url.strip(),
            events=sorted(set(events)),
            partner=partner,
            description=description.strip(),
            created_by=acting_user,
        )


def endpoint_update(*, endpoint: Endpoint, events: Sequence[str] | None = None, active: bool | None = None) -> Endpoint:
    if events is not None:
        errors = _checked(endpoint.url, events)
        if errors:
            raise ValidationError(errors)
        endpoint.events = sorted(set(events))
    if active is not None:
        endpoint.active = active
    endpoint.save(update_fields=("events", "active"))
    return endpoint


def delivery_replay(*, delivery: Delivery) -> Delivery:
    return replay(delivery)
