"""Facts rows as reading hands them to checking, and the collector of every problem found."""

from __future__ import annotations

from typing import Final, TypeAlias

import attrs

from pdrs_rules.errors import Diagnostic, FactsError, FactsInvalid, Location, Severity

from ._cells import quote

__all__ = ["MAX_PROBLEMS", "MAX_ROWS", "Cell", "Problems", "Row", "column_letter", "sheet_ref"]

#: More rows than this are refused: no municipality has that many schools.
MAX_ROWS: Final = 1_000_000
#: Row-level problems beyond this many are counted but not listed.
MAX_PROBLEMS: Final = 1000

#: One cell: the header (or key) as written, the raw value, its line and 1-based column.
Cell: TypeAlias = tuple[str, object, int, int]


@attrs.frozen
class Row:
    """One school's row before checking: for CSV ``index`` is the spreadsheet row number.

    A row of a workbook names its ``sheet``; there ``line`` is the sheet's row number too.
    A school of the long layout is several rows: ``lines`` maps each row's line to its index.
    """

    index: int
    line: int
    cells: tuple[Cell, ...]
    csv: bool = False
    sheet: str = ""
    lines: tuple[tuple[int, int], ...] = ()
    #: The first non-blank cell of a sheet's row as written: a footer says what it is there.
    text: str = ""

    @property
    def path(self) -> str:
        """Where the row is, as users see it: ``row 3`` in a sheet, ``$[2]`` in a document."""
        if self.sheet:
            return f"row {self.index} of sheet {sheet_ref(self.sheet)}"
        return f"row {self.index}" if self.csv else f"$[{self.index}]"

    def cell_path(self, key: str, column: int, line: int = 0) -> str:
        """Where one of the row's cells is; a header is shown when there is one.

        ``line`` picks the row of a long-layout school that the cell is on.
        """
        if not self.csv:
            return f"$[{self.index}][{quote(key)}]"
        index = dict(self.lines).get(line, self.index) if self.lines else self.index
        if self.sheet:
            return f"{sheet_ref(self.sheet)}!{column_letter(column)}{index}"
        if key.strip():
            return f"row {index}, column {quote(key)}"
        return f"row {index}, column {column}"


def sheet_ref(sheet: str) -> str:
    """A sheet's name as Excel writes it in a reference: quoted unless it is one plain word."""
    if sheet.replace("_", "a").isalnum():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def column_letter(column: int) -> str:
    """The letters of a 1-based column number: 1 is ``A``, 27 is ``AA``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Problems:
    """Collects the errors and warnings of one facts file, so that all are reported together."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[FactsError] = []
        self.warnings: list[Diagnostic] = []
        self._dropped_errors = 0
        self._dropped_warnings = 0

    def error(
        self,
        code: str,
        message: str,
        line: int = 0,
        column: int = 0,
        path: str = "",
        *,
        capped: bool = False,
    ) -> None:
        """Record an error; ``capped`` ones are only counted once there are many."""
        # Row-level problems are capped so a broken million-row file stays cheap to report;
        # file-level ones (a missing column) are always kept.
        if capped and len(self.errors) >= MAX_PROBLEMS:
            self._dropped_errors += 1
            return
        self.errors.append(FactsError.make(code, message, Location(self.file, line, column, path)))

    def warn(self, code: str, message: str, line: int = 0, column: int = 0, path: str = "") -> None:
        """Record a warning; beyond the cap warnings are only counted."""
        if len(self.warnings) >= MAX_PROBLEMS:
            self._dropped_warnings += 1
            return
        location = Location(self.file, line, column, path)
        self.warnings.append(Diagnostic(code, message, location, Severity.WARNING))

    def finish(self) -> tuple[Diagnostic, ...]:
        """Raise FactsInvalid if there were errors; otherwise return the warnings, sorted."""
        if self.errors:
            errors = list(self.errors)
            total = len(errors) + self._dropped_errors
            if self._dropped_errors:
                errors.append(
                    FactsError.make(
                        "too-many-problems",
                        f"{self._dropped_errors} more problems are not listed; "
                        f"only the first {MAX_PROBLEMS} row problems are shown",
                        Location(self.file),
                    )
                )
            noun = "problem" if total == 1 else "problems"
            raise FactsInvalid(f"{self.file}: {total} {noun}", errors)
        warnings = sorted(self.warnings, key=Diagnostic.sort_key)
        if self._dropped_warnings:
            warnings.insert(
                0,
                Diagnostic(
                    "too-many-problems",
                    f"{self._dropped_warnings} more warnings are not listed",
                    Location(self.file),
                    Severity.WARNING,
                ),
            )
        return tuple(warnings)
