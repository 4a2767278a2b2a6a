"""The OpenAPI schema stays valid and warning-free with the evaluation and policy-preview endpoints."""


def test_the_schema_lists_the_evaluation_endpoints(openapi_schema) -> None:
    schema = openapi_schema
    paths = schema["paths"]
    expected = {
        "/api/v1/evaluations/": {"get", "post"},
        "/api/v1/evaluations/{id}/": {"get"},
        "/api/v1/evaluations/{id}/scorecards/": {"get"},
        "/api/v1/evaluations/{id}/scorecards/{card_pk}/": {"get"},
        "/api/v1/evaluations/{id}/scorecards/{card_pk}/decision/": {"post"},
        "/api/v1/evaluations/{id}/accept/": {"post"},
        "/api/v1/evaluations/notices/": {"get"},
        "/api/v1/evaluations/notices/{id}/": {"get"},
        "/api/v1/evaluations/notices/{id}/pdf/": {"get"},
        "/api/v1/policy/diff/": {"get"},
        "/api/v1/policy/drafts/": {"get", "post"},
        "/api/v1/policy/drafts/{id}/": {"get"},
        "/api/v1/policy/drafts/{id}/preview/": {"get"},
        "/api/v1/policy/drafts/{id}/publish/": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    line = schema["components"]["schemas"]["ScorecardLine"]["properties"]
    assert {"requirement", "value", "threshold", "met", "section", "missing", "policy_version"} <= set(line)
    run = schema["components"]["schemas"]["Run"]["properties"]
    assert {"period", "notification_due", "review_month", "policy_version"} <= set(run)
