"""Server-rendered charts: the geometry of an SVG column chart, computed here, drawn by a template.

No JavaScript and nothing from a CDN: the numbers become rectangles with labels, and every chart comes
with the same numbers as a table for screen readers and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# Colours that keep 3:1 contrast against white; the legend and the table always name the series too.
PALETTE = ("#1f5fbf", "#b35c00", "#1c6b3a", "#a32020", "#6b3fa0", "#4f5968")
GOOD, INFO, WARN, BAD, WORST, QUIET = "#1c6b3a", "#1f5fbf", "#b35c00", "#c0392b", "#6e1414", "#4f5968"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    value: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    x: float
    rects: list[Rect]


@dataclass(frozen=True)
class ColumnChart:
    """Stacked columns, one per group (e.g. a quarter), one segment per series (e.g. an outcome)."""

    width: int
    height: int
    plot_top: float
    plot_bottom: float
    plot_left: float
    plot_right: float
    groups: list[Group]
    ticks: list[Tick]
    legend: list[tuple[str, str]]
    rows: list[tuple[str, list[float], float]] = field(default_factory=list)
    series: list[str] = field(default_factory=list)


def nice_ceiling(value: float) -> float:
    """The round number a scale goes up to: 7 -> 8, 23 -> 25, 0 -> 1."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value:
            return candidate
    return 10.0 ** (exponent + 1)


def column_chart(
    groups: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    width: int = 440,
    height: int = 230,
    colors: Sequence[str] = PALETTE,
) -> ColumnChart:
    """`groups`: (label, one value per series). Columns are stacked; the scale starts at zero."""
    left, right, top, bottom = 44.0, width - 8.0, 12.0, height - 28.0
    totals = [sum(values) for _, values in groups]
    ceiling = nice_ceiling(max(totals, default=0))
    scale = (bottom - top) / ceiling
    slot = (right - left) / max(len(groups), 1)
    bar = min(56.0, slot * 0.6)
    drawn = []
    for index, (label, values) in enumerate(groups):
        x = left + slot * index + (slot - bar) / 2
        y = bottom
        rects = []
        for number, value in enumerate(values):
            h = value * scale
            y -= h
            rects.append(Rect(x, y, bar, h, colors[number % len(colors)], series[number], value))
        drawn.append(Group(label, x + bar / 2, rects))
    ticks = [Tick(bottom - (ceiling * i / 4) * scale, f"{ceiling * i / 4:g}") for i in range(5)]
    return ColumnChart(
        width=width,
        height=height,
        plot_top=top,
        plot_bottom=bottom,
        plot_left=left,
        plot_right=right,
        groups=drawn,
        ticks=ticks,
        legend=[(name, colors[i % len(colors)]) for i, name in enumerate(series)],
        rows=[(label, list(values), total) for (label, values), total in zip(groups, totals, strict=True)],
        series=list(series),
    )


@dataclass(frozen=True)
class HBar:
    label: str
    value: float
    shown: str
    percent: int
    url: str = ""


def hbars(items: Sequence[tuple[str, float, str, str]]) -> list[HBar]:
    """Horizontal bars scaled to the largest value: (label, value, value as shown, link)."""
    top = max((value for _, value, _, _ in items), default=0) or 1
    return [HBar(label, value, shown, round(value * 100 / top), url) for label, value, shown, url in items]
