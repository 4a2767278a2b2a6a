"""The kinds of timeline event the funds app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class FundsEventKind(EventKind):
    MARKETING_FUND_ALLOCATED = "marketing_fund_allocated"
    MARKETING_PLAN_SUBMITTED = "marketing_plan_submitted"
    MARKETING_PLAN_APPROVED = "marketing_plan_approved"
    MARKETING_PLAN_DECLINED = "marketing_plan_declined"
    MARKETING_CLAIM_SUBMITTED = "marketing_claim_submitted"
    MARKETING_CLAIM_PROOF_ADDED = "marketing_claim_proof_added"
    MARKETING_CLAIM_APPROVED = "marketing_claim_approved"
    MARKETING_CLAIM_REJECTED = "marketing_claim_rejected"
