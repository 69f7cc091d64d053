"""CASE EXPECTATIONS: read what a case expects of findings, conclusions, aggregates and scores.

The reader here checks every id a case names against what the ruleset declares (indicators,
trends, conclusions, aggregates, levels, addressees, trend rules) and reports each problem at
the place the case file says it, with a "did you mean".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules._load._yaml import Document, PathT, json_path
from pdrs_rules._model import AggregateSpec, IndicatorSpec, Outcome, ScoringSpec, TrendSpec
from pdrs_rules.errors import Diagnostic

from ._values import WILDCARD, Approx, Check, Expectation, Expected, RecommendationCheck, suggest

__all__ = ["Declared", "ExpectationReader", "declared"]


@attrs.frozen
class Declared:
    """What a ruleset declares that a case can name, by id, in the author's order."""

    indicators: Mapping[str, IndicatorSpec]
    school_trends: Mapping[str, TrendSpec]
    conclusions: Mapping[str, IndicatorSpec]
    group_trends: Mapping[str, TrendSpec]
    aggregates: Mapping[str, AggregateSpec]
    scoring: ScoringSpec | None
    levels: tuple[str, ...]
    addressees: tuple[str, ...]

    def trend(self, ident: str) -> TrendSpec | None:
        """The school or group trend with this id, if there is one."""
        return self.school_trends.get(ident) or self.group_trends.get(ident)


def declared(ruleset: Ruleset) -> Declared:
    """The ids a case may name; a ruleset without a municipality level has none of those parts."""
    compiled = ruleset.compiled
    trends = compiled.trends
    by_id = {c.id: c for c in compiled.conclusions}
    order = compiled.conclusion_order or tuple(by_id)
    return Declared(
        indicators=ruleset.indicators,
        school_trends={t.id: t for t in trends if t.scope != "group"},
        conclusions={ident: by_id[ident] for ident in order if ident in by_id},
        group_trends={t.id: t for t in trends if t.scope == "group"},
        aggregates={a.id: a for a in compiled.aggregates},
        scoring=compiled.scoring,
        levels=tuple(level.id for level in ruleset.levels),
        addressees=tuple(compiled.addressees),
    )


def _listing(groups: Mapping[str, Mapping[str, object]]) -> str:
    parts = [f"{name}: {', '.join(ids)}" for name, ids in groups.items() if ids]
    return "; ".join(parts)


class ExpectationReader:
    """Reads expectation sections; subclasses give it the document and collect problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Diagnostic] = []

    def error(self, code: str, message: str, path: PathT, *, key: bool = False) -> None:
        """Record a problem at ``path`` (at its key with ``key=True``)."""
        self.problems.append(Diagnostic(code, message, self.doc.location(path, key=key)))

    # -- sections --------------------------------------------------------------------------------

    def school_section(
        self, decl: Declared, raw: Mapping[str, Mapping[str, Any]], path: PathT
    ) -> tuple[Expectation, ...]:
        """``expect``: school → indicator or school trend → fields."""
        out = []
        for school, by_id in raw.items():
            for ident, spec in by_id.items():
                here: PathT = (*path, school, ident)
                trend = decl.school_trends.get(ident)
                indicator = decl.indicators.get(ident)
                if trend is None and indicator is None and ident != WILDCARD:
                    self.unknown(
                        "unknown-indicator",
                        "indicator or trend" if decl.school_trends else "indicator",
                        ident,
                        {"indicators": decl.indicators, "trends": decl.school_trends},
                        here,
                    )
                out.append(self.finding(decl, school, ident, trend or indicator, spec, here))
        return tuple(out)

    def unknown(
        self,
        code: str,
        what: str,
        ident: str,
        groups: Mapping[str, Mapping[str, object]],
        here: PathT,
        *,
        wildcard: bool = True,
    ) -> None:
        """An id the ruleset does not have: did-you-mean, then what it has, by kind."""
        known = [name for ids in groups.values() for name in ids]
        listed = _listing(groups)
        tail = "; or '*' for every other one" if wildcard else ""
        where = f"({listed}{tail})" if listed else f"(it has no {' or '.join(groups)})"
        self.error(
            code,
            f"the ruleset has no {what} {ident!r}{suggest(ident, known)} {where}",
            here,
            key=True,
        )

    def conclusion_section(
        self, decl: Declared, raw: Mapping[str, Mapping[str, Any]], path: PathT
    ) -> tuple[Expectation, ...]:
        """``conclusions``: group → conclusion or group trend → fields."""
        out = []
        for group, by_id in raw.items():
            for ident, spec in by_id.items():
                here: PathT = (*path, group, ident)
                target = decl.conclusions.get(ident) or decl.group_trends.get(ident)
                if target is None and ident != WILDCARD:
                    self.unknown(
                        "unknown-conclusion",
                        "conclusion or group trend",
                        ident,
                        {"conclusions": decl.conclusions, "group trends": decl.group_trends},
                        here,
                    )
                out.append(self.finding(decl, group, ident, target, spec, here))
        return tuple(out)

    def aggregate_section(
        self, decl: Declared, raw: Mapping[str, Mapping[str, Any]], path: PathT
    ) -> tuple[Expectation, ...]:
        """``aggregates``: group → aggregate → fields."""
        out = []
        for group, by_id in raw.items():
            for ident, spec in by_id.items():
                here: PathT = (*path, group, ident)
                if ident not in decl.aggregates:
                    self.unknown(
                        "unknown-aggregate",
                        "aggregate",
                        ident,
                        {"aggregates": decl.aggregates},
                        here,
                        wildcard=False,
                    )
                checks = []
                for field, value in spec.items():
                    expected: Expected = value
                    if field == "value":
                        expected = _approx(value)
                    elif field in {"schools", "schools_include", "schools_exclude"}:
                        expected = tuple(str(v) for v in value)
                    checks.append(
                        Check(field, expected, self.doc.location((*here, field), key=True))
                    )
                out.append(
                    Expectation(group, ident, tuple(checks), self.doc.location(here, key=True))
                )
        return tuple(out)

    def score_section(
        self, decl: Declared, raw: Mapping[str, Mapping[str, Any]], path: PathT
    ) -> tuple[Expectation, ...]:
        """``scores``: school or group → total, maximum, percent, level."""
        if decl.scoring is None:
            self.error(
                "no-scoring",
                f"{json_path(path)}: the ruleset has no 'scoring', so runs have no scores to check",
                path,
                key=True,
            )
        out = []
        for entity, spec in raw.items():
            here: PathT = (*path, entity)
            checks = []
            for field, value in spec.items():
                where: PathT = (*here, field)
                expected: Expected = value
                if field in {"total", "maximum", "percent"}:
                    expected = _approx(value)
                elif field == "level":
                    self.level(decl, value, where)
                checks.append(Check(field, expected, self.doc.location(where, key=True)))
            out.append(Expectation(entity, "", tuple(checks), self.doc.location(here, key=True)))
        return tuple(out)

    # -- one finding -----------------------------------------------------------------------------

    def finding(
        self,
        decl: Declared,
        owner: str,
        ident: str,
        target: IndicatorSpec | TrendSpec | None,
        spec: Mapping[str, Any],
        here: PathT,
    ) -> Expectation:
        """The checks of one expected finding (of an indicator, trend or conclusion)."""
        checks = []
        for field, raw in spec.items():
            where: PathT = (*here, field)
            expected: Expected = raw
            if field == "outcome":
                expected = Outcome(raw)
            elif field == "value" and (isinstance(raw, Mapping) or _is_number(raw)):
                expected = _approx(raw)
            elif field == "recommendations":
                expected = tuple(
                    self.recommendation(decl, item, (*where, i)) for i, item in enumerate(raw)
                )
            elif field == "level":
                self.level(decl, raw, where)
            elif field == "band" and raw is not None:
                self.band(ident, target, raw, where)
            elif field == "rule":
                self.rule(ident, target, raw, where)
            checks.append(Check(field, expected, self.doc.location(where, key=True)))
        return Expectation(owner, ident, tuple(checks), self.doc.location(here, key=True))

    def level(self, decl: Declared, raw: str | None, where: PathT) -> None:
        """A level must be one of the ruleset's."""
        if raw is not None and raw not in decl.levels:
            self.error(
                "unknown-level",
                f"{json_path(where)} is {raw!r}, not a level of the ruleset"
                f"{suggest(raw, decl.levels)} (levels: {', '.join(decl.levels)})",
                where,
            )

    def band(
        self, ident: str, target: IndicatorSpec | TrendSpec | None, raw: int, where: PathT
    ) -> None:
        """A band index must exist; for a trend, the band is the rule's index."""
        if isinstance(target, TrendSpec) and raw >= len(target.rules):
            self.error(
                "bad-band",
                f"{json_path(where)} is {raw}, but trend {ident!r} has {len(target.rules)} "
                "rule(s), numbered from 0",
                where,
            )
        elif isinstance(target, IndicatorSpec) and raw >= len(target.bands):
            self.error(
                "bad-band",
                f"{json_path(where)} is {raw}, but indicator {ident!r} has "
                f"{len(target.bands)} band(s), numbered from 0",
                where,
            )

    def rule(
        self, ident: str, target: IndicatorSpec | TrendSpec | None, raw: str | None, where: PathT
    ) -> None:
        """``rule`` names a rule of the trend the expectation is about."""
        if not isinstance(target, TrendSpec):
            what = "every other one" if ident == WILDCARD else repr(ident)
            kind = "" if ident == WILDCARD or target is None else " is not a trend:"
            self.error(
                "not-a-trend",
                f"{json_path(where)}: 'rule' is for trends only, and {what}{kind} "
                "has bands, not rules (use 'band' or 'level')",
                where,
                key=True,
            )
            return
        rules = [r.id for r in target.rules]
        if raw is not None and raw not in rules:
            self.error(
                "unknown-rule",
                f"{json_path(where)} is {raw!r}, not a rule of trend {ident!r}"
                f"{suggest(raw, rules)} (rules: {', '.join(rules)})",
                where,
            )

    def recommendation(
        self, decl: Declared, raw: Mapping[str, str], path: PathT
    ) -> RecommendationCheck:
        """One expected recommendation; its addressee must be the ruleset's."""
        to = raw.get("to")
        if to is not None and to not in decl.addressees:
            self.error(
                "unknown-addressee",
                f"{json_path((*path, 'to'))} is {to!r}, not an addressee of the ruleset"
                f"{suggest(to, decl.addressees)} (addressees: {', '.join(decl.addressees)})",
                (*path, "to"),
            )
        return RecommendationCheck(to, raw.get("text"), raw.get("text_contains"))


def _is_number(raw: object) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _approx(raw: Any) -> Approx | None:
    """A number, ``{approx, tolerance}`` or null, as the schema admits them."""
    if raw is None:
        return None
    if isinstance(raw, Mapping):
        return Approx(raw["approx"], raw.get("tolerance"))
    return Approx(raw)
