"""Tests for facts from .xlsx workbooks: Excel- and LibreOffice-style files made by the tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdrs_rules._facts._formats import _xlsx as _facts_xlsx
from pdrs_rules._facts._table import iter_facts, load_facts
from pdrs_rules._model import School
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.errors import FactsInvalid, Location
from tests.strategies import SETTINGS, sheet_rows
from tests.test_facts import ENTITY, FACTS, facts, problems, read

_NS = "http://schemas.openxmlformats.org/"
_MAIN = f"{_NS}spreadsheetml/2006/main"
_RELS = f"{_NS}package/2006/relationships"
_DOC = f"{_NS}officeDocument/2006/relationships"
HEADER = ["Код ОО", "Наименование ОО", "Разработали ИОМ", "Уволено"]
ARMAVIR = Path(__file__).parent.parent / "rulesets" / "armavir-iom-2023"


def excel(
    *rows: Sequence[object],
    title: str = "Лист1",
    merged: Sequence[str] = (),
    sheets: Sequence[str] = (),
) -> bytes:
    """A workbook as openpyxl writes it (shared strings, as Excel does), with more sheets first."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    for name in sheets:
        book.create_sheet(name, 0)
    first.title = title
    for row in rows:
        first.append(list(row))
    for span in merged:
        first.merge_cells(span)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_cell(ref: str, text: str) -> str:
    """An inline string cell, as LibreOffice writes text."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def handmade(*rows: str, sheet_xml: str | None = None, title: str = "Лист1") -> bytes:
    """A minimal workbook zip built by hand; each row is the XML of its cells."""
    data = "".join(f'<row r="{n}">{cells}</row>' for n, cells in enumerate(rows, start=1))
    content_types = (
        f'<Types xmlns="{_NS}package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml
        or f'<worksheet xmlns="{_MAIN}"><sheetData>{data}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def handmade_header() -> str:
    """The standard header row as inline strings."""
    return "".join(text_cell(f"{col}1", key) for col, key in zip("ABCD", HEADER, strict=True))


def at(line: int, sheet: str = "Лист1") -> Location:
    """Where a school of a sheet is."""
    return Location("f.xlsx", line, 0, f"row {line} of sheet {sheet}")


class TestExcelStyle:
    """Workbooks as Excel writes them (openpyxl writes shared strings, like Excel)."""

    def test_values(self) -> None:
        """Numbers, numbers stored as text with a comma or digit groups, and empty cells."""
        data = excel(
            [*HEADER, "Доля, %"],
            ["023", "Гимназия № 1", 12, "2", "12,5"],
            [24, "Школа № 2", "1 234", None, 40.0],
            ["025", "Лицей", "1\u00a0000", 0, None],
        )
        expected = (
            School("023", "Гимназия № 1", facts(12, 2, share=12.5), location=at(2)),
            School("24", "Школа № 2", facts(1234, None, share=40.0), location=at(3)),
            School("025", "Лицей", facts(1000, 0), location=at(4)),
        )
        table = read(data, "xlsx")
        assert (expected, ()) == (table.schools, table.warnings)

    def test_dates(self) -> None:
        """Date and time cells are read as ISO text, for a period or a text fact."""
        # Excel's dates and times carry no time zone.
        day, moment = dt.datetime(2023, 9, 1), dt.datetime(2023, 9, 1, 10, 30)  # noqa: DTZ001
        data = excel(
            ["Период", *HEADER, "Примечание"],
            [day, "023", "А", 5, 1, moment],
            [dt.date(2024, 9, 1), "023", "А", 5, 1, dt.time(10, 30)],
        )
        expected = [
            ("2023-09-01", facts(5, 1, note="2023-09-01T10:30:00")),
            ("2024-09-01", facts(5, 1, note="10:30:00")),
        ]
        assert expected == [(s.period, s.facts) for s in read(data, "xlsx").schools]

    def test_title_rows_are_skipped(self) -> None:
        """Title rows above the header (a merged title in A1) are skipped with a warning."""
        data = excel(
            ["Мониторинг ИОМ 2023"],
            [],
            HEADER,
            ["023", "Гимназия", 5, 1],
            merged=["A1:D1"],
        )
        table = read(data, "xlsx")
        expected_schools = (School("023", "Гимназия", facts(5, 1), location=at(4)),)
        expected_warnings = [
            (
                "f.xlsx:1: title-rows: warning: row 1 is above the header (row 3) and skipped as "
                "titles (first 'Мониторинг ИОМ 2023'); the header is the first row naming the "
                "most known columns"
            )
        ]
        assert expected_schools == table.schools
        assert expected_warnings == [str(w) for w in table.warnings]

    def test_two_row_header(self) -> None:
        """Of a two-row header the lower row names the columns; merged cells fill it in."""
        data = excel(
            ["Код ОО", "Наименование ОО", "Педагоги"],
            [None, None, "Разработали ИОМ", "Уволено"],
            ["023", "Гимназия", 5, 1],
            merged=["A1:A2", "B1:B2", "C1:D1"],
        )
        table = read(data, "xlsx")
        expected = (School("023", "Гимназия", facts(5, 1), location=at(3)),)
        assert expected == table.schools
        expected_codes = ["title-rows"]
        assert expected_codes == [w.code for w in table.warnings]

    def test_merged_data_cell_applies_to_every_cell(self) -> None:
        """A school's id merged over its two period rows belongs to both."""
        data = excel(
            ["Период", *HEADER],
            ["2022", "023", "Гимназия", 5, 1],
            ["2023", None, None, 6, 0],
            merged=["B2:B3", "C2:C3"],
        )
        expected = (
            School("023", "Гимназия", facts(5, 1), period="2022", location=at(2)),
            School("023", "Гимназия", facts(6, 0), period="2023", location=at(3)),
        )
        assert expected == read(data, "xlsx").schools

    def test_totals_row(self) -> None:
        """A totals row is a warning naming its row, not a school."""
        data = excel(HEADER, ["023", "Гимназия", 5, 1], [None, "ИТОГО:", 5, 1])
        table = read(data, "xlsx")
        expected = [
            (
                'f.xlsx:3: totals-row: warning: row 3 of sheet Лист1 is a totals row ("ИТОГО:") '
                "and is not counted as a school; expected a row per school"
            )
        ]
        expected_ids = ["023"]
        assert expected_ids == [school.id for school in table.schools]
        assert expected == [str(w) for w in table.warnings]

    def test_bad_cell_names_sheet_and_cell(self) -> None:
        """A bad value is located at its sheet row and column, and named like Лист1!C2."""
        data = excel(HEADER, ["023", "Гимназия", "много", 1])
        with pytest.raises(FactsInvalid) as caught:
            read(data, "xlsx")
        (diagnostic,) = caught.value.diagnostics
        expected = (
            "f.xlsx:2:3: bad-cell: 'много' is not an integer (school '023' \"Гимназия\", "
            "fact 'developed', column \"Разработали ИОМ\", cell Лист1!C2); "
            "expected a whole number like 12"
        )
        assert (expected, "Лист1!C2") == (str(diagnostic), diagnostic.location.path)

    def test_sheet_name_with_space_is_quoted(self) -> None:
        """A sheet name that is not one word is quoted as Excel does in a reference."""
        data = excel(HEADER, ["023", "Гимназия", 1, -1], title="Данные 2023")
        with pytest.raises(FactsInvalid) as caught:
            read(data, "xlsx")
        expected = ["'Данные 2023'!D2"]
        assert expected == [d.location.path for d in caught.value.diagnostics]

    def test_duplicate_school_names_the_sheet(self) -> None:
        """A school twice on a sheet is reported with both rows and the sheet."""
        data = excel(HEADER, ["023", "А", 1, 0], ["023", "А", 2, 0])
        expected = [
            (
                "f.xlsx:3: duplicate-school: school '023' \"А\" appears twice on sheet Лист1: "
                "row 2 and row 3; keep one row per school"
            )
        ]
        assert expected == problems(data, "xlsx")

    def test_uncached_formula_is_an_error(self) -> None:
        """A formula never computed (openpyxl saves none of its results) names its cell."""
        data = excel(HEADER, ["023", "Гимназия", "=2*6", 1])
        expected = [
            (
                "f.xlsx:2:3: uncached-formula: the formula '=2*6' has no saved result "
                "(school '023' \"Гимназия\", fact 'developed', column \"Разработали ИОМ\", "
                "cell Лист1!C2); expected a value: open the file in Excel or LibreOffice and save "
                "it again, so that the results of its formulas are stored"
            )
        ]
        assert expected == problems(data, "xlsx")


class TestLibreOfficeStyle:
    """Workbooks as LibreOffice writes them: inline strings and cached formula results."""

    def test_inline_strings_and_cached_formulas(self) -> None:
        """Inline strings, a text formula (t="str") and a number formula give their values."""
        data = handmade(
            handmade_header(),
            text_cell("A2", "023")
            + '<c r="B2" t="str"><f>"Гимн"&amp;"азия"</f><v>Гимназия</v></c>'
            + '<c r="C2"><f>2*6</f><v>12</v></c>'
            + '<c r="D2"><v>1</v></c>',
        )
        expected = (School("023", "Гимназия", facts(12, 1), location=at(2)),)
        assert expected == read(data, "xlsx").schools

    def test_error_value(self) -> None:
        """A cell holding an Excel error (#DIV/0!) is a bad cell."""
        data = handmade(
            handmade_header(),
            text_cell("A2", "023") + '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            '<c r="D2"><v>1</v></c>',
        )
        expected = [
            (
                "f.xlsx:2:3: bad-cell: the cell holds the error #DIV/0! (school '023', "
                "fact 'developed', column \"Разработали ИОМ\", cell Лист1!C2); expected a value: "
                "correct the formula or the data it uses"
            )
        ]
        assert expected == problems(data, "xlsx")

    def test_formula_without_value(self) -> None:
        """A formula cell without a <v> is an error, not a missing value."""
        data = handmade(
            handmade_header(),
            text_cell("A2", "023") + '<c r="C2"><v>3</v></c><c r="D2"><f>C2-1</f></c>',
        )
        expected_codes = ["uncached-formula"]
        assert expected_codes == [p.split(": ")[1] for p in problems(data, "xlsx")]


class TestSheets:
    """The first sheet is read unless one is named."""

    DATA = excel(HEADER, ["023", "Гимназия", 5, 1], title="Данные", sheets=["Обложка"])

    def test_first_sheet(self) -> None:
        """Without a name the first sheet is read (here an empty cover sheet)."""
        expected = ["f.xlsx: empty: the file is empty; expected a header row and a row per school"]
        assert expected == problems(self.DATA, "xlsx")

    def test_named_sheet(self) -> None:
        """A named sheet is read; the name is matched ignoring case."""
        expected = (School("023", "Гимназия", facts(5, 1), location=at(2, "Данные")),)
        assert expected == read(self.DATA, "xlsx", sheet="данные").schools

    def test_unknown_sheet(self) -> None:
        """An unknown sheet is an error listing the sheets, with a did-you-mean."""
        expected = [
            (
                'f.xlsx: unknown-sheet: the workbook has no sheet "Даные"; expected one of '
                '"Обложка", "Данные"; did you mean "Данные"?'
            )
        ]
        assert expected == problems(self.DATA, "xlsx", sheet="Даные")

    def test_sheet_of_csv(self, tmp_path: Path) -> None:
        """Naming a sheet of a CSV file is an error, not ignored."""
        path = tmp_path / "f.csv"
        path.write_text(";".join(HEADER) + "\n023;А;1;0\n", encoding="utf-8")
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY, sheet="Лист1")
        expected = [
            (
                f"{path}: unknown-sheet: a sheet ('Лист1') is named, but the file is not a "
                "workbook; expected an .xlsx, .xlsm, .xls or .ods file, or no sheet"
            )
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]


class TestFiles:
    """Workbook files by extension, streamed, and through the command line."""

    @pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".XLSX"])
    def test_load_by_extension(self, tmp_path: Path, suffix: str) -> None:
        """.xlsx and .xlsm files are read as workbooks."""
        path = tmp_path / f"f{suffix}"
        path.write_bytes(excel(HEADER, ["023", "Гимназия", 5, 1]))
        expected = ["023"]
        assert expected == [school.id for school in load_facts(path, FACTS, ENTITY).schools]

    def test_streamed(self, tmp_path: Path) -> None:
        """iter_facts reads a workbook in two passes, like any file."""
        path = tmp_path / "f.xlsx"
        path.write_bytes(excel(HEADER, ["023", "А", 5, 1], ["024", "Б", 6, 0], [None, "Итого"]))
        stream = iter_facts(path, FACTS, ENTITY)
        expected = (["023", "024"], ["totals-row"])
        assert expected == ([s.id for s in stream], [w.code for w in stream.warnings])

    def test_cli_sheet(self, tmp_path: Path) -> None:
        """`evaluate --sheet` reads that sheet and gives what the CSV gives."""
        csv_path = ARMAVIR.with_suffix(".facts.csv")
        with csv_path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream, delimiter=";"))
        workbook = tmp_path / "facts.xlsx"
        workbook.write_bytes(excel(["Мониторинг"], *rows, title="Школы", sheets=["Обложка"]))
        ruleset = str(ARMAVIR.with_suffix(".yaml"))
        outputs = []
        for argv in (
            [str(csv_path), "--format", "json"],
            [str(workbook), "--sheet", "Школы", "--format", "json"],
            [str(workbook), "--sheet", "Школы", "--format", "jsonl"],
        ):
            out, err = io.StringIO(), io.StringIO()
            code = run(["evaluate", ruleset, *argv], out, err)
            outputs.append((code, out.getvalue(), err.getvalue()))
        out, err = io.StringIO(), io.StringIO()
        lines = (run(["evaluate", ruleset, str(csv_path), "--format", "jsonl"], out, err), out)
        title_warning = f"{workbook}:1: title-rows: "
        expected_ok = (ExitCode.OK, "")
        assert expected_ok == (outputs[0][0], outputs[0][2])
        assert outputs[0][:2] == outputs[1][:2]
        assert outputs[1][2].startswith(title_warning)
        assert (lines[0], lines[1].getvalue()) == outputs[2][:2]
        assert outputs[2][1].count("\n") > 10

    def test_cli_unknown_sheet(self, tmp_path: Path) -> None:
        """An unknown sheet exits INVALID with the message on stderr, in either language."""
        workbook = tmp_path / "facts.xlsx"
        workbook.write_bytes(excel(HEADER, title="Школы"))
        argv = ["evaluate", str(ARMAVIR.with_suffix(".yaml")), str(workbook), "--sheet", "X"]
        results = []
        for lang in ("en", "ru"):
            out, err = io.StringIO(), io.StringIO()
            results.append((run([*argv, "--lang", lang], out, err), err.getvalue()))
        expected = [
            (
                ExitCode.INVALID,
                (
                    f'{workbook}: unknown-sheet: the workbook has no sheet "X"; '
                    'expected one of "Школы"\n'
                ),
            ),
            (
                ExitCode.INVALID,
                (
                    f'{workbook}: unknown-sheet: в книге нет листа "X"; '
                    'ожидался один из листов: "Школы"\n'
                ),
            ),
        ]
        assert expected == results


class TestUntrusted:
    """Damaged or hostile workbooks are clear errors, never tracebacks."""

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                b"not a zip",
                (
                    "f.xlsx: syntax: not a valid .xlsx workbook: BadZipFile: File is not a zip "
                    "file; expected a file saved by Excel or LibreOffice as .xlsx"
                ),
            ),
            (
                handmade(sheet_xml="<worksheet><sheetData><row>"),
                (
                    "f.xlsx: syntax: not a valid .xlsx workbook: ParseError: no element found: "
                    "line 1, column 27"
                ),
            ),
            (
                handmade('<c r="A1" t="b"><v>yes</v></c>'),
                (
                    "f.xlsx: syntax: not a valid .xlsx workbook: ValueError: invalid literal for "
                    "int() with base 10: 'yes'"
                ),
            ),
            (
                handmade('<c r="A1" t="s"><v>7</v></c>'),
                "f.xlsx: syntax: not a valid .xlsx workbook: IndexError: list index out of range",
            ),
        ],
        ids=["not-zip", "bad-xml", "bad-boolean", "no-shared-strings"],
    )
    def test_damaged(self, data: bytes, expected: str) -> None:
        """Bytes that are no zip, broken XML and bad cell references are syntax errors."""
        assert [expected] == problems(data, "xlsx")

    def test_error_while_rows_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cell openpyxl refuses only when the rows are read is a syntax error too."""

        # A row past Excel's last (A1048577) fails so, but only after a million cells are
        # made; the sheet is refused as too large before that, so the failure is simulated.
        def refuse(*_: object) -> object:
            message = "Row numbers must be between 1 and 1048576"
            raise ValueError(message)

        monkeypatch.setattr(_facts_xlsx, "_value", refuse)
        expected = [
            (
                "f.xlsx: syntax: not a valid .xlsx workbook: ValueError: Row numbers must be "
                "between 1 and 1048576"
            )
        ]
        assert expected == problems(excel(HEADER, ["023", "А", 1, 0]), "xlsx")

    def test_zip_without_workbook(self) -> None:
        """A zip that holds no workbook parts is a syntax error."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        (message,) = problems(buffer.getvalue(), "xlsx")
        assert message.startswith("f.xlsx: syntax: not a valid .xlsx workbook: ")

    def test_zip_bomb(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Parts that unpack beyond the limit are refused before openpyxl parses them."""
        monkeypatch.setattr(_facts_xlsx, "MAX_UNPACKED", 1024 * 1024)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
        expected = ["f.xlsx: too-large: the workbook unpacks to 3.0 MB; the limit is 1 MB"]
        assert len(buffer.getvalue()) < 1024 * 1024
        assert expected == problems(buffer.getvalue(), "xlsx")

    def test_too_many_cells(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A sheet whose used range is too large is refused before its cells are made."""
        monkeypatch.setattr(_facts_xlsx, "MAX_CELLS", 7)
        expected = [
            (
                'f.xlsx: too-large: sheet "Лист1" spans 2 rows and 4 columns; expected at most '
                "7 cells: delete the unused rows and columns"
            )
        ]
        assert expected == problems(excel(HEADER, ["023", "А", 1, 0]), "xlsx")

    def test_text_is_not_a_workbook(self) -> None:
        """A workbook given as text is refused."""
        expected = ["f.xlsx: syntax: a workbook is given as text; expected its bytes"]
        assert expected == problems("PK", "xlsx")

    def test_missing_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without openpyxl the error names the extra to install."""
        data = excel(HEADER)
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        expected = [
            (
                "f.xlsx: missing-extra: reading .xlsx files needs the openpyxl package; expected "
                "it installed: pip install 'pdrs-rules[xlsx]'"
            )
        ]
        assert expected == problems(data, "xlsx")

    def test_empty_sheet(self) -> None:
        """A sheet with nothing on it is empty."""
        expected = ["f.xlsx: empty: the file is empty; expected a header row and a row per school"]
        assert expected == problems(excel(), "xlsx")


class TestNeverCrashes:
    """Any sheet, and any damage to a workbook's bytes, gives a table or FactsInvalid."""

    @SETTINGS
    @given(rows=sheet_rows())
    def test_arbitrary_cells(self, rows: list[list[object]]) -> None:
        """Arbitrary cells never crash; every problem is one line naming the file."""
        try:
            diagnostics = read(excel(*rows), "xlsx").warnings
        except FactsInvalid as group:
            diagnostics = group.diagnostics
        for diagnostic in diagnostics:
            assert diagnostic.location.file == "f.xlsx"
            assert "\n" not in diagnostic.message

    @SETTINGS
    @given(at=st.integers(0, 10**6), byte=st.integers(0, 255), cut=st.booleans())
    def test_damaged_bytes(self, at: int, byte: int, cut: bool) -> None:
        """A workbook with one byte changed, or cut short, never crashes."""
        data = bytearray(VALID)
        at %= len(data)
        if cut:
            del data[at:]
        else:
            data[at] = byte
        try:
            diagnostics = read(bytes(data), "xlsx").warnings
        except FactsInvalid as group:
            diagnostics = group.diagnostics
        assert all(d.location.file == "f.xlsx" for d in diagnostics)


VALID = handmade(handmade_header(), text_cell("A2", "023") + '<c r="C2"><v>1</v></c>')
