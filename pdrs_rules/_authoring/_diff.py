"""DIFF: what changes for each school between two versions of a ruleset on the same facts."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._bands import resolve, tolerance
from pdrs_rules._engine._ruleset import FactsSource, Ruleset
from pdrs_rules._facts._frames import ArrowTable, is_frame
from pdrs_rules._facts._table import FactsTable
from pdrs_rules._i18n._russian import format_number, plural_form
from pdrs_rules._model import Finding, Outcome, Recommendation, Unit, format_threshold
from pdrs_rules.errors import Diagnostic
from pdrs_rules.report import RulesetInfo

__all__ = ["FORMAT", "IndicatorDiff", "RulesetDiff", "SchoolChange", "diff_rulesets"]

#: The identifier of the diff document format.
FORMAT = "pdrs-rules/diff/1"
#: Default ``near`` distance, in the indicator's own units (percentage points for shares).
DEFAULT_NEAR = 1.0
#: What is compared between the two findings of a school and indicator, in report order.
FIELDS = ("outcome", "level", "points", "value", "recommendations")


@attrs.frozen
class SchoolChange:
    """One school's finding for one indicator that differs between the versions."""

    period: str
    school_id: str
    school_name: str
    indicator: str
    #: Which of :data:`FIELDS` differ.
    fields: tuple[str, ...]
    old: Finding
    new: Finding
    added: tuple[Recommendation, ...] = ()
    removed: tuple[Recommendation, ...] = ()


@attrs.frozen
class IndicatorDiff:
    """The summary for one indicator: how many schools changed, and how many sit at a threshold."""

    indicator: str
    title: str
    #: ``changed``, ``same``, ``added`` (only in the new version) or ``removed``.
    status: str
    unit: Unit | None = None
    #: Schools whose finding differs, in total and per field.
    changed: int = 0
    counts: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    #: Boundaries between two bands in the new version, with its parameter values.
    thresholds: tuple[float, ...] = ()
    #: Ids of schools whose new value is within ``near`` of one of the thresholds.
    near: tuple[str, ...] = ()


@attrs.frozen
class RulesetDiff:
    """Two versions of a ruleset evaluated over the same facts, compared school by school."""

    old: RulesetInfo
    new: RulesetInfo
    near: float
    schools: int
    indicators: tuple[IndicatorDiff, ...]
    changes: tuple[SchoolChange, ...]
    #: Warnings met while reading the facts for either version.
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)

    @property
    def added_indicators(self) -> tuple[str, ...]:
        """Indicators only the new version has."""
        return tuple(i.indicator for i in self.indicators if i.status == "added")

    @property
    def removed_indicators(self) -> tuple[str, ...]:
        """Indicators only the old version has."""
        return tuple(i.indicator for i in self.indicators if i.status == "removed")

    @property
    def differs(self) -> bool:
        """Whether any school's result or the set of indicators changed."""
        return bool(self.changes or self.added_indicators or self.removed_indicators)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON-ready data."""
        return {
            "format": FORMAT,
            "old": _info(self.old),
            "new": _info(self.new),
            "near": self.near,
            "schools": self.schools,
            "differs": self.differs,
            "indicators": [
                {
                    "id": i.indicator,
                    "title": i.title,
                    "status": i.status,
                    "changed": i.changed,
                    "counts": dict(i.counts),
                    "thresholds": list(i.thresholds),
                    "near": {"count": len(i.near), "schools": list(i.near)},
                }
                for i in self.indicators
            ],
            "changes": [
                {
                    "period": c.period,
                    "school_id": c.school_id,
                    "school_name": c.school_name,
                    "indicator": c.indicator,
                    "fields": list(c.fields),
                    "old": _side(c.old),
                    "new": _side(c.new),
                    "added": [attrs.asdict(r) for r in c.added],
                    "removed": [attrs.asdict(r) for r in c.removed],
                }
                for c in self.changes
            ],
        }

    def to_json(self) -> str:
        """Stable JSON: sorted keys, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_text(self) -> str:
        """A Russian text summary: indicators first, then the changes school by school."""
        return "\n".join(_text_lines(self)) + "\n"


def _info(info: RulesetInfo) -> dict[str, str]:
    return {"id": info.id, "version": info.version, "title": info.title}


def _side(finding: Finding) -> dict[str, Any]:
    return {
        "outcome": finding.outcome.value,
        "value": finding.value,
        "display": finding.display,
        "level": finding.level,
        "points": finding.points,
    }


def _texts(finding: Finding) -> Counter[Recommendation]:
    return Counter(finding.recommendations)


def _compare(old: Finding, new: Finding) -> SchoolChange | None:
    differ = {
        "outcome": old.outcome is not new.outcome,
        "level": old.level != new.level,
        "points": old.points != new.points,
        "value": old.value != new.value,
        "recommendations": _texts(old) != _texts(new),
    }
    fields = tuple(name for name in FIELDS if differ[name])
    if not fields:
        return None
    added = _texts(new) - _texts(old)
    removed = _texts(old) - _texts(new)
    return SchoolChange(
        period=new.period,
        school_id=new.school_id,
        school_name=new.school_name,
        indicator=new.indicator,
        fields=fields,
        old=old,
        new=new,
        added=tuple(sorted(added.elements())),
        removed=tuple(sorted(removed.elements())),
    )


def _thresholds(ruleset: Ruleset, indicator: str, params: Mapping[str, Any]) -> tuple[float, ...]:
    spec = ruleset.indicators[indicator]
    if spec.unit is Unit.BOOLEAN:
        return ()
    # Each band after the first starts where the one before it ends; the domain edges
    # (0% for a share) are not thresholds: nobody can cross them into another band.
    bounds = (resolve(band.lower, params) for band in spec.bands[1:])
    return tuple(sorted({b.value for b in bounds if b is not None}))


def _is_near(finding: Finding, thresholds: Iterable[float], near: float) -> bool:
    value = finding.value
    if finding.outcome is not Outcome.EVALUATED or not isinstance(value, (int, float)):
        return False
    if isinstance(value, bool):
        return False
    return any(abs(value - t) <= near + tolerance(t) for t in thresholds)


def _materialize(facts: FactsSource) -> FactsSource:
    """Rows given as an iterator are read once, so both versions see the same ones."""
    if isinstance(facts, (str, os.PathLike, FactsTable, Mapping)) or is_frame(facts):
        return facts
    assert not isinstance(facts, ArrowTable)  # noqa: S101 - a table is returned above
    rows: list[Any] = list(facts)
    return rows


@checked
def diff_rulesets(
    old: Ruleset,
    new: Ruleset,
    facts: FactsSource,
    *,
    near: float | None = None,
    old_params: Mapping[str, object] | None = None,
    new_params: Mapping[str, object] | None = None,
) -> RulesetDiff:
    """Evaluate both versions over the same facts and compare every school and indicator.

    Each version uses its own parameter defaults unless ``old_params``/``new_params`` are given.
    ``near`` (default 1) is measured in each indicator's own units: percentage points for shares.
    """
    distance = DEFAULT_NEAR if near is None else float(near)
    if not distance >= 0:
        raise ValueError(f"near must be a number of at least 0, got {near!r}")
    source = _materialize(facts)
    old_report = old.evaluate(source, params=old_params)
    new_report = new.evaluate(source, params=new_params)
    params = new.resolve_params(new_params)
    old_by_key = {(f.period, f.school_id, f.indicator): f for f in old_report.findings}
    changes: list[SchoolChange] = []
    per_indicator: dict[str, list[SchoolChange]] = {}
    near_ids: dict[str, list[str]] = {}
    thresholds = {ident: _thresholds(new, ident, params) for ident in new.indicators}
    for finding in new_report.findings:
        ident = finding.indicator
        if _is_near(finding, thresholds[ident], distance):
            near_ids.setdefault(ident, []).append(finding.school_id)
        before = old_by_key.get((finding.period, finding.school_id, ident))
        change = _compare(before, finding) if before is not None else None
        if change is not None:
            changes.append(change)
            per_indicator.setdefault(ident, []).append(change)
    summaries = [
        _summary(ident, per_indicator.get(ident, []), old.indicators, new)
        for ident in new.indicators
    ]
    summaries += [
        IndicatorDiff(ident, spec.title, "removed", spec.unit)
        for ident, spec in old.indicators.items()
        if ident not in new.indicators
    ]
    summaries = [
        attrs.evolve(
            s, thresholds=thresholds.get(s.indicator, ()), near=tuple(near_ids.get(s.indicator, ()))
        )
        for s in summaries
    ]
    warnings = {str(w): w for w in (*old_report.warnings, *new_report.warnings)}
    return RulesetDiff(
        old=old_report.ruleset,
        new=new_report.ruleset,
        near=distance,
        schools=len({(f.period, f.school_id) for f in new_report.findings}),
        indicators=tuple(summaries),
        changes=tuple(changes),
        warnings=tuple(warnings.values()),
    )


def _summary(
    ident: str, changes: list[SchoolChange], old_indicators: Mapping[str, Any], new: Ruleset
) -> IndicatorDiff:
    spec = new.indicators[ident]
    if ident not in old_indicators:
        return IndicatorDiff(ident, spec.title, "added", spec.unit)
    counts = Counter(field for change in changes for field in change.fields)
    return IndicatorDiff(
        ident,
        spec.title,
        "changed" if changes else "same",
        spec.unit,
        changed=len(changes),
        counts={name: counts[name] for name in FIELDS},
    )


# -- text -------------------------------------------------------------------------------------

_FIELD_TITLES = {
    "outcome": "исход",
    "level": "уровень",
    "points": "баллы",
    "value": "значение",
    "recommendations": "тексты",
}


def _near_label(diff: RulesetDiff, item: IndicatorDiff) -> str:
    unit = " п. п." if item.unit is Unit.PERCENT else ""
    shown = ", ".join(format_threshold(t, item.unit or Unit.NUMBER) for t in item.thresholds)
    count = diff.new.entity_count(len(item.near))
    return f"у порога (±{format_number(diff.near)}{unit} от {shown}): {count}"


def _points(value: float | None) -> str:
    return "—" if value is None else format_number(value)


def _text_lines(diff: RulesetDiff) -> list[str]:
    old, new = diff.old, diff.new
    lines = [
        f"Сравнение версий: {old.id} {old.version} → {new.id} {new.version}",
        f"{new.entity_title} в фактах: {diff.schools}",
    ]
    titles = {i.indicator: i.title for i in diff.indicators}
    for label, idents in (
        ("Добавлены показатели", diff.added_indicators),
        ("Удалены показатели", diff.removed_indicators),
    ):
        if idents:
            lines.append(f"{label}: " + "; ".join(f"{i} ({titles[i]})" for i in idents))
    lines += ["", "По показателям:"]
    for item in diff.indicators:
        lines.append(f"  {item.indicator} — {item.title}")
        if item.status in {"added", "removed"}:
            lines.append(
                "    показатель добавлен" if item.status == "added" else "    показатель удалён"
            )
        elif item.changed:
            detail = ", ".join(
                f"{_FIELD_TITLES[name]} {count}" for name, count in item.counts.items() if count
            )
            lines.append(f"    изменения у {new.entity_count(item.changed)}: {detail}")
        else:
            lines.append("    без изменений")
        if item.thresholds:
            lines.append(f"    {_near_label(diff, item)}")
    old_levels, new_levels = dict(old.levels), dict(new.levels)
    current: tuple[str, str] | None = None
    if diff.changes:
        lines += ["", f"По {new.entity_dative}:"]
    for change in diff.changes:
        key = (change.period, change.school_id)
        if key != current:
            current = key
            lines.append(f"{change.school_name} (код {change.school_id}, {change.period})")
        a, b = change.old, change.new
        same = not {"value", "outcome"} & set(change.fields)
        parts = [b.display if same else f"{a.display} → {b.display}"]
        if "level" in change.fields or "outcome" in change.fields:
            before = old_levels.get(a.level or "", a.level or a.outcome.value)
            after = new_levels.get(b.level or "", b.level or b.outcome.value)
            parts.append(f"уровень: {before} → {after}")
        if "points" in change.fields:
            parts.append(f"баллы: {_points(a.points)} → {_points(b.points)}")
        lines.append(f"  {titles.get(change.indicator, change.indicator)}: " + "; ".join(parts))
        lines.extend(f"    − {r.to_title}: {r.text}" for r in change.removed)
        lines.extend(f"    + {r.to_title}: {r.text}" for r in change.added)
    changed_schools = len({(c.period, c.school_id) for c in diff.changes})
    changed_indicators = len({c.indicator for c in diff.changes})
    lines.append("")
    if diff.differs:
        lines.append(
            f"Итого: изменения у {new.entity_count(changed_schools)} по {changed_indicators} "
            f"{plural_form(changed_indicators, 'показателю', 'показателям', 'показателям')}; "
            "показателей добавлено "
            f"{len(diff.added_indicators)}, удалено {len(diff.removed_indicators)}."
        )
    else:
        lines.append("Итого: различий нет.")
    return lines
