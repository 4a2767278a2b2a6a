"""`/api/v1/deals/` (deal registrations, §7.3) and `/api/v1/orders/` (orders, §7).

Objects are reached only through the tenancy-scoped selectors, so a partner user asking for another
partner's registration or order gets 404 exactly as for an id that does not exist; manager-only actions
on its own objects answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, ReasonSerializer, today
from partnerhub.core.downloads import csv_response
from partnerhub.core.fields import DateField
from partnerhub.core.jobs_api import ASYNC_PARAMETERS, JobSerializer, job_accepted, respond_async
from partnerhub.core.models import SecurityEventKind
from partnerhub.core.permissions import is_manager, require_manager
from partnerhub.core.security import record_security_event
from partnerhub.deals import exports, selectors, services
from partnerhub.deals.filters import RegistrationFilter
from partnerhub.deals.models import (
    Registration,
    RegistrationConflict,
    RegistrationEvent,
    RegistrationStatus,
)
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import partner_for_user, visible_partners


class RegistrationEventSerializer(serializers.ModelSerializer[RegistrationEvent]):
    fields_built_once = True
    actor: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = RegistrationEvent
        fields = ("kind", "on", "actor", "message", "data", "created_at")


class LeadContactSerializer(serializers.Serializer[Registration]):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    fields_built_once = True  # shown for the manager or not in `to_representation`, not by its fields
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    opportunity = serializers.CharField(source="title", help_text="the opportunity's title as registered")
    opportunity_id = serializers.IntegerField(read_only=True)
    opportunity_key = serializers.CharField(source="opportunity.key", read_only=True)
    contact = LeadContactSerializer(source="*", read_only=True, help_text="the lead's contact person (personal data)")
    consent_confirmed_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    submitted_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    decided_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    admission = ReasonSerializer(many=True, read_only=True)
    conflicts = serializers.SerializerMethodField(
        help_text="vendor managers only: other partners' registrations of the same opportunity"
    )

    class Meta:
        model = Registration
        fields: tuple[str, ...] = (
            "id",
            "partner",
            "partner_name",
            "status",
            "end_customer",
            "opportunity",
            "opportunity_id",
            "opportunity_key",
            "country",
            "estimated_value",
            "currency",
            "contact",
            "consent_confirmed",
            "consent_confirmed_at",
            "consent_confirmed_by",
            "channel",
            "received_from",
            "submitted_on",
            "submitted_by",
            "decided_on",
            "decided_by",
            "decision_reason",
            "closed_on",
            "protected_until",
            "expired_on",
            "policy_version",
            "admission",
            "personal_data_erased_at",
            "conflicts",
        )
        read_only_fields = fields
        sometimes_absent = ("conflicts", "opportunity_id")  # shown to vendor managers only (`to_representation`)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_conflicts(self, registration: Registration) -> list[int]:
        # Both sides come prefetched by `selectors.visible_registrations` (no query per registration).
        conflicts = {conflict.other_id for conflict in registration.conflicts.all()}
        conflicts |= {conflict.registration_id for conflict in registration.conflicted_by.all()}
        return sorted(conflicts)

    def to_representation(self, instance: Registration) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not is_manager(self.context["request"].user):
            # Confidential (§7.3 item 5): the conflicts, and the vendor's own opportunity number, which is shared by
            # every registration of one opportunity, would reveal that another partner claimed it.
            data.pop("conflicts", None)
            data.pop("opportunity_id", None)
        return data


class RegistrationDetailSerializer(RegistrationSerializer):
    events = serializers.SerializerMethodField()

    class Meta(RegistrationSerializer.Meta):
        fields = (*RegistrationSerializer.Meta.fields, "events")
        read_only_fields = fields

    @extend_schema_field(RegistrationEventSerializer(many=True))
    def get_events(self, registration: Registration) -> list[dict[str, Any]]:
        events = selectors.timeline_of(registration, self.context["request"].user)
        return list(RegistrationEventSerializer(events, many=True).data)


class RegistrationCreateSerializer(serializers.Serializer[dict[str, Any]]):
    end_customer = serializers.CharField(max_length=200)
    opportunity = serializers.CharField(max_length=200, help_text="the opportunity's title")
    country = serializers.CharField(max_length=2, min_length=2, help_text="ISO 3166-1 alpha-2, inside the territories")
    estimated_value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    currency = serializers.CurrencyField(required=False, help_text="ISO 4217, e.g. EUR; default: the policy's")
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    consent_confirmed = serializers.BooleanField(
        help_text="the data subjects were notified and consented to the transfer (§7.3, personal data)"
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.none(), required=False, help_text="vendor managers: the partner that sent it"
    )
    submitted_on = DateField(
        happened=True,
        policy=True,
        required=False,
        help_text="vendor managers: the date the registration email was received (default today)",
    )
    received_from = serializers.CharField(
        max_length=254, required=False, allow_blank=True, help_text="vendor managers: who sent the email"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only partners the caller may see can be named: another partner's id is "does not exist".
            self.fields["partner"].queryset = visible_partners(request.user)  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        if is_manager(user):
            if "partner" not in attrs:
                raise ValidationError({"partner": ["A vendor manager recording a registration names the partner."]})
            return attrs
        if "submitted_on" in attrs:
            raise PermissionDenied("submitted_on: only a vendor manager recording an email dates a registration.")
        if "received_from" in attrs:
            raise ValidationError({"received_from": ["Only a vendor manager recording an email gives this."]})
        return attrs


class DealApproveSerializer(serializers.Serializer[dict[str, Any]]):
    approved_on = DateField(happened=True, required=False, help_text="default today")
    note = serializers.TextField(required=False, allow_blank=True, help_text="told to the partner")


class DealRejectSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.TextField(help_text="why; the partner is told (§7.3 step 2)")
    rejected_on = DateField(happened=True, required=False, help_text="default today")


class DealCloseSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.ChoiceField(choices=[RegistrationStatus.WON.value, RegistrationStatus.LOST.value])
    closed_on = DateField(happened=True)


class PersonalDataEraseSerializer(serializers.Serializer[dict[str, Any]]):
    note = serializers.TextField(required=False, allow_blank=True, help_text="the request, e.g. who asked and how")


class PersonalDataPersonEraseSerializer(PersonalDataEraseSerializer):
    email = serializers.EmailField()


class PersonalDataSerializer(serializers.Serializer[dict[str, Any]]):
    registration = serializers.IntegerField()
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    consent_confirmed = serializers.BooleanField()
    consent_confirmed_at = serializers.DateTimeField()
    submitted_on = serializers.DateField()
    purpose = serializers.CharField()
    erased_at = serializers.DateTimeField(allow_null=True)


class PossibleDuplicateSerializer(serializers.Serializer[dict[str, Any]]):
    registration = RegistrationSerializer()
    score = serializers.IntegerField()
    customer_score = serializers.IntegerField()
    title_score = serializers.IntegerField()
    matched_fields = serializers.ListField(
        child=serializers.CharField(), help_text="the fields similar on their own: end_customer, title"
    )
    exact = serializers.BooleanField()


class PossibleDuplicatesSerializer(serializers.Serializer[dict[str, Any]]):
    registration = RegistrationSerializer()
    threshold = serializers.IntegerField()
    policy_version = serializers.DateField()
    reasons = ReasonSerializer(many=True)
    duplicates = PossibleDuplicateSerializer(many=True)


class RegistrationConflictSerializer(serializers.ModelSerializer[RegistrationConflict]):
    registration = RegistrationSerializer()
    other = RegistrationSerializer()
    opportunity_key = serializers.CharField(source="opportunity.key")

    class Meta:
        model = RegistrationConflict
        fields = ("id", "opportunity", "opportunity_key", "detected_on", "registration", "other")


@extend_schema_view(
    list=extend_schema(summary="Deal registrations: all for a manager, a partner user's own partner's only"),
    retrieve=extend_schema(
        summary="One deal registration, with its timeline", responses={200: RegistrationDetailSerializer}
    ),
)
class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Registration]):
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter

    def get_queryset(self) -> QuerySet[Registration]:
        return selectors.visible_registrations(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return RegistrationDetailSerializer
        return RegistrationSerializer

    def _detail(self, registration: Registration, code: int = status.HTTP_200_OK) -> Response:
        # Read again as the list reads it: its relations joined or prefetched, not one query each.
        fresh = selectors.visible_registrations(self.request.user).get(pk=registration.pk)
        return Response(RegistrationDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="Register a deal (§7.3)",
        description=(
            "A Designated Partner Representative registers a deal for its partner, or a vendor manager records a "
            "registration received by email, naming `partner` and the date it was received (`submitted_on`). "
            "Refused with 422 and the violated rules (§7.3, §2.0, §4.0, §5.1) when an order for the opportunity "
            "was already placed, the partner's status or classification gives no deal registration, the country "
            "is outside its designated territories, consent is not confirmed, or the submitter is not a "
            "representative. 409 when the partner already claims the opportunity."
        ),
        request=RegistrationCreateSerializer,
        responses={201: RegistrationDetailSerializer, **PROBLEM_RESPONSES},
    )
    def create(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        # The membership first: for a partner user the same query tells the role.
        own = partner_for_user(user)
        manager = is_manager(user)
        if manager:
            own = None
        elif own is None:
            raise PermissionDenied("Only a partner's representative or a vendor manager registers deals.")
        serializer = RegistrationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partner = data["partner"] if manager else own
        assert partner is not None
        registration = services.registration_submit(
            partner=partner,
            end_customer=data["end_customer"],
            title=data["opportunity"],
            country=data["country"],
            estimated_value=data["estimated_value"],
            currency=data.get("currency"),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            consent_confirmed=data["consent_confirmed"],
            submitted_on=data.get("submitted_on") or today(),
            acting_user=user,
            recorded_from_email=manager,
            received_from=data.get("received_from", ""),
        )
        # Answered with what was just written (the service keeps its conflicts and timeline on it), not read again.
        return Response(
            RegistrationDetailSerializer(registration, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Approve a pending registration (manager); the partner is emailed",
        request=DealApproveSerializer,
        responses={200: RegistrationDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        user = require_manager(request)
        serializer = DealApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.registration_approve(
            registration=registration,
            approved_on=serializer.validated_data.get("approved_on") or today(),
            acting_user=user,
            note=serializer.validated_data.get("note", ""),
        )
        return self._detail(registration)

    @extend_schema(
        summary="Reject a pending registration with a reason (manager); the partner is emailed",
        request=DealRejectSerializer,
        responses={200: RegistrationDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        user = require_manager(request)
        serializer = DealRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.registration_reject(
            registration=registration,
            rejected_on=serializer.validated_data.get("rejected_on") or today(),
            reason=serializer.validated_data["reason"],
            acting_user=user,
        )
        return self._detail(registration)

    @extend_schema(
        summary="Close an approved registration as won or lost (manager)",
        request=DealCloseSerializer,
        responses={200: RegistrationDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        user = require_manager(request)
        serializer = DealCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.registration_close(
            registration=registration,
            outcome=serializer.validated_data["outcome"],
            closed_on=serializer.validated_data["closed_on"],
            acting_user=user,
        )
        return self._detail(registration)

    @extend_schema(summary="The registration's timeline", responses={200: RegistrationEventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        events = selectors.registration_events(registration, request.user)
        return Response(RegistrationEventSerializer(events, many=True).data)

    @extend_schema(
        summary="Possible duplicates of a registration, side by side with scores (manager, §7.3)",
        description="Never merged: exact matches are the same opportunity, near matches are for a manager to judge.",
        responses={200: PossibleDuplicatesSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["get"], url_path="possible-duplicates", filterset_class=None)
    def possible_duplicates(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        require_manager(request)
        decision, rows = selectors.possible_duplicates_of(registration)
        context = self.get_serializer_context()
        # One serializer for all the rows: its fields are built once, not once per row.
        shown = RegistrationSerializer([row.registration for row in rows], many=True, context=context).data
        body = {
            "registration": RegistrationSerializer(registration, context=context).data,
            "threshold": decision.facts["threshold"],
            "policy_version": decision.policy_version,
            "reasons": [reason.as_dict() for reason in decision.reasons],
            "duplicates": [
                {
                    "registration": data,
                    "score": row.match.score,
                    "customer_score": row.match.customer_score,
                    "title_score": row.match.title_score,
                    "matched_fields": list(row.match.fields),
                    "exact": row.match.exact,
                }
                for row, data in zip(rows, shown, strict=True)
            ],
        }
        return Response(body)

    @extend_schema(
        summary="The lead's personal data held on this registration (§7.3, personal data); the export is recorded",
        responses={200: PersonalDataSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["get"], url_path="personal-data", filterset_class=None)
    def personal_data(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        assert isinstance(request.user, User)
        services.personal_data_export_record(registration=registration, exported_on=today(), acting_user=request.user)
        record_security_event(
            SecurityEventKind.PERSONAL_DATA, request=request, detail={"registration": registration.pk}
        )
        return Response(PersonalDataSerializer(selectors.personal_data_of(registration)).data)

    @extend_schema(
        summary="Erase the lead's personal data on request (manager, §7.3 personal data)",
        description="Blanks the contact's name, email and phone; customer, amounts, dates and decisions stay.",
        request=PersonalDataEraseSerializer,
        responses={200: RegistrationDetailSerializer, **PROBLEM_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="erase-personal-data")
    def erase_personal_data(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        user = require_manager(request)
        serializer = PersonalDataEraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.personal_data_erase(
            registration=registration,
            erased_on=today(),
            acting_user=user,
            request_note=serializer.validated_data.get("note", ""),
        )
        return self._detail(registration)

    @extend_schema(
        summary="Everything held on one contact person, by email (a data subject's request, §7.3 personal data)",
        parameters=[OpenApiParameter("email", OpenApiTypes.EMAIL, required=True)],
        responses={200: PersonalDataSerializer(many=True), **PROBLEM_RESPONSES},
    )
    @action(detail=False, methods=["get"], url_path="personal-data", filterset_class=None, pagination_class=None)
    def person_data(self, request: Request) -> Response:
        email = request.query_params.get("email", "").strip()
        if "@" not in email:
            raise ValidationError({"email": ["Give the contact person's email address."]})
        assert isinstance(request.user, User)
        found = list(selectors.registrations_of_person(request.user, email))
        for registration in found:
            services.personal_data_export_record(
                registration=registration, exported_on=today(), acting_user=request.user
            )
        return Response([PersonalDataSerializer(selectors.personal_data_of(r)).data for r in found])

    @extend_schema(
        summary="Erase one contact person from every registration (manager, §7.3 personal data)",
        request=PersonalDataPersonEraseSerializer,
        responses={200: PersonalDataSerializer(many=True), **PROBLEM_RESPONSES},
    )
    @action(detail=False, methods=["post"], url_path="personal-data/erase", filterset_class=None, pagination_class=None)
    def person_erase(self, request: Request) -> Response:
        user = require_manager(request)
        serializer = PersonalDataPersonEraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        erased = [
            services.personal_data_erase(
                registration=registration,
                erased_on=today(),
                acting_user=user,
                request_note=serializer.validated_data.get("note", ""),
            )
            for registration in selectors.registrations_of_person(user, serializer.validated_data["email"])
        ]
        return Response([PersonalDataSerializer(selectors.personal_data_of(r)).data for r in erased])

    @extend_schema(
        summary="Export the registrations you may see as CSV (same filters as the list)",
        description=(
            f"Up to {exports.INLINE_ROWS} registrations answer 200 with the file. More (a manager's export of "
            "every registration), or any number with `Prefer: respond-async`, answer 202 with a background job "
            "that writes the file: follow `Location` (`GET /api/v1/jobs/{id}/`) until `status` is `done`, then "
            "download its `file`."
        ),
        parameters=ASYNC_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR, 202: JobSerializer, 400: PROBLEM_RESPONSES[400]},
    )
    def export(self, request: Request) -> HttpResponse:
        registrations = self.filter_queryset(self.get_queryset())
        if respond_async(request) or registrations[: exports.INLINE_ROWS + 1].count() > exports.INLINE_ROWS:
            user = request.user
            assert isinstance(user, User)
            job = exports.start_registrations_export(filters=dict(request.query_params.lists()), user=user)
            return job_accepted(request, job)
        rows = [exports.row(registration) for registration in registrations.prefetch_related(None)]
        record_security_event(
            SecurityEventKind.EXPORT, request=request, detail={"file": exports.FILENAME, "rows": len(rows)}
        )
        return csv_response(exports.FILENAME, exports.HEADER, rows)

    @extend_schema(
        summary="Conflicts: two partners registered one opportunity (manager)",
        responses={200: RegistrationConflictSerializer(many=True), **PROBLEM_RESPONSES},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def conflicts(self, request: Request) -> Response:
        require_manager(request)
        queryset = selectors.visible_conflicts(request.user)
        return Response(RegistrationConflictSerializer(queryset, many=True, context=self.get_serializer_context()).data)
