"""`/api/v1/partners/`: the partners and their lifecycle actions, users, timeline and notices."""

from __future__ import annotations

from typing import Any

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
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import today, valid
from partnerhub.core.permissions import IsManager, is_manager, signed_in
from partnerhub.partners.api.filters import EventFilter, PartnerFilter
from partnerhub.partners.api.serializers import (
    ApplySerializer,
    ApproveSerializer,
    ClassificationChangeSerializer,
    DeactivateSerializer,
    InvitationSerializer,
    NonRenewalNoticeCreateSerializer,
    NonRenewalNoticeSerializer,
    PartnerEventSerializer,
    PartnerSerializer,
    PartnerUserCreateSerializer,
    PartnerUserSerializer,
    ReassignSerializer,
    RejectSerializer,
    RejoinSerializer,
    TerminateSerializer,
)
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.invitations import partner_user_invite
from partnerhub.partners.models import (
    Partner,
    PartnerUser,
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
from partnerhub.partners.upstream import issued_invoice


def signed_in_user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _partner_with_invoice(partner: Partner, event_kind: PartnersEventKind, request: Request) -> dict[str, Any]:
    """The partner, and the invoice its approval or rejoining just issued (None: no fee to invoice)."""
    body: dict[str, Any] = dict(PartnerSerializer(partner, context={"request": request}).data)
    body["invoice"] = issued_invoice(partner, event_kind)
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
            return signed_in(IsManager)
        return signed_in()

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
            acting_user=signed_in_user(request),
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
            acting_user=signed_in_user(request),
            classification=data.get("classification"),
            regions=data.get("regions"),
            territories=data.get("territories"),
            products=data.get("products"),
            reason=data["reason"],
            **_terms(data),
        )
        return Response(_partner_with_invoice(partner, PartnersEventKind.APPROVED, request))

    @extend_schema(
        request=RejectSerializer, responses={200: PartnerSerializer, **REFUSED}, summary="Reject an application"
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = valid(RejectSerializer, request)
        partner = partner_reject(
            partner=self.get_object(),
            rejected_on=data.get("rejected_on") or today(),
            acting_user=signed_in_user(request),
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
            acting_user=signed_in_user(request),
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
            acting_user=signed_in_user(request),
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
            acting_user=signed_in_user(request),
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
        partner = partner_rejoin(
            partner=self.get_object(),
            rejoined_on=data.get("rejoined_on") or today(),
            acting_user=signed_in_user(request),
            reason=data["reason"],
            classification=data.get("classification"),
        )
        return Response(_partner_with_invoice(partner, PartnersEventKind.REJOINED, request))

    @extend_schema(methods=["GET"], responses={200: PartnerUserSerializer(many=True)}, summary="The partner's users")
    @extend_schema(
        methods=["POST"],
        request=PartnerUserCreateSerializer,
        responses={201: PartnerUserSerializer, **REFUSED},
        summary="Add a partner user (manager); `representative` marks a Designated Partner Representative",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
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
            acting_user=signed_in_user(request),
            as_of=today(),
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
            acting_user=signed_in_user(request),
            as_of=today(),
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
    @action(detail=True, methods=["get"], url_path="classification-history", pagination_class=None)
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
    @action(detail=True, methods=["get", "post"], url_path="non-renewal-notices", pagination_class=None)
    def non_renewal_notices(self, request: Request, pk: str) -> Response:
        partner = self.get_object()
        if request.method == "GET":
            return Response(NonRenewalNoticeSerializer(partner.non_renewal_notices.all(), many=True).data)
        data = valid(NonRenewalNoticeCreateSerializer, request)
        notice = non_renewal_notice_record(
            partner=partner,
            received_on=data.get("received_on") or today(),
            acting_user=signed_in_user(request),
            note=data["note"],
        )
        return Response(NonRenewalNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


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
