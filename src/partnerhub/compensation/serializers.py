"""The referral-fee answers shared by the API (`compensation.api`) and the statement's background job
(`compensation.statements`), which writes the same rows as the statement answered at once."""

from __future__ import annotations

from typing import Any

from partnerhub.compensation.models import ReferralFee
from partnerhub.core import serializers
from partnerhub.core.api import ReasonSerializer


class ReferralFeeSerializer(serializers.ModelSerializer[ReferralFee]):
    reasons = ReasonSerializer(many=True, read_only=True)
    ordered_on = serializers.DateField(source="order.ordered_on", read_only=True)
    end_customer = serializers.CharField(source="order.end_customer", read_only=True)
    opportunity = serializers.CharField(source="order.title", read_only=True)

    class Meta:
        model = ReferralFee
        fields: tuple[str, ...] = (
            "id",
            "order",
            "partner",
            "eligible",
            "amount",
            "currency",
            "percent",
            "first_year_net_revenue",
            "reasons",
            "policy_version",
            "status",
            "decided_on",
            "ordered_on",
            "end_customer",
            "opportunity",
            "approved_on",
            "paid_on",
            "payment_reference",
        )
        read_only_fields = fields


class ReferralFeeStatementTotalsSerializer(serializers.Serializer[dict[str, Any]]):
    currency = serializers.CharField()
    earned = serializers.DecimalField(max_digits=14, decimal_places=2)
    accrued = serializers.DecimalField(max_digits=14, decimal_places=2)
    approved = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReferralFeeStatementSerializer(serializers.Serializer[dict[str, Any]]):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()
    period = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    totals = ReferralFeeStatementTotalsSerializer(many=True)
    fees = ReferralFeeSerializer(many=True)
