"""Inline SVG bar charts for the HTML report: one bar per school, band edges, municipal value."""

from __future__ import annotations

import math
from html import escape

from pdrs_rules._model import Unit, format_threshold

from ._content import Chart

__all__ = ["bar_chart"]

# The chart is drawn on a fixed canvas and scaled by the page: 680 px is the width of A4
# between 15 mm margins at 96 dpi, so the text in print is the size given here.
_WIDTH = 680
_LABEL_WIDTH = 230
_PLOT_LEFT = 238
_PLOT_RIGHT = 612
_ROW = 20
_BAR = 14
_TOP = 30
_BOTTOM = 40
_NAME_CHARS = 36


def _nice_ceiling(x: float) -> float:
    """The smallest round number (1, 1,2 … 8 × 10ⁿ) at least ``x``: where the axis ends."""
    if x <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    for step in (1.0, 1.2, 1.5, 2, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if x <= step * power + 1e-9:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10 × power, which is > x


def _scale(chart: Chart) -> tuple[float, float]:
    values = [b.value for b in chart.bars]
    values += [line.value for line in (*chart.thresholds, *chart.references)]
    low = min(0.0, *values)
    high = max(values)
    high = _nice_ceiling(high) if high > 0 else 0.0
    if chart.unit is Unit.PERCENT and max(values) <= 100:
        high = min(high, 100.0)
    low = -_nice_ceiling(-low) if low < 0 else 0.0
    return low, high if high > low else low + 1


def _short(name: str) -> str:
    return name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"


def _number(x: float) -> str:
    """A coordinate: SVG wants a decimal point, and two decimals are more than a printer has."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def bar_chart(chart: Chart) -> str:
    """The chart as an ``<svg>`` element with a ``<title>`` and an ``aria-label``."""
    low, high = _scale(chart)

    def x(value: float) -> float:
        return _PLOT_LEFT + (value - low) / (high - low) * (_PLOT_RIGHT - _PLOT_LEFT)

    plot_height = len(chart.bars) * _ROW
    height = _TOP + plot_height + _BOTTOM + 14 * max(len(chart.references) - 1, 0)
    label = (
        f"{chart.number}. {chart.title}: столбчатая диаграмма по {len(chart.bars)} "
        f"{chart.entity_dative}"
    )
    parts = [
        (
            f'<svg class="chart" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">'
        ),
        f"<title>{escape(label)}</title>",
    ]
    zero = x(0.0)
    for row, bar in enumerate(chart.bars):
        top = _TOP + row * _ROW
        classes = " ".join(
            c for c in ("bar", f"level-{bar.level}" if bar.level else "", _rank(bar.rank)) if c
        )
        left, right = sorted((zero, x(bar.value)))
        parts.append(
            f'<g class="{escape(classes)}"><title>{escape(bar.school_name)}: '
            f"{escape(bar.display)}</title>"
            f'<text class="name" x="{_LABEL_WIDTH}" y="{_number(top + _BAR - 3)}" '
            f'text-anchor="end">{escape(_short(bar.school_name))}</text>'
            f'<rect x="{_number(left)}" y="{top}" width="{_number(max(right - left, 0.5))}" '
            f'height="{_BAR}"/>'
            f'<text class="value" x="{_number(right + 4)}" y="{_number(top + _BAR - 3)}">'
            f"{escape(bar.display)}</text></g>"
        )
    bottom = _TOP + plot_height
    parts.append(
        f'<line class="axis" x1="{_number(zero)}" y1="{_TOP - 4}" x2="{_number(zero)}" '
        f'y2="{bottom + 2}"/>'
        + "".join(
            f'<text class="tick" x="{_number(x(tick))}" y="{bottom + 14}" text-anchor="middle">'
            f"{escape(format_threshold(tick, chart.unit))}</text>"
            for tick in (low, (low + high) / 2, high)
        )
    )
    for line in chart.thresholds:
        at = _number(x(line.value))
        parts.append(
            f'<g class="threshold"><title>Граница уровня: {escape(line.label)}</title>'
            f'<line x1="{at}" y1="{_TOP - 6}" x2="{at}" y2="{bottom + 2}"/>'
            f'<text x="{at}" y="{_TOP - 10}" text-anchor="middle">{escape(line.label)}</text></g>'
        )
    for index, line in enumerate(chart.references):
        at = _number(x(line.value))
        parts.append(
            f'<g class="reference"><title>{escape(line.label)}</title>'
            f'<line x1="{at}" y1="{_TOP - 6}" x2="{at}" y2="{bottom + 4}"/>'
            f'<text x="{at}" y="{bottom + 30 + 14 * index}" text-anchor="{_anchor(x(line.value))}">'
            f"{escape(line.label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _anchor(at: float) -> str:
    """Where a label under a line starts, so that a long one stays on the canvas."""
    if at > _WIDTH - 110:
        return "end"
    return "start" if at < _PLOT_LEFT + 60 else "middle"


def _rank(rank: int | None) -> str:
    return "" if rank is None else f"rank-{rank}"
