"""Facts tables: per-school facts read from CSV, JSON, YAML or Python rows and checked."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, Literal, TypeAlias

import attrs
import yaml

from ._model import EntitySpec, FactSpec, FactValue, School, ValueType
from .errors import Diagnostic, FactsError, FactsInvalid, Location, Severity

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "FactsTable",
    "facts_from_rows",
    "load_facts",
    "read_facts_text",
]

#: Larger files are refused before they are read.
MAX_BYTES: Final = 50 * 1024 * 1024
#: More rows than this are refused: no municipality has that many schools.
MAX_ROWS: Final = 1_000_000
#: Integers with more digits are refused; this also keeps ``int()`` away from huge strings.
MAX_DIGITS: Final = 15
#: Row-level problems beyond this many are counted but not listed.
MAX_PROBLEMS: Final = 1000

Format: TypeAlias = Literal["csv", "json", "yaml"]
OutOfBounds: TypeAlias = Literal["error", "warn"]

_FORMATS: Final[Mapping[str, Format]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}

#: What a header names: ``("fact", name)``, or ``("id" | "name" | "period", "")``.
_Target: TypeAlias = tuple[str, str]
#: One cell: the header (or key) as written, the raw value, its line and 1-based column.
_Cell: TypeAlias = tuple[str, object, int, int]

#: A school's id and name, as far as its row gives them.
_Ident: TypeAlias = tuple[str | None, str | None]

_ID: Final[_Target] = ("id", "")
_NAME: Final[_Target] = ("name", "")
_PERIOD: Final[_Target] = ("period", "")

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
# Excel writes this first line when asked to pin the delimiter; Excel itself hides it.
_SEP_LINE: Final = re.compile(r"sep=([;,\t|])[ \t]*(?:\r\n|\r|\n|$)")
_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")
_YAML_NULL: Final = "tag:yaml.org,2002:null"
# The delimiter is guessed from the header, which is never this long.
_SNIFF_CHARS: Final = 1 << 20

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


@attrs.frozen
class FactsTable:
    """The schools of one facts file, each with a value (or ``None``) for every declared fact."""

    file: str
    schools: tuple[School, ...]
    #: Problems that did not stop reading: unknown columns, out-of-bounds values in "warn" mode.
    warnings: tuple[Diagnostic, ...] = ()


def load_facts(
    path: str | os.PathLike[str],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    out_of_bounds: OutOfBounds = "error",
) -> FactsTable:
    """Read a facts file; the format comes from the extension (.csv/.tsv/.txt, .json, .yaml/.yml).

    Raises FactsInvalid listing every problem found, and OSError if the file cannot be read.
    """
    file = os.fspath(path)
    reader = _Reader(file, facts, entity, out_of_bounds)
    suffix = os.path.splitext(file)[1].casefold()  # noqa: PTH122 - path may be any PathLike
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        hint = "; save the sheet as CSV" if suffix in {".xls", ".xlsx", ".ods"} else ""
        shown = repr(suffix) if suffix else "no extension"
        reader.error(
            "unsupported-format",
            f"unsupported file type ({shown}); expected .csv, .tsv, .txt, .json, .yaml or .yml"
            + hint,
        )
        return reader.finish()
    size = os.stat(file).st_size  # noqa: PTH116 - path may be any PathLike
    if size > MAX_BYTES:
        reader.error("too-large", _size_message(size))
        return reader.finish()
    with open(file, "rb") as stream:  # noqa: PTH123 - path may be any PathLike
        # The file may have grown since stat(); never read more than the limit allows.
        data = stream.read(MAX_BYTES + 1)
    return reader.read(data, fmt)


def read_facts_text(
    text: str | bytes,
    *,
    file: str,
    format: Format,  # noqa: A002 - the public name of the option
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    out_of_bounds: OutOfBounds = "error",
) -> FactsTable:
    """Read facts held in memory; ``file`` only names the source in messages."""
    reader = _Reader(file, facts, entity, out_of_bounds)
    if format not in {"csv", "json", "yaml"}:
        reader.error(
            "unsupported-format", f"unsupported format {format!r}; expected 'csv', 'json' or 'yaml'"
        )
        return reader.finish()
    return reader.read(text, format)


def facts_from_rows(
    rows: Iterable[Mapping[str, object]],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    file: str = "<rows>",
    out_of_bounds: OutOfBounds = "error",
) -> FactsTable:
    """Check rows given as Python mappings, keyed like a JSON facts file."""
    reader = _Reader(file, facts, entity, out_of_bounds)
    reader.records(_python_rows(reader, rows), line=0)
    return reader.finish()


class _CellError(Exception):
    """A value that is not of its fact's type; the reader adds where it is."""

    def __init__(self, code: str, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.code = code
        self.problem = problem
        self.expected = expected


class _Pairs(list[tuple[str, object]]):
    """A JSON object's members in order, so that a repeated key is not silently dropped."""


class _Literal(str):
    """A JSON number too long for int(): kept as text, shown without quotes."""

    __slots__ = ()


class _ShapeError(Exception):
    """A document that is not a list of schools, or too long a one."""

    def __init__(
        self, message: str, line: int = 0, column: int = 0, path: str = "$", code: str = "syntax"
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.path = path


@attrs.frozen
class _Row:
    """One school's row before checking: for CSV ``index`` is the spreadsheet row number."""

    index: int
    line: int
    cells: tuple[_Cell, ...]
    csv: bool = False

    @property
    def path(self) -> str:
        return f"row {self.index}" if self.csv else f"$[{self.index}]"

    def cell_path(self, key: str, column: int) -> str:
        if not self.csv:
            return f"$[{self.index}][{_quote(key)}]"
        if key.strip():
            return f"row {self.index}, column {_quote(key)}"
        return f"row {self.index}, column {column}"


class _Reader:
    """Checks rows against the declared facts, collecting every problem before raising."""

    def __init__(
        self,
        file: str,
        facts: Mapping[str, FactSpec],
        entity: EntitySpec,
        out_of_bounds: OutOfBounds,
    ) -> None:
        self.file = file
        self.facts = dict(facts)
        self.entity = entity
        self.warn_bounds = out_of_bounds == "warn"
        self.errors: list[FactsError] = []
        self.warnings: list[Diagnostic] = []
        self.schools: list[School] = []
        self._dropped_errors = 0
        self._dropped_warnings = 0
        self._headers = _header_index(self.facts, entity)
        self._bounded = [
            (name, spec)
            for name, spec in self.facts.items()
            if spec.minimum is not None or spec.maximum is not None
        ]
        self._targets: dict[str, _Target | None] = {}
        self._seen: set[_Target] = set()
        self._reported: set[str] = set()
        self._unknown: dict[str, str] = {}
        self._duplicates: set[tuple[_Target, str, str]] = set()
        self._no_id: list[tuple[int, str]] = []
        self._by_key: dict[tuple[str, str], School] = {}

    # -- collecting ----------------------------------------------------------------------

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
        # Row-level problems are capped so a broken million-row file stays cheap to report;
        # file-level ones (a missing column) are always kept.
        if capped and len(self.errors) >= MAX_PROBLEMS:
            self._dropped_errors += 1
            return
        self.errors.append(FactsError.make(code, message, Location(self.file, line, column, path)))

    def warn(self, code: str, message: str, line: int = 0, column: int = 0, path: str = "") -> None:
        if len(self.warnings) >= MAX_PROBLEMS:
            self._dropped_warnings += 1
            return
        location = Location(self.file, line, column, path)
        self.warnings.append(Diagnostic(code, message, location, Severity.WARNING))

    def finish(self) -> FactsTable:
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
        return FactsTable(self.file, tuple(self.schools), tuple(warnings))

    # -- reading ---------------------------------------------------------------------------

    def read(self, data: str | bytes, fmt: Format) -> FactsTable:
        if len(data) > MAX_BYTES:
            self.error("too-large", _size_message(len(data)))
            return self.finish()
        text = self._decode(data) if isinstance(data, bytes) else data
        if text is None:
            return self.finish()
        text = text.removeprefix("\ufeff")
        if fmt == "csv":
            _read_csv(self, text)
        else:
            rows = _json_rows(self, text) if fmt == "json" else _yaml_rows(self, text)
            if rows is not None:
                self.records(rows, line=0)
        return self.finish()

    def _decode(self, data: bytes) -> str | None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode text" export is UTF-16 with a byte order mark.
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as exc:
                self._undecodable(data, exc, "UTF-16")
                return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            not_utf8 = exc
        try:
            # Russian Excel saves "CSV (разделители — запятые)" in Windows-1251.
            return data.decode("cp1251")
        except UnicodeDecodeError:
            # Bytes cp1251 lacks are more likely a damaged UTF-8 file: point at the UTF-8 fault.
            self._undecodable(data, not_utf8, "UTF-8 or Windows-1251 (cp1251)")
            return None

    def _undecodable(self, data: bytes, exc: UnicodeDecodeError, tried: str) -> None:
        line = data.count(b"\n", 0, exc.start) + 1
        self.error(
            "encoding",
            f"the file is not valid {tried}: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            'cannot be decoded; expected UTF-8 text (in Excel: save as "CSV UTF-8")',
            line=line,
        )

    def records(self, rows: Iterable[_Row | None], *, line: int) -> None:
        """Check rows of a JSON-like source, where each row carries its own keys."""
        count = valid = 0
        for row in rows:
            count += 1
            if count > MAX_ROWS:
                self.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", path="$")
                return
            if row is not None:
                valid += 1
                self.school(row, self.resolve(row))
        if count == 0:
            self.error("empty", "there are no schools; expected one object per school", line)
        elif valid:
            # When no item was an object at all, missing columns would only be noise.
            self.check_columns(line, 0, "$")

    # -- columns ---------------------------------------------------------------------------

    def target(self, key: str) -> _Target | None:
        try:
            return self._targets[key]
        except KeyError:
            target = self._headers.get(_norm(key))
            self._targets[key] = target
            return target

    def resolve(self, row: _Row) -> dict[_Target, _Cell]:
        """Map a row's cells to what they hold, reporting unknown and repeated headers."""
        cells: dict[_Target, _Cell] = {}
        for cell in row.cells:
            key = cell[0]
            target = self.target(key)
            if target is None:
                # A CSV column without a header is reported from its values instead.
                if not (row.csv and not key.strip()):
                    self._unknown_column(row, cell)
                continue
            self._seen.add(target)
            first = cells.get(target)
            if first is None:
                cells[target] = cell
            else:
                self._duplicate_column(row, first, cell, target)
        return cells

    def _unknown_column(self, row: _Row, cell: _Cell) -> None:
        key, _, line, column = cell
        norm = _norm(key)
        if norm in self._reported:
            return
        self._reported.add(norm)
        self._unknown[norm] = key
        candidates = [spec.column for spec in self.facts.values()] + list(self.facts)
        candidates += [self.entity.id_column, self.entity.name_column, self.entity.period_column]
        self.warn(
            "unknown-column",
            f"column {_quote(key)} matches no fact and is ignored{_did_you_mean(key, candidates)}",
            line,
            column,
            row.cell_path(key, column),
        )

    def _duplicate_column(self, row: _Row, first: _Cell, cell: _Cell, target: _Target) -> None:
        seen = (target, first[0], cell[0])
        if seen in self._duplicates:
            return
        self._duplicates.add(seen)
        what = self._describe(target)
        same = _norm(first[0]) == _norm(cell[0])
        if row.csv and same:
            message = f"columns {first[3]} and {cell[3]} are both headed {_quote(cell[0])} ({what})"
        elif row.csv:
            message = (
                f"columns {first[3]} and {cell[3]} ({_quote(first[0])} and {_quote(cell[0])}) "
                f"both hold {what}"
            )
        elif same:
            message = f"key {_quote(cell[0])} appears twice in {row.path} ({what})"
        else:
            message = (
                f"keys {_quote(first[0])} and {_quote(cell[0])} in {row.path} both hold {what}"
            )
        self.error(
            "duplicate-column",
            f"{message}; keep one of them",
            cell[2],
            cell[3],
            row.cell_path(cell[0], cell[3]),
        )

    def _describe(self, target: _Target) -> str:
        kind, name = target
        if kind == "fact":
            return f"fact {name!r}"
        return {"id": "the school id", "name": "the school name"}.get(kind, "the period")

    def check_columns(self, line: int, column: int, path: str) -> None:
        """Report required columns that no row had, once all rows are seen."""
        unknown = list(self._unknown.values())
        for name, spec in self.facts.items():
            if spec.required and ("fact", name) not in self._seen:
                hint = _did_you_mean(spec.column, unknown) or _did_you_mean(name, unknown)
                self.error(
                    "missing-column",
                    f"required fact {name!r} ({spec.title}) has no column: expected a column "
                    f"headed {_quote(spec.column)}{hint}",
                    line,
                    column,
                    path,
                )
        id_column = self.entity.id_column
        if _ID not in self._seen:
            also = "" if _norm(id_column) == "id" else ' (or "id")'
            self.error(
                "missing-id-column",
                f"there is no school id column: expected a column headed {_quote(id_column)}"
                f"{also}{_did_you_mean(id_column, unknown)}",
                line,
                column,
                path,
            )
            return
        for row_line, row_path in self._no_id:
            self.error(
                "missing-id",
                f"{row_path} has no school id; expected a value for {_quote(id_column)}",
                row_line,
                0,
                row_path,
                capped=True,
            )

    # -- rows ------------------------------------------------------------------------------

    def school(self, row: _Row, cells: Mapping[_Target, _Cell]) -> None:
        """Check one row and keep the school it describes."""
        school_id, id_ok = self._entity_text(row, cells.get(_ID))
        name, _ = self._entity_text(row, cells.get(_NAME))
        period, _ = self._entity_text(row, cells.get(_PERIOD))
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
            id_cell = cells.get(_ID)
            if id_cell is None:
                # Whether this is one row lacking an id or a file without an id column is
                # only known once every row has been seen.
                self._no_id.append((row.line, row.path))
            elif id_ok:
                named = f" (name {_quote(name)})" if name else ""
                self.error(
                    "missing-id",
                    f"{row.path} has no school id{named}; expected a value in column "
                    f"{_quote(id_cell[0])}",
                    id_cell[2],
                    id_cell[3],
                    row.cell_path(id_cell[0], id_cell[3]),
                    capped=True,
                )
            return
        location = Location(self.file, row.line, 0, row.path)
        school = School(school_id, name or school_id, values, period or "", location)
        key = (period or "", school_id)
        first = self._by_key.get(key)
        if first is None:
            self._by_key[key] = school
        else:
            during = f" in period {period!r}" if period else ""
            self.error(
                "duplicate-school",
                f"{_label(*label)} appears twice{during}: {_where(first.location)} and "
                f"{_where(location)}; keep one row per school",
                row.line,
                0,
                row.path,
                capped=True,
            )
        self.schools.append(school)

    def _entity_text(self, row: _Row, cell: _Cell | None) -> tuple[str | None, bool]:
        if cell is None:
            return None, True
        key, value, line, column = cell
        try:
            return _text(value), True
        except _CellError as exc:
            self.error(
                exc.code,
                f"{exc.problem} (column {_quote(key)}); {exc.expected}",
                line,
                column,
                row.cell_path(key, column),
                capped=True,
            )
            return None, False

    def _value(self, row: _Row, cell: _Cell, fact: str, spec: FactSpec, label: _Ident) -> FactValue:
        key, value, line, column = cell
        try:
            return _convert(spec.type, value)
        except _CellError as exc:
            self.error(
                exc.code,
                f"{exc.problem} ({_context(label, fact, key)}); {exc.expected}",
                line,
                column,
                row.cell_path(key, column),
                capped=True,
            )
            return None

    def _bounds(
        self,
        row: _Row,
        *,
        cell: _Cell,
        fact: str,
        spec: FactSpec,
        values: Mapping[str, FactValue],
        label: _Ident,
    ) -> None:
        value = _as_number(values[fact])
        if value is None:
            return
        for bound, is_minimum in ((spec.minimum, True), (spec.maximum, False)):
            limit = _as_number(values.get(bound)) if isinstance(bound, str) else bound
            if limit is None or (value >= limit if is_minimum else value <= limit):
                # A bound naming a fact is skipped when that fact is missing or bad (a bad
                # value is reported on its own).
                continue
            if isinstance(bound, str):
                column = _quote(self.facts[bound].column)
                shown = (
                    f"{_number(limit)}, the value of fact {bound!r} (column {column}) in the row"
                )
            else:
                shown = f"the {'minimum' if is_minimum else 'maximum'} {_number(limit)}"
            relation = "less" if is_minimum else "greater"
            expected = f"expected {'at least' if is_minimum else 'at most'} {_number(limit)}"
            message = (
                f"{_number(value)} is {relation} than {shown} "
                f"({_context(label, fact, cell[0])}); {expected}"
            )
            where = (cell[2], cell[3], row.cell_path(cell[0], cell[3]))
            if self.warn_bounds:
                self.warn("out-of-bounds", message, *where)
            else:
                self.error("out-of-bounds", message, *where, capped=True)


# -- formats ----------------------------------------------------------------------------------


def _read_csv(reader: _Reader, text: str) -> None:
    offset = 0
    pinned = _SEP_LINE.match(text)
    if pinned is not None:
        delimiter = pinned.group(1)
        text = text[pinned.end() :]
        offset = 1
    else:
        delimiter = _sniff(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: _Row | None = None
    keys: list[str] = []
    mapped: list[tuple[int, _Target]] = []
    unnamed: list[int] = []
    # Values under no header are reported once per column, with the first such value.
    stray: dict[int, tuple[_Row, str]] = {}
    count = 0
    previous = 0
    spreadsheet_row = 0
    try:
        for record in records:
            line = previous + 1 + offset
            previous = records.line_num
            spreadsheet_row += 1
            if not any(value.strip() for value in record):
                continue
            if header is None:
                keys = record
                cells = tuple((key, None, line, j + 1) for j, key in enumerate(keys))
                header = _Row(spreadsheet_row, line, cells, csv=True)
                resolved = reader.resolve(header)
                mapped = sorted((cell[3] - 1, target) for target, cell in resolved.items())
                unnamed = [j for j, key in enumerate(keys) if not key.strip()]
                continue
            count += 1
            if count > MAX_ROWS:
                reader.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", line)
                return
            # Only the cells that name something are kept; the rest are checked for stray values.
            row = _Row(spreadsheet_row, line, (), csv=True)
            width = len(record)
            reader.school(
                row,
                {
                    target: (keys[j], record[j] if j < width else "", line, j + 1)
                    for j, target in mapped
                },
            )
            for j in (*unnamed, *range(len(keys), width)):
                if j < width and j not in stray and record[j].strip():
                    stray[j] = (row, record[j])
    except csv.Error as exc:
        reader.error("syntax", f"not valid CSV: {exc}", records.line_num + offset)
        return
    if header is None:
        reader.error("empty", "the file is empty; expected a header row and a row per school")
        return
    for j, (row, value) in sorted(stray.items()):
        reader.warn(
            "unknown-column",
            f"column {j + 1} has no header but has values (first {_show(value)} in {row.path}); "
            "they are ignored",
            header.line,
            j + 1,
            f"row {header.index}, column {j + 1}",
        )
    if count == 0:
        reader.error(
            "empty",
            "the file has a header but no rows; expected a row per school",
            header.line,
            0,
            f"row {header.index}",
        )
    reader.check_columns(header.line, 0, f"row {header.index}")


def _sniff(text: str) -> str:
    """Guess the delimiter: the commonest of ``;``, tab and ``,`` outside quotes in the header."""
    counts = dict.fromkeys(";\t,", 0)
    quoted = False
    content = False
    for char in text[:_SNIFF_CHARS]:
        if char == '"':
            quoted = not quoted
            content = True
        elif quoted:
            continue
        elif char in "\r\n":
            if content:
                break
            # A line of bare delimiters is skipped as blank, so it says nothing.
            counts = dict.fromkeys(";\t,", 0)
        elif char in counts:
            counts[char] += 1
        elif not char.isspace():
            content = True
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _json_rows(reader: _Reader, text: str) -> list[_Row | None] | None:
    try:
        items = _json_items(text)
    except json.JSONDecodeError as exc:
        reader.error("syntax", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, "$")
        return None
    except RecursionError:
        reader.error("syntax", "not valid JSON: nested too deeply", path="$")
        return None
    except _ShapeError as exc:
        reader.error(exc.code, exc.message, exc.line, exc.column, exc.path)
        return None
    rows: list[_Row | None] = []
    for index, (value, line) in enumerate(items):
        if isinstance(value, _Pairs):
            cells = tuple((key, item, line, 0) for key, item in value)
            rows.append(_Row(index, line, cells))
        else:
            reader.error(
                "syntax",
                f"$[{index}] is {_show(value)}; expected an object with column headers as keys",
                line,
                0,
                f"$[{index}]",
            )
            rows.append(None)
    return rows


def _json_items(text: str) -> list[tuple[object, int]]:
    """Parse a JSON document into its schools, each with the line its object starts on.

    The top-level list is walked element by element so each one's position is known;
    everything inside an element is parsed by the json module.
    """
    decoder = json.JSONDecoder(object_pairs_hook=_Pairs, parse_int=_json_int)
    pos = _json_space(text, 0)
    if text.startswith("[", pos):
        starts, end = _json_array(decoder, text, pos)
    elif text.startswith("{", pos):
        starts, end = _json_wrapper(decoder, text, pos)
    else:
        value, end = decoder.raw_decode(text, pos)
        _json_end(text, end)
        line = text.count("\n", 0, pos) + 1
        raise _ShapeError(
            f"the document is {_show(value)}; expected a list of objects, one per school, "
            'or an object with key "schools" holding that list',
            line,
        )
    _json_end(text, end)
    items: list[tuple[object, int]] = []
    line, last = 1, 0
    for value, start in starts:
        line += text.count("\n", last, start)
        last = start
        items.append((value, line))
    return items


def _json_int(literal: str) -> int | str:
    # int() refuses over 4300 digits with a ValueError; a long literal is kept as text,
    # which the cell check reports as too large (and which keeps an id's digits).
    return int(literal) if len(literal) <= MAX_DIGITS + 3 else _Literal(literal)


def _json_space(text: str, pos: int) -> int:
    match = _JSON_SPACE.match(text, pos)
    return pos if match is None else match.end()


def _json_end(text: str, pos: int) -> None:
    pos = _json_space(text, pos)
    if pos != len(text):
        raise json.JSONDecodeError("Extra data", text, pos)


def _json_array(
    decoder: json.JSONDecoder, text: str, pos: int
) -> tuple[list[tuple[object, int]], int]:
    items: list[tuple[object, int]] = []
    pos = _json_space(text, pos + 1)
    if text.startswith("]", pos):
        return items, pos + 1
    while True:
        if len(items) >= MAX_ROWS:
            line = text.count("\n", 0, pos) + 1
            message = f"more than {MAX_ROWS:,} rows; split the file"
            raise _ShapeError(message, line, code="too-large")
        start = pos
        value, pos = decoder.raw_decode(text, pos)
        items.append((value, start))
        pos = _json_space(text, pos)
        if text.startswith(",", pos):
            pos = _json_space(text, pos + 1)
        elif text.startswith("]", pos):
            return items, pos + 1
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _json_wrapper(
    decoder: json.JSONDecoder, text: str, pos: int
) -> tuple[list[tuple[object, int]], int]:
    found: list[tuple[object, int]] | None = None
    pos = _json_space(text, pos + 1)
    if text.startswith("}", pos):
        pos += 1
    else:
        while True:
            if not text.startswith('"', pos):
                message = "Expecting property name enclosed in double quotes"
                raise json.JSONDecodeError(message, text, pos)
            key, pos = decoder.raw_decode(text, pos)
            pos = _json_space(text, pos)
            if not text.startswith(":", pos):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = _json_space(text, pos + 1)
            start = pos
            if key == "schools" and text.startswith("[", pos):
                found, pos = _json_array(decoder, text, pos)
            else:
                value, pos = decoder.raw_decode(text, pos)
                if key == "schools":
                    line = text.count("\n", 0, start) + 1
                    column = start - text.rfind("\n", 0, start)
                    message = f'"schools" is {_show(value)}; expected a list of objects'
                    raise _ShapeError(message, line, column, '$["schools"]')
            pos = _json_space(text, pos)
            if text.startswith(",", pos):
                pos = _json_space(text, pos + 1)
            elif text.startswith("}", pos):
                pos += 1
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
    if found is None:
        raise _ShapeError(
            'the object has no key "schools"; expected a list of objects, one per school, '
            'or an object with key "schools" holding that list',
            text.count("\n", 0, _json_space(text, 0)) + 1,
        )
    return found, pos


def _yaml_rows(reader: _Reader, text: str) -> list[_Row | None] | None:
    try:
        # Only composed, never constructed: no tags run, and ids keep their exact text.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        reader.error("syntax", f"not valid YAML: {problem}", line, column, "$")
        return None
    except yaml.YAMLError as exc:
        reader.error("syntax", f"not valid YAML: {str(exc).splitlines()[0]}", path="$")
        return None
    except RecursionError:
        reader.error("syntax", "not valid YAML: nested too deeply", path="$")
        return None
    shape = (
        'expected a list of mappings, one per school, or a mapping with key "schools" '
        "holding that list"
    )
    if root is None:
        reader.error("empty", "the file is empty; expected a list of schools", path="$")
        return None
    items = root
    if isinstance(root, yaml.MappingNode):
        lists = [value for key, value in root.value if _yaml_key(key) == "schools"]
        if not lists:
            line, column = _mark(root)
            reader.error("syntax", f'the mapping has no key "schools"; {shape}', line, column, "$")
            return None
        items = lists[-1]
    if not isinstance(items, yaml.SequenceNode):
        path = "$" if items is root else '$["schools"]'
        line, column = _mark(items)
        reader.error("syntax", f"{path} is {_yaml_kind(items)}; {shape}", line, column, path)
        return None
    rows: list[_Row | None] = []
    for index, item in enumerate(items.value):
        line, column = _mark(item)
        if len(rows) >= MAX_ROWS:
            reader.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", line)
            return None
        if not isinstance(item, yaml.MappingNode):
            reader.error(
                "syntax",
                f"$[{index}] is {_yaml_kind(item)}; expected a mapping of column headers to values",
                line,
                column,
                f"$[{index}]",
            )
            rows.append(None)
            continue
        cells: list[_Cell] = []
        for key_node, value_node in item.value:
            key = _yaml_key(key_node)
            if key is None:
                key_line, key_column = _mark(key_node)
                reader.error(
                    "syntax",
                    f"a key in $[{index}] is {_yaml_kind(key_node)}; expected a column header",
                    key_line,
                    key_column,
                    f"$[{index}]",
                )
                continue
            cells.append((key, _yaml_value(value_node), *_mark(value_node)))
        rows.append(_Row(index, line, tuple(cells)))
    return rows


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _yaml_key(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _yaml_value(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _YAML_NULL else node.value
    return _Pairs() if isinstance(node, yaml.MappingNode) else []


def _yaml_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _show(_yaml_value(node))


def _python_rows(reader: _Reader, rows: Iterable[object]) -> Iterator[_Row | None]:
    for index, row in enumerate(rows):
        path = f"$[{index}]"
        if not isinstance(row, Mapping):
            reader.error(
                "syntax",
                f"{path} is {_show(row)}; expected a mapping of headers to values",
                path=path,
            )
            yield None
            continue
        cells: list[_Cell] = []
        for key, value in row.items():
            if isinstance(key, str):
                cells.append((key, value, 0, 0))
            else:
                message = f"a key in {path} is {_show(key)}; expected a column header (a string)"
                reader.error("syntax", message, path=path)
        yield _Row(index, 0, tuple(cells))


# -- values -----------------------------------------------------------------------------------


def _convert(kind: ValueType, value: object) -> FactValue:
    """Convert a raw value to the fact's type: text is parsed like a CSV cell, empty is missing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return _from_text(kind, text, value) if text else None
    return _from_native(kind, value)


def _from_text(kind: ValueType, text: str, raw: str) -> FactValue:
    if kind is ValueType.STRING:
        return text
    if kind is ValueType.BOOLEAN:
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise _CellError("bad-cell", f"{_show(raw)} is not {_WORD[kind]}", _EXPECTED[kind])
    if _NON_FINITE.fullmatch(text):
        raise _CellError("too-large", f"{_show(raw)} is not a finite number", _EXPECTED[kind])
    match = _NUMERAL.fullmatch(text)
    if match is None:
        raise _CellError("bad-cell", f"{_show(raw)} is not {_WORD[kind]}", _EXPECTED[kind])
    sign, whole, fraction, exponent = match.groups()
    digits = _GROUP_RE.sub("", whole)
    negative = sign in {"-", "\u2212"}
    if kind is ValueType.INTEGER:
        if exponent is not None or (fraction and fraction.strip("0")):
            raise _CellError("bad-cell", f"{_show(raw)} is not an integer", _EXPECTED[kind])
        if len(digits.lstrip("0")) > MAX_DIGITS:
            raise _CellError(
                "too-large",
                f"{_show(raw)} has more than {MAX_DIGITS} digits",
                f"expected a whole number of at most {MAX_DIGITS} digits",
            )
        number = int(digits)
        return -number if negative else number
    literal = f"{'-' if negative else ''}{digits}.{fraction or '0'}e{exponent or '0'}"
    result = float(literal)
    if not math.isfinite(result):
        raise _CellError("too-large", f"{_show(raw)} is too large", _EXPECTED[kind])
    return result


def _from_native(kind: ValueType, value: object) -> FactValue:
    """Convert a JSON (or Python) scalar to the fact's type; bool is not a number."""
    if isinstance(value, bool):
        if kind is ValueType.BOOLEAN:
            return value
    elif isinstance(value, numbers.Integral):
        number = int(value)
        if abs(number) >= 10**MAX_DIGITS:
            raise _CellError(
                "too-large",
                f"{_show(number)} has more than {MAX_DIGITS} digits",
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
            raise _CellError("too-large", f"{_show(value)} is not a finite number", _EXPECTED[kind])
        if kind is ValueType.NUMBER:
            return real
        if kind is ValueType.STRING:
            return _number(real)
        if kind is ValueType.INTEGER and real.is_integer():
            return _from_native(kind, int(real))
    raise _CellError("bad-cell", f"{_show(value)} is not {_WORD[kind]}", _EXPECTED[kind])


def _text(value: object) -> str | None:
    """Read an id, name or period: kept exactly as written, but for surrounding spaces."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        pass
    elif isinstance(value, numbers.Integral):
        if abs(int(value)) < 10**30:
            return str(int(value))
    elif isinstance(value, float) and math.isfinite(value):
        return _number(value)
    expected = 'expected text or a number, like "023"'
    raise _CellError("bad-cell", f"{_show(value)} is not text", expected)


def _as_number(value: object) -> float | None:
    """Return the value if it is a number a bound can compare with (bool is not one)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


# -- messages ---------------------------------------------------------------------------------


def _norm(header: str) -> str:
    return " ".join(header.split()).casefold()


def _header_index(facts: Mapping[str, FactSpec], entity: EntitySpec) -> dict[str, _Target]:
    """Normalised header -> what it names; declared columns win over names, names over aliases."""
    index: dict[str, _Target] = {}
    entries: list[tuple[str, _Target]] = [
        (spec.column, ("fact", name)) for name, spec in facts.items()
    ]
    entries += [(entity.id_column, _ID), (entity.name_column, _NAME)]
    entries += [(entity.period_column, _PERIOD)]
    entries += [(name, ("fact", name)) for name in facts]
    entries += [("id", _ID), ("name", _NAME), ("period", _PERIOD)]
    for header, target in entries:
        if header.strip():
            index.setdefault(_norm(header), target)
    return index


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    by_norm = {_norm(candidate): candidate for candidate in candidates if candidate.strip()}
    matches = difflib.get_close_matches(_norm(word), list(by_norm), n=1)
    return f"; did you mean {_quote(by_norm[matches[0]])}?" if matches else ""


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    """Quote a header in double quotes, escaped and cut to a readable length."""
    return json.dumps(_cut(text), ensure_ascii=False)


def _show(value: object) -> str:
    """Show a bad value in a message: text with repr(), JSON scalars as JSON."""
    if isinstance(value, _Literal):
        return _cut(value)
    if isinstance(value, str):
        return repr(_cut(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        # str() of an int over 4300 digits raises; such a value is described, not shown.
        return str(value) if abs(value) < 10**30 else f"an integer of {value.bit_length()} bits"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, _Pairs | Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 10**MAX_DIGITS:
        return str(int(value))
    return repr(value)


def _label(school_id: str | None, name: str | None) -> str:
    if school_id is None:
        return f"school {_quote(name)}" if name else ""
    if name and name != school_id:
        return f"school {_cut(school_id)!r} {_quote(name)}"
    return f"school {_cut(school_id)!r}"


def _context(ident: _Ident, fact: str, key: str) -> str:
    label = _label(*ident)
    parts = [label] if label else []
    return ", ".join([*parts, f"fact {fact!r}", f"column {_quote(key)}"])


def _where(location: Location) -> str:
    if location.path.startswith("row "):
        return f"line {location.line}"
    return f"{location.path} (line {location.line})" if location.line else location.path


def _size_message(size: int) -> str:
    return f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB"
