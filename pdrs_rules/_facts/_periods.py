"""Periods of a run: several facts files, one per period, as one table; the reporting period.

A run evaluates one reporting period (the latest by default); the periods before it are its
history. Facts may come as one table with a period column or as several files, one per period,
each read by :func:`load_facts` (so any file type it reads, and any added later, works here too).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias, TypeGuard

import attrs

from pdrs_rules._model import EntitySpec, FactSpec, Markers, School, value_fits
from pdrs_rules.errors import (
    Diagnostic,
    FactsError,
    FactsInvalid,
    Location,
    ParameterError,
    Severity,
)

from ._frames import frame_rows, is_frame
from ._ids import reconcile
from ._table import FactsTable, OutOfBounds, facts_from_rows, load_facts

__all__ = [
    "Deferred",
    "PeriodFile",
    "RunPeriods",
    "choose_periods",
    "combine",
    "load_period_files",
    "raise_deferred",
    "read_source",
]

#: One facts file of a run: the period its rows are about (None: its own period column), a path.
PeriodFile: TypeAlias = tuple[str | None, str | os.PathLike[str]]


@attrs.frozen
class Deferred:
    """Missing columns of a file: an error only if one of the periods of its rows is reported.

    The history files of a run often carry just the facts that ``previous()`` and trends read;
    a required column they lack is not a data request (docs/facts-files.md).
    """

    periods: frozenset[str]
    error: FactsInvalid


#: How messages name facts given as a table of a data library.
_TABLE = "<table>"


def raise_deferred(deferred: Iterable[Deferred], reported: frozenset[str]) -> None:
    """Raise the first deferred error whose file has rows in a reported period."""
    for item in deferred:
        if item.periods & reported:
            raise item.error


@attrs.frozen
class RunPeriods:
    """Which periods a run reads and which it reports (docs/municipal.md, «How a run goes»)."""

    #: The periods the run evaluates, in order: the history, then the reporting period.
    evaluated: tuple[str, ...]
    #: The periods whose results go into the report: the reporting period, or all of them.
    reported: frozenset[str]
    #: The reporting period ("" when the facts have no rows).
    period: str = ""

    @property
    def history(self) -> tuple[str, ...]:
        """The evaluated periods that are not reported."""
        return tuple(p for p in self.evaluated if p not in self.reported)


def choose_periods(
    periods: Iterable[str], period: str | None = None, *, all_periods: bool = False
) -> RunPeriods:
    """The run's periods for a reporting period (the latest when None).

    Periods sort as text (``2017/2018`` < ``2018/2019``); those after the reporting period are
    not read. Raises ParameterError (``unknown-period``) for a period the facts do not have.
    """
    known = sorted(set(periods))
    if period is None:
        chosen = known[-1] if known else ""
    elif period in known:
        chosen = period
    else:
        hint = difflib.get_close_matches(period, known, n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        listed = ", ".join(known) or "none"
        raise ParameterError.make(
            "unknown-period", f"period {period!r} is not known (periods: {listed}){tail}"
        )
    evaluated = tuple(p for p in known if p <= chosen)
    reported = frozenset(evaluated) if all_periods else frozenset([chosen])
    return RunPeriods(evaluated, reported, chosen)


def read_source(
    facts: Any,
    specs: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    out_of_bounds: OutOfBounds = "error",
    sheet: str | None = None,
    markers: Markers | None = None,
) -> FactsTable:
    """Facts as ``Ruleset.evaluate`` takes them, as one checked table.

    ``facts`` is a file, a table read earlier, a pandas, polars or pyarrow table, rows
    (mappings or ``School`` objects), or
    several sources one per period: a mapping of period to source, or a list of files that
    carry their own period column.
    """

    def read(source: Any) -> FactsTable:
        return read_source(
            source, specs, entity, out_of_bounds=out_of_bounds, sheet=sheet, markers=markers
        )

    if is_frame(facts):
        return facts_from_rows(
            frame_rows(facts),
            specs,
            entity,
            file=_TABLE,
            out_of_bounds=out_of_bounds,
            markers=markers,
        )
    if isinstance(facts, Mapping):
        if all(isinstance(source, (str, os.PathLike)) for source in facts.values()):
            files = [(str(period), path) for period, path in facts.items()]
            return load_period_files(
                files, specs, entity, out_of_bounds=out_of_bounds, sheet=sheet, markers=markers
            )
        return _per_period(facts, read, entity)
    if _paths(facts):
        return load_period_files(
            [(None, path) for path in facts],
            specs,
            entity,
            out_of_bounds=out_of_bounds,
            sheet=sheet,
            markers=markers,
        )
    if isinstance(facts, FactsTable):
        return facts
    if isinstance(facts, (str, os.PathLike)):
        return load_facts(
            facts, specs, entity, out_of_bounds=out_of_bounds, sheet=sheet, markers=markers
        )
    rows: list[Any] = list(facts)
    if rows and all(isinstance(row, School) for row in rows):
        for school in rows:
            _check_school(school, specs)
        return FactsTable("", tuple(rows))
    return facts_from_rows(
        [_row_of(row) for row in rows], specs, entity, out_of_bounds=out_of_bounds, markers=markers
    )


def _check_school(school: School, specs: Mapping[str, FactSpec]) -> None:
    for name, spec in specs.items():
        value = school.facts.get(name)
        if value is not None and not value_fits(spec.type, value):
            raise FactsError.make(
                "bad-cell",
                f"school {school.id!r}: fact {name!r} is {value!r}; expected {spec.type.value}",
                school.location,
            )


def _per_period(
    facts: Mapping[str, Any], read: Callable[[Any], FactsTable], entity: EntitySpec
) -> FactsTable:
    """Facts given one source per period: the period of each is the mapping's key."""
    parts = []
    for period, source in facts.items():
        table = read(source)
        if not table.file:
            table = attrs.evolve(table, file=str(period))
        parts.append((str(period), table))
    return combine(parts, entity)


def _paths(facts: object) -> TypeGuard[Sequence[str | os.PathLike[str]]]:
    """Whether facts are several files: a list (or tuple) of paths, not rows."""
    return (
        isinstance(facts, (list, tuple))
        and bool(facts)
        and all(isinstance(item, (str, os.PathLike)) for item in facts)
    )


def _row_of(row: School | Mapping[Any, Any]) -> Mapping[Any, Any]:
    if isinstance(row, School):
        return {"id": row.id, "name": row.name, "period": row.period, **row.facts}
    return row


def load_period_files(
    files: Sequence[PeriodFile],
    facts: Mapping[str, FactSpec],
    entity: EntitySpec,
    *,
    out_of_bounds: OutOfBounds = "error",
    sheet: str | None = None,
    markers: Markers | None = None,
) -> FactsTable:
    """Several facts files as one table; a file given a period has its rows in that period.

    Raises FactsInvalid for a problem in any file (the first file's problems), or, once every
    file was read, listing every row whose period column says another period than the one
    given for its file and every school in one period in two files.
    """
    parts: list[tuple[str | None, FactsTable]] = []
    deferred = []
    for period, path in files:
        try:
            table = load_facts(
                path, facts, entity, out_of_bounds=out_of_bounds, sheet=sheet, markers=markers
            )
        except FactsInvalid as exc:
            if any(d.code != "missing-column" for d in exc.diagnostics):
                raise
            # Read again with every column optional; whether the missing ones matter depends
            # on the reporting period, chosen once every file is read.
            optional = {name: attrs.evolve(spec, required=False) for name, spec in facts.items()}
            table = load_facts(
                path, optional, entity, out_of_bounds=out_of_bounds, sheet=sheet, markers=markers
            )
            periods = {period} if period is not None else {s.period for s in table.schools}
            deferred.append(Deferred(frozenset(periods), exc))
        parts.append((period, _same_ids(table, parts)))
    combined = combine(parts, entity)
    return attrs.evolve(combined, deferred=(*combined.deferred, *deferred))


def _same_ids(table: FactsTable, earlier: Sequence[tuple[str | None, FactsTable]]) -> FactsTable:
    """A later file's schools under the ids the earlier files give them (``1`` → ``001``).

    Excel drops the leading zeros of a code stored as a number, in one year's file and not in
    another's; the school's history would be cut in two. Renamed ids are one warning.
    """
    known = {school.id for _, part in earlier for school in part.schools}
    if not known:
        return table
    schools, renamed = reconcile(table.schools, known)
    if not renamed:
        return table
    shown = ", ".join(f"{old!r} → {new!r}" for old, new in list(renamed.items())[:5])
    more = f" and {len(renamed) - 5} more" if len(renamed) > 5 else ""
    warning = Diagnostic(
        "id-normalised",
        f"{len(renamed)} school {'id is' if len(renamed) == 1 else 'ids are'} written without "
        f"the leading zeros of the earlier files and read as they write them: {shown}{more}",
        Location(table.file),
        Severity.WARNING,
    )
    return attrs.evolve(table, schools=schools, warnings=(*table.warnings, warning))


def combine(parts: Sequence[tuple[str | None, FactsTable]], entity: EntitySpec) -> FactsTable:
    """Tables read one per period as one table (see :func:`load_period_files`)."""
    schools: list[School] = []
    warnings: list[Diagnostic] = []
    problems: list[FactsError] = []
    first: dict[tuple[str, str], str] = {}
    for period, table in parts:
        warnings.extend(table.warnings)
        for row in table.schools:
            if period is not None and row.period and row.period != period:
                problems.append(
                    FactsError.make(
                        "period-mismatch",
                        f"school {row.id!r} is in period {row.period!r} in its "
                        f"{entity.period_column!r} column, but its facts were given for period "
                        f"{period!r}; expected the same period, or no period column",
                        row.location,
                    )
                )
                continue
            school = row if period is None else attrs.evolve(row, period=period)
            key = (school.period, school.id)
            if key in first:
                during = f" in period {school.period!r}" if school.period else ""
                problems.append(
                    FactsError.make(
                        "duplicate-school",
                        f"school {school.id!r} appears twice{during}: file {first[key]!r} and "
                        f"file {table.file!r}; keep one row per school",
                        school.location,
                    )
                )
                continue
            first[key] = table.file
            schools.append(school)
    if problems:
        raise FactsInvalid(f"{len(problems)} problem(s) in the facts files", problems)
    files = ", ".join(dict.fromkeys(table.file for _, table in parts))
    deferred = [item for _, table in parts for item in table.deferred]
    return FactsTable(files, tuple(schools), tuple(warnings), tuple(deferred))
