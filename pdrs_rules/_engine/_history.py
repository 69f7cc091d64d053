"""EVALUATE, the past of a run: what a multi-level run keeps of the periods before the current one.

Trends read the values of one name over the periods, and ``previous()`` the value of the period
before; nothing else of a past period is kept, and no further back than the longest trend looks,
so the memory of a run does not grow with the number of periods. May import: what ``_engine``
may.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._model import Finding, Outcome, School, TrendSpec

from ._evaluate import Evaluator, _Context
from ._trend import Point

__all__ = [
    "Past",
    "fact_points",
    "finding_points",
    "forget",
    "kept_periods",
    "previous_names",
    "series",
    "value_points",
    "with_previous",
]

#: The past of one level: entity id -> period -> name -> Point.
Past = dict[str, dict[str, dict[str, Point]]]


def kept_periods(trends: Iterable[TrendSpec]) -> int:
    """Past periods to keep: what the longest trend shows or needs, and one more.

    The one more is the period before a gap, which a too-short history names; ``previous()``
    reads one period back.
    """
    return 1 + max((max(t.periods, *(t.needs(r) for r in t.rules)) for t in trends), default=1)


def previous_names(evaluator: Evaluator) -> set[str]:
    """The names whose value in the period before ``previous()`` reads."""
    return {name.split(":", 1)[1] for name in evaluator.fact_names if name.startswith("previous:")}


def forget(pasts: Iterable[Past], periods: Sequence[str], kept: int) -> None:
    """Drop the period that has just fallen out of the ``kept`` last of ``periods``."""
    if len(periods) <= kept:
        return
    old = periods[-kept - 1]
    for past in pasts:
        for by_period in past.values():
            by_period.pop(old, None)


def series(
    past: Past, entity: str, of: str, periods: Sequence[str], current: Mapping[str, Point]
) -> list[Point]:
    """The values of ``of`` over ``periods``, the last one ``current``'s; «нет данных» if none."""
    known = past.get(entity, {})
    points = []
    for period in periods[:-1]:
        point = known.get(period, {}).get(of)
        points.append(point or Point(period, None, Outcome.NO_DATA, "нет данных"))
    points.append(current[of])
    return points


def with_previous(entity: School, evaluator: Evaluator, previous: str | None, past: Past) -> School:
    """``entity`` with the ``previous:`` inputs its formulas read, from the period before."""
    wanted = [n for n in evaluator.fact_names if n.startswith("previous:")]
    if not wanted:
        return entity
    known = past.get(entity.id, {}).get(previous or "", {})
    values: dict[str, Any] = {}
    for name in wanted:
        point = known.get(name.split(":", 1)[1])
        values[name] = (
            point.value if point is not None and point.outcome is Outcome.EVALUATED else None
        )
    return attrs.evolve(entity, facts={**entity.facts, **values})


def finding_points(
    period: str, findings: Iterable[Finding], read: Collection[str]
) -> dict[str, Point]:
    """The points of the findings whose names are ``read``."""
    return {
        f.indicator: Point(period, f.value, f.outcome, f.display)
        for f in findings
        if f.indicator in read
    }


def fact_points(period: str, names: Iterable[str], entity: School) -> dict[str, Point]:
    """The points of an entity's facts named in ``names``."""
    points = {}
    for name in names:
        value = entity.facts.get(name)
        outcome = Outcome.EVALUATED if value is not None else Outcome.NO_DATA
        points[name] = Point(period, value, outcome, "" if value is None else str(value))
    return points


def value_points(
    evaluator: Evaluator, school: School, period: str, raw: Sequence[Any], read: Collection[str]
) -> dict[str, Point]:
    """The points of the indicators named in ``read``, from a program result alone (no texts)."""
    values, statuses = evaluator.values_of(tuple(raw))
    context = _Context(evaluator, school, values, statuses)
    points: dict[str, Point] = {}
    for slot, ind in evaluator.output:
        if ind.id in read:
            value, outcome, _, shown = context.judged(
                ind, raw[3 * slot], raw[3 * slot + 1], raw[3 * slot + 2]
            )
            points[ind.id] = Point(period, value, outcome, shown)
    return points
