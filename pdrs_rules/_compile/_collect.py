"""Problems found while compiling, located in the document, with carets under bad spots."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import attrs

from pdrs_rules._formula import _grammar
from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules.errors import Diagnostic, Severity

__all__ = ["Collector", "folded", "suggest", "unfolded"]


class Collector:
    """Collects diagnostics with locations taken from the document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: list[Diagnostic] = []

    def error(
        self,
        code: str,
        message: str,
        path: PathT,
        *,
        key: bool = False,
        detail: str = "",
        column_offset: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        loc = self.doc.location(path, key=key)
        if column_offset is not None and loc.column:
            loc = attrs.evolve(loc, column=loc.column + column_offset)
        self.items.append(Diagnostic(code, message, loc, severity, detail))

    def error_in_text(
        self,
        code: str,
        message: str,
        path: PathT,
        text: str,
        offset: int,
        width: int = 1,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """A problem at a character of a one-line scalar (formula, template), with a caret."""
        mark = self.doc.values.get(path)
        column = None
        if mark is not None and mark.style in {None, '"', "'"} and "\n" not in text.strip():
            column = offset + (1 if mark.style else 0) + (len(text) - len(text.lstrip()))
        one_line = " ".join(text.split())
        self.error(
            code,
            message,
            path,
            detail=_grammar.caret(one_line, folded(text, offset), width),
            column_offset=column,
            severity=severity,
        )

    def warning(self, code: str, message: str, path: PathT, *, key: bool = False) -> None:
        self.items.append(
            Diagnostic(code, message, self.doc.location(path, key=key), Severity.WARNING)
        )


def suggest(name: str, options: Sequence[str]) -> str:
    if lookalike := lookalike_hint(name, options):
        return lookalike
    hint = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def folded(text: str, offset: int) -> int:
    """Map an offset in the raw text to the same spot in its whitespace-folded form."""
    return len(" ".join(text[:offset].split())) + (
        1 if offset and text[offset - 1].isspace() and text[:offset].strip() else 0
    )


def unfolded(text: str, offset: int) -> int:
    """The inverse of :func:`folded`: the raw offset of a spot in the folded text."""
    for raw in range(len(text) + 1):
        if folded(text, raw) >= offset and (raw == len(text) or not text[raw].isspace()):
            return raw
    return len(text)
