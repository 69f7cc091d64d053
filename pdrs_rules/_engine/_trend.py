"""Trends: what a value did over the last periods, named by the first rule that holds."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._compile._bands import canonical, tolerance
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula._template import Template, TemplateValue
from pdrs_rules._i18n._russian import format_count
from pdrs_rules._model import (
    AggregateSpec,
    BandRef,
    Finding,
    IndicatorSpec,
    Outcome,
    ParamValue,
    Recommendation,
    School,
    TrendCondition,
    TrendRule,
    TrendSpec,
    Unit,
    format_threshold,
    format_value,
)

__all__ = ["Point", "history_length", "judge", "run_trend_finding", "trend_finding"]


@attrs.frozen
class Point:
    """One period's value of the trend's subject: value, outcome and display."""

    period: str
    value: Any
    outcome: Outcome
    display: str


def _holds(
    condition: TrendCondition, values: Sequence[float], params: Mapping[str, ParamValue]
) -> bool:
    """Whether one condition holds over ``values``: the rule's window, oldest first."""
    key = condition.key
    if key in {"rising", "falling"}:
        count = condition.count
        steps = list(zip(values[-count - 1 : -1], values[-count:], strict=True))
        if key == "rising":
            return all(b > a + tolerance(a) for a, b in steps)
        return all(b < a - tolerance(a) for a, b in steps)
    bound = _bound(condition.bound, params)
    assert bound is not None  # noqa: S101 - the compiler gives every other condition a bound
    slack = tolerance(bound)
    # Differences of one-decimal shares carry float noise (65.1 - 60.0 = 5.099999...).
    subjects = [canonical(values[-1] - values[-2])] if key.startswith("change_") else values
    test: Callable[[float], bool] = {
        "at_least": lambda v: v >= bound - slack,
        "above": lambda v: v > bound + slack,
        "at_most": lambda v: v <= bound + slack,
        "below": lambda v: v < bound - slack,
    }[key.split("_", 1)[1]]
    return all(test(v) for v in subjects)


def _bound(raw: float | str | None, params: Mapping[str, ParamValue]) -> float | None:
    if raw is None:
        return None
    return float(params[raw] if isinstance(raw, str) else raw)


def _conditions(rule: TrendRule) -> tuple[TrendCondition, ...]:
    if rule.conditions or rule.condition is None:
        return rule.conditions
    return (TrendCondition(rule.condition, rule.bound, rule.count),)


def judge(spec: TrendSpec, values: Sequence[float], params: Mapping[str, ParamValue]) -> int | None:
    """The index of the first rule that holds for ``values`` (oldest first), or None.

    ``values`` are the consecutive periods with a value, ending at the current one; a rule
    that needs more of them (:meth:`TrendSpec.needs`) is skipped.
    """
    for index, rule in enumerate(spec.rules):
        needs = spec.needs(rule)
        if needs > len(values):
            continue
        window = values[-(rule.window or spec.periods) :]
        if all(_holds(c, window, params) for c in _conditions(rule)):
            return index
    return None


def history_length(history: Sequence[Point]) -> int:
    """How many consecutive periods up to the current one have a computed value."""
    length = 0
    for point in reversed(history):
        if point.outcome is not Outcome.EVALUATED:
            break
        length += 1
    return length


def _change_text(change: float, unit: Unit, precision: int) -> str:
    text = format_value(abs(change), unit if unit is not Unit.PERCENT else Unit.NUMBER, precision)
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return f"{sign}{text} п.п." if unit is Unit.PERCENT else f"{sign}{text}"


def trend_finding(
    spec: TrendSpec,
    history: Sequence[Point],
    *,
    base: Finding,
    unit: Unit,
    precision: int,
    params: Mapping[str, ParamValue],
    templates: Mapping[str, Template],
    addressees: Mapping[str, str],
    named: Callable[[str], TemplateValue | None],
) -> Finding:
    """The trend's finding for the last point of ``history`` (the run's periods, oldest first).

    ``base`` carries the identity fields (ruleset, school, period); ``named`` resolves the
    placeholders a trend shares with its level (school, facts, parameters, aggregates).
    """
    current = history[-1]
    if current.outcome is not Outcome.EVALUATED:
        return attrs.evolve(
            base,
            outcome=current.outcome,
            display=current.display,
            reason=f"{spec.of}: {current.display}",
            explanation=f"{spec.of}: {current.display}",
        )
    length = history_length(history)
    fewest = min(spec.needs(rule) for rule in spec.rules)
    # The trend shows (and its rules look at) at most its `periods` last values.
    window = history[-min(length, spec.periods) :]
    if length < fewest:
        gap = history[-length - 1] if length < len(history) else None
        needed = format_count(fewest, "период", "периода", "периодов")
        reason = f"нужно {needed} подряд, есть {length}"
        if gap is not None:
            reason += f"; нет данных за {gap.period}"
        else:
            reason += f"; в данных только {len(history)}"
        # The value itself was computed: only its history is too short to judge.
        return attrs.evolve(
            base,
            outcome=Outcome.INSUFFICIENT_HISTORY,
            value=current.value,
            display=current.display,
            reason=reason,
            explanation=_series(history[-spec.periods :]),
        )
    values = [float(p.value) for p in window]
    index = judge(spec, values, params)
    if index is None:
        return attrs.evolve(
            base,
            outcome=Outcome.EVALUATED,
            value=current.value,
            display=current.display,
            explanation=f"{_series(window)}: ни одно правило не выполнено",
        )
    series = _series(window)
    rule = spec.rules[index]
    change = canonical(values[-1] - values[-2]) if len(values) > 1 else 0.0
    bound = _bound(rule.bound, params)
    context: dict[str, TemplateValue] = {}
    fixed = {
        "value": TemplateValue(current.display, _number(current.value)),
        "change": TemplateValue(_change_text(change, unit, precision), change),
        "previous": TemplateValue(window[-2].display, _number(window[-2].value))
        if len(window) > 1
        else TemplateValue("—"),
        "series": TemplateValue(series),
        "rule": TemplateValue(rule.title),
        "indicator": TemplateValue(spec.title),
        "threshold": TemplateValue(format_threshold(bound, unit), bound)
        if bound is not None
        else TemplateValue("—"),
    }
    recommendations = []
    for rec in rule.recommendations:
        template = templates[rec.text]
        for name in template.names:
            if name not in context:
                item = fixed.get(name) or named(name)
                if item is not None:
                    context[name] = item
        text = " ".join(template.render(context).split())
        recommendations.append(Recommendation(rec.to, addressees.get(rec.to, rec.to), text))
    return attrs.evolve(
        base,
        outcome=Outcome.EVALUATED,
        value=current.value,
        display=current.display,
        level=rule.level,
        points=rule.points,
        band=BandRef(index=index, title=rule.title, rule=rule.id),
        recommendations=tuple(recommendations),
        explanation=f"{series}: {rule.title}",
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _series(points: Sequence[Point]) -> str:
    return " → ".join(f"{p.display} ({p.period})" for p in points)


def run_trend_finding(
    compiled: CompiledRuleset,
    params: Mapping[str, ParamValue],
    spec: TrendSpec,
    points: Sequence[Point],
    entity: School,
    named: Callable[[str], TemplateValue | None],
) -> Finding:
    """The trend's finding for ``entity`` in a run of ``compiled``: see :func:`trend_finding`."""
    unit, precision = _unit_of(compiled, spec.of)
    base = Finding(
        ruleset_id=compiled.metadata.id,
        ruleset_version=compiled.metadata.version,
        school_id=entity.id,
        school_name=entity.name,
        period=points[-1].period,
        indicator=spec.id,
        outcome=Outcome.EVALUATED,
    )
    return trend_finding(
        spec,
        points,
        base=base,
        unit=unit,
        precision=precision,
        params=params,
        templates=compiled.templates,
        addressees=compiled.addressees,
        named=named,
    )


def _unit_of(compiled: CompiledRuleset, name: str) -> tuple[Unit, int]:
    """The unit and precision of what a trend follows: an indicator, conclusion or aggregate."""
    specs: tuple[IndicatorSpec | AggregateSpec, ...] = (
        *compiled.indicators,
        *compiled.conclusions,
        *compiled.aggregates,
    )
    for spec in specs:
        if spec.id == name:
            return spec.unit, spec.precision
    raise KeyError(name)  # pragma: no cover - the compiler checks what a trend follows
