"""The invented example one level up: a region assessing its municipalities.

rulesets/priozernaya-region-2024.cases.yaml checks the reporting period 2024 finding by
finding; these tests check what a case file cannot say: the same facts split into one file per
period give the same report, another reporting period turns the history rows into data
requests, and the outputs say «МО».
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules import Outcome
from pdrs_rules.cli import run as cli_run

ROOT = Path(__file__).resolve().parent.parent
RULESET = ROOT / "rulesets" / "priozernaya-region-2024.yaml"
FACTS = ROOT / "rulesets" / "priozernaya-region-2024.facts.csv"


@pytest.fixture(scope="module")
def ruleset() -> pdrs_rules.Ruleset:
    """The example, loaded once."""
    return pdrs_rules.load(RULESET)


def _by_period(tmp_path: Path) -> dict[str, Path]:
    """The shipped table split into one file per period, without the «Год» column."""
    with FACTS.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream, delimiter=";"))
    files: dict[str, Path] = {}
    for year in ("2022", "2023", "2024"):
        path = tmp_path / f"{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(header[1:])
            writer.writerows(row[1:] for row in rows if row[0] == year)
        files[year] = path
    return files


def _keys(report: pdrs_rules.Report) -> list[tuple[str, str, str, str, str]]:
    return [
        (f.period, f.school_id, f.indicator, f.outcome.value, f.display)
        for f in (*report.findings, *report.conclusions)
    ]


class TestOneFilePerPeriod:
    def test_same_report_as_one_table(self, ruleset: pdrs_rules.Ruleset, tmp_path: Path) -> None:
        """{period: file} reads each file as that period: the findings are those of the table."""
        whole = ruleset.evaluate(FACTS)
        split = ruleset.evaluate(_by_period(tmp_path))
        assert _keys(split) == _keys(whole)
        assert (split.period, split.history) == ("2024", ("2022", "2023"))

    def test_command_line(self, tmp_path: Path) -> None:
        """PERIOD=FILE arguments on the command line give the same JSON findings."""
        files = _by_period(tmp_path)
        argv = ["evaluate", str(RULESET), *(f"{p}={f}" for p, f in files.items())]
        out, err = io.StringIO(), io.StringIO()
        assert cli_run([*argv, "--format", "jsonl"], out, err) == 0, err.getvalue()
        whole, err2 = io.StringIO(), io.StringIO()
        assert (
            cli_run(["evaluate", str(RULESET), str(FACTS), "--format", "jsonl"], whole, err2) == 0
        )
        assert out.getvalue() == whole.getvalue()


class TestHistory:
    def test_history_rows_ask_nothing(self, ruleset: pdrs_rules.Ruleset) -> None:
        """2022–2023 rows have only teachers and trained: in 2024 nobody is asked for the rest."""
        report = ruleset.evaluate(FACTS)
        requests = [f for f in report.findings if f.outcome is Outcome.NO_DATA]
        # Only Луговской район left «Имеют ИОМ» empty in 2024 itself.
        assert [(f.school_id, f.indicator, f.period) for f in requests] == [
            ("04", "iom_share", "2024")
        ]

    def test_2023_as_the_reporting_period(self, ruleset: pdrs_rules.Ruleset) -> None:
        """Reported for 2023, the same rows are the reporting period: their gaps are requests."""
        report = ruleset.evaluate(FACTS, period="2023")
        assert (report.period, report.history) == ("2023", ("2022",))
        requests = {
            (f.school_id, f.indicator) for f in report.findings if f.outcome is Outcome.NO_DATA
        }
        # Six МО × diagnostics and ИОМ, plus Сосновский район's «Прошли ПК»: its share, and so
        # its trend, have no value.
        assert len(requests) == 6 * 2 + 2
        assert {("05", "pk_share"), ("05", "pk_trend")} <= requests
        # Regional value in 2023: (440 + 135 + 126 + 85 + 60) / (1190 + 410 + 300 + 250 + 150)
        # = 846 / 2300 = 36,8% (Сосновский район, without «Прошли ПК», is left out).
        pk_region = next(a for a in report.aggregates if a.aggregate == "pk_region")
        assert pk_region.display == "36,8%"
        assert pk_region.counted == 5
        # Заречный округ has no 2022 row: in 2023 its trend has one period.
        trend = next(f for f in report.findings if (f.school_id, f.indicator) == ("06", "pk_trend"))
        assert trend.outcome is Outcome.INSUFFICIENT_HISTORY
        assert trend.reason == "нужно 2 периода подряд, есть 1; нет данных за 2022"

    def test_all_periods(self, ruleset: pdrs_rules.Ruleset) -> None:
        """all_periods=True reports 2022, 2023 and 2024: every row's findings."""
        report = ruleset.evaluate(FACTS, all_periods=True)
        periods = sorted({f.period for f in report.findings})
        assert periods == ["2022", "2023", "2024"]
        # 5 МО in 2022, 6 in 2023 and 2024, four findings each (three indicators and the trend).
        assert len(report.findings) == (5 + 6 + 6) * 4


class TestEntityTitles:
    def test_text_says_mo(self) -> None:
        """«учтено 6 МО», a group «регион», never «ОО»."""
        out, err = io.StringIO(), io.StringIO()
        assert cli_run(["evaluate", str(RULESET), str(FACTS)], out, err) == 0, err.getvalue()
        text = out.getvalue()
        assert " ОО" not in text
        assert "  Доля педагогов региона, прошедших ПК за год: 36,6% (учтено 6 МО)" in text
        assert "регион: Приозёрная область (код priozernaya, 2024)" in text.splitlines()
        # The region has no scored conclusions: no «Итого баллов: 0 из 0» line.
        assert "0 из 0" not in text
