"""Information without a judgement: an indicator without bands has a value and no level."""

from __future__ import annotations

from pathlib import Path

import pdrs_rules
from pdrs_rules import Outcome
from pdrs_rules._cases._casefile import load_cases
from pdrs_rules._cases._coverage import measure_coverage
from pdrs_rules._cases._run import run_cases

RULESET = """format: pdrs-rules/1
id: i
title: I
version: "1"
levels:
  - {id: low, title: низкий}
  - {id: mid, title: средний}
  - {id: high, title: высокий}
facts:
  events: {title: Мероприятия, type: integer, min: 0}
  teachers: {title: Педагоги, type: integer, min: 0}
indicators:
  events_count:
    title: Число мероприятий
    formula: events
    unit: count
  per_teacher:
    title: Мероприятий на педагога
    formula: events / teachers
    unit: number
    bands:
      - {level: low, below: 0.5, points: 0}
      - {level: high, at_least: 0.5, points: 1}
scoring:
  levels:
    - {level: low, below: 50}
    - {level: high, at_least: 50}
"""
ROW = {"id": "1", "name": "А", "events": 3, "teachers": 10}


class TestInformation:
    def test_a_value_with_no_level_whatever_the_levels(self) -> None:
        """3 events: evaluated, no band, no level, no points; 3 / 10 = 0,30 is judged."""
        report = pdrs_rules.loads(RULESET).evaluate([ROW])
        count, per = report.findings
        assert (count.outcome, count.value, count.band, count.level, count.points) == (
            Outcome.EVALUATED,
            3,
            None,
            None,
            None,
        )
        assert (per.level, per.points) == ("low", 0)
        # The text reads «3», not «3 — средний».
        assert "  Число мероприятий: 3" in report.to_text().splitlines()

    def test_it_is_not_scored(self) -> None:
        """The score counts per_teacher only: 0 of 1 point."""
        (score,) = pdrs_rules.loads(RULESET).evaluate([ROW]).scores
        assert (score.total, score.maximum, score.level) == (0.0, 1.0, "low")

    def test_the_passport_says_so(self) -> None:
        """The passport writes that the value is information, instead of a table of bands."""
        text = pdrs_rules.passport(pdrs_rules.loads(RULESET, file="i.yaml"))
        assert "Для сведения: значение сообщается без уровня и баллов." in text

    def test_coverage_has_one_item_for_the_value(self, tmp_path: Path) -> None:
        """A case that checks the finding reaches «information: a value»."""
        (tmp_path / "i.yaml").write_text(RULESET, encoding="utf-8")
        (tmp_path / "i.cases.yaml").write_text(
            "format: pdrs-rules-cases/1\ncases:\n  - name: c\n"
            "    facts: [{id: '1', name: А, events: 3, teachers: 10}]\n"
            "    expect: {'1': {events_count: {level: null, value: 3}}}\n",
            encoding="utf-8",
        )
        case_file = load_cases(tmp_path / "i.cases.yaml")
        results = run_cases(case_file)
        assert all(r.passed for r in results)
        coverage = measure_coverage(case_file.ruleset, results)
        assert coverage.count("band", "events_count") == (1, 1)
