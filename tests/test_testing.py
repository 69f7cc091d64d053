"""pdrs_rules.testing: generated facts rows and band-boundary edge cases."""

from __future__ import annotations

import builtins
import importlib
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import pdrs_rules
import pdrs_rules.testing
from pdrs_rules import Outcome
from pdrs_rules.testing import EdgeCase, EdgeCaseError, edge_case_notes, edge_cases
from tests.strategies import SETTINGS

ROOT = Path(__file__).parent.parent
ARMAVIR = pdrs_rules.load(ROOT / "rulesets" / "armavir-iom-2023.yaml")

INLINE = """
format: pdrs-rules/1
id: inline
title: Кадры
version: "1"
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0}
  diagnosed: {title: Прошли диагностику, type: integer, min: 0, max: teachers}
  young: {title: Молодые педагоги, type: integer, min: 0, max: teachers}
  mentored: {title: С наставником, type: integer, min: 0, max: young}
  hours: {title: Часы методической работы, type: number, min: 0, max: 500}
  has_plan: {title: Есть план, type: boolean, required: false}
  note: {title: Примечание, type: string, required: false}
parameters:
  target: {title: Целевая доля, default: 33.3, unit: "%", min: 0, max: 100}
indicators:
  diag_share:
    title: Доля прошедших диагностику
    formula: share(diagnosed, teachers)
    unit: "%"
    better: higher
    bands:
      - {level: critical, below: 10}
      - {level: warning, at_least: 10, below: target}
      - {level: ok, at_least: target, at_most: 90}
      - {level: good, above: 90}
  mentor_share:
    title: Доля молодых с наставником
    formula: 100 * (mentored / young)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: 50}
      - {level: ok, at_least: 50}
  others:
    title: Педагоги без диагностики
    formula: teachers - diagnosed
    unit: count
    better: lower
    bands:
      - {level: ok, at_most: 5}
      - {level: warning, above: 5}
  hours_per_teacher:
    title: Часов на педагога
    formula: hours / 2
    unit: number
    precision: 1
    bands:
      - {level: warning, below: 12.5}
      - {level: ok, at_least: 12.5}
  plan:
    title: Есть план
    formula: has_plan
    unit: boolean
    bands:
      - {level: warning, is: false}
      - {level: ok, is: true}
  capped:
    title: Не больше 10
    formula: min(teachers, 10)
    unit: count
    bands:
      - {level: ok, at_least: 0}
"""
INLINE_RULESET = pdrs_rules.loads(INLINE, file="inline.yaml")


def _by(cases: list[EdgeCase], indicator: str) -> dict[str, list[EdgeCase]]:
    kinds: dict[str, list[EdgeCase]] = {}
    for case in cases:
        if case.indicator == indicator:
            kinds.setdefault(case.kind, []).append(case)
    return kinds


class TestStrategies:
    @SETTINGS
    @given(pdrs_rules.testing.schools(ARMAVIR, max_size=4))
    def test_armavir_rows_evaluate(self, rows: list[dict[str, Any]]) -> None:
        """Generated Armavir schools are valid facts and every finding is explained."""
        report = ARMAVIR.evaluate(rows)
        assert len(rows) * len(ARMAVIR.indicators) == len(report.findings)
        assert all(f.value is not None or f.reason for f in report.findings)

    @SETTINGS
    @given(pdrs_rules.testing.facts_rows(INLINE_RULESET))
    def test_inline_rows_respect_declarations(self, row: dict[str, Any]) -> None:
        """Rows have every fact, of its type, within literal and fact-named bounds."""
        assert set(INLINE_RULESET.facts) | {"id", "name"} == set(row)
        for name, spec in INLINE_RULESET.facts.items():
            value = row[name]
            if value is None:
                continue
            expected = {"integer": int, "number": float, "boolean": bool, "string": str}
            assert isinstance(value, expected[spec.type.value])
            for bound, is_min in ((spec.minimum, True), (spec.maximum, False)):
                limit = row.get(bound) if isinstance(bound, str) else bound
                if isinstance(limit, (int, float)) and not isinstance(limit, bool):
                    assert value >= limit if is_min else value <= limit
        INLINE_RULESET.evaluate([row])

    @SETTINGS
    @given(pdrs_rules.testing.schools(INLINE_RULESET, min_size=2, max_size=6, edges=0))
    def test_school_ids_are_unique(self, rows: list[dict[str, Any]]) -> None:
        """schools() gives distinct ids, so the rows form one valid facts table."""
        assert len(rows) == len({row["id"] for row in rows})
        assert len(INLINE_RULESET.evaluate(rows).findings) // len(INLINE_RULESET.indicators) >= 2

    def test_zeros_and_missing_values_come_up(self) -> None:
        """Zeros and empty cells are drawn, so zero denominators and no_data are exercised."""
        seen: list[dict[str, Any]] = []

        # A statement about the distribution: a fixed seed and more draws keep it from flaking
        # (it failed once in CI in 60 random draws).
        @settings(SETTINGS, derandomize=True, max_examples=300, database=None)
        @given(pdrs_rules.testing.facts_rows(ARMAVIR, missing=0.2, edges=0))
        def collect(row: dict[str, Any]) -> None:
            seen.append(row)

        collect()
        assert any(row["iom_developed"] == 0 for row in seen)
        assert any(row["contests"] is None for row in seen)

    def test_three_line_property_test(self) -> None:
        """The example from the module docstring and the docs runs as written."""

        @given(pdrs_rules.testing.facts_rows(ARMAVIR))
        def test_every_school_gets_a_result(row: dict[str, Any]) -> None:
            assert all(f.value is not None or f.reason for f in ARMAVIR.evaluate([row]).findings)

        SETTINGS(test_every_school_gets_a_result)()

    def test_missing_hypothesis_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without hypothesis the import fails with the pip command that fixes it."""
        real_import = builtins.__import__

        def no_hypothesis(name: str, *args: Any, **kwargs: Any) -> Any:
            if name.startswith("hypothesis"):
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.delitem(sys.modules, "pdrs_rules.testing")
        monkeypatch.setattr(builtins, "__import__", no_hypothesis)
        with pytest.raises(ImportError, match=r"pip install 'pdrs-rules\[testing\]'"):
            importlib.import_module("pdrs_rules.testing")


class TestEdgeCases:
    @pytest.mark.parametrize("case", edge_cases(ARMAVIR), ids=str)
    def test_armavir_edges(self, case: EdgeCase) -> None:
        """Each Armavir edge row gets exactly the outcome, level and band its bounds say."""
        case.check(ARMAVIR)

    @pytest.mark.parametrize("case", edge_cases(INLINE_RULESET), ids=str)
    def test_inline_edges(self, case: EdgeCase) -> None:
        """Each inline edge row gets exactly the outcome, level and band its bounds say."""
        case.check(INLINE_RULESET)

    def test_share_lands_exactly_on_the_parameter(self) -> None:
        """share(n, d) at target 33.3 uses 333 of 1000, and just below/above are one apart."""
        kinds = _by(edge_cases(INLINE_RULESET, "diag_share"), "diag_share")
        at = next(c for c in kinds["at"] if c.threshold == 33.3)
        assert (at.row["diagnosed"], at.row["teachers"]) == (333, 1000)
        assert (at.level, at.band) == ("ok", 2)
        below = next(c for c in kinds["below"] if c.threshold == 33.3)
        above = next(c for c in kinds["above"] if c.threshold == 33.3)
        assert (below.row["diagnosed"], above.row["diagnosed"]) == (332, 334)
        assert (below.level, above.level) == ("warning", "ok")
        assert at.description == "diag_share exactly at 33.3 (below/at_least: target) → ok"

    def test_inclusive_upper_bound(self) -> None:
        """at_most 90 keeps 90 itself in the ok band; 90 + 2 is good."""
        kinds = _by(edge_cases(INLINE_RULESET), "diag_share")
        at = next(c for c in kinds["at"] if c.threshold == 90)
        above = next(c for c in kinds["above"] if c.threshold == 90)
        assert (at.row["diagnosed"], at.row["teachers"], at.level) == (45, 50, "ok")
        assert (above.level, above.value) == ("good", 92.0)

    def test_linear_and_number_facts(self) -> None:
        """Linear formulas are solved for one fact, in whole steps or in tenths."""
        cases = edge_cases(INLINE_RULESET)
        others = _by(cases, "others")
        assert [c.value for c in others["at"] + others["below"] + others["above"]] == [5, 4, 6]
        hours = _by(cases, "hours_per_teacher")
        assert [c.row["hours"] for c in hours["at"] + hours["below"] + hours["above"]] == [
            25.0,
            24.8,
            25.2,
        ]

    def test_zero_denominator_and_missing(self) -> None:
        """Every share gets a zero-denominator row and one row per missing fact it reads."""
        kinds = _by(edge_cases(INLINE_RULESET), "mentor_share")
        (zero,) = kinds["zero_denominator"]
        assert (zero.row["young"], zero.outcome) == (0, Outcome.NOT_APPLICABLE)
        assert {"mentored", "young"} == {
            name for c in kinds["missing"] for name, v in c.row.items() if v is None
        }

    def test_boolean_fact(self) -> None:
        """A boolean indicator that is a fact gets one row per value."""
        kinds = _by(edge_cases(INLINE_RULESET), "plan")
        assert [(c.value, c.level) for c in kinds["is"]] == [(True, "ok"), (False, "warning")]

    def test_unsupported_shapes_are_noted(self) -> None:
        """min() cannot be solved: its boundaries are skipped with a note, not guessed."""
        assert not _by(edge_cases(INLINE_RULESET), "capped").get("at")
        notes = [str(n) for n in edge_case_notes(INLINE_RULESET, "capped")]
        assert any("min(teachers, 10) is not a supported formula shape" in n for n in notes)
        impossible = [str(n) for n in edge_case_notes(ARMAVIR, "iom_low_share")]
        expected = "iom_low_share: no row just below 0: iom_below_50 would have to be -1, past its"
        assert [f"{expected} minimum 0"] == impossible

    def test_parameters_move_the_boundary(self) -> None:
        """With target 40 the boundary cases sit at 40, and they remember the parameters."""
        cases = edge_cases(INLINE_RULESET, "diag_share", params={"target": 40})
        at = next(c for c in cases if c.kind == "at" and c.threshold == 40)
        assert at.params["target"] == 40
        at.check(INLINE_RULESET)

    def test_check_fails_on_a_wrong_expectation(self) -> None:
        """check() raises EdgeCaseError (an AssertionError) when the engine disagrees."""
        case = next(c for c in edge_cases(ARMAVIR, "contests_share") if c.kind == "below")
        wrong = attrs.evolve(case, level="ok", band=1)
        with pytest.raises(EdgeCaseError, match="expected evaluated, level ok, band 1; got"):
            wrong.check(ARMAVIR)
        assert isinstance(EdgeCaseError("x"), AssertionError)

    def test_unknown_indicator(self) -> None:
        """Asking for an indicator the ruleset lacks is a ValueError listing the real ones."""
        with pytest.raises(ValueError, match="no indicator 'nope'"):
            edge_cases(ARMAVIR, "nope")

    def test_public_names(self) -> None:
        """The module exports exactly its documented names, sorted."""
        assert sorted(pdrs_rules.testing.__all__) == pdrs_rules.testing.__all__
        assert {"edge_cases", "facts_rows", "schools"} <= set(pdrs_rules.testing.__all__)


SHAPES = """
format: pdrs-rules/1
id: shapes
title: Формы формул
version: "1"
facts:
  a: {title: A, type: integer, min: 0}
  b: {title: B, type: integer, min: 0}
  x: {title: X, type: number}
parameters:
  k: {title: K, default: 2}
indicators:
  part_of_sum:
    title: Доля a в a + b
    formula: share(a, a + b)
    unit: "%"
    bands: [{level: warning, below: 25}, {level: ok, at_least: 25}]
  rest:
    title: Остаток
    formula: 100 - share(b, a)
    unit: number
    bands: [{level: warning, below: 60}, {level: ok, at_least: 60}]
  negated:
    title: Минус x, умноженное на k
    formula: -(x * k)
    unit: number
    bands: [{level: ok, below: -3}, {level: warning, at_least: -3}]
  inverse:
    title: Обратная величина
    formula: 10 / a
    unit: number
    bands: [{level: ok, below: 2}, {level: warning, at_least: 2}]
"""
SHAPES_RULESET = pdrs_rules.loads(SHAPES, file="shapes.yaml")


class TestFormulaShapes:
    @pytest.mark.parametrize("case", edge_cases(SHAPES_RULESET), ids=str)
    def test_shapes_edges(self, case: EdgeCase) -> None:
        """Shared facts, subtraction from a constant and negation still land on the boundary."""
        case.check(SHAPES_RULESET)

    def test_each_solvable_shape_has_its_three_rows(self) -> None:
        """Every linear shape gets at, below and above rows; a fact only in a denominator none."""
        cases = edge_cases(SHAPES_RULESET)
        for indicator in ("part_of_sum", "rest", "negated"):
            assert set(_by(cases, indicator)) >= {"at", "below", "above", "missing"}
        assert "at" not in _by(cases, "inverse")
        notes = [str(n) for n in edge_case_notes(SHAPES_RULESET, "inverse")]
        assert any("only the denominator has free facts" in n for n in notes)

    def test_shared_fact_is_solved_numerator_first(self) -> None:
        """A fact in both parts of share(a, a + b) is solved in the numerator first: 13 of 52."""
        at = next(c for c in edge_cases(SHAPES_RULESET, "part_of_sum") if c.kind == "at")
        a, b = at.row["a"], at.row["b"]
        assert isinstance(a, int)
        assert isinstance(b, int)
        assert (a, a + b) == (13, 52)
