"""Published policy versions (docs/policy.md#r1): immutable once stored; the one in force is the latest by
version date. Beside them, the drafts uploaded for preview before they are published (docs/policy.md#r1-4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PolicyVersion(models.Model):
    version_date = models.DateField(unique=True, help_text="in force from this date until a later version")
    program_year = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    source_name = models.CharField(max_length=500, help_text="the file it was loaded from")
    source_text = models.TextField(help_text="the file exactly as published")
    sha256 = models.CharField(max_length=64)
    document = models.JSONField(help_text="the validated policy, as JSON")
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("-version_date",)

    def __str__(self) -> str:
        return f"{self.title} (version {self.version_date.isoformat()})"


class PolicyVersionEvent(models.Model):
    """The history of publishing: who loaded which version, and when."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    message = models.TextField()
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class PolicyDraft(models.Model):
    """A policy version uploaded for preview (docs/policy.md#r1-4): validated like a published one, never in force
    until it is published."""

    name = models.CharField(max_length=200, help_text="the uploaded file's name")
    source_text = models.TextField()
    sha256 = models.CharField(max_length=64)
    version_date = models.DateField()
    program_year = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published = models.ForeignKey(PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it was created with in the evaluations app: the model moved, the rows did not.
        db_table = "evaluations_policydraft"
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return f"draft {self.title} (version {self.version_date.isoformat()})"
