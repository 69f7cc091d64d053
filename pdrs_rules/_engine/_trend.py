"""Trends: what a value did over the last periods, named by the first rule that holds."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._compile._bands import canonical, tolerance
from pdrs_rules._formula._template import Template, TemplateValue
from pdrs_rules._i18n._russian import format_count
from pdrs_rules._model import (
    BandRef,
    Finding,
    Outcome,
    ParamValue,
    Recommendation,
    TrendRule,
    TrendSpec,
    Unit,
    format_threshold,
    format_value,
)

from ._evaluate import NO_HISTORY_DISPLAY

__all__ = ["Point", "judge", "trend_finding"]


@attrs.frozen
class Point:
    """One period's value of the trend's subject: value, outcome and display."""

    period: str
    value: Any
    outcome: Outcome
    display: str


def _holds(rule: TrendRule, values: Sequence[float], bound: float | None) -> bool:
    condition = rule.condition
    if condition is None:
        return True
    if condition in {"rising", "falling"}:
        steps = list(zip(values[-rule.count - 1 : -1], values[-rule.count :], strict=True))
        if condition == "rising":
            return all(b > a + tolerance(a) for a, b in steps)
        return all(b < a - tolerance(a) for a, b in steps)
    assert bound is not None  # noqa: S101 - the compiler gives every other condition a bound
    slack = tolerance(bound)
    if condition.startswith("change_"):
        # Differences of one-decimal shares carry float noise (65.1 - 60.0 = 5.099999...).
        subjects = [canonical(values[-1] - values[-2])]
    else:
        subjects = list(values)
    test: Callable[[float], bool] = {
        "at_least": lambda v: v >= bound - slack,
        "above": lambda v: v > bound + slack,
        "at_most": lambda v: v <= bound + slack,
        "below": lambda v: v < bound - slack,
    }[condition.split("_", 1)[1]]
    return all(test(v) for v in subjects)


def _bound(rule: TrendRule, params: Mapping[str, ParamValue]) -> float | None:
    if rule.bound is None:
        return None
    raw = params[rule.bound] if isinstance(rule.bound, str) else rule.bound
    return float(raw)


def judge(spec: TrendSpec, values: Sequence[float], params: Mapping[str, ParamValue]) -> int | None:
    """The index of the first rule that holds for ``values`` (oldest first), or None."""
    for index, rule in enumerate(spec.rules):
        window = rule.window or spec.periods
        if _holds(rule, values[-window:], _bound(rule, params)):
            return index
    return None


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
    window = history[-spec.periods :]
    missing = [p.period for p in window if p.outcome is not Outcome.EVALUATED]
    if len(window) < spec.periods or missing:
        have = sum(1 for p in window if p.outcome is Outcome.EVALUATED)
        needed = format_count(spec.periods, "период", "периода", "периодов")
        reason = f"нужно {needed} подряд, есть {have}"
        if missing:
            reason += f"; нет данных за {', '.join(missing)}"
        elif len(window) < spec.periods:
            reason += f"; в данных только {len(history)}"
        return attrs.evolve(
            base,
            outcome=Outcome.INSUFFICIENT_HISTORY,
            display=NO_HISTORY_DISPLAY,
            reason=reason,
            explanation=_series(window),
        )
    values = [float(p.value) for p in window]
    index = judge(spec, values, params)
    series = _series(window)
    if index is None:
        return attrs.evolve(
            base,
            outcome=Outcome.EVALUATED,
            value=current.value,
            display=current.display,
            explanation=f"{series}: ни одно правило не выполнено",
        )
    rule = spec.rules[index]
    change = canonical(values[-1] - values[-2]) if len(values) > 1 else 0.0
    bound = _bound(rule, params)
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
        band=BandRef(index=index),
        recommendations=tuple(recommendations),
        explanation=f"{series}: {rule.title}",
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _series(points: Sequence[Point]) -> str:
    return " → ".join(f"{p.display} ({p.period})" for p in points)
