"""Dates inside texts written by the services (timeline entries, refusals, mails), shown as the portal shows
dates everywhere else: "16 October 2019" rather than "2019-10-16"."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils.dateformat import format as format_date

register = template.Library()

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _readable(match: re.Match[str]) -> str:
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return match[0]
    return format_date(day, "j F Y")


@register.filter
def readable_dates(text: object) -> str:
    """Every ISO date in `text` written as "16 October 2019"; the rest as it is (escaped by the template)."""
    return ISO_DATE.sub(_readable, str(text))
