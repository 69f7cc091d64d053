"""Inline SVG bar charts for the HTML report: one bar per school, band edges, municipal value."""

from __future__ import annotations

import math
from html import escape

from pdrs_rules._i18n._typography import typeset
from pdrs_rules._model import Unit, format_threshold

from ._content import Chart

__all__ = ["bar_chart", "text_width"]

# The chart is drawn on a fixed canvas and scaled by the page: 680 px is the width of A4
# between 15 mm margins at 96 dpi, so the text in print is the size given here.
_WIDTH = 680
_LABEL_WIDTH = 230
_PLOT_LEFT = 238
_PLOT_RIGHT = 612
# Rows of 17 px put three charts of a dozen schools on an A4 page.
_ROW = 17
_BAR = 12
_TOP = 30
_BOTTOM = 36
_NAME_CHARS = 36
#: The narrowest bar drawn: a zero value shows as a mark this wide in its level's colour.
_MIN_BAR = 3
#: How far a value label keeps from a vertical line.
_LINE_GAP = 3
#: Widths of characters at 10 px (DejaVu Sans, the widest of the fonts the page names).
_CHAR_WIDTHS = {
    **dict.fromkeys("0123456789", 6.4),
    ",": 3.2,
    ".": 3.2,
    " ": 3.2,
    "\u00a0": 3.2,
    "%": 9.5,
    "—": 10.0,
    "–": 5.0,
    ":": 3.4,
}


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


def text_width(text: str) -> float:
    """How wide ``text`` is at 10 px in the report's sans-serif font, generously estimated."""
    return sum(_CHAR_WIDTHS.get(char, 6.8) for char in text) * 1.08


def _label_x(start: float, width: float, lines: list[float]) -> float:
    """Where a bar's value label starts: after the bar, moved past any line it would cross."""
    at = start
    for _ in range(len(lines) + 1):
        crossed = [x for x in lines if at - _LINE_GAP <= x <= at + width + _LINE_GAP]
        if not crossed:
            break
        at = max(crossed) + _LINE_GAP + 1
    return at


def bar_chart(chart: Chart) -> str:
    """The chart as an ``<svg>`` element with a ``<title>`` and an ``aria-label``."""
    low, high = _scale(chart)

    def x(value: float) -> float:
        return _PLOT_LEFT + (value - low) / (high - low) * (_PLOT_RIGHT - _PLOT_LEFT)

    # A band edge at the start of the scale is the axis itself: no line and no label for it.
    thresholds = [line for line in chart.thresholds if line.value > low]
    plot_height = len(chart.bars) * _ROW
    height = _TOP + plot_height + _BOTTOM + 14 * max(len(chart.references) - 1, 0)
    label = f"{chart.number}. {chart.title}: столбчатая диаграмма по {len(chart.bars)} ОО"
    parts = [
        (
            f'<svg class="chart" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">'
        ),
        f"<title>{escape(label)}</title>",
    ]
    zero = x(0.0)
    lines = [x(line.value) for line in (*thresholds, *chart.references)]
    for row, bar in enumerate(chart.bars):
        top = _TOP + row * _ROW
        classes = " ".join(
            c for c in ("bar", f"level-{bar.level}" if bar.level else "", _rank(bar.rank)) if c
        )
        left, right = sorted((zero, x(bar.value)))
        # A zero (or nearly zero) value still gets a mark in its level's colour, so that a
        # school at 0% is seen, not mistaken for one without data.
        width = right - left
        mark = ""
        if width < _MIN_BAR:
            mark = f' class="zero" x="{_number(zero)}" width="{_MIN_BAR}"'
            right = max(right, zero + _MIN_BAR)
        else:
            mark = f' x="{_number(left)}" width="{_number(width)}"'
        shown = typeset(bar.display)
        at = _label_x(right + 4, text_width(shown), lines)
        parts.append(
            f'<g class="{escape(classes)}"><title>{escape(typeset(bar.school_name))}: '
            f"{escape(shown)}</title>"
            f'<text class="name" x="{_LABEL_WIDTH}" y="{_number(top + _BAR - 3)}" '
            f'text-anchor="end">{escape(typeset(_short(bar.school_name)))}</text>'
            f'<rect{mark} y="{top}" height="{_BAR}"/>'
            f'<text class="value" x="{_number(at)}" y="{_number(top + _BAR - 3)}">'
            f"{escape(shown)}</text></g>"
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
    # Labels of edges close together go on a second row above, so they do not overlap.
    taken: list[tuple[float, float]] = []
    for line in thresholds:
        at = x(line.value)
        half = text_width(line.label) / 2 + 2
        row = 0 if all(abs(at - other) > half + width for other, width in taken) else 1
        taken.append((at, half))
        parts.append(
            f'<g class="threshold"><title>Граница уровня: {escape(line.label)}</title>'
            f'<line x1="{_number(at)}" y1="{_TOP - 6}" x2="{_number(at)}" y2="{bottom + 2}"/>'
            f'<text x="{_number(at)}" y="{_TOP - 10 - 12 * row}" text-anchor="middle">'
            f"{escape(line.label)}</text></g>"
        )
    for index, line in enumerate(chart.references):
        at = x(line.value)
        parts.append(
            f'<g class="reference"><title>{escape(typeset(line.label))}</title>'
            f'<line x1="{_number(at)}" y1="{_TOP - 6}" x2="{_number(at)}" y2="{bottom + 4}"/>'
            f'<text x="{_number(at)}" y="{bottom + 30 + 14 * index}" text-anchor="{_anchor(at)}">'
            f"{escape(typeset(line.label))}</text></g>"
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
