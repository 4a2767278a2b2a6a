"""Tags of the portal's lists: sortable column headers and the links that carry a list's filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()

PAGING = ("page", "from")


def _filters(request: HttpRequest, **changes: str) -> str:
    """The request's query without its paging, with `changes` applied, as `?…` (or empty)."""
    query = request.GET.copy()
    for key in PAGING:
        query.pop(key, None)
    for key, value in changes.items():
        query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.simple_tag(takes_context=True)
def same_filters(context: template.Context, url: str) -> str:
    """`url` with the filters (and the sort) of the list on the page: where its export links to."""
    return url + _filters(context["request"])


@register.inclusion_tag("portal/_sort_header.html", takes_context=True)
def sort_header(context: template.Context, column: str, label: str) -> dict[str, Any]:
    """A column header that sorts the list by `column`, ascending first, descending when clicked again."""
    current: str = context.get("sort") or "name"
    active = current.lstrip("-") == column
    descending = active and current.startswith("-")
    following = f"-{column}" if active and not descending else column
    return {
        "label": label,
        "href": _filters(context["request"], sort=following),
        "active": active,
        "descending": descending,
    }
