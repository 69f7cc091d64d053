"""The reference evaluator: simpleeval over the checked trees, and agreement with the program."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules._engine._program import EVALUATED, NO_DATA, NOT_APPLICABLE, OUT_OF_RANGE
from pdrs_rules._engine._reference import reference_score

ROOT = Path(__file__).parent.parent
ARMAVIR = ROOT / "rulesets" / "armavir-iom-2023.yaml"
ARMAVIR_FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"

EDGES = """
format: pdrs-rules/1
id: edges
title: Крайние случаи
version: "1"
facts:
  n: {title: N, type: integer}
  d: {title: D, type: integer}
  extra: {title: Дополнительно, type: number, required: false}
parameters:
  target: {title: Порог, default: 30, min: 0, max: 100}
indicators:
  share_nd:
    title: Доля
    formula: share(n, d)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: target}
      - {level: ok, at_least: target}
  half:
    title: Половина доли
    formula: share_nd / 2
    unit: "%"
    bands:
      - {level: ok}
  surplus:
    title: Избыток
    formula: n - d
    unit: number
    domain: {min: 0}
    bands:
      - {level: ok}
  with_extra:
    title: С дополнительным фактом
    formula: extra + n
    unit: number
    bands:
      - {level: ok}
  huge:
    title: Переполнение
    formula: floor(n * 1e15 ** 10 * 1e15 ** 10 * 1e15 ** 10)
    unit: number
    bands:
      - {level: ok}
  infinite:
    title: Бесконечность
    formula: n * 1e15 ** 10 * 1e15 ** 10 * 1e15 ** 10
    unit: number
    bands:
      - {level: ok}
  more:
    title: Больше ли
    formula: n > d
    unit: boolean
    bands:
      - {level: warning, is: false}
      - {level: ok, is: true}
"""
#: Indicators of EDGES in declaration order (also their evaluation order).
NAMES = ("share_nd", "half", "surplus", "with_extra", "huge", "infinite", "more")


def triples(result: tuple[Any, ...]) -> list[tuple[Any, int, int]]:
    """A flat program result as (value, status, band) per indicator."""
    return [tuple(result[i : i + 3]) for i in range(0, len(result), 3)]  # type: ignore[misc]


def same(left: Any, right: Any) -> bool:
    """Equal values of equal type, with nan equal to nan."""
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right) and type(left) is type(right)


@pytest.fixture(scope="module")
def edges() -> pdrs_rules.Ruleset:
    return pdrs_rules.loads(EDGES, "edges.yaml")


@pytest.fixture(scope="module")
def armavir() -> pdrs_rules.Ruleset:
    return pdrs_rules.load(ARMAVIR)


def both(ruleset: pdrs_rules.Ruleset, row: tuple[Any, ...], **params: Any) -> tuple[Any, Any]:
    """The reference's and the compiled program's result for one row of facts."""
    values = ruleset.resolve_params(params)
    reference = reference_score(ruleset.compiled, values, row)
    program = ruleset.evaluator(params).program(row)
    return reference, program


class TestArmavir:
    def test_evaluation_order_is_dependency_order(self, armavir: pdrs_rules.Ruleset) -> None:
        """iom_active comes before the shares computed from it."""
        order = [ind.id for ind in armavir.compiled.indicators]
        assert order.index("iom_active") < order.index("iom_full_share")

    def test_agrees_with_program_on_every_school(self, armavir: pdrs_rules.Ruleset) -> None:
        """For every school of the shipped facts the reference gives the program's results."""
        names = [f.name for f in armavir.compiled.facts]
        schools = armavir.read_facts(ARMAVIR_FACTS).schools
        rows = [tuple(school.facts.get(name) for name in names) for school in schools]
        disagreements = []
        for school, row in zip(schools, rows, strict=True):
            reference, program = both(armavir, row)
            if not all(same(a, b) for a, b in zip(reference, program, strict=True)):
                disagreements.append((school.id, reference, program))
        assert (len(rows), disagreements) == (12, [])

    def test_school_2_as_documented(self, armavir: pdrs_rules.Ruleset) -> None:
        """МБОУ-СОШ № 2 gets the values and levels the ruleset format guide shows."""
        names = [f.name for f in armavir.compiled.facts]
        school = next(s for s in armavir.read_facts(ARMAVIR_FACTS).schools if s.id == "002")
        row = tuple(school.facts.get(name) for name in names)
        reference, _ = both(armavir, row)
        results = dict(
            zip([i.id for i in armavir.compiled.indicators], triples(reference), strict=False)
        )
        indicators = {i.id: i for i in armavir.compiled.indicators}
        actual = {
            name: (value, indicators[name].bands[band].level if indicators[name].bands else None)
            for name, (value, status, band) in results.items()
            if status == EVALUATED
        }
        # The indicators the letter reports without a norm have no bands: information, no level.
        assert actual == {
            "iom_active": (31, None),
            "iom_full_share": (100 * 13 / 31, None),
            "iom_70_95_share": (100 * 14 / 31, None),
            "iom_50_65_share": (100 * 1 / 31, None),
            "iom_low_share": (100 * 3 / 31, "warning"),
            "courses_share": (100 * 25 / 31, None),
            "contests_share": (100 * 8 / 31, "warning"),
            "certified_share": (100 * 8 / 31, "warning"),
            "mentoring_share": (100 * 16 / 31, None),
        }

    def test_missing_optional_fact(self, armavir: pdrs_rules.Ruleset) -> None:
        """Without the mentoring count only mentoring_share is no_data, in both evaluators."""
        names = [f.name for f in armavir.compiled.facts]
        school = next(s for s in armavir.read_facts(ARMAVIR_FACTS).schools if s.id == "002")
        row = tuple(None if n == "mentoring" else school.facts.get(n) for n in names)
        reference, program = both(armavir, row)
        statuses = {
            ind.id: status
            for ind, (_, status, _) in zip(
                armavir.compiled.indicators, triples(reference), strict=True
            )
            if status != EVALUATED
        }
        assert (
            statuses,
            all(same(a, b) for a, b in zip(reference, program, strict=True)),
        ) == ({"mentoring_share": NO_DATA}, True)


class TestEdgeRows:
    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            # A negative surplus is outside its domain; an overflow in floor() and an infinite
            # value are out of range too.
            (
                (15, 50, 1.5),
                {
                    "share_nd": (30.0, EVALUATED, 1),
                    "half": (15.0, EVALUATED, 0),
                    "surplus": (-35, OUT_OF_RANGE, -1),
                    "with_extra": (16.5, EVALUATED, 0),
                    "huge": (None, OUT_OF_RANGE, -1),
                    "infinite": (math.inf, OUT_OF_RANGE, -1),
                    "more": (False, EVALUATED, 0),
                },
            ),
            # A missing fact: no_data, passed on to the indicators that use it.
            (
                (None, 50, None),
                {
                    "share_nd": (None, NO_DATA, -1),
                    "half": (None, NO_DATA, -1),
                    "surplus": (None, NO_DATA, -1),
                    "with_extra": (None, NO_DATA, -1),
                    "huge": (None, NO_DATA, -1),
                    "infinite": (None, NO_DATA, -1),
                    "more": (None, NO_DATA, -1),
                },
            ),
            # A zero denominator: not_applicable, passed on too.
            (
                (0, 0, 2.0),
                {
                    "share_nd": (None, NOT_APPLICABLE, -1),
                    "half": (None, NOT_APPLICABLE, -1),
                    "surplus": (0, EVALUATED, 0),
                    "with_extra": (2.0, EVALUATED, 0),
                    "huge": (0, EVALUATED, 0),
                    "infinite": (0.0, EVALUATED, 0),
                    "more": (False, EVALUATED, 0),
                },
            ),
            # Outside the domain (a share over 100%): out_of_range, the value kept for the
            # explanation; an indicator built on it gets no value.
            (
                (60, 50, 0.0),
                {
                    "share_nd": (120.0, OUT_OF_RANGE, -1),
                    "half": (None, OUT_OF_RANGE, -1),
                    "surplus": (10, EVALUATED, 0),
                    "with_extra": (60.0, EVALUATED, 0),
                    "huge": (None, OUT_OF_RANGE, -1),
                    "infinite": (math.inf, OUT_OF_RANGE, -1),
                    "more": (True, EVALUATED, 1),
                },
            ),
            # Exactly 100% is inside the domain.
            (
                (50, 50, None),
                {
                    "share_nd": (100.0, EVALUATED, 1),
                    "half": (50.0, EVALUATED, 0),
                    "surplus": (0, EVALUATED, 0),
                    "with_extra": (None, NO_DATA, -1),
                    "huge": (None, OUT_OF_RANGE, -1),
                    "infinite": (math.inf, OUT_OF_RANGE, -1),
                    "more": (False, EVALUATED, 0),
                },
            ),
            # Missing data wins over a zero denominator.
            (
                (None, 0, 1.0),
                {
                    "share_nd": (None, NO_DATA, -1),
                    "half": (None, NO_DATA, -1),
                    "surplus": (None, NO_DATA, -1),
                    "with_extra": (None, NO_DATA, -1),
                    "huge": (None, NO_DATA, -1),
                    "infinite": (None, NO_DATA, -1),
                    "more": (None, NO_DATA, -1),
                },
            ),
            # Just below the threshold.
            (
                (14, 50, 0.0),
                {
                    "share_nd": (28.0, EVALUATED, 0),
                    "half": (14.0, EVALUATED, 0),
                    "surplus": (-36, OUT_OF_RANGE, -1),
                    "with_extra": (14.0, EVALUATED, 0),
                    "huge": (None, OUT_OF_RANGE, -1),
                    "infinite": (math.inf, OUT_OF_RANGE, -1),
                    "more": (False, EVALUATED, 0),
                },
            ),
        ],
    )
    def test_outcomes(
        self,
        edges: pdrs_rules.Ruleset,
        row: tuple[Any, ...],
        expected: dict[str, tuple[Any, int, int]],
    ) -> None:
        """The reference gives the documented outcome per indicator; the program agrees."""
        reference, program = both(edges, row)
        ids = [ind.id for ind in edges.compiled.indicators]
        actual = dict(zip(ids, triples(reference), strict=True))
        agree = all(same(a, b) for a, b in zip(reference, program, strict=True))
        assert (expected, True) == (actual, agree)

    @pytest.mark.parametrize(("target", "band"), [(30, 1), (31, 0), (29.5, 1), (0, 1), (100, 0)])
    def test_parameter_override(self, edges: pdrs_rules.Ruleset, target: float, band: int) -> None:
        """An overridden threshold moves the band in the reference as in the program."""
        reference, program = both(edges, (15, 50, 0.0), target=target)
        assert (band, True) == (
            triples(reference)[0][2],
            all(same(a, b) for a, b in zip(reference, program, strict=True)),
        )

    def test_declared_order_is_evaluation_order(self, edges: pdrs_rules.Ruleset) -> None:
        """The edge ruleset evaluates its indicators in the order the table above assumes."""
        assert tuple(ind.id for ind in edges.compiled.indicators) == NAMES
