"""The people API's serializers: what is shown of each record and what each write accepts."""

from __future__ import annotations

from typing import Any

from partnerhub.core import serializers
from partnerhub.core.fields import DateField
from partnerhub.people.models import (
    Certification,
    CertificationKind,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceKind,
    GovernanceRecord,
    Person,
    Role,
    StandingException,
    TrainingKind,
    TrainingRecord,
)

# -- serializers -------------------------------------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer[Certification]):
    person = serializers.IntegerField(source="person_id", read_only=True)
    partner = serializers.IntegerField(source="person.partner_id", read_only=True)
    product = serializers.SerializerMethodField()
    verified = serializers.BooleanField(read_only=True, help_text="only a verified certification counts (§5.0)")

    class Meta:
        model = Certification
        fields = (
            "id",
            "person",
            "partner",
            "kind",
            "product",
            "earned_on",
            "expires_on",
            "verified",
            "status",
            "decided_on",
            "rejection_reason",
            "created_at",
        )

    def get_product(self, certification: Certification) -> str | None:
        return certification.product or None


class PersonSerializer(serializers.ModelSerializer[Person]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = (
            "id",
            "partner",
            "name",
            "email",
            "region",
            "roles",
            "joined_on",
            "left_on",
            "certifications",
            "created_at",
        )


class PersonCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254)
    region = serializers.CharField(max_length=20)
    roles = serializers.ListField(child=serializers.CharField(max_length=30), allow_empty=True)
    joined_on = DateField(happened=True, backdate=False, required=False, allow_null=True)


class PersonLeaveSerializer(serializers.Serializer[Any]):
    left_on = DateField(happened=True, backdate=False)


class CertificationCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CertificationKind.choices)
    product = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=20)
    earned_on = DateField(happened=True, help_text="a claim until a vendor manager verifies it")
    expires_on = DateField(required=False, allow_null=True)


class CertificationVerifySerializer(serializers.Serializer[Any]):
    verified_on = DateField(happened=True, policy=True, required=False, help_text="default today")


class CertificationRejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="why it is not verified; the partner is told")
    rejected_on = DateField(happened=True, policy=True, required=False, help_text="default today")


class TrainingSerializer(serializers.ModelSerializer[TrainingRecord]):
    person = serializers.IntegerField(source="person_id", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ("id", "person", "kind", "completed_on", "created_at")
        read_only_fields = ("id", "person", "created_at")


class TrainingCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    completed_on = DateField(happened=True, backdate=False)


class ComplianceVerificationSerializer(serializers.ModelSerializer[ComplianceVerification]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = ComplianceVerification
        fields = ("id", "partner", "verified_on", "note", "created_at")


class ComplianceVerificationCreateSerializer(serializers.Serializer[Any]):
    verified_on = DateField(happened=True)
    note = serializers.TextField(required=False, allow_blank=True, default="")


class ComplianceTimelineSerializer(serializers.ModelSerializer[ComplianceTimeline]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = ComplianceTimeline
        fields = ("id", "partner", "requirement", "section", "communicated_on", "due_on", "completed_on", "created_at")


class ComplianceTimelineCreateSerializer(serializers.Serializer[Any]):
    requirement = serializers.CharField()
    section = serializers.CharField(
        required=False,
        help_text="the policy section the obligation comes from; default: the one the policy in force gives compliance "
        "timelines",
    )
    communicated_on = DateField(happened=True)
    due_on = DateField()


class ComplianceTimelineCompleteSerializer(serializers.Serializer[Any]):
    completed_on = DateField(happened=True)


class GovernanceRecordSerializer(serializers.ModelSerializer[GovernanceRecord]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = GovernanceRecord
        fields = ("id", "partner", "kind", "effective_on", "valid_until", "note", "created_at")


class GovernanceRecordCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=GovernanceKind.choices)
    effective_on = DateField(happened=True)
    valid_until = DateField(required=False, allow_null=True)
    note = serializers.TextField(required=False, allow_blank=True, default="")


class FinancialStandingChangeSerializer(serializers.ModelSerializer[FinancialStandingChange]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = FinancialStandingChange
        fields = ("id", "partner", "flagged", "effective_on", "reason", "created_at")


class FinancialStandingCreateSerializer(serializers.Serializer[Any]):
    flagged = serializers.BooleanField()
    effective_on = DateField(happened=True)
    reason = serializers.TextField()


class StandingExceptionSerializer(serializers.ModelSerializer[StandingException]):
    partner = serializers.IntegerField(source="partner_id", read_only=True)

    class Meta:
        model = StandingException
        fields = ("id", "partner", "qualification", "starts_on", "ends_on", "reason", "approved_by", "created_at")


class StandingExceptionCreateSerializer(serializers.Serializer[Any]):
    qualification = serializers.CharField(max_length=60)
    starts_on = DateField()
    ends_on = DateField()
    reason = serializers.TextField()
    approved_by = serializers.CharField(max_length=200)
