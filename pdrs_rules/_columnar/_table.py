"""Score a whole table of schools with polars: the row engine's raw results, computed by column.

The result for each school is exactly what the row engine's compiled program returns (value,
status and band index per indicator, in evaluation order), so the row engine builds findings,
texts and explanations from it unchanged. Missing data, inapplicability and out-of-range values
propagate through dependent indicators with the row engine's precedence, and bands use the same
tolerance at their bounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import attrs
import polars as pl

from pdrs_rules._compile._bands import resolve, tolerance
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula._grammar import MAX_LITERAL
from pdrs_rules._model import IndicatorSpec, ParamValue, School, Unit, ValueType

from ._expressions import EXACT, Declined, Term, compile_formula, to_float, unsafe_float

__all__ = [
    "EVALUATED",
    "NOT_APPLICABLE",
    "NO_DATA",
    "OUT_OF_RANGE",
    "fact_frame",
    "score_frame",
    "score_schools",
]

# The statuses of the row engine's program (_engine/_program.py), which this must match.
EVALUATED = 0
NO_DATA = 1
NOT_APPLICABLE = 2
OUT_OF_RANGE = 3

_DTYPES = {
    ValueType.INTEGER: pl.Int64,
    ValueType.NUMBER: pl.Float64,
    ValueType.BOOLEAN: pl.Boolean,
    ValueType.STRING: pl.String,
}
_KINDS = {
    ValueType.INTEGER: "int",
    ValueType.NUMBER: "float",
    ValueType.BOOLEAN: "bool",
    ValueType.STRING: "str",
}
#: Every numeric result lies within ±MAX_RESULT, as in the row engine (docs/security.md).
MAX_RESULT = MAX_LITERAL


def fact_frame(
    compiled: CompiledRuleset, fact_names: Sequence[str], schools: Sequence[School]
) -> pl.DataFrame:
    """The schools' facts as typed columns ``x0``, ``x1``, … in ``fact_names`` order.

    Raise Declined for facts polars would not hold as the row engine does.
    """
    types = {f.name: f.type for f in compiled.facts}
    # One C-level lookup per school: every school read from a table has every declared fact.
    rows = [school.facts for school in schools]
    try:
        picked = list(map(itemgetter(*fact_names), rows)) if fact_names else []
    except KeyError:
        picked = [tuple(row.get(name) for name in fact_names) for row in rows]
    if len(fact_names) == 1:
        picked = [(value,) for value in picked]
    columns = list(zip(*picked, strict=True)) if picked else [() for _ in fact_names]
    data: dict[str, pl.Series] = {}
    for index, (name, values) in enumerate(zip(fact_names, columns, strict=True)):
        column = f"x{index}"
        kind = types[name]
        if kind is ValueType.NUMBER and any(type(v) is int for v in values):
            # Schools built by hand may hold ints for number facts; Python keeps them ints.
            raise Declined(f"fact {name!r} holds whole numbers of type int")
        try:
            data[column] = pl.Series(column, values, dtype=_DTYPES[kind])
        except (TypeError, OverflowError, pl.exceptions.PolarsError) as exc:
            raise Declined(f"fact {name!r}: {exc}") from exc
    return pl.DataFrame(data, height=len(schools))


def _fact_terms(
    compiled: CompiledRuleset, fact_names: Sequence[str], frame: pl.DataFrame
) -> dict[str, Term]:
    """How formulas read each fact column; integers bounded by the largest in the table."""
    types = {f.name: f.type for f in compiled.facts}
    terms = {name: Term(pl.col(f"x{i}"), _KINDS[types[name]]) for i, name in enumerate(fact_names)}
    numbers = [
        (f"x{i}", n)
        for i, n in enumerate(fact_names)
        if types[n] in {ValueType.INTEGER, ValueType.NUMBER}
    ]
    if numbers:
        largest = frame.select(pl.col(c).abs().max() for c, _ in numbers).row(0)
        for (_, name), top in zip(numbers, largest, strict=True):
            terms[name] = attrs.evolve(terms[name], bound=float(top or 0))
    return terms


def _domain_out(indicator: IndicatorSpec, term: Term) -> pl.Expr:
    """Outside the domain or the result range (±MAX_LITERAL), or not a finite number.

    The row engine's test, ``not low_limit <= value <= high_limit``: polars orders NaN above
    every number, so NaN fails the upper comparison as it fails Python's.
    """
    low = indicator.domain_min
    high = indicator.domain_max
    low_limit = -MAX_RESULT if low is None else max(-MAX_RESULT, low - tolerance(low))
    high_limit = MAX_RESULT if high is None else min(MAX_RESULT, high + tolerance(high))
    value = to_float(term)
    return ~((value >= low_limit) & (value <= high_limit))


def _band(indicator: IndicatorSpec, term: Term, params: Mapping[str, ParamValue]) -> pl.Expr:
    bands = indicator.bands
    if not bands:
        return pl.lit(-1)  # information: a value with no level, as the row engine says it
    if indicator.unit is Unit.BOOLEAN:
        index = {b.equals: b.index for b in bands}
        return pl.when(term.expr).then(index[True]).otherwise(index[False])
    value = to_float(term)
    chain: Any = pl
    for candidate in bands[:-1]:
        upper = resolve(candidate.upper, params)
        if upper is None:  # pragma: no cover - excluded by check_bands
            continue
        if upper.inclusive:
            test = value <= upper.value + tolerance(upper.value)
        else:
            test = value < upper.value - tolerance(upper.value)
        chain = chain.when(test).then(candidate.index)
    last = bands[-1].index
    return pl.lit(last) if chain is pl else chain.otherwise(last)


def _or(flags: Sequence[pl.Expr]) -> pl.Expr:
    return pl.any_horizontal(flags) if flags else pl.lit(value=False)


def score_frame(
    compiled: CompiledRuleset,
    params: Mapping[str, ParamValue],
    fact_names: Sequence[str],
    frame: pl.DataFrame,
) -> tuple[pl.DataFrame, list[int]]:
    """Value ``v``, status ``s`` and band ``b`` columns of every indicator (by evaluation slot).

    ``frame`` holds the facts as :func:`fact_frame` makes them. Besides, ``t{slot}`` tells
    for the indicators of ``mixed`` type (listed second) whether a value is a float, and
    ``unsafe`` marks the rows to score with the row engine. Raise Declined for the table.
    """
    facts = _fact_terms(compiled, fact_names, frame)
    slots = {ind.id: i for i, ind in enumerate(compiled.indicators)}
    indicators: dict[str, Term] = {}
    unsafe_flags: list[str] = []
    mixed: list[int] = []
    lazy = frame.lazy()
    # Indicators are computed in layers: each reads only those of the layers before it, and
    # the expressions of one layer run side by side.
    depth: dict[str, int] = {}
    layers: list[list[pl.Expr]] = []
    for slot, indicator in enumerate(compiled.indicators):
        formula = compiled.formulas[indicator.id]
        if (indicator.unit is Unit.BOOLEAN) != (formula.kind.value == "boolean"):
            raise Declined(f"indicator {indicator.id!r}: a value of another type than its unit")
        term = compile_formula(formula, facts, params, indicators, frame.height)
        dep_status = [pl.col(f"s{slots[d]}") for d in formula.indicators]
        no_data = _or([facts[f].expr.is_null() for f in formula.facts])
        no_data = no_data | _or([s == NO_DATA for s in dep_status])
        out_dep = _or([s == OUT_OF_RANGE for s in dep_status])
        na_dep = _or([s == NOT_APPLICABLE for s in dep_status])
        guarded = no_data | out_dep | na_dep
        error = pl.lit(value=False) if term.error is None else term.error.fill_null(value=False)
        if indicator.unit is Unit.BOOLEAN:
            out = pl.lit(value=False)
        else:
            out = _domain_out(indicator, term)
        # The row engine's precedence: missing data, then inputs out of range, then division
        # by zero, then the value outside the indicator's domain.
        status = (
            pl.when(no_data)
            .then(NO_DATA)
            .when(out_dep)
            .then(OUT_OF_RANGE)
            .when(na_dep | error)
            .then(NOT_APPLICABLE)
            .when(out)
            .then(OUT_OF_RANGE)
            .otherwise(EVALUATED)
        )
        computed = ~guarded & ~error
        candidates = [term.unsafe]
        if indicator.unit is not Unit.BOOLEAN:
            candidates.append(unsafe_float(term))
        unsafe = [f for f in candidates if f is not None]
        step = [
            pl.when(computed).then(term.expr).alias(f"v{slot}"),
            status.cast(pl.Int8).alias(f"s{slot}"),
            pl.when(status == EVALUATED)
            .then(_band(indicator, term, params))
            .otherwise(-1)
            .cast(pl.Int16)
            .alias(f"b{slot}"),
        ]
        if unsafe:
            unsafe_flags.append(f"u{slot}")
            step.append((computed & _or(unsafe).fill_null(value=False)).alias(f"u{slot}"))
        if term.kind == "mixed":
            mixed.append(slot)
            assert term.is_float is not None  # noqa: S101 - every mixed term has one
            step.append(term.is_float.alias(f"t{slot}"))
        level = max((depth[d] + 1 for d in formula.indicators), default=0)
        depth[indicator.id] = level
        while len(layers) <= level:
            layers.append([])
        layers[level].extend(step)
        indicators[indicator.id] = _stored(term, slot)
    for layer in layers:
        lazy = lazy.with_columns(layer)
    names = [f"{p}{i}" for i in range(len(compiled.indicators)) for p in "vsb"]
    extra = [f"t{i}" for i in mixed]
    unsafe_any = _or([pl.col(u) for u in unsafe_flags]).alias("unsafe")
    return lazy.select(*names, *extra, unsafe_any).collect(), mixed


def score_schools(
    compiled: CompiledRuleset,
    params: Mapping[str, ParamValue],
    fact_names: Sequence[str],
    schools: Sequence[School],
) -> list[tuple[Any, ...] | None]:
    """Each school's raw result as the row engine's program gives it; raise Declined.

    A row whose numbers leave what polars reproduces exactly is None, for the row engine.
    """
    frame = fact_frame(compiled, fact_names, schools)
    table, mixed = score_frame(compiled, params, fact_names, frame)
    width = 3 * len(compiled.indicators)
    results: list[tuple[Any, ...] | None] = []
    for row in table.iter_rows():
        if row[-1]:
            results.append(None)
            continue
        raw = row[:width]
        if mixed:
            items = list(raw)
            for offset, slot in enumerate(mixed):
                value = items[3 * slot]
                if value is not None and not row[width + offset]:
                    items[3 * slot] = int(value)
            raw = tuple(items)
        results.append(raw)
    return results


def _stored(term: Term, slot: int) -> Term:
    """How later formulas read an indicator: its stored column, with the same Python type.

    A constant indicator is read as its expression: polars keeps it a scalar, and a formula
    dividing by it must know (see _expressions._Compiler.divide).
    """
    if term.constant:
        return attrs.evolve(term, error=None, unsafe=None)
    column = pl.col(f"v{slot}")
    if term.kind == "mixed":
        return Term(column, "mixed", is_float=pl.col(f"t{slot}"))
    # A stored integer past 2**53 has its row scored by the row engine anyway.
    bound = min(term.bound, EXACT) if term.kind == "int" else term.bound
    return Term(column, term.kind, bound=bound)
