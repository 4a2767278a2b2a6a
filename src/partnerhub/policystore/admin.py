from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from partnerhub.policystore.models import PolicyDraft, PolicyVersion, PolicyVersionEvent


class PolicyVersionEventInline(ReadOnlyTabularInline):
    model = PolicyVersionEvent
    readonly_fields = ("kind", "message", "actor", "created_at")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    """Read-only: versions are published with `partnerhub load_policy`, never edited in place."""

    list_display = ("version_date", "program_year", "title", "source_name", "loaded_at")
    readonly_fields = (
        "version_date",
        "program_year",
        "title",
        "source_name",
        "sha256",
        "loaded_at",
        "loaded_by",
        "source_text",
    )
    exclude = ("document",)
    inlines = (PolicyVersionEventInline,)


@admin.register(PolicyDraft)
class PolicyDraftAdmin(ReadOnlyAdmin):
    list_display = ("title", "version_date", "name", "uploaded_at", "published")
    readonly_fields = tuple(field.name for field in PolicyDraft._meta.fields)
