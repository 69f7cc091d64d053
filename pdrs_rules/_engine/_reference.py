"""The reference evaluator: simpleeval over the parsed trees, one school at a time.

Slow and plain on purpose. The generated program in _program.py must give exactly the same
values, outcomes and bands; tests compare the two on generated rulesets and facts, and the
benchmarks use this as the "simpleeval parse-once" baseline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pdrs_rules._compile._bands import find_band, tolerance
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula import _grammar
from pdrs_rules._model import IndicatorSpec, ParamValue, Unit

from ._program import EVALUATED, MAX_RESULT, NO_DATA, NOT_APPLICABLE, OUT_OF_RANGE


def reference_score(
    ruleset: CompiledRuleset, params: Mapping[str, ParamValue], row: Sequence[Any]
) -> tuple[Any, ...]:
    """Value, status and band index of every indicator, in evaluation order, flattened."""
    facts = {spec.name: row[i] for i, spec in enumerate(ruleset.facts)}
    values: dict[str, Any] = {}
    statuses: dict[str, int] = {}
    out: list[Any] = []
    for indicator in ruleset.indicators:
        formula = ruleset.formulas[indicator.id]
        dep_statuses = {statuses[d] for d in formula.indicators}
        value: Any = None
        band = -1
        if any(facts[f] is None for f in formula.facts) or NO_DATA in dep_statuses:
            status = NO_DATA
        elif OUT_OF_RANGE in dep_statuses:
            status = OUT_OF_RANGE
        elif NOT_APPLICABLE in dep_statuses:
            status = NOT_APPLICABLE
        else:
            names = {**facts, **params, **values}
            try:
                value = _grammar.eval_tree(formula.tree, names)
            except ZeroDivisionError:
                status = NOT_APPLICABLE
            except (ArithmeticError, ValueError):
                status = OUT_OF_RANGE
            else:
                status, band = _judge(indicator, value, params, facts)
        values[indicator.id] = value
        statuses[indicator.id] = status
        out += [value, status, band]
    return tuple(out)


def _in_domain(indicator: IndicatorSpec, value: float) -> bool:
    # Comparisons rather than math.isfinite: they also hold for integers too big for a float.
    low, high = indicator.domain_min, indicator.domain_max
    low_limit = -MAX_RESULT if low is None else max(-MAX_RESULT, low - tolerance(low))
    high_limit = MAX_RESULT if high is None else min(MAX_RESULT, high + tolerance(high))
    return bool(low_limit <= value <= high_limit)


def _judge(
    indicator: IndicatorSpec, value: Any, params: Mapping[str, ParamValue], facts: Mapping[str, Any]
) -> tuple[int, int]:
    if indicator.unit is not Unit.BOOLEAN and not _in_domain(indicator, value):
        return OUT_OF_RANGE, -1
    band = find_band(value, indicator.bands, {**facts, **params})
    if band is None:
        # Bands relative to an aggregate the row does not hold: the value, not judged yet.
        return EVALUATED, -1
    return EVALUATED, band.index
