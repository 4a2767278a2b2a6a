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


@given(st.dates(min_value=date(1000, 1, 1)))
def test_as_of_reads_any_iso_date(as_of):
    assert parse_as_of(request_with({"as_of": as_of.isoformat()})) == as_of


@pytest.mark.parametrize("raw", ["", "yesterday", "2019-02-30", "2019-1-1", "20190101", "2019-03-01T00:00"])
def test_bad_as_of_is_refused_naming_the_parameter(raw):
    with pytest.raises(ValidationError) as refused:
        parse_as_of(request_with({"as_of": raw}))

    detail = refused.value.detail
    assert isinstance(detail, dict)
    assert list(detail) == ["as_of"]
    assert "YYYY-MM-DD" in str(detail["as_of"])
