from django.contrib import admin

from partnerhub.partners.models import Partner, PartnerUser


class PartnerUserInline(admin.TabularInline):
    model = PartnerUser
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "classification", "status", "created_at")
    list_filter = ("status", "classification", "kind")
    search_fields = ("name",)
    inlines = (PartnerUserInline,)
