"""What changed between two policy versions (docs/policy.md#r1-4): a structural diff of the validated documents.

Both policies are compared as the data they validated to, not as text, so a re-ordered or re-formatted
file shows no change and `0.9` equals `0.90`. Lists of keyed parts (classifications, requirements,
benefits, products, regions) are matched by their `key`, the evaluation periods by their quarter; every
change has a path that names the part it touches:

    requirements[sales_resources].thresholds.solution: 10 → 12
    classifications[oem]: removed (OEM Partner)
    calendar.evaluations[Q2].notify_by.day: 1 → 5
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from partnerhub.policy.model import Policy

ChangeKind = Literal["added", "removed", "changed"]
ARROW = "→"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: a value changed, or a part added or removed. `old`/`new` are JSON-ready."""

    path: str
    kind: ChangeKind
    old: Any
    new: Any

    @property
    def part(self) -> str:
        """The top-level part of the policy it touches: "requirements", "fees", "calendar" …"""
        return _PART.split(self.path, maxsplit=1)[0]

    @property
    def text(self) -> str:
        if self.kind == "added":
            return f"{self.path}: added ({_describe(self.new)})"
        if self.kind == "removed":
            return f"{self.path}: removed ({_describe(self.old)})"
        return f"{self.path}: {_show(self.old)} {ARROW} {_show(self.new)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "part": self.part,
            "kind": self.kind,
            "from": self.old,
            "to": self.new,
            "text": self.text,
        }


_PART = re.compile(r"[.\[]")


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    from_version: dt.date
    to_version: dt.date
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> dict[str, int]:
        """How many changes touch each part of the policy, in the order they first appear."""
        return dict(Counter(change.part for change in self.changes))

    def as_dict(self) -> dict[str, Any]:
        return {
            "from_version": self.from_version.isoformat(),
            "to_version": self.to_version.isoformat(),
            "summary": self.summary,
            "changes": [change.as_dict() for change in self.changes],
        }


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """Every difference between `old` and `new`, in the order of the policy document."""
    changes = tuple(_diff(old.model_dump(mode="python"), new.model_dump(mode="python"), ""))
    return PolicyDiff(from_version=old.version_date, to_version=new.version_date, changes=changes)


def differs_only_in_wording(old: Policy, new: Policy) -> bool:
    """Whether every difference between `old` and `new` is in an `interpretation:` text.

    Interpretations explain the value beside them; no rule reads them. A file whose interpretations were
    reworded (a reference corrected, a sentence clarified) therefore decides exactly what the stored version
    decides, and publishing it again changes nothing.
    """
    return all(change.path.rsplit(".", 1)[-1] == "interpretation" for change in diff_policies(old, new).changes)


def _diff(old: Any, new: Any, path: str) -> Iterator[Change]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for name in [*old, *(name for name in new if name not in old)]:
            where = f"{path}.{name}" if path else str(name)
            if name not in new:
                yield Change(where, "removed", _jsonable(old[name]), None)
            elif name not in old:
                yield Change(where, "added", None, _jsonable(new[name]))
            else:
                yield from _diff(old[name], new[name], where)
        return
    if _is_list(old) and _is_list(new):
        old_ids, new_ids = _identities(old), _identities(new)
        if old_ids is not None and new_ids is not None:
            old_by = dict(zip(old_ids, old, strict=True))
            new_by = dict(zip(new_ids, new, strict=True))
            for ident in [*old_ids, *(ident for ident in new_ids if ident not in old_by)]:
                where = f"{path}[{ident}]"
                if ident not in new_by:
                    yield Change(where, "removed", _jsonable(old_by[ident]), None)
                elif ident not in old_by:
                    yield Change(where, "added", None, _jsonable(new_by[ident]))
                else:
                    yield from _diff(old_by[ident], new_by[ident], where)
            return
    if not _same(old, new):
        yield Change(path, "changed", _jsonable(old), _jsonable(new))


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple)


def _identities(items: Any) -> list[str] | None:
    """The identity of each item of a list of parts (its key, or Qn for an evaluation period); None for
    a list of plain values, or when identities are missing or repeated (then it compares as a value)."""
    idents: list[str] = []
    for item in items:
        if not isinstance(item, Mapping):
            return None
        if isinstance(item.get("key"), str):
            idents.append(item["key"])
        elif isinstance(item.get("quarter"), int):
            idents.append(f"Q{item['quarter']}")
        else:
            return None
    return idents if len(set(idents)) == len(idents) else None


def _same(old: Any, new: Any) -> bool:
    if _is_list(old) and _is_list(new):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(old == new)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(name): _jsonable(item) for name, item in value.items()}
    if _is_list(value):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decimal_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{name}: {_show(item)}" for name, item in value.items()) + "}"
    if isinstance(value, str) and len(value) > 80:
        return repr(value[:77] + "...")
    return str(value)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        for name in ("label", "name", "title"):
            if isinstance(value.get(name), str):
                return str(value[name])
    return _show(value)
