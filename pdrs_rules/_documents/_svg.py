"""Inline SVG bar charts for the HTML report: one bar per school, band edges, municipal value."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._i18n._typography import typeset
from pdrs_rules._model import Unit, format_threshold

from ._content import Chart

__all__ = ["bar_chart", "box_chart", "histogram_chart", "text_width"]

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
    parts += _lines(chart, x, _TOP, bottom, low)
    parts.append("</svg>")
    return "".join(parts)


def _anchor(at: float) -> str:
    """Where a label under a line starts, so that a long one stays on the canvas."""
    if at > _WIDTH - 110:
        return "end"
    return "start" if at < _PLOT_LEFT + 60 else "middle"


def _rank(rank: int | None) -> str:
    return "" if rank is None else f"rank-{rank}"


# -- distributions: a histogram by level, a box per group ----------------------------------------

_WHOLE = 100.0
_HIST_LEFT = 56
_HIST_RIGHT = 650
_HIST_HEIGHT = 170


def _open(chart: Chart, what: str, height: float) -> list[str]:
    label = f"{chart.number}. {chart.title}: {what}"
    return [
        (
            f'<svg class="chart distribution" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {_WIDTH} {_number(height)}" width="{_WIDTH}" '
            f'height="{_number(height)}" xmlns="http://www.w3.org/2000/svg">'
        ),
        f"<title>{escape(label)}</title>",
    ]


def _lines(
    chart: Chart, x: Callable[[float], float], top: float, bottom: float, low: float
) -> list[str]:
    """The band edges (dashed, labelled above) and the municipal values (solid, below).

    An edge at the start of the scale is the axis itself and gets neither line nor label;
    labels of edges close together go on a second row above, so they do not overlap.
    """
    parts = []
    taken: list[tuple[float, float]] = []
    for line in chart.thresholds:
        if line.value <= low:
            continue
        at = x(line.value)
        half = text_width(line.label) / 2 + 2
        row = 0 if all(abs(at - other) > half + width for other, width in taken) else 1
        taken.append((at, half))
        edge = _number(at)
        parts.append(
            f'<g class="threshold"><title>Граница уровня: {escape(line.label)}</title>'
            f'<line x1="{edge}" y1="{_number(top - 6)}" x2="{edge}" y2="{_number(bottom + 2)}"/>'
            f'<text x="{edge}" y="{_number(top - 10 - 12 * row)}" text-anchor="middle">'
            f"{escape(line.label)}</text></g>"
        )
    for index, line in enumerate(chart.references):
        at = x(line.value)
        parts.append(
            f'<g class="reference"><title>{escape(typeset(line.label))}</title>'
            f'<line x1="{_number(at)}" y1="{_number(top - 6)}" x2="{_number(at)}" '
            f'y2="{_number(bottom + 4)}"/>'
            f'<text x="{_number(at)}" y="{_number(bottom + 30 + 14 * index)}" '
            f'text-anchor="{_anchor(at)}">{escape(typeset(line.label))}</text></g>'
        )
    return parts


def histogram_chart(chart: Chart, levels: Sequence[str]) -> str:
    """How many schools have values in each range, each column split by level (worst below).

    ``levels`` are the levels' titles, worst first, for the columns' tooltips.
    """
    bins = chart.bins
    low, high = bins[0].low, bins[-1].high
    most = max(sum(b.counts) for b in bins)
    top_count = _nice_ceiling(most)

    def x(value: float) -> float:
        return _HIST_LEFT + (value - low) / (high - low) * (_HIST_RIGHT - _HIST_LEFT)

    def y(count: float) -> float:
        return _TOP + _HIST_HEIGHT - count / top_count * _HIST_HEIGHT

    bottom = _TOP + _HIST_HEIGHT
    height = bottom + _BOTTOM + 14 * max(len(chart.references) - 1, 0)
    entity = "ОО"
    parts = _open(chart, f"распределение {chart.count} {entity} по значениям", height)
    for column in bins:
        left, right = x(column.low) + 1, x(column.high) - 1
        stacked = 0
        for rank, count in enumerate(column.counts):
            if not count:
                continue
            title = levels[rank] if rank < len(levels) else "без уровня"
            tall = y(stacked) - y(stacked + count)
            parts.append(
                f'<g class="bin {_rank(rank) if rank < len(levels) else "nolevel"}">'
                f"<title>{escape(column.label)}: {count} — {escape(title)}</title>"
                f'<rect x="{_number(left)}" y="{_number(y(stacked + count))}" '
                f'width="{_number(right - left)}" height="{_number(tall)}"/></g>'
            )
            stacked += count
        if stacked:
            parts.append(
                f'<text class="value" x="{_number((left + right) / 2)}" '
                f'y="{_number(y(stacked) - 3)}" text-anchor="middle">{stacked}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{_HIST_LEFT}" y1="{_number(bottom)}" x2="{_HIST_RIGHT}" '
        f'y2="{_number(bottom)}"/>'
    )
    parts += [
        f'<text class="tick" x="{_HIST_LEFT - 4}" y="{_number(y(tick) + 3)}" text-anchor="end">'
        f"{format_number(tick)}</text>"
        for tick in (0, top_count / 2, top_count)
    ]
    every = max(1, math.ceil(len(bins) / 10))
    edges = [b.low for b in bins[::every]] + [high]
    parts += [
        f'<text class="tick" x="{_number(x(edge))}" y="{_number(bottom + 14)}" '
        f'text-anchor="middle">{escape(format_threshold(edge, chart.unit))}</text>'
        for edge in edges
    ]
    parts += _lines(chart, x, _TOP, bottom, low)
    parts.append("</svg>")
    return "".join(parts)


def box_chart(chart: Chart) -> str:
    """A box per group: the middle half of its schools' values, the median, the extremes."""
    boxes = chart.boxes
    values = [v for b in boxes for v in (b.low, b.high)]
    values += [line.value for line in (*chart.thresholds, *chart.references)]
    low = min(0.0, *values)
    high = _nice_ceiling(max(values)) if max(values) > 0 else 1.0
    if chart.unit is Unit.PERCENT and max(values) <= _WHOLE:
        high = min(high, _WHOLE)

    def x(value: float) -> float:
        return _PLOT_LEFT + (value - low) / (high - low) * (_PLOT_RIGHT - _PLOT_LEFT)

    bottom = _TOP + len(boxes) * _ROW
    height = bottom + _BOTTOM + 14 * max(len(chart.references) - 1, 0)
    parts = _open(chart, f"значения {chart.count} ОО по {len(boxes)} группам", height)
    for row, box in enumerate(boxes):
        top = _TOP + row * _ROW
        middle = top + _BAR / 2
        shown = typeset(f"медиана {box.shown[2]}" if box.shown else "")
        parts.append(
            f'<g class="box"><title>{escape(typeset(box.group))}: {box.count}; '
            f"{escape(' · '.join(box.shown))}</title>"
            f'<text class="name" x="{_LABEL_WIDTH}" y="{_number(top + _BAR - 3)}" '
            f'text-anchor="end">{escape(typeset(_short(box.group)))}</text>'
            f'<line x1="{_number(x(box.low))}" y1="{_number(middle)}" '
            f'x2="{_number(x(box.high))}" y2="{_number(middle)}"/>'
            f'<rect x="{_number(x(box.q1))}" y="{top}" '
            f'width="{_number(max(x(box.q3) - x(box.q1), 1))}" height="{_BAR}"/>'
            f'<line class="median" x1="{_number(x(box.median))}" y1="{top}" '
            f'x2="{_number(x(box.median))}" y2="{top + _BAR}"/>'
            f'<text class="value" x="{_number(x(box.high) + 4)}" '
            f'y="{_number(top + _BAR - 3)}">{escape(shown)}</text></g>'
        )
    parts.append(
        f'<line class="axis" x1="{_number(x(0.0))}" y1="{_TOP - 4}" x2="{_number(x(0.0))}" '
        f'y2="{bottom + 2}"/>'
        + "".join(
            f'<text class="tick" x="{_number(x(tick))}" y="{bottom + 14}" text-anchor="middle">'
            f"{escape(format_threshold(tick, chart.unit))}</text>"
            for tick in (low, (low + high) / 2, high)
        )
    )
    parts += _lines(chart, x, _TOP, bottom, low)
    parts.append("</svg>")
    return "".join(parts)
