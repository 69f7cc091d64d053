"""Outputs for people who live in Excel: the findings workbook, Excel-ready CSV, -o extensions."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl
import pytest

import pdrs_rules
from pdrs_rules._documents._style import level_tone
from pdrs_rules._documents._workbook import FINDINGS_HEADERS, SHEETS
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.report import CSV_COLUMNS

ROOT = Path(__file__).parent.parent
RULESET = str(ROOT / "rulesets" / "armavir-iom-2023.yaml")
FACTS = str(ROOT / "rulesets" / "armavir-iom-2023.facts.csv")
ZHIRNOVSKY = [str(ROOT / "rulesets" / f"zhirnovsky-2022.{ext}") for ext in ("yaml", "facts.csv")]


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The Zhirnovsky run (it has conclusions) written by `evaluate -o findings.xlsx`."""
    target = tmp_path_factory.mktemp("xlsx") / "findings.xlsx"
    code, out, err = cli("evaluate", *ZHIRNOVSKY, "-q", "-o", str(target))
    assert (code, out, err) == (ExitCode.OK, "", "")
    return openpyxl.load_workbook(target)


class TestWorkbook:
    def test_sheets_and_headers(self, workbook: openpyxl.Workbook) -> None:
        """Four sheets; the findings sheet has Russian headers, a frozen header, an autofilter."""
        assert workbook.sheetnames == list(SHEETS)
        sheet = workbook["Результаты"]
        assert [c.value for c in sheet[1]] == [h.format(entity="ОО") for h in FINDINGS_HEADERS]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
        assert sheet.print_title_rows == "$1:$1"
        assert all(workbook[name].freeze_panes == "A2" for name in SHEETS)

    def test_a_share_is_a_number_with_a_percent_format(self, workbook: openpyxl.Workbook) -> None:
        """School 001's diagnostics share, 100·18/52 = 34,6%, is 0.346… formatted 0.0%."""
        sheet = workbook["Результаты"]
        row = next(
            r
            for r in sheet.iter_rows(min_row=2)
            if r[0].value == "001"
            and str(r[3].value).startswith("Доля педагогических работников, прошедших диагностику")
        )
        assert row[4].value == pytest.approx(18 / 52)
        assert row[4].number_format == "0.0%"
        # Its level is «норма» (ok), the third of four levels: tone round(2·4/3) = 3, #cfe6b0.
        assert row[5].value == "норма"
        assert row[5].fill.start_color.rgb == "00CFE6B0"
        assert level_tone(2, 4) == "CFE6B0"

    def test_recommendations_wrap_in_their_cell(self, workbook: openpyxl.Workbook) -> None:
        """A finding's recommendations are one cell, addressee first, wrapped."""
        sheet = workbook["Результаты"]
        texts = [r[7] for r in sheet.iter_rows(min_row=2) if r[7].value]
        assert texts
        assert all(cell.alignment.wrap_text for cell in texts)
        assert all(": " in str(cell.value) for cell in texts)

    def test_heat_map_is_coloured_like_the_report(self, workbook: openpyxl.Workbook) -> None:
        """Schools × indicators; a cell with a level has that level's report colour."""
        ruleset = pdrs_rules.load(ZHIRNOVSKY[0])
        sheet = workbook["Тепловая карта"]
        assert sheet.max_column == 2 + len(ruleset.indicators)
        assert str(sheet["C1"].value).startswith("1. ")
        tones = {level_tone(rank, len(ruleset.levels)) for rank in range(len(ruleset.levels))}
        filled = {
            c.fill.start_color.rgb[2:]
            for row in sheet.iter_rows(min_row=2, min_col=3)
            for c in row
            if c.fill.fill_type == "solid"
        }
        assert filled
        assert filled <= tones

    def test_conclusions_and_recommendations_by_addressee(
        self, workbook: openpyxl.Workbook
    ) -> None:
        """The conclusions and the addressed recommendations have rows of their own."""
        conclusions = workbook["Выводы"]
        assert [c.value for c in conclusions[1]] == [
            "Группа",
            "Вывод",
            "Значение",
            "Уровень",
            "Текст",
        ]
        assert conclusions.max_row > 1
        addressed = workbook["Рекомендации"]
        assert addressed.max_row > 1
        titles = {str(row[0].value).casefold() for row in addressed.iter_rows(min_row=2)}
        declared = pdrs_rules.load(ZHIRNOVSKY[0]).compiled.addressees.values()
        assert titles <= {title.casefold() for title in declared}

    def test_without_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the extra: exit 3, the pip command named, no file written."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        target = tmp_path / "f.xlsx"
        code, _, err = cli("evaluate", RULESET, FACTS, "-o", str(target))
        assert code == ExitCode.INVALID
        assert "pip install 'pdrs-rules[xlsx]'" in err
        assert not target.exists()


class TestExcelCsv:
    def test_for_russian_excel_by_default(self) -> None:
        """A ru ruleset: BOM, ';', Russian headers, level titles, decimal commas."""
        code, out, _ = cli("evaluate", RULESET, FACTS, "--format", "csv")
        assert code == ExitCode.OK
        assert out.startswith("\ufeffНабор правил;Версия набора;Код ОО;Наименование ОО;Период;")
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
        first = rows[1]
        assert first[:3] == ["armavir-iom-2023", "1.0.0", "001"]
        assert first[5] == "Педагоги, реализующие ИОМ (без уволившихся)"
        # 40 − 5 = 35, reported for information: no level.
        assert (first[6], first[7], first[9]) == ("оценено", "35", "")
        # 100·16/35 = 45,714…: a decimal comma, not a point.
        share = next(r for r in rows if r[2] == "001" and "70–95" in r[5])
        assert share[7].startswith("45,714")
        # 100·3/35 = 8,571… is above the tolerated 0%: the level's title, not its id.
        low = next(r for r in rows if r[2] == "001" and "менее чем на 50" in r[5])
        assert (low[7][:5], low[9]) == ("8,571", "требует внимания")

    def test_machine_csv_on_request(self) -> None:
        """--csv machine keeps RFC 4180 with the JSON field names, as Report.to_csv()."""
        code, out, _ = cli("evaluate", RULESET, FACTS, "--format", "csv", "--csv", "machine")
        assert code == ExitCode.OK
        assert out.startswith(",".join(CSV_COLUMNS) + "\r\n")
        report = pdrs_rules.load(RULESET).evaluate(FACTS)
        assert out == report.to_csv()

    def test_a_negative_number_is_not_neutralised(self) -> None:
        """Numbers stay numbers (no apostrophe); a text starting with '-' is neutralised."""
        from pdrs_rules.report._csv import _Number, excel_csv_text  # noqa: PLC0415

        text = excel_csv_text(["a", "b"], [[_Number("-1,5"), "-x"]])
        assert text == "\ufeffa;b\r\n-1,5;'-x\r\n"


class TestOutputExtensions:
    @pytest.mark.parametrize(
        ("name", "start"),
        [("out.json", "{"), ("out.csv", "\ufeffНабор правил"), ("out.txt", "Внутренний аудит")],
    )
    def test_the_format_comes_from_the_extension(
        self, tmp_path: Path, name: str, start: str
    ) -> None:
        """Without --format, -o's extension says the format."""
        target = tmp_path / name
        assert cli("evaluate", RULESET, FACTS, "-q", "-o", str(target))[0] == ExitCode.OK
        assert target.read_text("utf-8").startswith(start)

    def test_the_refusal_is_in_russian_by_default(self, tmp_path: Path) -> None:
        """A Russian ruleset: the usage error is Russian."""
        target = str(tmp_path / "out.xlsx")
        code, _, err = cli("evaluate", RULESET, FACTS, "--format", "csv", "-o", target)
        assert code == ExitCode.USAGE
        assert err == (
            f"pdrs-rules evaluate: ошибка: -o '{target}' — файл формата xlsx, а задан --format "
            "csv; ожидалось расширение формата csv или запуск без --format\n"
        )

    def test_a_workbook_by_its_extension(self, tmp_path: Path) -> None:
        """-o out.xlsx writes a workbook, not text into a file named .xlsx."""
        target = tmp_path / "out.xlsx"
        assert cli("evaluate", RULESET, FACTS, "-q", "-o", str(target))[0] == ExitCode.OK
        assert openpyxl.load_workbook(target).sheetnames == list(SHEETS)

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["--format", "text", "-o", "out.xlsx"],
                "-o 'out.xlsx' names a xlsx file, but --format is text",
            ),
            (["-o", "out.dat"], "cannot tell the format from 'out.dat'"),
            (["--format", "xlsx"], "a workbook is not written to standard output"),
        ],
    )
    def test_a_mismatch_is_refused(self, tmp_path: Path, argv: list[str], message: str) -> None:
        """A wrong or unknown extension is a usage error, before anything is written."""
        argv = [a if not a.startswith("out.") else str(tmp_path / a) for a in argv]
        code, out, err = cli("evaluate", "--lang", "en", RULESET, FACTS, *argv)
        assert (code, out) == (ExitCode.USAGE, "")
        assert message.replace("'out.", f"'{tmp_path}/out.") in err
        assert list(tmp_path.iterdir()) == []
