"""Why a school got its findings: the formula with its values, the band, the distance to levels."""

from __future__ import annotations

import ast
import difflib
import math
import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._bands import relative_base, resolve
from pdrs_rules._engine._ruleset import FactsSource, Ruleset
from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import (
    Band,
    Better,
    Finding,
    IndicatorSpec,
    Outcome,
    ParamValue,
    School,
    Unit,
    ValueType,
    format_threshold,
    format_value,
)
from pdrs_rules.errors import PdrsRulesError
from pdrs_rules.report import Report

from ._edgesolve import INF, Mode, Solver, Unsolvable, frac
from ._explanation import Distance, Explanation, FactChange, IndicatorExplanation, NameValue

__all__ = ["NotFoundError", "explain"]

_EMPTY = "нет данных (пустая ячейка)"
# The conditions a neighbouring band puts on a value, keyed by its near bound.
_CONDITIONS = {"at_least": "не ниже", "above": "выше", "below": "ниже", "at_most": "не выше"}
# The solver modes that give the smallest change meeting each condition (see Solver.assign).
_MODES: Mapping[str, tuple[Mode, ...]] = {
    "at_least": ("at", "above"),
    "above": ("above",),
    "below": ("below",),
    "at_most": ("at", "below"),
}


class NotFoundError(ValueError):
    """A school, period or indicator asked for is not in the facts or the ruleset."""


@checked
def explain(
    ruleset: Ruleset,
    facts: FactsSource,
    *,
    school: str,
    indicator: str | None = None,
    period: str | None = None,
    params: Mapping[str, object] | None = None,
    group_facts: FactsSource | None = None,
) -> Explanation:
    """Explain one school's findings (or one of them) in one reporting period.

    Without ``period`` the latest period of the facts is taken, as ``evaluate`` takes it.
    Raises NotFoundError, with a "did you mean", for a school, period or indicator that is
    not there.
    """
    table = ruleset._read(facts)  # noqa: SLF001 - one reading serves both uses
    rows, warnings = list(table.schools), table.warnings
    row = _pick_row(rows, school, period, ruleset.metadata.period)
    chosen = row.period or ruleset.metadata.period
    known = [ident for ident, _ in ruleset.info().indicators]
    if indicator is not None and indicator not in known:
        raise NotFoundError(_missing("indicator", indicator, known))
    # Every period up to the chosen one: previous() is explained with last period's values.
    report = ruleset.evaluate(
        table, params=params, group_facts=group_facts, period=chosen, all_periods=True
    )
    findings = [
        f
        for f in report.findings
        if f.school_id == row.id
        and f.period == chosen
        and (indicator is None or f.indicator == indicator)
    ]
    context = _Context(ruleset, report, rows, row, set(params or ()))
    return Explanation(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        ruleset_title=ruleset.metadata.title,
        entity_title=ruleset.entity.title,
        facts_file=os.fspath(facts) if isinstance(facts, (str, os.PathLike)) else "",
        school_id=row.id,
        school_name=row.name,
        period=chosen,
        items=tuple(context.item(finding) for finding in findings),
        warnings=(*warnings, *report.warnings),
    )


def _missing(what: str, wanted: str, known: Sequence[str]) -> str:
    hint = difflib.get_close_matches(wanted, list(known), n=1)
    tail = f"; did you mean {hint[0]!r}?" if hint else ""
    shown = ", ".join(known[:20]) + (", …" if len(known) > 20 else "")
    return f"no {what} {wanted!r}{tail} ({what}s: {shown or 'none'})"


def _pick_row(rows: Sequence[School], school: str, period: str | None, default: str) -> School:
    mine = [r for r in rows if r.id == school]
    if not mine:
        known = list(dict.fromkeys(r.id for r in rows))
        raise NotFoundError(_missing("school", school, known))
    by_period = {r.period or default: r for r in mine}
    wanted = max(r.period or default for r in rows) if period is None else period
    if wanted not in by_period:
        raise NotFoundError(_missing("period", wanted, sorted(by_period)))
    return by_period[wanted]


class _Context:
    """One school's row, the run's report and the ruleset: what explanations are made of."""

    def __init__(
        self,
        ruleset: Ruleset,
        report: Report,
        rows: Sequence[School],
        row: School,
        overridden: set[str],
    ) -> None:
        self.ruleset = ruleset
        self.report = report
        self.row = row
        self.period = row.period or ruleset.metadata.period
        self.overridden = overridden
        self.params: dict[str, ParamValue] = dict(report.parameters)
        self.compiled = ruleset.compiled
        self.indicators = ruleset.indicators
        self.levels = {level.id: level.title for level in ruleset.levels}
        self.mine = {(f.period, f.indicator): f for f in report.findings if f.school_id == row.id}
        periods = sorted({r.period or ruleset.metadata.period for r in rows})
        index = periods.index(self.period)
        self.previous_period = periods[index - 1] if index else None
        self.previous_row = next(
            (r for r in rows if r.id == row.id and r.period == self.previous_period), None
        )
        # Bands relative to the group's value (``below: pk_mo - 5``) resolve with the school's
        # group's aggregates; the solver holds them fixed while it moves the school's facts.
        group = row.group or self.compiled.group.id
        self.bounds: dict[str, Any] = {
            **self.params,
            **{
                a.aggregate: a.value
                for a in report.aggregates
                if a.period == self.period and a.group_id == group
            },
        }
        self.solver = Solver(self.compiled, self.bounds)

    def item(self, finding: Finding) -> IndicatorExplanation:
        spec = self.indicators.get(finding.indicator)
        title = dict(self.report.ruleset.indicators).get(finding.indicator, finding.indicator)
        level = finding.level
        base = IndicatorExplanation(
            indicator=finding.indicator,
            title=title,
            outcome=finding.outcome,
            display=finding.display,
            formula=spec.formula if spec is not None else "",
            substituted=finding.explanation.replace(" * ", " · "),
            names=self.names(spec) if spec is not None else (),
            level=level,
            level_title=self.levels.get(level, level) if level is not None else "",
            reason=finding.reason,
            recommendations=finding.recommendations,
            points=finding.points,
        )
        if spec is None or finding.outcome is not Outcome.EVALUATED or finding.band is None:
            return base
        band = spec.bands[finding.band.index]
        return attrs.evolve(
            base,
            band=self.band_text(spec, band),
            distances=tuple(self.distances(spec, band, finding)),
        )

    # -- the names a formula reads -----------------------------------------------------------------

    def names(self, spec: IndicatorSpec) -> tuple[NameValue, ...]:
        formula = self.compiled.formulas[spec.id]
        facts = self.ruleset.facts
        out: list[NameValue] = []
        aggregates = {a.id: a for a in self.compiled.aggregates}
        for name in formula.facts:
            if name in facts:
                fact = facts[name]
                value = self.row.facts.get(name)
                shown = _EMPTY if value is None else _number(value)
                unit = f" {fact.unit}" if fact.unit and value is not None else ""
                out.append(
                    NameValue(name, "fact", fact.title, shown + unit, f"столбец «{fact.column}»")
                )
            elif name in aggregates:
                out.append(self.aggregate(name, aggregates[name].title))
        # The aggregates the bands move with (``below: pk_mo - 5``), with their values.
        moving = (b.base for band in spec.bands for b in (band.lower, band.upper) if b)
        out.extend(
            self.aggregate(name, aggregates[name].title)
            for name in dict.fromkeys(moving)
            if name in aggregates and name not in formula.facts
        )
        bounds = (b.parameter for band in spec.bands for b in (band.lower, band.upper) if b)
        for name in dict.fromkeys([*formula.parameters, *(n for n in bounds if n)]):
            param = self.ruleset.parameters[name]
            value = self.params[name]
            shown = (
                format_threshold(value, Unit.PERCENT)
                if param.unit == "%" and isinstance(value, (int, float))
                else _number(value)
            )
            source = "задан при запуске, --param" if name in self.overridden else "по умолчанию"
            out.append(NameValue(name, "parameter", param.title, shown, source))
        for name in formula.indicators:
            other = self.mine.get((self.period, name))
            title = self.indicators[name].title
            if other is not None:
                note = other.explanation.replace(" * ", " · ")
                out.append(NameValue(name, "indicator", title, other.display, note))
        out.extend(self.previous(name) for name in formula.previous)
        return tuple(out)

    def aggregate(self, name: str, title: str) -> NameValue:
        group = self.row.group or self.compiled.group.id
        for result in self.report.aggregates:
            if (result.aggregate, result.period, result.group_id) == (name, self.period, group):
                entity = self.ruleset.entity
                dative = entity.dative_plural or entity.title
                note = f"по {result.counted} {dative} группы «{result.group_name}»"
                return NameValue(name, "aggregate", title, result.display, note)
        return NameValue(name, "aggregate", title, "нет данных")

    def previous(self, name: str) -> NameValue:
        period = self.previous_period or "—"
        note = f"значение за {period}"
        titles = {
            **{a.id: a.title for a in self.compiled.aggregates},
            **{i: spec.title for i, spec in self.indicators.items()},
            **{f: spec.title for f, spec in self.ruleset.facts.items()},
        }
        title = titles.get(name, name)
        found = self.mine.get((period, name))
        if found is not None:
            return NameValue(f"previous({name})", "previous", title, found.display, note)
        value = self.previous_row.facts.get(name) if self.previous_row is not None else None
        shown = "нет данных" if value is None else _number(value)
        return NameValue(f"previous({name})", "previous", title, shown, note)

    # -- the band and its neighbours ---------------------------------------------------------------

    def band_text(self, spec: IndicatorSpec, band: Band) -> str:
        if band.equals is not None:
            return f"значение «{'да' if band.equals else 'нет'}»"
        low, high = resolve(band.lower, self.bounds), resolve(band.upper, self.bounds)
        words, left, right = [], "(−∞", "+∞)"
        if low is not None:
            edge = self.edge(low.value, spec)
            words.append(f"{_CONDITIONS[low.key]} {edge}")
            left = ("[" if low.inclusive else "(") + edge
        if high is not None:
            edge = self.edge(high.value, spec)
            words.append(f"{_CONDITIONS[high.key]} {edge}")
            right = edge + ("]" if high.inclusive else ")")
        spoken = " и ".join(words) or "любое значение"
        return f"{spoken} — {left}; {right}"

    def distances(self, spec: IndicatorSpec, band: Band, finding: Finding) -> list[Distance]:
        if band.equals is not None or finding.value is None or isinstance(finding.value, bool):
            return []
        value = self.exact_value(spec, finding.value)
        bands = spec.bands
        up = next((b for b in bands[band.index + 1 :] if b.level != band.level), None)
        down = next((b for b in reversed(bands[: band.index]) if b.level != band.level), None)
        names = {Better.HIGHER: ("better", "worse"), Better.LOWER: ("worse", "better")}
        up_name, down_name = names.get(spec.better, ("higher", "lower"))
        out = []
        if up is not None:
            out.append(self.distance(spec, up, up.lower, up_name, value))
        if down is not None:
            out.append(self.distance(spec, down, down.upper, down_name, value))
        order = {"better": 0, "higher": 0, "worse": 1, "lower": 1}
        return sorted((d for d in out if d is not None), key=lambda d: order[d.direction])

    def distance(
        self, spec: IndicatorSpec, band: Band, bound: Any, direction: str, value: Fraction
    ) -> Distance | None:
        edge = resolve(bound, self.bounds)
        if edge is None:  # pragma: no cover - band sets tile: a neighbour has its near bound
            return None
        gap = abs(frac(edge.value) - value)
        return Distance(
            direction=direction,
            level=band.level,
            level_title=self.levels.get(band.level, band.level),
            condition=f"{_CONDITIONS[edge.key]} {self.edge(edge.value, spec)}",
            amount=_amount(gap, spec),
            on_edge=gap == 0,
            facts=tuple(self.fact_changes(spec, edge.value, edge.key)),
        )

    def exact_value(self, spec: IndicatorSpec, value: float) -> Fraction:
        """The value in exact arithmetic from the facts when the solver can, else as reported."""
        if self.solvable(spec.id):
            row = {k: v for k, v in self.row.facts.items() if v is not None}
            try:
                return self.solver.exact(self.compiled.formulas[spec.id].tree, row)
            except (Unsolvable, ZeroDivisionError):
                pass  # a shape the solver does not take (min, round, ...): the reported value
        return frac(value)

    def edge(self, value: float, spec: IndicatorSpec) -> str:
        """A band edge: in its shortest form, or rounded like values when it moves with one."""
        if relative_base(spec, self.params) is not None:
            return format_value(value, spec.unit, spec.precision)
        return format_threshold(value, spec.unit)

    def solvable(self, ident: str) -> bool:
        """Whether the formula reads only facts, parameters and such indicators (no aggregates)."""
        formula = self.compiled.formulas[ident]
        facts = self.ruleset.facts
        return (
            not formula.previous
            and all(name in facts for name in formula.facts)
            and all(self.solvable(other) for other in formula.indicators)
        )

    # -- what-if: one fact changed -----------------------------------------------------------------

    def fact_changes(self, spec: IndicatorSpec, target: float, key: str) -> list[FactChange]:
        # A school evaluated alone is its own group: bands relative to the group's value
        # would judge the changed row against another value than the run's.
        if not self.solvable(spec.id) or relative_base(spec, self.params) is not None:
            return []
        tree = self.compiled.formulas[spec.id].tree
        occurrences = list(self.solver.names(tree))
        changes = []
        for name in dict.fromkeys(occurrences):
            fact = self.ruleset.facts[name]
            before = self.row.facts.get(name)
            if occurrences.count(name) != 1 or fact.type is not ValueType.INTEGER:
                continue  # a fact read twice moves the value both ways; the solver cannot say
            if not isinstance(before, int) or isinstance(before, bool):
                continue
            change = self.change(spec, tree, name, target, key, before)
            if change is not None:
                changes.append(change)
        return changes

    def change(
        self, spec: IndicatorSpec, tree: ast.expr, name: str, target: float, key: str, before: int
    ) -> FactChange | None:
        others = {k: v for k, v in self.row.facts.items() if k != name and v is not None}
        for mode in _MODES[key]:
            row: dict[str, Any] = dict(others)
            try:
                self.solver.solve(tree, frac(target), mode, (Fraction(1), INF), row)
            except (Unsolvable, ZeroDivisionError):
                continue
            after = row.get(name)
            if isinstance(after, int) and after != before:
                return self.checked(spec, name, before, after)
        return None

    def checked(self, spec: IndicatorSpec, name: str, before: int, after: int) -> FactChange | None:
        """The change as the engine sees it; None when the changed row breaks a fact's bounds."""
        row = {**self.row.facts, name: after}
        try:
            report = self.ruleset.evaluate(
                [{"id": self.row.id, "name": self.row.name, **row}], params=self.params
            )
        except PdrsRulesError:
            return None
        if report.warnings:
            return None  # out of bounds, with out_of_bounds: warn
        found = next(f for f in report.findings if f.indicator == spec.id)
        if found.outcome is not Outcome.EVALUATED or found.level is None:
            return None
        return FactChange(
            fact=name,
            title=self.ruleset.facts[name].title,
            before=before,
            after=after,
            display=found.display,
            level=found.level,
            level_title=self.levels.get(found.level, found.level),
        )


def _number(value: object) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float)) and math.isfinite(value):
        return format_number(value)
    return str(value)


def _amount(gap: Fraction, spec: IndicatorSpec) -> str:
    """The distance in the indicator's unit: percentage points for a percentage."""
    number = float(gap)
    text = format_number(number, spec.precision)
    if gap and not any(c in "123456789" for c in text):
        text = format_number(number)  # rounding would make a real distance look like none
    return text + (" п.п." if spec.unit is Unit.PERCENT else "")
