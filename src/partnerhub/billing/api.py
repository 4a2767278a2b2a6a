"""`/api/v1/invoices/`: program-fee invoices (read: manager or own partner) and their payment (manager)."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.billing.models import Invoice, InvoiceLine, InvoiceOrigin, InvoiceStatus
from partnerhub.billing.selectors import visible_invoices
from partnerhub.billing.services import invoice_pay
from partnerhub.core import serializers
from partnerhub.core.api import AS_OF_PARAMETER, parse_as_of, today
from partnerhub.core.fields import DateField, DateFilter
from partnerhub.core.permissions import IsManager, signed_in
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.models import Partner
from partnerhub.policy.fees import invoice_overdue


class InvoiceLineSerializer(serializers.ModelSerializer[InvoiceLine]):
    class Meta:
        model = InvoiceLine
        fields = ("position", "description", "amount", "section")
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer[Invoice]):
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField(help_text="open and past its due date on `as_of` (default today)")

    class Meta:
        model = Invoice
        fields = (
            "id",
            "partner",
            "partner_name",
            "program_year",
            "kind",
            "origin",
            "classification",
            "amount",
            "currency",
            "issued_on",
            "due_on",
            "status",
            "overdue",
            "paid_on",
            "payment_reference",
            "policy_version",
            "sections",
            "lines",
            "reasons",
        )
        read_only_fields = fields

    def get_overdue(self, invoice: Invoice) -> bool:
        as_of = self.context.get("as_of") or today()
        return invoice_overdue(
            due_on=invoice.due_on, waived=invoice.status == InvoiceStatus.WAIVED, paid_on=invoice.paid_on, as_of=as_of
        )


# The change a partner's timeline records, and the origin of the invoice it issues (`billing.reactions`).
_ORIGIN_OF = {PartnersEventKind.APPROVED: InvoiceOrigin.ENROLLMENT, PartnersEventKind.REJOINED: InvoiceOrigin.REJOIN}


def issued_invoice(partner: Partner, event_kind: PartnersEventKind) -> dict[str, Any] | None:
    """The invoice an approval or a rejoining of `partner` just issued, as `/invoices/` shows it (None: no
    fee to invoice); the partners API answers those two actions with it (`partners.upstream`)."""
    assert partner.approved_on is not None
    invoice = (
        Invoice.objects.filter(partner=partner, origin=_ORIGIN_OF[event_kind], issued_on=partner.approved_on)
        .prefetch_related("lines")
        .order_by("-id")
        .first()
    )
    return None if invoice is None else dict(InvoiceSerializer(invoice).data)


class PaySerializer(serializers.Serializer[Any]):
    paid_on = DateField(happened=True, required=False, help_text="default today")
    reference = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)


class InvoiceFilter(django_filters.FilterSet):
    partner = django_filters.NumberFilter(field_name="partner_id")
    status = django_filters.MultipleChoiceFilter(choices=InvoiceStatus.choices)
    origin = django_filters.ChoiceFilter(choices=InvoiceOrigin.choices)
    program_year = django_filters.NumberFilter()
    issued_after = DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = DateFilter(field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields: ClassVar[list[str]] = []


@extend_schema_view(
    list=extend_schema(
        summary="Program-fee invoices: all for a manager, its own partner's for a partner user",
        parameters=[AS_OF_PARAMETER],
    ),
    retrieve=extend_schema(summary="One invoice, with the lines of its computation", parameters=[AS_OF_PARAMETER]),
)
class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Invoice]):
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter

    def get_queryset(self) -> QuerySet[Invoice]:
        return visible_invoices(self.request.user).order_by("issued_on", "id")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "as_of": parse_as_of(self.request)}

    def get_permissions(self) -> list[BasePermission]:
        if self.action == "pay":
            return signed_in(IsManager)
        return signed_in()

    @extend_schema(
        request=PaySerializer,
        responses={
            200: InvoiceSerializer,
            400: OpenApiResponse(description="bad input"),
            403: OpenApiResponse(description="not a vendor manager"),
            404: OpenApiResponse(description="no such invoice"),
            409: OpenApiResponse(description="already paid, or waived"),
        },
        summary="Record the full payment of an open invoice (manager); paying twice is refused",
    )
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str) -> Response:
        serializer = PaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        invoice = invoice_pay(
            invoice=self.get_object(),
            paid_on=serializer.validated_data.get("paid_on") or today(),
            acting_user=request.user,
            reference=serializer.validated_data["reference"],
        )
        invoice = visible_invoices(request.user).get(pk=invoice.pk)
        return Response(InvoiceSerializer(invoice, context=self.get_serializer_context()).data)
