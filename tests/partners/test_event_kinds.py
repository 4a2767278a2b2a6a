"""Timeline event kinds are enum members: one enum per app, values unique across apps, and no code writes
or reads a kind as a bare string (docs/architecture.md#writes-through-services)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import EventKind, record_event
from partnerhub.partners.models import PartnerEvent
from partnerhub.reactions import REACTIONS
from partnerhub.webhooks.models import TYPE_OF_KIND

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerhub"


def _kind_enums() -> list[type[EventKind]]:
    """Each installed app's enum of kinds, from its `events` module."""
    enums = []
    for config in apps.get_app_configs():
        if (SRC.parent / config.name.replace(".", "/") / "events.py").exists():
            module = importlib.import_module(f"{config.name}.events")
            enums += [
                v
                for v in vars(module).values()
                if isinstance(v, type) and issubclass(v, EventKind) and v is not EventKind
            ]
    return enums


def test_every_app_that_records_events_has_one_enum_and_no_value_is_claimed_twice():
    enums = _kind_enums()
    assert {enum.__module__.split(".")[1] for enum in enums} == {
        "partners",
        "billing",
        "people",
        "deals",
        "compensation",
        "benefits",
        "funds",
        "directory",
        "evaluations",
    }
    assert set(enums) == set(EventKind.__subclasses__())
    values = [member.value for enum in enums for member in enum]
    assert len(values) == len(set(values)), sorted(v for v in values if values.count(v) > 1)


def test_the_tables_that_read_kinds_name_members():
    assert all(isinstance(kind, EventKind) for kind in REACTIONS)
    assert all(isinstance(kind, EventKind) for kind in TYPE_OF_KIND)


def _calls_with_kind() -> list[tuple[Path, int, ast.expr]]:
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("record_event", "record"):
                    found += [(path, node.lineno, kw.value) for kw in node.keywords if kw.arg == "kind"]
    return found


def test_no_event_is_written_with_a_string_kind():
    calls = _calls_with_kind()
    assert len(calls) > 80
    strings = [
        f"{path.relative_to(SRC)}:{line}"
        for path, line, value in calls
        if any(
            isinstance(n, (ast.JoinedStr, ast.Constant)) and isinstance(getattr(n, "value", ""), str)
            for n in ast.walk(value)
        )
    ]
    assert strings == []


def test_every_kind_is_written_somewhere():
    """A member no code names is a kind nothing records: dead, or recorded under a string."""
    named = {
        f"{node.value.id}.{node.attr}"
        for path in SRC.rglob("*.py")
        if path.name != "events.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    unnamed = [f"{enum.__name__}.{member.name}" for enum in _kind_enums() for member in enum]
    assert [member for member in unnamed if member not in named] == []


@pytest.mark.django_db
def test_record_event_refuses_a_string_kind_and_writes_nothing(partner):
    with transaction.atomic(), pytest.raises(TypeError, match="'applied' is not an EventKind"):
        record_event(partner=partner, kind="applied", message="m", section="2.0", actor=None)  # type: ignore[arg-type]
    assert not PartnerEvent.objects.exists()


@pytest.mark.django_db
def test_the_row_stores_the_members_value(partner):
    with transaction.atomic():
        record_event(partner=partner, kind=PartnersEventKind.USER_ADDED, message="m", section="", actor=None)
    assert PartnerEvent.objects.values_list("kind", flat=True).get() == "user_added"
