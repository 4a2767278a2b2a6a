"""The one date every part of the API accepts: `YYYY-MM-DD` and nothing else, within bounds (docs/dates-and-trust.md).

Three questions are asked of a date, each in one place here:

- its **format**: ISO 8601 calendar dates only (`2019-01-01`; `2019-1-1` and `20190101` are refused);
- its **bounds** (`core.validators.EARLIEST`, `YEARS_AHEAD`, which evaluation periods share): none absurd
  (before 1900-01-01, or more than 50 years after today), none after today when it records something that
  already happened (`happened=True`: an approval, a payment, a joining …),
  none before the first published policy version when a policy must apply to it (`policy=True`);
- **who may backdate**: a date before today on a write is a vendor manager's to give (`backdate=False` for the
  fields a partner user may write: 403 for anyone else). Claims a manager verifies later (a certification's
  `earned_on`) keep `backdate=True`.

Every refusal is a 400 naming the field (403 for a partner user backdating), never a 500. Today comes from
the API edge, `partnerhub.core.api.today`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import filters
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from partnerhub.core.permissions import is_manager
from partnerhub.core.validators import EARLIEST, YEARS_AHEAD, latest

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMAT_MESSAGE = "{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-03-31."


class DateRefused(ValueError):
    """A date outside its bounds; the message says which and why."""


def _today() -> dt.date:
    # Imported here: core.api builds on this module, and today's date is the API edge's to give.
    from partnerhub.core.api import today

    return today()


PolicyStart = Callable[[], "dt.date | None"]
"""Answers the version date of the first published policy (None: nothing published yet)."""


class _PolicyStartSource:
    """Where `policy=True` learns the first policy's date. The policy versions live in `policystore`, a layer
    above core, which hands its selector down when the app starts (`PolicystoreConfig.ready`), so that core
    imports nothing above it."""

    source: PolicyStart | None = None


def register_policy_start(source: PolicyStart) -> None:
    """Name the function that answers the first policy's version date (called once, by policystore)."""
    _PolicyStartSource.source = source


def first_policy_date() -> dt.date | None:
    """The version date of the first published policy (None: nothing published yet)."""
    if _PolicyStartSource.source is None:
        raise ImproperlyConfigured("partnerhub.policystore is not installed: no policy start date to check against")
    return _PolicyStartSource.source()


def parse_iso_date(value: Any) -> dt.date:
    """`value` as a date when it is exactly `YYYY-MM-DD` (a date object passes as it is)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DateRefused(FORMAT_MESSAGE.format(value=value))


def check_bounds(day: dt.date, *, happened: bool = False, policy: bool = False) -> dt.date:
    """`day` when it lies within its bounds; DateRefused saying why otherwise."""
    today = _today()
    if day < EARLIEST:
        raise DateRefused(f"{day.isoformat()} is before {EARLIEST.isoformat()}; no record goes back that far.")
    if day > latest(today):
        raise DateRefused(f"{day.isoformat()} is more than {YEARS_AHEAD} years ahead; check the year.")
    if happened and day > today:
        raise DateRefused(f"{day.isoformat()} lies after today ({today.isoformat()}); record what already happened.")
    if policy:
        first = first_policy_date()
        if first is not None and day < first:
            raise DateRefused(
                f"{day.isoformat()} is before the first policy version ({first.isoformat()}); no policy applies to it."
            )
    return day


def strict_date(value: Any, *, field: str, happened: bool = False, policy: bool = False) -> dt.date:
    """`value` as a bounded date, or a 400 naming `field`."""
    try:
        return check_bounds(parse_iso_date(value), happened=happened, policy=policy)
    except DateRefused as error:
        raise ValidationError({field: [str(error)]}) from error


def refuse_backdating(request: Any, day: dt.date, field: str) -> None:
    """403 when someone other than a vendor manager dates a write before today."""
    if day < _today() and not is_manager(request.user):
        raise PermissionDenied(f"{field}: only a vendor manager may record a date before today.")


class DateField(serializers.DateField):
    """A date in a request body: strict format and bounds (see the module)."""

    def __init__(self, *, happened: bool = False, policy: bool = False, backdate: bool = True, **kwargs: Any) -> None:
        self.happened, self.policy, self.backdate = happened, policy, backdate
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        try:
            day = check_bounds(parse_iso_date(value), happened=self.happened, policy=self.policy)
        except DateRefused as error:
            raise ValidationError([str(error)]) from error
        request = self.context.get("request")
        if not self.backdate and request is not None:
            refuse_backdating(request, day, str(self.field_name))
        return day


class StrictFormDateField(forms.DateField):
    """The same date in a query filter or a form: strict format and bounds."""

    def __init__(self, *, happened: bool = False, policy: bool = False, **kwargs: Any) -> None:
        self.happened, self.policy = happened, policy
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        try:
            return check_bounds(parse_iso_date(value), happened=self.happened, policy=self.policy)
        except DateRefused as error:
            raise DjangoValidationError(str(error), code="invalid") from error


class DateFilter(filters.DateFilter):
    """django-filter's DateFilter with the strict date."""

    field_class = StrictFormDateField
