"""Pieces of recommendation texts: ``{gap}`` head counts, the shortfall, per-ruleset constants.

Split from ``_evaluate`` so that the arithmetic of ``{gap}`` can be tested on its own.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pdrs_rules._compile._bands import ResolvedBound, resolve
from pdrs_rules._formula import _grammar
from pdrs_rules._formula._template import TemplateValue
from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import (
    Band,
    Better,
    IndicatorSpec,
    ParamValue,
    Unit,
    ValueType,
    format_threshold,
    format_value,
)

NO_DATA_DISPLAY = "нет данных"
#: What a placeholder shows when there is no number to show (no bound, no gap).
DASH = TemplateValue("—")


def bound_values(
    unit: Unit,
    threshold: ResolvedBound | None,
    low: ResolvedBound | None,
    high: ResolvedBound | None,
    precision: int | None = None,
) -> dict[str, TemplateValue]:
    """``{threshold}``, ``{lower}`` and ``{upper}`` of one band: fixed by the parameters.

    Bounds are written in their shortest form (``30%``); a bound computed from the group's value
    (``pk_mo - 5``) is rounded to the indicator's ``precision`` like its values.
    """

    def shown(bound: ResolvedBound | None) -> TemplateValue:
        if bound is None:
            return DASH
        if precision is not None:
            return TemplateValue(format_value(bound.value, unit, precision), bound.value)
        return TemplateValue(format_threshold(bound.value, unit), bound.value)

    return {"threshold": shown(threshold), "lower": shown(low), "upper": shown(high)}


def threshold_of(
    better: Better, low: ResolvedBound | None, high: ResolvedBound | None
) -> ResolvedBound | None:
    """The bound a school must cross to improve: the better side of its band."""
    if better is Better.HIGHER:
        return high or low
    return low or high


def gap(
    formula: _grammar.Formula,
    better: Better,
    threshold: ResolvedBound | None,
    names: Mapping[str, Any],
) -> int | None:
    """Head count to move so the share reaches the threshold: ceil(T·d/100) − n.

    ``names`` gives the values of the names the share's parts read; None when there is no
    threshold, the formula is not a share or a part cannot be computed.
    """
    if threshold is None or formula.share_parts is None:
        return None
    if threshold is REACHED:
        return 0
    numerator, denominator = formula.share_parts
    try:
        n = _part(numerator, names)
        d = _part(denominator, names)
        exact_threshold = _exact_threshold(threshold.value)
        # Head counts are nearly always whole: integer division gives the same floor and
        # ceiling as the Fraction path at a fraction of its cost.
        if type(n) is int and type(d) is int:
            return _gap_integer(better, threshold.key, exact_threshold, n, d)
        return _gap_fraction(better, threshold.key, threshold.value, n, d)
    except (ArithmeticError, ValueError, TypeError):
        return None


def _gap_integer(better: Better, key: str, threshold: Fraction, n: int, d: int) -> int:
    # target = T·d/100 = p·d / (100·q) with T = p/q; q > 0, so // floors.
    top = threshold.numerator * d
    bottom = threshold.denominator * 100
    return _move(better, key, top // bottom, -(-top // bottom), n)


def _gap_fraction(better: Better, key: str, threshold: float, n: Any, d: Any) -> int:
    target = _exact(threshold) * _exact(d) / 100
    return _move(better, key, math.floor(target), math.ceil(target), _exact(n))


def _move(better: Better, key: str, floor: int, ceil: int, have: int | Fraction) -> int:
    """The gap, given the floor and ceiling of the target head count T·d/100."""
    crossing_up = key in {"below", "at_most"}
    if (better is Better.HIGHER and not crossing_up) or (better is Better.LOWER and crossing_up):
        return 0  # already on the better side of the threshold
    if crossing_up:
        # "below T" is left upwards by reaching T; "at_most T" only by exceeding it.
        needed = ceil if key == "below" else floor + 1
        return max(0, math.ceil(needed - have))
    # "above T" is left downwards by getting to T; "at_least T" only by getting under it.
    allowed = floor if key == "above" else ceil - 1
    return max(0, math.ceil(have - allowed))


#: A target already reached whatever the value: ``{gap.next}`` in the best band.
REACHED = ResolvedBound(0.0, inclusive=True, key="reached")


def gap_targets(
    indicator: IndicatorSpec,
    band: Band,
    params: Mapping[str, ParamValue],
    rank: Mapping[str, int],
) -> dict[str, ResolvedBound]:
    """The bounds ``{gap.x}`` counts to from ``band``, as thresholds the gap leaves behind.

    ``next`` is the nearest band in the direction of ``better`` with a better level or more
    points, ``best`` the band at that end; a numeric parameter or a named target ``T`` is
    reached at ``T`` (≥ T when higher is better, ≤ T when lower is).
    """
    higher = indicator.better is Better.HIGHER
    out: dict[str, ResolvedBound] = {}
    for name, value in (*((n, n) for n in params), *indicator.targets):
        number = params.get(value) if isinstance(value, str) else value
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            out[name] = ResolvedBound(float(number), inclusive=False, key=_towards(higher))
    ahead = [b for b in indicator.bands if (b.index > band.index) == higher and b is not band]
    ahead.sort(key=lambda b: b.index, reverse=not higher)
    better = [b for b in ahead if _improves(b, band, rank)]
    out["next"] = _entry(better[0], higher, params) if better else REACHED
    out["best"] = _entry(ahead[-1], higher, params) if ahead else REACHED
    return out


def _towards(higher: bool) -> str:
    # Reaching T from below is leaving "below: T"; from above, leaving "above: T".
    return "below" if higher else "above"


def _improves(candidate: Band, band: Band, rank: Mapping[str, int]) -> bool:
    if rank.get(candidate.level, -1) > rank.get(band.level, -1):
        return True
    return (candidate.points or 0) > (band.points or 0)


def _entry(target: Band, higher: bool, params: Mapping[str, ParamValue]) -> ResolvedBound:
    """The threshold whose crossing enters ``target``: its near bound, seen from outside."""
    near = resolve(target.lower if higher else target.upper, params)
    if near is None:  # pragma: no cover - bands after the first have a lower bound
        return REACHED
    if higher:
        # Entering "at_least T" is leaving "below T"; entering "above T", leaving "at_most T".
        return ResolvedBound(
            near.value, inclusive=not near.inclusive, key="below" if near.inclusive else "at_most"
        )
    return ResolvedBound(
        near.value, inclusive=not near.inclusive, key="above" if near.inclusive else "at_least"
    )


def shortfall(formula: _grammar.Formula, names: Mapping[str, Any]) -> float | None:
    """``d − n`` of a share: how many of the denominator are not in the numerator."""
    if formula.share_parts is None:
        return None
    numerator, denominator = formula.share_parts
    try:
        n = _part(numerator, names)
        d = _part(denominator, names)
        return None if n is None or d is None else d - n
    except (ArithmeticError, ValueError, TypeError):
        return None


class Names:
    """The names a share's parts read, as a mapping: indicators first, then parameters, facts."""

    def __init__(
        self,
        formula: Any,
        facts: Mapping[str, Any],
        params: Mapping[str, Any],
        values: Mapping[str, Any],
    ) -> None:
        self.formula = formula
        self.facts = facts
        self.params = params
        self.values = values

    def __getitem__(self, name: str) -> Any:
        if name in self.formula.indicators:
            return self.values.get(name)
        if name in self.params:
            return self.params[name]
        if name in self.formula.facts:
            return self.facts.get(name)
        raise KeyError(name)


def _part(tree: ast.expr, names: Mapping[str, Any]) -> Any:
    # Most shares are share(fact, fact); building an evaluator for a lookup is the slow part.
    if isinstance(tree, ast.Name):
        return names[tree.id]
    return _grammar.eval_tree(tree, names)


def _exact(number: Any) -> Fraction:
    """The number as written: repr() of a float, so 33.3 is 333/10 and not its binary value."""
    return Fraction(number) if type(number) is int else Fraction(repr(number))


# A ruleset has a handful of thresholds; parsing one from its repr for every gap was the
# slow part of {gap}. typed=True keeps 1 and 1.0 apart (their reprs differ, not their values).
_exact_threshold = functools.lru_cache(maxsize=1024, typed=True)(_exact)


def value_of(value: Any, kind: ValueType) -> TemplateValue:
    """A fact's or parameter's value as a template shows it."""
    if value is None:
        return TemplateValue(NO_DATA_DISPLAY)
    if kind is ValueType.BOOLEAN or isinstance(value, bool):
        return TemplateValue("да" if value else "нет")
    if kind is ValueType.STRING:
        return TemplateValue(str(value))
    return TemplateValue(format_number(value), value)
