"""COMPILE: turn a validated document into the ruleset model, collecting every problem."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs

from pdrs_rules._formula import _grammar
from pdrs_rules._load._validate import iter_schema_errors
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import (
    Band,
    Better,
    Bound,
    EntitySpec,
    FactSpec,
    IndicatorSpec,
    Level,
    Metadata,
    ParameterSpec,
    Unit,
    ValueType,
)
from pdrs_rules.errors import Diagnostic, Severity

from ._aggregates import aggregate_placeholders
from ._bands import BandProblem, check_bands, parse_bound, written
from ._collect import Collector, suggest, unfolded
from ._compiled import (
    DEFAULT_ADDRESSEE_LEVELS,
    DEFAULT_ADDRESSEES,
    DEFAULT_LEVELS,
    PRECISION,
    CompiledRuleset,
)
from ._group import GroupLevel
from ._lint import lint
from ._markers import check_id_pattern, reading_markers
from ._params import compile_parameters
from ._texts import Texts, no_data_names, placeholder_names

#: The domain of an indicator that declares none: a share is 0–100%, a count is not negative.
_DEFAULT_DOMAIN: Mapping[Unit, tuple[float | None, float | None]] = {
    Unit.PERCENT: (0.0, 100.0),
    Unit.COUNT: (0.0, None),
}
_KINDS = _grammar.KINDS


def compile_document(doc: Document) -> tuple[CompiledRuleset | None, list[Diagnostic]]:
    """Check a parsed document and build the model; the model is None when there are errors."""
    out = Collector(doc)
    out.items.extend(e.diagnostic for e in doc.problems)
    schema_errors = list(iter_schema_errors(doc))
    out.items.extend(e.diagnostic for e in schema_errors)
    # Problems inside one indicator leave the rest compilable, so they are checked too and every
    # problem is reported at once; anything else broken would only produce follow-up noise.
    broken: set[str] = set()
    for error in [*doc.problems, *schema_errors]:
        path = error.diagnostic.location.path
        if error.code == "duplicate-key" and path.count(".") + path.count("[") > 1:
            continue  # the first definition is kept, so the document is still whole
        owner = _indicator_of(path)
        if owner is None:
            return None, out.items
        broken.add(owner)
    data: dict[str, Any] = doc.data
    builder = _Compiler(doc, data, out, broken)
    compiled = builder.build()
    if any(d.severity is Severity.ERROR for d in out.items):
        return None, out.items
    lint(compiled, out)
    return compiled, out.items


def _addressees(raw: Mapping[str, Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    """Titles and levels by addressee id; a bare title takes its level from the id."""
    if raw is None:
        return dict(DEFAULT_ADDRESSEES), dict(DEFAULT_ADDRESSEE_LEVELS)
    titles: dict[str, str] = {}
    levels: dict[str, str] = {}
    for ident, item in raw.items():
        if isinstance(item, dict):
            titles[ident], levels[ident] = item["title"], item["level"]
        else:
            titles[ident] = item
            levels[ident] = DEFAULT_ADDRESSEE_LEVELS.get(ident, "school")
    return titles, levels


def _indicator_of(path: str) -> str | None:
    """The indicator a JSON path points into, if it points into exactly one."""
    prefix = "$.indicators."
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix) :]
    name = rest.split(".", 1)[0].split("[", 1)[0]
    return name or None


class _Compiler:
    def __init__(
        self, doc: Document, data: dict[str, Any], out: Collector, broken: set[str]
    ) -> None:
        self.doc = doc
        self.data = data
        self.out = out
        self.broken = broken

    def build(self) -> CompiledRuleset:
        data = self.data
        metadata = Metadata(
            id=data["id"],
            title=data["title"],
            version=data["version"],
            period=data.get("period", ""),
            issuer=data.get("issuer", ""),
            source=data.get("source", ""),
            locale=data.get("locale", "ru"),
            description=data.get("description", ""),
        )
        entity_raw = data.get("entity", {})
        entity = EntitySpec(**{k: entity_raw[k] for k in entity_raw})
        check_id_pattern(entity.id_pattern, self.out)
        self.levels = self._levels()
        self.addressees, addressee_levels = _addressees(data.get("addressees"))
        self.texts = Texts(self.out, self.addressees)
        self.texts.aggregates = frozenset(data.get("aggregates", {}))
        all_facts = self._facts()
        facts = {n: f for n, f in all_facts.items() if f.level == "school"}
        group_facts = {n: f for n, f in all_facts.items() if f.level == "group"}
        params = compile_parameters(self.data, self.doc, self.out)
        self.params = params
        self._check_name_clashes()
        aggregate_names = list(data.get("aggregates", {}))
        indicators, formulas = self.compile_indicators(
            facts,
            params,
            extras=dict.fromkeys(aggregate_names, _grammar.Kind.NUMBER),
            history=frozenset([*facts, *data["indicators"]]),
            extra_names=aggregate_placeholders(aggregate_names),
        )
        ordered = self.dependency_order(indicators, formulas)
        defaults = data.get("defaults", {})
        default_no_data = self.texts.recommendation(
            defaults.get("no_data"), ("defaults", "no_data"), no_data_names(facts, params)
        )
        level = GroupLevel(self, facts, group_facts, params, ordered, formulas)
        group = level.build()
        if group.group.id_column is not None or group.group.name_column is not None:
            entity = attrs.evolve(
                entity,
                group_column=group.group.id_column,
                group_name_column=group.group.name_column,
            )
        return CompiledRuleset(
            file=self.doc.file,
            metadata=metadata,
            entity=entity,
            levels=self.levels,
            addressees=dict(self.addressees),
            facts=tuple(facts.values()),
            parameters=tuple(params.values()),
            indicators=tuple(ordered),
            declared_order=tuple(indicators),
            formulas=formulas,
            templates=self.texts.templates,
            out_of_bounds=data.get("on_out_of_bounds", "error"),
            markers=reading_markers(data.get("markers", {}), self.out),
            default_no_data=default_no_data,
            group=group.group,
            group_facts=tuple(group_facts.values()),
            aggregates=group.aggregates,
            conclusions=group.conclusions,
            conclusion_order=group.conclusion_order,
            trends=group.trends,
            scoring=group.scoring,
            conditions=group.conditions,
            addressee_levels=addressee_levels,
        )

    def _levels(self) -> tuple[Level, ...]:
        raw = self.data.get("levels")
        if raw is None:
            return DEFAULT_LEVELS
        levels: list[Level] = []
        for i, item in enumerate(raw):
            if any(level.id == item["id"] for level in levels):
                self.out.error(
                    "duplicate-name",
                    f"the level {item['id']!r} is declared twice",
                    ("levels", i, "id"),
                )
                continue
            levels.append(Level(item["id"], item.get("title", item["id"]), len(levels)))
        return tuple(levels)

    def _facts(self) -> dict[str, FactSpec]:
        raw: dict[str, Any] = self.data.get("facts", {})
        facts: dict[str, FactSpec] = {}
        for name, item in raw.items():
            facts[name] = FactSpec(
                level=item.get("level", "school"),
                name=name,
                title=item["title"],
                type=ValueType(item["type"]),
                column=item.get("column", name),
                required=item.get("required", True),
                unit=item.get("unit", ""),
                minimum=item.get("min"),
                maximum=item.get("max"),
                location=self.doc.location(("facts", name), key=True),
                aliases=tuple(item.get("aliases", ())),
            )
        numeric = [n for n, f in facts.items() if f.type in {ValueType.INTEGER, ValueType.NUMBER}]
        aggregates = self.data.get("aggregates", {})
        for name, spec in facts.items():
            for key, bound in (("min", spec.minimum), ("max", spec.maximum)):
                if isinstance(bound, str) and bound in aggregates:
                    self.out.error(
                        "unknown-name",
                        f"the bound {key} of fact {name!r} names {bound!r}, an aggregate; a "
                        "fact's bound is a number or another fact of the same school",
                        ("facts", name, key),
                    )
                elif isinstance(bound, str) and bound not in numeric:
                    self.out.error(
                        "unknown-name",
                        f"the bound {key} of fact {name!r} names "
                        f"{bound!r}, which is not a numeric fact{suggest(bound, numeric)}",
                        ("facts", name, key),
                    )
            if spec.type not in {ValueType.INTEGER, ValueType.NUMBER} and (
                spec.minimum is not None or spec.maximum is not None
            ):
                self.out.error(
                    "type-mismatch",
                    f"fact {name!r} is of type {spec.type.value}; "
                    "only integer and number facts take min/max",
                    ("facts", name),
                )
        return facts

    def _check_name_clashes(self) -> None:
        seen: dict[str, str] = {}
        for section in ("facts", "parameters", "indicators", "aggregates", "conclusions", "trends"):
            for name in self.data.get(section, {}):
                if name in _grammar.FUNCTIONS:
                    self.out.error(
                        "duplicate-name",
                        f"{name!r} is the name of a function; choose another name",
                        (section, name),
                        key=True,
                    )
                elif name in seen:
                    self.out.error(
                        "duplicate-name",
                        f"{name!r} is declared in {seen[name]} "
                        f"and in {section}; names must be unique across facts, "
                        "parameters, indicators, aggregates, conclusions and trends",
                        (section, name),
                        key=True,
                    )
                else:
                    seen[name] = section

    def compile_indicators(
        self,
        facts: Mapping[str, FactSpec],
        params: Mapping[str, ParameterSpec],
        *,
        section: str = "indicators",
        extras: Mapping[str, _grammar.Kind] | None = None,
        history: frozenset[str] = frozenset(),
        extra_names: Mapping[str, bool] | None = None,
    ) -> tuple[dict[str, IndicatorSpec], dict[str, _grammar.Formula]]:
        """Compile the schools' ``indicators`` or the group's ``conclusions``.

        ``extras`` are further inputs (aggregates) that formulas read like facts.
        """
        raw: dict[str, Any] = self.data.get(section, {})
        scope = _grammar.Scope(
            facts={**{n: _KINDS[f.type] for n, f in facts.items()}, **(extras or {})},
            parameters={n: _KINDS[p.type] for n, p in params.items()},
            history=history,
            indicators={
                n: (
                    _grammar.Kind.BOOLEAN
                    if isinstance(item, dict) and item.get("unit") == "boolean"
                    else _grammar.Kind.NUMBER
                )
                for n, item in raw.items()
            },
        )
        indicators: dict[str, IndicatorSpec] = {}
        formulas: dict[str, _grammar.Formula] = {}
        for ident, item in raw.items():
            path: PathT = (section, ident)
            if ident in self.broken:
                continue
            unit = Unit(item["unit"])
            formula = self.check_formula(item["formula"], (*path, "formula"), scope)
            if formula is not None:
                expected = _grammar.Kind.BOOLEAN if unit is Unit.BOOLEAN else _grammar.Kind.NUMBER
                if formula.kind is not expected:
                    self.out.error(
                        "type-mismatch",
                        f"the formula of {ident!r} gives a "
                        f"{formula.kind.value} value but the unit {unit.value!r} needs "
                        f"a {expected.value}",
                        (*path, "formula"),
                    )
                formulas[ident] = formula
            domain = item.get("domain", {})
            default_min, default_max = _DEFAULT_DOMAIN.get(unit, (None, None))
            better = Better(item.get("better", "none"))
            targets = self.texts.targets(item.get("targets", {}), (*path, "targets"), params)
            names = {
                **placeholder_names(
                    facts,
                    params,
                    raw,
                    formula,
                    directed=better is not Better.NONE,
                    # Every declared name: a bad target is reported once, not again per text.
                    targets=list(item.get("targets", {})),
                ),
                **(extra_names or {}),
            }
            # No bands: information, reported with no level whatever levels are declared.
            bands = self.compile_bands(item.get("bands", []), path, names, list(extras or {}))
            indicator = IndicatorSpec(
                id=ident,
                title=item["title"],
                formula=item["formula"],
                unit=unit,
                precision=item.get("precision", PRECISION.get(unit, 2)),
                better=better,
                bands=bands,
                domain_min=domain.get("min", default_min),
                domain_max=domain.get("max", default_max),
                facts=formula.facts if formula else (),
                parameters=formula.parameters if formula else (),
                indicators=formula.indicators if formula else (),
                no_data=self.texts.recommendation(
                    item.get("no_data"), (*path, "no_data"), no_data_names(facts, params)
                ),
                not_applicable=self.texts.recommendation(
                    item.get("not_applicable"), (*path, "not_applicable"), names
                ),
                location=self.doc.location(path, key=True),
                short=item.get("short", ""),
                targets=targets,
            )
            for problem in check_bands(
                indicator, {n: p.default for n, p in params.items()}, params, self.levels
            ):
                self._band_problem(problem, path)
            indicators[ident] = indicator
        return indicators, formulas

    def _band_problem(self, problem: BandProblem, path: PathT) -> None:
        where: PathT = (*path, "bands")
        if problem.band is not None:
            where = (*where, problem.band)
            if problem.key:
                where = (*where, problem.key)
        # A bound's key (below, above ...) is what the author must change; a level's value is.
        self.out.error(problem.code, problem.message, where, key=problem.key not in {None, "level"})

    def check_formula(
        self, source: str, path: PathT, scope: _grammar.Scope
    ) -> _grammar.Formula | None:
        try:
            return _grammar.check(source, scope)
        except _grammar.FormulaProblem as problem:
            # Offsets are in the folded formula, the column in the raw one. Map the span's last
            # character: its end would take in the space after it ("teachrs + 1").
            start = unfolded(source, problem.offset)
            end = unfolded(source, problem.offset + max(problem.width, 1) - 1) + 1
            self.out.error_in_text(problem.code, problem.message, path, source, start, end - start)
            return None

    def compile_bands(
        self,
        raw: list[dict[str, Any]],
        path: PathT,
        names: Mapping[str, bool],
        aggregates: Collection[str] = (),
    ) -> tuple[Band, ...]:
        """Bands, with bounds that are numbers, parameters, or relative to ``aggregates``."""
        bands: list[Band] = []
        level_ids = [level.id for level in self.levels]
        for i, item in enumerate(raw):
            band_path: PathT = (*path, "bands", i)
            if item["level"] not in level_ids:
                self.out.error(
                    "unknown-level",
                    f"unknown level {item['level']!r}; declared "
                    f"levels: {', '.join(level_ids)}{suggest(item['level'], level_ids)}",
                    (*band_path, "level"),
                )
            lower = upper = None
            for key, inclusive in (("at_least", True), ("above", False)):
                if key in item:
                    lower = parse_bound(item[key], inclusive, key, aggregates)
            for key, inclusive in (("at_most", True), ("below", False)):
                if key in item:
                    upper = parse_bound(item[key], inclusive, key, aggregates)
            for bound in (lower, upper):
                self._check_base(bound, aggregates, (*band_path, bound.key) if bound else band_path)
            previous = bands[-1].upper if bands else None
            if lower is None and previous is not None and item.get("is") is None:
                # "below: 80" then "below: 100": a band starts where the one before it ends.
                lower = attrs.evolve(
                    previous,
                    inclusive=not previous.inclusive,
                    key="above" if previous.inclusive else "at_least",
                )
            recs = [
                self.texts.recommendation(rec, (*band_path, "recommendations", j), names)
                for j, rec in enumerate(item.get("recommendations", []))
            ]
            bands.append(
                Band(
                    index=i,
                    level=item["level"],
                    lower=lower,
                    upper=upper,
                    equals=item.get("is"),
                    title=item.get("title", ""),
                    points=item.get("points"),
                    recommendations=tuple(r for r in recs if r is not None),
                )
            )
        return tuple(bands)

    def _check_base(self, bound: Bound | None, aggregates: Collection[str], path: PathT) -> None:
        """The value a relative bound moves with is an aggregate or a numeric parameter."""
        if bound is None or bound.base is None or bound.base in aggregates:
            return
        spec = self.params.get(bound.base)
        if spec is None or spec.type not in {ValueType.INTEGER, ValueType.NUMBER}:
            known = [*aggregates, *self.params]
            where = (
                "a declared aggregate or numeric parameter" if aggregates else "a numeric parameter"
            )
            self.out.error(
                "unknown-name",
                f"{bound.key}: {bound.base!r} in {written(bound)!r} is not {where}"
                f"{suggest(bound.base, known)}",
                path,
            )

    def dependency_order(
        self,
        indicators: Mapping[str, IndicatorSpec],
        formulas: Mapping[str, _grammar.Formula],
        section: str = "indicators",
    ) -> list[IndicatorSpec]:
        order: list[IndicatorSpec] = []
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()

        def visit(ident: str, stack: list[str]) -> None:
            if state.get(ident) == 2 or ident not in indicators:
                return
            if state.get(ident) == 1:
                cycle = [*stack[stack.index(ident) :], ident]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    self.out.error(
                        "cycle",
                        f"indicators depend on each other in a circle: {' → '.join(cycle)}",
                        (section, cycle[0], "formula"),
                    )
                return
            state[ident] = 1
            formula = formulas.get(ident)
            for dep in formula.indicators if formula else ():
                visit(dep, [*stack, ident])
            state[ident] = 2
            order.append(indicators[ident])

        for ident in indicators:
            visit(ident, [])
        return order


__all__ = ["compile_document"]
