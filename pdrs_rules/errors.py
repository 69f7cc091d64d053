"""Exceptions and diagnostics: every problem pdrs-rules reports, with a code and a location.

The tree::

    PdrsRulesError                      base of everything pdrs-rules raises
    ├── RulesetError (ValueError)       one problem in a ruleset file
    │   └── FormulaError                a formula that cannot be compiled
    ├── FactsError (ValueError)         one problem in a facts file
    ├── ParameterError (ValueError)     a bad parameter override (``--param k=v``)
    ├── CaseError (ValueError)          one problem in a case file (``*.cases.yaml``)
    ├── RulesetInvalid (ExceptionGroup) all problems of one ruleset, sorted by location
    ├── FactsInvalid (ExceptionGroup)   all problems of one facts file, sorted by location
    └── CasesInvalid (ExceptionGroup)   all problems of one case file, sorted by location

Every single problem carries ``code`` (a stable kebab-case identifier, listed in
docs/errors.md), ``message`` (what was wrong, with the bad value, and what was expected)
and ``location``; ``str()`` of it is ``file:line:col: code: message`` like ``opa check``.

Messages are written in English; ``localized("ru")`` of a diagnostic or an exception gives
the same problem in Russian (same code, location and severity), see docs/messages.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Self, cast

import attrs

__all__ = [
    "CaseError",
    "CasesInvalid",
    "Diagnostic",
    "FactsError",
    "FactsInvalid",
    "FormulaError",
    "Location",
    "ParameterError",
    "PdrsRulesError",
    "RulesetError",
    "RulesetInvalid",
    "Severity",
]


@attrs.frozen(order=True)
class Location:
    """Where a problem is: a file, a 1-based line and column, and a JSON path into the document.

    ``line`` and ``column`` are 0 when unknown (a facts row has a line but a JSON path has none);
    ``path`` is ``$.indicators.iom_share.bands[1].below`` for rulesets and a row/column
    description for facts.
    """

    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


class Severity(enum.Enum):
    """How bad a diagnostic is: errors stop a ruleset from loading, warnings do not.

    Notes are information, not problems: what a ruleset that ``extends`` another changes.
    """

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@attrs.frozen
class Diagnostic:
    """One problem found while checking a ruleset or reading facts: data, not an exception."""

    code: str
    message: str
    location: Location = Location()
    severity: Severity = Severity.ERROR
    #: Extra lines shown under the message: the formula with a caret under the bad spot.
    detail: str = ""
    #: The language of ``message`` and of the severity word in ``str()``: "en" or "ru".
    lang: str = attrs.field(default="en", kw_only=True)

    def __str__(self) -> str:
        head = f"{self.location}: {self.code}: {self.message}"
        if self.severity is not Severity.ERROR:
            severity = self.severity.value
            if self.lang != "en":
                from ._i18n._translate import word  # noqa: PLC0415 - only for localized diagnostics

                severity = word(severity, self.lang)
            head = f"{self.location}: {self.code}: {severity}: {self.message}"
        return f"{head}\n{self.detail}" if self.detail else head

    def localized(self, lang: str) -> Diagnostic:
        """The same diagnostic in ``lang`` ("ru" or "en"): same code, location and severity.

        Clauses the Russian catalog does not know stay in English. The detail (a formula
        with a caret under it) is the user's own text and is kept as it is.
        """
        if lang not in {"en", "ru"}:
            message = f"messages are in 'en' or 'ru', got {lang!r}"
            raise ValueError(message)
        if lang == self.lang:
            return self
        if self.lang != "en":
            message = f"only English diagnostics can be localized, this one is {self.lang!r}"
            raise ValueError(message)
        from ._i18n._translate import translate  # noqa: PLC0415 - translation is only for display

        return attrs.evolve(self, message=translate(self.message, lang), lang=lang)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, line, column, then path and code, so output is stable."""
        loc = self.location
        return (loc.file, loc.line, loc.column, loc.path, self.code)


class PdrsRulesError(Exception):
    """Base class of every error raised by pdrs-rules."""

    def localized(self, lang: str) -> PdrsRulesError:
        """The error with its messages in ``lang``; an error with no diagnostics stays as is."""
        del lang
        return self


class _SingleError(PdrsRulesError):
    """An error that is exactly one diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    @classmethod
    def make(
        cls,
        code: str,
        message: str,
        location: Location = Location(),
        detail: str = "",
    ) -> Self:
        """Build the error from its parts."""
        return cls(Diagnostic(code, message, location, detail=detail))

    @property
    def code(self) -> str:
        """The stable identifier of the problem, e.g. ``unknown-name``."""
        return self.diagnostic.code

    @property
    def message(self) -> str:
        """The human-readable message, without the location."""
        return self.diagnostic.message

    @property
    def location(self) -> Location:
        """Where the problem is."""
        return self.diagnostic.location

    def localized(self, lang: str) -> Self:
        """The same error with its message in ``lang``; this one keeps its English message."""
        return type(self)(self.diagnostic.localized(lang))


class RulesetError(_SingleError, ValueError):
    """One problem in a ruleset: a schema violation, a bad band set, an unknown name ..."""


class FormulaError(RulesetError):
    """A formula that cannot be parsed, uses something not allowed, or breaks a limit."""


class FactsError(_SingleError, ValueError):
    """One problem in a facts file: a bad cell, a missing column, an out-of-bounds value ..."""


class ParameterError(_SingleError, ValueError):
    """A parameter override that names no parameter or has a value of the wrong type."""


class CaseError(_SingleError, ValueError):
    """One problem in a case file: a schema violation, an unknown indicator, a missing file ..."""


def _sorted(errors: Iterable[_SingleError]) -> list[_SingleError]:
    return sorted(errors, key=lambda e: e.diagnostic.sort_key())


class _Invalid(PdrsRulesError, ExceptionGroup):  # noqa: N818
    """All problems of one input, sorted by location; ``str()`` lists them one per line."""

    def __new__(cls, message: str, errors: Sequence[_SingleError]) -> Self:
        return super().__new__(cls, message, _sorted(errors))

    def __init__(self, message: str, errors: Sequence[_SingleError]) -> None:
        super().__init__(message, _sorted(errors))

    def derive(self, excs: Sequence[_SingleError]) -> Self:  # type: ignore[override]
        """Keep the subclass when ``except*`` splits the group."""
        return type(self)(self.message, excs)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The problems as plain data, in location order."""
        return tuple(cast("_SingleError", e).diagnostic for e in self.exceptions)

    def localized(self, lang: str) -> Self:
        """The same problems with their messages in ``lang``; ``str()`` of it prints them."""
        return type(self)(
            self.message, [cast("_SingleError", e).localized(lang) for e in self.exceptions]
        )

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class RulesetInvalid(_Invalid):
    """A ruleset with one or more errors; ``exceptions`` holds a RulesetError for each."""


class FactsInvalid(_Invalid):
    """A facts file with one or more errors; ``exceptions`` holds a FactsError for each."""


class CasesInvalid(_Invalid):
    """A case file with one or more errors; ``exceptions`` holds a CaseError for each."""
