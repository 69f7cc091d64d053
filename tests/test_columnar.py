"""The columnar engine against the row engine: the same findings, field by field.

The row engine is the reference. Each test scores the same schools with both and compares the
raw results (value with its Python type, status, band) and the findings built from them (value,
outcome, band, level, points, display, texts, explanation, reason).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pdrs_rules
from pdrs_rules._columnar import _score
from pdrs_rules._columnar._expressions import Declined
from pdrs_rules._columnar._supports import declined, supports
from pdrs_rules._columnar._table import score_schools
from pdrs_rules._compile._bands import relative_base
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._engine._evaluate import Evaluator
from pdrs_rules._facts._table import facts_from_rows
from pdrs_rules._model import School
from pdrs_rules.testing import schools
from tests import strategies as gen

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "rulesets").glob("*.yaml"))
SHIPPED = [p for p in SHIPPED if not p.name.endswith(".cases.yaml")]
#: A base ruleset ships no facts; the generated facts of the tests below cover it.
WITH_FACTS = [p for p in SHIPPED if p.with_name(p.stem + ".facts.csv").exists()]


def school_level(compiled: CompiledRuleset) -> CompiledRuleset:
    """The ruleset's school indicators that read no aggregate and no earlier period."""
    aggregates = {a.id for a in compiled.aggregates}
    params = {p.name: p.default for p in compiled.parameters}
    kept: list[Any] = []
    names: set[str] = set()
    for indicator in compiled.indicators:
        formula = compiled.formulas[indicator.id]
        if (
            formula.previous
            or any(f in aggregates for f in indicator.facts)
            or any(d not in names for d in formula.indicators)
            or relative_base(indicator, params) is not None
        ):
            continue
        kept.append(indicator)
        names.add(indicator.id)
    return attrs.evolve(
        compiled,
        indicators=tuple(kept),
        declared_order=tuple(i for i in compiled.declared_order if i in names),
        aggregates=(),
        conclusions=(),
        conclusion_order=(),
        trends=(),
        scoring=None,
        group_facts=(),
    )


def assert_same(compiled: CompiledRuleset, schools: list[School]) -> int:
    """Both engines agree on every school; the number of rows the row engine had to score."""
    evaluator = Evaluator(compiled, {p.name: p.default for p in compiled.parameters})
    raws = score_schools(compiled, evaluator.params, evaluator.fact_names, schools)
    handed_back = 0
    for school, raw in zip(schools, raws, strict=True):
        expected = evaluator.score(school)
        if raw is None:
            handed_back += 1
            continue
        assert raw == expected, school
        assert [type(x) for x in raw] == [type(x) for x in expected], school
        by_column = evaluator.findings(school, raw=raw)
        by_row = evaluator.findings(school)
        for ours, reference in zip(by_column, by_row, strict=True):
            for field in attrs.fields(type(ours)):
                mine, theirs = getattr(ours, field.name), getattr(reference, field.name)
                assert mine == theirs, (school.id, ours.indicator, field.name, mine, theirs)
                assert type(mine) is type(theirs), (school.id, ours.indicator, field.name)
    return handed_back


class TestShipped:
    @pytest.mark.parametrize("path", WITH_FACTS, ids=[p.stem for p in WITH_FACTS])
    def test_shipped_school_indicators_agree(self, path):
        """Every shipped ruleset's school indicators give the same findings by column."""
        ruleset = pdrs_rules.load(path)
        compiled = school_level(ruleset.compiled)
        assert supports(compiled), declined(compiled)
        assert compiled.indicators
        facts = path.with_name(path.stem + ".facts.csv")
        assert assert_same(compiled, list(ruleset.read_facts(facts).schools)) == 0

    @pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
    def test_shipped_rulesets_on_generated_facts_agree(self, path):
        """Generated facts, with every band edge hit exactly, agree on every shipped ruleset."""
        ruleset = pdrs_rules.load(path)
        compiled = school_level(ruleset.compiled)

        @settings(max_examples=15, deadline=None)
        @given(rows=schools(ruleset, max_size=8, edges=0.3))
        def agree(rows: list[dict[str, Any]]) -> None:
            table = facts_from_rows(rows, ruleset.facts, ruleset.entity)
            assert assert_same(compiled, list(table.schools)) == 0

        agree()

    @pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
    def test_municipality_levels_are_declined(self, path):
        """A ruleset with a municipality level is run by the row engine, saying why."""
        compiled = pdrs_rules.load(path).compiled
        if compiled.is_multilevel:
            assert not supports(compiled)
            assert "municipality level" in str(declined(compiled))
        else:
            assert supports(compiled)


def _huge(decl: gen.FactDecl) -> st.SearchStrategy[Any]:
    if decl.type == "boolean":
        return st.booleans()
    values = st.integers(10**13, 10**15 - 1)
    if decl.minimum is None:
        values = st.one_of(values, values.map(lambda v: -v))
    return values if decl.type == "integer" else values.map(float)


@st.composite
def rows_with_edges(draw: st.DrawFn, facts: tuple[gen.FactDecl, ...]) -> list[dict[str, Any]]:
    """Schools' rows with the edge values: zeros (0/0), missing, thresholds, huge numbers."""
    rows = draw(gen.schools_rows(facts, min_size=1, max_size=12))
    for row in rows:
        for decl in facts:
            pick = draw(st.integers(0, 11))
            if pick == 0:
                row[decl.name] = 0 if decl.type != "boolean" else False
            elif pick == 1:
                row[decl.name] = draw(_huge(decl))
    return rows


class TestGenerated:
    @gen.SETTINGS
    @given(data=st.data())
    def test_generated_rulesets_and_facts_agree(self, data):
        """Generated rulesets × facts with 0/0, missing, threshold and huge values agree."""
        generated = data.draw(gen.rulesets())
        ruleset = pdrs_rules.loads(generated.text)
        compiled = ruleset.compiled
        assert supports(compiled), declined(compiled)
        rows = data.draw(rows_with_edges(generated.facts))
        schools = list(facts_from_rows(rows, ruleset.facts, ruleset.entity).schools)
        try:
            assert_same(compiled, schools)
        except Declined as exc:
            # Only integers that could overflow 64 bits make a whole table go to the row engine.
            assert "overflow" in str(exc)  # noqa: PT017


class TestFallback:
    RULESET = """
format: pdrs-rules/1
id: huge
title: Большие числа
version: "1"
facts:
  a: {title: A, type: integer}
  b: {title: B, type: integer}
indicators:
  a_share:
    title: Доля
    formula: share(a, b)
    unit: number
    bands:
      - {level: ok}
  product:
    title: Произведение
    formula: a * b
    unit: number
    bands:
      - {level: ok}
"""

    def _schools(self, ruleset: pdrs_rules.Ruleset, pairs: list[tuple[int, int]]) -> list[School]:
        rows = [{"id": str(i), "a": a, "b": b} for i, (a, b) in enumerate(pairs)]
        return list(facts_from_rows(rows, ruleset.facts, ruleset.entity).schools)

    def test_rows_past_exact_floats_go_to_the_row_engine(self):
        """100·a is past 2**53 for a = 10**14+1: that row is scored by the row engine."""
        ruleset = pdrs_rules.loads(self.RULESET.split("  product:")[0])
        schools = self._schools(ruleset, [(3, 7), (10**14 + 1, 3)])
        raws = score_schools(ruleset.compiled, {}, ("a", "b"), schools)
        assert raws[0] is not None
        assert raws[1] is None
        assert assert_same(ruleset.compiled, schools) == 1

    def test_a_product_that_may_overflow_declines_the_table(self):
        """a·b may pass 2**62 when both reach 10**14: the whole table goes to the row engine."""
        ruleset = pdrs_rules.loads(self.RULESET)
        schools = self._schools(ruleset, [(10**14, 10**14)])
        with pytest.raises(Declined, match="overflow"):
            score_schools(ruleset.compiled, {}, ("a", "b"), schools)
        assert _score.columnar_scores(ruleset.compiled, {}, ("a", "b"), schools, min_rows=0) is None


class TestEvaluate:
    def test_evaluate_uses_it_for_whole_tables_with_the_same_report(self, monkeypatch):
        """evaluate() scores a large table by column, and its report is the row engine's."""
        ruleset = pdrs_rules.loads(gen.dump(_single_level()))
        rows = [
            {"id": f"{i:04d}", "name": f"ОО {i}", "teachers": i % 40, "trained": i % 17}
            for i in range(300)
        ]
        by_row = ruleset.evaluate(rows)
        calls: list[int] = []
        original = _score.columnar_scores

        def spy(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            calls.append(0 if result is None else len(result))
            return result

        monkeypatch.setattr(_score, "MIN_ROWS", 100)
        monkeypatch.setattr(_score, "columnar_scores", spy)
        assert ruleset.evaluate(rows) == by_row
        assert calls == [300]

    def test_without_polars_the_row_engine_does_everything(self, monkeypatch):
        """A plain install without polars evaluates whole tables on the row engine."""
        ruleset = pdrs_rules.loads(gen.dump(_single_level()))
        rows = [{"id": str(i), "teachers": 10, "trained": i % 11} for i in range(50)]
        expected = ruleset.evaluate(rows)
        monkeypatch.setitem(sys.modules, "polars", None)
        for name in [m for m in sys.modules if m.startswith("pdrs_rules._columnar._")]:
            if name not in {"pdrs_rules._columnar._score", "pdrs_rules._columnar._supports"}:
                monkeypatch.delitem(sys.modules, name)
        monkeypatch.setattr(_score, "MIN_ROWS", 0)
        compiled = ruleset.compiled
        schools = list(ruleset._schools(rows)[0])
        assert _score.columnar_scores(compiled, {}, ("teachers", "trained"), schools) is None
        assert ruleset.evaluate(rows) == expected


def _single_level() -> dict[str, Any]:
    return {
        "format": "pdrs-rules/1",
        "id": "single",
        "title": "Курсы",
        "version": "1",
        "facts": {
            "teachers": {"title": "Всего педагогов", "type": "integer", "min": 0},
            "trained": {"title": "Прошли курсы", "type": "integer", "min": 0},
        },
        "indicators": {
            "trained_share": {
                "title": "Доля прошедших курсы",
                "formula": "share(trained, teachers)",
                "unit": "number",
                "better": "higher",
                "bands": [
                    {
                        "level": "warning",
                        "below": 50,
                        "points": 0,
                        "recommendations": [
                            {
                                "to": "school_head",
                                "text": "В {school} доля {value}: ниже {threshold}.",
                            }
                        ],
                    },
                    {"level": "ok", "at_least": 50, "points": 1},
                ],
            }
        },
    }


class TestFormulas:
    FORMULAS = (
        "floor(a)",
        "ceil(a / b)",
        "floor(b) + ceil(b)",
        "max(0, a - b)",
        "min(b, a, 3)",
        "a if b > 2 else b",
        "round(a, 1) + round(b / 8, 2)",
        "abs(-a) - -b",
        "a ** 2 + b ** -1",
        "share(b, 3) + ratio(a, 7)",
        "100 / (b - b + 3)",
        "(1 if flag and a > b else 2) + (3 if not flag or b >= a else 4)",
        "5 if 1 < a < b else 6",
        "b * 10 - 100 / 3",
    )

    @pytest.mark.parametrize("formula", FORMULAS)
    def test_each_construct_agrees_on_edge_values(self, formula):
        """Each construct, over ints and floats, zeros, negatives, halves and missing values."""
        text = gen.dump(
            {
                "format": "pdrs-rules/1",
                "id": "formulas",
                "title": "Формулы",
                "version": "1",
                "facts": {
                    "a": {"title": "A", "type": "number"},
                    "b": {"title": "B", "type": "integer"},
                    "flag": {"title": "F", "type": "boolean"},
                },
                "indicators": {
                    "x": {
                        "title": "X",
                        "formula": formula,
                        "unit": "number",
                        "bands": [{"level": "warning", "below": 3}, {"level": "ok", "at_least": 3}],
                    }
                },
            }
        )
        ruleset = pdrs_rules.loads(text)
        assert supports(ruleset.compiled)
        values_a = [0.0, -2.5, 2.5, 0.05, 3.0, 1e14, None]
        values_b = [0, 1, 3, -4, 12, None]
        rows = [
            {"id": f"{i}-{j}", "a": a, "b": b, "flag": (i + j) % 2 == 0}
            for i, a in enumerate(values_a)
            for j, b in enumerate(values_b)
        ]
        schools = list(facts_from_rows(rows, ruleset.facts, ruleset.entity).schools)
        assert_same(ruleset.compiled, schools)
