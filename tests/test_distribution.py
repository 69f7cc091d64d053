"""Aggregates over results: the overall levels of the scores, band titles, trend rules."""

from __future__ import annotations

from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Outcome, Report

RULESET = """format: pdrs-rules/1
id: d
title: D
version: "1"
levels:
  - {id: low, title: низкий}
  - {id: mid, title: средний}
  - {id: high, title: высокий}
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
  mentors: {title: Наставники, type: integer, min: 0}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    bands:
      - {level: low, title: низкая доля, below: 50, points: 0}
      - {level: mid, title: средняя доля, at_least: 50, below: 80, points: 1}
      - {level: high, title: высокая доля, at_least: 80, points: 2}
  ment:
    title: Доля наставников
    formula: share(mentors, teachers)
    unit: "%"
    better: higher
    bands:
      - {level: low, below: 50, points: 0}
      - {level: high, at_least: 50, points: 1}
aggregates:
  at_low: {title: На низком уровне, of: scoring, level: low}
  at_mid: {title: На среднем уровне, of: scoring, level: mid}
  at_high: {title: На высоком уровне, of: scoring, level: high, show: none}
  score_mean: {title: Средний процент баллов, of: scoring, method: mean}
  pk_low: {title: Низкая доля ПК, of: pk, band: низкая доля}
  pk_not_low: {title: Не низкая доля ПК, of: pk, method: share, band: [средняя доля, высокая доля]}
conclusions:
  levels_c:
    title: Распределение по уровням
    formula: at_low
    unit: count
    bands:
      - level: mid
        recommendations:
          - to: authority
            text: >-
              {at_low.count} ОО ({at_low.share}) на низком уровне: {at_low.schools};
              {at_mid.count} ОО ({at_mid.share}) на среднем: {at_mid.names};
              {at_high.count} ОО ({at_high.share}) на высоком: {at_high.schools}.
              Низкая доля ПК: {pk_low.schools}.
scoring:
  levels:
    - {level: low, below: 50}
    - {level: mid, at_least: 50, below: 75}
    - {level: high, at_least: 75}
"""
ROWS: list[dict[str, Any]] = [
    {"id": "1", "name": "С1", "teachers": 20, "trained": 18, "mentors": 12},
    {"id": "2", "name": "С2", "teachers": 10, "trained": 6, "mentors": 3},
    {"id": "3", "name": "С3", "teachers": 10, "trained": 2, "mentors": 6},
    {"id": "4", "name": "С4", "teachers": 10, "trained": 9, "mentors": 2},
]


def report() -> Report:
    """The ruleset over the four schools."""
    return pdrs_rules.loads(RULESET).evaluate(ROWS)


def aggregates(result: Report) -> dict[str, Any]:
    """The aggregates by id."""
    return {a.aggregate: a for a in result.aggregates}


class TestScoringLevels:
    def test_count_share_and_list_each_level(self) -> None:
        """Points: С1 2+1 of 3 (100%), С2 1+0 (33,3%), С3 0+1 (33,3%), С4 2+0 (66,7%)."""
        (text,) = [r.text for r in report().conclusions[0].recommendations]
        # Low (below 50%): С2, С3 = 2 of 4, 50,0%; mid: С4 = 25,0%; high: С1 = 25,0%.
        assert text == (
            "2 ОО (50,0%) на низком уровне: С2 (33,3%), С3 (33,3%); "
            "1 ОО (25,0%) на среднем: С4; 1 ОО (25,0%) на высоком: С1. "
            "Низкая доля ПК: С3 (20,0%)."
        )

    def test_a_mean_of_the_scores(self) -> None:
        """The mean of 100, 33,3, 33,3 and 66,7 is 58,3%."""
        found = aggregates(report())["score_mean"]
        assert found.value == pytest.approx((100 + 100 / 3 + 100 / 3 + 200 / 3) / 4)
        assert found.display == "58,3%"

    def test_a_school_with_nothing_scored_is_excluded(self) -> None:
        """No teachers: both shares not applicable, no maximum, no level: left out."""
        rows = [*ROWS, {"id": "5", "name": "С5", "teachers": 0, "trained": 0, "mentors": 0}]
        found = aggregates(pdrs_rules.loads(RULESET).evaluate(rows))["at_low"]
        assert (found.counted, [(s.school_id, s.outcome) for s in found.excluded]) == (
            4,
            [("5", Outcome.NOT_APPLICABLE)],
        )


class TestBandTitles:
    def test_share_by_band_title(self) -> None:
        """Middle or high share of ПК: С1 90%, С2 60%, С4 90% — 3 of 4, 75%."""
        found = aggregates(report())["pk_not_low"]
        assert (found.value, found.display) == (75.0, "75,0%")


class TestChecks:
    def problems(self, text: str) -> list[tuple[str, str]]:
        """The errors of a ruleset as (code, message)."""
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        return [(d.code, d.message) for d in caught.value.diagnostics]

    def test_an_unknown_band_title(self) -> None:
        """A title none of the bands has is refused, with the titles there are."""
        text = RULESET.replace("band: низкая доля}", "band: низкая}")
        message = (
            "indicator 'pk' has no band titled 'низкая'; its band titles: низкая доля, "
            "средняя доля, высокая доля; did you mean 'низкая доля'?"
        )
        assert self.problems(text) == [("unknown-name", message)]

    def test_scoring_needs_scoring(self) -> None:
        """`of: scoring` in a ruleset without `scoring` is refused."""
        text = RULESET[: RULESET.index("scoring:\n  levels:")]
        message = "'scoring' is the overall score, but the ruleset has no `scoring`"
        assert ("unknown-name", message) in self.problems(text)
