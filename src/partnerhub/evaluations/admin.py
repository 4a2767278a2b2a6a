from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin
from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Notice


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdmin):
    """Read-only: runs are made through the API (`POST /api/v1/evaluations/`)."""

    list_display = ("period", "sequence", "as_of", "notification_due", "policy_version", "partners_count", "seconds")
    list_filter = ("year", "quarter")
    readonly_fields = tuple(field.name for field in EvaluationRun._meta.fields)


@admin.register(EvaluationDecision)
class EvaluationDecisionAdmin(ReadOnlyAdmin):
    list_display = ("scorecard", "outcome", "target", "accepted", "decided_on", "decided_by")
    list_filter = ("outcome", "accepted")
    raw_id_fields = ("scorecard",)
    readonly_fields = tuple(field.name for field in EvaluationDecision._meta.fields)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("period", "partner", "kind", "status", "notify_by", "sent_on", "effective_on", "applied_on")
    list_filter = ("status", "kind", "period")
    search_fields = ("partner__name",)
    readonly_fields = tuple(field.name for field in Notice._meta.fields)
