"""COMPILE aggregates: what each one is over, its method and condition, how it lists schools.

The semantics are those of docs/municipal.md («Aggregates»); problems are reported through the
compiler's collector at their place in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from pdrs_rules._formula import _grammar
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import (
    AggregateMethod,
    AggregateSpec,
    Better,
    FactSpec,
    IndicatorSpec,
    ParameterSpec,
    Unit,
    ValueType,
)

from ._collect import Collector, suggest
from ._compiled import PRECISION
from ._texts import GAP_TARGETS

_NUMERIC = {ValueType.INTEGER, ValueType.NUMBER}

__all__ = ["AGGREGATE_PARTS", "ORDERS", "SCORING", "AggregateCompiler", "aggregate_placeholders"]

#: What a text can show of an aggregate ``x`` besides its value: ``{x.count}``, ``{x.schools}`` ...
#: mapped to whether the part is a number (``plural`` needs one).
AGGREGATE_PARTS: Mapping[str, bool] = {
    "count": True,
    "total": True,
    "share": True,
    "schools": False,
    "names": False,
    "excluded": False,
    "excluded_schools": False,
    "facts": False,
}
#: What ``of: scoring`` names: each school's overall score (its % of the maximum, its level).
SCORING = "scoring"
#: How ``{x.schools}`` may order the schools; ``worst`` (by the value of ``of``) is the default.
ORDERS = ("worst", "facts", "name", "id")
_COUNTING = {AggregateMethod.COUNT, AggregateMethod.SHARE}
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


def aggregate_placeholders(names: Sequence[str]) -> dict[str, bool]:
    """Placeholders texts may use for these aggregates: ``{x}`` and ``{x.count}`` etc."""
    out: dict[str, bool] = {}
    for name in names:
        out[name] = True
        out.update({f"{name}.{part}": numeric for part, numeric in AGGREGATE_PARTS.items()})
    return out


class AggregateCompiler:
    """Checks the ``aggregates`` section against the compiled school level."""

    def __init__(
        self,
        doc: Document,
        out: Collector,
        check_formula: Callable[[str, PathT, _grammar.Scope], _grammar.Formula | None],
        *,
        facts: Mapping[str, FactSpec],
        params: Mapping[str, ParameterSpec],
        indicators: Mapping[str, IndicatorSpec],
        formulas: Mapping[str, _grammar.Formula],
        comparisons: set[str],
        trends_raw: Mapping[str, Any],
        level_ids: Sequence[str],
        aggregate_ids: Sequence[str] = (),
        relative: Collection[str] = (),
        scored: bool = False,
    ) -> None:
        self.doc = doc
        self.out = out
        self.check_formula = check_formula
        self.facts = facts
        self.params = params
        self.indicators = indicators
        self.formulas = formulas
        self.comparisons = comparisons
        self.trends_raw = trends_raw
        self.level_ids = level_ids
        self.aggregate_ids = aggregate_ids
        #: School indicators whose bands move with an aggregate: their levels are second-pass.
        self.relative = relative
        #: Whether the ruleset has `scoring`: aggregates may then be over it.
        self.scored = scored
        #: Conditions (``where``) by aggregate id, filled as aggregates are checked.
        self.conditions: dict[str, _grammar.Formula] = {}
        #: Second-stage aggregates: why each is (it reads a second-pass result or an aggregate).
        self.second: dict[str, str] = {}
        #: The aggregates each condition reads.
        self.reads: dict[str, tuple[str, ...]] = {}

    def _school_trend(self, name: str) -> bool:
        item = self.trends_raw.get(name)
        return isinstance(item, dict) and item.get("of") in self.indicators

    def aggregate(self, ident: str, item: Mapping[str, Any]) -> AggregateSpec | None:
        """The checked aggregate, or None with its problems reported."""
        path: PathT = ("aggregates", ident)
        of = item.get("of")
        resolved = self._of(of, path)
        if resolved is None:
            return None
        of_kind, unit, precision, better, ok = resolved
        levels = _names(item.get("level"))
        rules = _names(item.get("rule"))
        titles = _names(item.get("band"))
        missing = self._missing(item, (*path, "missing"))
        where = item.get("where")
        has_condition = bool(levels or rules or where or titles or "missing" in item)
        method = self._method(item, of, of_kind, has_condition)
        if levels:
            ok = self._check_levels(ident, of, of_kind, levels, item, path) and ok
        if titles:
            ok = self._check_titles(of, of_kind, titles, (*path, "band")) and ok
        if of_kind == "scoring":
            self.second.setdefault(ident, "it reads the scores")
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
        if "missing" in item and (of is not None or method not in _COUNTING):
            self._error(
                "bad-condition",
                "`missing` counts the schools that left facts empty: it takes no `of`, and "
                "its method is count or share",
                (*path, "missing"),
            )
            ok = False
        if method in _VALUE_METHODS and (of is None or of_kind == "trend") and not missing:
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
        self._stage_of(ident, of, of_kind)
        show = item.get("show")
        if show is not None:
            ok = self._show(ident, show, of if of_kind == "indicator" else None, path) and ok
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
            location=self.doc.location(path, key=True),
            show=show,
            order=item.get("order", "worst"),
            stage=2 if ident in self.second else 1,
            band_titles=titles,
            missing=missing,
            missing_columns=tuple(self.facts[f].column for f in missing if f in self.facts),
        )

    def _show(self, ident: str, show: str, of: str | None, path: PathT) -> bool:
        """``show``: an indicator, a fact, ``none``, or a gap or the shortfall of ``of``."""
        if show == "none" or show in self.facts:
            return True
        if show in self.indicators:
            self._stage_of(ident, show, "indicator")
            return True
        formula = self.formulas.get(of or "")
        share = formula is not None and formula.share_parts is not None
        indicator = self.indicators.get(of or "")
        directed = indicator is not None and indicator.better is not Better.NONE
        gaps = ["gap", "shortfall"] if share else []
        if share and directed and indicator is not None:
            numeric = [n for n, p in self.params.items() if p.type in _NUMERIC]
            targets = (*GAP_TARGETS, *numeric, *(name for name, _ in indicator.targets))
            gaps += [f"gap.{t}" for t in targets]
        if show in gaps:
            return True
        if show in {"gap", "shortfall"} or show.startswith("gap."):
            why = (
                "a share(n, d) indicator"
                if show in {"gap", "shortfall"}
                else "a share(n, d) indicator with better: higher or lower, with this target"
            )
            message = f"show: {show!r} is a gap of `of`, which must be {why}"
        else:
            options = [*self.indicators, *self.facts, "none", *gaps]
            message = (
                f"show: {show!r} is not an indicator, a fact, 'none' or a gap of `of`"
                f"{suggest(show, options)}"
            )
        self._error("unknown-name", message, (*path, "show"))
        return False

    def _missing(self, item: Mapping[str, Any], path: PathT) -> tuple[str, ...]:
        """``missing``: ``any`` (every school fact) or the facts named, each one declared."""
        raw = item.get("missing")
        if raw is None:
            return ()
        if raw == "any":
            return tuple(self.facts)
        names = _names(raw)
        for name in names:
            if name not in self.facts:
                self._error(
                    "unknown-name",
                    f"missing: {name!r} is not a school fact{suggest(name, list(self.facts))}",
                    path,
                )
        return tuple(name for name in names if name in self.facts)

    def _check_levels(
        self,
        ident: str,
        of: str | None,
        of_kind: str,
        levels: tuple[str, ...],
        item: Mapping[str, Any],
        path: PathT,
    ) -> bool:
        """``level``: declared levels of an indicator (or of the overall score)."""
        ok = True
        if of is None or of_kind not in {"indicator", "scoring"}:
            self._error(
                "bad-condition",
                "`level` needs `of` to be an indicator, or scoring (the overall level)",
                (*path, "level"),
            )
            ok = False
        if of in self.relative:
            self.second.setdefault(ident, f"the levels of {of!r} move with an aggregate")
        for i, level in enumerate(levels):
            if level not in self.level_ids:
                listed = isinstance(item["level"], list)
                self._error(
                    "unknown-level",
                    f"unknown level {level!r}; declared levels: "
                    f"{', '.join(self.level_ids)}{suggest(level, self.level_ids)}",
                    (*path, "level", i) if listed else (*path, "level"),
                )
                ok = False
        return ok

    def _check_titles(
        self, of: str | None, of_kind: str, titles: tuple[str, ...], path: PathT
    ) -> bool:
        """``band``: titles of bands of the indicator ``of``."""
        if of is None or of_kind != "indicator":
            self._error("bad-condition", "`band` needs `of` to be an indicator", path)
            return False
        known = [band.title for band in self.indicators[of].bands if band.title]
        ok = True
        for title in titles:
            if title not in known:
                listed = ", ".join(known) or "none: its bands have no title"
                self._error(
                    "unknown-name",
                    f"indicator {of!r} has no band titled {title!r}; its band titles: "
                    f"{listed}{suggest(title, known)}",
                    path,
                )
                ok = False
        return ok

    def _of(self, of: str | None, path: PathT) -> tuple[str, Unit, int, Better, bool] | None:
        """What ``of`` names (indicator, fact, trend, scoring), its unit, precision, direction."""
        if of is None:
            return "indicator", Unit.NUMBER, 2, Better.NONE, True
        if of == SCORING and of not in self.indicators:
            if not self.scored:
                self._error(
                    "unknown-name",
                    "'scoring' is the overall score, but the ruleset has no `scoring`",
                    (*path, "of"),
                )
                return None
            return "scoring", Unit.PERCENT, 1, Better.HIGHER, True
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
        if of in self.aggregate_ids:
            message = (
                f"{of!r} is an aggregate; an aggregate is over the schools' values (a school "
                "indicator, fact or trend), not over another aggregate"
            )
        else:
            options = [*self.indicators, *self.facts, *self.trends_raw]
            message = f"{of!r} is not a school indicator, fact or trend{suggest(of, options)}"
        self._error("unknown-name", message, (*path, "of"))
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
            facts={
                **{n: _grammar.KINDS[f.type] for n, f in self.facts.items()},
                # The group's values: «pk_share < pk_share_mo» lists the schools below them.
                **dict.fromkeys(self.aggregate_ids, _grammar.Kind.NUMBER),
            },
            parameters={n: _grammar.KINDS[p.type] for n, p in self.params.items()},
            indicators={
                n: _grammar.Kind.BOOLEAN if i.unit is Unit.BOOLEAN else _grammar.Kind.NUMBER
                for n, i in self.indicators.items()
            },
        )
        formula = self.check_formula(source, path, scope)
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
                self.second.setdefault(ident, f"it reads {name!r}, which reads an aggregate")
        reads = tuple(name for name in formula.facts if name in self.aggregate_ids)
        if reads:
            self.second.setdefault(ident, f"its condition reads {reads[0]!r}")
            self.reads[ident] = reads
        self.conditions[ident] = formula
        return True

    def _stage_of(self, ident: str, of: str | None, of_kind: str) -> None:
        """An aggregate over a second-pass result (a comparison) is of the second stage."""
        target = of
        if of_kind == "trend" and of is not None:
            target = self.trends_raw[of]["of"]
        if target is not None and target in self.comparisons:
            self.second.setdefault(ident, f"it reads {target!r}, which reads an aggregate")

    def finish(self, aggregates: Sequence[AggregateSpec]) -> tuple[AggregateSpec, ...]:
        """The aggregates without those that read a second-stage one (reported as cycles)."""
        stages = {a.id: a.stage for a in aggregates}
        kept = []
        for spec in aggregates:
            late = [name for name in self.reads.get(spec.id, ()) if stages.get(name) == 2]
            if late:
                self._error(
                    "aggregate-cycle",
                    f"aggregate {spec.id!r} reads {late[0]!r} in its condition, but "
                    f"{late[0]!r} is computed in the second stage ({self.second[late[0]]}); "
                    "a second-stage aggregate reads only first-stage ones",
                    ("aggregates", spec.id, "where"),
                )
                continue
            kept.append(spec)
        return tuple(kept)

    def _error(self, code: str, message: str, path: PathT) -> None:
        self.out.error(code, message, path)


def _names(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
