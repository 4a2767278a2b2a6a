"""Django's forms module with the input rules of `partnerhub.core.validators` built in, for the portal.

Portal modules import it instead of Django's (`from partnerhub.core import forms`); everything in
`django.forms` is here under its own name, and `Form` applies to every field it holds what
`partnerhub.core.serializers` applies in the API: no control, bidirectional or invisible formatting characters
in texts (line breaks only in a `Textarea`), a length limit on every text, plain decimal numbers only.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.core.validators import MaxLengthValidator
from django.forms import *  # noqa: F403  (this module stands in for Django's)

from partnerhub.core.validators import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    decimal_literal_error,
    validate_multiline_text,
    validate_name,
)


def strict_form_field(field: django_forms.Field) -> None:
    """Adds the input rules to `field` (a form's own copy: forms deep-copy their declared fields)."""
    if not isinstance(field, django_forms.CharField):
        return
    multiline = isinstance(field.widget, django_forms.Textarea)
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH if multiline else NAME_MAX_LENGTH
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs.update(field.widget_attrs(field.widget))
    field.validators.append(validate_multiline_text if multiline else validate_name)


class Form(django_forms.Form):  # type: ignore[no-redef]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            strict_form_field(field)

    def clean(self) -> dict[str, Any] | None:
        # Django's DecimalField strips spaces and takes `1_000`: the text as typed is checked here.
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, django_forms.DecimalField) and name not in self.errors:
                message = decimal_literal_error(self[name].data)
                if message is not None:
                    self.add_error(name, message)
        return cleaned
