"""The kinds of timeline event the compensation app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class CompensationEventKind(EventKind):
    REFERRAL_FEE_DECIDED = "referral_fee_decided"
    REFERRAL_FEE_APPROVED = "referral_fee_approved"
    REFERRAL_FEE_PAID = "referral_fee_paid"
