"""Aggregates: one value per group and period from the schools' results (docs/municipal.md).

Which schools count is the part users check by hand, so it is explicit here: a school counts
when everything the aggregate reads was computed for it; any other school is listed as excluded
with the outcome that excluded it, never counted as zero.
"""

from __future__ import annotations

import ast
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._compile._bands import canonical, tolerance
from pdrs_rules._formula import _grammar
from pdrs_rules._formula._template import TemplateValue
from pdrs_rules._model import (
    AggregateMethod,
    AggregateResult,
    AggregateSpec,
    Better,
    EntitySpec,
    IndicatorSpec,
    ListedSchool,
    Outcome,
    ParamValue,
    School,
    Score,
    Unit,
    format_value,
)

from ._evaluate import _OUTCOMES, OUT_OF_RANGE_DISPLAY, _Context, result_value

__all__ = ["SchoolState", "compute", "indicator_states", "template_values"]

#: Of the default entity (ОО); EntitySpec.no_value says it of a ruleset's own.
NO_VALUE_DISPLAY = EntitySpec().no_value
_EXCLUDED_TITLES = {
    Outcome.NO_DATA: "без данных",
    Outcome.NOT_APPLICABLE: "показатель не применим",
    Outcome.OUT_OF_RANGE: "значение вне допустимых",
    Outcome.INSUFFICIENT_HISTORY: "недостаточно данных за прошлые периоды",
}


@attrs.frozen
class SchoolState:
    """What aggregates may read of one school in one period."""

    school: School
    #: Indicator id -> (value, outcome, level, display).
    indicators: Mapping[str, tuple[Any, Outcome, str | None, str]]
    #: Trend id -> (value, outcome, rule id, display).
    trends: Mapping[str, tuple[Any, Outcome, str | None, str]] = attrs.field(factory=dict)
    #: Trend id -> how many consecutive periods up to this one had a value.
    history: Mapping[str, int] = attrs.field(factory=dict)
    #: The school's place in the facts (``order: facts``).
    position: int = 0
    #: Aggregate id -> what its ``{x.schools}`` shows of this school in brackets (``show``).
    notes: Mapping[str, str] = attrs.field(factory=dict)
    #: The school's score, for second-stage aggregates over the scoring.
    score: Score | None = None
    #: Indicator id -> the title of the band the value is in ("" when it has none).
    titles: Mapping[str, str] = attrs.field(factory=dict)


def compute(
    spec: AggregateSpec,
    states: Sequence[SchoolState],
    params: Mapping[str, ParamValue],
    condition: _grammar.Formula | None,
    pooled_parts: tuple[ast.expr, ast.expr, bool] | None,
    *,
    group: tuple[str, str],
    period: str,
    rule_periods: int = 0,
    no_value: str = NO_VALUE_DISPLAY,
) -> AggregateResult:
    """The aggregate over the schools of one group and period.

    ``rule_periods`` is the fewest periods any rule named in ``rule`` needs: a school with a
    shorter history could not have matched them, so it is excluded, not counted as "no".
    """
    counted: list[tuple[SchoolState, Any, str]] = []
    matched: list[tuple[SchoolState, Any, str]] = []
    excluded: list[ListedSchool] = []
    for state in states:
        value, outcome, display = _value_of(spec, state)
        if (
            outcome is Outcome.EVALUATED
            and spec.rules
            and state.history.get(spec.of or "", 0) < rule_periods
        ):
            outcome = Outcome.INSUFFICIENT_HISTORY
        if outcome is Outcome.EVALUATED and condition is not None:
            outcome = _condition_inputs(condition, state)
        if outcome is not Outcome.EVALUATED:
            excluded.append(ListedSchool(state.school.id, state.school.name, outcome=outcome))
            continue
        counted.append((state, value, display))
        if _meets(spec, state, params, condition):
            matched.append((state, value, display))
    number = _value(spec, counted, matched, params, pooled_parts)
    listed = _listing(spec, matched)
    if number is None:
        shown = no_value
    elif not math.isfinite(number):
        # Only a pooled share can get here: its parts passed what a float holds.
        number, shown = None, OUT_OF_RANGE_DISPLAY
    else:
        shown = format_value(canonical(number), spec.unit, spec.precision)
    return AggregateResult(
        aggregate=spec.id,
        group_id=group[0],
        group_name=group[1],
        period=period,
        value=None if number is None else canonical(number),
        display=shown,
        counted=len(counted),
        matched=tuple(
            ListedSchool(s.school.id, s.school.name, _plain_value(v), d, note=_note(spec, s))
            for s, v, d in _ordered(spec, listed)
        ),
        excluded=tuple(sorted(excluded, key=lambda s: (s.school_name, s.school_id))),
    )


def _plain_value(value: Any) -> float | bool | None:
    if isinstance(value, bool) or value is None:
        return value
    return canonical(float(value)) if isinstance(value, (int, float)) else None


def _value_of(spec: AggregateSpec, state: SchoolState) -> tuple[Any, Outcome, str]:
    if spec.of is None:
        return None, Outcome.EVALUATED, ""
    if spec.of_kind == "fact":
        value = state.school.facts.get(spec.of)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None, Outcome.NO_DATA, ""
        return value, Outcome.EVALUATED, format_value(value, spec.unit, spec.precision)
    if spec.of_kind == "scoring":
        # A school with nothing scored (a maximum of 0) has no percentage and no level.
        score = state.score
        if score is None or score.percent is None:
            return None, Outcome.NOT_APPLICABLE, ""
        return score.percent, Outcome.EVALUATED, format_value(score.percent, Unit.PERCENT, 1)
    table = state.trends if spec.of_kind == "trend" else state.indicators
    value, outcome, _, display = table[spec.of]
    return value, outcome, display


def _condition_inputs(condition: _grammar.Formula, state: SchoolState) -> Outcome:
    """The outcome that keeps a school out of a condition: the first input not computed."""
    for fact in condition.facts:
        if state.school.facts.get(fact) is None:
            return Outcome.NO_DATA
    for name in condition.indicators:
        outcome = state.indicators[name][1]
        if outcome is not Outcome.EVALUATED:
            return outcome
    return Outcome.EVALUATED


def _names(state: SchoolState, params: Mapping[str, ParamValue]) -> dict[str, Any]:
    return {
        **state.school.facts,
        **params,
        **{name: item[0] for name, item in state.indicators.items()},
    }


def _meets(
    spec: AggregateSpec,
    state: SchoolState,
    params: Mapping[str, ParamValue],
    condition: _grammar.Formula | None,
) -> bool:
    if spec.levels and _level_of(spec, state) not in spec.levels:
        return False
    if spec.band_titles and state.titles.get(spec.of or "") not in spec.band_titles:
        return False
    if spec.missing and not _empty(spec, state):
        return False
    if spec.rules and state.trends[spec.of or ""][2] not in spec.rules:
        return False
    if condition is not None:
        try:
            return bool(_grammar.eval_tree(condition.tree, _names(state, params)))
        except (ArithmeticError, ValueError):
            return False
    return True


def _empty(spec: AggregateSpec, state: SchoolState) -> list[str]:
    """The column headers of the facts of ``missing`` the school left empty."""
    facts = state.school.facts
    pairs = zip(spec.missing, spec.missing_columns, strict=True)
    return [column for fact, column in pairs if facts.get(fact) is None]


def _level_of(spec: AggregateSpec, state: SchoolState) -> str | None:
    if spec.of_kind == "scoring":
        return state.score.level if state.score is not None else None
    return state.indicators[spec.of or ""][2]


def _value(
    spec: AggregateSpec,
    counted: Sequence[tuple[SchoolState, Any, str]],
    matched: Sequence[tuple[SchoolState, Any, str]],
    params: Mapping[str, ParamValue],
    pooled_parts: tuple[ast.expr, ast.expr, bool] | None,
) -> float | None:
    method = spec.method
    if method is AggregateMethod.COUNT:
        # "0 schools without ИОМ" would be false when no school reported: no value instead.
        return float(len(matched)) if counted else None
    if method is AggregateMethod.SHARE:
        return len(matched) * 100 / len(counted) if counted else None
    values = [float(v) for _, v, _ in matched]
    if not values:
        return None
    if method is AggregateMethod.POOLED:
        assert pooled_parts is not None  # noqa: S101 - the compiler requires share/ratio
        return _pooled(matched, params, pooled_parts)
    if method is AggregateMethod.MEAN:
        return statistics.fmean(values)
    if method is AggregateMethod.MEDIAN:
        return float(statistics.median(values))
    if method is AggregateMethod.SUM:
        return float(sum(values))
    if method in {AggregateMethod.MIN, AggregateMethod.BOTTOM}:
        return min(values)
    return max(values)


def _pooled(
    matched: Sequence[tuple[SchoolState, Any, str]],
    params: Mapping[str, ParamValue],
    pooled_parts: tuple[ast.expr, ast.expr, bool],
) -> float | None:
    """Σ numerators / Σ denominators (× 100 for a share); nan if a sum passes what a float holds.

    A school counted here has its share within ±1e15, but its numerator and denominator may
    each be integers too large for a float (``share(n * 1e15 ** 2, d * 1e15 ** 2)``).
    """
    numerator, denominator, percent = pooled_parts
    total_n: float = 0
    total_d: float = 0
    try:
        for state, _, _ in matched:
            names = _names(state, params)
            total_n += _grammar.eval_tree(numerator, names)
            total_d += _grammar.eval_tree(denominator, names)
        if total_d == 0:
            return None
        return float(total_n * 100 / total_d if percent else total_n / total_d)
    except OverflowError:
        return math.nan


def _listing(
    spec: AggregateSpec, matched: Sequence[tuple[SchoolState, Any, str]]
) -> list[tuple[SchoolState, Any, str]]:
    def number(item: tuple[SchoolState, Any, str]) -> float:
        value = item[1]
        return float(value) if isinstance(value, (int, float)) else 0.0

    by_name = sorted(matched, key=lambda item: (item[0].school.name, item[0].school.id))
    if spec.method in {AggregateMethod.TOP, AggregateMethod.BOTTOM}:
        highest_first = spec.method is AggregateMethod.TOP
        ranked = sorted(by_name, key=number, reverse=highest_first)
        limit = spec.limit or len(ranked)
        if len(ranked) <= limit:
            return ranked
        cut = number(ranked[limit - 1])
        # Ties at the cut are all listed: dropping one of two equal schools would be arbitrary.
        return [
            item
            for item in ranked
            if (
                number(item) >= cut - tolerance(cut)
                if highest_first
                else number(item) <= cut + tolerance(cut)
            )
        ]
    if spec.of is None:
        return by_name
    worst_high = spec.better is Better.LOWER
    return sorted(by_name, key=number, reverse=worst_high)


def _note(spec: AggregateSpec, state: SchoolState) -> str:
    if spec.missing:
        return ", ".join(_empty(spec, state))
    return state.notes.get(spec.id, "")


def _columns_of(note: str, columns: Sequence[str]) -> list[str]:
    """The columns a note of ``missing`` lists: a run of them, in order, joined by ", "."""
    found, rest = [], note
    for column in columns:
        if rest == column or rest.startswith(column + ", "):
            found.append(column)
            rest = rest[len(column) + 2 :]
    return found


def _ordered(
    spec: AggregateSpec, listed: list[tuple[SchoolState, Any, str]]
) -> list[tuple[SchoolState, Any, str]]:
    """The listed schools in the order the aggregate asks for; ``worst`` keeps the listing's."""
    if spec.order == "facts":
        return sorted(listed, key=lambda item: item[0].position)
    if spec.order == "name":
        return sorted(listed, key=lambda item: (item[0].school.name, item[0].school.id))
    if spec.order == "id":
        return sorted(listed, key=lambda item: item[0].school.id)
    return listed


def template_values(
    result: AggregateResult, spec: AggregateSpec, entity: EntitySpec
) -> dict[str, TemplateValue | float | None]:
    """What texts show of an aggregate: ``{x}`` (a number for the program) and ``{x.part}``."""
    with_values = (spec.of is not None or bool(spec.missing)) and spec.show != "none"

    def bracket(school: ListedSchool) -> str:
        return school.note if spec.show is not None or spec.missing else school.display

    schools = ", ".join(
        f"{s.school_name} ({bracket(s)})" if with_values and bracket(s) else s.school_name
        for s in result.matched
    )
    by_outcome = {o: sum(s.outcome is o for s in result.excluded) for o in _EXCLUDED_TITLES}
    excluded = ", ".join(
        f"{entity.count(count)} — {_EXCLUDED_TITLES[outcome]}"
        for outcome, count in by_outcome.items()
        if count
    )
    excluded_schools = ", ".join(
        f"{s.school_name} ({_EXCLUDED_TITLES[s.outcome]})" for s in result.excluded
    )
    counts: dict[str, int] = {}
    for school in result.matched if spec.missing else ():
        for column in _columns_of(school.note, spec.missing_columns):
            counts[column] = counts.get(column, 0) + 1
    facts = ", ".join(
        f"{column} ({counts[column]})" for column in spec.missing_columns if column in counts
    )
    name = spec.id
    matched = len(result.matched)
    share = TemplateValue("—")
    if result.counted:
        percent = canonical(matched * 100 / result.counted)
        share = TemplateValue(format_value(percent, Unit.PERCENT, 1), percent)
    return {
        name: result.value,
        f"{name}.count": TemplateValue(str(matched), matched),
        f"{name}.total": TemplateValue(str(result.counted), result.counted),
        f"{name}.share": share,
        f"{name}.schools": TemplateValue(schools or "—"),
        f"{name}.names": TemplateValue(", ".join(s.school_name for s in result.matched) or "—"),
        f"{name}.excluded": TemplateValue(excluded),
        f"{name}.excluded_schools": TemplateValue(excluded_schools),
        f"{name}.facts": TemplateValue(facts or "—"),
    }


def indicator_states(
    indicators: Sequence[IndicatorSpec], context: _Context, raw: Sequence[Any]
) -> tuple[dict[str, tuple[Any, Outcome, str | None, str]], dict[str, str]]:
    """Indicator id -> (value, outcome, level, display), and the titles of their bands."""
    states: dict[str, tuple[Any, Outcome, str | None, str]] = {}
    titles: dict[str, str] = {}
    for slot, ind in enumerate(indicators):
        value, status, band = raw[3 * slot], raw[3 * slot + 1], raw[3 * slot + 2]
        finding = _OUTCOMES[status]
        value = result_value(value)
        level = ind.bands[band].level if band >= 0 else None
        states[ind.id] = (value, finding, level, context.display(ind, value, finding))
        titles[ind.id] = ind.bands[band].title if band >= 0 else ""
    return states, titles
