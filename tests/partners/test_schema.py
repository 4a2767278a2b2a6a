"""The OpenAPI schema stays valid and warning-free with the lifecycle and billing endpoints."""

from pathlib import Path

import yaml
from django.core.management import call_command


def test_the_schema_validates_without_warnings_and_lists_the_lifecycle(tmp_path: Path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
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
