"""Findings say what matched: the band's title, the trend rule's id and title, everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pdrs_rules
from pdrs_rules import Outcome, Report
from pdrs_rules._cases._casefile import load_cases
from pdrs_rules._cases._run import format_result, run_case

RULESET = """format: pdrs-rules/1
id: m
title: Баллы
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
      - level: warning
        title: низкий
        below: 50
        points: 0
        recommendations:
          - {to: school_head, text: "Уровень «{band}»: {value}."}
      - level: ok
        at_least: 50
        points: 1
        recommendations:
          - {to: school_head, text: "Уровень «{band}»: {value}."}
trends:
  pk_trend:
    title: Динамика доли ПК
    of: pk
    rules:
      - {id: rose, title: положительная динамика, change_above: 0, level: ok}
      - {id: same, title: без изменений, level: ok}
"""


def rows(*values: tuple[str, int, int]) -> list[dict[str, Any]]:
    """School 1 in the given periods: (period, teachers, trained)."""
    return [
        {"period": period, "id": "1", "name": "СОШ № 1", "teachers": teachers, "trained": trained}
        for period, teachers, trained in values
    ]


def report(*values: tuple[str, int, int]) -> Report:
    """The ruleset over school 1's periods."""
    return pdrs_rules.loads(RULESET).evaluate(rows(*values))


def by_indicator(result: Report) -> dict[str, Any]:
    """The findings of the reporting period by indicator."""
    return {f.indicator: f for f in result.findings}


class TestBandTitle:
    def test_the_finding_carries_the_band_title(self) -> None:
        """10 of 40 trained: 25% is below 50, the band titled «низкий»; JSON has the title."""
        found = by_indicator(report(("2023", 40, 10)))["pk"]
        assert (found.level, found.band.title, found.band.rule) == ("warning", "низкий", None)
        data = json.loads(report(("2023", 40, 10)).to_json())
        band = data["findings"][0]["band"]
        assert (band["title"], band["rule"]) == ("низкий", None)

    def test_band_placeholder_falls_back_to_the_level_title(self) -> None:
        """{band} is the title («низкий»); a band without one shows its level's («норма»)."""
        low = by_indicator(report(("2023", 40, 10)))["pk"]
        high = by_indicator(report(("2023", 40, 30)))["pk"]
        assert low.recommendations[0].text == "Уровень «низкий»: 25,0%."
        # 30 of 40 is 75%: at least 50, the untitled band of level ok («норма»).
        assert high.recommendations[0].text == "Уровень «норма»: 75,0%."

    def test_text_report_and_letters_show_it(self) -> None:
        """The text line reads «25,0% — требует внимания, низкий»; letters list the same."""
        result = report(("2023", 40, 10))
        assert "  Доля ПК: 25,0% — требует внимания, низкий" in result.to_text().splitlines()
        (letter,) = pdrs_rules.letters(result)
        assert [f.status for f in letter.findings] == ["требует внимания, низкий"]

    def test_html_shows_it(self) -> None:
        """The school's section of the HTML report names the band's title with the level."""
        ruleset = pdrs_rules.loads(RULESET)
        page = pdrs_rules.render_html(ruleset.evaluate(rows(("2023", 40, 10))), ruleset)
        assert "требует внимания, низкий" in page


class TestTrendRule:
    def test_json_and_text_name_the_rule(self) -> None:
        """16/40 = 40% → 20/40 = 50%: +10 п.п., rule «rose»; its id and title are in the finding."""
        result = report(("2022", 40, 16), ("2023", 40, 20))
        trend = by_indicator(result)["pk_trend"]
        assert (trend.band.index, trend.band.rule, trend.band.title) == (
            0,
            "rose",
            "положительная динамика",
        )
        data = json.loads(result.to_json())
        band = next(f["band"] for f in data["findings"] if f["indicator"] == "pk_trend")
        assert (band["rule"], band["title"]) == ("rose", "положительная динамика")
        line = "  Динамика доли ПК: 50,0% — норма, положительная динамика"
        assert line in result.to_text().splitlines()
        assert Report.from_json(result.to_json()) == result

    def test_insufficient_history_keeps_the_current_value(self) -> None:
        """With one period the trend cannot judge, but it carries this year's 25,0%."""
        trend = by_indicator(report(("2023", 40, 10)))["pk_trend"]
        assert (trend.outcome, trend.value, trend.display) == (
            Outcome.INSUFFICIENT_HISTORY,
            25.0,
            "25,0%",
        )
        line = (
            "  Динамика доли ПК: 25,0% — недостаточно данных за прошлые периоды "
            "(нужно 2 периода подряд, есть 1; в данных только 1)"
        )
        assert line in report(("2023", 40, 10)).to_text().splitlines()


class TestCaseFiles:
    def cases(self, folder: Path, expect: str) -> Any:
        """A case file over two periods of school 1 with these expectations."""
        (folder / "m.yaml").write_text(RULESET, encoding="utf-8")
        (folder / "m.cases.yaml").write_text(
            "format: pdrs-rules-cases/1\ncases:\n  - name: c\n    facts:\n"
            "      - {period: '2022', id: '1', name: А, teachers: 40, trained: 16}\n"
            "      - {period: '2023', id: '1', name: А, teachers: 40, trained: 20}\n"
            f"    expect: {{'1': {expect}}}\n",
            encoding="utf-8",
        )
        return load_cases(folder / "m.cases.yaml")

    def test_title_is_an_expectation(self, tmp_path: Path) -> None:
        """`title:` checks the matched band's or rule's title."""
        case_file = self.cases(tmp_path, "{pk_trend: {title: положительная динамика}}")
        assert run_case(case_file, case_file.cases[0]).passed

    def test_failure_tables_name_what_matched(self, tmp_path: Path) -> None:
        """A wrong rule shows the one that matched with its title; so does a wrong band."""
        case_file = self.cases(
            tmp_path, "{pk_trend: {rule: same, title: без изменений}, pk: {band: 0}}"
        )
        result = run_case(case_file, case_file.cases[0])
        rows = [(m.field, m.expected, m.actual) for m in result.mismatches]
        assert rows == [
            ("band", "0", "1"),
            ("rule", "same", "rose (положительная динамика)"),
            ("title", "без изменений", "положительная динамика"),
        ]
        assert "rose (положительная динамика)" in format_result(result)
