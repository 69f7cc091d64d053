"""How a report tells a finding: the template of each text, slot labels, formulas for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pdrs_rules._formula._explain import explained_values
from pdrs_rules._formula._template import Template
from pdrs_rules._formula._words import Names, formula_for_people
from pdrs_rules._model import Finding, IndicatorSpec, Outcome, RecommendationSpec

from ._shared import PLACEHOLDER_LABELS

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset

__all__ = ["Wording"]


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

    def label(self, name: str) -> str:
        """What the slot of placeholder ``name`` is called: «значение», a fact's title, «ОО»."""
        if name == "school":
            return self.entity_title
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
