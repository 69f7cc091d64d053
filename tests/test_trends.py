"""Trends whose rules need different lengths of history, and rules that combine conditions."""

from __future__ import annotations

from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Outcome, Report

HEAD = """format: pdrs-rules/1
id: t
title: Т
version: "1"
facts:
  x: {title: X, type: number}
indicators:
  p:
    title: Доля
    formula: x
    unit: number
    precision: 1
    bands:
      - {level: ok}
"""
TRENDS = """trends:
  t:
    title: Динамика
    of: p
    rules:
      - {id: falling2, title: снижение два года подряд, falling: 2, level: critical, points: 0}
      - id: same
        title: без изменений
        change_at_least: -1
        change_at_most: 1
        level: ok
        points: 1
        recommendations:
          - {to: school_head, text: "{rule}: {series}"}
      - {id: rose, title: рост, change_above: 0, level: good, points: 2}
      - {id: fell, title: снижение, change_below: 0, level: warning, points: 0}
"""


def run(values: dict[str, list[float | None]], text: str = TRENDS) -> Report:
    """One school per key, with its values in 2021, 2022, … (None: an empty cell)."""
    rows: list[dict[str, Any]] = [
        {"period": str(2021 + i), "id": school, "name": school, "x": value}
        for school, series in values.items()
        for i, value in enumerate(series)
    ]
    return pdrs_rules.loads(HEAD + text).evaluate(rows)


def rule(report: Report, school: str, trend: str = "t") -> str | None:
    """The id of the rule a school's trend matched (its `band.index`)."""
    found = next(f for f in report.findings if f.school_id == school and f.indicator == trend)
    spec = next(t for t in pdrs_rules.loads(HEAD + TRENDS).compiled.trends if t.id == trend)
    return None if found.band is None else spec.rules[found.band.index].id


class TestPartialHistory:
    def test_two_periods_judge_the_rules_that_need_two(self) -> None:
        """With 2021 and 2022 only, «falling: 2» (3 periods) is skipped; the others judge."""
        report = run({"up": [40, 45], "flat": [40, 40.5], "down": [40, 35]})
        # 45 − 40 = +5: not within ±1, above 0: rose; 40,5 − 40 = +0,5: within ±1.
        assert (rule(report, "up"), rule(report, "flat"), rule(report, "down")) == (
            "rose",
            "same",
            "fell",
        )

    def test_three_periods_let_the_longer_rule_decide(self) -> None:
        """50 → 45 → 40 fell twice: the first rule, which needs three periods, now decides."""
        assert rule(run({"a": [50, 45, 40]}), "a") == "falling2"

    def test_one_period_is_insufficient_history(self) -> None:
        """No rule can judge one period: insufficient_history, saying what is needed."""
        found = run({"a": [40]}).findings[-1]
        assert found.outcome is Outcome.INSUFFICIENT_HISTORY
        assert found.reason == "нужно 2 периода подряд, есть 1; в данных только 1"

    def test_combined_conditions_must_all_hold(self) -> None:
        """A change of +1,5 breaks `change_at_most: 1`: «same» fails, «rose» holds."""
        assert rule(run({"a": [40, 41.5]}), "a") == "rose"
        # −1 is within [−1; 1]: both conditions hold, and the text shows the rule and series.
        found = run({"b": [40, 39]}).findings[-1]
        assert rule(run({"b": [40, 39]}), "b") == "same"
        assert [r.text for r in found.recommendations] == [
            "без изменений: 40,0 (2021) → 39,0 (2022)"
        ]

    def test_consecutive_periods_end_at_the_current_one(self) -> None:
        """An empty 2022 breaks the history: 2023 has one consecutive period, not two."""
        found = run({"a": [40, None, 45]}).findings[-1]
        assert found.outcome is Outcome.INSUFFICIENT_HISTORY
        assert found.reason == "нужно 2 периода подряд, есть 1; нет данных за 2022"
        # With 2022 back, 45 − 44 = +1 is within ±1.
        assert rule(run({"a": [40, 44, 45]}), "a") == "same"

    def test_a_rule_may_ask_for_more_periods(self) -> None:
        """`periods: 3` on a change rule: with two periods it is skipped."""
        text = TRENDS.replace(
            "change_above: 0, level: good", "change_above: 0, periods: 3, level: good"
        )
        # +5 in two periods: «rose» is skipped, «fell» does not hold: no rule, no level.
        found = run({"a": [40, 45]}, text).findings[-1]
        assert (found.outcome, found.band, found.level) == (Outcome.EVALUATED, None, None)
        assert found.explanation == "40,0 (2021) → 45,0 (2022): ни одно правило не выполнено"

    def test_the_fallback_needs_what_the_shortest_rule_needs(self) -> None:
        """Only 3-period rules and a fallback: two periods are not enough for «steady»."""
        text = """trends:
  t:
    title: Динамика
    of: p
    rules:
      - {id: high, stable_at_least: 50, periods: 3, level: good}
      - {id: steady, level: ok}
"""
        found = run({"a": [40, 45]}, text).findings[-1]
        assert found.outcome is Outcome.INSUFFICIENT_HISTORY
        assert found.reason == "нужно 3 периода подряд, есть 2; в данных только 2"
        assert run({"a": [40, 45, 41]}, text).findings[-1].level == "ok"

    def test_stable_rule_uses_its_own_periods(self) -> None:
        """`stable_at_least: 50, periods: 2` in a 3-period trend looks at the last two values."""
        text = """trends:
  t:
    title: Динамика
    of: p
    periods: 3
    rules:
      - {id: high2, stable_at_least: 50, periods: 2, level: good}
      - {id: other, level: ok}
"""
        # 10, 50, 60: the last two are ≥ 50 (50 equals the bound).
        found = run({"a": [10, 50, 60]}, text).findings[-1]
        assert (found.level, found.band is not None and found.band.index) == ("good", 0)


class TestAggregatesOverRules:
    TEXT = (
        TRENDS
        + """aggregates:
  fell_twice: {title: Снижение два года, of: t, rule: falling2}
  same: {title: Без изменений, of: t, rule: same}
"""
    )

    def test_a_school_too_short_for_the_rule_is_excluded(self) -> None:
        """With two periods no school can have fallen twice: no value, not «0 schools»."""
        report = run({"a": [40, 35], "b": [40, 40]}, self.TEXT)
        by_id = {a.aggregate: a for a in report.aggregates}
        assert (by_id["fell_twice"].value, by_id["fell_twice"].counted) == (None, 0)
        assert [s.outcome for s in by_id["fell_twice"].excluded] == [
            Outcome.INSUFFICIENT_HISTORY,
            Outcome.INSUFFICIENT_HISTORY,
        ]
        # «same» needs two periods: both schools count, b (40 → 40) matches.
        assert (by_id["same"].value, by_id["same"].counted) == (1.0, 2)


class TestChecks:
    @pytest.mark.parametrize(
        ("rule_text", "code", "message"),
        [
            (
                "{id: d, falling: 2, periods: 2, level: ok}",
                "window",
                (
                    "rule 'd' looks at 3 periods but needs only 2 (`periods`); "
                    "a rule needs at least the periods its conditions look at"
                ),
            ),
            (
                "{id: d, change_above: 0, periods: 0, level: ok}",
                "bad-value",
                "$.trends.t.rules[0].periods is 0; expected at least 1",
            ),
        ],
    )
    def test_rule_periods_are_checked(self, rule_text: str, code: str, message: str) -> None:
        """A rule's `periods` below its conditions' window, or below 1, is refused in place."""
        text = HEAD + f"trends:\n  t:\n    title: T\n    of: p\n    rules:\n      - {rule_text}\n"
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text, file="r.yaml")
        (problem,) = caught.value.diagnostics
        assert (problem.code, problem.message, problem.location.line) == (code, message, 20)

    def test_two_conditions_compile_into_one_rule(self) -> None:
        """«same» keeps both conditions; the first is also its `condition` (the old field)."""
        spec = pdrs_rules.loads(HEAD + TRENDS).compiled.trends[0]
        same = spec.rules[1]
        assert [(c.key, c.bound) for c in same.conditions] == [
            ("change_at_least", -1.0),
            ("change_at_most", 1.0),
        ]
        assert (same.condition, same.bound) == ("change_at_least", -1.0)
        assert [spec.needs(r) for r in spec.rules] == [3, 2, 2, 2]

    def test_passport_names_every_condition(self) -> None:
        """The passport joins a rule's conditions with «и»."""
        text = pdrs_rules.passport(pdrs_rules.loads(HEAD + TRENDS, file="t.yaml"))
        # Printed text: no-break spaces keep a number with the word after it.
        words = text.replace("\xa0", " ")
        assert "изменение за последний период ≥ −1 и изменение за последний период ≤ 1" in words
