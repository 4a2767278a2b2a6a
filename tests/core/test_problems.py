"""Every API error answers RFC 9457 problem details (application/problem+json)."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import RequestFactory
from django.urls import include, path
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerhub.core.errors import Conflict, InvalidInput, PolicyViolation, Refusal, Violation
from partnerhub.core.permissions import IsManager
from partnerhub.core.problems import PROBLEM_CONTENT_TYPE, field_errors, server_error_view

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "errors", "violations"}


class ManagerOnlyView(APIView):
    permission_classes = (IsManager,)

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class RefusedByPolicyView(APIView):
    def post(self, request: Request) -> Response:
        raise PolicyViolation(
            [
                Violation("registration_after_order", "7.3", "An order was already placed."),
                Violation("not_representative", "7.3", "Only a representative may register deals."),
            ]
        )


class ConflictingView(APIView):
    def post(self, request: Request) -> Response:
        raise Conflict("The partner was already rejected.")


class NestedValidationView(APIView):
    def post(self, request: Request) -> Response:
        raise ValidationError({"name": ["This field is required."], "address": {"country": ["Unknown."]}})


class DomainValidationView(APIView):
    def post(self, request: Request) -> Response:
        if "plain" in request.data:
            raise DjangoValidationError("A user belongs to one partner only.")
        raise DjangoValidationError({"territories": ["'XX' is not an ISO 3166-1 alpha-2 country code."]})


class InvalidInputView(APIView):
    def post(self, request: Request) -> Response:
        raise InvalidInput("reason", "Say why the request is declined.")


urlpatterns = [
    path("api/v1/test/manager-only/", ManagerOnlyView.as_view()),
    path("api/v1/test/policy/", RefusedByPolicyView.as_view()),
    path("api/v1/test/conflict/", ConflictingView.as_view()),
    path("api/v1/test/validation/", NestedValidationView.as_view()),
    path("api/v1/test/domain-validation/", DomainValidationView.as_view()),
    path("api/v1/test/invalid-input/", InvalidInputView.as_view()),
    path("", include("partnerhub.config.urls")),
]

with_test_routes = pytest.mark.urls(__name__)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body: dict = response.json()
    assert body.keys() >= PROBLEM_MEMBERS
    assert body["status"] == status
    return body


def test_broken_json_is_a_400_problem(api_client):
    response = api_client().post("/api/v1/auth/token/", data='{"username": ', content_type="application/json")

    body = assert_problem(response, 400)
    assert body["type"] == "https://partnerhub.example/problems/malformed-request"
    assert "JSON parse error" in body["detail"]
    assert body["instance"] == "/api/v1/auth/token/"


def test_unknown_api_path_is_a_404_problem(api_client, manager_user):
    body = assert_problem(api_client(manager_user).get("/api/v1/no-such-thing/"), 404)

    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"


def test_unknown_page_outside_the_api_is_an_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content


def test_wrong_method_is_a_405_problem(api_client):
    response = api_client().get("/api/v1/auth/token/")

    body = assert_problem(response, 405)
    assert "GET" in body["detail"]
    assert "POST" in response["Allow"]


@with_test_routes
def test_partner_user_calling_a_manager_only_endpoint_gets_403(api_client, partner_user):
    body = assert_problem(api_client(partner_user).get("/api/v1/test/manager-only/"), 403)

    assert body["detail"] == "Only a vendor manager may do this."


@with_test_routes
def test_manager_calling_a_manager_only_endpoint_passes(api_client, manager_user):
    response = api_client(manager_user).get("/api/v1/test/manager-only/")

    assert response.status_code == 200
    assert response.json() == {"ok": True}


@with_test_routes
def test_anonymous_call_is_a_401_problem_with_a_challenge(api_client):
    response = api_client().get("/api/v1/test/manager-only/")

    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert body["detail"] == "Authentication credentials were not provided."


@with_test_routes
def test_unknown_token_is_a_401_problem(api_client):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    body = assert_problem(client.get("/api/v1/test/manager-only/"), 401)

    assert body["detail"] == "Invalid token."


@with_test_routes
def test_policy_violation_is_a_422_listing_each_rule_with_its_section(api_client, partner_user):
    body = assert_problem(api_client(partner_user).post("/api/v1/test/policy/", {}, format="json"), 422)

    assert body["type"] == "https://partnerhub.example/problems/policy-violation"
    assert body["violations"] == [
        {"code": "registration_after_order", "section": "7.3", "message": "An order was already placed."},
        {
            "code": "not_representative",
            "section": "7.3",
            "message": "Only a representative may register deals.",
        },
    ]
    assert "(§7.3)" in body["detail"]
    assert body["errors"] == {}


@with_test_routes
def test_conflict_is_a_409_problem(api_client, manager_user):
    body = assert_problem(api_client(manager_user).post("/api/v1/test/conflict/", {}, format="json"), 409)

    assert body["type"] == "https://partnerhub.example/problems/conflict"
    assert body["detail"] == "The partner was already rejected."


@with_test_routes
def test_validation_error_is_a_400_problem_with_errors_per_field(api_client, manager_user):
    body = assert_problem(api_client(manager_user).post("/api/v1/test/validation/", {}, format="json"), 400)

    assert body["type"] == "https://partnerhub.example/problems/validation-error"
    assert body["errors"] == {"name": ["This field is required."], "address.country": ["Unknown."]}
    assert body["detail"] == "Invalid fields: name, address.country."
    assert body["violations"] == []


@with_test_routes
def test_a_services_django_validation_error_is_a_400_problem(api_client, manager_user):
    client = api_client(manager_user)
    per_field = assert_problem(client.post("/api/v1/test/domain-validation/", {}, format="json"), 400)
    general = assert_problem(client.post("/api/v1/test/domain-validation/", {"plain": 1}, format="json"), 400)

    assert per_field["errors"] == {"territories": ["'XX' is not an ISO 3166-1 alpha-2 country code."]}
    assert general["errors"] == {"non_field_errors": ["A user belongs to one partner only."]}
    assert general["detail"] == "A user belongs to one partner only."


@with_test_routes
def test_a_services_invalid_input_is_a_400_problem_naming_its_field(api_client, manager_user):
    body = assert_problem(api_client(manager_user).post("/api/v1/test/invalid-input/", {}, format="json"), 400)

    assert body["type"] == "https://partnerhub.example/problems/validation-error"
    assert body["errors"] == {"reason": ["Say why the request is declined."]}
    assert body["detail"] == "Invalid fields: reason."


def test_invalid_input_says_its_messages_for_a_jobs_reason_and_takes_several_fields():
    one = InvalidInput("file", "orders.csv is not UTF-8 text; nothing was imported")
    several = InvalidInput({"list_price": ["A list price is not negative."], "partner": ["Name the partner."]})

    assert str(one) == "orders.csv is not UTF-8 text; nothing was imported"
    assert several.message_dict == {"list_price": ["A list price is not negative."], "partner": ["Name the partner."]}
    assert str(several) == "A list price is not negative. Name the partner."


@pytest.mark.parametrize(
    "refusal", [InvalidInput("a", "b"), Conflict("c"), PolicyViolation([Violation("d", "2.0", "e")])]
)
def test_every_kind_of_refusal_is_a_refusal(refusal):
    assert isinstance(refusal, Refusal)


def test_field_errors_flattens_nested_lists_and_keeps_non_field_errors():
    detail = {
        "non_field_errors": ["Dates overlap."],
        "lines": [{}, {"amount": ["Must be positive."]}],
        "territories": {1: ["'XX' is not a country."]},
    }

    assert field_errors(detail) == {
        "non_field_errors": ["Dates overlap."],
        "lines.1.amount": ["Must be positive."],
        "territories.1": ["'XX' is not a country."],
    }
    assert field_errors(["Not allowed."]) == {"non_field_errors": ["Not allowed."]}


def test_policy_violation_needs_a_violated_rule():
    with pytest.raises(ValueError, match="at least one"):
        PolicyViolation([])


def test_server_error_under_the_api_is_a_500_problem():
    response = server_error_view(RequestFactory().get("/api/v1/partners/"))

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert b'"status": 500' in response.content


def test_server_error_outside_the_api_is_an_html_page():
    response = server_error_view(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
