"""Tests for reading facts tables: formats, encodings, cell parsing and every problem code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdrs_rules import _facts
from pdrs_rules._facts import FactsTable, facts_from_rows, load_facts, read_facts_text
from pdrs_rules._model import EntitySpec, FactSpec, School, ValueType
from pdrs_rules.errors import Diagnostic, FactsError, FactsInvalid, Location, Severity

FACTS = {
    "developed": FactSpec(
        "developed", "Разработали ИОМ", ValueType.INTEGER, "Разработали ИОМ", minimum=0
    ),
    "dismissed": FactSpec(
        "dismissed", "Уволились", ValueType.INTEGER, "Уволено", minimum=0, maximum="developed"
    ),
    "share": FactSpec(
        "share", "Доля", ValueType.NUMBER, "Доля, %", required=False, minimum=0, maximum=100
    ),
    "mentoring": FactSpec(
        "mentoring", "Наставничество", ValueType.BOOLEAN, "Наставничество", required=False
    ),
    "note": FactSpec("note", "Примечание", ValueType.STRING, "Примечание", required=False),
}
ENTITY = EntitySpec(id_column="Код ОО", name_column="Наименование ОО", period_column="Период")
HEADER = "Код ОО;Наименование ОО;Разработали ИОМ;Уволено"
NOTHING = {"share": None, "mentoring": None, "note": None}


def read(text: str | bytes, fmt: _facts.Format = "csv", **options: object) -> FactsTable:
    """Read facts from memory with the test ruleset's facts."""
    return read_facts_text(text, file=f"f.{fmt}", format=fmt, facts=FACTS, entity=ENTITY, **options)


def problems(text: str | bytes, fmt: _facts.Format = "csv", **options: object) -> list[str]:
    """Read facts that must be invalid; return each problem as ``str()`` shows it."""
    with pytest.raises(FactsInvalid) as caught:
        read(text, fmt, **options)
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def codes(text: str | bytes, fmt: _facts.Format = "csv") -> list[str]:
    """The codes of the problems of text that must be invalid."""
    with pytest.raises(FactsInvalid) as caught:
        read(text, fmt)
    return [diagnostic.code for diagnostic in caught.value.diagnostics]


def facts(developed: int | None, dismissed: int | None, **more: object) -> dict[str, object]:
    """A school's full facts mapping: the two required facts, the rest None unless given."""
    return {"developed": developed, "dismissed": dismissed, **NOTHING, **more}


def csv_file(*rows: str, delimiter: str = ";") -> str:
    """CSV text with the standard header and the given rows, one per line."""
    return "\n".join([HEADER.replace(";", delimiter), *rows]) + "\n"


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


class TestCsvCells:
    """Cells are parsed the way Russian spreadsheets write them."""

    def test_decimal_comma_and_point(self) -> None:
        """``12,5`` and ``12.5`` are both 12.5 for a number fact."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;12,5\n2;5;1;12.5\n"
        expected = [12.5, 12.5]
        assert expected == [school.facts["share"] for school in read(text).schools]

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("1 234", 1234),
            ("1\u00a0234", 1234),
            ("1\u202f234", 1234),
            ("12 345 678", 12345678),
            ("12,0", 12),
            ("12.00", 12),
            ("+7", 7),
            ("  42  ", 42),
            ("000000000000000000007", 7),
        ],
    )
    def test_integers(self, cell: str, expected: int) -> None:
        """Thousands separators, a zero fraction, a sign and padding are accepted."""
        text = f"Код ОО;Разработали ИОМ;Уволено\n1;{cell};0\n"
        assert expected == read(text).schools[0].facts["developed"]

    def test_number_thousands_and_fraction(self) -> None:
        """A number fact takes thousands separators and a decimal comma together."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;1 099,75\n"
        expected = 1099.75
        assert expected == read(text, out_of_bounds="warn").schools[0].facts["share"]

    def test_number_facts_are_floats(self) -> None:
        """A number fact is a float even when written without a fraction."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;50\n"
        share = read(text).schools[0].facts["share"]
        assert (50.0, float) == (share, type(share))

    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("да", True),
            ("ДА", True),
            ("Нет", False),
            ("yes", True),
            ("No", False),
            ("TRUE", True),
            ("false", False),
            ("1", True),
            ("0", False),
            ("+", True),
            ("-", False),
        ],
    )
    def test_booleans(self, cell: str, expected: bool) -> None:
        """Yes/no values are accepted in Russian and English, as digits and as signs."""
        text = f"Код ОО;Разработали ИОМ;Уволено;Наставничество\n1;5;1;{cell}\n"
        assert expected == read(text).schools[0].facts["mentoring"]

    def test_id_kept_exactly(self) -> None:
        """An id like ``023`` keeps its leading zero; surrounding spaces are dropped."""
        text = csv_file("023;Гимназия;10;2", " 0045 ;Лицей;10;2")
        expected = ["023", "0045"]
        assert expected == [school.id for school in read(text).schools]

    def test_empty_cell_is_missing(self) -> None:
        """An empty or blank cell is None, never 0."""
        text = csv_file("1;А;10;", "2;Б;10;   ", "3;В;10;\u00a0")
        expected = [facts(10, None)] * 3
        assert expected == [school.facts for school in read(text).schools]

    def test_optional_column_absent(self) -> None:
        """Optional facts without a column are None for every school."""
        table = read(csv_file("1;А;10;1", "2;Б;11;0"))
        assert [facts(10, 1), facts(11, 0)] == [school.facts for school in table.schools]

    def test_string_fact(self) -> None:
        """A string fact is the cell's text without surrounding spaces."""
        text = "Код ОО;Разработали ИОМ;Уволено;Примечание\n1;5;1;  по плану 2023  \n"
        expected = "по плану 2023"
        assert expected == read(text).schools[0].facts["note"]

    def test_name_missing_is_id(self) -> None:
        """Without a name column, or with an empty name, the school's name is its id."""
        text = "Код ОО;Разработали ИОМ;Уволено\n023;5;1\n"
        schools = [*read(text).schools, *read(csv_file("024;;5;1")).schools]
        expected = [("023", "023"), ("024", "024")]
        assert expected == [(school.id, school.name) for school in schools]

    def test_period_column(self) -> None:
        """The period column fills ``School.period``; the same id may recur in other periods."""
        text = "Код ОО;Период;Разработали ИОМ;Уволено\n1;2022;5;1\n1;2023;6;1\n"
        expected = [("1", "2022"), ("1", "2023")]
        assert expected == [(school.id, school.period) for school in read(text).schools]

    def test_trailing_empty_columns_and_blank_lines(self) -> None:
        """Empty trailing columns and lines of empty cells are ignored; lines still count."""
        text = "Код ОО;Разработали ИОМ;Уволено;;\n\n1;5;1;;\n;;;;\n2;6;1;;\n"
        table = read(text)
        expected = [
            School("1", "1", facts(5, 1), location=Location("f.csv", 3, 0, "row 3")),
            School("2", "2", facts(6, 1), location=Location("f.csv", 5, 0, "row 5")),
        ]
        assert (expected, ()) == (list(table.schools), table.warnings)

    def test_header_aliases(self) -> None:
        """Headers match by fact name or column, ignoring case and extra spaces; id/name too."""
        text = "ID; NAME ;developed;  уволено   \n1;Школа;5;1\n"
        table = read(text)
        assert [("1", "Школа", facts(5, 1))] == [(s.id, s.name, s.facts) for s in table.schools]

    def test_multiline_cell_keeps_line_numbers(self) -> None:
        """A quoted cell spanning lines moves the next row's line but not its row number."""
        text = 'Код ОО;Наименование ОО;Разработали ИОМ;Уволено\n1;"Школа\n№ 1";5;1\n2;Б;5;x\n'
        expected = [
            (
                "f.csv:4:4: bad-cell: 'x' is not an integer (school '2' \"Б\", fact 'dismissed', "
                'column "Уволено"); expected a whole number like 12'
            )
        ]
        assert expected == problems(text)


class TestProblemCodes:
    """Every problem has a code, an exact message and a file:line:column location."""

    def test_bad_cell(self) -> None:
        """A cell that is not an integer names the school, fact, column and what was expected."""
        text = csv_file("023;Гимназия № 1;10;12,5 чел.")
        expected = [
            (
                "f.csv:2:4: bad-cell: '12,5 чел.' is not an integer "
                "(school '023' \"Гимназия № 1\", "
                "fact 'dismissed', column \"Уволено\"); expected a whole number like 12"
            )
        ]
        assert expected == problems(text)

    def test_bad_cell_location(self) -> None:
        """The error's location carries line, column and the user-facing path."""
        with pytest.raises(FactsInvalid) as caught:
            read(csv_file("1;А;10;2", "023;Гимназия;10;12,5"))
        error = caught.value.exceptions[0]
        assert isinstance(error, FactsError)
        assert ("bad-cell", Location("f.csv", 3, 4, 'row 3, column "Уволено"')) == (
            error.code,
            error.location,
        )

    def test_bad_number_and_boolean(self) -> None:
        """Number and boolean facts say what they expected."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %;Наставничество\n1;5;1;двадцать;наверное\n"
        expected = [
            (
                "f.csv:2:4: bad-cell: 'двадцать' is not a number (school '1', fact 'share', "
                'column "Доля, %"); expected a number like 12,5 or 12.5'
            ),
            (
                "f.csv:2:5: bad-cell: 'наверное' is not a yes/no value (school '1', "
                "fact 'mentoring', column \"Наставничество\"); "
                "expected да/нет, yes/no, true/false, 1/0 or +/-"
            ),
        ]
        assert expected == problems(text)

    @pytest.mark.parametrize("cell", ["12,5", "1e3", "1,2,3", "1 23", "12 чел.", "--1"])
    def test_not_integers(self, cell: str) -> None:
        """A fraction, an exponent or stray text is a bad integer."""
        expected = ["bad-cell"]
        assert expected == codes(csv_file(f"1;А;{cell};0"))

    def test_out_of_bounds_literal(self) -> None:
        """A value below a literal minimum is an error naming the minimum."""
        text = csv_file("023;Гимназия;-1;")
        expected = [
            (
                "f.csv:2:3: out-of-bounds: -1 is less than the minimum 0 (school '023' "
                '"Гимназия", fact \'developed\', column "Разработали ИОМ"); expected at least 0'
            )
        ]
        assert expected == problems(text)

    def test_out_of_bounds_fact(self) -> None:
        """A bound naming a fact compares with that fact's value in the same row."""
        text = csv_file("023;Гимназия;10;12")
        expected = [
            (
                "f.csv:2:4: out-of-bounds: 12 is greater than 10, the value of fact 'developed' "
                '(column "Разработали ИОМ") in the row (school \'023\' "Гимназия", '
                "fact 'dismissed', column \"Уволено\"); expected at most 10"
            )
        ]
        assert expected == problems(text)

    def test_out_of_bounds_skipped_when_other_fact_missing(self) -> None:
        """A bound naming a fact whose cell is empty is not checked."""
        assert [facts(None, 12)] == [s.facts for s in read(csv_file("1;А;;12")).schools]

    def test_out_of_bounds_warn(self) -> None:
        """In "warn" mode out-of-bounds values are kept and reported as warnings."""
        table = read(csv_file("1;А;10;12", "2;Б;10;1"), out_of_bounds="warn")
        message = (
            "12 is greater than 10, the value of fact 'developed' (column \"Разработали ИОМ\") "
            "in the row (school '1' \"А\", fact 'dismissed', column \"Уволено\"); "
            "expected at most 10"
        )
        warning = Diagnostic(
            "out-of-bounds",
            message,
            Location("f.csv", 2, 4, 'row 2, column "Уволено"'),
            Severity.WARNING,
        )
        assert ([facts(10, 12), facts(10, 1)], (warning,)) == (
            [s.facts for s in table.schools],
            table.warnings,
        )

    def test_out_of_bounds_maximum_of_number(self) -> None:
        """A literal maximum on a number fact is shown without a needless ``.0``."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;100,5\n"
        expected = [
            (
                "f.csv:2:4: out-of-bounds: 100.5 is greater than the maximum 100 (school '1', "
                "fact 'share', column \"Доля, %\"); expected at most 100"
            )
        ]
        assert expected == problems(text)

    def test_missing_column(self) -> None:
        """A required fact without a column is one error, with a did-you-mean."""
        text = "Код ОО;Разработали ИОМ;Уволен\n1;5;1\n"
        expected = [
            (
                "f.csv:1: missing-column: required fact 'dismissed' (Уволились) has no column: "
                'expected a column headed "Уволено"; did you mean "Уволен"?'
            )
        ]
        assert expected == problems(text)

    def test_missing_column_without_suggestion(self) -> None:
        """With no similar header there is no did-you-mean."""
        text = "Код ОО;Разработали ИОМ\n1;5\n"
        expected = [
            (
                "f.csv:1: missing-column: required fact 'dismissed' (Уволились) has no column: "
                'expected a column headed "Уволено"'
            )
        ]
        assert expected == problems(text)

    def test_missing_id_column(self) -> None:
        """A table without the id column is one error, however many rows it has."""
        text = "Код  00;Разработали ИОМ;Уволено\n1;5;1\n2;5;1\n"
        expected = [
            (
                "f.csv:1: missing-id-column: there is no school id column: expected a column "
                'headed "Код ОО" (or "id"); did you mean "Код  00"?'
            )
        ]
        assert expected == problems(text)

    def test_unknown_column_warning(self) -> None:
        """A header that matches nothing is a warning with a did-you-mean, not dropped silently."""
        text = "Код ОО;Разработали ИОМ;Уволено;Наставнчество\n1;5;1;да\n"
        table = read(text)
        expected = (
            Diagnostic(
                "unknown-column",
                'column "Наставнчество" matches no fact and is ignored; '
                'did you mean "Наставничество"?',
                Location("f.csv", 1, 4, 'row 1, column "Наставнчество"'),
                Severity.WARNING,
            ),
        )
        shown = (
            'f.csv:1:4: unknown-column: warning: column "Наставнчество" matches no fact and is '
            'ignored; did you mean "Наставничество"?'
        )
        assert (expected, shown) == (table.warnings, str(table.warnings[0]))

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

    def test_duplicate_column(self) -> None:
        """Two headers for the same fact are an error at the second one."""
        text = "Код ОО;Разработали ИОМ;Уволено;dismissed\n1;5;1;1\n"
        expected = [
            (
                'f.csv:1:4: duplicate-column: columns 3 and 4 ("Уволено" and "dismissed") both '
                "hold fact 'dismissed'; keep one of them"
            )
        ]
        assert expected == problems(text)

    def test_duplicate_column_same_header(self) -> None:
        """The same header twice is an error too, also for the id."""
        text = "Код ОО;Разработали ИОМ;Уволено;код оо\n1;5;1;1\n"
        expected = [
            (
                'f.csv:1:4: duplicate-column: columns 1 and 4 are both headed "код оо" '
                "(the school id); keep one of them"
            )
        ]
        assert expected == problems(text)

    def test_missing_id(self) -> None:
        """A row with an empty id cell is an error naming the school by name."""
        text = csv_file("1;А;5;1", "  ;Гимназия № 2;5;1")
        expected = [
            (
                'f.csv:3:1: missing-id: row 3 has no school id (name "Гимназия № 2"); '
                'expected a value in column "Код ОО"'
            )
        ]
        assert expected == problems(text)

    def test_duplicate_school(self) -> None:
        """The same id twice in one period is an error naming both lines."""
        text = csv_file("023;Гимназия;5;1", "024;Лицей;5;1", "023;Гимназия;6;1")
        expected = [
            (
                "f.csv:4: duplicate-school: school '023' \"Гимназия\" appears twice: line 2 and "
                "line 4; keep one row per school"
            )
        ]
        assert expected == problems(text)

    def test_duplicate_school_in_period(self) -> None:
        """The message names the period when the table has one."""
        text = "Код ОО;Период;Разработали ИОМ;Уволено\n1;2023;5;1\n1;2023;5;1\n"
        expected = [
            (
                "f.csv:3: duplicate-school: school '1' appears twice in period '2023': line 2 and "
                "line 3; keep one row per school"
            )
        ]
        assert expected == problems(text)

    def test_too_many_digits(self) -> None:
        """An integer with more than 15 digits is too large."""
        text = csv_file("1;А;1234567890123456;0")
        expected = [
            (
                "f.csv:2:3: too-large: '1234567890123456' has more than 15 digits (school '1' "
                '"А", fact \'developed\', column "Разработали ИОМ"); '
                "expected a whole number of at most 15 digits"
            )
        ]
        assert expected == problems(text)

    def test_huge_integer_is_cheap(self) -> None:
        """Five thousand digits are refused by length, before int() sees them."""
        text = csv_file(f"1;А;{'1' * 5000};0")
        expected = ["too-large"]
        assert expected == codes(text)

    @pytest.mark.parametrize("cell", ["inf", "-Infinity", "nan", "NaN", "1e999"])
    def test_non_finite(self, cell: str) -> None:
        """Infinities and NaN are refused as too large."""
        text = f"Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;{cell}\n"
        expected = ["too-large"]
        assert expected == codes(text)

    def test_non_finite_message(self) -> None:
        """The message says the number is not finite."""
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %\n1;5;1;inf\n"
        expected = [
            (
                "f.csv:2:4: too-large: 'inf' is not a finite number (school '1', fact 'share', "
                'column "Доля, %"); expected a number like 12,5 or 12.5'
            )
        ]
        assert expected == problems(text)

    def test_too_many_rows(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """More rows than the limit are refused (the limit is lowered for the test)."""
        monkeypatch.setattr(_facts, "MAX_ROWS", 2)
        expected = ["f.csv:4: too-large: more than 2 rows; split the file"]
        assert expected == problems(csv_file("1;А;5;1", "2;Б;5;1", "3;В;5;1"))

    def test_text_too_large(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Text over the size limit is refused before it is parsed."""
        monkeypatch.setattr(_facts, "MAX_BYTES", 10 * 1024 * 1024)
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
            read_facts_text("", file="x", format="xlsx", facts=FACTS, entity=ENTITY)  # type: ignore[arg-type]
        expected = [
            "x: unsupported-format: unsupported format 'xlsx'; expected 'csv', 'json' or 'yaml'"
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]


class TestCollectAll:
    """Problems are collected from the whole file and raised together, sorted."""

    def test_two_bad_cells(self) -> None:
        """Two bad cells give two errors in line order, in one FactsInvalid."""
        text = csv_file("1;А;x;0", "2;Б;5;1", "3;В;5;y")
        with pytest.raises(FactsInvalid) as caught:
            read(text)
        group = caught.value
        expected = ("f.csv: 2 problems", ["bad-cell", "bad-cell"], [2, 4])
        assert expected == (
            group.message,
            [d.code for d in group.diagnostics],
            [d.location.line for d in group.diagnostics],
        )
        assert all(isinstance(error, FactsError) for error in group.exceptions)

    def test_header_and_cell_problems_together(self) -> None:
        """A missing column does not hide the bad cells of the columns that are there."""
        text = "Код ОО;Разработали ИОМ\n1;много\n"
        expected = ["bad-cell", "missing-column"]
        assert expected == sorted(codes(text))

    def test_str_lists_every_problem(self) -> None:
        """``str()`` of the group is one line per problem, each file:line:col: code: message."""
        text = csv_file("1;А;x;0", "1;Б;5;1")
        with pytest.raises(FactsInvalid) as caught:
            read(text)
        expected = (
            "f.csv:2:3: bad-cell: 'x' is not an integer (school '1' \"А\", fact 'developed', "
            'column "Разработали ИОМ"); expected a whole number like 12\n'
            "f.csv:3: duplicate-school: school '1' \"Б\" appears twice: line 2 and line 3; "
            "keep one row per school"
        )
        assert expected == str(caught.value)

    def test_row_problems_are_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Beyond the cap row problems are counted, not listed."""
        monkeypatch.setattr(_facts, "MAX_PROBLEMS", 2)
        text = csv_file(*(f"{i};А;x;0" for i in range(5)))
        with pytest.raises(FactsInvalid) as caught:
            read(text)
        group = caught.value
        expected = (
            "f.csv: 5 problems",
            ["too-many-problems", "bad-cell", "bad-cell"],
            "3 more problems are not listed; only the first 2 row problems are shown",
        )
        actual = (group.message, [d.code for d in group.diagnostics], group.diagnostics[0].message)
        assert expected == actual


class TestJson:
    """JSON: a list of objects, or ``{"schools": [...]}``; numbers stay numbers."""

    def test_list_of_objects(self) -> None:
        """Keys are headers or fact names; numbers, strings and null are all accepted."""
        text = """[
  {"Код ОО": 23, "Наименование ОО": "Гимназия", "developed": 10, "Уволено": "2",
   "Доля, %": "12,5", "Наставничество": true, "note": null},
  {"id": "024", "developed": 7.0, "dismissed": null}
]"""
        expected = [
            School(
                "23",
                "Гимназия",
                facts(10, 2, share=12.5, mentoring=True),
                location=Location("f.json", 2, 0, "$[0]"),
            ),
            School("024", "024", facts(7, None), location=Location("f.json", 4, 0, "$[1]")),
        ]
        assert expected == list(read(text, "json").schools)

    def test_wrapped_in_schools(self) -> None:
        """An object holding the list under "schools" is accepted; other keys are ignored."""
        text = '{"ruleset": "x", "schools": [{"id": "1", "developed": 1, "dismissed": 0}]}'
        assert [facts(1, 0)] == [s.facts for s in read(text, "json").schools]

    def test_bool_is_not_a_number(self) -> None:
        """JSON true for an integer fact is a bad cell."""
        text = '[\n{"id": "1", "developed": true, "dismissed": 0}\n]'
        expected = [
            (
                "f.json:2: bad-cell: true is not an integer (school '1', fact 'developed', "
                'column "developed"); expected a whole number like 12'
            )
        ]
        assert expected == problems(text, "json")

    def test_fractional_number_for_integer(self) -> None:
        """A JSON 2.5 for an integer fact is a bad cell, shown as written."""
        text = '[{"id": "1", "developed": 5, "dismissed": 2.5}]'
        expected = [
            (
                "f.json:1: bad-cell: 2.5 is not an integer (school '1', fact 'dismissed', "
                'column "dismissed"); expected a whole number like 12'
            )
        ]
        assert expected == problems(text, "json")

    def test_huge_numbers(self) -> None:
        """Numbers too long for int() and overflowing floats are too large, not crashes."""
        text = f'[{{"id": "1", "developed": {"9" * 5000}, "dismissed": 1e999}}]'
        expected = ["too-large", "too-large"]
        assert expected == codes(text, "json")

    def test_nested_value(self) -> None:
        """A list or object where a value should be is a bad cell."""
        text = '[{"id": "1", "developed": [1], "dismissed": {"a": 1}}]'
        expected = [
            (
                "f.json:1: bad-cell: a list is not an integer (school '1', fact 'developed', "
                'column "developed"); expected a whole number like 12'
            ),
            (
                "f.json:1: bad-cell: an object is not an integer (school '1', fact 'dismissed', "
                'column "dismissed"); expected a whole number like 12'
            ),
        ]
        assert expected == problems(text, "json")

    def test_duplicate_key(self) -> None:
        """A key repeated in one object is a duplicate column, not silently overwritten."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1, "dismissed": 2}]'
        expected = [
            (
                'f.json:1: duplicate-column: key "dismissed" appears twice in $[0] '
                "(fact 'dismissed'); keep one of them"
            )
        ]
        assert expected == problems(text, "json")

    def test_missing_id_in_one_object(self) -> None:
        """An object without the id key is a missing id when other objects have one."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1},\n{"developed": 5, "dismissed": 1}]'
        expected = ['f.json:2: missing-id: $[1] has no school id; expected a value for "Код ОО"']
        assert expected == problems(text, "json")

    def test_duplicate_school_names_paths(self) -> None:
        """Duplicate schools in JSON are named by path and line."""
        row = '{"id": "1", "developed": 5, "dismissed": 1}'
        text = f"[{row},\n{row}]"
        expected = [
            (
                "f.json:2: duplicate-school: school '1' appears twice: $[0] (line 1) and "
                "$[1] (line 2); keep one row per school"
            )
        ]
        assert expected == problems(text, "json")

    def test_unknown_key_warning(self) -> None:
        """An unknown key is warned about once, at its first object."""
        rows = [f'{{"id": "{n}", "developed": 5, "dismissed": 1, "dismised": 1}}' for n in (1, 2)]
        text = "[" + ",\n".join(rows) + "]"
        expected = [
            (
                'f.json:1: unknown-column: warning: column "dismised" matches no fact and is '
                'ignored; did you mean "dismissed"?'
            )
        ]
        warnings = read(text, "json").warnings
        assert expected == [str(w) for w in warnings]
        paths = ['$[0]["dismised"]']
        assert paths == [w.location.path for w in warnings]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[1, 2", "f.json:1:6: syntax: not valid JSON: Expecting ',' delimiter"),
            ('{"schools": [}', "f.json:1:14: syntax: not valid JSON: Expecting value"),
            ("[]  x", "f.json:1:5: syntax: not valid JSON: Extra data"),
            (
                '{"a": 1}',
                (
                    'f.json:1: syntax: the object has no key "schools"; expected a list of '
                    'objects, one per school, or an object with key "schools" holding that list'
                ),
            ),
            (
                '{"schools": 5}',
                'f.json:1:13: syntax: "schools" is 5; expected a list of objects',
            ),
            (
                '"x"',
                (
                    "f.json:1: syntax: the document is 'x'; expected a list of objects, one per "
                    'school, or an object with key "schools" holding that list'
                ),
            ),
            ("[" * 100_000, "f.json: syntax: not valid JSON: nested too deeply"),
        ],
    )
    def test_syntax(self, text: str, expected: str) -> None:
        """Bad JSON and wrong shapes are syntax errors with a position where known."""
        assert [expected] == problems(text, "json")

    def test_item_not_an_object(self) -> None:
        """A list item that is not an object is a syntax error at that item."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1},\n"школа"]'
        expected = [
            "f.json:2: syntax: $[1] is 'школа'; expected an object with column headers as keys"
        ]
        assert expected == problems(text, "json")

    def test_too_many_rows(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A list longer than the row limit is refused while it is being read."""
        monkeypatch.setattr(_facts, "MAX_ROWS", 2)
        expected = ["f.json:4: too-large: more than 2 rows; split the file"]
        assert expected == problems('{"schools": [\n{},\n{},\n{}]}', "json")

    def test_empty_list(self) -> None:
        """An empty list of schools is empty."""
        expected = ["f.json: empty: there are no schools; expected one object per school"]
        assert expected == problems("[]", "json")


class TestYaml:
    """YAML: the same shapes as JSON, with line and column of every value."""

    def test_list_and_exact_ids(self) -> None:
        """Plain scalars are read as written: ``023`` stays "023", ``12,5`` is 12.5."""
        text = """\
- Код ОО: 023
  Наименование ОО: Гимназия
  Разработали ИОМ: 10
  Уволено: 2
  Доля, %: 12,5
  Наставничество: да
- id: 24
  developed: 1 234
  dismissed: ~
"""
        expected = [
            School(
                "023",
                "Гимназия",
                facts(10, 2, share=12.5, mentoring=True),
                location=Location("f.yaml", 1, 0, "$[0]"),
            ),
            School("24", "24", facts(1234, None), location=Location("f.yaml", 7, 0, "$[1]")),
        ]
        assert expected == list(read(text, "yaml").schools)

    def test_wrapped_in_schools(self) -> None:
        """A mapping with key "schools" holding the list is accepted."""
        text = "schools:\n  - {id: a, developed: 1, dismissed: 0}\n"
        assert [facts(1, 0)] == [s.facts for s in read(text, "yaml").schools]

    def test_bad_cell_line_and_column(self) -> None:
        """An error points at the value's own line and column."""
        text = "schools:\n  - id: '1'\n    developed: 5\n    dismissed: 12,5 чел.\n"
        expected = [
            (
                "f.yaml:4:16: bad-cell: '12,5 чел.' is not an integer (school '1', "
                "fact 'dismissed', column \"dismissed\"); expected a whole number like 12"
            )
        ]
        assert expected == problems(text, "yaml")

    def test_duplicate_key(self) -> None:
        """A key given twice in one mapping is a duplicate column at the second one."""
        text = "- id: '1'\n  developed: 5\n  dismissed: 1\n  Уволено: 2\n"
        expected = [
            (
                'f.yaml:4:12: duplicate-column: keys "dismissed" and "Уволено" in $[0] both '
                "hold fact 'dismissed'; keep one of them"
            )
        ]
        assert expected == problems(text, "yaml")

    def test_yaml_true_is_not_an_integer(self) -> None:
        """``true`` for an integer fact is a bad cell, like in JSON."""
        text = "- {id: '1', developed: true, dismissed: 0}\n"
        expected = ["bad-cell"]
        assert expected == codes(text, "yaml")

    def test_tags_are_not_constructed(self) -> None:
        """A Python tag is never constructed: the tagged node is only looked at."""
        text = "- {id: !!python/object/apply:os.system ['true'], developed: 1, dismissed: 0}\n"
        expected = [
            (
                'f.yaml:1:8: bad-cell: a list is not text (column "id"); '
                'expected text or a number, like "023"'
            )
        ]
        assert expected == problems(text, "yaml")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "- [",
                (
                    "f.yaml:1:4: syntax: not valid YAML: expected the node content, "
                    "but found '<stream end>'"
                ),
            ),
            (
                "a: 1\n",
                (
                    'f.yaml:1:1: syntax: the mapping has no key "schools"; expected a list of '
                    'mappings, one per school, or a mapping with key "schools" holding that list'
                ),
            ),
            (
                "- 1\n",
                "f.yaml:1:3: syntax: $[0] is '1'; expected a mapping of column headers to values",
            ),
            ("", "f.yaml: empty: the file is empty; expected a list of schools"),
        ],
    )
    def test_syntax(self, text: str, expected: str) -> None:
        """Bad YAML and wrong shapes are syntax (or empty) errors at their mark."""
        assert [expected] == problems(text, "yaml")


class TestRows:
    """Python mappings given to the API are checked like JSON objects."""

    def test_rows(self) -> None:
        """Rows use headers or fact names; Python numbers and strings both work."""
        rows = [
            {"Код ОО": "023", "developed": 10, "Уволено": "2"},
            {"id": 24, "developed": 3.0, "dismissed": None, "share": 7},
        ]
        table = facts_from_rows(rows, FACTS, ENTITY)
        expected = FactsTable(
            "<rows>",
            (
                School("023", "023", facts(10, 2), location=Location("<rows>", 0, 0, "$[0]")),
                School(
                    "24",
                    "24",
                    facts(3, None, share=7.0),
                    location=Location("<rows>", 0, 0, "$[1]"),
                ),
            ),
        )
        assert expected == table

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
        monkeypatch.setattr(_facts, "MAX_ROWS", 3)

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
        path.write_text(csv_file("1;А;5;x"), encoding="utf-8")
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        assert str(caught.value).startswith(f"{path}:2:4: bad-cell: 'x' is not an integer")

    def test_unsupported_format(self, tmp_path: Path) -> None:
        """A spreadsheet file is refused with a hint to save it as CSV."""
        path = tmp_path / "f.xlsx"
        path.write_bytes(b"PK")
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        expected = [
            (
                f"{path}: unsupported-format: unsupported file type ('.xlsx'); expected .csv, "
                ".tsv, .txt, .json, .yaml or .yml; save the sheet as CSV"
            )
        ]
        assert expected == [str(d) for d in caught.value.diagnostics]

    def test_file_too_large(self, tmp_path: Path) -> None:
        """A file over 50 MB is refused without being read."""
        path = tmp_path / "big.csv"
        with path.open("wb") as stream:
            stream.truncate(51 * 1024 * 1024)
        with pytest.raises(FactsInvalid) as caught:
            load_facts(path, FACTS, ENTITY)
        expected = [f"{path}: too-large: the file is 51.0 MB; the limit is 50 MB"]
        assert expected == [str(d) for d in caught.value.diagnostics]

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist is an OSError, not a facts problem."""
        with pytest.raises(FileNotFoundError):
            load_facts(os.fspath(tmp_path / "nope.csv"), FACTS, ENTITY)


class TestNeverCrashes:
    """Untrusted input can only ever give a table or FactsInvalid."""

    @settings(max_examples=300, deadline=None)
    @given(
        data=st.one_of(st.text(), st.binary()),
        fmt=st.sampled_from(["csv", "json", "yaml"]),
    )
    def test_arbitrary_input(self, data: str | bytes, fmt: _facts.Format) -> None:
        """Any text or bytes in any format gives a FactsTable or raises FactsInvalid."""
        try:
            result: FactsTable | FactsInvalid = read(data, fmt)
        except FactsInvalid as group:
            result = group
        if isinstance(result, FactsInvalid):
            assert all(isinstance(error, FactsError) for error in result.exceptions)
        else:
            assert isinstance(result, FactsTable)

    @settings(max_examples=300, deadline=None)
    @given(
        cells=st.lists(
            st.one_of(
                st.text(alphabet="0123456789 ,.-+eEinfa\u00a0да", max_size=12),
                st.sampled_from(["", "1 234", "12,5", "да", "inf", "9" * 20]),
            ),
            min_size=4,
            max_size=4,
        )
    )
    def test_arbitrary_cells(self, cells: list[str]) -> None:
        """Cells that look almost like numbers give values of the right type or FactsInvalid."""
        row = ";".join(["1", *cells])
        text = "Код ОО;Разработали ИОМ;Уволено;Доля, %;Наставничество\n" + row + "\n"
        try:
            school = read(text).schools[0]
        except FactsInvalid:
            return
        types = {name: type(value) for name, value in school.facts.items() if value is not None}
        allowed = {"developed": int, "dismissed": int, "share": float, "mentoring": bool}
        assert all(allowed[name] is kind for name, kind in types.items())
