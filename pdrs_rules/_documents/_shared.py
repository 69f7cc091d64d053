"""Recommendations that share a text: the sentence once, then the schools and their numbers.

Twelve schools given «Обеспечить сопровождение …: доля участников 34,3% при целевом значении
50%, необходимо привлечь ещё 6 педагогов» differ in two numbers; the report writes the sentence
once, with ``[значение]`` and ``[N]`` where they differ, and a table of the twelve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pdrs_rules._formula._slots import Slot, match, plural_number, sentence
from pdrs_rules._formula._template import Placeholder, Template

from ._parts import SharedText

__all__ = ["PLACEHOLDER_LABELS", "shared_parts"]

#: What a slot is called, by the built-in placeholder it stands for; other names (facts,
#: parameters, indicators) are called by their titles.
PLACEHOLDER_LABELS = {
    "value": "значение",
    "threshold": "порог",
    "lower": "нижняя граница",
    "upper": "верхняя граница",
    "missing": "недостающие данные",
    "period": "период",
    "indicator": "показатель",
    "school_id": "код",
}
#: The placeholder the table's first column (the school's name) already shows.
_ROW_NAME = "school"
#: A count with its noun, «[N] педагогов», is called by a letter: the noun says what it counts.
_COUNT_LETTERS = ("N", "M", "K", "L")


def shared_parts(
    items: Sequence[tuple[str, str, Template | None]],
    label: Callable[[str], str],
) -> tuple[SharedText | tuple[str, str], ...]:
    """``items`` (school name, text, the template it came from) as shown in a report.

    Two or more texts from one template become one :class:`SharedText` where the first of
    them stood; a text alone, or one its template cannot be matched with, stays as
    (name, text). ``label`` names a placeholder's slot.
    """
    groups: dict[Template, list[tuple[str, tuple[str, ...]]]] = {}
    matched: list[tuple[str, str, Template | None, tuple[str, ...] | None]] = []
    for name, text, template in items:
        values = match(template, text) if template is not None else None
        matched.append((name, text, template, values))
        if template is not None and values is not None:
            groups.setdefault(template, []).append((name, values))
    parts: list[SharedText | tuple[str, str]] = []
    done: set[Template] = set()
    for name, text, template, values in matched:
        if template is None or values is None or len(groups[template]) < 2:
            parts.append((name, text))
        elif template not in done:
            done.add(template)
            parts.append(_shared(template, groups[template], label))
    return tuple(parts)


def _shared(
    template: Template,
    rows: list[tuple[str, tuple[str, ...]]],
    label: Callable[[str], str],
) -> SharedText:
    placeholders = template.placeholders
    letters = iter(_COUNT_LETTERS)
    counts: dict[str, str] = {}
    for placeholder in placeholders:
        if placeholder.filter == "plural" and placeholder.name not in counts:
            counts[placeholder.name] = next(letters, placeholder.name)

    def name_of(placeholder: Placeholder) -> str:
        return counts.get(placeholder.name) or label(placeholder.name)

    varying = {
        index
        for index in range(len(placeholders))
        if len({values[index] for _, values in rows}) > 1
    }
    columns: dict[str, list[int]] = {}
    for index in sorted(varying):
        placeholder = placeholders[index]
        if placeholder.name != _ROW_NAME:
            columns.setdefault(name_of(placeholder), []).append(index)

    def fill(index: int, placeholder: Placeholder) -> str | Slot:
        if index in varying:
            return Slot(name_of(placeholder))
        return rows[0][1][index]

    return SharedText(
        sentence=sentence(template, fill),
        columns=tuple(columns),
        rows=tuple(
            (
                name,
                tuple(
                    plural_number(placeholders[indexes[0]], values[indexes[0]])
                    for indexes in columns.values()
                ),
            )
            for name, values in rows
        ),
    )
