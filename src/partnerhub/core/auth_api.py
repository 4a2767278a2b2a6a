"""`/api/v1/auth/…`: API tokens (django-rest-knox) and `/api/v1/security-events/` (docs/security.md).

A token is shown once, when it is created; the database keeps its SHA-512 digest and its first characters
(`id`), by which its owner lists and revokes it. Tokens expire after API_TOKEN_TTL_HOURS.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from allauth.mfa.base.forms import AuthenticateForm
from django.contrib.auth import authenticate
from django.contrib.auth import logout as session_logout
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core import serializers
from partnerhub.core.api import PROBLEM_RESPONSES, valid
from partnerhub.core.models import SecurityEvent, SecurityEventKind
from partnerhub.core.permissions import SIGNED_IN, IsManager, require_manager
from partnerhub.core.security import has_mfa, must_use_mfa, record_security_event

CREDENTIALS_REFUSED = "Unable to log in with provided credentials."


class CredentialsSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=64,
        required=False,
        help_text="The authenticator app's current code, or a recovery code; required once the user set up MFA.",
    )


class NewTokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only this once.")
    id = serializers.CharField(help_text="The token's first characters: how it is listed and revoked.")
    expiry = serializers.DateTimeField()


class TokenSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(source="token_key")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField(help_text="whether this request was authenticated with it")

    def get_current(self, token: AuthToken) -> bool:
        used = self.context["request"].auth
        return isinstance(used, AuthToken) and used.digest == token.digest


class ObtainTokenView(APIView):
    """Password (and the second factor, once set up) for an expiring API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        summary="Sign in: an expiring API token for a user name and password",
        request=CredentialsSerializer,
        responses={
            200: NewTokenSerializer,
            400: PROBLEM_RESPONSES[400],
            403: OpenApiResponse(description="The user's role requires multi-factor sign-in, not yet set up"),
            429: OpenApiResponse(description="Too many failed sign-ins for this user or address (Retry-After)"),
        },
    )
    def post(self, request: Request) -> Response:
        credentials = valid(CredentialsSerializer, request)
        # django-axes counts the failure against the user name and the address, on the Django request.
        user = authenticate(request._request, username=credentials["username"], password=credentials["password"])
        if not isinstance(user, User):
            raise ValidationError({"non_field_errors": [CREDENTIALS_REFUSED]})
        if has_mfa(user):
            self._check_second_factor(user, credentials.get("code"))
        elif must_use_mfa(user):
            raise PermissionDenied("Your role requires multi-factor sign-in: set it up in the portal first.")
        instance, token = AuthToken.objects.create(user=user)
        record_security_event(
            SecurityEventKind.TOKEN_CREATED, request=request, user=user, detail={"id": instance.token_key}
        )
        return Response({"token": token, "id": instance.token_key, "expiry": instance.expiry})

    @staticmethod
    def _check_second_factor(user: User, code: str | None) -> None:
        if not code:
            raise ValidationError({"code": ["This user signs in with a second factor: give its current code."]})
        form = AuthenticateForm(user=user, data={"code": code})
        if not form.is_valid():
            raise ValidationError({"code": [str(message) for message in form.errors["code"]]})
        form.authenticator.record_usage()


class OwnTokensView(generics.ListAPIView[AuthToken]):
    serializer_class = TokenSerializer
    permission_classes = SIGNED_IN
    pagination_class = None

    def get_queryset(self) -> QuerySet[AuthToken]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema: no user
            return cast(QuerySet[AuthToken], AuthToken.objects.none())
        mine = AuthToken.objects.filter(user=self.request.user, expiry__gt=timezone.now())
        return cast(QuerySet[AuthToken], mine.order_by("-created"))

    @extend_schema(summary="The signed-in user's unexpired API tokens")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class RevokeOwnTokenView(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Revoke one of the signed-in user's tokens", responses={204: None, 404: PROBLEM_RESPONSES[404]}
    )
    def delete(self, request: Request, token_id: str) -> Response:
        revoked, _ = AuthToken.objects.filter(user=request.user, token_key=token_id).delete()
        if not revoked:
            raise NotFound("You have no token with this id.")
        record_security_event(SecurityEventKind.TOKEN_REVOKED, request=request, detail={"id": token_id})
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOutView(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(summary="Sign out: revoke the token this request was made with", request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            token_id = request.auth.token_key
            request.auth.delete()
            record_security_event(SecurityEventKind.TOKEN_REVOKED, request=request, detail={"id": token_id})
        else:
            session_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RevokeUserTokensView(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Revoke every API token of a user (vendor managers)",
        request=None,
        responses={
            200: inline_serializer("RevokedTokens", {"revoked": serializers.IntegerField()}),
            403: PROBLEM_RESPONSES[403],
            404: PROBLEM_RESPONSES[404],
        },
    )
    def post(self, request: Request, user_id: int) -> Response:
        require_manager(request)
        user = get_object_or_404(User, pk=user_id)
        revoked, _ = AuthToken.objects.filter(user=user).delete()
        record_security_event(
            SecurityEventKind.TOKEN_REVOKED, request=request, detail={"of_user": user.get_username(), "count": revoked}
        )
        return Response({"revoked": revoked})


class SecurityEventSerializer(serializers.ModelSerializer[SecurityEvent]):
    class Meta:
        model = SecurityEvent
        fields = ("id", "at", "kind", "user", "username", "ip_address", "method", "path", "detail")


class SecurityEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")

    class Meta:
        model = SecurityEvent
        fields = ("kind", "user", "username")


class SecurityEventsView(generics.ListAPIView[SecurityEvent]):
    serializer_class = SecurityEventSerializer
    permission_classes = (*SIGNED_IN, IsManager)
    filterset_class = SecurityEventFilter
    queryset = SecurityEvent.objects.all()

    @extend_schema(
        summary="The security event log (vendor managers)",
        responses={200: SecurityEventSerializer(many=True), 403: PROBLEM_RESPONSES[403]},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
