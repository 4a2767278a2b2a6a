"""What every benefits service shares: reasons of a Decision as stored, refusals, row locks, state checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict, PolicyViolation, Violation
from partnerhub.policy.decision import Decision

M = TypeVar("M", bound=Model)


def decision_reasons(decision: Decision[Any]) -> list[dict[str, Any]]:
    return [reason.as_dict() for reason in decision.reasons]


def decision_sections(decision: Decision[Any]) -> str:
    return ", ".join(decision.sections)


def refuse(code: str, section: str, message: str) -> None:
    raise PolicyViolation([Violation(code, section, message)])


def locked(obj: M) -> M:
    """`obj` re-read under a row lock (PostgreSQL; SQLite serializes writes anyway), so that two concurrent
    decisions cannot both pass its state check."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_state(obj: Any, allowed: Iterable[str], action: str) -> None:
    allowed = tuple(allowed)
    if obj.status not in allowed:
        raise Conflict(
            gettext("cannot %(action)s: it is %(status)s, not %(allowed)s")
            % {"action": action, "status": obj.status, "allowed": " or ".join(allowed)}
        )
