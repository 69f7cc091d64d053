"""COMPILE trends: what a value did over the last periods, named by the first rule that holds.

The semantics are those of docs/municipal.md («Trends»); a trend follows a school indicator, an
aggregate or a conclusion, and its rules are checked here in the order they are written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import (
    IndicatorSpec,
    ParameterSpec,
    TrendCondition,
    TrendRule,
    TrendSpec,
    ValueType,
)

from ._collect import Collector, suggest
from ._texts import Texts

__all__ = ["CONDITIONS", "TREND_PLACEHOLDERS", "TrendCompiler"]

#: Placeholders a trend rule's texts may use besides those of its level.
TREND_PLACEHOLDERS: Mapping[str, bool] = {
    "change": True,
    "previous": True,
    "series": False,
    "rule": False,
}
CONDITIONS = (
    "stable_at_least",
    "stable_above",
    "stable_at_most",
    "stable_below",
    "change_at_least",
    "change_above",
    "change_at_most",
    "change_below",
    "rising",
    "falling",
)


class TrendCompiler:
    """Checks the ``trends`` section with the names each level's texts may use."""

    def __init__(
        self,
        doc: Document,
        out: Collector,
        texts: Texts,
        *,
        level_ids: Sequence[str],
        params: Mapping[str, ParameterSpec],
        school_names: Mapping[str, bool],
        group_names: Mapping[str, bool],
        indicators: Mapping[str, IndicatorSpec],
        group_values: Sequence[str],
    ) -> None:
        self.doc = doc
        self.out = out
        self.texts = texts
        self.level_ids = level_ids
        self.params = params
        self.school_names = school_names
        self.group_names = group_names
        self.indicators = indicators
        self.group_values = group_values

    def trend(self, ident: str, item: Mapping[str, Any]) -> TrendSpec | None:
        """The checked trend, or None with its problems reported."""
        path: PathT = ("trends", ident)
        of = item["of"]
        if of in self.indicators:
            scope = "school"
            names = {**self.school_names, **TREND_PLACEHOLDERS}
        elif of in self.group_values:
            scope = "group"
            names = {**self.group_names, **TREND_PLACEHOLDERS}
        else:
            options = [*self.indicators, *self.group_values]
            self._error(
                "unknown-name",
                f"{of!r} is not a school indicator, an aggregate or a conclusion"
                f"{suggest(of, options)}",
                (*path, "of"),
            )
            return None
        rules: list[TrendRule] = []
        ok = True
        seen: set[str] = set()
        for i, raw in enumerate(item["rules"]):
            rule_path: PathT = (*path, "rules", i)
            rule = self._rule(raw, rule_path, names)
            if rule is None:
                ok = False
                continue
            if rule.id in seen:
                self._error("duplicate-name", f"rule {rule.id!r} is declared twice", rule_path)
                ok = False
            seen.add(rule.id)
            if rule.condition is None and i != len(item["rules"]) - 1:
                self._error(
                    "unreachable-rule",
                    f"rule {rule.id!r} has no condition, so it always holds and the rules "
                    "after it are never reached; put it last",
                    rule_path,
                )
                ok = False
            rules.append(rule)
        longest = max((r.window for r in rules), default=1)
        periods = item.get("periods", max(longest, 2))
        for i, rule in enumerate(rules):
            if rule.window > periods:
                self._error(
                    "window",
                    f"rule {rule.id!r} looks at {rule.window} periods but the trend keeps "
                    f"{periods} (`periods`)",
                    (*path, "rules", i),
                )
                ok = False
        if not ok:
            return None
        return TrendSpec(
            id=ident,
            title=item["title"],
            of=of,
            scope=scope,
            periods=periods,
            rules=tuple(rules),
            location=self.doc.location(path, key=True),
        )

    def _rule(
        self, raw: Mapping[str, Any], path: PathT, names: Mapping[str, bool]
    ) -> TrendRule | None:
        conditions: list[TrendCondition] = []
        for key in CONDITIONS:
            if key not in raw:
                continue
            condition = self._condition(key, raw[key], (*path, key))
            if condition is None:
                return None
            conditions.append(condition)
        periods = raw.get("periods")
        if periods is not None:
            longest = max((c.window for c in conditions), default=1)
            if longest > periods:
                self._error(
                    "window",
                    f"rule {raw['id']!r} looks at {longest} periods but needs only {periods} "
                    "(`periods`); a rule needs at least the periods its conditions look at",
                    (*path, "periods"),
                )
                return None
        if raw["level"] not in self.level_ids:
            self._error(
                "unknown-level",
                f"unknown level {raw['level']!r}; declared levels: "
                f"{', '.join(self.level_ids)}{suggest(raw['level'], self.level_ids)}",
                (*path, "level"),
            )
            return None
        recs = [
            self.texts.recommendation(rec, (*path, "recommendations", j), names)
            for j, rec in enumerate(raw.get("recommendations", []))
        ]
        first = conditions[0] if conditions else None
        return TrendRule(
            id=raw["id"],
            title=raw.get("title", raw["id"]),
            condition=first.key if first else None,
            bound=first.bound if first else None,
            count=first.count if first else 0,
            level=raw["level"],
            points=raw.get("points"),
            recommendations=tuple(r for r in recs if r is not None),
            location=self.doc.location(path),
            conditions=tuple(conditions),
            periods=periods,
        )

    def _condition(self, key: str, value: Any, path: PathT) -> TrendCondition | None:
        if key in {"rising", "falling"}:
            return TrendCondition(key, count=int(value))
        if isinstance(value, str):
            spec = self.params.get(value)
            if value in self.group_values:
                self._error(
                    "unknown-name",
                    f"{key}: {value!r} is a value of the group (an aggregate or conclusion); "
                    "a trend's conditions compare with numbers or parameters",
                    path,
                )
                return None
            if spec is None or spec.type not in {ValueType.INTEGER, ValueType.NUMBER}:
                self._error(
                    "unknown-name",
                    f"{key}: {value!r} is not a numeric parameter"
                    f"{suggest(value, list(self.params))}",
                    path,
                )
                return None
            return TrendCondition(key, value)
        return TrendCondition(key, float(value))

    def _error(self, code: str, message: str, path: PathT) -> None:
        self.out.error(code, message, path)
