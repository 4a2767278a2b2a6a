"""The kinds of timeline event the benefits app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class BenefitsEventKind(EventKind):
    BENEFIT_REQUESTED = "benefit_requested"
    BENEFIT_FULFILLED = "benefit_fulfilled"
    BENEFIT_DECLINED = "benefit_declined"
    DEMONSTRATION_RECORDED = "demonstration_recorded"
    DEMONSTRATION_ADVISED = "demonstration_advised"
    DEMONSTRATION_NOTICE_MISSING = "demonstration_notice_missing"
    WEB_LEAD_OFFERED = "web_lead_offered"
    WEB_LEAD_ACCEPTED = "web_lead_accepted"
    WEB_LEAD_DECLINED = "web_lead_declined"
    WEB_LEAD_CLOSED = "web_lead_closed"
    MARKETING_ACCESS_GRANTED = "marketing_access_granted"
    MARKETING_ACCESS_REVOKED = "marketing_access_revoked"
    MARKETING_REVIEW_RECORDED = "marketing_review_recorded"
    MARKETING_PAYMENT_RECORDED = "marketing_payment_recorded"
    MARKETING_DOCUMENT_ADDED = "marketing_document_added"
    MARKETPLACE_LISTING_SUBMITTED = "marketplace_listing_submitted"
    MARKETPLACE_LISTING_REVIEWED = "marketplace_listing_reviewed"
    MARKETPLACE_LISTING_PUBLISHED = "marketplace_listing_published"
    MARKETPLACE_LISTING_WITHDRAWN = "marketplace_listing_withdrawn"
    TRADEMARK_USAGE_REQUESTED = "trademark_usage_requested"
    TRADEMARK_USAGE_APPROVED = "trademark_usage_approved"
    TRADEMARK_USAGE_REJECTED = "trademark_usage_rejected"
    TRADEMARK_USAGE_WITHDRAWN = "trademark_usage_withdrawn"
    PRODUCT_SUBSCRIPTION_GRANTED = "product_subscription_granted"
    PRODUCT_SUBSCRIPTION_REVOKED = "product_subscription_revoked"
