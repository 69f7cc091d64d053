"""Tests for reading facts: encodings, CSV dialects and layout, limits, files by extension."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pdrs_rules._facts import _read as _facts_read
from pdrs_rules._facts import _sheet as _facts_table
from pdrs_rules._facts._table import facts_from_rows, load_facts, read_facts_text
from pdrs_rules._model import School
from pdrs_rules.errors import FactsInvalid, Location
from tests.test_facts import ENTITY, FACTS, HEADER, csv_file, facts, problems, read


class TestCsvEncodings:
    """CSV bytes are UTF-8 with or without BOM, or else Windows-1251."""

    TEXT = csv_file("023;Гимназия № 1;10;2")
    SCHOOLS = (
        School("023", "Гимназия № 1", facts(10, 2), location=Location("f.csv", 2, 0, "row 2")),
    )

    def test_utf8(self) -> None:
        """Plain UTF-8 bytes are decoded."""
        expected = self.SCHOOLS
        assert expected == read(self.TEXT.encode()).schools

    def test_utf8_bom(self) -> None:
        """The UTF-8 byte order mark Excel writes does not stick to the first header."""
        expected = self.SCHOOLS
        assert expected == read(b"\xef\xbb\xbf" + self.TEXT.encode()).schools

    def test_bom_in_str(self) -> None:
        """A BOM left in already decoded text is dropped too."""
        expected = self.SCHOOLS
        assert expected == read("\ufeff" + self.TEXT).schools

    def test_cp1251(self) -> None:
        """Bytes that are not UTF-8 are read as Windows-1251, Russian Excel's default."""
        expected = self.SCHOOLS
        assert expected == read(self.TEXT.encode("cp1251")).schools

    def test_utf16_with_bom(self) -> None:
        """Excel's "Unicode text" export (UTF-16 with a BOM) is decoded."""
        expected = self.SCHOOLS
        assert expected == read(self.TEXT.encode("utf-16")).schools

    def test_undecodable(self) -> None:
        """Bytes that are neither UTF-8 nor cp1251 are an encoding error with their line."""
        data = HEADER.encode() + b"\n023;\x98;1;1\n"
        offset = len(HEADER.encode()) + 5
        expected = [
            (
                "f.csv:2: encoding: the file is not valid UTF-8 or Windows-1251 (cp1251): "
                f"byte 0x98 at offset {offset} cannot be decoded; "
                'expected UTF-8 text (in Excel: save as "CSV UTF-8")'
            )
        ]
        assert expected == problems(data)


class TestCsvDelimiters:
    """The delimiter is the commonest of ``;``, ``,`` and tab outside quotes in the header."""

    @pytest.mark.parametrize("delimiter", [";", ",", "\t"])
    def test_sniffed(self, delimiter: str) -> None:
        """Each of the three delimiters is recognised."""
        text = csv_file(delimiter.join(["023", "Гимназия", "10", "2"]), delimiter=delimiter)
        assert [facts(10, 2)] == [school.facts for school in read(text).schools]

    def test_quoted_commas_do_not_count(self) -> None:
        """Commas inside a quoted header do not outvote the semicolons."""
        text = 'Код ОО;"Всего, чел., по, годам, 2021, 2022";Разработали ИОМ;Уволено\n1;x;5;1\n'
        table = read(text)
        assert [facts(5, 1)] == [school.facts for school in table.schools]

    def test_comma_delimited_decimal_comma_quoted(self) -> None:
        """With ``,`` as the delimiter a decimal comma arrives in a quoted cell."""
        text = 'Код ОО,Разработали ИОМ,Уволено,"Доля, %"\n1,5,1,"12,5"\n'
        assert [facts(5, 1, share=12.5)] == [school.facts for school in read(text).schools]

    def test_excel_sep_line(self) -> None:
        """An Excel ``sep=`` first line pins the delimiter and is neither header nor row."""
        text = "sep=,\nКод ОО,Разработали ИОМ,Уволено,Наставнчество;\n1,5,1,да\n"
        table = read(text)
        expected = (
            [School("1", "1", facts(5, 1), location=Location("f.csv", 3, 0, "row 2"))],
            [
                (
                    'f.csv:2:4: unknown-column: warning: column "Наставнчество;" matches no fact '
                    'and is ignored; did you mean "Наставничество"?'
                )
            ],
        )
        assert expected == (list(table.schools), [str(w) for w in table.warnings])


class TestCsvLayout:
    """Blank lines, multi-line cells and columns without headers are handled."""

    def test_trailing_empty_columns_and_blank_lines(self) -> None:
        """Empty trailing columns and lines of empty cells are ignored; lines still count."""
        text = "Код ОО;Разработали ИОМ;Уволено;;\n\n1;5;1;;\n;;;;\n2;6;1;;\n"
        table = read(text)
        expected = [
            School("1", "1", facts(5, 1), location=Location("f.csv", 3, 0, "row 3")),
            School("2", "2", facts(6, 1), location=Location("f.csv", 5, 0, "row 5")),
        ]
        assert (expected, ()) == (list(table.schools), table.warnings)

    def test_multiline_cell_keeps_line_numbers(self) -> None:
        """A quoted cell spanning lines moves the next row's line but not its row number."""
        text = 'Код ОО;Наименование ОО;Разработали ИОМ;Уволено\n1;"Школа\n№ 1";5;1\n2;Б;5;xy\n'
        expected = [
            (
                "f.csv:4:4: bad-cell: 'xy' is not an integer (school '2' \"Б\", fact 'dismissed', "
                'column "Уволено"); expected a whole number like 12'
            )
        ]
        assert expected == problems(text)

    def test_values_under_no_header(self) -> None:
        """Values in a column without a header are reported once, not dropped silently."""
        text = "Код ОО;Разработали ИОМ;Уволено;\n1;5;1;\n2;5;1;7\n3;5;1;8;9\n"
        table = read(text)
        expected = [
            (
                "f.csv:1:4: unknown-column: warning: column 4 has no header but has values "
                "(first '7' in row 3); they are ignored"
            ),
            (
                "f.csv:1:5: unknown-column: warning: column 5 has no header but has values "
                "(first '9' in row 4); they are ignored"
            ),
        ]
        assert expected == [str(w) for w in table.warnings]


class TestCsvProblems:
    """Empty, malformed and oversized input is refused with a code."""

    def test_too_many_rows(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """More rows than the limit are refused (the limit is lowered for the test)."""
        monkeypatch.setattr(_facts_table, "MAX_ROWS", 2)
        expected = ["f.csv:4: too-large: more than 2 rows; split the file"]
        assert expected == problems(csv_file("1;А;5;1", "2;Б;5;1", "3;В;5;1"))

    def test_text_too_large(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Text over the size limit is refused before it is parsed."""
        monkeypatch.setattr(_facts_read, "MAX_BYTES", 10 * 1024 * 1024)
        text = "x" * (11 * 1024 * 1024)
        expected = ["f.csv: too-large: the file is 11.0 MB; the limit is 10 MB"]
        assert expected == problems(text)

    def test_empty_file(self) -> None:
        """A file with nothing in it is empty."""
        expected = ["f.csv: empty: the file is empty; expected a header row and a row per school"]
        assert expected == problems(" \n\n")

    def test_header_only(self) -> None:
        """A header without rows is empty."""
        expected = ["f.csv:1: empty: the file has a header but no rows; expected a row per school"]
        assert expected == problems(HEADER + "\n")

    def test_csv_syntax(self) -> None:
        """Text after a closing quote is a syntax error at its line."""
        text = csv_file('1;"А"б;5;1')
        expected = ["f.csv:2: syntax: not valid CSV: ';' expected after '\"'"]
        assert expected == problems(text)

    def test_unsupported_format_text(self) -> None:
        """An unknown format name is refused."""
        with pytest.raises(FactsInvalid) as caught:
            read_facts_text("", file="x", format="numbers", facts=FACTS, entity=ENTITY)  # type: ignore[arg-type]
        expected = [
            (
                "x: unsupported-format: unsupported format 'numbers'; expected 'csv', 'json', "
                "'yaml', 'xlsx', 'xls' or 'ods'"
            )
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]


class TestPythonRows:
    """Python rows that are not mappings, or endless, are refused."""

    def test_bool_and_non_mapping(self) -> None:
        """A bool for an integer and a row that is not a mapping are reported together."""
        rows: list[object] = [{"id": "1", "developed": True, "dismissed": 0}, ["1", 2]]
        with pytest.raises(FactsInvalid) as caught:
            facts_from_rows(rows, FACTS, ENTITY, file="api")  # type: ignore[arg-type]
        expected = [
            (
                "api: bad-cell: true is not an integer (school '1', fact 'developed', "
                'column "developed"); expected a whole number like 12'
            ),
            "api: syntax: $[1] is a list; expected a mapping of headers to values",
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]

    def test_infinite_iterable_is_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An endless iterable stops at the row limit."""
        monkeypatch.setattr(_facts_read, "MAX_ROWS", 3)

        def endless() -> object:
            number = 0
            while True:
                number += 1
                yield {"id": str(number), "developed": 1, "dismissed": 0}

        with pytest.raises(FactsInvalid) as caught:
            facts_from_rows(endless(), FACTS, ENTITY)  # type: ignore[arg-type]
        expected = ["too-large"]
        assert expected == [d.code for d in caught.value.diagnostics]


class TestLoadFacts:
    """Files are read by extension, with size limits checked first."""

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("f.csv", "id;developed;dismissed\n1;2;0\n"),
            ("f.tsv", "id\tdeveloped\tdismissed\n1\t2\t0\n"),
            ("f.txt", "id,developed,dismissed\n1,2,0\n"),
            ("f.json", '[{"id": "1", "developed": 2, "dismissed": 0}]'),
            ("f.yaml", "- {id: '1', developed: 2, dismissed: 0}\n"),
            ("F.YML", "- {id: '1', developed: 2, dismissed: 0}\n"),
        ],
    )
    def test_extensions(self, tmp_path: Path, name: str, content: str) -> None:
        """Each supported extension picks its format; the location names the file."""
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        table = load_facts(path, FACTS, ENTITY)
        assert (str(path), [facts(2, 0)]) == (table.file, [s.facts for s in table.schools])

    def test_cp1251_file(self, tmp_path: Path) -> None:
        """A cp1251 file written by Excel is read."""
        path = tmp_path / "ОО.csv"
        path.write_bytes(csv_file("023;Гимназия № 1;10;2").encode("cp1251"))
        school = load_facts(str(path), FACTS, ENTITY).schools[0]
        assert ("023", "Гимназия № 1", facts(10, 2)) == (school.id, school.name, school.facts)

    def test_error_names_the_file(self, tmp_path: Path) -> None:
        """``str()`` of an error starts with the path, line and column."""
        path = tmp_path / "f.csv"
        path.write_text(csv_file("1;А;5;xy"), encoding="utf-8")
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        assert str(caught.value).startswith(f"{path}:2:4: bad-cell: 'xy' is not an integer")

    def test_unsupported_format(self, tmp_path: Path) -> None:
        """A file type no reader knows (Apple Numbers) is refused, listing the known ones."""
        path = tmp_path / "f.numbers"
        path.write_bytes(b"PK")
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        expected = [
            (
                f"{path}: unsupported-format: unsupported file type ('.numbers'); expected .csv, "
                ".tsv, .txt, .json, .yaml, .yml, .xlsx, .xlsm, .xls or .ods"
            )
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]

    def test_file_too_large(self, tmp_path: Path) -> None:
        """A file over 200 MB is refused without being read."""
        path = tmp_path / "big.csv"
        with path.open("wb") as stream:
            stream.truncate(201 * 1024 * 1024)
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        expected = [f"{path}: too-large: the file is 201.0 MB; the limit is 200 MB"]
        assert expected == [str(d) for d in caught.value.diagnostics]

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist is an OSError, not a facts problem."""
        with pytest.raises(FileNotFoundError):
            load_facts(os.fspath(tmp_path / "nope.csv"), FACTS, ENTITY)
