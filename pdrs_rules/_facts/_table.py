"""Facts tables: per-school facts read from CSV, JSON, YAML or Python rows and checked."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Literal, NoReturn, TypeAlias

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._model import EntitySpec, FactSpec, FactValue, Markers, School, ValueType
from pdrs_rules.errors import Diagnostic, FactsError, FactsInvalid, Location

from ._cells import CellError, as_number, convert, cut, entity_text, quote, show_number
from ._columns import GROUP, GROUP_NAME, ID, NAME, PERIOD, Columns, Target
from ._handmade import UNMARKED, HandMade
from ._keys import Fingerprints, First, Keys
from ._read import (
    CHANGED,
    MAX_BYTES,
    WORKBOOKS,
    FileSource,
    Format,
    Pair,
    iter_rows,
    open_path,
    python_rows,
    read_path,
    records,
)
from ._rows import MAX_ROWS, Cell, Problems, Row, sheet_ref

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FactsStream",
    "FactsTable",
    "facts_from_rows",
    "iter_facts",
    "load_facts",
    "read_facts_text",
]

OutOfBounds: TypeAlias = Literal["error", "warn"]

#: A school's id and name, as far as its row gives them.
_Ident: TypeAlias = tuple[str | None, str | None]

_NUMERIC: Final = frozenset({ValueType.INTEGER, ValueType.NUMBER})

# A totals row says so in its id or name: "Итого", "ИТОГО:", "Всего по МО", "Total".
_TOTALS: Final = re.compile(r"(?:итого|итог|всего|total|totals|grand total)\b.*", re.DOTALL)


@attrs.frozen
class FactsTable:
    """The schools of one facts file, each with a value (or ``None``) for every declared fact."""

    file: str
    schools: tuple[School, ...]
    #: Problems that did not stop reading: unknown columns, out-of-bounds values in "warn" mode.
    warnings: tuple[Diagnostic, ...] = ()
    #: Of several files, one per period: missing columns that are errors only if the periods of
    #: their file are reported (``_periods.Deferred``).
    deferred: tuple[Any, ...] = ()


@checked
def load_facts(
    path: str | os.PathLike[str],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    out_of_bounds: OutOfBounds = "error",
    sheet: str | None = None,
    markers: Markers | None = None,
) -> FactsTable:
    """Read a facts file; the format comes from the extension.

    The extensions are .csv/.tsv/.txt, .json, .yaml/.yml and .xlsx/.xlsm/.xls/.ods; of a workbook
    the ``sheet`` named is read, the first if None (docs/facts-files.md).
    Raises FactsInvalid listing every problem found, and OSError if the file cannot be read.
    """
    file = os.fspath(path)
    checker = _Checker(file, facts, entity, out_of_bounds, markers=markers)
    source = read_path(checker.problems, file, sheet)
    if source is not None:
        checker.read(*source, sheet=sheet)
    return checker.finish()


class FactsStream(Iterator[School]):
    """The schools of a facts file already checked whole, built one at a time as they are read."""

    def __init__(
        self,
        file: str,
        warnings: tuple[Diagnostic, ...],
        schools: Iterator[School],
        periods: frozenset[str] = frozenset(),
    ) -> None:
        self.file = file
        #: Problems that did not stop reading, as in :attr:`FactsTable.warnings`.
        self.warnings = warnings
        #: The periods of the rows ("" for rows without one), known from the first pass.
        self.periods = periods
        self._schools = schools

    def __iter__(self) -> FactsStream:
        return self

    def __next__(self) -> School:
        return next(self._schools)


def iter_facts(
    path: str | os.PathLike[str],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    out_of_bounds: OutOfBounds = "error",
    sheet: str | None = None,
    markers: Markers | None = None,
) -> FactsStream:
    """Read a facts file like :func:`load_facts`, but yield its schools without keeping them.

    The first pass checks every row and raises FactsInvalid listing every problem, before
    any school is yielded; to find duplicate schools it keeps only a 64-bit fingerprint of
    each (period, id) key, and reads the file once more, keeping just the keys whose
    fingerprints repeat, when some do. The second pass reads the file again and builds each
    school as it is asked for; a file whose size or modification time changed since the first
    pass raises FactsInvalid (``changed-during-read``) instead. A CSV file is read from disk
    in chunks and decoded line by line in every pass; a JSON or YAML document or a workbook
    is read and parsed whole in each pass, and a sheet in the long layout is held whole.
    """
    file = os.fspath(path)
    checker = _Checker(file, facts, entity, out_of_bounds, keys=Fingerprints(), markers=markers)
    source = open_path(checker.problems, file, sheet)
    if source is not None:
        checker.check(source)
        repeated = checker.repeated()
        if repeated:
            checker = _Checker(
                file, facts, entity, out_of_bounds, keys=Keys(repeated), markers=markers
            )
            checker.check(source)
    checker.handmade.summarise()
    warnings = checker.problems.finish()
    if source is None:  # pragma: no cover - a refused file is always an error
        return FactsStream(file, warnings, iter(()))
    built = _built(file, facts, entity, out_of_bounds, source, markers)
    return FactsStream(file, warnings, built, frozenset(checker.periods))


def _built(
    file: str,
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    out_of_bounds: OutOfBounds,
    source: FileSource,
    markers: Markers | None,
) -> Iterator[School]:
    """The second pass of :func:`iter_facts`: the rows are known to be good, if unchanged."""
    _unchanged(source)
    checker = _Checker(file, facts, entity, out_of_bounds, keys=None, markers=markers)
    for row, cells in source.rows(checker.problems, checker.columns):
        school = checker.school(row, cells)
        if checker.problems.errors:
            # Rows the first pass found good are bad now: the file was changed meanwhile.
            _raise_changed(file)
        if school is not None:
            yield school
    if checker.problems.errors:
        _raise_changed(file)
    _unchanged(source)


def _unchanged(source: FileSource) -> None:
    if source.changed():
        _raise_changed(source.file)


def _raise_changed(file: str) -> NoReturn:
    error = FactsError.make("changed-during-read", CHANGED, Location(file))
    raise FactsInvalid(f"{file}: 1 problem", [error])


def read_facts_text(
    text: str | bytes,
    *,
    file: str,
    format: Format,  # noqa: A002 - the public name of the option
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    out_of_bounds: OutOfBounds = "error",
    sheet: str | None = None,
    markers: Markers | None = None,
) -> FactsTable:
    """Read facts held in memory; ``file`` only names the source in messages.

    A workbook (``format="xlsx"``, ``"xls"`` or ``"ods"``) is given as bytes; ``sheet`` names
    the sheet to read.
    """
    checker = _Checker(file, facts, entity, out_of_bounds, markers=markers)
    if format in {"csv", "json", "yaml", *WORKBOOKS}:
        checker.read(text, format, sheet=sheet)
    else:
        checker.problems.error(
            "unsupported-format",
            f"unsupported format {format!r}; expected 'csv', 'json', 'yaml', 'xlsx', 'xls' "
            "or 'ods'",
        )
    return checker.finish()


def facts_from_rows(
    rows: Iterable[Mapping[Any, object]],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    file: str = "<rows>",
    out_of_bounds: OutOfBounds = "error",
    markers: Markers | None = None,
) -> FactsTable:
    """Check rows given as Python mappings, keyed like a JSON facts file."""
    checker = _Checker(file, facts, entity, out_of_bounds, markers=markers)
    rows_read = python_rows(checker.problems, rows)
    checker.keep(records(checker.problems, checker.columns, rows_read, line=0))
    return checker.finish()


class _Checker:
    """Turns rows into schools, checking every value, collecting every problem before raising."""

    def __init__(
        self,
        file: str,
        facts: Mapping[str, FactSpec],
        entity: EntitySpec,
        out_of_bounds: OutOfBounds,
        *,
        keys: Keys | Fingerprints | Literal["all"] | None = "all",
        markers: Markers | None = None,
    ) -> None:
        self.file = file
        self.facts = dict(facts)
        self.warn_bounds = out_of_bounds == "warn"
        self.problems = Problems(file)
        self.columns = Columns(self.problems, self.facts, entity)
        self.schools: list[School] = []
        #: Every period a row was in ("" for rows without one): the run chooses among them.
        self.periods: set[str] = set()
        self._bounded = [
            (name, spec)
            for name, spec in self.facts.items()
            if spec.minimum is not None or spec.maximum is not None
        ]
        # Only where each (period, id) was first seen is kept, not the schools; or less.
        self._keys = Keys() if keys == "all" else keys
        self.handmade = HandMade(self.problems, entity, markers or Markers())
        #: Number facts, whose text cells may hold a marker; a cell starting with a digit holds
        #: none unless a marker does (the test is inline: it runs for nearly every cell).
        self._markable = frozenset(n for n, s in self.facts.items() if s.type in _NUMERIC)
        self._digits_plain = not self.handmade.digit_marks

    def check(self, source: FileSource) -> None:
        """Check every row of a file, keeping no school."""
        for row, cells in source.rows(self.problems, self.columns):
            self.school(row, cells)

    def repeated(self) -> frozenset[int]:
        """The fingerprints of keys seen twice, if only fingerprints were kept."""
        keys = self._keys
        return frozenset(keys.repeated) if isinstance(keys, Fingerprints) else frozenset()

    def read(self, data: str | bytes, fmt: Format, *, sheet: str | None = None) -> None:
        self.keep(iter_rows(self.problems, self.columns, data, fmt, sheet))

    def keep(self, rows: Iterable[Pair]) -> None:
        """Check rows and keep the schools they describe."""
        for row, cells in rows:
            school = self.school(row, cells)
            if school is not None:
                self.schools.append(school)

    def finish(self) -> FactsTable:
        self.handmade.summarise()
        warnings = self.problems.finish()
        return FactsTable(self.file, tuple(self.schools), warnings)

    def school(self, row: Row, cells: Mapping[Target, Cell]) -> School | None:
        """Check one row; the school it describes, or None if it has no id."""
        school_id, id_ok = self._entity_text(row, cells.get(ID))
        name, _ = self._entity_text(row, cells.get(NAME))
        period, _ = self._entity_text(row, cells.get(PERIOD))
        group, _ = self._entity_text(row, cells.get(GROUP))
        group_name, _ = self._entity_text(row, cells.get(GROUP_NAME))
        total = next((text for text in (school_id, name) if text and _is_total(text)), None)
        if total is not None:
            self.problems.warn(
                "totals-row",
                f"{row.path} is a totals row ({quote(total)}) and is not counted as a school; "
                "expected a row per school",
                row.line,
                0,
                row.path,
            )
            return None
        if self.handmade.footer(row, cells, school_id, name):
            return None
        if school_id is not None and self.handmade.form.declared:
            school_id = self.handmade.declared_form(row, cells, school_id)
        # The label is only formatted when a message needs it: most rows have no problem.
        label = (school_id, name)
        values: dict[str, FactValue] = {}
        for fact, spec in self.facts.items():
            cell = cells.get(("fact", fact))
            values[fact] = None if cell is None else self._value(row, cell, fact, spec, label)
        for fact, spec in self._bounded:
            cell = cells.get(("fact", fact))
            if cell is not None:
                self._bounds(row, cell=cell, fact=fact, spec=spec, values=values, label=label)
        if school_id is None:
            id_cell = cells.get(ID)
            if id_cell is None:
                self.columns.row_without_id(row)
            elif id_ok:
                named = f" (name {quote(name)})" if name else ""
                self.problems.error(
                    "missing-id",
                    f"{row.path} has no school id{named}; expected a value in column "
                    f"{quote(id_cell[0])}",
                    id_cell[2],
                    id_cell[3],
                    row.cell_path(id_cell[0], id_cell[3], id_cell[2]),
                    capped=True,
                )
            return None
        location = Location(self.file, row.line, 0, row.path)
        self.periods.add(period or "")
        school = School(
            school_id,
            name or school_id,
            values,
            period or "",
            location,
            group or "",
            group_name or "",
        )
        if self._keys is not None:
            first = self._keys.seen(
                period or "", school_id, row.line if row.csv else (row.index, row.line)
            )
            if first is not None:
                during = f" in period {period!r}" if period else ""
                if row.sheet:
                    during += f" on sheet {sheet_ref(row.sheet)}"
                self.problems.error(
                    "duplicate-school",
                    f"{_label(*label)} appears twice{during}: {_where(first, row.sheet)} and "
                    f"{_where(row.line if row.csv else (row.index, row.line), row.sheet)}; "
                    "keep one row per school",
                    row.line,
                    0,
                    row.path,
                    capped=True,
                )
        return school

    def _entity_text(self, row: Row, cell: Cell | None) -> tuple[str | None, bool]:
        if cell is None:
            return None, True
        key, value, line, column = cell
        try:
            return entity_text(value), True
        except CellError as exc:
            where = row.cell_path(key, column, line)
            at = f", cell {where}" if row.sheet else ""
            self.problems.error(
                exc.code,
                f"{exc.problem} (column {quote(key)}{at}); {exc.expected}",
                line,
                column,
                where,
                capped=True,
            )
            return None, False

    def _value(self, row: Row, cell: Cell, fact: str, spec: FactSpec, label: _Ident) -> FactValue:
        key, value, line, column = cell
        if (
            fact in self._markable
            and isinstance(value, str)
            and not (value[:1].isdigit() and self._digits_plain)
        ):
            marked = self.handmade.marker(value, spec.type, row, cell)
            if marked is not UNMARKED:
                return marked  # type: ignore[return-value]
        try:
            return convert(spec.type, value)
        except CellError as exc:
            where = row.cell_path(key, column, line)
            self.problems.error(
                exc.code,
                f"{exc.problem} ({_context(label, fact, key, row, where)}); {exc.expected}",
                line,
                column,
                where,
                capped=True,
            )
            return None

    def _bounds(
        self,
        row: Row,
        *,
        cell: Cell,
        fact: str,
        spec: FactSpec,
        values: Mapping[str, FactValue],
        label: _Ident,
    ) -> None:
        value = as_number(values[fact])
        if value is None:
            return
        for bound, is_minimum in ((spec.minimum, True), (spec.maximum, False)):
            limit = as_number(values.get(bound)) if isinstance(bound, str) else bound
            if limit is None or (value >= limit if is_minimum else value <= limit):
                # A bound naming a fact is skipped when that fact is missing or bad (a bad
                # value is reported on its own).
                continue
            if isinstance(bound, str):
                column = quote(self.facts[bound].column)
                shown = (
                    f"{show_number(limit)}, the value of fact {bound!r} (column {column}) "
                    "in the row"
                )
            else:
                shown = f"the {'minimum' if is_minimum else 'maximum'} {show_number(limit)}"
            relation = "less" if is_minimum else "greater"
            expected = f"expected {'at least' if is_minimum else 'at most'} {show_number(limit)}"
            path = row.cell_path(cell[0], cell[3], cell[2])
            message = (
                f"{show_number(value)} is {relation} than {shown} "
                f"({_context(label, fact, cell[0], row, path)}); {expected}"
            )
            where = (cell[2], cell[3], path)
            if self.warn_bounds:
                self.problems.warn("out-of-bounds", message, *where)
            else:
                self.problems.error("out-of-bounds", message, *where, capped=True)


def _label(school_id: str | None, name: str | None) -> str:
    if school_id is None:
        return f"school {quote(name)}" if name else ""
    if name and name != school_id:
        return f"school {cut(school_id)!r} {quote(name)}"
    return f"school {cut(school_id)!r}"


def _context(ident: _Ident, fact: str, key: str, row: Row, path: str) -> str:
    label = _label(*ident)
    parts = [label] if label else []
    # A workbook's cell is named as Excel does (Лист1!C5); a CSV row shows in the location.
    cell = [f"cell {path}"] if row.sheet else []
    return ", ".join([*parts, f"fact {fact!r}", f"column {quote(key)}", *cell])


def _is_total(text: str) -> bool:
    """Whether an id or a name marks a totals row, ignoring case, spaces and a colon."""
    return _TOTALS.fullmatch(" ".join(text.split()).casefold()) is not None


def _where(first: First, sheet: str) -> str:
    if isinstance(first, int):
        # A sheet's line is its row number, as the user sees it in Excel.
        return f"row {first}" if sheet else f"line {first}"
    index, line = first
    return f"$[{index}] (line {line})" if line else f"$[{index}]"
