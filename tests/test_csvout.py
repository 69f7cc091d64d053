"""CSV injection: every CSV the package writes neutralises cells that spreadsheets would run."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given

from pdrs_rules import Finding, Outcome, Recommendation, Report, RulesetInfo, compare_findings
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.report._csv import csv_cell, csv_text
from tests.strategies import SETTINGS, hostile_texts

ROOT = Path(__file__).parent.parent
EVIL = '=HYPERLINK("http://x","y")'


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def finding(name: str, text: str, period: str = "2022", level: str = "warning") -> Finding:
    return Finding(
        ruleset_id="r",
        ruleset_version="1",
        school_id="001",
        school_name=name,
        period=period,
        indicator="a",
        outcome=Outcome.EVALUATED,
        value=1.0,
        display="1",
        level=level,
        recommendations=(Recommendation("head", "руководитель", text),),
    )


class TestCell:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("=1+1", "'=1+1"),
            ("+7 900", "'+7 900"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("МБОУ =1", "МБОУ =1"),
            ("", ""),
        ],
    )
    def test_neutralised(self, text: str, expected: str) -> None:
        """A leading = + - @ tab or CR gets an apostrophe; anything else is left alone."""
        assert csv_cell(text) == expected

    @SETTINGS
    @given(cells=hostile_texts().map(lambda t: [t, "=" + t, "plain"]))
    def test_round_trip(self, cells: list[str]) -> None:
        """Read back, every cell is the neutralised text, and none starts a formula."""
        (header, row) = rows(csv_text(["a", "b", "c"], [cells]))
        assert header == ["a", "b", "c"]
        assert row == [csv_cell(c) for c in cells]
        assert not [c for c in row if c[:1] in {"=", "+", "-", "@"}]


class TestWriters:
    def test_report_to_csv(self) -> None:
        """`evaluate --format csv`: school names and recommendation texts are neutralised."""
        report = Report(RulesetInfo("r", "1"), {}, (finding(EVIL, "+cmd"),))
        (_, row) = rows(report.to_csv())
        assert row[3] == "'" + EVIL
        # Inside a cell a formula character is harmless: only the first one counts.
        assert row[12] == "руководитель: +cmd"

    def test_effect_to_csv(self) -> None:
        """`effect --format csv`: the same school name and texts are neutralised."""
        result = compare_findings([finding(EVIL, "-1")], [finding(EVIL, "-1", "2023")])
        (header, row) = rows(result.to_csv())
        cells = dict(zip(header, row, strict=True))
        assert cells["school_name"] == "'" + EVIL
        assert cells["before_text"] == "'-1"
        assert cells["after_text"] == "'-1"

    def test_evaluate_command(self, tmp_path: Path) -> None:
        """End to end: a formula in a facts file's name column comes out inert."""
        source = (ROOT / "rulesets" / "armavir-iom-2023.facts.csv").read_text(encoding="utf-8")
        facts = tmp_path / "facts.csv"
        facts.write_text(source.replace("МБОУ гимназия № 1", "@SUM(1+1)"), encoding="utf-8")
        out = io.StringIO()
        ruleset = str(ROOT / "rulesets" / "armavir-iom-2023.yaml")
        argv = ["evaluate", ruleset, str(facts), "--format", "csv", "--csv", "machine"]
        code = run(argv, out, io.StringIO())
        assert code == ExitCode.OK
        names = {row[3] for row in rows(out.getvalue())[1:]}
        assert "'@SUM(1+1)" in names
        assert "@SUM(1+1)" not in names
