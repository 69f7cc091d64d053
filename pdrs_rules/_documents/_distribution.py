"""Charts of many schools: a histogram by level or a box per group, and the worst schools named.

Past a few dozen bars a reader tells no school from another, and at 40,000 schools a chart
of bars is a grey block the size of a book. :class:`Tally` collects one indicator's values
school by school, in flat arrays and without keeping the schools, and :func:`distribution`
turns a chart into the picture of its spread.
"""

from __future__ import annotations

import heapq
import itertools
import math
import statistics
from array import array
from collections.abc import Callable, Sequence

import attrs

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import Better, Unit, format_threshold

from ._parts import Bin, Box, Chart

__all__ = ["MAX_BARS", "WORST_NAMED", "Tally", "distribution"]

#: More bars than this and a chart becomes a distribution: at 17 px a row, 60 bars fill an A4
#: page, and nobody compares the 61st bar with the first.
MAX_BARS = 60
#: How many of the worst schools a distribution names under it.
WORST_NAMED = 5
#: About how many columns a histogram has; the step is rounded to 1, 2, 2,5 or 5 × 10ⁿ.
_BINS = 10
#: A share's scale runs to 100%.
_WHOLE = 100.0


class Tally:
    """One indicator's values, ranks and groups, collected school by school."""

    def __init__(self, better: Better, levels: int) -> None:
        self.better = better
        self.levels = levels
        self.values = array("d")
        #: Rank of each value's level, ``levels`` for a value without a level.
        self.ranks = array("h")
        self.groups = array("l")
        self._worst: list[tuple[tuple[float, float], int, str]] = []
        self._order = itertools.count()

    @property
    def count(self) -> int:
        """How many values were added."""
        return len(self.values)

    def add(self, value: float, rank: int | None, name: str, display: str, group: int = 0) -> None:
        """One school's value, its level's rank (0 the worst), its name and its group."""
        self.values.append(value)
        self.ranks.append(self.levels if rank is None else rank)
        self.groups.append(group)
        # The worst first: the lowest rank, then the value furthest on the worse side.
        side = -value if self.better is Better.LOWER else value
        key = (float(self.levels if rank is None else rank), side)
        entry = ((-key[0], -key[1]), next(self._order), f"{name} ({display})")
        if len(self._worst) < WORST_NAMED:
            heapq.heappush(self._worst, entry)
        elif entry[0] > self._worst[0][0]:
            heapq.heapreplace(self._worst, entry)

    def worst(self) -> tuple[str, ...]:
        """The schools with the worst values, worst first, as ``name (value)``."""
        ordered = sorted(self._worst, key=lambda e: (e[0][0], e[0][1], -e[1]), reverse=True)
        return tuple(text for _, _, text in ordered)

    def bins(self, unit: Unit, edges: Sequence[float] = ()) -> tuple[Bin, ...]:
        """The values in about ten columns of a round width, each counted by rank."""
        if not self.values:
            return ()
        low, high = min(self.values), max(self.values)
        if unit is Unit.PERCENT and low >= 0 and high <= _WHOLE:
            low, high = 0.0, _WHOLE
        low, high = min([low, *edges]), max([high, *edges])
        step = _nice_step((high - low) / _BINS) if high > low else 1.0
        start = math.floor(low / step) * step
        count = max(1, math.ceil((high - start) / step - 1e-9))
        counts = [[0] * (self.levels + 1) for _ in range(count)]
        for value, rank in zip(self.values, self.ranks, strict=True):
            index = min(int((value - start) / step), count - 1)
            counts[index][rank] += 1
        edges_of = [(start + i * step, start + (i + 1) * step) for i in range(count)]
        return tuple(
            Bin(a, b, tuple(row), f"{format_number(a)}–{format_threshold(b, unit)}")
            for (a, b), row in zip(edges_of, counts, strict=True)
        )

    def boxes(self, names: Sequence[str], shown: Callable[[float], str]) -> tuple[Box, ...]:
        """A box per group that has values, the best median first."""
        by_group: dict[int, list[float]] = {}
        for value, group in zip(self.values, self.groups, strict=True):
            by_group.setdefault(group, []).append(value)
        boxes = []
        for group, values in by_group.items():
            values.sort()
            q1, median, q3 = (
                statistics.quantiles(values, n=4, method="inclusive")
                if len(values) > 1
                else values * 3
            )
            five = (values[0], q1, median, q3, values[-1])
            boxes.append(Box(names[group], len(values), *five, tuple(shown(x) for x in five)))
        descending = self.better is not Better.LOWER
        return tuple(sorted(boxes, key=lambda b: (-b.median if descending else b.median, b.group)))


def _nice_step(raw: float) -> float:
    power = 10.0 ** math.floor(math.log10(raw))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= step * power + 1e-12:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10 × power, which is ≥ raw


def distribution(
    chart: Chart,
    tally: Tally,
    *,
    groups: Sequence[str] = (),
    shown: Callable[[float], str] = str,
    missing: int = 0,
) -> Chart:
    """``chart`` as a distribution of ``tally``, the worst schools named.

    A box per group when there are 2 to :data:`MAX_BARS` groups, a histogram by level otherwise.
    """
    edges = [line.value for line in (*chart.thresholds, *chart.references)]
    use_boxes = 1 < len({*tally.groups}) <= MAX_BARS and len(groups) > 1
    return attrs.evolve(
        chart,
        bars=(),
        bins=() if use_boxes else tally.bins(chart.unit, edges),
        boxes=tally.boxes(groups, shown) if use_boxes else (),
        worst=tally.worst(),
        count=tally.count,
        missing=chart.missing if missing <= WORST_NAMED * 2 else (),
        missing_count=missing,
    )
