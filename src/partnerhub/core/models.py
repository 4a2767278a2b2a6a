"""What the background machinery keeps in the database: mail to send, jobs and their results, named locks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.utils.module_loading import import_string


class OutboundMail(models.Model):
    """One message of the program's mail, written in the transaction that decided it (an outbox).

    The row is the message: a job sends it after the commit, marks it sent under a row lock (so it is
    never sent twice), and a failed attempt leaves it pending for the next one (so it is never lost).
    The attachment, when there is one, is rendered by `attachment_renderer(attachment_ref)` at sending
    time: PDF letters are rendered by the job, not by the request.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachment_renderer = models.CharField(max_length=200, blank=True)
    attachment_ref = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (
            models.Index(
                fields=("next_attempt_at",), name="core_mail_pending", condition=models.Q(sent_at__isnull=True)
            ),
        )

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    def message(self) -> EmailMessage:
        # The key travels as Message-ID, so that a receiving system can drop a duplicate as well.
        message = EmailMessage(
            subject=self.subject, body=self.body, to=list(self.to), headers={"Message-ID": f"<{self.key}@partnerhub>"}
        )
        if self.attachment_renderer:
            filename, content, mimetype = import_string(self.attachment_renderer)(self.attachment_ref)
            message.attach(filename, content, mimetype)
        return message


class JobStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class Job(models.Model):
    """A long piece of work a user started (an evaluation run, a policy preview, an import): its state and
    result, for the page that shows its progress. The progress itself is in the cache (`core.background`), since
    the work writes in a transaction of its own that nobody sees before it ends."""

    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"


class Lock(models.Model):
    """A named lock for databases without advisory locks (SQLite): the row exists while someone holds it.
    A holder that died leaves it behind; it expires at `expires_at`."""

    name = models.CharField(max_length=100, unique=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"
