"""COMPILE, the level above the schools: group, aggregates, conclusions, trends and scoring.

The semantics are those of docs/municipal.md; this module only checks what was written and builds
the model, reporting problems through the compiler's collector with their file positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from pdrs_rules._formula import _grammar
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import (
    AggregateMethod,
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

from ._bands import check_bands
from ._collect import Collector, suggest
from ._compiled import PRECISION
from ._texts import Texts
from ._trends import TrendCompiler

__all__ = [
    "AGGREGATE_PARTS",
    "GroupLevel",
    "aggregate_placeholders",
    "overall_score",
]

#: What a text can show of an aggregate ``x`` besides its value: ``{x.count}``, ``{x.schools}`` ...
#: mapped to whether the part is a number (``plural`` needs one).
AGGREGATE_PARTS: Mapping[str, bool] = {
    "count": True,
    "total": True,
    "schools": False,
    "names": False,
    "excluded": False,
}
_VALUE_METHODS = {
    AggregateMethod.POOLED,
    AggregateMethod.MEAN,
    AggregateMethod.MEDIAN,
    AggregateMethod.SUM,
    AggregateMethod.MIN,
    AggregateMethod.MAX,
    AggregateMethod.TOP,
    AggregateMethod.BOTTOM,
}


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


def aggregate_placeholders(names: Sequence[str]) -> dict[str, bool]:
    """Placeholders texts may use for these aggregates: ``{x}`` and ``{x.count}`` etc."""
    out: dict[str, bool] = {}
    for name in names:
        out[name] = True
        out.update({f"{name}.{part}": numeric for part, numeric in AGGREGATE_PARTS.items()})
    return out


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
        self, raw: list[dict[str, Any]], path: PathT, names: Mapping[str, bool]
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
        self.comparisons: set[str] = set()
        for indicator in indicators:  # dependency order: a dependency is seen first
            if any(f in aggregates for f in indicator.facts) or any(
                d in self.comparisons for d in indicator.indicators
            ):
                self.comparisons.add(indicator.id)

    def build(self) -> GroupResult:
        group = self._group()
        self.conditions: dict[str, _grammar.Formula] = {}
        aggregates = tuple(
            a
            for ident, item in self.data.get("aggregates", {}).items()
            if (a := self._aggregate(ident, item)) is not None
        )
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

    # -- aggregates ------------------------------------------------------------------------------

    def _school_trend(self, name: str) -> bool:
        item = self.trends_raw.get(name)
        return isinstance(item, dict) and item.get("of") in self.indicators

    def _aggregate(self, ident: str, item: Mapping[str, Any]) -> AggregateSpec | None:
        path: PathT = ("aggregates", ident)
        of = item.get("of")
        resolved = self._of(of, path)
        if resolved is None:
            return None
        of_kind, unit, precision, better, ok = resolved
        levels = _names(item.get("level"))
        rules = _names(item.get("rule"))
        where = item.get("where")
        has_condition = bool(levels or rules or where)
        method = self._method(item, of, of_kind, has_condition)
        if levels and (of is None or of_kind != "indicator"):
            self._error("bad-condition", "`level` needs `of` to be an indicator", (*path, "level"))
            ok = False
        for i, level in enumerate(levels):
            if level not in self.level_ids:
                where_path: PathT = (
                    (*path, "level", i)
                    if isinstance(item["level"], list)
                    else (
                        *path,
                        "level",
                    )
                )
                self._error(
                    "unknown-level",
                    f"unknown level {level!r}; declared levels: "
                    f"{', '.join(self.level_ids)}{suggest(level, self.level_ids)}",
                    where_path,
                )
                ok = False
        if rules:
            ok = self._check_rules(of, of_kind, rules, path) and ok
        if where is not None:
            ok = self._condition(ident, where, (*path, "where")) and ok
        if method in {AggregateMethod.COUNT, AggregateMethod.SHARE} and not has_condition:
            self._error(
                "bad-condition",
                f"method {method.value!r} counts schools meeting a condition: "
                "give `where`, `level` or `rule`",
                path,
            )
            ok = False
        if method in _VALUE_METHODS and (of is None or of_kind == "trend"):
            self._error(
                "bad-method",
                f"method {method.value!r} needs `of`: a school indicator or fact",
                (*path, "method") if "method" in item else path,
            )
            ok = False
        if method is AggregateMethod.POOLED and of_kind == "indicator" and of is not None:
            formula = self.formulas.get(of)
            if formula is not None and formula.share_parts is None and formula.ratio_parts is None:
                self._error(
                    "bad-method",
                    f"pooled (ΣN/ΣD) needs an indicator whose formula is share(n, d) or "
                    f"ratio(n, d); {of!r} is {formula.source!r}: use mean, sum ...",
                    (*path, "method") if "method" in item else (*path, "of"),
                )
                ok = False
        limit = item.get("limit")
        if method in {AggregateMethod.TOP, AggregateMethod.BOTTOM} and limit is None:
            self._error("bad-method", f"method {method.value!r} needs `limit`", path)
            ok = False
        ok = self._not_a_comparison(ident, of, of_kind, path) and ok
        if method is AggregateMethod.COUNT:
            unit, precision = Unit.COUNT, 0
        elif method is AggregateMethod.SHARE:
            # `better` stays that of `of`: it orders the listed schools, worst first.
            unit, precision = Unit.PERCENT, 1
        if not ok:
            return None
        return AggregateSpec(
            id=ident,
            title=item["title"],
            method=method,
            of=of,
            of_kind=of_kind,
            where=where,
            levels=levels,
            rules=rules,
            limit=limit,
            unit=unit,
            precision=item.get("precision", precision),
            better=better,
            location=self.c.doc.location(path, key=True),
        )

    def _of(self, of: str | None, path: PathT) -> tuple[str, Unit, int, Better, bool] | None:
        """What ``of`` names (indicator, fact, trend), its unit, precision and direction."""
        if of is None:
            return "indicator", Unit.NUMBER, 2, Better.NONE, True
        if of in self.indicators:
            indicator = self.indicators[of]
            return "indicator", indicator.unit, indicator.precision, indicator.better, True
        if of in self.facts:
            unit = Unit.COUNT if self.facts[of].type is ValueType.INTEGER else Unit.NUMBER
            numeric = self.facts[of].type in {ValueType.INTEGER, ValueType.NUMBER}
            if not numeric:
                self._error("type-mismatch", f"fact {of!r} is not a number", (*path, "of"))
            return "fact", unit, PRECISION.get(unit, 2), Better.NONE, numeric
        if self._school_trend(of):
            indicator = self.indicators[self.trends_raw[of]["of"]]
            return "trend", indicator.unit, indicator.precision, indicator.better, True
        options = [*self.indicators, *self.facts, *self.trends_raw]
        self._error(
            "unknown-name",
            f"{of!r} is not a school indicator, fact or trend{suggest(of, options)}",
            (*path, "of"),
        )
        return None

    def _method(
        self, item: Mapping[str, Any], of: str | None, of_kind: str, has_condition: bool
    ) -> AggregateMethod:
        if "method" in item:
            return AggregateMethod(item["method"])
        if has_condition:
            return AggregateMethod.COUNT
        if of is not None and of_kind == "indicator":
            formula = self.formulas.get(of)
            if formula is not None and (formula.share_parts or formula.ratio_parts):
                return AggregateMethod.POOLED
        return AggregateMethod.SUM

    def _check_rules(
        self, of: str | None, of_kind: str, rules: tuple[str, ...], path: PathT
    ) -> bool:
        if of is None or of_kind != "trend":
            self._error("bad-condition", "`rule` needs `of` to be a school trend", (*path, "rule"))
            return False
        known = [r.get("id") for r in self.trends_raw[of].get("rules", []) if isinstance(r, dict)]
        ok = True
        for rule in rules:
            if rule not in known:
                self._error(
                    "unknown-name",
                    f"trend {of!r} has no rule {rule!r}; its rules: "
                    f"{', '.join(map(str, known))}{suggest(rule, [str(k) for k in known])}",
                    (*path, "rule"),
                )
                ok = False
        return ok

    def _condition(self, ident: str, source: str, path: PathT) -> bool:
        scope = _grammar.Scope(
            facts={n: _grammar.KINDS[f.type] for n, f in self.facts.items()},
            parameters={n: _grammar.KINDS[p.type] for n, p in self.params.items()},
            indicators={
                n: _grammar.Kind.BOOLEAN if i.unit is Unit.BOOLEAN else _grammar.Kind.NUMBER
                for n, i in self.indicators.items()
            },
        )
        formula = self.c.check_formula(source, path, scope)
        if formula is None:
            return False
        if formula.kind is not _grammar.Kind.BOOLEAN:
            self._error(
                "type-mismatch",
                f"a condition must be true or false, but {source!r} gives a {formula.kind.value}",
                path,
            )
            return False
        for name in formula.indicators:
            if name in self.comparisons:
                self._cycle(ident, name, path)
                return False
        self.conditions[ident] = formula
        return True

    def _not_a_comparison(self, ident: str, of: str | None, of_kind: str, path: PathT) -> bool:
        target = of
        if of_kind == "trend" and of is not None:
            target = self.trends_raw[of]["of"]
        if target is not None and target in self.comparisons:
            self._cycle(ident, target, (*path, "of"))
            return False
        return True

    def _cycle(self, ident: str, indicator: str, path: PathT) -> None:
        self._error(
            "aggregate-cycle",
            f"aggregate {ident!r} reads {indicator!r}, which itself reads an aggregate; "
            "aggregates are computed before such comparisons, so they cannot use them",
            path,
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
        if bands:
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


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
