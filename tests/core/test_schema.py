import pytest


def test_schema_is_served(api_client):
    response = api_client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "Partnerhub API",
        "version": "v1",
        "description": schema["info"]["description"],
    }
    assert "/api/v1/auth/token/" in schema["paths"]


def test_docs_use_only_assets_served_by_the_app(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode().lower()
    for outside in ("cdn", "unpkg", "jsdelivr", "https://", "http://"):
        assert outside not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui.css"])
def test_swagger_ui_assets_are_served_locally(client, asset):
    response = client.get(f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}")

    assert response.status_code == 200
