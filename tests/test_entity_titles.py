"""The entity's title everywhere: a region's municipalities are «МО», not «ОО», in every output."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules.cli import run as cli_run

RULESET = """format: pdrs-rules/1
id: region
title: Мониторинг МО
version: "1"
entity: {title: МО, head: руководителю органа управления образованием}
group: {title: регион, id: r, name: Область}
addressees:
  mo_head: руководитель органа управления образованием МО
  region: министерство образования
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
        below: pk_region
        points: 0
        recommendations:
          - {to: mo_head, text: "Ниже регионального значения: {value} при {pk_region}."}
      - {level: ok, at_least: pk_region, points: 1}
aggregates:
  pk_region: {title: По региону, of: pk}
  below: {title: Ниже региона, of: pk, level: warning}
  all: {title: Все, of: pk, method: mean, where: teachers > 1000}
conclusions:
  below_c:
    title: МО ниже регионального значения
    formula: below
    unit: count
    bands:
      - level: ok
        recommendations:
          - to: region
            text: "Ниже регионального значения — {below.count} МО: {below.schools}; {all}."
"""
ROWS = "id;name;teachers;trained\n1;Город;100;40\n2;Район;50;30\n3;Округ;;5\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """The ruleset and its facts on disk."""
    ruleset, facts = tmp_path / "region.yaml", tmp_path / "region.csv"
    ruleset.write_text(RULESET, encoding="utf-8")
    facts.write_text(ROWS, encoding="utf-8")
    return ruleset, facts


def run(*argv: str) -> str:
    """A command line's standard output (its exit code must be 0)."""
    out, err = io.StringIO(), io.StringIO()
    assert cli_run(list(argv), out, err) == 0, err.getvalue()
    return out.getvalue()


def no_oo(text: str) -> list[str]:
    """Every place the default title «ОО» is left in."""
    return re.findall(r".{0,30}\bОО\b.{0,30}", text)


class TestOneLevelUp:
    def test_text_report(self, files: tuple[Path, Path]) -> None:
        """«учтено 2 МО», «нет МО с данными», never «ОО»."""
        text = run("evaluate", str(files[0]), str(files[1]))
        assert no_oo(text) == []
        assert "  По региону: 46,7% (учтено 2 МО; исключено 1)" in text.splitlines()
        assert "нет МО с данными" in text

    def test_html_and_markdown(self, files: tuple[Path, Path], tmp_path: Path) -> None:
        """Table of contents, chart labels and section headings say «МО» and its head."""
        html = tmp_path / "r.html"
        run("report", str(files[0]), str(files[1]), "-o", str(html))
        page = html.read_text(encoding="utf-8")
        assert no_oo(page) == []
        assert "Адресные рекомендации по МО</a>" in page
        assert "столбчатая диаграмма по 2 МО" in page
        assert "Адресные рекомендации руководителю органа управления образованием Город" in page
        md = tmp_path / "r.md"
        run("report", str(files[0]), str(files[1]), "-o", str(md))
        assert no_oo(md.read_text(encoding="utf-8")) == []

    def test_explain_and_letters(self, files: tuple[Path, Path]) -> None:
        """Explain heads its text «МО: 1 «Город»»; a letter is to the head it names."""
        text = run("explain", str(files[0]), str(files[1]), "--school", "1")
        assert text.splitlines()[2] == "МО: 1 «Город»"
        assert no_oo(text) == []
        report = pdrs_rules.load(files[0]).evaluate(files[1])
        letter = next(x for x in pdrs_rules.letters(report) if x.entity_id == "1")
        assert letter.addressee == "Руководителю органа управления образованием Город"


class TestDeclinedTitles:
    def test_forms_agree_with_numbers(self) -> None:
        """With forms [школа, школы, школ]: «учтено 2 школы», «нет школ с данными»."""
        text = RULESET.replace(
            "entity: {title: МО, head: руководителю органа управления образованием}",
            "entity: {title: школа, forms: [школа, школы, школ], dative_plural: школам}",
        )
        report: Any = pdrs_rules.loads(text).evaluate(
            [
                {"id": "1", "name": "Город", "teachers": 100, "trained": 40},
                {"id": "2", "name": "Район", "teachers": 50, "trained": 30},
                {"id": "3", "name": "Округ", "teachers": None, "trained": 5},
            ]
        )
        lines = report.to_text().splitlines()
        assert "  По региону: 46,7% (учтено 2 школы; исключено 1)" in lines
        assert "  Все: нет школ с данными (учтено 2 школы; исключено 1)" in lines
        page = pdrs_rules.render_html(report, pdrs_rules.loads(text))
        assert "Адресные рекомендации по школам</a>" in page
