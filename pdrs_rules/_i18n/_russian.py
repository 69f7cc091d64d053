"""Numbers and plural forms written the Russian way: decimal comma, no-break spaces."""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "NBSP",
    "entity_count",
    "format_count",
    "format_number",
    "plural_form",
]

#: The no-break space that groups thousands, so a number never wraps across lines.
NBSP = "\u00a0"

# Enough to show a share like 33,333333% faithfully while hiding float noise
# such as the ...04 in 0.1 + 0.2.
_SHORTEST_MAX_DECIMALS = 6
# Russian typography leaves four-digit numbers whole ("1234") and groups from five digits.
_GROUP_FROM_DIGITS = 5


def _check_number(x: float, what: str) -> None:
    # bool is an int to Python, but True shown as "1" would hide a wrong fact type.
    if isinstance(x, bool):
        raise TypeError(f"{what} expects a number, got bool {x!r}")
    # math.isfinite() overflows on ints beyond the float range; ints are always finite.
    if isinstance(x, int):
        return
    if not math.isfinite(x):
        raise ValueError(f"{what} expects a finite number, got {x!r}")


def _round(x: float, precision: int | None) -> Decimal:
    _check_number(x, "format_number")
    if precision is not None and precision < 0:
        raise ValueError(f"precision must be None or at least 0, got {precision!r}")
    places = _SHORTEST_MAX_DECIMALS if precision is None else precision
    # repr() gives the shortest string that round-trips, so 20.05 rounds up as written
    # instead of down as its binary value 20.04999... would.
    exact = Decimal(x) if isinstance(x, int) else Decimal(repr(x))
    # The default 28 significant digits are too few for large values with many decimals;
    # the extra digits leave room for a carry (999,95 -> 1000,0).
    context = Context(prec=max(exact.adjusted(), 0) + places + 3, rounding=ROUND_HALF_UP)
    return exact.quantize(Decimal(1).scaleb(-places), context=context)


def _group(digits: str) -> str:
    if len(digits) < _GROUP_FROM_DIGITS:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def _display(rounded: Decimal, trim: bool) -> str:
    integer, _, fraction = format(rounded.copy_abs(), "f").partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    # Comparing with zero rather than reading the sign keeps "−0,0" from appearing. Russian
    # typography writes the minus sign (U+2212), not the hyphen: «−3,0».
    sign = "\u2212" if rounded < 0 else ""
    return sign + _group(integer) + ("," + fraction if fraction else "")


def format_number(x: float, precision: int | None = None) -> str:
    """Format ``x`` with a decimal comma, rounding half up to ``precision`` decimals.

    With ``precision=None`` the shortest form is shown: at most six decimals, trailing
    zeros trimmed. Integer parts of five or more digits are grouped by three with a
    no-break space. Raises TypeError for bool and ValueError for NaN, infinities and a
    negative precision.
    """
    return _format_number(x, precision)


# A report formats the same few thousand values (shares of small head counts) over and over,
# and Decimal rounding is the slow part. typed=True keeps 1, 1.0 and True apart, and errors
# (bool, NaN) are raised every time since exceptions are not cached.
@functools.lru_cache(maxsize=8192, typed=True)
def _format_number(x: float, precision: int | None) -> str:
    return _display(_round(x, precision), trim=precision is None)


def _plural_of_integer(n: int, one: str, few: str, many: str) -> str:
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural_form(n: float, one: str, few: str, many: str) -> str:
    """Pick the form of a noun that agrees with ``n``: ``one`` (1, 21), ``few`` (2, 3, 4), ``many``.

    A fractional ``n`` takes ``few``, the genitive singular ("2,5 процента"); negative
    numbers agree by absolute value. Raises TypeError for bool and ValueError for NaN and
    infinities.
    """
    _check_number(n, "plural_form")
    if isinstance(n, float):
        if not n.is_integer():
            return few
        n = int(n)
    return _plural_of_integer(n, one, few, many)


def format_count(n: float, one: str, few: str, many: str, precision: int | None = None) -> str:
    """Format ``n`` followed by the agreeing noun form: ``1 педагог``, ``5 педагогов``.

    The form agrees with the number as displayed, not as given: 4.6 with precision 0
    is "5 процентов", and 1.0 with precision 1 is "1,0 процента".
    """
    return _format_count(n, one, few, many, precision)


# Templates show the same few counts ({gap|plural:...}) in every report; rounding is the slow
# part, as in _format_number. Errors are raised every time since exceptions are not cached.
@functools.lru_cache(maxsize=4096, typed=True)
def _format_count(n: float, one: str, few: str, many: str, precision: int | None) -> str:
    rounded = _round(n, precision)
    text = _display(rounded, trim=precision is None)
    if "," in text:
        return f"{text} {few}"
    return f"{text} {_plural_of_integer(int(rounded), one, few, many)}"


def entity_count(n: float, title: str, forms: tuple[str, ...] = ()) -> str:
    """A number of entities with the agreeing form of their title (the title when undeclined)."""
    one, few, many = forms if len(forms) == 3 else (title, title, title)
    return format_count(n, one, few, many)
