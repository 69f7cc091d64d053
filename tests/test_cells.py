"""Tests for parsing cells: numbers with a decimal comma, yes/no values, text and bad cells."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdrs_rules._facts._cells import NumberText, Pairs, convert, entity_text, show, show_number
from pdrs_rules._model import ValueType
from pdrs_rules.errors import FactsError, FactsInvalid, Location
from tests.test_facts import codes, csv_file, facts, problems, read


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

    def test_empty_cell_is_missing(self) -> None:
        """An empty or blank cell is None, never 0."""
        text = csv_file("1;А;10;", "2;Б;10;   ", "3;В;10;\u00a0")
        expected = [facts(10, None)] * 3
        assert expected == [school.facts for school in read(text).schools]

    def test_string_fact(self) -> None:
        """A string fact is the cell's text without surrounding spaces."""
        text = "Код ОО;Разработали ИОМ;Уволено;Примечание\n1;5;1;  по плану 2023  \n"
        expected = "по плану 2023"
        assert expected == read(text).schools[0].facts["note"]


class TestBadCells:
    """A bad cell names the school, fact and column, and says what was expected."""

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


class TestNativeValues:
    """JSON and YAML values are checked like cells; bool is not a number."""

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

    def test_yaml_true_is_not_an_integer(self) -> None:
        """``true`` for an integer fact is a bad cell, like in JSON."""
        text = "- {id: '1', developed: true, dismissed: 0}\n"
        expected = ["bad-cell"]
        assert expected == codes(text, "yaml")


class TestNeverCrashes:
    """Cells that almost parse never crash the reader."""

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


class TestShow:
    """Bad values are shown in messages the way the user wrote them, never crashing."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("12 чел.", "'12 чел.'"),
            (NumberText("1" * 20), "1" * 20),
            (True, "true"),
            (None, "null"),
            (10**40, "an integer of 133 bits"),
            (12.0, "12"),
            (Pairs(), "an object"),
            ([1], "a list"),
            (b"x", "a value of type bytes"),
            ("x" * 70, repr("x" * 59 + "…")),
        ],
    )
    def test_show(self, value: object, expected: str) -> None:
        """Text is quoted and cut, JSON scalars look like JSON, containers are named."""
        assert expected == show(value)

    @pytest.mark.parametrize(("value", "expected"), [(5, "5"), (100.0, "100"), (1e20, "1e+20")])
    def test_show_number(self, value: float, expected: str) -> None:
        """A whole number has no ``.0``; a huge one keeps its exponent."""
        assert expected == show_number(value)

    @pytest.mark.parametrize(
        ("value", "expected"), [(" 023 ", "023"), ("  ", None), (23, "23"), (23.0, "23")]
    )
    def test_entity_text(self, value: object, expected: str | None) -> None:
        """Ids keep their text; numbers become their digits; blank is no id."""
        assert expected == entity_text(value)

    def test_convert_fraction(self) -> None:
        """Any real number is accepted for a number fact, as a float."""
        expected = 0.5
        assert expected == convert(ValueType.NUMBER, Fraction(1, 2))
