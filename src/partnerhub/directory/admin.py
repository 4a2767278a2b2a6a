"""The public profiles in the Django admin: read-only; partners change them in the portal (`directory.services`)."""

from django.contrib import admin

from partnerhub.core.admin import ReadOnlyAdmin
from partnerhub.directory.models import PartnerProfile


@admin.register(PartnerProfile)
class PartnerProfileAdmin(ReadOnlyAdmin):
    list_display = ("partner", "listed", "website", "public_email", "updated_on")
    list_filter = ("listed",)
    search_fields = ("partner__name",)
