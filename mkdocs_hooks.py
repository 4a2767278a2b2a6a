"""MkDocs hooks for the documentation site (see mkdocs.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """docs/contributing.md shows the root CONTRIBUTING.md, its links made relative to docs/."""
    if page.file.src_uri == "contributing.md":
        return (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").replace("](docs/", "](")
    return markdown
