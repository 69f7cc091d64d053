"""The compiled ruleset: everything the evaluator needs, checked, and the defaults it uses."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from pdrs_rules._formula import _grammar
from pdrs_rules._formula._template import Template
from pdrs_rules._model import (
    AggregateSpec,
    EntitySpec,
    FactSpec,
    GroupSpec,
    IndicatorSpec,
    Level,
    Markers,
    Metadata,
    ParameterSpec,
    RecommendationSpec,
    ScoringSpec,
    TrendSpec,
    Unit,
)

__all__ = [
    "DEFAULT_ADDRESSEES",
    "DEFAULT_ADDRESSEE_LEVELS",
    "DEFAULT_LEVELS",
    "PRECISION",
    "CompiledRuleset",
    "comparison_indicators",
]

DEFAULT_LEVELS = (
    Level("critical", "критический", 0),
    Level("warning", "требует внимания", 1),
    Level("ok", "норма", 2),
    Level("good", "высокий", 3),
)
DEFAULT_ADDRESSEES: Mapping[str, str] = {
    "school_head": "руководитель ОО",
    "deputy_head": "заместитель руководителя ОО по УВР",
    "teachers": "педагоги",
    "methodical_service": "методическая служба",
    "authority": "управление образования",
    "cnppm": "ЦНППМ",
}
#: Whose people each default addressee is: ``school`` (their texts go into a school's letter)
#: or ``group`` (the municipality's bodies, whose texts go into the municipality's letter).
DEFAULT_ADDRESSEE_LEVELS: Mapping[str, str] = {
    "school_head": "school",
    "deputy_head": "school",
    "teachers": "school",
    "methodical_service": "group",
    "authority": "group",
    "cnppm": "group",
}
#: Decimals shown by default for a value in each unit; 2 for the others.
PRECISION = {Unit.PERCENT: 1, Unit.COUNT: 0, Unit.BOOLEAN: 0}


@attrs.frozen
class CompiledRuleset:
    """Everything the evaluator needs, checked; built once per ruleset file."""

    file: str
    metadata: Metadata
    entity: EntitySpec
    levels: tuple[Level, ...]
    addressees: Mapping[str, str]
    facts: tuple[FactSpec, ...]
    parameters: tuple[ParameterSpec, ...]
    #: Indicators in evaluation (dependency) order.
    indicators: tuple[IndicatorSpec, ...]
    #: Indicator ids in the order the author declared them: the order of reports.
    declared_order: tuple[str, ...]
    formulas: Mapping[str, _grammar.Formula]
    templates: Mapping[str, Template]
    out_of_bounds: str = "error"
    markers: Markers = Markers()
    default_no_data: RecommendationSpec | None = None
    #: The municipality level (docs/municipal.md); empty when the ruleset has none.
    group: GroupSpec = GroupSpec()
    group_facts: tuple[FactSpec, ...] = ()
    aggregates: tuple[AggregateSpec, ...] = ()
    #: Conclusions in evaluation (dependency) order; their formulas are in ``formulas``.
    conclusions: tuple[IndicatorSpec, ...] = ()
    conclusion_order: tuple[str, ...] = ()
    trends: tuple[TrendSpec, ...] = ()
    scoring: ScoringSpec | None = None
    #: Conditions (``where``) of aggregates by aggregate id.
    conditions: Mapping[str, _grammar.Formula] = attrs.field(factory=dict)
    #: ``school`` or ``group`` by addressee id (docs/ruleset-format.md#addressees).
    addressee_levels: Mapping[str, str] = attrs.field(factory=dict)

    def addressee_level(self, to: str) -> str:
        """``school`` when texts to ``to`` go into a school's letter, else ``group``."""
        return self.addressee_levels.get(to, DEFAULT_ADDRESSEE_LEVELS.get(to, "school"))

    @property
    def comparisons(self) -> frozenset[str]:
        """School indicators that read an aggregate, directly or through other indicators."""
        return comparison_indicators(self.indicators, {a.id for a in self.aggregates})

    @property
    def second_pass(self) -> frozenset[str]:
        """School indicators judged once the aggregates exist: comparisons, relative bands."""
        aggregates = {a.id for a in self.aggregates}
        relative = {
            i.id
            for i in self.indicators
            for band in i.bands
            for bound in (band.lower, band.upper)
            if bound is not None and bound.base in aggregates
        }
        return self.comparisons | relative

    @property
    def is_multilevel(self) -> bool:
        """Whether evaluation needs all schools at once (aggregates, history, conclusions)."""
        return bool(
            self.aggregates
            or self.conclusions
            or self.trends
            or self.scoring
            or any(self.formulas[i.id].previous for i in self.indicators if i.id in self.formulas)
        )


def comparison_indicators(
    indicators: tuple[IndicatorSpec, ...], aggregates: set[str]
) -> frozenset[str]:
    """Indicators (in dependency order) whose value depends on an aggregate."""
    found: set[str] = set()
    for indicator in indicators:
        if any(f in aggregates for f in indicator.facts) or any(
            d in found for d in indicator.indicators
        ):
            found.add(indicator.id)
    return frozenset(found)
