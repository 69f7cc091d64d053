"""The Markdown report: the same content as the HTML page, as tables, with user text escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdrs_rules
from pdrs_rules import render_markdown
from tests.test_html import RULESET, SINGLE

#: 10 of 40 = 25,0% (bad), 12 of 30 = 40,0% (fine), school 3 has no data; pooled 22/70 = 31,4%.
ROWS: list[dict[str, Any]] = [
    {"id": "1", "name": "СОШ | <b>*1*</b> & [x]", "teachers": 40, "done": 10},
    {"id": "2", "name": "Лицей № 2", "teachers": 30, "done": 12},
    {"id": "3", "name": "ООШ № 3", "teachers": 20, "done": None},
]
NAME = r"СОШ \| \<b\>\*1\*\</b\> &amp; \[x\]"


def markdown(text: str = RULESET, *, nbsp: bool = False) -> str:
    """The Markdown report of the small ruleset over ROWS; no-break spaces as spaces unless kept."""
    ruleset = pdrs_rules.loads(text)
    page = render_markdown(ruleset.evaluate(ROWS), ruleset)
    return page if nbsp else page.replace("\xa0", " ")


class TestMarkdown:
    def test_header_and_parameters(self) -> None:
        """The title is escaped; the parameter table shows 30% with its unit."""
        lines = markdown().splitlines()
        assert lines[0] == r'# Отчёт \<b\>тест\</b\> &amp; "кавычки"'
        assert "| Норматив | 30% |" in lines
        assert "- **Период:** 2023" in lines

    def test_heat_map_row(self) -> None:
        """A pipe in a school name cannot split the row; the worse level is said in words."""
        lines = markdown().splitlines()
        assert f"| **{NAME}** | 25,0% (плохо) |" in lines
        assert "| **Лицей № 2** | 40,0% |" in lines
        assert "| **ООШ № 3** | — (нет данных) |" in lines
        row = next(line for line in lines if line.startswith(f"| **{NAME}"))
        assert row.replace("\\|", "").count("|") == 3

    def test_chart_as_sorted_table(self) -> None:
        """The chart becomes a table sorted by value, with the band edge and the pooled value."""
        text = markdown()
        assert (
            "| № | ОО | Значение |\n| --- | --- | ---: |\n"
            f"| 1 | Лицей № 2 | 40,0% |\n| 2 | {NAME} | 25,0% |\n"
        ) in text
        assert "Границы уровней: 30%.\nМО: 31,4%.\nНет значения: ООШ № 3 (нет данных).\n" in text

    def test_summary_recommendations_school_and_gaps(self) -> None:
        """Summary value, the addressee's group, a section per school and the data gap."""
        lines = markdown().splitlines()
        assert "| Доля по МО | 31,4% |" in lines
        assert "### Руководитель ОО" in lines
        assert "#### Доля прошедших — 1 ОО" in lines
        assert (
            f'- **{NAME}:** Поднять долю \\<script\\>alert(1)\\</script\\> &amp; "ещё" (25,0%)'
            in lines
        )
        assert f"## Адресные рекомендации руководителю {NAME}" in lines
        assert "| Доля прошедших | 25,0% | плохо | 10 из 40 |" in lines
        assert "*Руководитель ОО:*" in lines
        assert "| ООШ № 3 | Доля прошедших | нет данных | нет данных: done |" in lines

    def test_no_break_spaces(self) -> None:
        """«№ 2», «1 ОО» and «40 —» are kept together, as in the HTML page."""
        text = markdown(nbsp=True)
        assert "Лицей №\xa02" in text
        assert "Доля прошедших\xa0—\xa01\xa0ОО" in text
        assert "| 10\xa0из 40 |" in text

    def test_single_level(self) -> None:
        """Without a municipality level the summary says so and no municipal value is shown."""
        text = markdown(SINGLE)
        assert "нет муниципального уровня" in text
        assert "МО:" not in text


class TestShipped:
    def test_scores_periods_and_gaps(self) -> None:
        """Zhirnovsky's score line, Sasovo's periods and its 2017 history gaps, as Markdown."""
        root = Path(__file__).parent.parent / "rulesets"
        zhirnovsky = pdrs_rules.load(root / "zhirnovsky-2022.yaml")
        text = render_markdown(zhirnovsky.evaluate(root / "zhirnovsky-2022.facts.csv"), zhirnovsky)
        text = text.replace("\xa0", " ")
        assert "**Итого баллов:** 11 из 12 баллов (91,7%) — норма" in text.splitlines()
        sasovo = pdrs_rules.load(root / "sasovo-2017-2019.yaml")
        report = sasovo.evaluate(root / "sasovo-2017-2019.facts.csv", all_periods=True)
        text = render_markdown(report, sasovo, period="2017")
        assert "- **Периоды в данных:** 2017, 2018, 2019" in text.splitlines()
        gaps = text[text.index("## Пробелы в данных") :]
        assert "недостаточно данных за прошлые периоды" in gaps

    def test_reading_warnings(self, tmp_path: Path) -> None:
        """A reading warning is listed under the data gaps, escaped."""
        facts = tmp_path / "f.csv"
        facts.write_text("id,name,teachers,done,extra\n1,СОШ № 1,40,10,x\n", encoding="utf-8")
        ruleset = pdrs_rules.loads(RULESET)
        text = render_markdown(ruleset.evaluate(facts), ruleset)
        assert f"- {facts}:1:5: unknown\\-column:" not in text  # "-" is not escaped
        assert f"- {str(facts).replace('_', chr(92) + '_')}:1:5: unknown-column:" in text
