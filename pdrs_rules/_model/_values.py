"""Values and units: the types of facts and parameters, what a value measures, how it is written."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeAlias

from pdrs_rules._i18n._russian import format_number

__all__ = [
    "MAX_NUMBER",
    "Better",
    "BoundValue",
    "FactValue",
    "Facts",
    "Outcome",
    "ParamValue",
    "Unit",
    "ValueType",
    "format_threshold",
    "format_value",
    "value_fits",
]

#: The value of one fact for one school; ``None`` means the cell was empty (not submitted).
FactValue: TypeAlias = int | float | bool | str | None
#: A school's facts by fact name.
Facts: TypeAlias = Mapping[str, FactValue]
#: A parameter value.
ParamValue: TypeAlias = int | float | bool | str
#: A band boundary: a number, or the name of a parameter whose value is the number.
BoundValue: TypeAlias = float | str


#: Every number the library takes or gives is within ±MAX_NUMBER: facts, parameters, formula
#: literals and results (docs/security.md). Exactly representable, as every integer below it.
MAX_NUMBER = 1e15


class ValueType(enum.Enum):
    """The type of a fact or parameter as declared in the ruleset."""

    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    STRING = "string"


def value_fits(kind: ValueType, value: object) -> bool:
    """Whether ``value`` is of type ``kind``, as a parameter's default or override must be.

    bool is not a number; numbers are finite and within ±MAX_NUMBER (a comparison, which holds
    for integers too large for a float as well).
    """
    if kind is ValueType.BOOLEAN:
        return isinstance(value, bool)
    if kind is ValueType.STRING:
        return isinstance(value, str)
    if isinstance(value, bool) or (kind is ValueType.INTEGER and not isinstance(value, int)):
        return False
    return isinstance(value, int | float) and -MAX_NUMBER <= value <= MAX_NUMBER


class Unit(enum.Enum):
    """What an indicator's value measures; it decides display and default domain."""

    PERCENT = "%"
    COUNT = "count"
    SCORE = "score"
    NUMBER = "number"
    BOOLEAN = "boolean"


def _format(x: float, unit: Unit, precision: int | None) -> str:
    if unit is Unit.BOOLEAN:
        if not isinstance(x, bool):
            raise TypeError(f"a value in unit {unit.value!r} must be a bool, got {x!r}")
        return "да" if x else "нет"
    text = format_number(x, precision)
    # Russian style guides want "88,9 %", but the source documents and reports write "88,9%".
    return text + "%" if unit is Unit.PERCENT else text


def format_value(x: float, unit: Unit, precision: int) -> str:
    """Format an indicator's value for display: ``88,9%``, ``12``, ``3,5`` or ``да``/``нет``."""
    return _format(x, unit, precision)


def format_threshold(x: float, unit: Unit) -> str:
    """Format a band boundary or parameter in its shortest form: ``30%``, ``33,3%``."""
    return _format(x, unit, None)


class Better(enum.Enum):
    """Which direction of an indicator's value is better; bands must agree with it."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Outcome(enum.Enum):
    """Whether a school's indicator could be computed, and if not, why."""

    EVALUATED = "evaluated"
    #: A fact the formula needs is missing (empty cell or absent optional column).
    NO_DATA = "no_data"
    #: A denominator is zero (no young teachers: the mentoring share does not apply).
    NOT_APPLICABLE = "not_applicable"
    #: The value is outside the indicator's domain or not finite (e.g. a share of 120%).
    OUT_OF_RANGE = "out_of_range"
    #: The value needs earlier periods the run does not have (``previous()``, trends).
    INSUFFICIENT_HISTORY = "insufficient_history"
