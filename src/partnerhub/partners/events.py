"""The kinds of timeline event the partners app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class PartnersEventKind(EventKind):
    # The lifecycle (docs/policy.md): each changes the partner's status or terms.
    APPLIED = "applied"
    ROUTED_TO_MANAGER = "routed_to_manager"
    APPROVED = "approved"
    REJECTED = "rejected"
    REGISTERED = "registered"
    DEACTIVATED = "deactivated"
    TERMINATED = "terminated"
    REJOINED = "rejoined"
    CLASSIFICATION_CHANGED = "classification_changed"
    TERMS_CHANGED = "terms_changed"
    # The Program Year's renewal and its notices.
    RENEWED = "renewed"
    MEMBERSHIP_ENDED = "membership_ended"
    NON_RENEWAL_NOTICE = "non_renewal_notice"
    NON_RENEWAL_NOTICE_WITHDRAWN = "non_renewal_notice_withdrawn"
    # The partner's users.
    USER_ADDED = "user_added"
    USER_INVITED = "user_invited"
    USER_DEACTIVATED = "user_deactivated"
    REPRESENTATIVE_MARKED = "representative_marked"
    REPRESENTATIVE_UNMARKED = "representative_unmarked"
    # Reminders and the managers' work items.
    REMINDER_SENT = "reminder_sent"
    DEACTIVATION_DUE = "deactivation_due"
    WORK_ITEM_RESOLVED = "work_item_resolved"
