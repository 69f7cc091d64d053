"""Facts cells: one raw value parsed to its fact's type, and values shown in messages."""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Mapping
from typing import Final

import attrs

from pdrs_rules._model import FactValue, ValueType

__all__ = [
    "MAX_DIGITS",
    "CellError",
    "Fault",
    "NumberText",
    "Pairs",
    "as_number",
    "convert",
    "cut",
    "entity_text",
    "is_missing",
    "numeral",
    "quote",
    "show",
    "show_number",
]

#: Integers with more digits are refused; this also keeps ``int()`` away from huge strings.
MAX_DIGITS: Final = 15

_TRUE: Final = frozenset({"да", "yes", "true", "1", "+"})
_FALSE: Final = frozenset({"нет", "no", "false", "0", "-"})
# Thousands may be grouped with ordinary, no-break, narrow no-break or thin spaces.
_GROUP: Final = "[ \u00a0\u202f\u2009]"
_NUMERAL: Final = re.compile(
    rf"([+\-\u2212]?)([0-9]{{1,3}}(?:{_GROUP}[0-9]{{3}})+|[0-9]+)(?:[.,]([0-9]+))?"
    r"(?:[eE]([+\-]?[0-9]+))?"
)
_GROUP_RE: Final = re.compile(_GROUP)
_NON_FINITE: Final = re.compile(r"[+\-\u2212]?\.?(?:inf|infinity|nan)", re.IGNORECASE)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")

_WORD: Final[Mapping[ValueType, str]] = {
    ValueType.INTEGER: "an integer",
    ValueType.NUMBER: "a number",
    ValueType.BOOLEAN: "a yes/no value",
    ValueType.STRING: "text",
}
_EXPECTED: Final[Mapping[ValueType, str]] = {
    ValueType.INTEGER: "expected a whole number like 12",
    ValueType.NUMBER: "expected a number like 12,5 or 12.5",
    ValueType.BOOLEAN: "expected да/нет, yes/no, true/false, 1/0 or +/-",
    ValueType.STRING: "expected text",
}


class CellError(Exception):
    """A value that is not of its fact's type; the caller adds where it is."""

    def __init__(self, code: str, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.code = code
        self.problem = problem
        self.expected = expected


@attrs.frozen
class Fault:
    """A cell whose value a workbook could not give: an error value, a formula never computed.

    It is reported only where the cell is used, like a value of the wrong type.
    """

    code: str
    problem: str
    expected: str
    #: How the cell is shown where it is not an error: among values under no header.
    shown: str


class Pairs(list[tuple[str, object]]):
    """A JSON object's members in order, so that a repeated key is not silently dropped."""


class NumberText(str):
    """A JSON number too long for int(): kept as text, shown without quotes."""

    __slots__ = ()


# -- parsing ----------------------------------------------------------------------------------


def convert(kind: ValueType, value: object) -> FactValue:
    """Convert a raw value to the fact's type: text is parsed like a CSV cell, empty is missing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return _from_text(kind, text, value) if text else None
    if isinstance(value, Fault):
        raise CellError(value.code, value.problem, value.expected)
    return _from_native(kind, value)


def _from_text(kind: ValueType, text: str, raw: str) -> FactValue:
    if kind is ValueType.STRING:
        return _writable(text, raw)
    if kind is ValueType.BOOLEAN:
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise CellError("bad-cell", f"{show(raw)} is not {_WORD[kind]}", _EXPECTED[kind])
    if len(text) <= MAX_DIGITS and text.isascii() and text.isdigit():
        # Most cells are plain head counts: no regex for them (and exact within 15 digits).
        return int(text) if kind is ValueType.INTEGER else float(int(text))
    match = _NUMERAL.fullmatch(text)
    if match is None:
        if _NON_FINITE.fullmatch(text):
            raise CellError("too-large", f"{show(raw)} is not a finite number", _EXPECTED[kind])
        raise CellError("bad-cell", f"{show(raw)} is not {_WORD[kind]}", _EXPECTED[kind])
    sign, whole, fraction, exponent = match.groups()
    digits = _GROUP_RE.sub("", whole)
    negative = sign in {"-", "\u2212"}
    if kind is ValueType.INTEGER:
        if exponent is not None or (fraction and fraction.strip("0")):
            raise CellError("bad-cell", f"{show(raw)} is not an integer", _EXPECTED[kind])
        if len(digits.lstrip("0")) > MAX_DIGITS:
            raise CellError(
                "too-large",
                f"{show(raw)} has more than {MAX_DIGITS} digits",
                f"expected a whole number of at most {MAX_DIGITS} digits",
            )
        number = int(digits)
        return -number if negative else number
    literal = f"{'-' if negative else ''}{digits}.{fraction or '0'}e{exponent or '0'}"
    result = float(literal)
    if not math.isfinite(result):
        raise CellError("too-large", f"{show(raw)} is too large", _EXPECTED[kind])
    return result


def numeral(text: str) -> int | float | None:
    """A number written as a cell may write it, or None: only ASCII digits, as in facts files.

    Whole numbers (no decimals, no exponent) of at most ``MAX_DIGITS`` digits are ints, others
    finite floats: ``"30"`` is 30, ``"27,5"`` and ``"1 234.0"`` are floats, ``"٣٠"`` is None.
    """
    match = _NUMERAL.fullmatch(text.strip())
    if match is None:
        return None
    sign, whole, fraction, exponent = match.groups()
    digits = _GROUP_RE.sub("", whole)
    negative = sign in {"-", "\u2212"}
    if fraction is None and exponent is None:
        if len(digits.lstrip("0")) > MAX_DIGITS:
            return None
        return -int(digits) if negative else int(digits)
    result = float(f"{'-' if negative else ''}{digits}.{fraction or '0'}e{exponent or '0'}")
    return result if math.isfinite(result) else None


def _from_native(kind: ValueType, value: object) -> FactValue:
    """Convert a JSON (or Python) scalar to the fact's type; bool is not a number."""
    if isinstance(value, bool):
        if kind is ValueType.BOOLEAN:
            return value
    elif isinstance(value, numbers.Integral):
        number = int(value)
        if abs(number) >= 10**MAX_DIGITS:
            raise CellError(
                "too-large",
                f"{show(number)} has more than {MAX_DIGITS} digits",
                f"expected a number of at most {MAX_DIGITS} digits",
            )
        if kind is ValueType.BOOLEAN and number in {0, 1}:
            return bool(number)
        if kind is ValueType.INTEGER:
            return number
        if kind is ValueType.NUMBER:
            return float(number)
        if kind is ValueType.STRING:
            return str(number)
    elif isinstance(value, numbers.Real):
        try:
            real = float(value)
        except (OverflowError, ValueError):
            real = math.inf
        if not math.isfinite(real):
            raise CellError("too-large", f"{show(value)} is not a finite number", _EXPECTED[kind])
        if kind is ValueType.NUMBER:
            return real
        if kind is ValueType.STRING:
            return show_number(real)
        if kind is ValueType.INTEGER and real.is_integer():
            return _from_native(kind, int(real))
    raise CellError("bad-cell", f"{show(value)} is not {_WORD[kind]}", _EXPECTED[kind])


def is_missing(value: object) -> bool:
    """Whether a value from a data library means no data: NaN, pandas' ``NaT`` or ``NA``.

    Rows made by ``DataFrame.to_dict("records")`` carry these for empty cells.
    """
    if isinstance(value, float):
        return math.isnan(value)
    kind = type(value)
    return kind.__name__ in {"NaTType", "NAType"} and kind.__module__.startswith("pandas")


def entity_text(value: object) -> str | None:
    """Read an id, name or period: kept exactly as written, but for surrounding spaces."""
    if value is None:
        return None
    if isinstance(value, str):
        return _writable(value.strip(), value) or None
    if isinstance(value, Fault):
        raise CellError(value.code, value.problem, value.expected)
    if isinstance(value, bool):
        pass
    elif isinstance(value, numbers.Integral):
        if abs(int(value)) < 10**30:
            return str(int(value))
    elif isinstance(value, float) and math.isfinite(value):
        return show_number(value)
    expected = 'expected text or a number, like "023"'
    raise CellError("bad-cell", f"{show(value)} is not text", expected)


def _writable(text: str, raw: str) -> str:
    """Text any output can hold: a lone surrogate (an escape such as JSON's) is half a character."""
    found = _SURROGATE.search(text)
    if found is not None:
        raise CellError(
            "encoding",
            f"{show(raw)} has half of a character (a lone surrogate) at character "
            f"{found.start() + 1}",
            "expected text of whole characters",
        )
    return text


def as_number(value: object) -> float | None:
    """Return the value if it is a number a bound can compare with (bool is not one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


# -- showing ----------------------------------------------------------------------------------


def cut(text: str, limit: int = 60) -> str:
    """Shorten text to a readable length, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str) -> str:
    """Quote a header in double quotes, escaped and cut to a readable length."""
    # ensure_ascii would escape all Cyrillic; a lone surrogate alone is escaped by hand.
    return _SURROGATE.sub(_escape, json.dumps(cut(text), ensure_ascii=False))


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def show(value: object) -> str:
    """Show a bad value in a message: text with repr(), JSON scalars as JSON."""
    if isinstance(value, NumberText):
        return cut(value)
    if isinstance(value, Fault):
        return value.shown
    if isinstance(value, str):
        return repr(cut(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        # str() of an int over 4300 digits raises; such a value is described, not shown.
        return str(value) if abs(value) < 10**30 else f"an integer of {value.bit_length()} bits"
    if isinstance(value, float):
        return show_number(value)
    if isinstance(value, Pairs | Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def show_number(value: float) -> str:
    """Show a number without a needless ``.0``, as a limit or a value in a message."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 10**MAX_DIGITS:
        return str(int(value))
    return repr(value)
