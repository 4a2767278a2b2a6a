from django.conf import settings
from django.db import models


class PartnerKind(models.TextChoices):
    COMPANY = "company", "Company"
    INDIVIDUAL = "individual", "Individual"


class Classification(models.TextChoices):
    """The program's tiers (§3.0)."""

    ADVISORY = "advisory", "Advisory"
    ALLIANCE = "alliance", "Alliance"
    IMPLEMENTATION = "implementation", "Implementation"
    SOLUTION = "solution", "Solution"
    OEM = "oem", "OEM"


class PartnerStatus(models.TextChoices):
    """The lifecycle of §2.0: applied, then approved into the qualification window, then registered."""

    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Rejected"
    APPROVED = "approved", "Approved"
    REGISTERED = "registered", "Registered"
    DEACTIVATED = "deactivated", "Deactivated"
    TERMINATED = "terminated", "Terminated"


class Partner(models.Model):
    """A company or individual in the partner program (§11.0), from application to termination (§2.0)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    classification = models.CharField(max_length=20, choices=Classification.choices)
    status = models.CharField(max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.APPLIED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(kind__in=PartnerKind.values), name="partner_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(classification__in=Classification.values),
                name="partner_classification_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PartnerStatus.values), name="partner_status_known"
            ),
        )

    def __str__(self) -> str:
        return self.name


class PartnerUser(models.Model):
    """A sign-in that belongs to one partner; a representative may register deals (§7.3)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="users")
    representative = models.BooleanField(
        default=False, help_text="A Designated Partner Representative, who may register deals (§7.3)."
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"
