from django.contrib import admin

from partnerhub.policystore.models import PolicyVersion, PolicyVersionEvent


class PolicyVersionEventInline(admin.TabularInline):
    model = PolicyVersionEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "message", "actor", "created_at")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
