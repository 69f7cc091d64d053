"""Tests for facts files as real exports write them: CSV variants, totals rows, the long layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdrs_rules._facts._table import iter_facts, load_facts
from pdrs_rules._model import School
from pdrs_rules.errors import FactsInvalid, Location
from tests.test_facts import ENTITY, FACTS, HEADER, facts, problems, read
from tests.test_facts_xlsx import excel

#: The schools every CSV variant below describes, written out by hand.
EXPECTED = [
    ("023", "Гимназия № 1", facts(1234, 2, share=12.5)),
    ("024", "СОШ № 2", facts(7, None, share=100.0)),
]


def _variant_text(delimiter: str, group: str, trailing: bool) -> str:
    """The two schools as one CSV dialect writes them; a comma delimiter quotes 12,5."""
    extra = delimiter * 2 if trailing else ""
    header = delimiter.join([*HEADER.split(";"), "Доля, %"])
    if delimiter == ",":
        header = header.replace("Доля, %", '"Доля, %"')
    share = '"12,5"' if delimiter == "," else "12,5"
    rows = [
        header + extra,
        delimiter.join(["023", "Гимназия № 1", f"1{group}234", "2", share]) + extra,
        delimiter.join(["024", "СОШ № 2", "7", "", "100"]) + extra,
    ]
    return "\r\n".join(rows) + "\r\n"


VARIANTS = [
    pytest.param(encoding, delimiter, group, trailing, id=f"{encoding}-{name}-{gid}-{tid}")
    for encoding in ("utf-8", "utf-8-sig", "cp1251", "utf-16")
    for delimiter, name in ((";", "semicolon"), (",", "comma"), ("\t", "tab"))
    for group, gid in ((" ", "space"), ("\u00a0", "nbsp"), ("\u202f", "narrow-nbsp"), ("", "plain"))
    for trailing, tid in ((False, "exact"), (True, "trailing-empty"))
    # cp1251 has the no-break space but not the narrow one; Excel writes no such file.
    if not (encoding == "cp1251" and group == "\u202f")
]


class TestCsvVariants:
    """Every CSV dialect seen in real exports reads to the same schools."""

    @pytest.mark.parametrize(("encoding", "delimiter", "group", "trailing"), VARIANTS)
    def test_round_trip(
        self, tmp_path: Path, encoding: str, delimiter: str, group: str, trailing: bool
    ) -> None:
        """Encoding, delimiter, digit groups and trailing empty columns do not change values."""
        path = tmp_path / "f.csv"
        path.write_bytes(_variant_text(delimiter, group, trailing).encode(encoding))
        table = load_facts(path, FACTS, ENTITY)
        actual = [(school.id, school.name, school.facts) for school in table.schools]
        expected = (EXPECTED, ())
        assert expected == (actual, table.warnings)

    def test_cp1251_is_not_utf8(self) -> None:
        """The cp1251 fixture really differs from UTF-8, so the test above reads a codec."""
        text = _variant_text(";", " ", trailing=False)
        assert text.encode("cp1251") != text.encode("utf-8")
        with pytest.raises(UnicodeDecodeError):
            text.encode("cp1251").decode("utf-8")

    def test_title_line_above_header(self) -> None:
        """A title line above the CSV header is skipped with a warning, as in a workbook."""
        table = read(f"Мониторинг ИОМ, 2023;;;\n{HEADER}\n023;Гимназия;5;1\n")
        expected_schools = (
            School("023", "Гимназия", facts(5, 1), location=Location("f.csv", 3, 0, "row 3")),
        )
        assert expected_schools == table.schools
        expected_codes = ["title-rows"]
        assert expected_codes == [w.code for w in table.warnings]


TOTALS = ["Итого", "Всего", "ИТОГО:", "Итого по МО", "Total", "  итого :", "ВСЕГО по району"]


class TestTotalsRow:
    """A totals row is reported and not counted as a school, in every format."""

    @pytest.mark.parametrize("label", TOTALS)
    @pytest.mark.parametrize("where", ["id", "name"])
    def test_csv(self, label: str, where: str) -> None:
        """Totals in the id or the name cell, whatever the case, spaces or colon."""
        cells = f"{label};" if where == "id" else f";{label}"
        table = read(f"{HEADER}\n023;Гимназия;5;1\n{cells};5;1\n")
        expected = [
            (
                f'f.csv:3: totals-row: warning: row 3 is a totals row ("{label.strip()}") and is '
                "not counted as a school; expected a row per school"
            )
        ]
        expected_ids = ["023"]
        assert expected_ids == [school.id for school in table.schools]
        assert expected == [str(w) for w in table.warnings]

    def test_values_of_totals_are_not_checked(self) -> None:
        """A totals row's sums may break a school's bounds: they are not a school's."""
        table = read(f"{HEADER}\n023;Гимназия;5;1\n;Итого;5;9\n")
        expected_codes = ["totals-row"]
        assert expected_codes == [w.code for w in table.warnings]

    @pytest.mark.parametrize("name", ["Итоговая школа", "Школа «Итого»", "СОШ Всеволожска"])
    def test_school_names_are_not_totals(self, name: str) -> None:
        """Only a name that begins with a totals word, as a word, is a totals row."""
        table = read(f"{HEADER}\n023;{name};5;1\n")
        assert ([name], ()) == ([s.name for s in table.schools], table.warnings)

    def test_json(self) -> None:
        """A totals object in a JSON list is reported by its index."""
        rows = [
            {"Код ОО": "023", "Разработали ИОМ": 5, "Уволено": 1},
            {"Код ОО": "Итого", "Разработали ИОМ": 5, "Уволено": 1},
        ]
        table = read(json.dumps(rows, ensure_ascii=False), "json")
        expected = [
            (
                'f.json:1: totals-row: warning: $[1] is a totals row ("Итого") and is not counted '
                "as a school; expected a row per school"
            )
        ]
        expected_ids = ["023"]
        assert expected_ids == [school.id for school in table.schools]
        assert expected == [str(w) for w in table.warnings]

    def test_yaml(self) -> None:
        """A totals item in YAML is reported with its line."""
        text = "- {Код ОО: '023', Разработали ИОМ: 5, Уволено: 1}\n- {Наименование ОО: ВСЕГО}\n"
        table = read(text, "yaml")
        expected = [("totals-row", 2)]
        expected_ids = ["023"]
        assert expected_ids == [school.id for school in table.schools]
        assert expected == [(w.code, w.location.line) for w in table.warnings]


LONG_HEADER = "Код ОО;Наименование ОО;Период;Показатель;Значение"


def long_csv(*rows: str, header: str = LONG_HEADER) -> str:
    """A long-layout CSV: a row per school, period and fact."""
    return "\n".join([header, *rows]) + "\n"


def where(line: int) -> Location:
    """Where a school of the long CSV begins."""
    return Location("f.csv", line, 0, f"row {line}")


class TestLongLayout:
    """A row per (school, period, fact), found from the header."""

    def test_fact_by_name_or_title(self) -> None:
        """The fact cell holds the fact's name or its column title; periods keep apart."""
        text = long_csv(
            "023;Гимназия;2022;developed;5",
            "023;;2022;Уволено;1",
            "023;Гимназия;2023;Разработали ИОМ;6",
            "023;Гимназия;2023;dismissed;0",
            "024;Лицей;2023;developed;1 200",
            "024;Лицей;2023;Доля, %;12,5",
        )
        expected = (
            School("023", "Гимназия", facts(5, 1), period="2022", location=where(2)),
            School("023", "Гимназия", facts(6, 0), period="2023", location=where(4)),
            School("024", "Лицей", facts(1200, None, share=12.5), period="2023", location=where(6)),
        )
        table = read(text)
        assert (expected, ()) == (table.schools, table.warnings)

    def test_english_headers(self) -> None:
        """The columns may be headed fact and value."""
        text = long_csv("1;developed;3", "1;dismissed;1", header="id;fact;value")
        expected = (School("1", "1", facts(3, 1), location=where(2)),)
        assert expected == read(text).schools

    def test_duplicate_fact(self) -> None:
        """A fact twice for one school and period names both rows."""
        text = long_csv(
            "023;Г;2023;developed;5", "023;Г;2023;dismissed;1", "023;Г;2023;Разработали ИОМ;6"
        )
        expected = [
            (
                "f.csv:4:5: duplicate-fact: fact 'developed' of school '023' appears twice in "
                "period '2023': row 2 and row 4; keep one row per school, period and fact"
            )
        ]
        assert expected == problems(text)

    def test_unknown_fact(self) -> None:
        """An unknown fact name is an error with a did-you-mean."""
        text = long_csv("023;Г;2023;developd;5", "023;Г;2023;dismissed;1", "023;Г;2023;;1")
        expected = [
            (
                "f.csv:1: missing-column: required fact 'developed' (Разработали ИОМ) has no row: "
                'expected rows with "Разработали ИОМ" or \'developed\' in column "Показатель"'
            ),
            (
                "f.csv:2:4: unknown-fact: 'developd' is not a fact "
                '(row 2, column "Показатель"); expected the name or the column title of a '
                'declared fact; did you mean "developed"?'
            ),
            (
                'f.csv:4:4: unknown-fact: no fact is named (row 4, column "Показатель"); '
                "expected the name or the column title of a declared fact"
            ),
        ]
        assert expected == problems(text)

    def test_school_missing_a_fact(self) -> None:
        """A school without a row for a required fact has it missing, as an empty cell."""
        text = long_csv(
            "023;Г;2023;developed;5", "023;Г;2023;dismissed;1", "024;Л;2023;dismissed;2"
        )
        expected = [("023", facts(5, 1)), ("024", facts(None, 2))]
        assert expected == [(s.id, s.facts) for s in read(text).schools]

    def test_bad_value_names_its_row(self) -> None:
        """A bad value is located on the row that holds it, not the school's first row."""
        text = long_csv("023;Г;2023;developed;5", "023;Г;2023;dismissed;много")
        with pytest.raises(FactsInvalid) as caught:
            read(text)
        (diagnostic,) = caught.value.diagnostics
        expected = (3, 5, 'row 3, column "Значение"')
        location = diagnostic.location
        assert expected == (location.line, location.column, location.path)

    def test_missing_id_and_totals(self) -> None:
        """A row without an id is an error; a totals row is a warning, not a school."""
        text = long_csv(
            "023;Г;2023;developed;5", "023;Г;2023;dismissed;1", ";Итого;2023;developed;5"
        )
        table = read(text)
        expected = (["023"], ["totals-row"])
        assert expected == ([s.id for s in table.schools], [w.code for w in table.warnings])
        missing = long_csv("023;Г;2023;developed;5", "023;Г;2023;dismissed;1", ";;2023;developed;5")
        expected_codes = ["missing-id"]
        assert expected_codes == [p.split(": ")[1] for p in problems(missing)]

    def test_wide_fact_column_is_ignored(self) -> None:
        """A fact's own column beside the long columns is ignored with a warning."""
        text = long_csv("023;developed;5;9", "023;dismissed;1;9", header="id;fact;value;Уволено")
        table = read(text)
        expected = [
            (
                'f.csv:1:4: unknown-column: warning: column "Уволено" holds fact '
                "'dismissed', but the sheet has the long layout (a fact named in column "
                '"fact" and its value on each row); it is ignored'
            )
        ]
        assert [facts(5, 1)] == [s.facts for s in table.schools]
        assert expected == [str(w) for w in table.warnings]

    def test_xlsx(self) -> None:
        """The long layout works in a workbook too; numbers stay numbers."""
        data = excel(
            ["Код ОО", "Период", "Показатель", "Значение"],
            ["023", 2023, "developed", 5],
            ["023", 2023, "Уволено", "1"],
            ["023", 2023, "Уволено", 2],
        )
        expected = [
            (
                "f.xlsx:4:4: duplicate-fact: fact 'dismissed' of school '023' appears twice in "
                "period '2023': Лист1!D3 and Лист1!D4; keep one row per school, period and fact"
            )
        ]
        assert expected == problems(data, "xlsx")
        table = read(
            excel(["id", "fact", "value"], [1, "developed", 2], [2, "dismissed", 0]), "xlsx"
        )
        expected = [("1", facts(2, None)), ("2", facts(None, 0))]
        assert expected == [(s.id, s.facts) for s in table.schools]

    def test_name_from_a_later_row(self) -> None:
        """A name left blank on a school's first row is taken from a later one."""
        text = long_csv("023;;2023;developed;5", "023;Гимназия;2023;dismissed;1")
        expected = [("023", "Гимназия")]
        assert expected == [(s.id, s.name) for s in read(text).schools]

    def test_xlsx_uncached_formulas(self) -> None:
        """An uncached formula as an id or a fact name is reported on its cell."""
        data = excel(
            ["Код ОО", "Показатель", "Значение"],
            ["=1+1", "developed", 5],
            ["023", "=A2", 5],
            ["023", "dismissed", 1],
        )
        expected = [
            (
                "f.xlsx:1: missing-column: required fact 'developed' (Разработали ИОМ) has no "
                'row: expected rows with "Разработали ИОМ" or \'developed\' in column "Показатель"'
            ),
            (
                "f.xlsx:2:1: uncached-formula: the formula '=1+1' has no saved result (column "
                '"Код ОО", cell Лист1!A2); expected a value: open the file in Excel or '
                "LibreOffice and save it again, so that the results of its formulas are stored"
            ),
            (
                "f.xlsx:3:2: unknown-fact: '=A2' is not a fact (row 3 of sheet Лист1, column "
                '"Показатель"); expected the name or the column title of a declared fact'
            ),
        ]
        assert expected == problems(data, "xlsx")

    def test_streamed(self, tmp_path: Path) -> None:
        """iter_facts reads the long layout in its two passes."""
        path = tmp_path / "f.csv"
        text = long_csv(
            "023;Г;2023;developed;5", "023;Г;2023;dismissed;1", "024;Л;2023;developed;2"
        )
        path.write_text(text, encoding="utf-8")
        stream = iter_facts(path, FACTS, ENTITY)
        expected = [("023", facts(5, 1)), ("024", facts(2, None))]
        assert expected == [(s.id, s.facts) for s in stream]
