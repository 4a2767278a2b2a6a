"""Webhooks: the endpoints managers register, the events written for them (an outbox) and each delivery."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from partnerhub.partners.models import Partner, PartnerEvent

EVENT_TYPES: dict[str, str] = {
    "partner.status_changed": "A partner applied, was approved, rejected, deactivated, terminated or rejoined",
    "partner.classification_changed": "A partner's classification changed",
    "deal.registered": "A deal registration was submitted or recorded",
    "deal.approved": "A deal registration was approved",
    "deal.rejected": "A deal registration was rejected",
    "deal.closed": "An approved deal registration was closed as won or lost",
    "referral_fee.approved": "A referral fee was approved for payment",
    "referral_fee.paid": "A referral fee was paid",
    "invoice.issued": "An invoice was issued",
    "invoice.paid": "An invoice was paid",
    "evaluation.decided": "A manager decided a partner's evaluation",
}

# The timeline entries (PartnerEvent.kind) each webhook event type is made from.
TYPE_OF_KIND: dict[str, str] = {
    **dict.fromkeys(
        ("applied", "approved", "rejected", "deactivated", "terminated", "membership_ended", "rejoined"),
        "partner.status_changed",
    ),
    "classification_changed": "partner.classification_changed",
    "deal_registered": "deal.registered",
    "deal_registration_approved": "deal.approved",
    "deal_registration_rejected": "deal.rejected",
    "deal_won": "deal.closed",
    "deal_lost": "deal.closed",
    "referral_fee_approved": "referral_fee.approved",
    "referral_fee_paid": "referral_fee.paid",
    "invoice_issued": "invoice.issued",
    "invoice_paid": "invoice.paid",
    "evaluation_decided": "evaluation.decided",
}


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A URL that receives the chosen events: of one partner, or (partner empty) of every partner."""

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(help_text="the event types it receives")
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url

    def receives(self, event_type: str, partner_id: int) -> bool:
        return self.active and event_type in self.events and self.partner_id in (None, partner_id)


class WebhookEvent(models.Model):
    """One event, written in the transaction of the change it reports (so none is lost or sent for a change
    that rolled back)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=60)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    source = models.OneToOneField(PartnerEvent, on_delete=models.CASCADE, related_name="+")
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.type} ({self.key})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    FAILED = "failed", "failed"


class Delivery(models.Model):
    """One event for one endpoint; delivered in the order of the events, per endpoint and partner."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = (models.Index(fields=("endpoint", "partner", "status", "event")),)

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.status})"


class Attempt(models.Model):
    """One HTTP request of a delivery and what the endpoint answered."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response = models.TextField(blank=True, help_text="the response body's start, or the error")
    seconds = models.FloatField()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.status_code or 'error'} at {self.at.isoformat()}"
