"""The kinds of timeline event the deals app records (`partnerhub.partners.history.record_event`); a
registration's own history has its kinds in `deals.models.RegistrationEventKind`."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class DealsEventKind(EventKind):
    DEAL_REGISTERED = "deal_registered"
    DEAL_REGISTRATION_APPROVED = "deal_registration_approved"
    DEAL_REGISTRATION_REJECTED = "deal_registration_rejected"
    DEAL_REGISTRATION_EXPIRED = "deal_registration_expired"
    DEAL_WON = "deal_won"
    DEAL_LOST = "deal_lost"
    DEAL_PROTECTION_EXTENSION_REQUESTED = "deal_protection_extension_requested"
    DEAL_PROTECTION_EXTENDED = "deal_protection_extended"
    DEAL_PROTECTION_EXTENSION_REFUSED = "deal_protection_extension_refused"
    REFERRAL_ORDER_RECORDED = "referral_order_recorded"
    RESALE_ORDER_RECORDED = "resale_order_recorded"
