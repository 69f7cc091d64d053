"""Head-count gaps to any target ({gap.next}, {gap.best}, {gap.name}) and the plain shortfall."""

from __future__ import annotations

import pytest

import pdrs_rules

HIGHER = """format: pdrs-rules/1
id: g
title: G
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
parameters:
  norm: {title: Норматив, default: 100, unit: "%"}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    targets: {full: 100, regional: norm}
    bands:
      - level: critical
        below: 60
        points: 0
        recommendations:
          - to: school_head
            text: >-
              {gap}/{gap.next}/{gap.best}/{gap.full}/{gap.norm}/{gap.regional};
              не прошли ПК {shortfall|plural:педагог,педагога,педагогов}
      - level: ok
        at_least: 60
        below: 80
        points: 1
        recommendations:
          - {to: school_head, text: "{gap}/{gap.next}/{gap.best}/{gap.full}"}
      - level: ok
        at_least: 80
        points: 2
        recommendations:
          - {to: school_head, text: "{gap.next}/{gap.best}/{gap.full}/{shortfall}"}
"""
LOWER = """format: pdrs-rules/1
id: v
title: V
version: "1"
facts:
  positions: {title: Должности, type: integer, min: 0}
  vacant: {title: Вакансии, type: integer, min: 0}
indicators:
  vacancy:
    title: Доля вакансий
    formula: share(vacant, positions)
    unit: "%"
    better: lower
    targets: {none: 0}
    bands:
      - {level: ok, at_most: 5}
      - {level: warning, above: 5, at_most: 10}
      - level: critical
        above: 10
        recommendations:
          - {to: school_head, text: "{gap.next}/{gap.best}/{gap.none}"}
"""


def texts(ruleset: str, *rows: dict[str, object]) -> list[str]:
    """The first recommendation of every finding, school by school."""
    report = pdrs_rules.loads(ruleset).evaluate(list(rows))
    return [f.recommendations[0].text for f in report.findings if f.recommendations]


class TestHigherIsBetter:
    def test_every_target_from_the_lowest_band(self) -> None:
        """8 of 31 (25,8%): to 60% ⌈18,6⌉ − 8 = 11, to 80% ⌈24,8⌉ − 8 = 17, to 100% 31 − 8 = 23."""
        row = {"id": "1", "name": "А", "teachers": 31, "trained": 8}
        # {gap} and {gap.next} both reach band 1 (60%); the best band starts at 80%;
        # full, the parameter norm and the target regional (= norm) are all 100%.
        assert texts(HIGHER, row) == ["11/11/17/23/23/23; не прошли ПК 23 педагога"]

    def test_next_counts_a_band_with_more_points(self) -> None:
        """20 of 31 (64,5%): the next band (80%, 2 points) is the best: ⌈24,8⌉ − 20 = 5."""
        row = {"id": "1", "name": "А", "teachers": 31, "trained": 20}
        assert texts(HIGHER, row) == ["5/5/5/11"]

    def test_in_the_best_band_the_band_targets_are_reached(self) -> None:
        """26 of 31 (83,9%): next and best are 0; 100% still needs 31 − 26 = 5."""
        row = {"id": "1", "name": "А", "teachers": 31, "trained": 26}
        assert texts(HIGHER, row) == ["0/0/5/5"]


class TestLowerIsBetter:
    def test_gaps_count_down(self) -> None:
        """4 vacancies of 20 (20%): to ≤ 10% 4 − ⌊2⌋ = 2, to ≤ 5% 4 − ⌊1⌋ = 3, to 0% 4."""
        row = {"id": "1", "name": "А", "positions": 20, "vacant": 4}
        assert texts(LOWER, row) == ["2/3/4"]


class TestChecks:
    def check(self, text: str) -> list[tuple[str, str]]:
        """The errors of a ruleset as (code, message)."""
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        return [(d.code, d.message) for d in caught.value.diagnostics]

    def test_a_target_named_like_a_built_in_one(self) -> None:
        """`next` and `best` are the bands' targets; a target of that name is refused."""
        text = HIGHER.replace("targets: {full: 100,", "targets: {full: 100, best: 90,")
        assert self.check(text) == [
            ("duplicate-name", "'best' is a built-in target of {gap.best}; choose another name")
        ]

    def test_a_target_that_is_not_a_numeric_parameter(self) -> None:
        """A target naming no numeric parameter is an unknown name with a did-you-mean."""
        text = HIGHER.replace("regional: norm}", "regional: nrm}")
        assert self.check(text) == [
            (
                "unknown-name",
                "target 'regional': 'nrm' is not a numeric parameter; did you mean 'norm'?",
            )
        ]

    def test_gap_targets_need_a_direction(self) -> None:
        """Without `better`, {gap.next} is unknown: which way is «next» is not said."""
        text = LOWER.replace("    better: lower\n", "")
        (code, message), *_ = self.check(text)
        assert code == "template"
        assert message.startswith(
            "unknown placeholder {gap.next}; {gap.next} needs a share(n, d) indicator with "
            "better: higher or lower"
        )

    def test_shortfall_needs_a_share(self) -> None:
        """{shortfall} is d − n of a share: elsewhere it is unknown."""
        text = LOWER.replace("formula: share(vacant, positions)", "formula: vacant")
        text = text.replace('unit: "%"', "unit: count").replace(
            "{gap.next}/{gap.best}/{gap.none}", "{shortfall}"
        )
        assert self.check(text) == [
            (
                "template",
                (
                    "unknown placeholder {shortfall}; "
                    "{shortfall} needs an indicator whose formula is share(n, d)"
                ),
            )
        ]
