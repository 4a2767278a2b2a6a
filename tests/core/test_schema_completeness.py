"""The OpenAPI schema lists every answer an operation can give (core.schema); `make fuzz` checks it against the
running server, these tests check the schema itself."""

from typing import Any

import pytest

from partnerhub.benefits.uploads import EXTENSIONS

PROBLEM = "application/problem+json"
# Answered without credentials: signing in, and the public partner directory (docs/directory.md).
OPEN_OPERATIONS = {("post", "/api/v1/auth/token/"), ("get", "/api/v1/directory/")}


def operations(schema: dict[str, Any]):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_every_operation_lists_its_problem_answers(openapi_schema):
    missing = []
    for method, path, operation in operations(openapi_schema):
        expected = {"429"}
        if (method, path) not in OPEN_OPERATIONS:
            expected.add("401")
        if "{" in path:
            expected.add("404")
        if method in {"post", "put", "patch"}:
            expected |= {"400", "413"}
            if (method, path) not in OPEN_OPERATIONS:
                expected.add("403")  # CSRF, under session authentication
        if "requestBody" in operation:
            expected.add("415")
        if any(parameter["in"] == "query" for parameter in operation.get("parameters", [])):
            expected.add("400")
        absent = expected - set(operation["responses"])
        if absent:
            missing.append(f"{method.upper()} {path}: {sorted(absent)}")
    assert missing == []


def test_no_operation_lists_answers_it_cannot_give(openapi_schema):
    wrong = []
    for method, path, operation in operations(openapi_schema):
        responses = operation["responses"]
        if "requestBody" not in operation and "415" in responses:
            wrong.append(f"{method.upper()} {path}: 415 without a request body")
        if method == "get" and "413" in responses:
            wrong.append(f"{method.upper()} {path}: 413 on a GET")
    assert wrong == []


def test_every_error_answer_is_problem_details(openapi_schema):
    not_problems = [
        f"{method.upper()} {path} {status}"
        for method, path, operation in operations(openapi_schema)
        for status, response in operation["responses"].items()
        if int(status) >= 400
        and status != "414"  # the HTTP server's own page
        and response.get("content") != {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    ]
    assert not_problems == []


def test_the_problem_component_has_the_members_every_error_carries(openapi_schema):
    problem = openapi_schema["components"]["schemas"]["Problem"]

    assert set(problem["properties"]) == {"type", "title", "status", "detail", "instance", "errors", "violations"}
    assert set(problem["required"]) == {"type", "title", "status", "detail", "errors", "violations"}


def test_a_throttled_answer_says_when_to_try_again(openapi_schema):
    for _method, _path, operation in operations(openapi_schema):
        assert "Retry-After" in operation["responses"]["429"]["headers"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        # a manager-only permission class
        ("get", "/api/v1/security-events/", "403"),
        # the token endpoint: no credentials to refuse, but a role that must use MFA, and the lockout
        ("post", "/api/v1/auth/token/", "403"),
        ("post", "/api/v1/auth/token/", "429"),
    ],
)
def test_declared_and_derived_answers_are_both_listed(openapi_schema, method, path, status):
    assert status in openapi_schema["paths"][path][method]["responses"]


def test_the_token_endpoint_never_answers_401(openapi_schema):
    assert "401" not in openapi_schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


def test_a_manager_only_list_lists_its_403(openapi_schema):
    assert "403" in openapi_schema["paths"]["/api/v1/standing/"]["get"]["responses"]


def test_a_benefit_request_refused_by_the_policy_is_a_listed_422(openapi_schema):
    assert "422" in openapi_schema["paths"]["/api/v1/benefit-requests/"]["post"]["responses"]


@pytest.mark.parametrize(
    ("component", "field"),
    [("Registration", "decided_by"), ("RegistrationEvent", "actor"), ("ReferralFeeEvent", "actor")],
)
def test_a_user_who_may_be_missing_is_nullable(openapi_schema, component, field):
    assert openapi_schema["components"]["schemas"][component]["properties"][field]["nullable"] is True


def test_a_registrations_conflicts_are_optional_as_partner_users_never_see_them(openapi_schema):
    registration = openapi_schema["components"]["schemas"]["Registration"]

    assert "conflicts" in registration["properties"]
    assert "conflicts" not in registration["required"]


def test_answered_texts_carry_no_input_length_limit(openapi_schema):
    schemas = openapi_schema["components"]["schemas"]

    assert "maxLength" not in schemas["Reason"]["properties"]["message"]
    assert "maxLength" not in schemas["Problem"]["properties"]["errors"]["additionalProperties"]["items"]
    assert "maxLength" not in schemas["Problem"]["properties"]["detail"]


def test_the_webhook_event_types_are_a_plain_list(openapi_schema):
    answer = openapi_schema["paths"]["/api/v1/webhooks/endpoints/event-types/"]["get"]["responses"]["200"]

    assert answer["content"]["application/json"]["schema"]["type"] == "array"


def test_every_operation_lists_the_http_servers_answer_to_a_long_address(openapi_schema):
    for _method, _path, operation in operations(openapi_schema):
        assert "text/html" in operation["responses"]["414"]["content"]


def test_every_write_of_a_domain_app_lists_the_refusals_of_its_service(openapi_schema):
    """A service may refuse a write for the object's state (409) or a rule of the policy (422); the fuzz run
    met both on actions that did not list them (certifications, trademark usages, obligations …)."""
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in operations(openapi_schema)
        if method in {"post", "put", "patch", "delete"}
        and not path.startswith(("/api/v1/auth/", "/api/v1/users/", "/api/v1/jobs/"))
        and not {"409", "422"} <= set(operation["responses"])
    ]
    assert missing == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/partners/{id}/users/",
        "/api/v1/partners/{id}/classification-history/",
        "/api/v1/partners/{id}/non-renewal-notices/",
        "/api/v1/deals/{id}/events/",
    ],
)
def test_a_list_served_whole_is_described_as_a_list_not_a_page(openapi_schema, path):
    body = openapi_schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert body["type"] == "array"


def test_the_first_classification_has_an_empty_from_in_the_schema(openapi_schema):
    field = openapi_schema["components"]["schemas"]["ClassificationChange"]["properties"]["from_classification"]

    components = openapi_schema["components"]["schemas"]
    options = [components[option["$ref"].rsplit("/", 1)[1]] for option in field["oneOf"]]

    assert any("" in option.get("enum", []) for option in options)


@pytest.mark.parametrize(
    "path", ["/api/v1/marketing-documents/{id}/download/", "/api/v1/joint-marketing/proof/{id}/download/"]
)
def test_a_stored_document_is_documented_with_every_type_it_is_served_as(openapi_schema, path):
    """A download answers with the type its content was recognised as on upload, so each of those is documented."""
    content = openapi_schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == set(EXTENSIONS)
