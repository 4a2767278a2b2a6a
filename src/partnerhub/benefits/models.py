"""Benefits a partner requests (§5.1), the Amelia Marketplace (§3.0), leads from the web (§5.1), the
licenses of §10 (product subscriptions, marketing services, trademark) and demonstration notices (§9.1).

Every object belongs to one partner (leads reach partners through their offers) and is read through
`selectors.py`, which scopes by `partners.selectors.visible_to`; every write goes through `services.py`,
which records a `PartnerEvent` in the same transaction. Decisions keep the policy version and the reasons
(`reasons`: [{"code", "section", "message", "met"}]) they were taken on.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerhub.partners.models import Partner

USER = settings.AUTH_USER_MODEL


def _known(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class Decided(models.Model):
    """The policy version and the reasons a decision about this object was taken on."""

    policy_version = models.DateField(help_text="version date of the policy applied")
    reasons = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


# --- Benefit requests (§5.1, docs/policy.md#r6-1) ----------------------------------------------------------------


class BenefitRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")


class BenefitRequest(Decided):
    """A request for a benefit that is provided on request (sandbox, classroom training, advisory services,
    POC support, demonstration-center reservation), then fulfilled or declined by a manager."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="benefit_requests")
    benefit = models.CharField(max_length=60, help_text="the benefit's key in the policy")
    benefit_label = models.CharField(max_length=200)
    details = models.TextField(blank=True, help_text="what the partner needs, e.g. dates and attendees")
    may_cost = models.BooleanField(default=False)
    acknowledged_cost = models.BooleanField(default=False, help_text="the partner saw the cost notice")
    notes = models.JSONField(default=list, blank=True, help_text="the notes shown before the request was sent")
    status = models.CharField(
        max_length=20, choices=BenefitRequestStatus.choices, default=BenefitRequestStatus.REQUESTED
    )
    requested_on = models.DateField()
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_note = models.TextField(blank=True, help_text="how it was fulfilled, or why it was declined")

    class Meta:
        ordering = ("-requested_on", "-id")
        constraints = (
            _known("status", BenefitRequestStatus, "benefit_request_status_known"),
            models.CheckConstraint(
                condition=Q(may_cost=False) | Q(acknowledged_cost=True), name="benefit_request_cost_acknowledged"
            ),
            models.CheckConstraint(
                condition=~Q(status=BenefitRequestStatus.DECLINED) | ~Q(decision_note=""),
                name="benefit_request_decline_has_reason",
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: {self.benefit_label} ({self.status})"


# --- Amelia Marketplace (§3.0) --------------------------------------------------------------------------


class ListingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved (meets the set standards)")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MarketplaceListing(Decided):
    """A Solution partner's productized solution, reviewed against the set standards before publication."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="marketplace_listings")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    product = models.CharField(max_length=20, help_text="the product line it is built on")
    url = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=ListingStatus.choices, default=ListingStatus.SUBMITTED)
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-submitted_on", "-id")
        constraints = (_known("status", ListingStatus, "marketplace_listing_status_known"),)

    def __str__(self) -> str:
        return f"{self.title} ({self.partner})"


class ListingReview(Decided):
    """One review of a listing: the checklist of standards as answered, and whether all were met."""

    listing = models.ForeignKey(MarketplaceListing, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    checklist = models.JSONField(help_text="{standard: met}")
    passed = models.BooleanField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("reviewed_on", "id")

    def __str__(self) -> str:
        return f"{self.listing}: {'passed' if self.passed else 'changes requested'} on {self.reviewed_on}"


# --- Leads from the web (§5.1) --------------------------------------------------------------------------


class WebLead(models.Model):
    """A lead the vendor received (from its web site), to be offered to entitled partners."""

    end_customer = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    product = models.CharField(max_length=20)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)
    received_on = models.DateField()
    received_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-received_on", "-id")

    def __str__(self) -> str:
        return f"{self.end_customer} ({self.country}, {self.product})"


class LeadOfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed (another partner accepted)")


class LeadOffer(Decided):
    """A lead offered to one partner; at most one offer per lead is ever accepted (a database constraint)."""

    lead = models.ForeignKey(WebLead, on_delete=models.PROTECT, related_name="offers")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="lead_offers")
    status = models.CharField(max_length=20, choices=LeadOfferStatus.choices, default=LeadOfferStatus.OFFERED)
    offered_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-offered_on", "-id")
        constraints = (
            _known("status", LeadOfferStatus, "lead_offer_status_known"),
            models.UniqueConstraint(fields=("lead", "partner"), name="lead_offer_once_per_partner"),
            models.UniqueConstraint(
                fields=("lead",), condition=Q(status=LeadOfferStatus.ACCEPTED), name="lead_accepted_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.lead} -> {self.partner} ({self.status})"


# --- Product subscriptions (§10.1) -------------------------------------------------------------------------


class SubscriptionPurpose(models.TextChoices):
    DEMONSTRATION = "demonstration", _("Demonstration to potential customers")
    TRAINING = "training", _("Training on the use of the products")


class ProductSubscription(Decided):
    """Log-in credentials to a product given to one named partner user, for demonstration or training only.

    The secret itself never enters this database: `credential_reference` says where it is kept (a vault
    path, a ticket) and `login_hint` which account it is.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="product_subscriptions")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="product_subscriptions")
    product = models.CharField(max_length=20)
    purpose = models.CharField(max_length=20, choices=SubscriptionPurpose.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    login_hint = models.CharField(max_length=200, blank=True, help_text="the account name, never the password")
    credential_reference = models.CharField(
        max_length=300, help_text="where the secret is kept, e.g. vault://partners/acme/amelia-demo"
    )
    granted_on = models.DateField()
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    revoked_on = models.DateField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-starts_on", "-id")
        constraints = (
            _known("purpose", SubscriptionPurpose, "product_subscription_purpose_known"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="subscription_period"),
        )

    def __str__(self) -> str:
        return f"{self.product} for {self.user} ({self.purpose})"

    def active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on and (self.revoked_on is None or day < self.revoked_on)


# --- Marketing services (§10.2) --------------------------------------------------------------------------


class GranteeKind(models.TextChoices):
    PARTNER_STAFF = "partner_staff", _("The partner's own staff")
    THIRD_PARTY = "third_party", _("A third party acting for the partner")


class MarketingAccessGrant(models.Model):
    """Access to the Marketing Services for a partner user or a third party acting for the partner; the
    partner is responsible for the third party's use (§10.2), so the responsible partner user is named."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="marketing_grants")
    grantee_kind = models.CharField(max_length=20, choices=GranteeKind.choices)
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="partner staff"
    )
    third_party_name = models.CharField(max_length=200, blank=True)
    third_party_contact = models.EmailField(blank=True)
    responsible = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", help_text="the partner user answerable for this access"
    )
    scope = models.TextField(help_text="which programs, materials or tools, for which campaigns")
    granted_on = models.DateField()
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    revoked_on = models.DateField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    policy_version = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-granted_on", "-id")
        constraints = (
            _known("grantee_kind", GranteeKind, "marketing_grantee_kind_known"),
            models.CheckConstraint(
                condition=(Q(grantee_kind=GranteeKind.PARTNER_STAFF) & Q(user__isnull=False))
                | (Q(grantee_kind=GranteeKind.THIRD_PARTY) & ~Q(third_party_name="")),
                name="marketing_grant_names_its_grantee",
            ),
        )

    def __str__(self) -> str:
        return f"{self.grantee} ({self.partner})"

    @property
    def grantee(self) -> str:
        if self.grantee_kind == GranteeKind.THIRD_PARTY:
            return self.third_party_name
        return str(self.user)


class ReviewOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    CHANGES_REQUIRED = "changes_required", _("Changes required")
    DISCONTINUE = "discontinue", _("Discontinue the use")


class MarketingReview(models.Model):
    """The vendor's review of the partner's use of the Marketing Services (§10.2)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="marketing_reviews")
    grant = models.ForeignKey(
        MarketingAccessGrant, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    subject = models.CharField(max_length=300, help_text="what was reviewed, e.g. a campaign or a page")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    required_changes = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="by when the partner must comply")
    policy_version = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-reviewed_on", "-id")
        constraints = (
            _known("outcome", ReviewOutcome, "marketing_review_outcome_known"),
            models.CheckConstraint(
                condition=Q(outcome=ReviewOutcome.COMPLIANT) | ~Q(required_changes=""),
                name="marketing_review_says_what_to_change",
            ),
        )

    def __str__(self) -> str:
        return f"{self.partner}: {self.subject} ({self.outcome})"


class MarketingPayment(models.Model):
    """A payment to the partner under the Marketing Services; the partner keeps records of its basis and
    provides copies (§10.2), attached as documents."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="marketing_payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    paid_on = models.DateField()
    basis = models.TextField(help_text="what the payment is for")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-paid_on", "-id")
        constraints = (models.CheckConstraint(condition=Q(amount__gt=0), name="marketing_payment_positive"),)

    def __str__(self) -> str:
        return f"{self.partner}: {self.amount} {self.currency} on {self.paid_on}"


def _document_path(document: MarketingDocument, filename: str) -> str:
    return f"marketing/{document.payment.partner_id}/{document.payment_id}/{filename}"


class MarketingDocument(models.Model):
    """A copy of a record supporting a marketing payment; the file lives under MEDIA_ROOT."""

    payment = models.ForeignKey(MarketingPayment, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60, help_text="as sniffed from the content")
    size = models.PositiveIntegerField()
    uploaded_on = models.DateField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_on", "id")

    def __str__(self) -> str:
        return self.original_name


# --- Trademark license (§10.3) ---------------------------------------------------------------------------


class TrademarkUsageStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved in writing")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Approval withdrawn")


class TrademarkUsage(Decided):
    """One use of the vendor's marks (which mark, where, in which territory, when), with its prior written
    approval. Valid only while approved, inside its period and before a withdrawal takes effect."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="trademark_usages")
    mark = models.CharField(max_length=200, help_text="the mark, e.g. the partner program logo")
    medium = models.CharField(max_length=300, help_text="where it is used, e.g. web site, brochure, event booth")
    territory = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=TrademarkUsageStatus.choices, default=TrademarkUsageStatus.REQUESTED
    )
    requested_on = models.DateField()
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    written_approval = models.TextField(blank=True, help_text="the vendor's written approval, as sent")
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-requested_on", "-id")
        constraints = (
            _known("status", TrademarkUsageStatus, "trademark_usage_status_known"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="trademark_usage_period"),
            models.CheckConstraint(
                condition=~Q(status__in=(TrademarkUsageStatus.APPROVED, TrademarkUsageStatus.WITHDRAWN))
                | ~Q(written_approval=""),
                name="trademark_usage_approved_in_writing",
            ),
        )

    def __str__(self) -> str:
        return f"{self.mark} on {self.medium} in {self.territory} ({self.partner})"


class TrademarkWithdrawal(models.Model):
    """The vendor's written notice withdrawing an approval; effective promptly, never later than the
    policy's limit after the notice (30 days in 2019, §10.3)."""

    usage = models.OneToOneField(TrademarkUsage, on_delete=models.PROTECT, related_name="withdrawal")
    notice_on = models.DateField()
    effective_on = models.DateField()
    latest_effective_on = models.DateField(help_text="notice date plus the policy's maximum")
    reason = models.TextField()
    withdrawn_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty when the approval ended with a membership the system ended (§10.3)",
    )
    policy_version = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.CheckConstraint(
                condition=Q(effective_on__gte=models.F("notice_on"))
                & Q(effective_on__lte=models.F("latest_effective_on")),
                name="trademark_withdrawal_within_window",
            ),
        )

    def __str__(self) -> str:
        return f"withdrawal of {self.usage} from {self.effective_on}"


# --- Demonstrations (§9.1, docs/policy.md#r10-3) ---------------------------------------------------------------------


class Demonstration(Decided):
    """A demonstration of the products to a prospect. A notice to the vendor is required when the prospect's
    sales force or customer-service group is larger than the policy's limit; a demonstration that needs one
    and has none given on or before its date is flagged to the managers."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="demonstrations")
    prospect = models.CharField(max_length=200)
    demo_on = models.DateField()
    sales_force = models.PositiveIntegerField()
    customer_service_group = models.PositiveIntegerField()
    notice_required = models.BooleanField()
    advised_on = models.DateField(null=True, blank=True, help_text="when the vendor was advised (the notice)")
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("demo_on", "id")

    def __str__(self) -> str:
        return f"{self.partner}: {self.prospect} on {self.demo_on}"

    @property
    def notice_missing(self) -> bool:
        return self.notice_required and (self.advised_on is None or self.advised_on > self.demo_on)


NOTICE_MISSING = Q(notice_required=True) & (Q(advised_on__isnull=True) | Q(advised_on__gt=models.F("demo_on")))
"""Demonstrations that needed a notice and have none given on or before the day (the `notice_missing` rule)."""
