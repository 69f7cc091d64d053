"""Facts sheets (CSV or a workbook's sheet): the header row, then the wide or the long layout."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final, TypeAlias

import attrs

from ._cells import CellError, Fault, entity_text, quote, show, show_number
from ._columns import ID, PERIOD, Columns, Target, norm
from ._handmade import footer_word, looks_like_words
from ._rows import MAX_ROWS, Cell, Problems, Row

__all__ = ["FACT_HEADERS", "HEADER_SCAN", "VALUE_HEADERS", "Pair", "Record", "StopReading", "pairs"]

#: One row of a sheet as read: its spreadsheet row number, its first line, and its values.
Record: TypeAlias = tuple[int, int, Sequence[object]]
#: One row and its cells, matched to what they hold.
Pair: TypeAlias = tuple[Row, Mapping[Target, Cell]]

#: The header is looked for among this many first non-blank rows.
HEADER_SCAN: Final = 20
#: Headers of the long layout's column of fact names (unless a fact is declared so).
FACT_HEADERS: Final = frozenset({"fact", "факт", "показатель"})
#: Headers of the long layout's column of values.
VALUE_HEADERS: Final = frozenset({"value", "значение"})


class StopReading(Exception):  # noqa: N818 - a signal, not an error: it is reported already
    """Reading cannot go on (bad CSV, too many rows); the problem is already recorded."""


def pairs(
    problems: Problems, columns: Columns, records: Iterable[Record], *, sheet: str = ""
) -> Iterator[Pair]:
    """Find the header among the first rows, then yield each school's row with matched cells.

    ``records`` may raise :class:`StopReading` after recording why; reading then ends
    without the checks of a complete file (missing columns).
    """
    try:
        yield from _pairs(problems, columns, records, sheet)
    except StopReading:
        return


def _pairs(
    problems: Problems, columns: Columns, records: Iterable[Record], sheet: str
) -> Iterator[Pair]:
    rows = (record for record in records if not all(_blank(value) for value in record[2]))
    head = list(itertools.islice(rows, HEADER_SCAN))
    if not head:
        problems.error("empty", "the file is empty; expected a header row and a row per school")
        return
    at = _header_at(columns, head)
    if at:
        _skipped(problems, head[:at], head[at], sheet)
    body = itertools.chain(head[at + 1 :], rows)
    table = _Table(problems, columns, head[at], sheet)
    yield from table.long(body) if table.long_columns else table.wide(body)
    table.finish()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_text(value: object) -> str:
    """A header cell as text: a workbook may hold a number (a year) or nothing there."""
    if value is None or isinstance(value, Fault):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return show_number(value)
    return str(value)


def _header_at(columns: Columns, head: Sequence[Record]) -> int:
    """Which of the first rows is the header: the one naming most columns, the first if none do.

    Title rows above the header ("Мониторинг ... 2023") name no column; a data row names
    at most one (a long-layout row names a fact), the header usually several.
    """
    best, best_score = 0, 0
    for at, (_, _, values) in enumerate(head):
        named: set[object] = set()
        for value in values:
            key = header_text(value)
            if not key.strip():
                continue
            target = columns.target(key)
            if target is not None:
                named.add(target)
            elif norm(key) in FACT_HEADERS or norm(key) in VALUE_HEADERS:
                named.add(norm(key))
        if len(named) > best_score:
            best, best_score = at, len(named)
    return best


def _skipped(problems: Problems, above: Sequence[Record], header: Record, sheet: str) -> None:
    first_index, first_line, values = above[0]
    shown = next(show(value) for value in values if not _blank(value))
    where = Row(first_index, first_line, (), csv=True, sheet=sheet)
    rows = (
        f"row {first_index} is"
        if len(above) == 1
        else f"{len(above)} rows ({first_index} to {above[-1][0]}) are"
    )
    problems.warn(
        "title-rows",
        f"{rows} above the header (row {header[0]}) and skipped as titles (first {shown}); "
        "the header is the first row naming the most known columns",
        first_line,
        0,
        where.path,
    )


class _Table:
    """One sheet's header and what each of its columns holds."""

    def __init__(self, problems: Problems, columns: Columns, header: Record, sheet: str) -> None:
        self.problems = problems
        self.columns = columns
        self.sheet = sheet
        index, line, values = header
        self.keys = [header_text(value) for value in values]
        self.row = Row(index, line, (), csv=True, sheet=sheet)
        self.long_columns = _long_columns(columns, self.keys)
        skip = set(self.long_columns or ())
        cells = []
        for j, key in enumerate(self.keys):
            target = columns.target(key) if key.strip() else None
            if j in skip:
                continue
            if self.long_columns and target is not None and target[0] == "fact":
                self._ignored(key, target[1], line, j + 1)
                continue
            cells.append((key, None, line, j + 1))
        header_row = Row(index, line, tuple(cells), csv=True, sheet=sheet)
        resolved = columns.resolve(header_row)
        self.mapped = sorted((cell[3] - 1, target) for target, cell in resolved.items())
        self.unnamed = [j for j, key in enumerate(self.keys) if not key.strip()]
        # Values under no header are reported once per column, with the first such value.
        self.stray: dict[int, tuple[Row, object]] = {}
        self.count = 0

    def _ignored(self, key: str, fact: str, line: int, column: int) -> None:
        fact_key = quote(self.keys[self.long_columns[0]]) if self.long_columns else ""
        self.problems.warn(
            "unknown-column",
            f"column {quote(key)} holds fact {fact!r}, but the sheet has the long layout "
            f"(a fact named in column {fact_key} and its value on each row); it is ignored",
            line,
            column,
            self.row.cell_path(key, column),
        )

    def _cells(self, record: Record) -> tuple[Row, dict[Target, Cell]]:
        index, line, values = record
        self.count += 1
        if self.count > MAX_ROWS:
            self.problems.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", line)
            raise StopReading
        width = len(values)
        cells = {
            target: (self.keys[j], values[j] if j < width else "", line, j + 1)
            for j, target in self.mapped
        }
        text = ""
        if ID not in cells or _blank(cells[ID][1]):
            # A row without an id may be a note under the table: its first words say so.
            text = header_text(next((value for value in values if not _blank(value)), ""))
        row = Row(index, line, (), csv=True, sheet=self.sheet, text=text)
        for j in (*self.unnamed, *range(len(self.keys), width)):
            if j < width and j not in self.stray and not _blank(values[j]):
                self.stray[j] = (row, values[j])
        return row, cells

    def wide(self, body: Iterable[Record]) -> Iterator[Pair]:
        """Each row is a school, each fact a column."""
        for record in body:
            yield self._cells(record)

    def long(self, body: Iterable[Record]) -> Iterator[Pair]:
        """Each row is one fact of a school: the schools are yielded once all rows are read."""
        fact_at, value_at = self.long_columns or (0, 0)
        schools: dict[tuple[str, str], _School] = {}
        for record in body:
            row, cells = self._cells(record)
            key = _key(cells)
            values = record[2]
            named = values[fact_at] if fact_at < len(values) else None
            if _blank(named) and (value_at >= len(values) or _blank(values[value_at])):
                if key is None or footer_word(key[1]) or looks_like_words(key[1]):
                    # A signature or note under the table: checking the row alone says so.
                    yield row, cells
                    continue
            elif key is None:
                # No usable id or period: checking the row alone reports why.
                yield attrs.evolve(row, text=""), cells
                continue
            fact = self._fact(row, named, fact_at)
            if fact is None:
                continue
            value = values[value_at] if value_at < len(values) else ""
            school = schools.get(key)
            if school is None:
                school = schools[key] = _School(row, cells)
            else:
                school.add(row, cells)
            first = school.rows.get(fact)
            if first is not None:
                self._duplicate(key, fact, first, row, value_at + 1)
                continue
            school.rows[fact] = row
            school.facts[fact] = (self.keys[value_at], value, row.line, value_at + 1)
            self.columns.saw(("fact", fact))
        for school in schools.values():
            yield school.pair()

    def _fact(self, row: Row, value: object, column: int) -> str | None:
        """The fact a long-layout row names, or None when it names none (reported)."""
        try:
            text = entity_text(value)
        except CellError:
            # A cell a workbook could not give (an uncached formula) names no fact either.
            text = show(value)
        fact = None if text is None else self.columns.fact_of(text)
        if fact is None:
            key = self.keys[column]
            named = f"{show(value)} is not a fact" if text else "no fact is named"
            hint = self.columns.fact_hint(text) if text else ""
            self.problems.error(
                "unknown-fact",
                f"{named} ({row.path}, column {quote(key)}); expected the name or the column "
                f"title of a declared fact{hint}",
                row.line,
                column + 1,
                row.cell_path(key, column + 1),
                capped=True,
            )
        return fact

    def _duplicate(
        self, key: tuple[str, str], fact: str, first: Row, row: Row, column: int
    ) -> None:
        period, school_id = key
        during = f" in period {period!r}" if period else ""
        header = self.keys[column - 1]
        self.problems.error(
            "duplicate-fact",
            f"fact {fact!r} of school {school_id!r} appears twice{during}: "
            f"{_where(first, header, column)} and {_where(row, header, column)}; "
            "keep one row per school, period and fact",
            row.line,
            column,
            row.cell_path(header, column),
            capped=True,
        )

    def finish(self) -> None:
        """Report values under no header, an empty sheet and missing columns."""
        header = self.row
        for j, (row, value) in sorted(self.stray.items()):
            self.problems.warn(
                "unknown-column",
                f"column {j + 1} has no header but has values (first {show(value)} in "
                f"{row.path}); they are ignored",
                header.line,
                j + 1,
                header.cell_path("", j + 1),
            )
        if self.count == 0:
            self.problems.error(
                "empty",
                "the file has a header but no rows; expected a row per school",
                header.line,
                0,
                header.path,
            )
        fact_column = self.keys[self.long_columns[0]] if self.long_columns else ""
        self.columns.check(header.line, 0, header.path, fact_column=fact_column)


def _long_columns(columns: Columns, keys: Sequence[str]) -> tuple[int, int] | None:
    """The columns of fact names and of values, if the header has both: the long layout."""
    fact_at = value_at = None
    for j, key in enumerate(keys):
        if columns.target(key) is not None:
            # A declared fact or column headed "value" is a fact of the wide layout.
            continue
        if fact_at is None and norm(key) in FACT_HEADERS:
            fact_at = j
        elif value_at is None and norm(key) in VALUE_HEADERS:
            value_at = j
    if fact_at is None or value_at is None:
        return None
    return fact_at, value_at


def _where(row: Row, header: str, column: int) -> str:
    return row.cell_path(header, column) if row.sheet else row.path


def _key(cells: Mapping[Target, Cell]) -> tuple[str, str] | None:
    """A long-layout row's (period, id), or None when either is unusable."""
    try:
        school_id = entity_text(cells[ID][1]) if ID in cells else None
        period_cell = cells.get(PERIOD)
        period = entity_text(period_cell[1]) if period_cell is not None else None
    except CellError:
        return None
    return None if school_id is None else (period or "", school_id)


class _School:
    """The rows of one school in the long layout, gathered until the sheet is read."""

    def __init__(self, row: Row, cells: Mapping[Target, Cell]) -> None:
        self.row = row
        self.entity = dict(cells)
        self.facts: dict[str, Cell] = {}
        #: The row each fact was found on.
        self.rows: dict[str, Row] = {}
        self.lines = [(row.line, row.index)]

    def add(self, row: Row, cells: Mapping[Target, Cell]) -> None:
        """Take a further row: its name or group fills in what the first rows left blank."""
        self.lines.append((row.line, row.index))
        for target, cell in cells.items():
            if _blank(self.entity.get(target, ("", None))[1]):
                self.entity[target] = cell

    def pair(self) -> Pair:
        row = self.row
        lines = tuple(self.lines)
        school_row = Row(row.index, row.line, (), csv=True, sheet=row.sheet, lines=lines)
        cells = {**self.entity, **{("fact", name): cell for name, cell in self.facts.items()}}
        return school_row, cells
