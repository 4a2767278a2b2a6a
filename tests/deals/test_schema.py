"""The OpenAPI schema stays valid and warning-free with the deal, order and referral-fee endpoints."""


def test_the_schema_lists_the_deal_and_compensation_endpoints(openapi_schema):
    paths = openapi_schema["paths"]
    expected = {
        "/api/v1/deals/": {"get", "post"},
        "/api/v1/deals/{id}/": {"get"},
        "/api/v1/deals/{id}/approve/": {"post"},
        "/api/v1/deals/{id}/reject/": {"post"},
        "/api/v1/deals/{id}/close/": {"post"},
        "/api/v1/deals/{id}/possible-duplicates/": {"get"},
        "/api/v1/deals/{id}/personal-data/": {"get"},
        "/api/v1/deals/{id}/erase-personal-data/": {"post"},
        "/api/v1/deals/conflicts/": {"get"},
        "/api/v1/deals/export.csv": {"get"},
        "/api/v1/orders/": {"get", "post"},
        "/api/v1/orders/import/": {"post"},
        "/api/v1/referral-fees/": {"get"},
        "/api/v1/referral-fees/{id}/approve/": {"post"},
        "/api/v1/referral-fees/{id}/pay/": {"post"},
        "/api/v1/referral-fees/statement/": {"get"},
        "/api/v1/referral-fees/statement.csv": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    fee = openapi_schema["components"]["schemas"]["ReferralFee"]["properties"]
    assert {"order", "partner", "eligible", "amount", "currency", "reasons", "policy_version"} <= set(fee)
