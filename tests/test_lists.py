"""Lists of schools that show what the sentence is about: `show` and `order` of an aggregate."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import Report

RULESET = """format: pdrs-rules/1
id: l
title: L
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: 100}
      - {level: ok, at_least: 100}
aggregates:
  low: {title: Ниже нормы, of: pk, level: warning}
  low_gap: {title: Ниже нормы, of: pk, level: warning, show: gap, order: facts}
  low_teachers: {title: Ниже нормы, of: pk, level: warning, show: teachers, order: name}
  low_none: {title: Ниже нормы, of: pk, level: warning, show: none, order: id}
  low_short: {title: Ниже нормы, of: pk, level: warning, show: shortfall}
conclusions:
  c:
    title: C
    formula: low
    unit: count
    bands:
      - level: ok
        recommendations:
          - to: authority
            text: >-
              {low.schools} | {low_gap.schools} | {low_teachers.schools} |
              {low_none.schools} | {low_short.schools}
          - to: authority
            text: "ПК прошли не все педагоги в {low_gap.count} ОО: {low_gap.schools}."
"""
ROWS: list[dict[str, Any]] = [
    {"id": "3", "name": "СОШ №3", "teachers": 10, "trained": 6},
    {"id": "8", "name": "ООШ №8", "teachers": 5, "trained": 4},
    {"id": "1", "name": "Гимназия", "teachers": 20, "trained": 20},
    {"id": "2", "name": "СОШ №2", "teachers": 12, "trained": 3},
]


def report() -> Report:
    """The ruleset over the four schools."""
    return pdrs_rules.loads(RULESET).evaluate(ROWS)


class TestShowAndOrder:
    def test_every_choice(self) -> None:
        """Values worst first; gaps in the facts' order; teachers by name; names by id; d − n."""
        # Shares: №3 6/10 = 60%, №8 4/5 = 80%, №2 3/12 = 25%; gaps to 100%: 4, 1, 9.
        first = report().conclusions[0].recommendations[0].text
        assert first.split(" | ") == [
            "СОШ №2 (25,0%), СОШ №3 (60,0%), ООШ №8 (80,0%)",
            "СОШ №3 (4), ООШ №8 (1), СОШ №2 (9)",
            "ООШ №8 (5), СОШ №2 (12), СОШ №3 (10)",
            "СОШ №2, СОШ №3, ООШ №8",
            "СОШ №2 (9), СОШ №3 (4), ООШ №8 (1)",
        ]

    def test_the_documents_sentence(self) -> None:
        """The document's sentence: «… в 3 ОО: СОШ №3 (4), ООШ №8 (1), СОШ №2 (9).»."""
        second = report().conclusions[0].recommendations[1].text
        assert second == "ПК прошли не все педагоги в 3 ОО: СОШ №3 (4), ООШ №8 (1), СОШ №2 (9)."

    def test_json_keeps_the_value_and_adds_the_note(self) -> None:
        """`matched` keeps the value of `of` and gains `note`; an aggregate without `show` not."""
        data = json.loads(report().to_json())
        by_id = {a["aggregate"]: a for a in data["aggregates"]}
        first = by_id["low_gap"]["matched"][0]
        assert (first["school_id"], first["display"], first["note"]) == ("3", "60,0%", "4")
        assert "note" not in by_id["low"]["matched"][0]
        assert Report.from_json(report().to_json()) == report()


class TestChecks:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (
                "show: teachrs",
                (
                    "show: 'teachrs' is not an indicator, a fact, 'none' or a gap of `of`; "
                    "did you mean 'teachers'?"
                ),
            ),
            (
                "show: gap.norm",
                (
                    "show: 'gap.norm' is a gap of `of`, which must be a share(n, d) indicator with "
                    "better: higher or lower, with this target"
                ),
            ),
        ],
    )
    def test_show_is_checked(self, change: str, message: str) -> None:
        """An unknown `show`, or a gap `of` cannot have, is refused at `show`."""
        text = RULESET.replace("show: teachers", change)
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text, file="l.yaml")
        (problem,) = caught.value.diagnostics
        assert (problem.code, problem.message) == ("unknown-name", message)
        assert problem.location.path == "$.aggregates.low_teachers.show"

    def test_order_is_one_of_four(self) -> None:
        """`order` takes worst, facts, name or id."""
        text = RULESET.replace("order: name", "order: alphabet")
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text, file="l.yaml")
        (problem,) = caught.value.diagnostics
        assert problem.code == "bad-value"
        assert problem.message.startswith("$.aggregates.low_teachers.order is 'alphabet'")
