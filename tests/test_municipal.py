"""The municipality level of docs/municipal.md, checked against values computed by hand."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Outcome, Report, School
from pdrs_rules._engine._aggregate import SchoolState, compute
from pdrs_rules.cli import run as cli_run

HERE = Path(__file__).parent / "municipal"
EXAMPLE = HERE / "m.yaml"
EXAMPLE_FACTS = HERE / "f.csv"

HEAD = 'format: pdrs-rules/1\nid: t\ntitle: Т\nversion: "1"\ngroup: {id: mo, name: Район}\n'
FACTS = """facts:
  n: {title: N, type: integer, min: 0}
  d: {title: D, type: integer, min: 0}
  x: {title: X, type: number}
"""
SHARE = """indicators:
  sh:
    title: Доля
    formula: share(n, d)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: 30}
      - {level: ok, at_least: 30}
"""


def load(*parts: str) -> pdrs_rules.Ruleset:
    """A ruleset from the common head and the given YAML sections."""
    return pdrs_rules.loads(HEAD + "".join(parts), file="x.yaml")


def row(ident: str, name: str, period: str = "2023", **facts: Any) -> dict[str, Any]:
    """One facts row: a school in a period with its facts."""
    return {"period": period, "id": ident, "name": name, **facts}


def aggregate(report: Report, ident: str, period: str = "2023", group: str = "mo") -> Any:
    """The record of one aggregate for one group and period."""
    found = [
        a
        for a in report.aggregates
        if a.aggregate == ident and a.period == period and a.group_id == group
    ]
    assert len(found) == 1, (ident, period, group)
    return found[0]


def finding(report: Report, school: str, indicator: str, period: str = "2023") -> Any:
    """The finding of one school, indicator and period."""
    found = [
        f
        for f in report.findings
        if f.school_id == school and f.indicator == indicator and f.period == period
    ]
    assert len(found) == 1, (school, indicator, period)
    return found[0]


def conclusion(report: Report, ident: str, period: str = "2023", group: str = "mo") -> Any:
    """The group finding of one conclusion or group trend."""
    found = [
        f
        for f in report.conclusions
        if f.indicator == ident and f.period == period and f.school_id == group
    ]
    assert len(found) == 1, (ident, period, group)
    return found[0]


def listed(schools: Any) -> list[tuple[str, Any]]:
    """Listed schools as (id, value) pairs, in the listed order."""
    return [(s.school_id, s.value) for s in schools]


# -- 1. Aggregates ---------------------------------------------------------------------------------

AGGREGATES = """aggregates:
  pooled: {title: По МО, of: sh}
  mean: {title: Среднее, of: sh, method: mean}
  median: {title: Медиана, of: sh, method: median}
  sum_x: {title: Сумма, of: x}
  min_x: {title: Минимум, of: x, method: min}
  max_x: {title: Максимум, of: x, method: max}
  at30: {title: Не ниже 30, method: count, of: sh, where: sh >= 30}
  below30: {title: Ниже 30, method: count, of: sh, where: sh < 30}
  share30: {title: Доля ОО не ниже 30, method: share, of: sh, where: sh >= 30}
  warn: {title: В зоне внимания, of: sh, level: warning}
  top2: {title: Лучшие, method: top, of: sh, limit: 2}
  bottom1: {title: Худшие, method: bottom, of: sh, limit: 1}
"""


def agg_report(rows: list[dict[str, Any]]) -> Report:
    """The aggregates ruleset evaluated over ``rows``."""
    return load(FACTS, SHARE, AGGREGATES).evaluate(rows)


class TestAggregates:
    def test_pooled_differs_from_mean_of_percentages(self) -> None:
        """Pooled ΣN/ΣD over 10/100 and 9/10 is 19/110 = 17,3%, the mean of 10% and 90% is 50%."""
        r = agg_report([row("1", "А", n=10, d=100, x=1), row("2", "Б", n=9, d=10, x=2)])
        pooled, mean = aggregate(r, "pooled"), aggregate(r, "mean")
        assert pooled.value == pytest.approx(1900 / 110)
        assert pooled.display == "17,3%"
        assert mean.value == 50.0
        assert mean.display == "50,0%"
        assert pooled.counted == mean.counted == 2

    def test_pooled_parts_beyond_a_float(self) -> None:
        """share(n·P, d·P) with P a 330-digit product pools as share(n, d): 19/110 = 17,3%."""
        product = "*999999999999999" * 22  # (10¹⁵)²² is past the largest float, 1,8·10³⁰⁸
        huge = SHARE.replace("share(n, d)", f"share(n{product}, d{product})")
        r = load(FACTS, huge, "aggregates:\n  pooled: {title: По МО, of: sh}\n").evaluate(
            [row("1", "А", n=10, d=100, x=0), row("2", "Б", n=9, d=10, x=0)]
        )
        pooled = aggregate(r, "pooled")
        assert (pooled.value, pooled.display) == (pytest.approx(1900 / 110), "17,3%")

    def test_pooled_quotient_beyond_a_float_is_out_of_range(self) -> None:
        """Σn / Σd past what a float holds is no value, shown as out of range, not a crash."""
        spec = load(FACTS, SHARE, "aggregates:\n  pooled: {title: По МО, of: sh}\n")
        aggregate_spec = spec.compiled.aggregates[0]
        # Σn = 10⁴⁰⁰ and Σd = 1: the quotient is an integer of 401 digits, no float.
        states = [
            SchoolState(
                School("1", "А", {"n": 10**400, "d": 2}), {"sh": (1.0, Outcome.EVALUATED, "ok", "")}
            ),
            SchoolState(
                School("2", "Б", {"n": 0, "d": -1}), {"sh": (0.0, Outcome.EVALUATED, "ok", "")}
            ),
        ]
        parts = (ast.Name("n"), ast.Name("d"), False)
        result = compute(aggregate_spec, states, {}, None, parts, group=("mo", "Район"), period="1")
        assert (result.value, result.display, result.counted) == (
            None,
            "вне допустимых значений",
            2,
        )

    def test_median_odd_count(self) -> None:
        """The median of 10%, 30%, 90% is the middle one, 30%."""
        r = agg_report(
            [
                row("1", "А", n=1, d=10, x=0),
                row("2", "Б", n=9, d=10, x=0),
                row("3", "В", n=3, d=10, x=0),
            ]
        )
        assert aggregate(r, "median").value == 30.0

    def test_median_even_count(self) -> None:
        """The median of 10%, 20%, 30%, 90% is the mean of the middle two: 25%."""
        r = agg_report(
            [
                row("1", "А", n=1, d=10, x=0),
                row("2", "Б", n=9, d=10, x=0),
                row("3", "В", n=3, d=10, x=0),
                row("4", "Г", n=2, d=10, x=0),
            ]
        )
        assert aggregate(r, "median").value == 25.0
        assert aggregate(r, "median").display == "25,0%"

    def test_sum_min_max_of_a_fact(self) -> None:
        """Sum, min and max of x = 1,5; −2; 4 are 3,5; −2; 4."""
        r = agg_report(
            [
                row("1", "А", n=1, d=10, x=1.5),
                row("2", "Б", n=1, d=10, x=-2),
                row("3", "В", n=1, d=10, x=4),
            ]
        )
        assert aggregate(r, "sum_x").value == 3.5
        assert aggregate(r, "min_x").value == -2.0
        assert aggregate(r, "max_x").value == 4.0

    def test_count_and_share_with_threshold_equal(self) -> None:
        """15/50 and 3/10 are exactly 30%: they meet `sh >= 30`, and not `sh < 30`."""
        r = agg_report(
            [
                row("1", "А", n=15, d=50, x=0),
                row("2", "Б", n=3, d=10, x=0),
                row("3", "В", n=29, d=100, x=0),
            ]
        )
        at30 = aggregate(r, "at30")
        assert at30.value == 2.0
        assert at30.display == "2"
        assert sorted(s.school_id for s in at30.matched) == ["1", "2"]
        assert aggregate(r, "below30").value == 1.0
        share = aggregate(r, "share30")
        assert share.value == pytest.approx(200 / 3)
        assert share.display == "66,7%"
        assert share.counted == 3

    def test_level_condition(self) -> None:
        """`level: warning` counts the schools whose `sh` fell into the warning band (< 30)."""
        r = agg_report(
            [
                row("1", "А", n=15, d=50, x=0),
                row("2", "Б", n=1, d=10, x=0),
                row("3", "В", n=29, d=100, x=0),
            ]
        )
        warn = aggregate(r, "warn")
        assert warn.value == 2.0
        # better: higher, so the worst (lowest) first: 10% then 29%.
        assert listed(warn.matched) == [("2", 10.0), ("3", 29.0)]

    def test_top_with_ties_at_the_cut(self) -> None:
        """Top 2 of 90, 50, 50, 10 lists 90 and both 50s; its value is the highest, 90."""
        r = agg_report(
            [
                row("1", "Г", n=9, d=10, x=0),
                row("2", "Б", n=5, d=10, x=0),
                row("3", "А", n=1, d=2, x=0),
                row("4", "В", n=1, d=10, x=0),
            ]
        )
        top = aggregate(r, "top2")
        assert top.value == 90.0
        # best first, ties by name: «А» (3) before «Б» (2).
        assert listed(top.matched) == [("1", 90.0), ("3", 50.0), ("2", 50.0)]

    def test_bottom_with_ties_at_the_cut(self) -> None:
        """Bottom 1 of 10, 10, 50 lists both 10s; its value is the lowest, 10."""
        r = agg_report(
            [
                row("1", "Б", n=1, d=10, x=0),
                row("2", "А", n=2, d=20, x=0),
                row("3", "В", n=5, d=10, x=0),
            ]
        )
        bottom = aggregate(r, "bottom1")
        assert bottom.value == 10.0
        assert listed(bottom.matched) == [("2", 10.0), ("1", 10.0)]

    def test_excluded_schools_are_listed_and_not_counted_as_zero(self) -> None:
        """Not-applicable and no-data schools are listed, not counted: pooled 19/110, mean 50%."""
        r = agg_report(
            [
                row("1", "А", n=10, d=100, x=0),
                row("2", "Б", n=9, d=10, x=0),
                row("3", "Г", n=0, d=0, x=0),
                row("4", "В", n=None, d=50, x=0),
            ]
        )
        pooled, mean = aggregate(r, "pooled"), aggregate(r, "mean")
        assert pooled.value == pytest.approx(1900 / 110)
        assert mean.value == 50.0
        assert pooled.counted == 2
        # sorted by name: «В» (4) before «Г» (3)
        assert [(s.school_id, s.outcome) for s in pooled.excluded] == [
            ("4", Outcome.NO_DATA),
            ("3", Outcome.NOT_APPLICABLE),
        ]
        # the school without data is not counted as 0%: nothing below 30% but «А» (10%).
        assert aggregate(r, "below30").value == 1.0
        assert aggregate(r, "share30").value == 50.0

    def test_no_counted_schools_gives_no_value_and_conclusion_no_data(self) -> None:
        """No school with data: pooled is None, a conclusion on it no_data «нет ОО с данными»."""
        text = """conclusions:
  mo_share:
    title: Доля по МО
    formula: pooled
    unit: "%"
    bands:
      - {level: warning, below: 30}
      - {level: ok, at_least: 30}
"""
        r = load(FACTS, SHARE, AGGREGATES, text).evaluate(
            [row("1", "А", n=None, d=10, x=0), row("2", "Б", n=None, d=10, x=0)]
        )
        pooled = aggregate(r, "pooled")
        assert pooled.value is None
        assert pooled.display == "нет ОО с данными"
        assert pooled.counted == 0
        assert aggregate(r, "mean").value is None
        assert aggregate(r, "share30").value is None
        found = conclusion(r, "mo_share")
        assert found.outcome is Outcome.NO_DATA
        assert found.value is None
        assert "нет ОО с данными" in found.reason

    def test_count_with_no_counted_schools_has_no_value(self) -> None:
        """A count aggregate over schools all without data has value None, not 0."""
        r = agg_report([row("1", "А", n=None, d=10, x=0), row("2", "Б", n=None, d=10, x=0)])
        at30 = aggregate(r, "at30")
        assert at30.counted == 0
        assert at30.value is None


# -- 2. Comparisons --------------------------------------------------------------------------------

COMPARISONS = """  dev:
    title: Отклонение от МО
    formula: sh - pooled
    unit: number
    bands:
      - {level: warning, below: -10}
      - {level: ok, at_least: -10}
  vs_reg:
    title: Отклонение от региона
    formula: sh - reg
    unit: number
    bands:
      - {level: warning, below: -10}
      - {level: ok, at_least: -10}
parameters:
  reg: {title: Доля по региону, default: 41.5, unit: "%"}
aggregates:
  pooled: {title: По МО, of: sh}
"""


class TestComparisons:
    def test_indicator_using_an_aggregate_gets_second_pass_value(self) -> None:
        """The comparison sh − pooled is 10 − 1900/110 = −7,27 and 90 − 1900/110 = 72,73."""
        r = load(FACTS, SHARE, COMPARISONS).evaluate(
            [row("1", "А", n=10, d=100, x=0), row("2", "Б", n=9, d=10, x=0)]
        )
        one, two = finding(r, "1", "dev"), finding(r, "2", "dev")
        assert one.outcome is two.outcome is Outcome.EVALUATED
        assert one.value == pytest.approx(10 - 1900 / 110)
        assert two.value == pytest.approx(90 - 1900 / 110)
        assert one.display == "−7,27"
        assert one.level == "ok"

    def test_external_reference_parameter_overridden(self) -> None:
        """The difference sh − reg is 10 − 41,5 = −31,5 by default, 10 − 12,5 with reg=12,5."""
        ruleset = load(FACTS, SHARE, COMPARISONS)
        rows = [row("1", "А", n=10, d=100, x=0)]
        default = ruleset.evaluate(rows)
        assert finding(default, "1", "vs_reg").value == -31.5
        assert finding(default, "1", "vs_reg").level == "warning"
        overridden = ruleset.evaluate(rows, params={"reg": 12.5})
        assert finding(overridden, "1", "vs_reg").value == -2.5
        assert finding(overridden, "1", "vs_reg").level == "ok"
        assert overridden.parameters["reg"] == 12.5


# -- 3. Conclusions --------------------------------------------------------------------------------

CONCLUSIONS = """aggregates:
  low: {title: Ниже нормы, of: sh, where: sh < 30}
conclusions:
  low_c:
    title: ОО ниже нормы
    formula: low
    unit: count
    better: lower
    bands:
      - {level: ok, at_most: 0}
      - level: warning
        above: 0
        recommendations:
          - to: authority
            text: "Ниже нормы: {value|plural:школа,школы,школ}; {low.count|plural:ОО,ОО,ОО}."
          - to: authority
            text: "{low.schools}"
          - to: authority
            text: "{low.names}"
          - to: authority
            text: "[{low.excluded}] {group}, всего {low.total}"
"""

UNDONE = """indicators:
  undone:
    title: Доля не прошедших
    formula: share(n, d)
    unit: "%"
    better: lower
    bands:
      - {level: ok, at_most: 10}
      - {level: warning, above: 10}
aggregates:
  listed: {title: Все ОО, of: undone, where: d > 0}
conclusions:
  listed_c:
    title: Список
    formula: listed
    unit: count
    bands:
      - level: ok
        at_least: 0
        recommendations:
          - {to: authority, text: "{listed.schools}"}
"""


def texts(report: Report, ident: str) -> list[str]:
    """The recommendation texts of a conclusion in 2023."""
    return [rec.text for rec in conclusion(report, ident).recommendations]


class TestConclusions:
    @pytest.mark.parametrize(
        ("count", "words"),
        [(1, "1 школа; 1 ОО"), (2, "2 школы; 2 ОО"), (5, "5 школ; 5 ОО"), (21, "21 школа; 21 ОО")],
    )
    def test_plural_of_value(self, count: int, words: str) -> None:
        """{value|plural:школа,школы,школ} gives 1 школа, 2 школы, 5 школ, 21 школа."""
        rows = [row(str(i), f"ОО {i:02}", n=0, d=10, x=0) for i in range(count)]
        rows.append(row("ok", "Хорошая", n=5, d=10, x=0))
        r = load(FACTS, SHARE, CONCLUSIONS).evaluate(rows)
        assert conclusion(r, "low_c").value == float(count)
        assert texts(r, "low_c")[0] == f"Ниже нормы: {words}."

    def test_schools_names_and_group(self) -> None:
        """{low.schools} worst first with decimal commas; {low.names}, {group}, {low.total}."""
        r = load(FACTS, SHARE, CONCLUSIONS).evaluate(
            [
                row("2", "СОШ №2", n=2, d=10, x=0),
                row("3", "ООШ №3", n=0, d=10, x=0),
                row("1", "СОШ №1", n=5, d=10, x=0),
            ]
        )
        found = conclusion(r, "low_c")
        assert found.level == "warning"
        assert texts(r, "low_c") == [
            "Ниже нормы: 2 школы; 2 ОО.",
            # better: higher, so the lowest first
            "ООШ №3 (0,0%), СОШ №2 (20,0%)",
            "ООШ №3, СОШ №2",
            "[] Район, всего 3",
        ]
        assert found.school_id == "mo"
        assert found.school_name == "Район"

    def test_schools_worst_first_for_better_lower(self) -> None:
        """With better: lower the highest value is the worst: «СОШ №2 (20,0%), ООШ №3 (0,0%)»."""
        r = pdrs_rules.loads(HEAD + FACTS + UNDONE, file="x.yaml").evaluate(
            [row("3", "ООШ №3", n=0, d=10, x=0), row("2", "СОШ №2", n=2, d=10, x=0)]
        )
        assert texts(r, "listed_c") == ["СОШ №2 (20,0%), ООШ №3 (0,0%)"]

    def test_excluded_placeholder_counts_by_outcome(self) -> None:
        """{low.excluded} counts the left-out schools by outcome; total counts only the others."""
        r = load(FACTS, SHARE, CONCLUSIONS).evaluate(
            [
                row("1", "А", n=0, d=10, x=0),
                row("2", "Б", n=None, d=10, x=0),
                row("3", "В", n=None, d=10, x=0),
                row("4", "Г", n=0, d=0, x=0),
            ]
        )
        text = texts(r, "low_c")[3]
        assert text.endswith("] Район, всего 1")
        assert "2 ОО" in text
        assert "1 ОО" in text

    def test_excluded_placeholder_documented_text(self) -> None:
        """{low.excluded} lists outcomes in a fixed order, whatever the schools' names."""
        r = load(FACTS, SHARE, CONCLUSIONS).evaluate(
            [
                row("1", "А", n=0, d=10, x=0),
                row("2", "Б", n=None, d=10, x=0),
                row("3", "В", n=None, d=10, x=0),
                row("4", "Ааа", n=0, d=0, x=0),  # first by name, but not_applicable comes second
            ]
        )
        assert (
            texts(r, "low_c")[3]
            == "[2 ОО — без данных, 1 ОО — показатель не применим] Район, всего 1"
        )


# -- 4. Periods ------------------------------------------------------------------------------------

PERIODS = """  chg:
    title: Изменение
    formula: sh - previous(sh)
    unit: number
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
aggregates:
  pooled: {title: По МО, of: sh}
conclusions:
  pooled_chg:
    title: Изменение по МО
    formula: pooled - previous(pooled)
    unit: number
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
"""

PERIOD_ROWS = [
    row("1", "А", "2022", n=2, d=10, x=0),
    row("2", "Б", "2022", n=5, d=10, x=0),
    row("1", "А", "2023", n=3, d=10, x=0),
    row("2", "Б", "2023", n=4, d=10, x=0),
    row("3", "В", "2023", n=6, d=10, x=0),
]


class TestPeriods:
    def test_first_period_is_insufficient_history(self) -> None:
        """In the first period previous() has nothing: insufficient_history, not no_data."""
        r = load(FACTS, SHARE, PERIODS).evaluate(PERIOD_ROWS, all_periods=True)
        first = finding(r, "1", "chg", "2022")
        assert first.outcome is Outcome.INSUFFICIENT_HISTORY
        assert first.value is None
        assert first.level is None
        assert "предыдущего периода" in first.reason
        group = conclusion(r, "pooled_chg", "2022")
        assert group.outcome is Outcome.INSUFFICIENT_HISTORY

    def test_change_in_later_period(self) -> None:
        """30 − 20 = +10 (ok), 40 − 50 = −10 (warning); pooled 13/30 − 7/20 = 8,33 п.п."""
        r = load(FACTS, SHARE, PERIODS).evaluate(PERIOD_ROWS, all_periods=True)
        assert finding(r, "1", "chg").value == 10.0
        assert finding(r, "1", "chg").level == "ok"
        assert finding(r, "2", "chg").value == -10.0
        assert finding(r, "2", "chg").level == "warning"
        assert aggregate(r, "pooled", "2022").value == 35.0
        assert aggregate(r, "pooled").value == pytest.approx(1300 / 30)
        group = conclusion(r, "pooled_chg")
        assert group.outcome is Outcome.EVALUATED
        assert group.value == pytest.approx(1300 / 30 - 35)
        assert group.level == "ok"

    def test_school_missing_in_previous_period(self) -> None:
        """A school without a 2022 row is insufficient_history in 2023, the reason naming 2022."""
        r = load(FACTS, SHARE, PERIODS).evaluate(PERIOD_ROWS, all_periods=True)
        new = finding(r, "3", "chg")
        assert new.outcome is Outcome.INSUFFICIENT_HISTORY
        assert new.reason == "нет данных за предыдущий период (2022): sh"
        assert finding(r, "3", "sh").value == 60.0


# -- 5. Trends -------------------------------------------------------------------------------------

TRENDS = """facts:
  x: {title: X, type: number}
indicators:
  p:
    title: Доля
    formula: x
    unit: number
    precision: 1
    better: higher
    bands:
      - {level: ok}
aggregates:
  max_p: {title: Максимум, of: p, method: max}
  hi: {title: Стабильно высокие, of: t1, rule: high}
  hi_or_jump: {title: Высокие или рост, of: t1, rule: [high, jump]}
trends:
  t1:
    title: Динамика
    of: p
    periods: 3
    rules:
      - {id: high, title: стабильно высокая, stable_at_least: 50, level: good, points: 2}
      - id: low
        title: стабильно низкая
        stable_below: 30
        level: critical
        points: 0
        recommendations:
          - {to: school_head, text: "{school}: {rule} ({series}), {change}"}
      - {id: fall, title: снижение, falling: 2, level: warning, points: 0}
      - {id: jump, title: рост, change_at_least: 5.1, level: ok, points: 1}
      - {id: flat, title: без изменений, level: ok, points: 1}
  t2:
    title: Рост больше 5,1
    of: p
    rules:
      - {id: up, change_above: 5.1, level: ok}
      - {id: other, level: warning}
  mo_t:
    title: Динамика максимума
    of: max_p
    rules:
      - {id: up, rising: 1, level: ok}
      - {id: other, level: warning}
"""

SERIES: dict[str, tuple[str, tuple[float | None, ...]]] = {
    "A": ("Стабильная", (50, 50, 50)),
    "B": ("Низкая", (29.9, 20, 29.9)),
    "C": ("От тридцати", (30, 20, 10)),
    "D": ("Ровная", (40, 40, 40)),
    "E": ("Ступенька", (40, 40, 30)),
    "F": ("Высокая падающая", (60, 55, 50)),
    "G": ("Рост", (40, 60.0, 65.1)),
    "I": ("Без данных", (40, 40, None)),
    "J": ("Скачок", (60, 60, 65.2)),
}


def trend_rows() -> list[dict[str, Any]]:
    """Three periods of x for the schools of SERIES, and «H» without a 2022 row."""
    rows = [
        row(ident, name, period, x=value)
        for ident, (name, values) in SERIES.items()
        for period, value in zip(("2021", "2022", "2023"), values, strict=True)
    ]
    rows += [row("H", "Пропуск", "2021", x=40), row("H", "Пропуск", "2023", x=40)]
    return rows


@pytest.fixture(scope="module")
def trends() -> Report:
    """The trends ruleset over trend_rows()."""
    return pdrs_rules.loads(HEAD + TRENDS, file="x.yaml").evaluate(trend_rows(), all_periods=True)


def rule_of(report: Report, school: str, trend: str = "t1", period: str = "2023") -> str | None:
    """The id of the trend rule a school matched (None without a band)."""
    rules = {
        "t1": ["high", "low", "fall", "jump", "flat"],
        "t2": ["up", "other"],
        "mo_t": ["up", "other"],
    }[trend]
    found = (
        conclusion(report, trend, period)
        if trend == "mo_t"
        else finding(report, school, trend, period)
    )
    return None if found.band is None else rules[found.band.index]


class TestTrends:
    def test_stable_at_least_with_value_equal_to_threshold(self, trends: Report) -> None:
        """50, 50, 50 is stable at least 50."""
        found = finding(trends, "A", "t1")
        assert rule_of(trends, "A") == "high"
        assert (found.level, found.points, found.value) == ("good", 2, 50)

    def test_stable_below(self, trends: Report) -> None:
        """29,9, 20, 29,9 is stably below 30, and the rule's text shows series and change."""
        found = finding(trends, "B", "t1")
        assert rule_of(trends, "B") == "low"
        assert [r.text for r in found.recommendations] == [
            "Низкая: стабильно низкая (29,9 (2021) → 20,0 (2022) → 29,9 (2023)), +9,9"
        ]

    def test_value_equal_to_threshold_is_not_below(self, trends: Report) -> None:
        """30, 20, 10 is not stably below 30 (30 is not < 30), so it is falling."""
        assert rule_of(trends, "C") == "fall"

    def test_equal_values_are_not_falling(self, trends: Report) -> None:
        """40, 40, 30 did not fall at each of 2 changes: the fallback holds."""
        assert rule_of(trends, "E") == "flat"

    def test_fallback(self, trends: Report) -> None:
        """40, 40, 40 matches no condition: the last rule without one."""
        found = finding(trends, "D", "t1")
        assert rule_of(trends, "D") == "flat"
        assert found.points == 1

    def test_precedence_first_rule_wins(self, trends: Report) -> None:
        """60, 55, 50 is both stable ≥ 50 and falling: the first rule, high, wins."""
        assert rule_of(trends, "F") == "high"

    def test_change_with_float_noise(self, trends: Report) -> None:
        """65,1 − 60,0 is 5,1: at least 5,1 holds, above 5,1 does not; 65,2 − 60 is above."""
        assert rule_of(trends, "G") == "jump"
        assert rule_of(trends, "G", "t2") == "other"
        assert rule_of(trends, "J", "t2") == "up"

    def test_two_periods_judge_the_two_period_rules(self, trends: Report) -> None:
        """In 2022 the 3-period rules are skipped; 50 → 50 is not +5,1: the fallback, flat."""
        found = finding(trends, "A", "t1", "2022")
        assert rule_of(trends, "A", "t1", "2022") == "flat"
        assert found.explanation == "50,0 (2021) → 50,0 (2022): без изменений"

    def test_too_few_periods(self, trends: Report) -> None:
        """In 2021 no rule can judge one period: insufficient_history."""
        found = finding(trends, "A", "t1", "2021")
        assert found.outcome is Outcome.INSUFFICIENT_HISTORY
        assert found.reason == "нужно 2 периода подряд, есть 1; в данных только 1"

    def test_gap_names_missing_period(self, trends: Report) -> None:
        """A school with no 2022 row has one consecutive period: the reason names 2022."""
        found = finding(trends, "H", "t1")
        assert found.outcome is Outcome.INSUFFICIENT_HISTORY
        assert found.reason == "нужно 2 периода подряд, есть 1; нет данных за 2022"

    def test_current_value_missing(self, trends: Report) -> None:
        """A school with no value this period: the trend takes the value's outcome, no_data."""
        assert finding(trends, "I", "t1").outcome is Outcome.NO_DATA

    def test_aggregate_rule_condition(self, trends: Report) -> None:
        """`rule: high` counts A, F, J; `rule: [high, jump]` adds G; H and I are excluded."""
        hi = aggregate(trends, "hi")
        assert hi.value == 3.0
        assert sorted(s.school_id for s in hi.matched) == ["A", "F", "J"]
        assert sorted((s.school_id, s.outcome) for s in hi.excluded) == [
            ("H", Outcome.INSUFFICIENT_HISTORY),
            ("I", Outcome.NO_DATA),
        ]
        assert hi.counted == 8
        assert aggregate(trends, "hi_or_jump").value == 4.0

    def test_group_trend_over_aggregate(self, trends: Report) -> None:
        """Max of p: 60 (2021), 60 (2022), 65,2 (2023): insufficient, not rising, rising."""
        assert aggregate(trends, "max_p", "2021").value == 60.0
        assert aggregate(trends, "max_p", "2022").value == 60.0
        assert aggregate(trends, "max_p").value == 65.2
        first = conclusion(trends, "mo_t", "2021")
        assert first.outcome is Outcome.INSUFFICIENT_HISTORY
        assert rule_of(trends, "mo", "mo_t", "2022") == "other"
        assert rule_of(trends, "mo", "mo_t", "2023") == "up"
        assert conclusion(trends, "mo_t").school_name == "Район"


# -- 6. Scoring ------------------------------------------------------------------------------------

SCORING = """facts:
  v: {title: V, type: number}
  a: {title: A, type: integer, min: 0}
  b: {title: B, type: integer, min: 0}
indicators:
  i1:
    title: Первый
    formula: v
    unit: number
    better: higher
    bands:
      - {level: critical, below: 30, points: 0}
      - {level: warning, at_least: 30, below: 60, points: 2}
      - {level: ok, at_least: 60, points: 3}
  i2:
    title: Второй
    formula: share(a, b)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: 50, points: 0}
      - {level: ok, at_least: 50, points: 1}
  i3:
    title: Без баллов
    formula: v
    unit: number
    bands:
      - {level: ok}
scoring:
  no_data: NO_DATA
  levels:
    - {level: critical, below: 50}
    - {level: ok, below: 75}
    - {level: good, at_least: 75}
"""

SCORE_ROWS = [
    row("1", "Все баллы", v=70, a=1, b=1),
    row("2", "Ровно 75", v=70, a=0, b=1),
    row("3", "Ровно 50", v=40, a=0, b=1),
    row("4", "Не применимо", v=40, a=0, b=0),
    row("5", "Без данных", v=70, a=None, b=1),
]


def scores(no_data: str) -> dict[str, tuple[float, float, float | None, str | None]]:
    """School id -> (total, maximum, percent, level) with the given `no_data` policy."""
    r = pdrs_rules.loads(HEAD + SCORING.replace("NO_DATA", no_data), file="x.yaml").evaluate(
        SCORE_ROWS
    )
    return {
        s.entity_id: (s.total, s.maximum, s.percent, s.level)
        for s in r.scores
        if s.scope == "school"
    }


class TestScoring:
    def test_totals_maxima_and_levels_at_boundaries(self) -> None:
        """3 + 1 of 4 = 100%; 3 of 4 = 75% (good); 2 of 4 = 50% (ok); i3 gives no points."""
        got = scores("exclude")
        assert got["1"] == (4.0, 4.0, 100.0, "good")
        assert got["2"] == (3.0, 4.0, 75.0, "good")
        assert got["3"] == (2.0, 4.0, 50.0, "ok")

    def test_not_applicable_left_out_of_maximum(self) -> None:
        """i2 not applicable (b = 0): 2 of 3 = 66,7%, whatever `no_data` says."""
        for policy in ("exclude", "zero"):
            total, maximum, percent, level = scores(policy)["4"]
            assert (total, maximum, level) == (2.0, 3.0, "ok")
            assert percent == pytest.approx(200 / 3)

    def test_no_data_exclude(self) -> None:
        """no_data: exclude leaves i2 without data out: 3 of 3 = 100%."""
        assert scores("exclude")["5"] == (3.0, 3.0, 100.0, "good")

    def test_no_data_zero(self) -> None:
        """no_data: zero counts i2's maximum: 3 of 4 = 75%."""
        assert scores("zero")["5"] == (3.0, 4.0, 75.0, "good")

    def test_excluded_list(self) -> None:
        """The score lists the findings left out with their outcomes."""
        r = pdrs_rules.loads(HEAD + SCORING.replace("NO_DATA", "exclude"), file="x.yaml")
        report = r.evaluate(SCORE_ROWS)
        by_id = {s.entity_id: s for s in report.scores}
        assert by_id["4"].excluded == ("i2: not_applicable",)
        assert by_id["5"].excluded == ("i2: no_data",)
        assert by_id["1"].excluded == ()


# -- 7. Groups -------------------------------------------------------------------------------------

GROUPS = """  events: {title: Мероприятия, type: integer, min: 0, level: group}
indicators:
  sh:
    title: Доля
    formula: share(n, d)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: 30}
      - {level: ok, at_least: 30}
aggregates:
  pooled: {title: По МО, of: sh}
conclusions:
  pooled_c:
    title: Доля по МО
    formula: pooled
    unit: "%"
    bands:
      - {level: warning, below: 30}
      - level: ok
        at_least: 30
        recommendations:
          - {to: authority, text: "{group}: {pooled}"}
  events_c:
    title: Мероприятия
    formula: events
    unit: count
    bands:
      - {level: warning, below: 1}
      - level: ok
        at_least: 1
        recommendations:
          - {to: authority, text: "{group}: {value|plural:мероприятие,мероприятия,мероприятий}"}
"""


class TestGroups:
    def test_separate_aggregates_and_conclusions_per_group(self) -> None:
        """Group A pools 1/10 + 5/10 = 30%, group B 9/10 = 90%; each has its own conclusions."""
        text = (
            'format: pdrs-rules/1\nid: t\ntitle: Т\nversion: "1"\n'
            "group: {id_column: mo, name_column: mo_name}\n" + FACTS + GROUPS
        )
        ruleset = pdrs_rules.loads(text, file="x.yaml")
        rows = [
            {**row("1", "А1", n=1, d=10, x=0), "mo": "A", "mo_name": "Район А"},
            {**row("2", "А2", n=5, d=10, x=0), "mo": "A", "mo_name": "Район А"},
            {**row("3", "Б1", n=9, d=10, x=0), "mo": "B", "mo_name": "Район Б"},
        ]
        group_rows = [
            {"period": "2023", "mo": "A", "events": 2},
            {"period": "2023", "mo": "B", "events": 5},
        ]
        r = ruleset.evaluate(rows, group_facts=group_rows)
        a, b = aggregate(r, "pooled", group="A"), aggregate(r, "pooled", group="B")
        assert (a.value, a.counted, a.group_name) == (30.0, 2, "Район А")
        assert (b.value, b.counted, b.group_name) == (90.0, 1, "Район Б")
        assert [x.text for x in conclusion(r, "pooled_c", group="A").recommendations] == [
            "Район А: 30,0%"
        ]
        assert [x.text for x in conclusion(r, "pooled_c", group="B").recommendations] == [
            "Район Б: 90,0%"
        ]
        assert [x.text for x in conclusion(r, "events_c", group="A").recommendations] == [
            "Район А: 2 мероприятия"
        ]
        assert [x.text for x in conclusion(r, "events_c", group="B").recommendations] == [
            "Район Б: 5 мероприятий"
        ]
        assert conclusion(r, "events_c", group="B").value == 5

    def test_group_rows_without_schools_are_reported(self) -> None:
        """A group facts row for a group or period with no schools is a warning, not dropped."""
        rows = [row("1", "А1", n=1, d=10, x=0)]
        group_rows = [
            {"id": "mo", "period": "2023", "events": 2},
            {"id": "mo", "period": "2030", "events": 1},
            {"id": "other", "period": "2023", "events": 1},
        ]
        r = load(FACTS, GROUPS).evaluate(rows, group_facts=group_rows)
        assert conclusion(r, "events_c").value == 2
        tail = " has no schools in the facts; its group facts are not used"
        assert [(w.code, w.message) for w in r.warnings] == [
            ("unused-group-row", "group 'mo' in period '2030'" + tail),
            ("unused-group-row", "group 'other' in period '2023'" + tail),
        ]

    def test_group_fact_missing_is_no_data(self) -> None:
        """Without group facts, a conclusion over a group fact is no_data."""
        r = load(FACTS, GROUPS).evaluate([row("1", "А1", n=1, d=10, x=0)])
        assert conclusion(r, "events_c").outcome is Outcome.NO_DATA
        assert conclusion(r, "pooled_c").value == 10.0


# -- 8. Report -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Report:
    """The example ruleset (three periods, four schools) over its facts."""
    return pdrs_rules.load(EXAMPLE).evaluate(EXAMPLE_FACTS, all_periods=True)


class TestReport:
    def test_json_round_trip(self, example: Report) -> None:
        """A multi-level report with insufficient_history reads back equal from its JSON."""
        assert any(f.outcome is Outcome.INSUFFICIENT_HISTORY for f in example.findings)
        assert any(f.outcome is Outcome.INSUFFICIENT_HISTORY for f in example.conclusions)
        assert example.aggregates
        assert example.scores
        back = Report.from_json(example.to_json())
        assert back == example
        assert back.aggregates == example.aggregates
        assert back.conclusions == example.conclusions
        assert back.scores == example.scores

    def test_example_values(self, example: Report) -> None:
        """Pooled diag share: 39/100 = 39% (2021), 44/100 (2022), 44/90 = 48,9% (2023)."""
        assert aggregate(example, "diag_mo", "2021", "mo1").value == 39.0
        assert aggregate(example, "diag_mo", "2022", "mo1").value == 44.0
        latest = aggregate(example, "diag_mo", "2023", "mo1")
        assert latest.value == pytest.approx(4400 / 90)
        assert latest.display == "48,9%"
        assert latest.counted == 2

    def test_ordering(self, example: Report) -> None:
        """Aggregates and conclusions by period then declared order; scores group first."""
        declared = ["diag_mo", "diag_mean", "low_diag", "no_iom", "best", "stable"]
        assert [(a.period, a.aggregate) for a in example.aggregates] == [
            (p, a) for p in ("2021", "2022", "2023") for a in declared
        ]
        assert [(c.period, c.indicator) for c in example.conclusions] == [
            (p, c)
            for p in ("2021", "2022", "2023")
            for c in ("low_diag_c", "diag_mo_c", "mo_trend")
        ]
        assert [(s.period, s.scope, s.entity_id) for s in example.scores] == [
            ("2021", "group", "mo1"),
            ("2021", "school", "1"),
            ("2021", "school", "2"),
            ("2021", "school", "3"),
            ("2022", "group", "mo1"),
            ("2022", "school", "1"),
            ("2022", "school", "2"),
            ("2022", "school", "3"),
            ("2023", "group", "mo1"),
            ("2023", "school", "1"),
            ("2023", "school", "2"),
            ("2023", "school", "3"),
            ("2023", "school", "4"),
        ]


# -- 9. Load-time errors ---------------------------------------------------------------------------

ERROR_BASE = (
    FACTS
    + SHARE
    + """  diff:
    title: Разность
    formula: n - d
    unit: number
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
  cmp:
    title: Сравнение
    formula: sh - pooled
    unit: number
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
trends:
  tr:
    title: Динамика
    of: sh
    periods: PERIODS
    rules:
      - {id: up, change_above: 0, level: ok}
      - {id: other, level: warning}
"""
)


def problems(extra: str, periods: int = 2) -> tuple[str, list[tuple[str, int, int, str]]]:
    """The ruleset text and its errors as (code, line, column, message)."""
    text = HEAD + ERROR_BASE.replace("PERIODS", str(periods)) + extra
    with pytest.raises(pdrs_rules.RulesetInvalid) as info:
        pdrs_rules.loads(text, file="x.yaml")
    out = []
    for d in info.value.diagnostics:
        assert d.location is not None
        assert d.location.file == "x.yaml"
        out.append((d.code, d.location.line, d.location.column, d.message))
    return text, out


def at(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column where ``needle`` first occurs in ``text``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


POOLED_AGG = "aggregates:\n  pooled: {title: По МО, of: sh}\n"


class TestLoadErrors:
    def test_valid_base(self) -> None:
        """The base of these tests loads when nothing is added but the pooled aggregate."""
        pdrs_rules.loads(HEAD + ERROR_BASE.replace("PERIODS", "2") + POOLED_AGG, file="x.yaml")

    def test_unknown_of_with_did_you_mean(self) -> None:
        """`of: shh` is unknown-name at the value, suggesting 'sh'."""
        text, got = problems(POOLED_AGG + "  a: {title: A, of: shh}\n")
        assert len(got) == 1
        code, line, col, message = got[0]
        assert (code, (line, col)) == ("unknown-name", at(text, "shh}"))
        assert "did you mean 'sh'" in message

    def test_pooled_over_non_share(self) -> None:
        """`method: pooled` over `n - d` is bad-method at the method."""
        text, got = problems(POOLED_AGG + "  a: {title: A, of: diff, method: pooled}\n")
        assert [(c, (ln, col)) for c, ln, col, _ in got] == [("bad-method", at(text, "pooled}"))]

    def test_count_without_condition(self) -> None:
        """`method: count` without where/level/rule is bad-condition at the aggregate."""
        text, got = problems(POOLED_AGG + "  a: {title: A, of: sh, method: count}\n")
        assert [(c, (ln, col)) for c, ln, col, _ in got] == [
            ("bad-condition", at(text, "{title: A, of: sh, method: count}"))
        ]

    def test_level_without_of(self) -> None:
        """`level:` needs `of` (whose level?): bad-condition at `level`, not a crash later."""
        text, got = problems(POOLED_AGG + "  a: {title: Без of, level: warning}\n")
        line, column = at(text, "Без of, level: warning}")
        assert [(c, (ln, col)) for c, ln, col, _ in got] == [
            ("bad-condition", (line, column + len("Без of, level: ")))
        ]

    def test_top_without_limit(self) -> None:
        """`method: top` without `limit` is bad-method at the aggregate."""
        text, got = problems(POOLED_AGG + "  a: {title: A, of: sh, method: top}\n")
        assert [(c, (ln, col)) for c, ln, col, _ in got] == [
            ("bad-method", at(text, "{title: A, of: sh, method: top}"))
        ]

    def test_aggregate_reading_a_second_stage_one_is_a_cycle(self) -> None:
        """`a` (of `cmp`, sh − pooled) is second-stage; `b` reading it in `where` is a cycle."""
        text, got = problems(
            POOLED_AGG
            + "  a: {title: A, of: cmp, method: mean}\n"
            + "  b: {title: B, of: sh, where: sh < a}\n"
        )
        assert [(c, (ln, col)) for c, ln, col, _ in got] == [
            ("aggregate-cycle", at(text, "sh < a}"))
        ]
        assert "'a' is computed in the second stage (it reads 'cmp'" in got[0][3]

    def test_indicator_reading_a_second_stage_aggregate_is_a_cycle(self) -> None:
        """A school indicator cannot read an aggregate computed after the school indicators."""
        late = "  late: {title: L, formula: sh - a, unit: number, bands: [{level: ok}]}\n"
        text = (
            HEAD
            + FACTS
            + SHARE
            + late
            + POOLED_AGG
            + "  a: {title: A, of: sh, where: sh < pooled}\n"
        )
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text, file="x.yaml")
        assert [d.message for d in caught.value.diagnostics] == [
            (
                "indicator 'late' reads 'a', which is computed after the school indicators "
                "(its condition reads 'pooled'); school indicators read only first-stage aggregates"
            )
        ]

    def test_unknown_rule_in_rule_condition(self) -> None:
        """`rule: upp` of trend tr is unknown-name with its rules listed, suggesting 'up'."""
        text, got = problems(POOLED_AGG + "  a: {title: A, of: tr, rule: upp}\n")
        assert len(got) == 1
        code, line, col, message = got[0]
        assert (code, (line, col)) == ("unknown-name", at(text, "upp}"))
        assert "did you mean 'up'" in message

    def test_fallback_rule_not_last(self) -> None:
        """A rule without a condition before another rule is unreachable-rule."""
        base = HEAD + FACTS + SHARE + POOLED_AGG
        text = (
            base
            + "trends:\n  t2:\n    title: T2\n    of: sh\n    rules:\n"
            + "      - {id: any, level: ok}\n      - {id: up, change_above: 0, level: ok}\n"
        )
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.loads(text, file="x.yaml")
        got2 = [(d.code, d.location.line, d.location.column) for d in info.value.diagnostics]
        assert got2 == [("unreachable-rule", *at(text, "{id: any"))]

    def test_rule_window_longer_than_periods(self) -> None:
        """`falling: 3` needs 4 periods; a trend keeping 3 is a window error at the rule."""
        text = (
            HEAD
            + FACTS
            + SHARE
            + "trends:\n  t2:\n    title: T2\n    of: sh\n    periods: 3\n    rules:\n"
            + "      - {id: down, falling: 3, level: warning}\n      - {id: other, level: ok}\n"
        )
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.loads(text, file="x.yaml")
        got = [(d.code, d.location.line, d.location.column) for d in info.value.diagnostics]
        assert got == [("window", *at(text, "{id: down"))]

    def test_previous_of_unknown_name(self) -> None:
        """`previous(shh)` is unknown-name in the formula, suggesting 'sh'."""
        text = (
            HEAD
            + FACTS
            + SHARE
            + "  chg:\n    title: C\n    formula: sh - previous(shh)\n    unit: number\n"
            + "    bands:\n      - {level: ok}\n"
        )
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.loads(text, file="x.yaml")
        got = [(d.code, d.location.line, d.message) for d in info.value.diagnostics]
        assert len(got) == 1
        assert got[0][:2] == ("unknown-name", at(text, "sh - previous(shh)")[0])
        assert "shh" in got[0][2]

    def test_check_reports_the_same(self, tmp_path: Path) -> None:
        """pdrs_rules.check on a file gives the unknown `of` with its position."""
        text = HEAD + ERROR_BASE.replace("PERIODS", "2") + POOLED_AGG + "  a: {title: A, of: shh}\n"
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        found = [(d.code, d.location.line, d.location.column) for d in pdrs_rules.check(path)]
        assert ("unknown-name", *at(text, "shh}")) in found


# -- 10. CLI ---------------------------------------------------------------------------------------


class TestCli:
    def test_evaluate_json_includes_aggregates_and_conclusions(self) -> None:
        """`evaluate --format json --all-periods` writes the aggregates, conclusions and scores."""
        out, err = io.StringIO(), io.StringIO()
        argv = ["evaluate", str(EXAMPLE), str(EXAMPLE_FACTS), "--format", "json", "--all-periods"]
        code = cli_run(argv, out, err)
        data = json.loads(out.getvalue())
        assert code in (0, 1), err.getvalue()
        pooled = [a for a in data["aggregates"] if a["aggregate"] == "diag_mo"]
        assert [(a["period"], a["value"]) for a in pooled][:2] == [("2021", 39.0), ("2022", 44.0)]
        low = [c for c in data["conclusions"] if c["indicator"] == "low_diag_c"]
        assert [(c["period"], c["value"]) for c in low] == [
            ("2021", 2.0),
            ("2022", 2.0),
            ("2023", 1.0),
        ]
        assert any(s["scope"] == "group" for s in data["scores"])
        every = pdrs_rules.load(EXAMPLE).evaluate(EXAMPLE_FACTS, all_periods=True)
        assert Report.from_json(out.getvalue()) == every
