"""Admin for the people app: managers browse and search everything, read-only; the API and services are the
way to write, so that every change is validated and leaves an event on the partner's timeline
(docs/architecture.md#rule-3)."""

from __future__ import annotations

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from partnerhub.people.models import (
    Certification,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)


class CertificationInline(ReadOnlyTabularInline):
    model = Certification
    fields = readonly_fields = ("kind", "product", "earned_on", "expires_on", "created_by", "created_at")


class TrainingInline(ReadOnlyTabularInline):
    model = TrainingRecord
    fields = readonly_fields = ("kind", "completed_on", "created_by", "created_at")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "email", "partner", "region", "roles", "joined_on", "left_on")
    list_filter = ("region",)
    search_fields = ("name", "email", "partner__name")
    list_select_related = ("partner",)
    inlines = (CertificationInline, TrainingInline)


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "product", "earned_on", "expires_on")
    list_filter = ("kind", "product")
    search_fields = ("person__name", "person__email", "person__partner__name")
    date_hierarchy = "expires_on"
    list_select_related = ("person",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "completed_on")
    list_filter = ("kind",)
    search_fields = ("person__name", "person__email")
    list_select_related = ("person",)


@admin.register(ComplianceVerification)
class ComplianceVerificationAdmin(ReadOnlyAdmin):
    list_display = ("partner", "verified_on", "created_by")
    search_fields = ("partner__name",)
    list_select_related = ("partner", "created_by")


@admin.register(ComplianceTimeline)
class ComplianceTimelineAdmin(ReadOnlyAdmin):
    list_display = ("partner", "requirement", "section", "communicated_on", "due_on", "completed_on")
    list_filter = ("section",)
    search_fields = ("partner__name", "requirement")
    list_select_related = ("partner",)


@admin.register(GovernanceRecord)
class GovernanceRecordAdmin(ReadOnlyAdmin):
    list_display = ("partner", "kind", "effective_on", "valid_until")
    list_filter = ("kind",)
    search_fields = ("partner__name",)
    list_select_related = ("partner",)


@admin.register(FinancialStandingChange)
class FinancialStandingChangeAdmin(ReadOnlyAdmin):
    list_display = ("partner", "flagged", "effective_on", "reason", "created_by")
    list_filter = ("flagged",)
    search_fields = ("partner__name", "reason")
    list_select_related = ("partner", "created_by")


@admin.register(StandingException)
class StandingExceptionAdmin(ReadOnlyAdmin):
    list_display = ("partner", "qualification", "starts_on", "ends_on", "approved_by")
    list_filter = ("qualification",)
    search_fields = ("partner__name", "reason", "approved_by")
    list_select_related = ("partner",)
