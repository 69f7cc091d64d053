"""Tests for collecting problems: all of them together, sorted, capped when many."""

from __future__ import annotations

import pytest

from pdrs_rules._facts import _rows as _facts_rows
from pdrs_rules._facts._read import Format
from pdrs_rules._facts._rows import Row
from pdrs_rules._facts._table import facts_from_rows
from pdrs_rules.errors import FactsError, FactsInvalid
from tests.test_facts import ENTITY, FACTS, codes, csv_file, read


class TestCollectAll:
    """Problems are collected from the whole file and raised together, sorted."""

    def test_two_bad_cells(self) -> None:
        """Two bad cells give two errors in line order, in one FactsInvalid."""
        text = csv_file("1;А;xy;0", "2;Б;5;1", "3;В;5;y")
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
        text = csv_file("1;А;xy;0", "1;Б;5;1")
        with pytest.raises(FactsInvalid) as caught:
            read(text)
        expected = (
            "f.csv:2:3: bad-cell: 'xy' is not an integer (school '1' \"А\", fact 'developed', "
            'column "Разработали ИОМ"); expected a whole number like 12\n'
            "f.csv:3: duplicate-school: school '1' \"Б\" appears twice: line 2 and line 3; "
            "keep one row per school"
        )
        assert expected == str(caught.value)

    def test_row_problems_are_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Beyond the cap row problems are counted, not listed."""
        monkeypatch.setattr(_facts_rows, "MAX_PROBLEMS", 2)
        text = csv_file(*(f"{i};А;xy;0" for i in range(5)))
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

    @pytest.mark.parametrize(
        ("text", "fmt"),
        [("[1, 2, 3, 4, 5]", "json"), ("- 1\n- 2\n- 3\n- 4\n- 5\n", "yaml")],
    )
    def test_items_not_objects_are_capped(
        self, monkeypatch: pytest.MonkeyPatch, text: str, fmt: Format
    ) -> None:
        """Items that are not objects are row problems too, counted beyond the cap."""
        monkeypatch.setattr(_facts_rows, "MAX_PROBLEMS", 2)
        with pytest.raises(FactsInvalid) as caught:
            read(text, fmt)
        group = caught.value
        expected = (f"f.{fmt}: 5 problems", ["too-many-problems", "syntax", "syntax"])
        assert expected == (group.message, [d.code for d in group.diagnostics])

    def test_python_rows_not_mappings_are_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Python rows that are not mappings, or have keys that are not text, are capped too."""
        monkeypatch.setattr(_facts_rows, "MAX_PROBLEMS", 2)
        good = {"developed": 1, "dismissed": 0}
        rows: list[object] = [1, 2, {"id": "1", **good, 3: "x"}, {"id": "2", **good, 4: "y"}]
        with pytest.raises(FactsInvalid) as caught:
            facts_from_rows(rows, FACTS, ENTITY)  # type: ignore[arg-type]
        expected = ["too-many-problems", "syntax", "syntax"]
        assert expected == [d.code for d in caught.value.diagnostics]

    def test_warnings_are_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Beyond the cap warnings are counted, and the count comes first."""
        monkeypatch.setattr(_facts_rows, "MAX_PROBLEMS", 2)
        text = "Код ОО;Разработали ИОМ;Уволено;a;b;c\n1;5;1;x;y;z\n"
        warnings = read(text).warnings
        expected = (
            ["too-many-problems", "unknown-column", "unknown-column"],
            "1 more warnings are not listed",
        )
        assert expected == ([w.code for w in warnings], warnings[0].message)


class TestRow:
    """A row and its cells are named the way users see them."""

    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            (Row(3, 3, (), csv=True), ("row 3", 'row 3, column "Доля, %"', "row 3, column 4")),
            (Row(2, 5, ()), ("$[2]", '$[2]["Доля, %"]', '$[2][" "]')),
        ],
    )
    def test_paths(self, row: Row, expected: tuple[str, str, str]) -> None:
        """A sheet row is ``row N`` with its header or column number; a document item a path."""
        assert expected == (row.path, row.cell_path("Доля, %", 4), row.cell_path(" ", 4))
