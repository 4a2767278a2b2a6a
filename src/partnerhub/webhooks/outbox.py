"""Writing webhook events and delivering them, signed, in order per endpoint and partner.

The signature is Stripe's scheme: header `Partnerhub-Signature: t=<unix time>,v1=<hex>` where `<hex>` is
HMAC-SHA256 with the endpoint's secret over `"<unix time>.<raw body>"`. A receiver recomputes it, compares
in constant time, and refuses a timestamp older than a few minutes (a replayed request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from functools import partial
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from partnerhub.core.observability import WEBHOOK_DELIVERIES
from partnerhub.partners.models import PartnerEvent
from partnerhub.webhooks.models import TYPE_OF_KIND, Attempt, Delivery, DeliveryStatus, Endpoint, WebhookEvent

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Partnerhub-Signature"
TIMEOUT_SECONDS = 10
# After this many failed attempts (about a day and a half of backoff) a delivery is given up as failed, so
# that the partner's later events are not held back for ever; a manager can replay it from the console.
MAX_ATTEMPTS = 16
RESPONSE_KEPT = 2000


def on_partner_event(sender: type[PartnerEvent], instance: PartnerEvent, created: bool, **kwargs: Any) -> None:
    if created:
        publish(instance)


def publish(source: PartnerEvent) -> WebhookEvent | None:
    """The webhook event of a timeline entry, with a delivery for each endpoint that receives it."""
    event_type = TYPE_OF_KIND.get(source.kind)
    if event_type is None:
        return None
    # Endpoints are few; which events each takes is a JSON list, checked here rather than in SQL.
    candidates = Endpoint.objects.filter(active=True).filter(Q(partner__isnull=True) | Q(partner_id=source.partner_id))
    endpoints = [endpoint for endpoint in candidates if endpoint.receives(event_type, source.partner_id)]
    if not endpoints:
        return None
    event = WebhookEvent.objects.create(
        type=event_type, partner_id=source.partner_id, source=source, payload=payload_of(source, event_type)
    )
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(endpoint=endpoint, event=event, partner_id=source.partner_id, next_attempt_at=now)
        for endpoint in endpoints
    )
    for endpoint in endpoints:
        transaction.on_commit(partial(enqueue, endpoint.pk, source.partner_id), robust=True)
    return event


def payload_of(source: PartnerEvent, event_type: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(source.data, cls=DjangoJSONEncoder))
    return {
        "type": event_type,
        "created": source.created_at.isoformat(),
        "partner": {"id": source.partner_id, "name": source.partner.name},
        "data": {
            "kind": source.kind,
            "message": source.message,
            "section": source.section,
            "effective_on": source.effective_on.isoformat() if source.effective_on else None,
            "policy_version": source.policy_version.isoformat() if source.policy_version else None,
            **data,
        },
    }


def enqueue(endpoint_id: int, partner_id: int, countdown: float = 0) -> None:
    from partnerhub.webhooks.tasks import deliver_webhooks

    if countdown:
        deliver_webhooks.apply_async((endpoint_id, partner_id), countdown=countdown)
    else:
        deliver_webhooks.delay(endpoint_id, partner_id)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def backoff(attempts: int) -> int:
    return int(min(2**attempts, 3600))


def deliver_in_order(endpoint_id: int, partner_id: int) -> float | None:
    """Deliver the pending deliveries of one endpoint and partner, oldest event first, until one fails.

    Returns the seconds until the failed one is due again, or None when nothing is left (or another worker
    is delivering this queue: it holds the row lock of its head and will go on to the rest).
    """
    while True:
        with transaction.atomic():
            try:
                head = (
                    Delivery.objects.select_for_update(nowait=True)
                    .filter(endpoint_id=endpoint_id, partner_id=partner_id, status=DeliveryStatus.PENDING)
                    .select_related("endpoint", "event")
                    .order_by("event_id", "id")
                    .first()
                )
            except DatabaseError:
                return None
            if head is None:
                return None
            wait = (head.next_attempt_at - timezone.now()).total_seconds()
            if wait > 0:
                return wait
            if not attempt(head):
                return float(backoff(head.attempts)) if head.status == DeliveryStatus.PENDING else 0.0


def attempt(delivery: Delivery) -> bool:
    """One signed POST; records the answer and whether it was delivered."""
    endpoint, event = delivery.endpoint, delivery.event
    body = json.dumps({"id": str(event.key), **event.payload}, separators=(",", ":")).encode()
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Partnerhub-Webhooks/1",
            "Partnerhub-Event-Id": str(event.key),
            "Partnerhub-Event-Type": event.type,
            "Partnerhub-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
        },
    )
    started = time.perf_counter()
    status_code: int | None = None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status_code = response.status
            answer = response.read(RESPONSE_KEPT).decode(errors="replace")
    except urllib.error.HTTPError as error:
        status_code = error.code
        answer = error.read(RESPONSE_KEPT).decode(errors="replace")
    except (OSError, ValueError) as error:
        answer = f"{type(error).__name__}: {error}"
    seconds = time.perf_counter() - started
    Attempt.objects.create(delivery=delivery, status_code=status_code, response=answer[:RESPONSE_KEPT], seconds=seconds)
    delivery.attempts += 1
    ok = status_code is not None and 200 <= status_code < 300
    if ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        WEBHOOK_DELIVERIES.labels(outcome="delivered").inc()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        WEBHOOK_DELIVERIES.labels(outcome="failed").inc()
        log.warning("webhook delivery %s to %s given up after %s attempts", delivery.pk, endpoint.url, MAX_ATTEMPTS)
    else:
        delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=backoff(delivery.attempts))
        WEBHOOK_DELIVERIES.labels(outcome="retry").inc()
        log.info("webhook delivery %s to %s failed (%s): retry", delivery.pk, endpoint.url, status_code or answer)
    delivery.save(update_fields=("status", "attempts", "delivered_at", "next_attempt_at"))
    return ok


def replay(delivery: Delivery) -> Delivery:
    """Send an event to its endpoint again, as a new delivery (the old one and its log stay as they were)."""
    with transaction.atomic():
        again = Delivery.objects.create(
            endpoint=delivery.endpoint,
            event=delivery.event,
            partner_id=delivery.partner_id,
            next_attempt_at=timezone.now(),
            replay_of=delivery,
        )
        transaction.on_commit(lambda: enqueue(delivery.endpoint_id, delivery.partner_id), robust=True)
    return again
