"""Template filters of program mail (`core.mail.ENGINE` loads them as `mail`): a date and an amount of money
written the way the language being rendered writes them.

English keeps the programme's unambiguous forms (2019-07-01, 1500.00 EUR), which its mails always had; German
writes 01.07.2019 and 1.500,00 EUR.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Library
from django.utils import formats, translation

register = Library()


def _english() -> bool:
    return (translation.get_language() or "en").startswith("en")


@register.filter
def day(value: dt.date | None) -> str:
    """A date: ISO in English, the language's short date format otherwise."""
    if value is None:
        return ""
    if _english():
        return value.isoformat()
    return formats.date_format(value, "SHORT_DATE_FORMAT", use_l10n=True)


@register.filter
def money(value: Decimal | int | str | None, currency: str = "") -> str:
    """An amount with two decimals (and its currency when given): 1500.00 in English, 1.500,00 in German."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    if _english():
        text = str(amount)
    else:
        text = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()
