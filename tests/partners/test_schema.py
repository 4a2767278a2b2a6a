"""The OpenAPI schema stays valid and warning-free with the lifecycle and billing endpoints."""


def test_the_schema_validates_without_warnings_and_lists_the_lifecycle(openapi_schema):
    paths = openapi_schema["paths"]
    for path in (
        "/api/v1/partners/",
        "/api/v1/partners/{id}/",
        "/api/v1/partners/{id}/approve/",
        "/api/v1/partners/{id}/reject/",
        "/api/v1/partners/{id}/users/",
        "/api/v1/partners/{id}/events/",
        "/api/v1/partners/{id}/non-renewal-notices/",
        "/api/v1/invoices/",
        "/api/v1/invoices/{id}/pay/",
        "/api/v1/work-items/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/partners/"] and "get" in paths["/api/v1/partners/"]
