"""The kinds of timeline event the people app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class PeopleEventKind(EventKind):
    PERSON_ADDED = "person_added"
    PERSON_LEFT = "person_left"
    PEOPLE_IMPORTED = "people_imported"
    CERTIFICATION_ADDED = "certification_added"
    CERTIFICATION_CLAIMED = "certification_claimed"
    CERTIFICATION_VERIFIED = "certification_verified"
    CERTIFICATION_REJECTED = "certification_rejected"
    TRAINING_RECORDED = "training_recorded"
    COMPLIANCE_VERIFIED = "compliance_verified"
    COMPLIANCE_TIMELINE_SET = "compliance_timeline_set"
    COMPLIANCE_TIMELINE_COMPLETED = "compliance_timeline_completed"
    GOVERNANCE_RECORDED = "governance_recorded"
    FINANCIAL_STANDING_FLAGGED = "financial_standing_flagged"
    FINANCIAL_STANDING_CLEARED = "financial_standing_cleared"
    EXCEPTION_GRANTED = "exception_granted"
