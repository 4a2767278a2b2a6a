"""Webhook delivery jobs (partnerhub.webhooks.outbox does the work)."""

from __future__ import annotations

from celery import Task, shared_task
from django.utils import timezone

from partnerhub.core.tasks import Measured
from partnerhub.webhooks.models import Delivery, DeliveryStatus
from partnerhub.webhooks.outbox import deliver_in_order, enqueue


@shared_task(bind=True, base=Measured, name="partnerhub.deliver_webhooks")
def deliver_webhooks(self: Task, endpoint_id: int, partner_id: int) -> str:
    wait = deliver_in_order(endpoint_id, partner_id)
    if wait is None:
        return "done"
    if not self.request.is_eager:
        # Retries wait in the queue; in-process (no broker) the scheduler's sweep comes back to them.
        enqueue(endpoint_id, partner_id, countdown=max(wait, 1.0))
    return f"waiting {wait:.0f} s"


@shared_task(base=Measured, name="partnerhub.webhook_sweep")
def webhook_sweep() -> int:
    """Enqueue every endpoint and partner with a delivery due (a failed one's turn, or one the queue lost)."""
    due = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .values_list("endpoint_id", "partner_id")
        .distinct()
    )
    queues = list(due[:1000])
    for endpoint_id, partner_id in queues:
        enqueue(endpoint_id, partner_id)
    return len(queues)
