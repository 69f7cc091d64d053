"""How a report tells a finding: shared texts once, slot labels, formulas for people.

Twelve schools given «Обеспечить сопровождение …: доля участников 34,3% при целевом значении
50%, необходимо привлечь ещё 6 педагогов» differ in two numbers; the report writes the sentence
once, with ``[значение]`` and ``[N]`` where they differ, and a table of the twelve
(:func:`shared_parts`). :class:`Wording` knows which template each text came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from pdrs_rules._formula._explain import explained_values
from pdrs_rules._formula._slots import (
    AGGREGATE_PART_LABELS,
    PLACEHOLDER_LABELS,
    Slot,
    match,
    plural_number,
    sentence,
    slot_names,
)
from pdrs_rules._formula._template import Placeholder, Template
from pdrs_rules._formula._words import Names, formula_for_people
from pdrs_rules._model import Finding, IndicatorSpec, Outcome, RecommendationSpec

from ._parts import SharedText

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset

__all__ = ["Item", "Wording", "shared_parts"]

#: The placeholder the table's first column (the school's name) already shows.
_ROW_NAME = "school"


#: A text as a report groups it: the school's name, the text, the template it came from and
#: the placeholders whose values are known (``Wording.known``).
Item = tuple[str, str, Template | None, Mapping[str, str]]


def shared_parts(
    items: Sequence[Item], label: Callable[[str], str]
) -> tuple[SharedText | tuple[str, str], ...]:
    """``items`` as shown in a report.

    Two or more texts from one template become one :class:`SharedText` where the first of
    them stood; a text alone, or one its template cannot be matched with, stays as
    (name, text). ``label`` names a placeholder's slot.
    """
    groups: dict[Template, list[tuple[str, tuple[str, ...]]]] = {}
    matched: list[tuple[str, str, Template | None, tuple[str, ...] | None]] = []
    for name, text, template, known in items:
        values = match(template, text, known) if template is not None else None
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
    names = slot_names(template, label)
    varying = {
        index
        for index in range(len(placeholders))
        if len({values[index] for _, values in rows}) > 1
    }
    columns: dict[str, list[int]] = {}
    for index in sorted(varying):
        placeholder = placeholders[index]
        if placeholder.name != _ROW_NAME:
            columns.setdefault(names[index], []).append(index)

    def fill(index: int, _placeholder: Placeholder) -> str | Slot:
        if index in varying:
            return Slot(names[index])
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


class Wording:
    """The ruleset's side of a finding's words: its templates, titles and formulas."""

    def __init__(self, ruleset: Ruleset) -> None:
        compiled = ruleset.compiled
        self.compiled = compiled
        self.specs: dict[str, IndicatorSpec] = {
            i.id: i for i in (*compiled.indicators, *compiled.conclusions)
        }
        names: dict[str, tuple[str, str]] = {}
        names.update({a.id: ("агрегат", a.title) for a in compiled.aggregates})
        names.update({i.id: ("показатель", i.title) for i in self.specs.values()})
        names.update({p.name: ("параметр", p.title) for p in compiled.parameters})
        names.update({f.name: ("факт", f.title) for f in (*compiled.facts, *compiled.group_facts)})
        self.names: Names = names
        self.shorts = {i.id: i.short for i in compiled.indicators if i.short}
        self.entity_title = compiled.entity.title

    def template(self, finding: Finding, index: int) -> Template | None:
        """The template the finding's ``index``-th recommendation was rendered from, if known."""
        spec = self.specs.get(finding.indicator)
        if spec is None:
            return None  # a trend's texts: each rule has its own, and shares are rare
        rec: RecommendationSpec | None = None
        if finding.outcome is Outcome.EVALUATED and finding.band is not None:
            bands = spec.bands
            if finding.band.index < len(bands):
                recs = bands[finding.band.index].recommendations
                rec = recs[index] if index < len(recs) else None
        elif finding.outcome is Outcome.NO_DATA:
            rec = spec.no_data or self.compiled.default_no_data
        elif finding.outcome is Outcome.NOT_APPLICABLE:
            rec = spec.not_applicable
        return None if rec is None else self.compiled.templates.get(rec.text)

    def known(self, finding: Finding) -> dict[str, str]:
        """The placeholders whose values a finding says itself: its school, period, title."""
        spec = self.specs.get(finding.indicator)
        return {
            "school": finding.school_name,
            "school_id": finding.school_id,
            "period": finding.period,
            **({"indicator": spec.title} if spec is not None else {}),
        }

    def label(self, name: str) -> str:
        """What the slot of placeholder ``name`` is called: «значение», a fact's title, «ОО»."""
        if name == "school":
            return self.entity_title
        _, dot, part = name.partition(".")
        if dot and part in AGGREGATE_PART_LABELS:
            return AGGREGATE_PART_LABELS[part].format(entity=self.entity_title)
        if name in PLACEHOLDER_LABELS:
            return PLACEHOLDER_LABELS[name]
        if name in self.shorts:
            return self.shorts[name]
        known = self.names.get(name)
        return " ".join(known[1].split()) if known else name

    def explain(self, finding: Finding) -> str:
        """How the value was computed, for a reader: «10 из 40»; the engine's if it cannot say.

        The value itself is not repeated: the report shows it beside.
        """
        formula = self.compiled.formulas.get(finding.indicator)
        if formula is None:
            return finding.explanation  # a trend says its values in words already
        if finding.value is None:
            return ""  # the reason says what is missing
        values = explained_values(formula, finding.explanation)
        if values is None:
            return finding.explanation
        return formula_for_people(formula.source, self.names, values)
