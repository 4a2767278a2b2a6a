"""Webhooks: the endpoints managers register, the events written for them (an outbox) and each delivery."""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.billing.events import BillingEventKind
from partnerhub.compensation.events import CompensationEventKind
from partnerhub.deals.events import DealsEventKind
from partnerhub.evaluations.events import EvaluationsEventKind
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.models import Partner, PartnerEvent

if TYPE_CHECKING:
    # A label that may be lazily translated (django-stubs' name for str or a Promise).
    from django_stubs_ext import StrOrPromise


class WebhookEventType(models.TextChoices):
    """The event types an endpoint can receive, each with what it reports."""

    PARTNER_STATUS_CHANGED = (
        "partner.status_changed",
        _("A partner applied, was approved, rejected, deactivated, terminated or rejoined"),
    )
    PARTNER_CLASSIFICATION_CHANGED = "partner.classification_changed", _("A partner's classification changed")
    DEAL_REGISTERED = "deal.registered", _("A deal registration was submitted or recorded")
    DEAL_APPROVED = "deal.approved", _("A deal registration was approved")
    DEAL_REJECTED = "deal.rejected", _("A deal registration was rejected")
    DEAL_CLOSED = "deal.closed", _("An approved deal registration was closed as won or lost")
    REFERRAL_FEE_APPROVED = "referral_fee.approved", _("A referral fee was approved for payment")
    REFERRAL_FEE_PAID = "referral_fee.paid", _("A referral fee was paid")
    INVOICE_ISSUED = "invoice.issued", _("An invoice was issued")
    INVOICE_PAID = "invoice.paid", _("An invoice was paid")
    EVALUATION_DECIDED = "evaluation.decided", _("A manager decided a partner's evaluation")


EVENT_TYPES: dict[str, StrOrPromise] = dict(WebhookEventType.choices)
"""Each event type and its description, in the order the API and the portal list them."""

# The timeline entries (PartnerEvent.kind) each webhook event type is made from.
TYPE_OF_KIND: dict[str, WebhookEventType] = {
    **dict.fromkeys(
        (
            PartnersEventKind.APPLIED,
            PartnersEventKind.APPROVED,
            PartnersEventKind.REJECTED,
            PartnersEventKind.DEACTIVATED,
            PartnersEventKind.TERMINATED,
            PartnersEventKind.MEMBERSHIP_ENDED,
            PartnersEventKind.REJOINED,
        ),
        WebhookEventType.PARTNER_STATUS_CHANGED,
    ),
    PartnersEventKind.CLASSIFICATION_CHANGED: WebhookEventType.PARTNER_CLASSIFICATION_CHANGED,
    DealsEventKind.DEAL_REGISTERED: WebhookEventType.DEAL_REGISTERED,
    DealsEventKind.DEAL_REGISTRATION_APPROVED: WebhookEventType.DEAL_APPROVED,
    DealsEventKind.DEAL_REGISTRATION_REJECTED: WebhookEventType.DEAL_REJECTED,
    DealsEventKind.DEAL_WON: WebhookEventType.DEAL_CLOSED,
    DealsEventKind.DEAL_LOST: WebhookEventType.DEAL_CLOSED,
    CompensationEventKind.REFERRAL_FEE_APPROVED: WebhookEventType.REFERRAL_FEE_APPROVED,
    CompensationEventKind.REFERRAL_FEE_PAID: WebhookEventType.REFERRAL_FEE_PAID,
    BillingEventKind.INVOICE_ISSUED: WebhookEventType.INVOICE_ISSUED,
    BillingEventKind.INVOICE_PAID: WebhookEventType.INVOICE_PAID,
    EvaluationsEventKind.EVALUATION_DECIDED: WebhookEventType.EVALUATION_DECIDED,
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
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


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
