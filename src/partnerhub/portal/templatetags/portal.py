"""Small presentation helpers for the portal's templates: money, status badges, bar widths."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from partnerhub.portal.wording import in_user_words

register = template.Library()

# Status words and the tone of their badge; the word itself is always shown, so colour is never the only cue.
TONES = {
    "applied": "info",
    "pending": "info",
    "open": "warn",
    "requested": "info",
    "approved": "ok",
    "registered": "ok",
    "paid": "ok",
    "won": "ok",
    "fulfilled": "ok",
    "granted": "ok",
    "met": "ok",
    "keep": "ok",
    "upgrade_candidate": "ok",
    "waived": "neutral",
    "lost": "neutral",
    "revoked": "neutral",
    "withdrawn": "neutral",
    "expired": "neutral",
    "lapsed": "neutral",
    "refused": "bad",
    "rejected": "bad",
    "declined": "bad",
    "deactivated": "bad",
    "terminated": "bad",
    "overdue": "bad",
    "at_risk": "warn",
    "reassign_down": "bad",
    "terminate": "bad",
}


@register.filter
def money(amount: Any, currency: str = "") -> str:
    """1250 -> "1,250.00" in English, "1.250,00" in German (the active language's separators), with the
    currency after it when given."""
    if amount in (None, ""):
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    # Quantized first: number_format cuts digits off rather than rounding (docs/architecture.md#rule-6).
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = number_format(cents, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip()


@register.simple_tag
def badge(status: Any, label: Any = None) -> SafeString:
    """A status badge: `{% badge deal.status deal.get_status_display %}`."""
    key = str(status or "")
    tone = TONES.get(key, "neutral")
    text = label if label not in (None, "") else key.replace("_", " ").capitalize()
    return format_html('<span class="badge badge-{}">{}</span>', tone, text)


@register.filter
def percent_of(value: Any, whole: Any) -> int:
    """How far `value` goes towards `whole`, 0 to 100, for a bar's width."""
    try:
        part, total = Decimal(str(value)), Decimal(str(whole))
    except (InvalidOperation, TypeError):
        return 0
    if total <= 0:
        return 100 if part >= 0 else 0
    return int(max(Decimal(0), min(Decimal(100), part * 100 / total)))


@register.filter
def humanize_key(value: Any) -> str:
    """ "deal_registration" -> "Deal registration"."""
    text = str(value or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def pair(first: Any, second: Any) -> tuple[Any, Any]:
    """`deal|pair:other`: two objects to compare side by side."""
    return (first, second)


@register.filter
def figure(value: Any, unit: str = "") -> str:
    """A scorecard figure as people read it: a ratio as a percentage, a record as on file."""
    if value in (None, ""):
        return "n/a"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if unit == "ratio":
        return f"{number * 100:.0f}%"
    if unit == "record":
        return "on file" if number else "none"
    return f"{number.normalize():f}"


@register.filter
def sentence(value: Any) -> str:
    """A stored message as the portal writes it: its dates as the portal shows dates ("2 January 2019"
    instead of 2019-01-02) and in the portal's words (`portal.wording`), a capital first letter and a full stop.
    The stored text is not changed."""
    text = in_user_words(str(value or "").strip())
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?)" else f"{text}."
