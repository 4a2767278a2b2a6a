"""Section numbers come from the policy data (docs/policy.md#sections): no module outside `partnerhub/policy/`
names one as a literal, so that a later version of the policy can renumber its sections."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "partnerhub"
SECTIONS = re.compile(r"\d{1,2}\.\d{1,2}(, \d{1,2}\.\d{1,2})*")


def section_literals(tree: ast.AST) -> list[int]:
    """The lines of the strings that are section numbers ("2.0", "2.0, 5.1"), amounts (`Decimal("0.01")`) aside."""
    amounts = {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Decimal"
        for argument in node.args
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SECTIONS.fullmatch(node.value)
        and id(node) not in amounts
    ]


def test_the_check_finds_a_section_literal() -> None:
    assert section_literals(ast.parse('record(section="2.0")\nsend(section="2.0, 5.1")\nx = Decimal("0.01")')) == [1, 2]


def test_no_section_literal_outside_policy() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        if not {"policy", "migrations"} & set(path.relative_to(SOURCE).parts)
        for line in section_literals(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []
