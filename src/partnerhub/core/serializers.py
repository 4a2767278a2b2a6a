"""DRF's serializers module with the input rules of `partnerhub.core.validators` built in.

API modules import it instead of DRF's (`from partnerhub.core import serializers`); everything in
`rest_framework.serializers` is here under its own name, and `Serializer` and `ModelSerializer` apply to
every writable field they hold, declared or generated from a model:

- text fields refuse control, bidirectional and invisible formatting characters; one-line texts also refuse
  line breaks (a field is multi-line when it is a `TextField` here or stands for a model `TextField`);
- text fields that name no `max_length` get `NAME_MAX_LENGTH` (one line) or `TEXT_MAX_LENGTH` (multi-line);
- decimal fields take plain decimal numbers only (no `1_000`, no `" 5.00"`, no exponent);
- integer fields that name no bounds are bounded to what a 64-bit database column holds.

`CurrencyField` is the one way to take a currency (ISO 4217). tests/core/test_strict_input.py checks that no
API module uses DRF's serializers directly.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, TypeVar

from django.core.validators import MaxLengthValidator
from rest_framework import serializers as drf
from rest_framework.serializers import *  # noqa: F403  (this module stands in for DRF's)

from partnerhub.core.validators import (
    BIGINT_MAX,
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    decimal_literal_error,
    validate_currency,
    validate_multiline_text,
    validate_name,
    validate_period,
)

_IN = TypeVar("_IN")
_MV = TypeVar("_MV", bound=Any)


class TextField(drf.CharField):
    """A text that may span lines: a note, a reason, a message (`TEXT_MAX_LENGTH` unless told otherwise)."""


class CurrencyField(drf.CharField):
    """An ISO 4217 currency code, e.g. EUR."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "ISO 4217 currency code, e.g. EUR")
        super().__init__(min_length=3, max_length=3, **kwargs)
        self.validators.append(validate_currency)


class PeriodField(drf.CharField):
    """A fiscal quarter, `YYYYQn`, within the bounds of `core.validators.check_period`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "the fiscal quarter, YYYYQn, e.g. 2019Q2")
        super().__init__(max_length=6, **kwargs)
        self.validators.append(validate_period)


class StrictDecimalField(drf.DecimalField):
    """A DecimalField that takes a plain decimal number only (see `core.validators`)."""

    def to_internal_value(self, data: Any) -> Any:
        message = decimal_literal_error(data)
        if message is not None:
            raise drf.ValidationError(message, code="invalid")
        return super().to_internal_value(data)


def _is_multiline(field: drf.CharField) -> bool:
    # ModelSerializer gives a model TextField this template; DRF's own convention for "a text area".
    return isinstance(field, TextField) or field.style.get("base_template") == "textarea.html"


def strict_field(field: drf.Field[Any, Any, Any, Any]) -> drf.Field[Any, Any, Any, Any]:
    """`field` with the input rules applied (the same field, or a strict one built from its arguments)."""
    if field.read_only:
        return field
    if isinstance(field, drf.ListField | drf.DictField):
        child = strict_field(field.child)
        if child is not field.child:
            # Bound as ListField.__init__ binds its child (the stubs type `parent` as a serializer only).
            child.bind(field_name="", parent=field)  # type: ignore[arg-type]
            field.child = child
        return field
    if type(field) is drf.DecimalField:
        return StrictDecimalField(*field._args, **field._kwargs)  # type: ignore[attr-defined]
    if type(field) is drf.IntegerField and (field.max_value is None or field.min_value is None):
        kwargs = {"max_value": BIGINT_MAX, "min_value": -BIGINT_MAX - 1, **field._kwargs}  # type: ignore[attr-defined]
        return drf.IntegerField(*field._args, **kwargs)  # type: ignore[attr-defined]
    if isinstance(field, drf.CharField):
        multiline = _is_multiline(field)
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH if multiline else NAME_MAX_LENGTH
            message = field.error_messages["max_length"].format(max_length=field.max_length)
            field.validators.append(MaxLengthValidator(field.max_length, message=message))
        field.validators.append(validate_multiline_text if multiline else validate_name)
    return field


def strict_fields(fields: dict[str, drf.Field[Any, Any, Any, Any]]) -> dict[str, drf.Field[Any, Any, Any, Any]]:
    return {name: strict_field(field) for name, field in fields.items()}


class Serializer(drf.Serializer[_IN]):  # type: ignore[no-redef]
    def get_fields(self) -> dict[str, drf.Field[Any, Any, Any, Any]]:
        return strict_fields(super().get_fields())


# The fields DRF generated from a model, per serializer class that says they depend on its class alone.
_generated: dict[type, dict[str, drf.Field[Any, Any, Any, Any]]] = {}


class ModelSerializer(drf.ModelSerializer[_MV]):  # type: ignore[no-redef]
    # True: the fields depend on the class alone (not on the request, the instance or the context), so the
    # model's introspection runs once per process and each serializer gets fresh copies of its result (a
    # busy write path answers with such serializers on every request).
    fields_built_once: ClassVar[bool] = False

    def get_fields(self) -> dict[str, drf.Field[Any, Any, Any, Any]]:
        if not self.fields_built_once:
            return strict_fields(super().get_fields())
        generated = _generated.get(type(self))
        if generated is None:
            generated = _generated[type(self)] = super().get_fields()
        # Copied before the strict rules are applied: a copy is rebuilt from the field's arguments, and the
        # rules change the field itself.
        return strict_fields(copy.deepcopy(generated))
