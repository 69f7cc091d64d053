"""Facts columns: the fact each header names, and the unknown, repeated and missing columns."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Final, TypeAlias

from pdrs_rules._model import EntitySpec, FactSpec

from ._cells import quote
from ._rows import Cell, Problems, Row

__all__ = [
    "GROUP",
    "GROUP_NAME",
    "ID",
    "NAME",
    "PERIOD",
    "PERIOD_RU",
    "Columns",
    "Target",
    "did_you_mean",
    "norm",
    "unitless",
]

#: What a header names: ``("fact", name)``, or ``("id" | "name" | "period", "")``.
Target: TypeAlias = tuple[str, str]

ID: Final[Target] = ("id", "")
NAME: Final[Target] = ("name", "")
PERIOD: Final[Target] = ("period", "")
GROUP: Final[Target] = ("group", "")
GROUP_NAME: Final[Target] = ("group_name", "")
#: The Russian header of the period column, accepted beside ``period`` when none is declared.
PERIOD_RU: Final = "Период"


class Columns:
    """Maps headers to what they hold, reporting the ones that hold nothing, twice or are absent."""

    def __init__(
        self, problems: Problems, facts: Mapping[str, FactSpec], entity: EntitySpec
    ) -> None:
        self.problems = problems
        self.facts = facts
        self.entity = entity
        self._headers, self._aliases = _header_index(facts, entity)
        self._targets: dict[str, Target | None] = {}
        self._seen: set[Target] = set()
        self._reported: set[str] = set()
        self._unknown: dict[str, str] = {}
        self._duplicates: set[tuple[Target, str, str]] = set()
        self._no_id: list[tuple[int, str]] = []

    def target(self, key: str) -> Target | None:
        """What a header or key names, if anything."""
        try:
            return self._targets[key]
        except KeyError:
            normal = norm(key)
            target = self._headers.get(normal)
            if target is None:
                target = self._headers.get(unitless(normal))
            self._targets[key] = target
            return target

    def _alias(self, key: str) -> str | None:
        """The declared alias a header matched by, if it matched by one."""
        normal = norm(key)
        found = self._aliases.get(normal)
        if found is None and normal not in self._headers:
            found = self._aliases.get(unitless(normal))
        return found

    def resolve(self, row: Row) -> dict[Target, Cell]:
        """Map a row's cells to what they hold, reporting unknown and repeated headers."""
        cells: dict[Target, Cell] = {}
        for cell in row.cells:
            key = cell[0]
            target = self.target(key)
            if target is None:
                # A CSV column without a header is reported from its values instead.
                if not (row.csv and not key.strip()):
                    self._unknown_column(row, cell)
                continue
            self._seen.add(target)
            if self._aliases and target[0] == "fact":
                self._alias_used(row, cell, target[1])
            first = cells.get(target)
            if first is None:
                cells[target] = cell
            else:
                self._duplicate_column(row, first, cell, target)
        return cells

    def saw(self, target: Target) -> None:
        """Note that a row held a value for ``target`` without a column: the long layout."""
        self._seen.add(target)

    def fact_of(self, text: str) -> str | None:
        """The fact a long-layout row names, by its name or its column title, if any."""
        target = self.target(text)
        return target[1] if target is not None and target[0] == "fact" else None

    def fact_hint(self, text: str) -> str:
        """A "did you mean" naming the fact nearest to an unknown fact name, or nothing."""
        candidates = [*self.facts, *(spec.column for spec in self.facts.values())]
        return did_you_mean(text, candidates)

    def row_without_id(self, row: Row) -> None:
        """Note a row with no id key at all.

        Whether this is one row lacking an id or a file without an id column is only known
        once every row has been seen.
        """
        self._no_id.append((row.line, row.path))

    def check(self, line: int, column: int, path: str, *, fact_column: str = "") -> None:
        """Report required columns that no row had, once all rows are seen.

        ``fact_column`` is the header of the long layout's fact column, when it is long.
        """
        unknown = list(self._unknown.values())
        for name, spec in self.facts.items():
            if spec.required and ("fact", name) not in self._seen:
                hint = did_you_mean(spec.column, unknown) or did_you_mean(name, unknown)
                expected = (
                    f"has no row: expected rows with {quote(spec.column)} or {name!r} "
                    f"in column {quote(fact_column)}"
                    if fact_column
                    else f"has no column: expected a column headed {quote(spec.column)}{hint}"
                )
                self.problems.error(
                    "missing-column",
                    f"required fact {name!r} ({spec.title}) {expected}",
                    line,
                    column,
                    path,
                )
        id_column = self.entity.id_column
        if ID not in self._seen:
            also = "" if norm(id_column) == "id" else ' (or "id")'
            self.problems.error(
                "missing-id-column",
                f"there is no school id column: expected a column headed {quote(id_column)}"
                f"{also}{did_you_mean(id_column, unknown)}",
                line,
                column,
                path,
            )
            return
        for row_line, row_path in self._no_id:
            self.problems.error(
                "missing-id",
                f"{row_path} has no school id; expected a value for {quote(id_column)}",
                row_line,
                0,
                row_path,
                capped=True,
            )

    def _alias_used(self, row: Row, cell: Cell, fact: str) -> None:
        key, _, line, column = cell
        alias = self._alias(key)
        if alias is None or norm(key) in self._reported:
            return
        self._reported.add(norm(key))
        self.problems.warn(
            "column-alias",
            f"column {quote(key)} is read as fact {fact!r} by its alias {quote(alias)}; "
            f"expected the header {quote(self.facts[fact].column)}",
            line,
            column,
            row.cell_path(key, column, line),
        )

    def _unknown_column(self, row: Row, cell: Cell) -> None:
        key, _, line, column = cell
        normal = norm(key)
        if normal in self._reported:
            return
        self._reported.add(normal)
        self._unknown[normal] = key
        candidates = [spec.column for spec in self.facts.values()] + list(self.facts)
        candidates += [self.entity.id_column, self.entity.name_column, self.entity.period_column]
        self.problems.warn(
            "unknown-column",
            f"column {quote(key)} matches no fact and is ignored{did_you_mean(key, candidates)}",
            line,
            column,
            row.cell_path(key, column, line),
        )

    def _duplicate_column(self, row: Row, first: Cell, cell: Cell, target: Target) -> None:
        seen = (target, first[0], cell[0])
        if seen in self._duplicates:
            return
        self._duplicates.add(seen)
        what = _describe(target)
        same = norm(first[0]) == norm(cell[0])
        if row.csv and same:
            message = f"columns {first[3]} and {cell[3]} are both headed {quote(cell[0])} ({what})"
        elif row.csv:
            message = (
                f"columns {first[3]} and {cell[3]} ({quote(first[0])} and {quote(cell[0])}) "
                f"both hold {what}"
            )
        elif same:
            message = f"key {quote(cell[0])} appears twice in {row.path} ({what})"
        else:
            message = f"keys {quote(first[0])} and {quote(cell[0])} in {row.path} both hold {what}"
        self.problems.error(
            "duplicate-column",
            f"{message}; keep one of them",
            cell[2],
            cell[3],
            row.cell_path(cell[0], cell[3], cell[2]),
        )


def _describe(target: Target) -> str:
    kind, name = target
    if kind == "fact":
        return f"fact {name!r}"
    return {
        "id": "the school id",
        "name": "the school name",
        "group": "the group id",
        "group_name": "the group name",
    }.get(kind, "the period")


def norm(header: str) -> str:
    """A header as compared: spaces and line breaks collapsed, case folded, «ё» read as «е»."""
    return " ".join(header.split()).casefold().replace("ё", "е")


# A unit at the end of a header: «Педагогов, чел.», «Педагогов (чел.)», «Доля, %».
_UNIT: Final = re.compile(
    r"\s*(?:,\s*|\(\s*)(?:чел|человек|ед|единиц|шт|%|проц|процентов)\.?\s*\)?$"
)


def unitless(normal: str) -> str:
    """A normalised header without a trailing unit, or itself when it has none."""
    return _UNIT.sub("", normal)


def _header_index(
    facts: Mapping[str, FactSpec], entity: EntitySpec
) -> tuple[dict[str, Target], dict[str, str]]:
    """Normalised header -> what it names, and the declared aliases among them -> as written.

    Declared columns win over names, names over the built-in and declared aliases. Each
    header is also indexed without its trailing unit («, чел.»), unless that makes two
    targets share it.
    """
    index: dict[str, Target] = {}
    entries: list[tuple[str, Target]] = [
        (spec.column, ("fact", name)) for name, spec in facts.items()
    ]
    entries += [(entity.id_column, ID), (entity.name_column, NAME)]
    entries += [(entity.period_column, PERIOD)]
    if entity.group_column:
        entries.append((entity.group_column, GROUP))
    if entity.group_name_column:
        entries.append((entity.group_name_column, GROUP_NAME))
    entries += [(name, ("fact", name)) for name in facts]
    entries += [("id", ID), ("name", NAME), ("period", PERIOD), (PERIOD_RU, PERIOD)]
    aliases = {
        norm(alias): alias for spec in facts.values() for alias in spec.aliases if alias.strip()
    }
    entries += [(alias, ("fact", name)) for name, spec in facts.items() for alias in spec.aliases]
    for header, target in entries:
        if header.strip():
            index.setdefault(norm(header), target)
    bare: dict[str, Target | None] = {}
    for normal, target in index.items():
        key = unitless(normal)
        if key != normal:
            bare[key] = target if bare.get(key, target) == target else None
    for key, found in bare.items():
        if found is not None:
            index.setdefault(key, found)
    return index, {k: v for k, v in aliases.items() if k in index}


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``; did you mean "X"?`` for the candidate nearest to a word, or nothing."""
    by_norm = {norm(candidate): candidate for candidate in candidates if candidate.strip()}
    matches = difflib.get_close_matches(norm(word), list(by_norm), n=1)
    return f"; did you mean {quote(by_norm[matches[0]])}?" if matches else ""
