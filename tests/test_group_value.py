"""Comparison with the group's own value: bounds and conditions that read aggregates."""

from __future__ import annotations

from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Outcome, Report
from pdrs_rules._cases._coverage import coverage_items

RULESET = """format: pdrs-rules/1
id: r
title: R
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
parameters:
  lag: {title: Допустимое отставание, default: 5}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: pk_mo - lag
        points: 0
        recommendations:
          - {to: school_head, text: "{value} при {pk_mo} по МО (порог {threshold}, ещё {gap})"}
      - {level: ok, at_least: pk_mo - lag, below: pk_mo, points: 1}
      - {level: good, at_least: pk_mo, points: 2}
aggregates:
  pk_mo: {title: По МО, of: pk}
  below_mo: {title: Ниже МО, of: pk, where: pk < pk_mo}
  weak: {title: Отстают более чем на 5 п.п., of: pk, level: warning}
conclusions:
  c:
    title: C
    formula: below_mo
    unit: count
    bands:
      - level: ok
        recommendations:
          - to: authority
            text: >-
              Ниже значения по МО ({pk_mo}) — {below_mo.count} ОО: {below_mo.schools};
              отстают более чем на 5 п.п.: {weak.schools}.
"""
ROWS: list[dict[str, Any]] = [
    {"id": "1", "name": "A", "teachers": 20, "trained": 10},
    {"id": "2", "name": "B", "teachers": 20, "trained": 12},
    {"id": "3", "name": "C", "teachers": 10, "trained": 7},
    {"id": "4", "name": "D", "teachers": 10, "trained": 2},
]


def report(text: str = RULESET, **params: object) -> Report:
    """The ruleset over the four schools."""
    return pdrs_rules.loads(text).evaluate(ROWS, params=params or None)


def pk(result: Report) -> dict[str, Any]:
    """The findings of `pk` by school."""
    return {f.school_id: f for f in result.findings if f.indicator == "pk"}


class TestBoundsRelativeToTheGroup:
    def test_points_against_the_pooled_value(self) -> None:
        """pk_mo = (10+12+7+2)/(20+20+10+10) = 31/60 = 51,7%: D 20% < 46,7, A 50% within 5 п.п."""
        found = pk(report())
        assert {s: (f.level, f.points) for s, f in found.items()} == {
            "1": ("ok", 1),
            "2": ("good", 2),
            "3": ("good", 2),
            "4": ("warning", 0),
        }
        # The band in the finding has its bounds resolved: 51,67 − 5 and 51,67.
        band = found["1"].band
        assert (band.lower, band.upper) == (pytest.approx(46.6666666667), pytest.approx(31 / 0.6))

    def test_texts_show_the_moving_threshold(self) -> None:
        """{threshold} is 46,7% (the indicator's precision); the gap is ⌈4,67⌉ − 2 = 3."""
        (text,) = [r.text for r in pk(report())["4"].recommendations]
        assert text == "20,0% при 51,7% по МО (порог 46,7%, ещё 3)"

    def test_the_offset_may_be_a_parameter(self) -> None:
        """With lag = 2, A (50%) is below 51,7 − 2 = 49,7? No: 50 ≥ 49,67, still ok."""
        assert pk(report(lag=2))["1"].level == "ok"
        # With lag = 1: 50 < 50,67, so A is now in the warning band.
        assert pk(report(lag=1))["1"].level == "warning"

    def test_no_group_value_is_no_data(self) -> None:
        """Bands relative to an aggregate with no value leave the school's value unjudged."""
        text = RULESET.replace(
            "pk_mo: {title: По МО, of: pk}",
            "pk_mo: {title: По МО, of: pk, method: pooled, where: teachers > 1000}",
        )
        found = pk(report(text))["4"]
        assert (found.outcome, found.value, found.level) == (Outcome.NO_DATA, None, None)
        assert found.reason == "нет данных: По МО (нет ОО с данными)"

    def test_own_gaps_come_first(self) -> None:
        """A school that left its own cells empty is asked for them, not for the group value."""
        text = RULESET.replace(
            "pk_mo: {title: По МО, of: pk}",
            "pk_mo: {title: По МО, of: pk, method: pooled, where: teachers > 1000}",
        )
        rows = [*ROWS[:3], {**ROWS[3], "trained": None}]
        found = pk(pdrs_rules.loads(text).evaluate(rows))
        assert found["4"].reason == "нет данных: trained"
        assert found["1"].reason == "нет данных: По МО (нет ОО с данными)"


class TestSecondStage:
    def test_schools_below_the_group_value_in_one_sentence(self) -> None:
        """`where: pk < pk_mo` lists D and A; `level: warning` of the moving bands lists D."""
        (text,) = [r.text for r in report().conclusions[0].recommendations]
        assert text == (
            "Ниже значения по МО (51,7%) — 2 ОО: D (20,0%), A (50,0%); "
            "отстают более чем на 5 п.п.: D (20,0%)."
        )

    def test_stages_are_compiled(self) -> None:
        """pk_mo is of the first stage; the two that read it or the moving levels, of the second."""
        compiled = pdrs_rules.loads(RULESET).compiled
        assert {a.id: a.stage for a in compiled.aggregates} == {
            "pk_mo": 1,
            "below_mo": 2,
            "weak": 2,
        }


class TestChecks:
    def problems(self, text: str) -> list[tuple[str, str]]:
        """The errors of a ruleset as (code, message)."""
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        return [(d.code, d.message) for d in caught.value.diagnostics]

    def test_every_bound_moves_with_the_same_aggregate(self) -> None:
        """A fixed bound among moving ones is refused: the bands could swap places."""
        text = RULESET.replace("at_least: pk_mo, points: 2", "at_least: 60, points: 2").replace(
            "below: pk_mo, points: 1", "below: 60, points: 1"
        )
        codes = [code for code, _ in self.problems(text)]
        assert codes == ["bad-band", "bad-band"]

    def test_the_ends_stay_open(self) -> None:
        """The first band cannot start at pk_mo − 20: values below it would fall in no band."""
        text = RULESET.replace(
            "below: pk_mo - lag\n", "at_least: pk_mo - 20\n        below: pk_mo - lag\n"
        )
        assert self.problems(text) == [
            (
                "band-gap",
                (
                    "at_least: 'pk_mo - 20' moves with 'pk_mo', so the first band cannot reach the "
                    "end of the values: leave it without at_least"
                ),
            )
        ]

    def test_scoring_levels_cannot_move(self) -> None:
        """Scoring levels compare percentages of points: a bound there reads no aggregate."""
        text = (
            RULESET
            + "scoring:\n  levels:\n    - {level: warning, below: pk_mo}\n"
            + "    - {level: ok, at_least: pk_mo}\n"
        )
        problems = self.problems(text)
        assert problems[0] == (
            "unknown-name",
            (
                "below: 'pk_mo' is an aggregate; scoring levels compare a percentage of points "
                "with numbers or parameters"
            ),
        )


class TestAuthoringTools:
    def test_passport_writes_the_moving_bounds(self) -> None:
        """The passport writes «< pk_mo − lag», the offset as its parameter's default."""
        # With ids, as ruleset authors read it; the passport keeps «5 п.п.» on one line.
        text = pdrs_rules.passport(pdrs_rules.loads(RULESET, file="r.yaml"), ids=True)
        assert "| ≥ pk_mo − 5\xa0п.п. и < pk_mo | норма (`ok`) | 1 |" in text

    def test_explain_resolves_them_with_the_group_value(self, tmp_path: Any) -> None:
        """Explain shows D's band with the run's pk_mo: below 46,7%."""
        path = tmp_path / "r.yaml"
        path.write_text(RULESET, encoding="utf-8")
        explanation = pdrs_rules.explain(pdrs_rules.load(path), ROWS, school="4")
        (item,) = [i for i in explanation.items if i.indicator == "pk"]
        assert item.band == "ниже 46,7% — (−∞; 46,7%)"
        # The aggregate the bands move with is among the names, with its value.
        (mo,) = [n for n in item.names if n.name == "pk_mo"]
        assert (mo.kind, mo.value) == ("aggregate", "51,7%")

    def test_coverage_writes_the_bounds_as_written(self) -> None:
        """Coverage items name the moving bounds as the ruleset writes them."""
        items = coverage_items(pdrs_rules.loads(RULESET))
        labels = [i.label for i in items if i.indicator == "pk" and i.kind == "band"]
        assert labels == [
            "band 0: warning, below pk_mo - lag",
            "band 1: ok, at_least pk_mo - lag, below pk_mo",
            "band 2: good, at_least pk_mo",
        ]
