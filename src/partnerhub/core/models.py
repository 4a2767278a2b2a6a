"""What the core keeps: the security event log, and what the background machinery needs (mail to send,
jobs and their results, named locks).

The security event log says who signed in, failed, was locked out, changed MFA, got or lost a token, was
refused, exported or opened personal data. Written by `partnerhub.core.security.record_security_event`;
read by vendor managers (API and console). Never edited."""

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    LOCKED_OUT = "locked_out", _("Locked out")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    MFA_ADDED = "mfa_added", _("Multi-factor sign-in set up")
    MFA_REMOVED = "mfa_removed", _("Multi-factor sign-in removed")
    MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
    MFA_FAILED = "mfa_failed", _("Wrong multi-factor code")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    PERMISSION_DENIED = "permission_denied", _("Permission refused")
    EXPORT = "export", _("Data exported")
    PERSONAL_DATA = "personal_data", _("Personal data opened")
    LANGUAGE_CHANGED = "language_changed", _("Language changed")


class SecurityEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=SecurityEventKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="security_events",
        help_text="the signed-in user the event is about, if any",
    )
    username = models.CharField(max_length=150, blank=True, help_text="the user name given, e.g. on a failed sign-in")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        indexes = (models.Index(fields=["user", "-at"]),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class LanguagePreference(models.Model):
    """The language a user chose for the portal (a manager or a partner's user alike), written only by
    `core.languages.choose_language`. No row, or an empty `language`, means the browser's language
    (Accept-Language), then English (docs/languages.md)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="language_preference"
    )
    language = models.CharField(
        max_length=10, blank=True, help_text="a code of settings.LANGUAGES; empty: the browser's language"
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or 'browser'}"


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
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


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


class JobResultRow(models.Model):
    """One row of a job's result too long for one answer (every partner's standing, a policy preview's
    partners): written by the job, read a page at a time by position (`GET /api/v1/jobs/{id}/results/`)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        ordering = ("job", "position")
        constraints = (models.UniqueConstraint(fields=("job", "position"), name="job_result_row_position"),)

    def __str__(self) -> str:
        return f"{self.job_id}#{self.position}"


class Lock(models.Model):
    """A named lock for databases without advisory locks (SQLite): the row exists while someone holds it.
    A holder that died leaves it behind; it expires at `expires_at`."""

    name = models.CharField(max_length=100, unique=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"


class MailDelivery(models.Model):
    """One recipient of one program mail, written with the mail (`core.mail.send_after_commit`), so that the
    user it reached finds it in the portal's inbox. `user` is the user whose address it is at writing time (one
    row per such user; none for an address no user has, such as a partner's contact address); the row keeps
    that user when the address later changes, as a mailbox keeps what it received. `read_at` is that user's
    only write here (`core.inbox`)."""

    mail = models.ForeignKey(OutboundMail, on_delete=models.CASCADE, related_name="deliveries")
    address = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="mail_deliveries"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-pk",)
        constraints = (
            models.UniqueConstraint(
                fields=("mail", "user"), name="mail_delivery_once_per_user", condition=models.Q(user__isnull=False)
            ),
        )
        indexes = (
            models.Index(fields=("user", "-id"), name="core_inbox"),
            models.Index(fields=("user",), name="core_inbox_unread", condition=models.Q(read_at__isnull=True)),
        )

    def __str__(self) -> str:
        return f"{self.mail_id} → {self.address}"
