"""The rules every text, amount, currency and number a user sends must follow (docs/input-and-schema.md).

They are written once here and applied by `partnerhub.core.serializers` (the API) and `partnerhub.core.forms`
(the portal) to every field, so a new serializer or form gets them without asking:

- **names and one-line texts** hold no control characters (C0, DEL, C1: a terminal escape starts with ESC),
  no bidirectional controls (they make `evil.exe` read as `exe.live`), no invisible format characters and no
  line or paragraph separators; **multi-line texts** may also hold line feeds, carriage returns and tabs;
- **decimal amounts** are plain: optional minus, digits, optional fraction (`1000.50`); no underscores
  (`1_000`), no surrounding spaces (`" 5.00"`), no exponent (`1e3`), no `NaN` or `Infinity`;
- **currencies** are ISO 4217 alphabetic codes, upper case, as the `pycountry` code list knows them;
- **whole numbers** (ids in paths and filters) fit a 64-bit signed database column;
- **evaluation periods** (`2019Q2`) name a year within the bounds of a date (`EARLIEST` to `YEARS_AHEAD` years
  after today's, which `core.fields` applies to dates): a quarter of the year 9999 has no review month to
  compute, and none that far is meant.

Every refusal is a validation error naming the field; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerhub.policy.calendar import parse_period

# Line breaks and tabs: the only control characters a multi-line text may hold.
_MULTILINE_ALLOWED = frozenset("\n\r\t")
# Format characters kept: the zero-width (non-)joiners shape emoji sequences and Persian or Indic words.
_FORMAT_ALLOWED = frozenset("\u200c\u200d")
# Unicode's own list of characters that change the direction text is shown in (Bidi_Control).
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

DECIMAL_LITERAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
BIGINT_MAX = 2**63 - 1
"""The largest id or whole number a database integer column holds (PostgreSQL bigint, SQLite INTEGER)."""

EARLIEST = dt.date(1900, 1, 1)
"""No date (and no evaluation period) lies before this one: no record goes back that far."""
YEARS_AHEAD = 50
"""No date (and no evaluation period) lies more than this many years after today's year."""


def latest(today: dt.date) -> dt.date:
    """The last day a date may name, seen from `today`."""
    return dt.date(today.year + YEARS_AHEAD, 12, 31)


NAME_MAX_LENGTH = 200
"""A one-line text field that names no limit of its own gets this one."""
TEXT_MAX_LENGTH = 10_000
"""A multi-line text field (notes, reasons, messages) that names no limit of its own gets this one."""


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def forbidden_character(value: str, *, multiline: bool) -> str | None:
    """The first character `value` must not hold, or None when it is clean."""
    for char in value:
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or category in ("Cc", "Zl", "Zp"):
            return char
        if category == "Cf" and char not in _FORMAT_ALLOWED:
            return char
    return None


def check_text(value: str, *, multiline: bool) -> None:
    char = forbidden_character(value, multiline=multiline)
    if char is not None:
        what = "a control or formatting character" if multiline else "a control, line-break or formatting character"
        raise ValidationError(
            f"Holds {what} ({_describe(char)}); remove it.", code="forbidden_character", params={"value": value}
        )


def validate_name(value: Any) -> None:
    """A one-line text: a name, a title, a reference."""
    if isinstance(value, str):
        check_text(value, multiline=False)


def validate_multiline_text(value: Any) -> None:
    """A text that may span lines: a note, a reason, a message."""
    if isinstance(value, str):
        check_text(value, multiline=True)


def decimal_literal_error(raw: Any) -> str | None:
    """Why `raw`, as sent, is not a plain decimal number; None when it is. Anything but non-empty text (a JSON
    number, an empty form input) is the field's own to judge."""
    if not isinstance(raw, str) or raw == "" or DECIMAL_LITERAL.fullmatch(raw):
        return None
    return f"{raw!r} is not a plain decimal number; write digits with an optional '.' and fraction, e.g. 1000.50."


def is_currency(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


def validate_currency(value: Any) -> None:
    if not isinstance(value, str) or not is_currency(value):
        raise ValidationError(
            f"{value!r} is not an ISO 4217 currency code; use three capital letters, e.g. EUR or USD.",
            code="invalid_currency",
        )


def check_period(text: Any) -> tuple[int, int]:
    """`2019Q2` -> (2019, 2) when it is a period within the bounds; ValidationError saying why otherwise."""
    try:
        year, quarter = parse_period(text)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_period") from error
    last = latest(timezone.localdate()).year
    if not EARLIEST.year <= year <= last:
        message = f"{text!r} lies outside the years {EARLIEST.year} to {last}; check the year."
        raise ValidationError(message, code="invalid_period")
    return year, quarter


def validate_period(value: Any) -> None:
    check_period(value)
