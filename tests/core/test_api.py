from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from partnerhub.core import api
from partnerhub.core.api import parse_as_of


def request_with(query: dict[str, str]) -> Request:
    return Request(APIRequestFactory().get("/api/v1/policy/", query))


def test_as_of_defaults_to_today_in_the_configured_time_zone(monkeypatch):
    monkeypatch.setattr(api.timezone, "localdate", lambda: date(2019, 3, 1))

    assert parse_as_of(request_with({})) == date(2019, 3, 1)


@pytest.mark.django_db
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31)))
def test_as_of_reads_any_iso_date_within_bounds(as_of):
    assert parse_as_of(request_with({"as_of": as_of.isoformat()})) == as_of


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["1899-12-31", "9999-12-31", "0001-01-01"])
def test_an_absurd_as_of_is_refused_naming_the_parameter(raw):
    with pytest.raises(ValidationError) as refused:
        parse_as_of(request_with({"as_of": raw}))

    assert list(refused.value.detail) == ["as_of"]


@pytest.mark.parametrize("raw", ["", "yesterday", "2019-02-30", "2019-1-1", "20190101", "2019-03-01T00:00"])
def test_bad_as_of_is_refused_naming_the_parameter(raw):
    with pytest.raises(ValidationError) as refused:
        parse_as_of(request_with({"as_of": raw}))

    detail = refused.value.detail
    assert isinstance(detail, dict)
    assert list(detail) == ["as_of"]
    assert "YYYY-MM-DD" in str(detail["as_of"])
