"""The directory's search and filters, parsed once for the public page and the public API: every choice is a key
of the policy in force that day, the cursor one the directory gave; anything else is refused naming the field."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core import forms
from partnerhub.core.errors import InvalidInput
from partnerhub.directory.selectors import PAGE_SIZE, PAGE_SIZE_MAX, Cursor, DirectoryQuery
from partnerhub.policy.model import Policy

Q_MAX = 100


def encode_cursor(cursor: Cursor) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(cursor)).encode()).decode()


def _decode_cursor(raw: str) -> Cursor:
    try:
        featured, name, pk = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())
    except (ValueError, TypeError, UnicodeError):
        raise forms.ValidationError(gettext("not a position this directory gave; start from the first page")) from None
    if not isinstance(featured, bool) or not isinstance(name, str) or not isinstance(pk, int):
        raise forms.ValidationError(gettext("not a position this directory gave; start from the first page"))
    return featured, name, pk


class DirectoryQueryForm(forms.Form):
    q = forms.CharField(required=False, max_length=Q_MAX, strip=True, label=_("Search"))
    classification = forms.ChoiceField(required=False, label=_("Classification"))
    region = forms.ChoiceField(required=False, label=_("Region"))
    product = forms.ChoiceField(required=False, label=_("Product line"))
    after = forms.CharField(required=False, max_length=600)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX)

    def __init__(self, data: Mapping[str, Any], *, policy: Policy) -> None:
        super().__init__(data)
        offered = {
            "classification": [("", gettext("Any classification")), *((c.key, c.name) for c in policy.classifications)],
            "region": [("", gettext("Any region")), *((r.key, r.name) for r in policy.regions)],
            "product": [("", gettext("Any product line")), *((p.key, p.name) for p in policy.products)],
        }
        for name, choices in offered.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean_q(self) -> str:
        value: str = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(gettext("a search may not contain a NUL character"))
        return value

    def clean_after(self) -> Cursor | None:
        raw: str = self.cleaned_data["after"]
        return _decode_cursor(raw) if raw else None

    def query(self) -> DirectoryQuery:
        """The validated query; refused as InvalidInput (400) naming each bad field."""
        if not self.is_valid():
            raise InvalidInput({name: [str(message) for message in messages] for name, messages in self.errors.items()})
        data = self.cleaned_data
        return DirectoryQuery(
            q=data["q"],
            classification=data["classification"],
            region=data["region"],
            product=data["product"],
            after=data["after"],
            size=data["page_size"] or PAGE_SIZE,
        )
