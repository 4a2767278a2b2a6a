"""Deal registrations, the opportunities they name, conflicts between them, and orders (§7.3, docs/policy.md#r8-3).

An opportunity is its end customer and title after normalization (`policy.opportunity.opportunity_key`);
registrations and orders of the same opportunity point at one `Opportunity` row. Only one registration of
an opportunity may be approved (or won): the database enforces it with a partial unique index, so two
managers approving competing registrations at the same moment cannot both win.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Opportunity(models.Model):
    """One sales opportunity at one end customer, as identified by its normalized key (§7.3)."""

    key = models.CharField(max_length=600, unique=True, help_text="normalized `customer|title` (§7.3)")
    end_customer = models.CharField(max_length=200, help_text="as first named")
    title = models.CharField(max_length=200, help_text="as first named")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return f"{self.end_customer}: {self.title}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    EXPIRED = "expired", _("Expired")


WINNING_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.WON)
"""The statuses of the one registration an opportunity may have approved (docs/policy.md#r8-3)."""
APPROVED_STATUSES = (*WINNING_STATUSES, RegistrationStatus.LOST)
"""Registrations the vendor approved that reached no expiry (some of them have since been won or lost)."""
OPEN_STATUSES = (RegistrationStatus.PENDING, *WINNING_STATUSES)
"""Registrations still claiming their opportunity: a partner may not register it again meanwhile."""


class RegistrationChannel(models.TextChoices):
    PARTNERHUB = "partnerhub", _("Submitted in Partnerhub by a representative")
    EMAIL = "email", _("Received by email, recorded by a vendor manager")


class Registration(models.Model):
    """A partner's deal registration: a qualified lead for one opportunity (§7.3)."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="deal_registrations")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="registrations")
    end_customer = models.CharField(max_length=200)
    title = models.CharField(max_length=200, help_text="the opportunity as the partner named it")
    # Normalised when written (with the policy in force on the submission date), so that a duplicate review
    # compares stored strings instead of normalising every registration again (docs/performance.md).
    opportunity_key = models.CharField(
        max_length=600, blank=True, editable=False, help_text="normalized `customer|title` when written (§7.3)"
    )
    customer_key = models.CharField(
        max_length=200, blank=True, editable=False, help_text="the normalized end customer when written (§7.3)"
    )
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)

    # The lead's contact person: personal data (§7.3, docs/policy.md#r12-2), blanked on erasure.
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    consent_confirmed = models.BooleanField(
        help_text="the submitter confirmed that the data subjects were notified and consented (§7.3)"
    )
    consent_confirmed_at = models.DateTimeField()
    consent_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    channel = models.CharField(max_length=20, choices=RegistrationChannel.choices)
    received_from = models.CharField(
        max_length=254, blank=True, help_text="for a registration received by email: who sent it"
    )
    submitted_on = models.DateField(help_text="the day the partner submitted it (or the email was received)")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    policy_version = models.DateField(help_text="the policy version its admission was decided under")
    admission = models.JSONField(help_text="the reasons it was admitted, with their sections")

    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # Deal protection (docs/policy.md#r8-4): null while the approval's policy sets no window.
    protected_until = models.DateField(
        null=True, blank=True, help_text="the last day the approval protects the opportunity (extensions included)"
    )
    expired_on = models.DateField(null=True, blank=True, help_text="the day its protection lapsed (the tick)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-submitted_on", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("opportunity",),
                condition=Q(status__in=WINNING_STATUSES),
                name="one_approved_registration_per_opportunity",
                violation_error_message="This opportunity already has an approved registration.",
            ),
            models.CheckConstraint(condition=Q(status__in=RegistrationStatus.values), name="registration_status_known"),
            models.CheckConstraint(
                condition=Q(channel__in=RegistrationChannel.values), name="registration_channel_known"
            ),
            models.CheckConstraint(condition=Q(consent_confirmed=True), name="registration_consent_confirmed"),
            models.CheckConstraint(condition=Q(estimated_value__gte=0), name="registration_value_not_negative"),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.PENDING) | Q(decided_on__isnull=False),
                name="registration_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=(RegistrationStatus.WON, RegistrationStatus.LOST)) | Q(closed_on__isnull=False),
                name="registration_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.EXPIRED) | Q(expired_on__isnull=False),
                name="registration_expired_has_date",
            ),
        )
        # For the lists' orders and filters (docs/performance.md). On PostgreSQL also trigram indexes for the
        # duplicate review and the search (migrations 0003 and 0004; SQLite has no trigram indexes).
        indexes = (
            models.Index(fields=("partner", "status")),
            models.Index(fields=("contact_email",)),
            models.Index(fields=("opportunity_key",)),
            models.Index(fields=("submitted_on", "id"), name="registration_submitted"),
            models.Index(fields=("status", "submitted_on", "id"), name="registration_status_submitted"),
            models.Index(fields=("partner", "submitted_on", "id"), name="registration_partner_submitted"),
            # The tick's expiry and reminders: approved registrations by the end of their window.
            models.Index(fields=("status", "protected_until"), name="registration_protection"),
        )

    def __str__(self) -> str:
        return f"#{self.pk} {self.end_customer}: {self.title} ({self.partner_id}, {self.status})"


class RegistrationConflict(models.Model):
    """Two partners registered the same opportunity: flagged to the vendor's managers, never to partners."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="conflicts")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="conflicts")
    other = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="conflicted_by")
    detected_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-detected_on", "-id")
        constraints = (models.UniqueConstraint(fields=("registration", "other"), name="registration_conflict_once"),)

    def __str__(self) -> str:
        return f"#{self.registration_id} conflicts with #{self.other_id}"


class RegistrationEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RECORDED = "recorded", _("Recorded from an email")
    CONFLICT_FLAGGED = "conflict_flagged", _("Conflict flagged")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    NOTIFIED = "notified", _("Partner notified")
    ORDER_PLACED = "order_placed", _("Order placed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    EXPIRED = "expired", _("Protection expired")


class RegistrationEvent(models.Model):
    """One entry of a registration's timeline (like Saleor's OrderEvent)."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=RegistrationEventKind.choices)
    on = models.DateField(help_text="the business date it happened on")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField()
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    vendor_only = models.BooleanField(
        default=False, help_text="about other partners' registrations: never shown to partner users (§7.3)"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    LAPSED = "lapsed", _("Lapsed with the registration")


class ProtectionExtension(models.Model):
    """A partner's request to extend its registration's protection window, and the vendor's answer
    (docs/policy.md#r8-4)."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="extensions")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="why the partner needs more time")
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    until_before = models.DateField(help_text="the last protected day when it was asked")
    status = models.CharField(max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    until_after = models.DateField(null=True, blank=True, help_text="the new last protected day, when granted")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-requested_on", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("registration",),
                condition=Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_per_registration",
                violation_error_message="This registration already has an extension request awaiting an answer.",
            ),
            models.CheckConstraint(condition=Q(status__in=ExtensionStatus.values), name="extension_status_known"),
        )
        indexes = (models.Index(fields=("status", "requested_on"), name="extension_status_requested"),)

    def __str__(self) -> str:
        return f"extension of #{self.registration_id} ({self.status})"


class OrderChannel(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    RESALE = "resale", _("Resale")


class OrderSource(models.TextChoices):
    API = "api", _("Recorded through the API")
    CSV = "csv", _("Imported from CSV")
    DEMO = "demo", _("Demo data")


class Order(models.Model):
    """An order placed by the end customer for an opportunity; after it, no registration is considered (§7.3)."""

    opportunity = models.OneToOneField(Opportunity, on_delete=models.PROTECT, related_name="order")
    end_customer = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    ordered_on = models.DateField()
    first_year_net_revenue = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    channel = models.CharField(max_length=20, choices=OrderChannel.choices)
    net_new = models.BooleanField(help_text="the end customer is net-new business (§7.2)")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    source = models.CharField(max_length=10, choices=OrderSource.choices, default=OrderSource.API)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-ordered_on", "-id")
        indexes = (models.Index(fields=("ordered_on", "id"), name="order_ordered"),)
        constraints = (
            models.CheckConstraint(condition=Q(channel__in=OrderChannel.values), name="order_channel_known"),
            models.CheckConstraint(condition=Q(first_year_net_revenue__gte=0), name="order_revenue_not_negative"),
            models.CheckConstraint(
                condition=Q(channel=OrderChannel.REFERRAL) | Q(partner__isnull=False),
                name="order_resale_has_partner",
            ),
        )

    def __str__(self) -> str:
        return f"order #{self.pk} {self.end_customer}: {self.title} on {self.ordered_on.isoformat()}"


class OpenPipeline(models.Model):
    """The open registrations (pending and approved) summed by what the pipeline report groups them by: the
    partner's regions, the deal's country, status and currency.

    On PostgreSQL kept up to date by the database itself, in the statement that changes a registration or a
    partner's regions (triggers of migration `deals.0006`), so no write path can forget it and the report reads
    a few rows instead of every open registration (docs/performance.md). Not kept on SQLite, where the report
    sums the registrations themselves (a small programme)."""

    regions = models.JSONField(help_text="the partner's authorized regions")
    country = models.CharField(max_length=2)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=20, decimal_places=2, help_text="the sum of the estimated values")
    registrations = models.IntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("regions", "country", "status", "currency"), name="open_pipeline_key"),
        )

    def __str__(self) -> str:
        return f"{self.registrations} {self.status} in {self.country} ({self.regions}): {self.total} {self.currency}"
