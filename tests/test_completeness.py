"""Data completeness as a conclusion: the schools with missing facts, which facts, how many."""

from __future__ import annotations

from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Report
from pdrs_rules._cases._coverage import coverage_items

RULESET = """format: pdrs-rules/1
id: m
title: M
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0, column: Всего педагогов}
  dismissed: {title: Уволено, type: integer, min: 0, column: Уволено}
  mentors: {title: Наставники, type: integer, min: 0, column: Наставничество}
indicators:
  ment:
    title: Доля наставников
    formula: share(mentors, teachers)
    unit: "%"
    bands:
      - {level: ok, at_least: 0}
aggregates:
  incomplete: {title: Не представили данные, missing: any}
  no_mentors: {title: Нет данных о наставниках, missing: mentors, order: id}
  ment_mo: {title: По МО, of: ment}
conclusions:
  completeness:
    title: Полнота данных
    formula: incomplete
    unit: count
    better: lower
    bands:
      - {level: ok, at_most: 0}
      - level: warning
        above: 0
        recommendations:
          - to: authority
            text: >-
              Данные представили не полностью {incomplete.count} ОО из {incomplete.total}
              ({incomplete.share}): {incomplete.schools}. Пропуски: {incomplete.facts}.
              Доля наставников не рассчитана: {ment_mo.excluded_schools}.
"""
ROWS: list[dict[str, Any]] = [
    {"id": "1", "name": "СОШ №1", "Всего педагогов": 20, "Уволено": 1, "Наставничество": 5},
    {"id": "2", "name": "СОШ №2", "Всего педагогов": 20, "Уволено": None, "Наставничество": None},
    {"id": "3", "name": "ООШ №8", "Всего педагогов": None, "Уволено": 0, "Наставничество": 3},
    {"id": "4", "name": "СОШ №4", "Всего педагогов": 0, "Уволено": 0, "Наставничество": 0},
]


def report() -> Report:
    """The ruleset over the four schools."""
    return pdrs_rules.loads(RULESET).evaluate(ROWS)


class TestMissing:
    def test_one_sentence_names_schools_facts_and_counts(self) -> None:
        """2 of 4 schools left cells empty; each empty column once; excluded schools named."""
        (text,) = [r.text for r in report().conclusions[0].recommendations]
        assert text == (
            "Данные представили не полностью 2 ОО из 4 (50,0%): "
            "ООШ №8 (Всего педагогов), СОШ №2 (Уволено, Наставничество). "
            "Пропуски: Всего педагогов (1), Уволено (1), Наставничество (1). "
            "Доля наставников не рассчитана: ООШ №8 (без данных), СОШ №2 (без данных), "
            "СОШ №4 (показатель не применим)."
        )

    def test_the_record_lists_the_columns_as_notes(self) -> None:
        """`missing: mentors` counts school 2 only, over all four, its column in the note."""
        record = next(a for a in report().aggregates if a.aggregate == "no_mentors")
        assert (record.value, record.counted) == (1.0, 4)
        assert [(s.school_id, s.note) for s in record.matched] == [("2", "Наставничество")]


class TestCoverage:
    def test_a_completeness_count_is_never_without_data(self) -> None:
        """Over `missing` only, a conclusion always has a value: no unreachable no_data item."""
        items = coverage_items(pdrs_rules.loads(RULESET))
        keys = [(i.kind, i.key) for i in items if i.indicator == "completeness"]
        assert keys == [("band", "band 0"), ("band", "band 1"), ("text", "band 1 text 0")]


class TestChecks:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ("missing: mentor}", "missing: 'mentor' is not a school fact; did you mean 'mentors'?"),
            (
                "missing: mentors, method: mean}",
                (
                    "`missing` counts the schools that left facts empty: it takes no `of`, and its "
                    "method is count or share"
                ),
            ),
        ],
    )
    def test_missing_is_checked(self, change: str, message: str) -> None:
        """An unknown fact, or a method that does not count, is refused at `missing`."""
        text = RULESET.replace("missing: mentors, order: id}", change)
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        assert [d.message for d in caught.value.diagnostics] == [message]
