"""The OpenAPI schema stays valid and warning-free with the benefits endpoints, and documents the upload."""


def test_the_schema_lists_the_benefits_endpoints(openapi_schema):
    schema = openapi_schema
    paths = schema["paths"]
    expected = {
        "/api/v1/partners/{id}/benefits/": {"get"},
        "/api/v1/partners/{id}/benefits/{benefit}/": {"get"},
        "/api/v1/benefit-requests/": {"get", "post"},
        "/api/v1/benefit-requests/{id}/fulfil/": {"post"},
        "/api/v1/benefit-requests/{id}/decline/": {"post"},
        "/api/v1/marketplace-listings/": {"get", "post"},
        "/api/v1/marketplace-listings/standards/": {"get"},
        "/api/v1/marketplace-listings/{id}/review/": {"post"},
        "/api/v1/marketplace-listings/{id}/publish/": {"post"},
        "/api/v1/marketplace-listings/{id}/withdraw/": {"post"},
        "/api/v1/leads/": {"get", "post"},
        "/api/v1/leads/{id}/offer/": {"post"},
        "/api/v1/lead-offers/{id}/accept/": {"post"},
        "/api/v1/lead-offers/{id}/decline/": {"post"},
        "/api/v1/product-subscriptions/": {"get", "post"},
        "/api/v1/product-subscriptions/{id}/revoke/": {"post"},
        "/api/v1/marketing-grants/": {"get", "post"},
        "/api/v1/marketing-reviews/": {"get", "post"},
        "/api/v1/marketing-payments/": {"get", "post"},
        "/api/v1/marketing-payments/{id}/documents/": {"post"},
        "/api/v1/marketing-documents/{id}/download/": {"get"},
        "/api/v1/trademark-usages/": {"get", "post"},
        "/api/v1/trademark-usages/{id}/approve/": {"post"},
        "/api/v1/trademark-usages/{id}/withdraw/": {"post"},
        "/api/v1/demonstrations/": {"get", "post"},
        "/api/v1/demonstrations/{id}/advise/": {"post"},
        "/api/v1/demonstrations/flagged/": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    upload = paths["/api/v1/marketing-payments/{id}/documents/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    assert "acknowledged_cost" in schema["components"]["schemas"]["BenefitRequestCreateRequest"]["properties"]
