"""Admin building blocks: vendor managers may look at everything in the admin; changes go through the
services (the API and the portal), so that every change leaves its timeline entry and its mail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partnerhub.core.permissions import is_manager


class ManagerReadOnlyMixin:
    """View for vendor managers (and superusers); no add, change or delete in the admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_manager(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Every field is shown, none is an input: the forms the admin builds have nothing to submit.
        declared = super().get_readonly_fields(request, obj)  # type: ignore[misc]
        opts = self.model._meta  # type: ignore[attr-defined]
        return tuple(dict.fromkeys([*declared, *(field.name for field in (*opts.fields, *opts.many_to_many))]))


class ReadOnlyAdmin(ManagerReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ManagerReadOnlyMixin, admin.TabularInline):
    extra = 0
