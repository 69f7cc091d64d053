"""Tests for facts tables: schools, bounds, Python rows, and helpers the other facts tests share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdrs_rules._facts._read import Format
from pdrs_rules._facts._table import FactsTable, facts_from_rows, read_facts_text
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


def read(text: str | bytes, fmt: Format = "csv", **options: object) -> FactsTable:
    """Read facts from memory with the test ruleset's facts."""
    return read_facts_text(text, file=f"f.{fmt}", format=fmt, facts=FACTS, entity=ENTITY, **options)


def problems(text: str | bytes, fmt: Format = "csv", **options: object) -> list[str]:
    """Read facts that must be invalid; return each problem as ``str()`` shows it."""
    with pytest.raises(FactsInvalid) as caught:
        read(text, fmt, **options)
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]


def codes(text: str | bytes, fmt: Format = "csv") -> list[str]:
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


class TestSchools:
    """Each row becomes a school with its id, name, period and a value for every fact."""

    def test_id_kept_exactly(self) -> None:
        """An id like ``023`` keeps its leading zero; surrounding spaces are dropped."""
        text = csv_file("023;Гимназия;10;2", " 0045 ;Лицей;10;2")
        expected = ["023", "0045"]
        assert expected == [school.id for school in read(text).schools]

    def test_optional_column_absent(self) -> None:
        """Optional facts without a column are None for every school."""
        table = read(csv_file("1;А;10;1", "2;Б;11;0"))
        assert [facts(10, 1), facts(11, 0)] == [school.facts for school in table.schools]

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


class TestBounds:
    """Values are checked against their fact's minimum and maximum."""

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


class TestNeverCrashes:
    """Untrusted input can only ever give a table or FactsInvalid."""

    @settings(max_examples=300, deadline=None)
    @given(
        data=st.one_of(st.text(), st.binary()),
        fmt=st.sampled_from(["csv", "json", "yaml"]),
    )
    def test_arbitrary_input(self, data: str | bytes, fmt: Format) -> None:
        """Any text or bytes in any format gives a FactsTable or raises FactsInvalid."""
        try:
            result: FactsTable | FactsInvalid = read(data, fmt)
        except FactsInvalid as group:
            result = group
        if isinstance(result, FactsInvalid):
            assert all(isinstance(error, FactsError) for error in result.exceptions)
        else:
            assert isinstance(result, FactsTable)
