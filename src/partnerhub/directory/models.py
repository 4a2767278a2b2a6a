"""A partner's public profile (docs/directory.md): whether it chose to be listed in the public directory, and the
little it chose to publish there. Nothing here is private: every field is shown to anyone once listed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

DESCRIPTION_MAX = 2000


class PartnerProfile(models.Model):
    """What a partner publishes in the directory. Written only by `directory.services.profile_update`."""

    partner = models.OneToOneField("partners.Partner", on_delete=models.PROTECT, related_name="directory_profile")
    listed = models.BooleanField(
        default=False, help_text="the partner chose to be listed (opt-in: nothing is published without its choice)"
    )
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX, help_text="public description")
    website = models.URLField(blank=True, help_text="public web site (http or https)")
    public_email = models.EmailField(blank=True, help_text="public contact address")
    updated_on = models.DateField(help_text="the day of the latest change")

    class Meta:
        ordering = ("partner_id",)
        # The directory starts from the listed profiles only (docs/architecture.md#rule-11).
        indexes = (models.Index(fields=("partner",), condition=Q(listed=True), name="directory_listed_profile"),)

    def __str__(self) -> str:
        return f"{self.partner_id}: {'listed' if self.listed else 'not listed'}"
