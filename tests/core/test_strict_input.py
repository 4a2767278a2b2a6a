"""The input rules of core.validators, as the API's serializers and the portal's forms apply them."""

import ast
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from partnerhub.core import forms, serializers
from partnerhub.core.validators import (
    BIGINT_MAX,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    check_period,
    validate_currency,
    validate_multiline_text,
    validate_name,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerhub"

HOSTILE_NAMES = [
    "Acme\x1b[31m Corp",  # a terminal escape
    "Acme\x00",
    "Acme\x7f",
    "Acme\x85",  # C1 next line
    "Acme\u202eexe.txt",  # right-to-left override
    "Acme\u2066x\u2069",  # isolates
    "Acme\u200bCorp",  # zero-width space
    "Acme\ufeff",
    "Acme\u2028Corp",
    "Acme\nCorp",
    "Acme\tCorp",
]


@pytest.mark.parametrize("value", HOSTILE_NAMES)
def test_a_name_refuses_control_bidi_and_invisible_characters(value):
    with pytest.raises(ValidationError, match=r"U\+[0-9A-F]{4}"):
        validate_name(value)


@pytest.mark.parametrize(
    "value",
    [
        "Zoë Müller-Łukasiewicz",
        "株式会社テスト",
        "\u0634\u0631\u06a9\u062a\u200c\u0647\u0627",
        "👩\u200d💻 Team",
        "O'Brien",
    ],
)
def test_names_in_any_script_pass(value):
    validate_name(value)


def test_a_multi_line_text_keeps_its_line_breaks_and_tabs_but_not_escapes():
    validate_multiline_text("first line\r\nsecond\tline")
    with pytest.raises(ValidationError):
        validate_multiline_text("fine\n\x1b]0;pwned\x07")
    with pytest.raises(ValidationError):
        validate_multiline_text("note \u202e")


@pytest.mark.parametrize("code", ["€€€", "eur", "EU", "EURO", "XXQ", "ÉUR", "", None, 978])
def test_a_currency_is_an_iso_4217_code(code):
    with pytest.raises(ValidationError):
        validate_currency(code)


@pytest.mark.parametrize("code", ["EUR", "USD", "JPY", "CHF"])
def test_iso_4217_codes_pass(code):
    validate_currency(code)


@pytest.mark.parametrize("text", ["9999Q4", "0001Q1", "1899Q4", "2019Q5", "2019Q0", "19Q1", "2019q1", " 2019Q1 x"])
def test_absurd_or_malformed_periods_are_refused(text):
    with pytest.raises(ValidationError):
        check_period(text)


def test_a_period_within_the_bounds_passes():
    assert check_period("2019Q2") == (2019, 2)


class Sample(serializers.Serializer):
    name = serializers.CharField()
    note = serializers.TextField(required=False)
    limited = serializers.CharField(max_length=5, required=False)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    count = serializers.IntegerField(required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    currency = serializers.CurrencyField(required=False)
    period = serializers.PeriodField(required=False)


def errors_of(data):
    serializer = Sample(data={"name": "Acme", **data})
    assert not serializer.is_valid()
    return serializer.errors


@pytest.mark.parametrize("raw", ["1_000", " 5.00", "5.00 ", "1e3", "NaN", "Infinity", "+5", "5.", ".5", "\u0665"])
def test_a_serializer_takes_plain_decimals_only(raw):
    assert "amount" in errors_of({"amount": raw})


@pytest.mark.parametrize(
    ("raw", "value"), [("1000.50", Decimal("1000.50")), ("-3", Decimal("-3")), (12.5, Decimal("12.5"))]
)
def test_plain_decimals_and_json_numbers_pass(raw, value):
    serializer = Sample(data={"name": "Acme", "amount": raw})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["amount"] == value


def test_a_serializer_field_refuses_hostile_text_also_inside_lists():
    assert "name" in errors_of({"name": "Acme\u202e"})
    assert "tags" in errors_of({"tags": ["ok", "bad\x1b[0m"]})


def test_a_note_may_span_lines_a_name_may_not():
    serializer = Sample(data={"name": "Acme", "note": "line one\nline two"})
    assert serializer.is_valid(), serializer.errors
    assert "name" in errors_of({"name": "Acme\nCorp"})


def test_every_text_field_has_a_length_limit():
    fields: dict[str, Any] = dict(Sample().fields)
    assert fields["name"].max_length == NAME_MAX_LENGTH
    assert fields["note"].max_length == TEXT_MAX_LENGTH
    assert fields["limited"].max_length == 5
    assert "name" in errors_of({"name": "x" * (NAME_MAX_LENGTH + 1)})
    assert "note" in errors_of({"note": "x" * (TEXT_MAX_LENGTH + 1)})


def test_integers_are_bounded_to_a_database_column():
    assert "count" in errors_of({"count": BIGINT_MAX + 1})
    assert "count" in errors_of({"count": -BIGINT_MAX - 2})


def test_currency_and_period_fields():
    assert "currency" in errors_of({"currency": "€€€"})
    assert "period" in errors_of({"period": "9999Q4"})


class SampleForm(forms.Form):
    name = forms.CharField()
    reason = forms.CharField(widget=forms.Textarea, required=False)
    amount = forms.DecimalField(required=False)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Acme\x1b[2J"}, "name"),
        ({"name": "Acme\u202e"}, "name"),
        ({"name": "x" * (NAME_MAX_LENGTH + 1)}, "name"),
        ({"name": "Acme", "reason": "x\x00"}, "reason"),
        ({"name": "Acme", "amount": "1_000"}, "amount"),
        ({"name": "Acme", "amount": " 5.00"}, "amount"),
    ],
)
def test_portal_forms_apply_the_same_rules(data, field):
    form = SampleForm(data=data)
    assert not form.is_valid()
    assert field in form.errors


def test_a_portal_form_takes_what_is_fine():
    form = SampleForm(data={"name": "Zoë", "reason": "two\nlines", "amount": "1000.50"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1000.50")


_INPUT_BASES = {"Serializer", "ModelSerializer", "Form", "ModelForm"}
_FRAMEWORK_MODULES = {"rest_framework.serializers", "django.forms"}


def _classes_on_framework_bases(path: Path) -> list[str]:
    """Classes in `path` built directly on DRF's serializers or Django's forms rather than core's."""
    tree = ast.parse(path.read_text())
    modules: set[str] = set()  # local names of DRF's serializers module or Django's forms module
    bases: set[str] = set()  # local names of their Serializer, Form … classes
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if f"{node.module}.{alias.name}" in _FRAMEWORK_MODULES:
                    modules.add(alias.asname or alias.name)
                elif node.module in _FRAMEWORK_MODULES and alias.name in _INPUT_BASES:
                    bases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name in _FRAMEWORK_MODULES}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                target = base.value if isinstance(base, ast.Subscript) else base
                if (isinstance(target, ast.Name) and target.id in bases) or (
                    isinstance(target, ast.Attribute)
                    and target.attr in _INPUT_BASES
                    and isinstance(target.value, ast.Name)
                    and target.value.id in modules
                ):
                    found.append(f"{path.relative_to(SRC).as_posix()}:{node.name}")
    return found


def test_no_serializer_or_form_is_built_on_drf_or_django_directly():
    """New serializers and forms get the rules by building on core's, which stand in for DRF's and Django's."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.parent.name != "migrations" and path.relative_to(SRC).as_posix() not in {
            "core/serializers.py",
            "core/forms.py",
        }:
            offenders += _classes_on_framework_bases(path)
    assert not offenders


def test_the_check_above_would_see_a_serializer_built_on_drf(tmp_path, monkeypatch):
    sample = tmp_path / "sample.py"
    sample.write_text("from rest_framework import serializers\nclass S(serializers.Serializer[dict]):\n    pass\n")
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path)
    assert _classes_on_framework_bases(sample) == ["sample.py:S"]
