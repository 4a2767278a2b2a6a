"""Dates, numbers and money as each language writes them (core/formats, the portal's `money` filter and
`portal.wording`), never by editing strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from partnerhub.portal.templatetags.portal import money
from partnerhub.portal.wording import in_user_words

DAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("en", Decimal("1234.56"), "USD", "1,234.56 USD"),
        ("de", Decimal("1234.56"), "USD", "1.234,56 USD"),
        ("de", Decimal("1234567.5"), "EUR", "1.234.567,50 EUR"),
        ("de", Decimal("-0.5"), "", "-0,50"),
        # Rounded half-up to cents, not cut off (docs/architecture.md#rule-6).
        ("en", Decimal("2.005"), "", "2.01"),
        ("de", Decimal("2.005"), "", "2,01"),
        ("de", None, "EUR", "—"),
    ],
)
def test_money_is_written_with_the_languages_separators(language, amount, currency, shown):
    with translation.override(language):
        assert money(amount, currency) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "28 Nov 2026 · 28 November 2026 · 28 Nov 2026 14:05"),
        ("de", "28.11.2026 · 28. November 2026 · 28.11.2026 14:05"),
    ],
)
def test_the_portals_date_formats_per_language(language, shown):
    template = Template(
        '{{ day|date:"SHORT_DATE_FORMAT" }} · {{ day|date:"DATE_FORMAT" }} · {{ at|date:"SHORT_DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"day": DAY, "at": dt.datetime(2026, 11, 28, 14, 5)})) == shown  # noqa: DTZ001


def test_stored_iso_dates_are_read_out_in_the_active_language():
    with translation.override("de"):
        assert in_user_words("Approved on 2026-11-28 (§7.3).") == "Approved on 28. November 2026 (§7.3)."
    with translation.override("en"):
        assert in_user_words("Approved on 2026-11-28 (§7.3).") == "Approved on 28 November 2026 (§7.3)."


def test_chart_coordinates_stay_numbers_for_the_browser_in_german():
    from django.template.loader import render_to_string

    from partnerhub.portal.charts import column_chart

    chart = column_chart([("Q1", [1.5, 2.25]), ("Q2", [3.0, 0.5])], ["Won", "Open"])
    with translation.override("de"):
        svg = render_to_string("portal/charts/_columns.html", {"chart": chart, "chart_id": "c", "title": "T"})
    coordinates = svg.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "," not in "".join(part.split('"')[0] for part in coordinates.split('="')[1:])
