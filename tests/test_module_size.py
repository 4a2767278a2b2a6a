"""Rooms small enough to know (docs/architecture.md#rule-10): no module of the product above 600 lines.

A module that grows past the limit is split along the banners already in it, into a package with one
module per sub-domain (as `benefits/api/` and `portal/demo/` are); migrations are generated and exempt.
"""

from __future__ import annotations

from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "partnerhub"
LIMIT = 600


def module_lengths() -> dict[str, int]:
    return {
        str(path.relative_to(SOURCE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts
    }


def test_no_module_above_the_limit() -> None:
    too_long = {name: length for name, length in module_lengths().items() if length > LIMIT}
    assert not too_long, f"modules above {LIMIT} lines, to split into a package: {too_long}"
