"""Tests for Russian number formatting and plural forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdrs_rules._i18n._russian import NBSP, format_count, format_number, plural_form
from pdrs_rules._i18n._typography import typeset
from pdrs_rules._model import Unit, format_threshold, format_value

#: Russian texts write the minus sign, not the hyphen: «−3,0».
MINUS = "\u2212"

TEACHER = ("педагог", "педагога", "педагогов")


class TestFormatNumberShortest:
    """``format_number`` with ``precision=None``: the shortest form, at most six decimals."""

    @pytest.mark.parametrize(
        ("x", "expected"),
        [
            (0, "0"),
            (7, "7"),
            (30.0, "30"),
            (33.3, "33,3"),
            (0.1 + 0.2, "0,3"),
            (30.000000000000004, "30"),
            (2.5, "2,5"),
            (1 / 3, "0,333333"),
            (2 / 3, "0,666667"),
            (0.0000004, "0"),
            (0.0000005, "0,000001"),
            (-1.25, f"{MINUS}1,25"),
            (1e16, NBSP.join(["10"] + ["000"] * 5)),
        ],
    )
    def test_shortest_form(self, x: float, expected: str) -> None:
        """Trailing zeros are trimmed and float noise beyond six decimals disappears."""
        assert expected == format_number(x)

    @pytest.mark.parametrize("x", [-0.0, -0.0000001, -0.0000004])
    def test_negative_zero_has_no_sign(self, x: float) -> None:
        """A negative value that rounds to zero shows as plain ``0``."""
        assert format_number(x) == "0"


class TestFormatNumberRounding:
    """``format_number`` with a precision rounds half up on the value as written."""

    @pytest.mark.parametrize(
        ("x", "precision", "expected"),
        [
            (20.05, 1, "20,1"),
            (20.04, 1, "20,0"),
            (2.675, 2, "2,68"),
            (0.125, 2, "0,13"),
            (1.005, 2, "1,01"),
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),
            (-2.5, 0, f"{MINUS}3"),
            (-20.05, 1, f"{MINUS}20,1"),
            (999.95, 1, "1000,0"),
            (9999.5, 0, f"10{NBSP}000"),
            (30.000000000000004, 1, "30,0"),
            (88.88888888888889, 1, "88,9"),
            (30, 1, "30,0"),
            (7, 0, "7"),
            (3.14159, 3, "3,142"),
        ],
    )
    def test_round_half_up(self, x: float, precision: int, expected: str) -> None:
        """Halves round away from zero, also where the binary float lies just below the half."""
        assert expected == format_number(x, precision)

    @pytest.mark.parametrize(
        ("x", "precision", "expected"),
        [(-0.04, 1, "0,0"), (-0.0, 1, "0,0"), (-0.4, 0, "0"), (-0.004, 2, "0,00")],
    )
    def test_negative_zero_after_rounding(self, x: float, precision: int, expected: str) -> None:
        """A negative value that rounds to zero never shows ``-0``."""
        assert expected == format_number(x, precision)

    def test_trailing_zeros_kept_with_precision(self) -> None:
        """An explicit precision always shows that many decimals."""
        assert format_number(1.5, 3) == "1,500"

    def test_negative_precision_is_rejected(self) -> None:
        """A negative precision is a programming error, not a rounding to tens."""
        with pytest.raises(ValueError, match=r"precision must be None or at least 0, got -1"):
            format_number(15, -1)


class TestFormatNumberGrouping:
    """Thousands are grouped with a no-break space from five integer digits on."""

    @pytest.mark.parametrize(
        ("x", "expected"),
        [
            (999, "999"),
            (1234, "1234"),
            (9999, "9999"),
            (-9999, f"{MINUS}9999"),
            (10000, f"10{NBSP}000"),
            (12345, f"12{NBSP}345"),
            (-12345, f"{MINUS}12{NBSP}345"),
            (123456, f"123{NBSP}456"),
            (1234567, f"1{NBSP}234{NBSP}567"),
            (1234.5678, "1234,5678"),
            (12345.678, f"12{NBSP}345,678"),
            (10**30, NBSP.join(["1"] + ["000"] * 10)),
        ],
    )
    def test_grouping(self, x: float, expected: str) -> None:
        """Four-digit numbers stay whole; longer integer parts are split by threes."""
        assert expected == format_number(x)

    def test_fraction_is_not_grouped(self) -> None:
        """Only the integer part is grouped, never the decimals."""
        assert format_number(0.123456, 6) == "0,123456"

    def test_large_float_with_decimals(self) -> None:
        """Values beyond the default decimal context precision still round exactly."""
        assert format_number(1e30, 2) == NBSP.join(["1"] + ["000"] * 10) + ",00"

    @given(st.integers(min_value=-(10**12), max_value=10**12))
    def test_integers_round_trip(self, n: int) -> None:
        """Removing the grouping spaces gives back the integer."""
        assert n == int(format_number(n).replace(NBSP, "").replace(MINUS, "-"))

    @given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
    def test_within_half_a_unit(self, x: float) -> None:
        """The shown value is the input rounded to one decimal: off by half a unit at most."""
        text = format_number(x, 1).replace(NBSP, "").replace(MINUS, "-")
        shown = float(text.replace(",", "."))
        assert abs(shown - x) <= 0.05 + 1e-6


class TestFormatNumberErrors:
    """Values that are not numbers to be shown."""

    @pytest.mark.parametrize("x", [True, False])
    def test_bool_is_not_a_number(self, x: bool) -> None:
        """A bool would show as 1 or 0 and hide a wrong fact type."""
        with pytest.raises(TypeError, match=rf"format_number expects a number, got bool {x!r}"):
            format_number(x)

    @pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
    def test_non_finite(self, x: float) -> None:
        """NaN and infinities have no Russian spelling; callers handle them before."""
        with pytest.raises(ValueError, match=r"format_number expects a finite number"):
            format_number(x)


class TestFormatValue:
    """Display of an indicator's value by its unit."""

    @pytest.mark.parametrize(
        ("x", "unit", "precision", "expected"),
        [
            (88.88888888888889, Unit.PERCENT, 1, "88,9%"),
            (20, Unit.PERCENT, 1, "20,0%"),
            (100, Unit.PERCENT, 0, "100%"),
            (12, Unit.COUNT, 0, "12"),
            (12345, Unit.COUNT, 0, f"12{NBSP}345"),
            (2.5, Unit.COUNT, 1, "2,5"),
            (3.456, Unit.SCORE, 2, "3,46"),
            (4, Unit.SCORE, 1, "4,0"),
            (-1.25, Unit.NUMBER, 1, f"{MINUS}1,3"),
            (True, Unit.BOOLEAN, 0, "да"),
            (False, Unit.BOOLEAN, 0, "нет"),
        ],
    )
    def test_by_unit(self, x: float, unit: Unit, precision: int, expected: str) -> None:
        """Percent gets a sign without a space, booleans are words, the rest are numbers."""
        assert expected == format_value(x, unit, precision)

    def test_boolean_unit_needs_a_bool(self) -> None:
        """A number in a boolean indicator is a type error, not "да"."""
        with pytest.raises(TypeError, match=r"a value in unit 'boolean' must be a bool, got 1"):
            format_value(1, Unit.BOOLEAN, 0)

    def test_bool_in_a_numeric_unit(self) -> None:
        """A bool in a percent indicator is a type error, not "1%"."""
        with pytest.raises(TypeError, match=r"expects a number, got bool True"):
            format_value(x=True, unit=Unit.PERCENT, precision=1)


class TestFormatThreshold:
    """Display of band boundaries and parameters: always the shortest form."""

    @pytest.mark.parametrize(
        ("x", "unit", "expected"),
        [
            (30, Unit.PERCENT, "30%"),
            (30.0, Unit.PERCENT, "30%"),
            (33.3, Unit.PERCENT, "33,3%"),
            (0.1 + 0.2, Unit.PERCENT, "0,3%"),
            (12345, Unit.COUNT, f"12{NBSP}345"),
            (3.75, Unit.SCORE, "3,75"),
            (-2, Unit.NUMBER, f"{MINUS}2"),
            (True, Unit.BOOLEAN, "да"),
        ],
    )
    def test_shortest(self, x: float, unit: Unit, expected: str) -> None:
        """No trailing zeros, whatever the indicator's display precision."""
        assert expected == format_threshold(x, unit)


class TestPluralForm:
    """The Russian plural rule: one, few or many."""

    @pytest.mark.parametrize(
        ("n", "expected"),
        [
            (0, "педагогов"),
            (1, "педагог"),
            (2, "педагога"),
            (3, "педагога"),
            (4, "педагога"),
            (5, "педагогов"),
            (10, "педагогов"),
            (11, "педагогов"),
            (12, "педагогов"),
            (13, "педагогов"),
            (14, "педагогов"),
            (15, "педагогов"),
            (20, "педагогов"),
            (21, "педагог"),
            (22, "педагога"),
            (24, "педагога"),
            (25, "педагогов"),
            (101, "педагог"),
            (111, "педагогов"),
            (112, "педагогов"),
            (122, "педагога"),
            (1001, "педагог"),
            (2.5, "педагога"),
            (0.1, "педагога"),
            (1.5, "педагога"),
            (21.0, "педагог"),
            (5.0, "педагогов"),
            (-1, "педагог"),
            (-2, "педагога"),
            (-11, "педагогов"),
            (-21.0, "педагог"),
            (-2.5, "педагога"),
        ],
    )
    def test_forms(self, n: float, expected: str) -> None:
        """Integers follow the last one and two digits; fractions take the genitive singular."""
        assert expected == plural_form(n, *TEACHER)

    def test_forms_are_not_mixed_up(self) -> None:
        """Each form is returned for its own case, with distinct words to tell them apart."""
        assert [plural_form(n, "one", "few", "many") for n in (1, 2, 5)] == ["one", "few", "many"]

    def test_bool_is_not_a_number(self) -> None:
        """A bool is not a count."""
        with pytest.raises(TypeError, match=r"plural_form expects a number, got bool True"):
            plural_form(True, *TEACHER)  # noqa: FBT003 - the bool is the point of the test

    @pytest.mark.parametrize("n", [math.nan, math.inf])
    def test_non_finite(self, n: float) -> None:
        """NaN and infinity agree with no form."""
        with pytest.raises(ValueError, match=r"plural_form expects a finite number"):
            plural_form(n, *TEACHER)

    @given(st.integers(min_value=0, max_value=10**6))
    def test_period_of_one_hundred(self, n: int) -> None:
        """The form depends only on the last two digits."""
        assert plural_form(n % 100, *TEACHER) == plural_form(n, *TEACHER)


class TestFormatCount:
    """A number followed by the agreeing noun form."""

    @pytest.mark.parametrize(
        ("n", "expected"),
        [
            (0, "0 педагогов"),
            (1, "1 педагог"),
            (2, "2 педагога"),
            (5, "5 педагогов"),
            (11, "11 педагогов"),
            (21, "21 педагог"),
            (1234, "1234 педагога"),
            (12345, f"12{NBSP}345 педагогов"),
            (21.0, "21 педагог"),
            (2.5, "2,5 педагога"),
            (-1, f"{MINUS}1 педагог"),
        ],
    )
    def test_shortest(self, n: float, expected: str) -> None:
        """The number in its shortest form, then the form that agrees with it."""
        assert expected == format_count(n, *TEACHER)

    @pytest.mark.parametrize(
        ("n", "precision", "expected"),
        [
            (4.6, 0, "5 процентов"),
            (1.4, 0, "1 процент"),
            (20.96, 0, "21 процент"),
            (1.0, 1, "1,0 процента"),
            (5, 1, "5,0 процента"),
            (2.449, 1, "2,4 процента"),
        ],
    )
    def test_agrees_with_the_number_shown(self, n: float, precision: int, expected: str) -> None:
        """The form follows the rounded number as displayed; shown decimals take the few form."""
        assert expected == format_count(n, "процент", "процента", "процентов", precision)


class TestTypeset:
    @pytest.mark.parametrize(
        ("text", "kept"),
        [
            ("МБОУ-СОШ № 2", "МБОУ-СОШ №⍽2"),
            ("УО г. Сасово", "УО г.⍽Сасово"),
            ("МАОУ СОШ № 1 р.п. Сосьва", "МАОУ СОШ №⍽1 р.п.⍽Сосьва"),
            ("в 19 ОО", "в 19⍽ОО"),
            ("реализован у 3 педагогов", "реализован у 3⍽педагогов"),
            ("доля 88,9 %", "доля 88,9⍽%"),
            (f"12{NBSP}000 ОО", "12⍽000⍽ОО"),
            ("Доля — 1 ОО", "Доля⍽—⍽1⍽ОО"),
            ("О.В. Олейникова", "О.В.⍽Олейникова"),
            ("О. В. Олейникова", "О.⍽В.⍽Олейникова"),
            ("Мирчук Т. В.", "Мирчук⍽Т.⍽В."),
            ("В гимназии № 1 мониторинг", "В гимназии №⍽1 мониторинг"),
        ],
    )
    def test_no_break_spaces(self, text: str, kept: str) -> None:
        """Signs, abbreviations, counts, dashes and initials keep with their neighbour."""
        assert typeset(text).replace(NBSP, "⍽") == kept

    @pytest.mark.parametrize(
        "text",
        ["Обеспечить контроль.", "ему. Он пришёл", "т.е. вот", "Руководитель ОО: текст", ""],
    )
    def test_other_spaces_stay(self, text: str) -> None:
        """Sentences, lower-case words after a dot and plain prose are left as they are."""
        assert typeset(text) == text

    @given(st.text())
    def test_only_spaces_change(self, text: str) -> None:
        """Typesetting changes nothing but spaces into no-break spaces."""
        result = typeset(text)
        assert len(result) == len(text)
        assert all(a == b or (a == " " and b == NBSP) for a, b in zip(text, result, strict=True))
