"""What the partners API shows of a partner, its users, timeline, notices and work items, and what each
lifecycle action accepts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from partnerhub.core import serializers
from partnerhub.core.fields import DateField
from partnerhub.partners.models import (
    Classification,
    ClassificationChange,
    NonRenewalNotice,
    Partner,
    PartnerEvent,
    PartnerKind,
    PartnerUser,
    WorkItem,
)

PERCENT: dict[str, Any] = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}

# --- serializers ------------------------------------------------------------------------------------------


class PartnerSerializer(serializers.ModelSerializer[Partner]):
    class Meta:
        model = Partner
        fields = (
            "id",
            "name",
            "kind",
            "status",
            "status_since",
            "classification",
            "requested_classification",
            "regions",
            "territories",
            "products",
            "solution_name",
            "rank",
            "contact_email",
            "referral_fee_program",
            "referral_fee_percent",
            "resale_discount_percent",
            "reseller_agreement_signed",
            "applied_on",
            "approved_on",
            "qualification_deadline",
            "registered_on",
            "policy_version",
            "created_at",
        )
        read_only_fields = fields


class ApplySerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    classification = serializers.ChoiceField(choices=Classification.choices, help_text="the classification requested")
    regions = serializers.ListField(child=serializers.CharField(), help_text="region keys of the policy, e.g. EMEA")
    territories = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="ISO 3166-1 alpha-2 codes"
    )
    products = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="amelia, 1desk, 1rpa"
    )
    contact_email = serializers.EmailField(
        required=False, default="", help_text="default for a non-manager applicant: its own address"
    )
    solution_name = serializers.CharField(required=False, default="", help_text="Solution partners (§4.0)")
    applied_on = DateField(
        happened=True,
        policy=True,
        required=False,
        help_text="managers only: the date an application was received; default today",
    )


class TermsSerializer(serializers.Serializer[Any]):
    referral_fee_program = serializers.BooleanField(required=False, help_text="default: the classification's")
    referral_fee_percent = serializers.DecimalField(
        required=False, **PERCENT, help_text="default: the policy's example"
    )
    reseller_agreement_signed = serializers.BooleanField(required=False)
    resale_discount_percent = serializers.DecimalField(
        required=False, **PERCENT, help_text="needs resale rights (§7.1)"
    )
    rank = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="Implementation only (§3.1)"
    )
    solution_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Solution only (§4.0)"
    )


class ApproveSerializer(TermsSerializer):
    approved_on = DateField(
        happened=True, policy=True, help_text="enrollment effective date; the qualification window starts"
    )
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    regions = serializers.ListField(child=serializers.CharField(), required=False)
    territories = serializers.ListField(child=serializers.CharField(), required=False)
    products = serializers.ListField(child=serializers.CharField(), required=False)
    reason = serializers.TextField(required=False, default="", allow_blank=True)


class RejectSerializer(serializers.Serializer[Any]):
    rejected_on = DateField(happened=True, policy=True, required=False, help_text="default today")
    reason = serializers.TextField()


class DeactivateSerializer(serializers.Serializer[Any]):
    deactivated_on = DateField(happened=True, policy=True, required=False, help_text="default today")
    reason = serializers.TextField(required=False, default="", allow_blank=True)


class TerminateSerializer(serializers.Serializer[Any]):
    terminated_on = DateField(happened=True, policy=True, required=False, help_text="default today")
    reason = serializers.TextField()


class ReassignSerializer(TermsSerializer):
    classification = serializers.ChoiceField(choices=Classification.choices)
    effective_on = DateField(happened=True, policy=True, required=False, help_text="default today")
    reason = serializers.TextField()
    notice = serializers.TextField(required=False, default="", allow_blank=True, help_text="the notice given (§8.0)")
    notice_on = DateField(happened=True, required=False, allow_null=True, default=None)


class RejoinSerializer(serializers.Serializer[Any]):
    rejoined_on = DateField(happened=True, policy=True, required=False, help_text="default today")
    reason = serializers.TextField(required=False, default="", allow_blank=True)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)


class PartnerUserSerializer(serializers.ModelSerializer[PartnerUser]):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    user_id = serializers.IntegerField(source="user.pk", read_only=True)

    class Meta:
        model = PartnerUser
        fields = ("id", "user_id", "username", "email", "representative", "partner")
        read_only_fields = fields


class PartnerUserCreateSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    email = serializers.EmailField()
    representative = serializers.BooleanField(default=False, help_text="a Designated Partner Representative (§7.3)")


class InvitationSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    username = serializers.CharField(max_length=150, required=False, help_text="the email address when left out")
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")
    representative = serializers.BooleanField(default=False, help_text="a Designated Partner Representative (§7.3)")


class PartnerEventSerializer(serializers.ModelSerializer[PartnerEvent]):
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = PartnerEvent
        fields = ("id", "kind", "message", "section", "actor", "policy_version", "effective_on", "data", "created_at")
        read_only_fields = fields


class ClassificationChangeSerializer(serializers.ModelSerializer[ClassificationChange]):
    # Declared: a read-only field built from the model loses `allow_blank`, so the schema would not list "".
    from_classification = serializers.ChoiceField(
        choices=Classification.choices, allow_blank=True, read_only=True, help_text="empty for the first assignment"
    )
    changed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ClassificationChange
        fields = (
            "id",
            "from_classification",
            "to_classification",
            "changed_on",
            "changed_by",
            "reason",
            "notice",
            "notice_on",
            "policy_version",
        )
        read_only_fields = fields


class NonRenewalNoticeSerializer(serializers.ModelSerializer[NonRenewalNotice]):
    stops_renewal_into = serializers.SerializerMethodField()

    class Meta:
        model = NonRenewalNotice
        fields = (
            "id",
            "partner",
            "received_on",
            "in_time",
            "ends_after_program_year",
            "stops_renewal_into",
            "note",
            "policy_version",
            "reasons",
            "withdrawn_on",
        )
        read_only_fields = fields

    def get_stops_renewal_into(self, notice: NonRenewalNotice) -> int:
        return notice.ends_after_program_year + 1


class NonRenewalNoticeCreateSerializer(serializers.Serializer[Any]):
    received_on = DateField(
        happened=True, policy=True, required=False, help_text="when the written notice reached the vendor"
    )
    note = serializers.TextField(required=False, default="", allow_blank=True)


class WorkItemSerializer(serializers.ModelSerializer[WorkItem]):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    resolved_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    open = serializers.BooleanField(source="is_open", read_only=True)

    class Meta:
        model = WorkItem
        fields = (
            "id",
            "partner",
            "partner_name",
            "kind",
            "message",
            "section",
            "opened_on",
            "open",
            "resolved_on",
            "resolved_by",
            "resolution",
        )
        read_only_fields = fields


class WorkItemResolveSerializer(serializers.Serializer[Any]):
    resolution = serializers.TextField(help_text="why the suggested action is not taken, or how it was handled")
    resolved_on = DateField(happened=True, required=False, help_text="default today")
