"""The security event log: who signed in, failed, was locked out, changed MFA, got or lost a token, was
refused, exported or opened personal data. Written by `partnerhub.core.security.record_security_event`;
read by vendor managers (API and console). Never edited."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SecurityEventKind(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    SESSION_EXPIRED = "session_expired", "Session expired"
    MFA_ADDED = "mfa_added", "Multi-factor sign-in set up"
    MFA_REMOVED = "mfa_removed", "Multi-factor sign-in removed"
    MFA_RESET = "mfa_reset", "Recovery codes regenerated"
    MFA_FAILED = "mfa_failed", "Wrong multi-factor code"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    PERMISSION_DENIED = "permission_denied", "Permission refused"
    EXPORT = "export", "Data exported"
    PERSONAL_DATA = "personal_data", "Personal data opened"


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
