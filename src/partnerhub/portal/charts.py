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


def nice_step(value: float) -> float:
    """A round step for an axis going up to `value` in about five steps: 21 -> 5, 10 -> 2, 4800 -> 1000."""
    if value <= 0:
        return 1.0
    raw = value / 5
    exponent = math.floor(math.log10(raw))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * 10.0**exponent >= raw:
            return step * 10.0**exponent
    return 10.0 ** (exponent + 1)


def column_chart(
    groups: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    width: int = 360,
    height: int = 220,
    colors: Sequence[str] = PALETTE,
    counts: bool = False,
) -> ColumnChart:
    """`groups`: (label, one value per series). Columns are stacked; the scale starts at zero; with
    `counts` (of partners, say) the axis steps by whole numbers."""
    left, right, top, bottom = 40.0, width - 6.0, 12.0, height - 28.0
    totals = [sum(values) for _, values in groups]
    step = nice_step(max(totals, default=0))
    if counts:
        step = max(step, 1.0)
    ceiling = step * max(1, math.ceil(max(totals, default=0) / step))
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
    count = round(ceiling / step)
    ticks = [Tick(bottom - step * i * scale, f"{step * i:g}") for i in range(count + 1)]
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
