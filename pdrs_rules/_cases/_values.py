"""CASE VALUES: what a case file's expectations become once read, and how numbers compare."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import TypeAlias

import attrs

from pdrs_rules._model import Outcome, Recommendation
from pdrs_rules.errors import Location

__all__ = [
    "RELATIVE_TOLERANCE",
    "WILDCARD",
    "Approx",
    "Check",
    "ErrorExpectation",
    "Expectation",
    "Expected",
    "RecommendationCheck",
    "most_specific",
    "suggest",
]

#: In ``expect``, a school or indicator key that stands for every one the case does not name.
WILDCARD = "*"
#: A bare number in ``value`` is compared with this relative tolerance: float noise only.
RELATIVE_TOLERANCE = 1e-9


@attrs.frozen
class Approx:
    """An expected number: within ``tolerance`` (absolute), or equal up to float noise."""

    expected: float
    tolerance: float | None = None

    def matches(self, actual: object) -> bool:
        """Whether an actual finding value is close enough."""
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        if self.tolerance is None:
            return math.isclose(actual, self.expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
        # 25.0 is within 0.1 of 25.1 although the float difference is 0.10000000000000142.
        slack = self.tolerance * (1 + RELATIVE_TOLERANCE) + 1e-12
        return abs(actual - self.expected) <= slack

    def __str__(self) -> str:
        shown = _number(self.expected)
        return shown if self.tolerance is None else f"{shown} ± {_number(self.tolerance)}"


@attrs.frozen
class RecommendationCheck:
    """One expected recommendation: every named part must hold for one actual recommendation."""

    to: str | None = None
    text: str | None = None
    text_contains: str | None = None

    def matches(self, actual: Recommendation) -> bool:
        """Whether an actual recommendation fits."""
        return (
            (self.to is None or actual.to == self.to)
            and (self.text is None or actual.text == self.text)
            and (self.text_contains is None or self.text_contains in actual.text)
        )

    def __str__(self) -> str:
        parts = [f"to {self.to}"] if self.to is not None else []
        if self.text is not None:
            parts.append(f"text {self.text!r}")
        if self.text_contains is not None:
            parts.append(f"text contains {self.text_contains!r}")
        return ", ".join(parts)


#: What one field of an expectation may hold once read: school ids (``schools``) are a tuple of
#: strings, recommendations a tuple of checks.
Expected: TypeAlias = (
    str | float | bool | Outcome | Approx | tuple[RecommendationCheck, ...] | tuple[str, ...] | None
)


@attrs.frozen
class Check:
    """One named field of an expected finding, and where the case file says it."""

    field: str
    expected: Expected
    location: Location = Location()


@attrs.frozen
class Expectation:
    """What one school's finding for one indicator must be; ``*`` stands for the others."""

    school: str
    indicator: str
    checks: tuple[Check, ...] = ()
    location: Location = Location()

    @property
    def subject(self) -> str:
        """``school 023 iom_low_share``, as failure lines name it."""
        school = "every other school" if self.school == WILDCARD else f"school {self.school}"
        indicator = "every other indicator" if self.indicator == WILDCARD else self.indicator
        return f"{school} {indicator}"


@attrs.frozen
class ErrorExpectation:
    """The evaluation must be refused with this error code (and a message containing a text)."""

    code: str
    message_contains: str | None = None
    location: Location = Location()


def most_specific(
    expectations: Iterable[Expectation], outer: str, inner: str
) -> Expectation | None:
    """The expectation that applies to ``outer``'s ``inner``: the most specific one, else None.

    A named outer key (school, group) replaces ``*`` wholly; within it, a named inner key
    (indicator, conclusion) replaces ``*``.
    """
    chosen = tuple(expectations)
    by_key = {(e.school, e.indicator): e for e in chosen}
    outer_key = outer if any(e.school == outer for e in chosen) else WILDCARD
    return by_key.get((outer_key, inner)) or by_key.get((outer_key, WILDCARD))


def suggest(name: str, options: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a close option, else nothing."""
    from pdrs_rules._i18n._lookalike import lookalike_hint  # noqa: PLC0415 - only on the error path

    known = list(options)
    if lookalike := lookalike_hint(name, known):
        return lookalike
    hint = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def _number(value: float) -> str:
    return repr(value)
