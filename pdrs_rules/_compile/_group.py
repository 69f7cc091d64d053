"""COMPILE, the level above the schools: group, conclusions, trends and scoring (and aggregates).

The semantics are those of docs/municipal.md; this module only checks what was written and builds
the model, reporting problems through the compiler's collector with their file positions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from pdrs_rules._formula import _grammar
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import (
    AggregateSpec,
    Band,
    Better,
    FactSpec,
    GroupSpec,
    IndicatorSpec,
    Level,
    ParameterSpec,
    ScoringSpec,
    TrendSpec,
    Unit,
    ValueType,
)

from ._aggregates import AggregateCompiler, aggregate_placeholders
from ._bands import check_bands
from ._collect import Collector
from ._texts import Texts
from ._trends import TrendCompiler

__all__ = ["GroupLevel", "overall_score"]


def overall_score(bands: tuple[Band, ...]) -> IndicatorSpec:
    """The overall score as its ``scoring`` levels see it: a percentage of the maximum points."""
    return IndicatorSpec(
        id="scoring",
        title="scoring",
        formula="",
        unit=Unit.PERCENT,
        precision=1,
        better=Better.HIGHER,
        bands=bands,
        domain_min=0.0,
        domain_max=100.0,
    )


class SchoolLevel(Protocol):
    """What the group level uses of the school-level compiler: the same checks, one collector."""

    doc: Document
    data: dict[str, Any]
    levels: tuple[Level, ...]
    texts: Texts
    out: Collector

    def compile_indicators(
        self,
        facts: Mapping[str, FactSpec],
        params: Mapping[str, ParameterSpec],
        *,
        section: str = ...,
        extras: Mapping[str, _grammar.Kind] | None = ...,
        history: frozenset[str] = ...,
        extra_names: Mapping[str, bool] | None = ...,
    ) -> tuple[dict[str, IndicatorSpec], dict[str, _grammar.Formula]]:
        """Compile indicators (here: the group's conclusions) with every check schools get."""

    def dependency_order(
        self,
        indicators: Mapping[str, IndicatorSpec],
        formulas: Mapping[str, _grammar.Formula],
        section: str = ...,
    ) -> list[IndicatorSpec]:
        """The indicators in an order where each comes after those it reads; cycles reported."""

    def check_formula(
        self, source: str, path: PathT, scope: _grammar.Scope
    ) -> _grammar.Formula | None:
        """The checked formula, or None with its problem reported at its place in the file."""

    def compile_bands(
        self,
        raw: list[dict[str, Any]],
        path: PathT,
        names: Mapping[str, bool],
        aggregates: Collection[str] = ...,
    ) -> tuple[Band, ...]:
        """The bands of one indicator, with problems reported."""


@attrs.frozen
class GroupResult:
    """The compiled group level, ready for CompiledRuleset."""

    group: GroupSpec
    aggregates: tuple[AggregateSpec, ...]
    conclusions: tuple[IndicatorSpec, ...]
    conclusion_order: tuple[str, ...]
    trends: tuple[TrendSpec, ...]
    scoring: ScoringSpec | None
    conditions: Mapping[str, _grammar.Formula]


class GroupLevel:
    """Compiles the sections of docs/municipal.md with the school level already compiled."""

    def __init__(
        self,
        compiler: SchoolLevel,
        facts: Mapping[str, FactSpec],
        group_facts: Mapping[str, FactSpec],
        params: Mapping[str, ParameterSpec],
        indicators: Sequence[IndicatorSpec],
        formulas: dict[str, _grammar.Formula],
    ) -> None:
        self.c = compiler
        self.data: dict[str, Any] = compiler.data
        self.facts = facts
        self.group_facts = group_facts
        self.params = params
        self.indicators = {i.id: i for i in indicators}
        self.formulas = formulas
        self.level_ids = [level.id for level in compiler.levels]
        self.aggregate_ids = list(self.data.get("aggregates", {}))
        self.conclusion_ids = list(self.data.get("conclusions", {}))
        self.trends_raw: dict[str, Any] = self.data.get("trends", {})
        aggregates = set(self.aggregate_ids)
        #: Indicators whose bands move with an aggregate: judged in the second pass.
        self.relative = {
            i.id
            for i in indicators
            for band in i.bands
            for bound in (band.lower, band.upper)
            if bound is not None and bound.base in aggregates
        }
        self.comparisons: set[str] = set()
        for indicator in indicators:  # dependency order: a dependency is seen first
            if any(f in aggregates for f in indicator.facts) or any(
                d in self.comparisons for d in indicator.indicators
            ):
                self.comparisons.add(indicator.id)

    def build(self) -> GroupResult:
        group = self._group()
        compiler = AggregateCompiler(
            self.c.doc,
            self.c.out,
            self.c.check_formula,
            facts=self.facts,
            params=self.params,
            indicators=self.indicators,
            formulas=self.formulas,
            comparisons=self.comparisons,
            trends_raw=self.trends_raw,
            level_ids=self.level_ids,
            aggregate_ids=self.aggregate_ids,
            relative=self.relative,
            scored="scoring" in self.data,
        )
        aggregates = compiler.finish(
            [
                a
                for ident, item in self.data.get("aggregates", {}).items()
                if (a := compiler.aggregate(ident, item)) is not None
            ]
        )
        self.conditions = compiler.conditions
        self._first_stage_only({a.id: compiler.second[a.id] for a in aggregates if a.stage == 2})
        self.aggregate_specs = {a.id: a for a in aggregates}
        conclusions, formulas = self.c.compile_indicators(
            self.group_facts,
            self.params,
            section="conclusions",
            extras=dict.fromkeys(self.aggregate_ids, _grammar.Kind.NUMBER),
            history=frozenset([*self.aggregate_ids, *self.conclusion_ids, *self.group_facts]),
            extra_names={**aggregate_placeholders(self.aggregate_ids), "group": False},
        )
        self.formulas.update(formulas)
        ordered = self.c.dependency_order(conclusions, formulas, "conclusions")
        self.conclusions = conclusions
        trend_compiler = TrendCompiler(
            self.c.doc,
            self.c.out,
            self.c.texts,
            level_ids=self.level_ids,
            params=self.params,
            school_names=self._names(self.facts, self.indicators.values(), group=False),
            group_names=self._names(self.group_facts, conclusions.values(), group=True),
            indicators=self.indicators,
            group_values=[*self.aggregate_ids, *self.conclusion_ids],
        )
        trends = tuple(
            t
            for ident, item in self.trends_raw.items()
            if (t := trend_compiler.trend(ident, item)) is not None
        )
        return GroupResult(
            group=group,
            aggregates=aggregates,
            conclusions=tuple(ordered),
            conclusion_order=tuple(conclusions),
            trends=trends,
            scoring=self._scoring(),
            conditions=self.conditions,
        )

    def _first_stage_only(self, second: Mapping[str, str]) -> None:
        """School indicators (formulas, bounds, texts) read only first-stage aggregates."""
        for indicator in self.indicators.values():
            read = [f for f in indicator.facts if f in second]
            read += [
                bound.base
                for band in indicator.bands
                for bound in (band.lower, band.upper)
                if bound is not None and bound.base is not None and bound.base in second
            ]
            texts = [r.text for band in indicator.bands for r in band.recommendations]
            read += [
                p.name.split(".", 1)[0]
                for text in texts
                for p in self.c.texts.templates[text].placeholders
                if p.name.split(".", 1)[0] in second
            ]
            if read:
                self._error(
                    "aggregate-cycle",
                    f"indicator {indicator.id!r} reads {read[0]!r}, which is computed after the "
                    f"school indicators ({second[read[0]]}); school indicators read only "
                    "first-stage aggregates",
                    ("indicators", indicator.id),
                )

    # -- group -----------------------------------------------------------------------------------

    def _group(self) -> GroupSpec:
        raw: dict[str, Any] = self.data.get("group", {})
        return GroupSpec(
            title=raw.get("title", "МО"),
            id=raw.get("id", "all"),
            name=raw.get("name", self.data.get("title", "")),
            id_column=raw.get("id_column"),
            name_column=raw.get("name_column"),
        )

    def _names(
        self,
        facts: Mapping[str, FactSpec],
        indicators: Iterable[IndicatorSpec],
        *,
        group: bool,
    ) -> dict[str, bool]:
        """Placeholders of a trend's texts at its level, mapped to whether they are numbers."""
        numeric = {ValueType.INTEGER, ValueType.NUMBER}
        names = {
            "school": False,
            "school_id": False,
            "period": False,
            "indicator": False,
            "value": True,
            "threshold": True,
            **aggregate_placeholders(self.aggregate_ids),
        }
        if group:
            names["group"] = False
        names.update({n: f.type in numeric for n, f in facts.items()})
        names.update({n: p.type in numeric for n, p in self.params.items()})
        names.update({i.id: i.unit is not Unit.BOOLEAN for i in indicators})
        return names

    # -- scoring ---------------------------------------------------------------------------------

    def _scoring(self) -> ScoringSpec | None:
        raw = self.data.get("scoring")
        if raw is None:
            return None
        path: PathT = ("scoring",)
        bands = self.c.compile_bands(raw.get("levels", []), path, {})
        late = [
            (band.index, bound)
            for band in bands
            for bound in (band.lower, band.upper)
            if bound is not None and (bound.base or bound.parameter) in self.aggregate_ids
        ]
        for index, bound in late:
            self._error(
                "unknown-name",
                f"{bound.key}: {bound.base or bound.parameter!r} is an aggregate; scoring levels "
                "compare a percentage of points with numbers or parameters",
                (*path, "levels", index, bound.key),
            )
        if bands and not late:
            overall = overall_score(bands)
            for problem in check_bands(
                overall, {n: p.default for n, p in self.params.items()}, self.params, self.c.levels
            ):
                where: PathT = (*path, "levels")
                if problem.band is not None:
                    where = (*where, problem.band)
                self._error(problem.code, problem.message, where)
        return ScoringSpec(no_data=raw.get("no_data", "exclude"), levels=bands)

    def _error(self, code: str, message: str, path: PathT) -> None:
        self.c.out.error(code, message, path)
