from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from partnerhub.partners.models import (
    ClassificationChange,
    NonRenewalNotice,
    Partner,
    PartnerEvent,
    PartnerUser,
    WorkItem,
)


class PartnerUserInline(ReadOnlyTabularInline):
    model = PartnerUser
    fields = ("user", "representative")


class ClassificationChangeInline(ReadOnlyTabularInline):
    model = ClassificationChange
    fk_name = "partner"
    fields = ("changed_on", "from_classification", "to_classification", "changed_by", "reason", "notice", "notice_on")
    readonly_fields = fields


class PartnerEventInline(ReadOnlyTabularInline):
    model = PartnerEvent
    fields = ("created_at", "effective_on", "kind", "section", "actor", "message", "policy_version")
    readonly_fields = fields


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "classification", "status", "approved_on", "qualification_deadline")
    list_filter = ("status", "classification", "kind")
    search_fields = ("name", "contact_email")
    inlines = (PartnerUserInline, ClassificationChangeInline, PartnerEventInline)


@admin.register(PartnerEvent)
class PartnerEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "partner", "kind", "section", "actor", "effective_on")
    list_filter = ("kind",)
    search_fields = ("partner__name", "message")


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    list_display = ("opened_on", "partner", "kind", "section", "resolved_on")
    list_filter = ("kind", ("resolved_on", admin.EmptyFieldListFilter))


@admin.register(NonRenewalNotice)
class NonRenewalNoticeAdmin(ReadOnlyAdmin):
    list_display = ("received_on", "partner", "in_time", "ends_after_program_year")
