"""Edge cases of band sets: rows that put an indicator on, just below and just above each boundary.

Rows are found by solving the formula backwards (``_edgesolve.py``); the shapes it cannot solve
(``min``, ``round``, ``if``, powers, a fact only in a denominator) get a note instead.
Every row is checked with the reference evaluator and the facts reader before it is kept, and
the expected band is derived from the bounds in exact arithmetic, not from the engine.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._bands import relative_base, resolve
from pdrs_rules._engine._program import EVALUATED, NO_DATA, NOT_APPLICABLE, OUT_OF_RANGE
from pdrs_rules._engine._reference import reference_score
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules._model import Band, FactValue, Finding, IndicatorSpec, Outcome, ParamValue, Unit
from pdrs_rules.errors import PdrsRulesError

from ._edgesolve import INF, Mode, Solver, Unsolvable, frac, show

__all__ = ["EdgeCase", "EdgeCaseError", "EdgeCaseNote", "edge_case_notes", "edge_cases"]

_STATUS = {
    EVALUATED: Outcome.EVALUATED,
    NO_DATA: Outcome.NO_DATA,
    NOT_APPLICABLE: Outcome.NOT_APPLICABLE,
    OUT_OF_RANGE: Outcome.OUT_OF_RANGE,
}


class EdgeCaseError(AssertionError):
    """The engine put an edge row in another band or outcome than its bounds say."""


def _frozen_row(row: Mapping[str, FactValue]) -> Mapping[str, FactValue]:
    return MappingProxyType(dict(row))


@attrs.frozen
class EdgeCase:
    """A named facts row with the outcome, level and band its indicator must get."""

    indicator: str
    #: ``at``, ``below``, ``above``, ``is``, ``zero_denominator`` or ``missing``.
    kind: str
    description: str
    #: Keyed by fact name, plus ``id`` and ``name``: ready for ``Ruleset.evaluate([row])``.
    row: Mapping[str, FactValue] = attrs.field(converter=_frozen_row, hash=False)
    outcome: Outcome
    level: str | None = None
    band: int | None = None
    #: The exact value the row gives (float of an exact fraction), if it has one.
    value: float | bool | None = None
    threshold: float | None = None
    params: Mapping[str, ParamValue] = attrs.field(factory=dict, converter=_frozen_row, hash=False)

    def __str__(self) -> str:
        return self.description

    def finding(self, ruleset: Ruleset) -> Finding:
        """The engine's finding for this row and indicator."""
        report = ruleset.evaluate([self.row], params=self.params)
        return next(f for f in report.findings if f.indicator == self.indicator)

    def check(self, ruleset: Ruleset) -> Finding:
        """Evaluate the row; raise EdgeCaseError unless outcome, level and band are as expected."""
        found = self.finding(ruleset)
        band = found.band.index if found.band else None
        if (found.outcome, found.level, band) != (self.outcome, self.level, self.band):
            raise EdgeCaseError(
                f"{self.description}: expected {self.outcome.value}, level {self.level}, "
                f"band {self.band}; got {found.outcome.value}, level {found.level}, band {band} "
                f"(value {found.value!r}, {found.explanation})"
            )
        return found


@attrs.frozen
class EdgeCaseNote:
    """An edge case that could not be built, and why."""

    indicator: str
    message: str

    def __str__(self) -> str:
        return f"{self.indicator}: {self.message}"


@attrs.frozen
class _Boundary:
    value: Fraction
    label: str
    below: Fraction
    above: Fraction


class _Planner(Solver):
    """Builds the edge cases of one ruleset with one parameter set."""

    def __init__(self, ruleset: Ruleset, params: Mapping[str, object] | None) -> None:
        super().__init__(ruleset.compiled, ruleset.resolve_params(params))
        self.ruleset = ruleset
        self.slot = {i.id: n for n, i in enumerate(self.compiled.indicators)}
        self.cases: list[EdgeCase] = []
        self.notes: list[EdgeCaseNote] = []

    def boundaries(self, indicator: IndicatorSpec) -> list[_Boundary]:
        if relative_base(indicator, self.params) is not None:
            return []  # its edges move with the group's value: no row can be placed on them
        keys: dict[Fraction, dict[str, None]] = {}
        names: dict[Fraction, str] = {}
        for band in indicator.bands:
            for bound in (band.lower, band.upper):
                resolved = resolve(bound, self.params)
                if bound is None or resolved is None:
                    continue
                value = frac(resolved.value)
                keys.setdefault(value, {})[bound.key] = None
                if bound.parameter:
                    names.setdefault(value, f": {bound.parameter}")
        labels = {value: "/".join(k) + names.get(value, "") for value, k in keys.items()}
        edges = {frac(e) for e in (indicator.domain_min, indicator.domain_max) if e is not None}
        points = sorted(set(labels) | edges)
        out = []
        for value, label in sorted(labels.items()):
            lower = [p for p in points if p < value]
            upper = [p for p in points if p > value]
            out.append(
                _Boundary(value, label, lower[-1] if lower else -INF, upper[0] if upper else INF)
            )
        return out

    def expected(self, indicator: IndicatorSpec, value: Fraction) -> tuple[Outcome, Band | None]:
        low, high = indicator.domain_min, indicator.domain_max
        if (low is not None and value < frac(low)) or (high is not None and value > frac(high)):
            return Outcome.OUT_OF_RANGE, None
        for band in indicator.bands:
            lower, upper = resolve(band.lower, self.params), resolve(band.upper, self.params)
            if lower is not None and (
                value < frac(lower.value) or (value == frac(lower.value) and not lower.inclusive)
            ):
                continue
            if upper is not None and (
                value > frac(upper.value) or (value == frac(upper.value) and not upper.inclusive)
            ):
                continue
            return Outcome.EVALUATED, band
        return Outcome.OUT_OF_RANGE, None  # pragma: no cover - band sets tile the domain

    def reference(self, indicator: str, row: Mapping[str, FactValue]) -> tuple[Any, int]:
        result = reference_score(self.compiled, self.params, tuple(row.get(f) for f in self.facts))
        slot = self.slot[indicator]
        return result[3 * slot], result[3 * slot + 1]

    def valid(self, row: Mapping[str, FactValue]) -> None:
        try:
            self.ruleset.evaluate([{"id": "edge", **row}], params=self.params)
        except PdrsRulesError as exc:
            raise Unsolvable(f"the row breaks the facts declaration ({exc})") from None

    def add(
        self, indicator: IndicatorSpec, kind: str, text: str, row: dict[str, Any], **kw: Any
    ) -> None:
        number = len(self.cases) + 1
        full = {"id": f"edge-{number:03d}", "name": f"Граничный случай {number}", **row}
        self.cases.append(
            EdgeCase(indicator.id, kind, f"{indicator.id} {text}", full, params=self.params, **kw)
        )

    def numeric(self, indicator: IndicatorSpec) -> None:
        tree = self.tree(indicator.id)
        base: dict[str, FactValue] | None = None
        for boundary in self.boundaries(indicator):
            for mode in ("at", "below", "above"):
                try:
                    row, value = self.boundary_row(indicator, tree, boundary, mode)
                except Unsolvable as problem:
                    where = {"at": "exactly at", "below": "just below", "above": "just above"}[mode]
                    self.notes.append(
                        EdgeCaseNote(
                            indicator.id, f"no row {where} {show(boundary.value)}: {problem}"
                        )
                    )
                    continue
                base = base or row
                outcome, band = self.expected(indicator, value)
                text = (
                    f"exactly at {show(boundary.value)} ({boundary.label})"
                    if mode == "at"
                    else f"just {mode} {show(boundary.value)} ({boundary.label}): {show(value)}"
                )
                self.add(
                    indicator,
                    mode,
                    f"{text} → {band.level if band else outcome.value}",
                    row,
                    outcome=outcome,
                    level=band.level if band else None,
                    band=band.index if band else None,
                    value=float(value),
                    threshold=float(boundary.value),
                )
        denominators = {
            ast.unparse(parts[1]): parts[1]
            for node in ast.walk(tree)
            if (parts := self.fraction(node)) is not None  # type: ignore[arg-type]
            and any(self.names(parts[1]))
        }
        for denominator in denominators.values():
            self.zero_denominator(indicator, denominator)
        self.missing(indicator, base)

    def boundary_row(
        self, indicator: IndicatorSpec, tree: ast.expr, boundary: _Boundary, mode: Mode
    ) -> tuple[dict[str, FactValue], Fraction]:
        below, above = boundary.value - boundary.below, boundary.above - boundary.value
        side = {"at": min(below, above), "below": below, "above": above}[mode]
        room = (min(Fraction(1, 10**indicator.precision), side / 2), min(below, above))
        problem = Unsolvable("no attempt")
        # Facts shared by a numerator and its denominator need the other order.
        for numerator_first in (False, True):
            self.numerator_first = numerator_first
            row: dict[str, FactValue] = {}
            try:
                self.solve(tree, boundary.value, mode, room, row)
                return self.verify(indicator, tree, boundary, mode, self.complete(row))
            except (Unsolvable, ZeroDivisionError) as exc:
                problem = exc if isinstance(exc, Unsolvable) else Unsolvable("division by zero")
        raise problem

    def verify(
        self,
        indicator: IndicatorSpec,
        tree: ast.expr,
        boundary: _Boundary,
        mode: Mode,
        row: dict[str, FactValue],
    ) -> tuple[dict[str, FactValue], Fraction]:
        value = self.exact(tree, row)
        inside = {
            "at": value == boundary.value,
            "below": boundary.below < value < boundary.value,
            "above": boundary.value < value < boundary.above,
        }[mode]
        if not inside:
            raise Unsolvable(f"the closest row gives {show(value)}, past the next threshold")
        computed, status = self.reference(indicator.id, row)
        outcome, _ = self.expected(indicator, value)
        if _STATUS[status] is not outcome or (
            status == EVALUATED and not math.isclose(computed, value, rel_tol=1e-12, abs_tol=1e-12)
        ):
            raise Unsolvable(
                f"another indicator it depends on is {_STATUS[status].value} for that row"
            )
        self.valid(row)
        return row, value

    def zero_denominator(self, indicator: IndicatorSpec, denominator: ast.expr) -> None:
        row: dict[str, FactValue] = {}
        try:
            self.solve(denominator, Fraction(0), "at", (Fraction(1), INF), row)
            self.complete(row)
            self.valid(row)
        except (Unsolvable, ZeroDivisionError) as exc:
            self.notes.append(EdgeCaseNote(indicator.id, f"no row with a zero denominator: {exc}"))
            return
        _, status = self.reference(indicator.id, row)
        if status != NOT_APPLICABLE:
            message = f"the row with a zero denominator is {_STATUS[status].value}"
            self.notes.append(EdgeCaseNote(indicator.id, message))
            return
        source = ast.unparse(denominator)
        self.add(
            indicator,
            "zero_denominator",
            f"with a zero denominator ({source} = 0) → not_applicable",
            row,
            outcome=Outcome.NOT_APPLICABLE,
        )

    def missing(self, indicator: IndicatorSpec, base: Mapping[str, FactValue] | None) -> None:
        start = dict(base) if base is not None else self.complete({})
        for name in dict.fromkeys(self.names(self.tree(indicator.id))):
            row = {**start, name: None}
            self.add(
                indicator, "missing", f"with {name} missing → no_data", row, outcome=Outcome.NO_DATA
            )

    def boolean(self, indicator: IndicatorSpec) -> None:
        tree = self.tree(indicator.id)
        negate = isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.Not)
        inner = tree.operand if isinstance(tree, ast.UnaryOp) else tree
        if not (isinstance(inner, ast.Name) and inner.id in self.facts):
            self.notes.append(
                EdgeCaseNote(
                    indicator.id,
                    "only a boolean fact (or 'not' fact) can be set directly, "
                    f"not {ast.unparse(tree)}",
                )
            )
        else:
            for fact_value in (True, False):
                row = self.complete({inner.id: fact_value})
                value = fact_value != negate
                band = next(b for b in indicator.bands if b.equals is value)
                self.add(
                    indicator,
                    "is",
                    f"is {str(value).lower()} → {band.level}",
                    row,
                    outcome=Outcome.EVALUATED,
                    level=band.level,
                    band=band.index,
                    value=value,
                )
        self.missing(indicator, None)

    def plan(self, indicator: IndicatorSpec) -> None:
        if indicator.unit is Unit.BOOLEAN:
            self.boolean(indicator)
        else:
            self.numeric(indicator)


def _planned(
    ruleset: Ruleset, indicator: str | None, params: Mapping[str, object] | None
) -> _Planner:
    planner = _Planner(ruleset, params)
    indicators = ruleset.indicators
    if indicator is not None and indicator not in indicators:
        known = ", ".join(indicators)
        raise ValueError(f"the ruleset has no indicator {indicator!r} (indicators: {known})")
    for ident, spec in indicators.items():
        if indicator is None or ident == indicator:
            planner.plan(spec)
    return planner


@checked
def edge_cases(
    ruleset: Ruleset, indicator: str | None = None, *, params: Mapping[str, object] | None = None
) -> list[EdgeCase]:
    """Rows on, just below and just above every band boundary of one indicator or all.

    Also a row with a zero denominator and one with each fact missing; the cases that could
    not be built are explained by :func:`edge_case_notes`.
    """
    return _planned(ruleset, indicator, params).cases


@checked
def edge_case_notes(
    ruleset: Ruleset, indicator: str | None = None, *, params: Mapping[str, object] | None = None
) -> list[EdgeCaseNote]:
    """Why some edge cases are missing: unsupported formula shapes, values no fact can reach."""
    return _planned(ruleset, indicator, params).notes
