"""The API's filter backend: django-filter's, with the number filters bounded (docs/input-and-schema.md).

A number filter (`?partner=…`, `?program_year=…`) becomes a database comparison; a number beyond what a
64-bit column holds made SQLite fail with a server error. Every number field of every filter form is bounded
here, so a new filter is without having to ask: beyond the bounds the answer is 400 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from rest_framework.exceptions import ValidationError

from partnerhub.core.validators import BIGINT_MAX


def bound_number_field(field: forms.Field) -> None:
    if not isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        return
    if field.max_value is None:
        field.validators.append(MaxValueValidator(BIGINT_MAX))
    if field.min_value is None:
        field.validators.append(MinValueValidator(-BIGINT_MAX - 1))


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: HttpRequest, queryset: QuerySet[Model], view: Any) -> FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for field in filterset.form.fields.values():
                bound_number_field(field)
        return filterset


def id_parameter(params: Mapping[str, str], name: str) -> int | None:
    """The id a query parameter `?name=` gives (None when it is absent or empty) for views that read their
    parameters themselves: a whole number in ASCII digits that an id column can hold, or 400 naming it."""
    raw = params.get(name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > BIGINT_MAX:
        raise ValidationError({name: [f"{raw!r} is not an id; use a whole number, e.g. 42."]})
    return int(raw)
