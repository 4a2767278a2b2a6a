"""`/api/v1/partners/` and `/api/v1/work-items/`: the lifecycle over HTTP (docs/api.md).

Views only translate: they read the request, call one service or selector, and answer. Reads are scoped
by `selectors` (another partner's object is 404); manager-only actions answer 403 to anyone else.
Action dates default to today here, at the edge, and nowhere below.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.billing.models import Invoice, InvoiceOrigin
from partnerhub.core import serializers
from partnerhub.core.api import today, valid
from partnerhub.core.fields import DateField, DateFilter
from partnerhub.core.permissions import IsManager, is_manager
from partnerhub.partners.invitations import partner_user_invite
from partnerhub.partners.models import (
    Classification,
    ClassificationChange,
    NonRenewalNotice,
    Partner,
    PartnerEvent,
    PartnerKind,
    PartnerStatus,
    PartnerUser,
    WorkItem,
)
from partnerhub.partners.selectors import partner_events, visible_partners
from partnerhub.partners.services.application import partner_apply, partner_approve, partner_reject
from partnerhub.partners.services.lifecycle import (
    partner_deactivate,
    partner_reassign,
    partner_rejoin,
    partner_terminate,
)
from partnerhub.partners.services.renewal import non_renewal_notice_record
from partnerhub.partners.services.users import partner_user_create
from partnerhub.partners.services.work_items import work_item_resolve
from partnerhub.people.selectors import participation_requirements_met

PERCENT: dict[str, Any] = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


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


def _invoice_serializer() -> type[serializers.Serializer[Any]]:
    from partnerhub.billing.api import InvoiceSerializer

    return InvoiceSerializer


def _partner_with_invoice(partner: Partner, origin: InvoiceOrigin, request: Request) -> dict[str, Any]:
    """The partner, and the invoice its approval or rejoining just issued (None: no fee to invoice)."""
    assert partner.approved_on is not None
    invoice = (
        Invoice.objects.filter(partner=partner, origin=origin, issued_on=partner.approved_on)
        .prefetch_related("lines")
        .order_by("-id")
        .first()
    )
    body: dict[str, Any] = dict(PartnerSerializer(partner, context={"request": request}).data)
    body["invoice"] = None if invoice is None else _invoice_serializer()(invoice).data
    return body


PARTNER_WITH_INVOICE = inline_serializer(
    "PartnerWithInvoice",
    {
        "id": serializers.IntegerField(),
        "status": serializers.CharField(),
        "classification": serializers.CharField(),
        "approved_on": serializers.DateField(),
        "qualification_deadline": serializers.DateField(),
        "invoice": serializers.DictField(allow_null=True, help_text="the program-fee invoice issued"),
    },
)
REFUSED = {
    400: OpenApiResponse(description="bad input (problem details with `errors`)"),
    403: OpenApiResponse(description="not a vendor manager"),
    404: OpenApiResponse(description="no such partner (or another partner's)"),
    409: OpenApiResponse(description="conflicts with the current state"),
    422: OpenApiResponse(description="refused by a policy rule (problem details with `violations`)"),
}


# --- filters ----------------------------------------------------------------------------------------------


class PartnerFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=PartnerStatus.choices)
    classification = django_filters.MultipleChoiceFilter(choices=Classification.choices)
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices)
    name = django_filters.CharFilter(lookup_expr="icontains")
    region = django_filters.CharFilter(method="filter_listed", help_text="authorized in this region key")
    territory = django_filters.CharFilter(method="filter_listed", help_text="has this ISO country code")
    product = django_filters.CharFilter(method="filter_listed", help_text="authorized for this product key")
    work = django_filters.CharFilter(
        method="filter_work", help_text="has an open work item of this kind, e.g. deactivation_due, oem_application"
    )
    qualification_deadline_before = DateFilter(field_name="qualification_deadline", lookup_expr="lte")

    class Meta:
        model = Partner
        fields: ClassVar[list[str]] = []

    _FIELDS: ClassVar[dict[str, str]] = {"region": "regions", "territory": "territories", "product": "products"}

    def filter_listed(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        # A JSON list contains the element when its text contains it quoted; portable to SQLite and PostgreSQL.
        return queryset.filter(**{f"{self._FIELDS[name]}__icontains": f'"{value.strip()}"'})

    def filter_work(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(work_items__kind=value, work_items__resolved_on__isnull=True).distinct()


class EventFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()

    class Meta:
        model = PartnerEvent
        fields: ClassVar[list[str]] = []


# --- views ------------------------------------------------------------------------------------------------

MANAGER_ACTIONS = {"approve", "reject", "deactivate", "terminate", "reassign", "rejoin"}


@extend_schema_view(
    list=extend_schema(summary="Partners: all for a manager, its own for a partner user"),
    retrieve=extend_schema(summary="One partner", responses={200: PartnerSerializer, 404: REFUSED[404]}),
)
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Partner]):
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter

    def get_queryset(self) -> QuerySet[Partner]:
        return visible_partners(self.request.user).order_by("name", "id")

    def filter_queryset(self, queryset: QuerySet[Partner, Any]) -> QuerySet[Partner, Any]:
        # The list's filters; an action's own query parameters (e.g. events?kind=) are not the partner's.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_permissions(self) -> list[BasePermission]:
        if self.action in MANAGER_ACTIONS or (
            self.action in {"users", "non_renewal_notices", "invitations"} and self.request.method == "POST"
        ):
            return [IsAuthenticated(), IsManager()]
        return [IsAuthenticated()]

    def _done(self, partner: Partner) -> Response:
        return Response(PartnerSerializer(partner, context={"request": self.request}).data)

    @extend_schema(
        request=ApplySerializer,
        responses={201: PartnerSerializer, 400: REFUSED[400], 422: REFUSED[422]},
        summary="Apply to the program (R2.1)",
        description=(
            "Any signed-in user, or a manager on a prospect's behalf. A non-manager applicant becomes the new "
            "partner's first user (a Designated Partner Representative); a user who already belongs to a partner "
            "is refused (400). OEM applications are routed to the managers' work queue (§3.0)."
        ),
    )
    def create(self, request: Request) -> Response:
        data = valid(ApplySerializer, request)
        manager = is_manager(request.user)
        if "applied_on" in data and not manager:
            raise serializers.ValidationError(
                {"applied_on": ["Only a vendor manager records an earlier application date."]}
            )
        partner = partner_apply(
            name=data["name"],
            kind=data["kind"],
            classification=data["classification"],
            regions=data["regions"],
            territories=data["territories"],
            products=data["products"],
            contact_email=data["contact_email"],
            solution_name=data["solution_name"],
            applied_on=data.get("applied_on") or today(),
            acting_user=_user(request),
        )
        return Response(PartnerSerializer(partner).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ApproveSerializer,
        responses={200: PARTNER_WITH_INVOICE, **REFUSED},
        summary="Approve an application: partner approved, program-fee invoice issued (R2.2, §5.1)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = valid(ApproveSerializer, request)
        partner = partner_approve(
            partner=self.get_object(),
            approved_on=data["approved_on"],
            acting_user=_user(request),
            classification=data.get("classification"),
            regions=data.get("regions"),
            territories=data.get("territories"),
            products=data.get("products"),
            reason=data["reason"],
            **_terms(data),
        )
        return Response(_partner_with_invoice(partner, InvoiceOrigin.ENROLLMENT, request))

    @extend_schema(
        request=RejectSerializer, responses={200: PartnerSerializer, **REFUSED}, summary="Reject an application"
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = valid(RejectSerializer, request)
        partner = partner_reject(
            partner=self.get_object(),
            rejected_on=data.get("rejected_on") or today(),
            acting_user=_user(request),
            reason=data["reason"],
        )
        return self._done(partner)

    @extend_schema(
        request=DeactivateSerializer,
        responses={200: PartnerSerializer, **REFUSED},
        summary="Deactivate a partner whose qualification window ended without registration (§2.0); no refund",
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        data = valid(DeactivateSerializer, request)
        partner = partner_deactivate(
            partner=self.get_object(),
            deactivated_on=data.get("deactivated_on") or today(),
            acting_user=_user(request),
            reason=data["reason"],
        )
        return self._done(partner)

    @extend_schema(
        request=TerminateSerializer,
        responses={200: PartnerSerializer, **REFUSED},
        summary="Terminate a partner's participation (§2.0); final, no refund",
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request: Request, pk: str) -> Response:
        data = valid(TerminateSerializer, request)
        partner = partner_terminate(
            partner=self.get_object(),
            terminated_on=data.get("terminated_on") or today(),
            acting_user=_user(request),
            reason=data["reason"],
        )
        return self._done(partner)

    @extend_schema(
        request=ReassignSerializer,
        responses={200: PartnerSerializer, **REFUSED},
        summary="Re-assign the classification (§2.0, §3.0), kept in the classification history",
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        data = valid(ReassignSerializer, request)
        partner = partner_reassign(
            partner=self.get_object(),
            classification=data["classification"],
            effective_on=data.get("effective_on") or today(),
            acting_user=_user(request),
            reason=data["reason"],
            notice=data["notice"],
            notice_on=data["notice_on"],
            recorded_on=today(),
            **_terms(data),
        )
        return self._done(partner)

    @extend_schema(
        request=RejoinSerializer,
        responses={200: PARTNER_WITH_INVOICE, **REFUSED},
        summary="A deactivated partner rejoins: approved again, fee waived in the same Program Year (§2.0)",
    )
    @action(detail=True, methods=["post"])
    def rejoin(self, request: Request, pk: str) -> Response:
        data = valid(RejoinSerializer, request)
        partner = self.get_object()
        rejoined_on = data.get("rejoined_on") or today()
        partner = partner_rejoin(
            partner=partner,
            rejoined_on=rejoined_on,
            acting_user=_user(request),
            reason=data["reason"],
            classification=data.get("classification"),
            requirements_fulfilled=participation_requirements_met(partner, rejoined_on),
        )
        return Response(_partner_with_invoice(partner, InvoiceOrigin.REJOIN, request))

    @extend_schema(methods=["GET"], responses={200: PartnerUserSerializer(many=True)}, summary="The partner's users")
    @extend_schema(
        methods=["POST"],
        request=PartnerUserCreateSerializer,
        responses={201: PartnerUserSerializer, **REFUSED},
        summary="Add a partner user (manager); `representative` marks a Designated Partner Representative",
    )
    @action(detail=True, methods=["get", "post"])
    def users(self, request: Request, pk: str) -> Response:
        partner = self.get_object()
        if request.method == "GET":
            members = PartnerUser.objects.filter(partner=partner).select_related("user").order_by("user__username")
            return Response(PartnerUserSerializer(members, many=True).data)
        data = valid(PartnerUserCreateSerializer, request)
        member = partner_user_create(
            partner=partner,
            username=data["username"],
            password=data["password"],
            email=data["email"],
            representative=data["representative"],
            acting_user=_user(request),
        )
        return Response(PartnerUserSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InvitationSerializer,
        responses={201: PartnerUserSerializer, 400: REFUSED[400], 403: REFUSED[403], 404: REFUSED[404]},
        summary="Invite a partner user (manager): the account is created and a link to set a password is mailed",
        description=(
            "The link is signed, works once, and expires after INVITATION_MAX_AGE_DAYS days. The user name is "
            "the email address unless given."
        ),
    )
    @action(detail=True, methods=["post"])
    def invitations(self, request: Request, pk: str) -> Response:
        partner = self.get_object()
        data = valid(InvitationSerializer, request)
        member = partner_user_invite(
            partner=partner,
            email=data["email"],
            username=data.get("username", ""),
            first_name=data["first_name"],
            last_name=data["last_name"],
            representative=data["representative"],
            acting_user=_user(request),
            link_for=lambda token: request.build_absolute_uri(reverse("portal:invitation", args=[token])),
        )
        return Response(PartnerUserSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: PartnerEventSerializer(many=True)},
        parameters=[OpenApiParameter("kind", str, description="only events of this kind, e.g. approved")],
        summary="The partner's timeline: who changed what, when, why, under which section and policy version",
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str) -> Response:
        events = EventFilter(request.query_params, queryset=partner_events(self.get_object())).qs
        page = self.paginate_queryset(events)
        serializer = PartnerEventSerializer(page if page is not None else events, many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    @extend_schema(
        responses={200: ClassificationChangeSerializer(many=True)},
        summary="The classification history (R2.10)",
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="classification-history")
    def classification_history(self, request: Request, pk: str) -> Response:
        changes = self.get_object().classification_history.select_related("changed_by")
        return Response(ClassificationChangeSerializer(changes, many=True).data)

    @extend_schema(
        methods=["GET"],
        responses={200: NonRenewalNoticeSerializer(many=True)},
        summary="The partner's written notices of non-renewal",
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        request=NonRenewalNoticeCreateSerializer,
        responses={201: NonRenewalNoticeSerializer, **REFUSED},
        summary="Record a written notice of non-renewal (§5.1): on or before 2 December it stops the next renewal",
    )
    @action(detail=True, methods=["get", "post"], url_path="non-renewal-notices")
    def non_renewal_notices(self, request: Request, pk: str) -> Response:
        partner = self.get_object()
        if request.method == "GET":
            return Response(NonRenewalNoticeSerializer(partner.non_renewal_notices.all(), many=True).data)
        data = valid(NonRenewalNoticeCreateSerializer, request)
        notice = non_renewal_notice_record(
            partner=partner,
            received_on=data.get("received_on") or today(),
            acting_user=_user(request),
            note=data["note"],
        )
        return Response(NonRenewalNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class WorkItemFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()
    open = django_filters.BooleanFilter(field_name="resolved_on", lookup_expr="isnull")
    partner = django_filters.NumberFilter(field_name="partner_id")

    class Meta:
        model = WorkItem
        fields: ClassVar[list[str]] = []


@extend_schema_view(
    list=extend_schema(summary="The vendor managers' work queue: OEM applications, partners due for deactivation …"),
    retrieve=extend_schema(summary="One work item"),
)
class WorkItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[WorkItem]):
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilter
    permission_classes = (IsAuthenticated, IsManager)
    queryset = WorkItem.objects.select_related("partner", "resolved_by").order_by("opened_on", "id")

    @extend_schema(
        request=WorkItemResolveSerializer,
        responses={200: WorkItemSerializer, **REFUSED},
        summary="Close a work item without its suggested action (e.g. keep a partner whose window ended)",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        data = valid(WorkItemResolveSerializer, request)
        item = work_item_resolve(
            item=self.get_object(),
            resolved_on=data.get("resolved_on") or today(),
            acting_user=_user(request),
            resolution=data["resolution"],
        )
        return Response(WorkItemSerializer(item).data)


def _terms(data: dict[str, Any]) -> dict[str, Any]:
    names = (
        "referral_fee_program",
        "referral_fee_percent",
        "reseller_agreement_signed",
        "resale_discount_percent",
        "rank",
        "solution_name",
    )
    return {name: data.get(name) for name in names}
