"""Tables made by hand: footer rows, dashes and words in number cells, ids Excel stripped.

Schools sign their tables: below the schools come the executor's name and phone, a note, the
head's signature and the seal's place. Such a row is recognised by its first words, or by an
id cell holding words and no facts beside it; it is reported (``footer-row``) and left out.
A real school with every fact missing has an id and a name, and is kept.

A dash or a word in a number cell is read by the ruleset's markers (no data, or zero), and an
id is padded to the ruleset's id form; each kind is warned about once per file, counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from pdrs_rules._model import EntitySpec, FactValue, Markers, ValueType

from ._cells import quote
from ._columns import ID, Target, norm
from ._ids import IdForm
from ._rows import Cell, Problems, Row

__all__ = [
    "FOOTER_WORDS",
    "UNMARKED",
    "HandMade",
    "all_blank",
    "footer_word",
    "is_blank_fact",
    "looks_like_words",
]

#: Ids listed in a warning about them; the rest are counted.
MAX_SHOWN: Final = 5
#: What :meth:`HandMade.marker` returns for a cell that holds no marker.
UNMARKED: Final = object()

#: The words a footer row starts with (whole words, any case; a trailing dot or colon).
FOOTER_WORDS: Final = (
    "Исполнитель",
    "Исп.",
    "Ответственный",
    "Составил",
    "Примечание",
    "Примечания",
    "Подпись",
    "М.П.",
    "МП",
    "Руководитель",
    "Директор",
    "Заведующий",
    "Телефон",
    "Тел.",
    "Дата",
)
_FOOTER: Final = re.compile(
    r"(?:исполнитель|исп\.|ответственн\w*|составил\w*|примечани[ея]|подпись|подписи"
    r"|м\.\s?п\.?|мп|руководитель|директор|заведующ\w*|телефон|тел\.|дата)(?=$|[\s.:,;(_])",
)
# A cell of underscores, dots or dashes is a line to sign on, not a value.
_SIGN_LINE: Final = re.compile(r"[\s_.\-–—]*")


def footer_word(text: str) -> bool:
    """Whether a cell's text starts with a footer word: «Исполнитель: Иванова И.И.», «М.П.»."""
    if text[:1].isdigit():
        return False  # a school's code: no footer word starts with a digit
    return _FOOTER.match(" ".join(text.split()).casefold()) is not None


def looks_like_words(school_id: str) -> bool:
    """Whether an id cell holds words (a name, a phone with words) rather than a code.

    Codes have no spaces between letters (``023``, ``МБОУ-5``); «Иванова И.И.» has.
    """
    words = school_id.split()
    return (len(words) > 1 and any(char.isalpha() for char in school_id)) or ":" in school_id


def is_blank_fact(value: object) -> bool:
    """Whether a fact cell is empty for recognising a footer: nothing, or a line to sign on."""
    if value is None:
        return True
    return isinstance(value, str) and _SIGN_LINE.fullmatch(value) is not None


def all_blank(values: Iterable[object]) -> bool:
    """Whether no fact cell of a row holds anything but blanks or signature lines."""
    return all(is_blank_fact(value) for value in values)


class HandMade:
    """What one facts file needs for being made by hand; the warnings come at the end."""

    def __init__(self, problems: Problems, entity: EntitySpec, markers: Markers) -> None:
        self.problems = problems
        self.form = IdForm.of(entity)
        self._marks = {norm(m): "no_data" for m in markers.no_data}
        self._marks.update({norm(m): "zero" for m in markers.zero})
        #: Whether a marker starts with a digit: if none does, such cells skip the lookup.
        self.digit_marks = any(mark[:1].isdigit() for mark in self._marks)
        #: Cells read through a marker, by meaning: (count per marker, where the first was).
        self._marked: dict[str, tuple[dict[str, int], tuple[int, int, str]]] = {}
        #: Rows whose id was padded (the first few shown), and ids that do not fit the form;
        #: only counts and the first few are kept, so a streamed file stays small in memory.
        self._padded: dict[str, str] = {}
        self._padded_count = 0
        self._padded_at: tuple[int, str] | None = None
        self._misfits: list[tuple[str, int, str]] = []
        self._misfit_count = 0

    def marker(self, value: str, kind: ValueType, row: Row, cell: Cell) -> FactValue | object:
        """What a number cell holding a marker means (counted), or UNMARKED."""
        meaning = self._marks.get(norm(value))
        if meaning is None:
            return UNMARKED
        if meaning not in self._marked:
            path = row.cell_path(cell[0], cell[3], cell[2])
            self._marked[meaning] = ({}, (cell[2], cell[3], path))
        counts = self._marked[meaning][0]
        shown = value.strip()
        counts[shown] = counts.get(shown, 0) + 1
        if meaning == "no_data":
            return None
        return 0 if kind is ValueType.INTEGER else 0.0

    def footer(
        self, row: Row, cells: Mapping[Target, Cell], school_id: str | None, name: str | None
    ) -> bool:
        """Whether a row is a signature, note or contact line under the schools (reported)."""
        text = school_id or name or row.text
        if not text or (school_id is not None and name is not None and not footer_word(text)):
            # A row with an id and a name is a footer only by its first words.
            return False
        if not all_blank(cell[1] for target, cell in cells.items() if target[0] == "fact"):
            return False
        footer = (
            footer_word(text)
            or (school_id is None and name is None)
            or (
                name is None
                and school_id is not None
                and (
                    looks_like_words(school_id)
                    or (
                        self.form.declared
                        and not self.form.fits(school_id)
                        and self.form.normalised(school_id) is None
                    )
                )
            )
        )
        if footer:
            self.problems.warn(
                "footer-row",
                f"{row.path} ({quote(text)}) has no facts and looks like a signature, a note or "
                "a contact line, so it is not counted as a school; expected a row per school",
                row.line,
                0,
                row.path,
            )
        return footer

    def declared_form(self, row: Row, cells: Mapping[Target, Cell], school_id: str) -> str:
        """The id padded to the ruleset's form; one that cannot fit is noted for a warning."""
        padded = self.form.normalised(school_id)
        if padded is not None:
            if not self._padded:
                self._padded_at = (row.line, row.path)
            self._padded_count += 1
            if len(self._padded) < MAX_SHOWN:
                self._padded.setdefault(school_id, padded)
            return padded
        if not self.form.fits(school_id):
            self._misfit_count += 1
            if len(self._misfits) < MAX_SHOWN:
                self._misfits.append((school_id, cells[ID][2], row.path))
        return school_id

    def summarise(self) -> None:
        """Warn once per file about cells read through markers and ids padded or not fitting."""
        for meaning, (counts, (line, column, path)) in self._marked.items():
            total = sum(counts.values())
            shown = ", ".join(f"{quote(mark)} ({count})" for mark, count in counts.items())
            read_as = "0" if meaning == "zero" else "empty (no data)"
            self.problems.warn(
                "cell-marker",
                f"{total} number {'cell holds' if total == 1 else 'cells hold'} {shown} and "
                f"{'is' if total == 1 else 'are'} read as {read_as} (first: {path}); "
                "the ruleset's markers say what such cells mean",
                line,
                column,
                path,
            )
        if self._padded and self._padded_at is not None:
            count = self._padded_count
            shown = ", ".join(f"{old!r} → {new!r}" for old, new in self._padded.items())
            more = ", …" if count > len(self._padded) else ""
            line, path = self._padded_at
            self.problems.warn(
                "id-normalised",
                f"{count} school {'id is' if count == 1 else 'ids are'} padded with "
                f"leading zeros to the ruleset's id form: {shown}{more}; Excel drops the zeros "
                "of a code stored as a number",
                line,
                0,
                path,
            )
        if self._misfits:
            shown = ", ".join(f"{sid!r} ({path})" for sid, _, path in self._misfits)
            if self._misfit_count > len(self._misfits):
                shown += f" and {self._misfit_count - len(self._misfits)} more"
            line, path = self._misfits[0][1], self._misfits[0][2]
            self.problems.warn(
                "id-form",
                f"school ids do not have the ruleset's id form: {shown}; "
                "expected ids like the others (entity.id_width or entity.id_pattern)",
                line,
                0,
                path,
            )
