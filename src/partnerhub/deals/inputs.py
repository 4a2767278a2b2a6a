"""What an order is made of, as the orders API and the CSV import of orders read it (one definition)."""

from __future__ import annotations

from typing import Any

from partnerhub.core import serializers
from partnerhub.core.fields import DateField
from partnerhub.deals.models import OrderChannel
from partnerhub.partners.models import Partner


class OrderCreateSerializer(serializers.Serializer[dict[str, Any]]):
    end_customer = serializers.CharField(max_length=200)
    opportunity = serializers.CharField(max_length=200, help_text="the opportunity's title")
    ordered_on = DateField(happened=True, policy=True)
    first_year_net_revenue = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    currency = serializers.CurrencyField(required=False, help_text="ISO 4217, e.g. EUR; default: the policy's")
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=OrderChannel.choices)
    net_new = serializers.BooleanField(help_text="the end customer is net-new business (§7.2)")
    country = serializers.CharField(max_length=2, min_length=2)
    list_price = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="resale orders: the list price (§7.1)",
    )
