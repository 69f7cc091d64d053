"""«Анализ эффективности принятых мер»: what the next period shows of each recommendation."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._compiled import DEFAULT_LEVELS as _COMPILED_LEVELS
from pdrs_rules._i18n._russian import format_count, plural_form
from pdrs_rules._model import Finding, Outcome
from pdrs_rules.report import Report
from pdrs_rules.report._csv import csv_text

__all__ = ["FORMAT", "EffectItem", "Effectiveness", "compare_findings", "effectiveness"]

#: The identifier of the effectiveness document format; bumped on incompatible changes.
FORMAT = "pdrs-rules/effectiveness/1"

Status: TypeAlias = Literal["resolved", "persists", "new", "unknown"]
LevelChange: TypeAlias = Literal["improved", "worsened", "unchanged"]

#: Statuses in the order summaries list them.
STATUSES: tuple[Status, ...] = ("resolved", "persists", "new", "unknown")
_STATUS_TITLES: dict[str, str] = {
    "resolved": "выполнена",
    "persists": "сохраняется",
    "new": "новая",
    "unknown": "не удалось оценить",
}
_CHANGE_TITLES: dict[str, str] = {
    "improved": "уровень улучшился",
    "worsened": "уровень ухудшился",
    "unchanged": "уровень не изменился",
}
_OUTCOME_TITLES = {
    Outcome.NO_DATA: "нет данных",
    Outcome.NOT_APPLICABLE: "не применимо",
    Outcome.OUT_OF_RANGE: "вне допустимых значений",
    Outcome.INSUFFICIENT_HISTORY: "недостаточно данных за прошлые периоды",
}
#: The engine's default levels, worst first, for findings compared without a report.
DEFAULT_LEVELS = tuple((level.id, level.title) for level in _COMPILED_LEVELS)


@attrs.frozen
class EffectItem:
    """One recommendation (school × indicator × addressee) followed from one period to the next."""

    school_id: str
    school_name: str
    indicator: str
    indicator_title: str
    to: str
    to_title: str
    status: Status
    #: Only for ``persists``: how the level moved, judged by the ruleset's level order.
    level_change: LevelChange | None = None
    before_texts: tuple[str, ...] = ()
    after_texts: tuple[str, ...] = ()
    before_level: str | None = None
    after_level: str | None = None
    before_display: str = ""
    after_display: str = ""
    #: Only for ``unknown``: why the later period cannot tell whether the measure worked.
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data with sorted keys (texts as lists)."""
        data = {**attrs.asdict(self), "before_texts": [*self.before_texts]}
        data["after_texts"] = [*self.after_texts]
        return dict(sorted(data.items()))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EffectItem:
        """Rebuild an item from :meth:`to_dict` output."""
        texts = {k: tuple(data.get(k, ())) for k in ("before_texts", "after_texts")}
        return cls(**{**data, **texts})


def _counts(items: Iterable[EffectItem]) -> dict[str, int]:
    counter = Counter(item.status for item in items)
    return {status: counter[status] for status in STATUSES}


def _pairs(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in value)


@attrs.frozen
class Effectiveness:
    """The recommendations of ``before_period`` and what became of them in ``after_period``."""

    before_period: str
    after_period: str
    #: Sorted by addressee title, school id and the ruleset's indicator order.
    items: tuple[EffectItem, ...] = ()
    #: (level id, title), worst first: the order that says whether a level improved.
    levels: tuple[tuple[str, str], ...] = attrs.field(default=DEFAULT_LEVELS, converter=_pairs)
    #: (indicator id, title) in the ruleset's order.
    indicators: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)

    def counts(self) -> dict[str, int]:
        """How many items have each status, every status present (zeros included)."""
        return _counts(self.items)

    def counts_by_addressee(self) -> dict[str, dict[str, int]]:
        """:meth:`counts` per addressee id."""
        return {to: _counts(group) for to, group in self._groups(lambda i: i.to).items()}

    def counts_by_school(self) -> dict[str, dict[str, int]]:
        """:meth:`counts` per school id."""
        return {sid: _counts(group) for sid, group in self._groups(lambda i: i.school_id).items()}

    def _groups(self, key: Any) -> dict[str, list[EffectItem]]:
        groups: dict[str, list[EffectItem]] = {}
        for item in self.items:
            groups.setdefault(key(item), []).append(item)
        return dict(sorted(groups.items()))

    # -- JSON ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The analysis as plain JSON-ready data (see docs/effectiveness.md)."""
        return {
            "after_period": self.after_period,
            "before_period": self.before_period,
            "counts": self.counts(),
            "format": FORMAT,
            "indicators": [{"id": i, "title": t} for i, t in self.indicators],
            "items": [item.to_dict() for item in self.items],
            "levels": [{"id": i, "title": t} for i, t in self.levels],
        }

    def to_json(self) -> str:
        """Stable JSON: sorted keys, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Effectiveness:
        """Rebuild the analysis from :meth:`to_dict` output."""
        if data.get("format") != FORMAT:
            raise ValueError(
                f"not a pdrs-rules effectiveness document: format is "
                f"{data.get('format')!r}, expected {FORMAT!r}"
            )
        return cls(
            before_period=data["before_period"],
            after_period=data["after_period"],
            items=tuple(EffectItem.from_dict(i) for i in data.get("items", [])),
            levels=tuple((i["id"], i["title"]) for i in data.get("levels", [])),
            indicators=tuple((i["id"], i["title"]) for i in data.get("indicators", [])),
        )

    # -- text ------------------------------------------------------------------------------------

    def to_text(self) -> str:
        """A Russian text report: title, summary, then items by addressee and school."""
        lines = [
            f"Анализ эффективности принятых мер: {self.before_period} → {self.after_period}",
            f"Итого: {_summary(self.counts())}",
        ]
        addressee: str | None = None
        school: str | None = None
        by_addressee = self.counts_by_addressee()
        for item in self.items:
            if item.to != addressee:
                addressee, school = item.to, None
                lines += ["", f"{item.to_title}: {_summary(by_addressee[item.to])}"]
            if item.school_id != school:
                school = item.school_id
                lines.append(f"  {item.school_name} (код {item.school_id})")
            lines.extend(self._item_lines(item))
        return "\n".join(lines) + "\n"

    def _item_lines(self, item: EffectItem) -> list[str]:
        status = _STATUS_TITLES[item.status]
        if item.level_change is not None:
            status += f", {_CHANGE_TITLES[item.level_change]}"
        levels = dict(self.levels)
        before = _shown(item.before_display, levels.get(item.before_level or "", item.before_level))
        after = _shown(item.after_display, levels.get(item.after_level or "", item.after_level))
        line = f"    {item.indicator_title}: {status} ({before} → {after})"
        if item.reason:
            line += f": {item.reason}"
        lines = [line]
        lines += [f"      было: {text}" for text in item.before_texts]
        lines += [f"      стало: {text}" for text in item.after_texts]
        return lines

    # -- CSV -------------------------------------------------------------------------------------

    def to_csv(self) -> str:
        """One row per item (RFC 4180, CRLF); every cell is neutralised against formulas."""
        rows = []
        for item in self.items:
            cells = {
                **item.to_dict(),
                "before_period": self.before_period,
                "after_period": self.after_period,
                "before_text": " | ".join(item.before_texts),
                "after_text": " | ".join(item.after_texts),
            }
            rows.append([cells[column] or "" for column in CSV_COLUMNS])
        return csv_text(CSV_COLUMNS, rows)


#: The header of :meth:`Effectiveness.to_csv`, in column order.
# fmt: off
CSV_COLUMNS = (
    "before_period", "after_period", "to", "to_title", "school_id", "school_name", "indicator",
    "indicator_title", "status", "level_change", "before_level", "after_level", "before_display",
    "after_display", "before_text", "after_text", "reason",
)
# fmt: on


def _shown(display: str, level: str | None) -> str:
    return " ".join(part for part in (display, level or "") if part) or "—"


def _summary(counts: Mapping[str, int]) -> str:
    """«выполнено 3 рекомендации, сохраняется 2, новых 1, не удалось оценить 1»."""
    resolved = counts["resolved"]
    # The verb agrees with the number too: «выполнена 1 рекомендация», «выполнено 5 …».
    verb = plural_form(resolved, "выполнена", "выполнено", "выполнено")
    noun = format_count(resolved, "рекомендация", "рекомендации", "рекомендаций")
    return (
        f"{verb} {noun}, сохраняется {counts['persists']}, новых {counts['new']}, "
        f"не удалось оценить {counts['unknown']}"
    )


# -- comparison ----------------------------------------------------------------------------------


def _select(findings: Iterable[Finding], period: str, what: str) -> tuple[str, list[Finding]]:
    """The findings of ``period``, or of the only period present when none is named."""
    chosen = [f for f in findings if not period or f.period == period]
    if not period:
        periods = sorted({f.period for f in chosen})
        if len(periods) > 1:
            # One school would have two findings per indicator and the pairing would be a guess.
            listed = ", ".join(periods)
            raise ValueError(f"the {what} findings span several periods ({listed}); name one")
        period = periods[0] if periods else ""
    return period, chosen


def _level_change(
    before: str | None, after: str | None, rank: Mapping[str, int]
) -> LevelChange | None:
    if before == after:
        return "unchanged"
    if before is None or after is None or before not in rank or after not in rank:
        # A data request followed by a band's recommendation: no level to compare with.
        return None
    # Levels are listed worst first, so a larger index is a better level.
    return "improved" if rank[after] > rank[before] else "worsened"


def _unknown_reason(
    after: Finding | None,
    school_known: bool,
    period: str,
    entity_title: str,
) -> str:
    where = f"в данных за {period}" if period else "в данных второго периода"
    if after is None:
        return f"{entity_title} нет {where}" if not school_known else f"показателя нет {where}"
    return after.reason or _OUTCOME_TITLES.get(after.outcome, after.outcome.value)


def _texts(finding: Finding | None, to: str) -> tuple[str, ...]:
    return () if finding is None else tuple(r.text for r in finding.recommendations if r.to == to)


@checked
def compare_findings(
    before: Iterable[Finding],
    after: Iterable[Finding],
    *,
    before_period: str = "",
    after_period: str = "",
    levels: Sequence[tuple[str, str]] = DEFAULT_LEVELS,
    indicators: Sequence[tuple[str, str]] = (),
    entity_title: str = "ОО",
) -> Effectiveness:
    """Follow each recommendation of ``before`` into ``after`` by school, indicator, addressee.

    A named period keeps only that period's findings; an empty one takes all of them, which
    must then be of a single period. ``levels`` (id, title), worst first, decide whether a
    level improved; ``indicators`` (id, title) give titles and order.
    """
    before_period, old = _select(before, before_period, "earlier")
    after_period, new = _select(after, after_period, "later")
    old_by_key = {(f.school_id, f.indicator): f for f in old}
    new_by_key = {(f.school_id, f.indicator): f for f in new}
    schools_after = {f.school_id for f in new}
    rank = {ident: index for index, (ident, _) in enumerate(levels)}
    titles = dict(indicators)
    addressees: dict[str, str] = {}
    keys: set[tuple[str, str, str]] = set()
    for finding in (*old, *new):
        for rec in finding.recommendations:
            keys.add((finding.school_id, finding.indicator, rec.to))
            # The later period's wording of an addressee wins, as does its school name below.
            addressees[rec.to] = rec.to_title

    items = []
    for school_id, indicator, to in keys:
        was, now = old_by_key.get((school_id, indicator)), new_by_key.get((school_id, indicator))
        before_texts, after_texts = _texts(was, to), _texts(now, to)
        status: Status
        change: LevelChange | None = None
        reason = ""
        if not before_texts:
            status = "new"
        elif now is not None and now.outcome is Outcome.EVALUATED:
            status = "persists" if after_texts else "resolved"
        elif now is not None and after_texts and was is not None and was.outcome is now.outcome:
            # The same data request twice: the school still has not sent the data.
            status = "persists"
        else:
            status = "unknown"
            reason = _unknown_reason(now, school_id in schools_after, after_period, entity_title)
        if status == "persists" and was is not None and now is not None:
            change = _level_change(was.level, now.level, rank)
        named = now or was
        assert named is not None  # noqa: S101 - every key comes from one of the two findings
        items.append(
            EffectItem(
                school_id=school_id,
                school_name=named.school_name,
                indicator=indicator,
                indicator_title=titles.get(indicator, indicator),
                to=to,
                to_title=addressees[to],
                status=status,
                level_change=change,
                before_texts=before_texts,
                after_texts=after_texts,
                before_level=was.level if was else None,
                after_level=now.level if now else None,
                before_display=was.display if was else "",
                after_display=now.display if now else "",
                reason=reason,
            )
        )
    order = {ident: index for index, (ident, _) in enumerate(indicators)}

    def key(i: EffectItem) -> tuple[str, str, str, int, str]:
        return (i.to_title, i.to, i.school_id, order.get(i.indicator, len(order)), i.indicator)

    items.sort(key=key)
    return Effectiveness(before_period, after_period, tuple(items), levels, indicators)


class PeriodError(ValueError):
    """A period cannot be chosen; ``which`` is ``"before"`` or ``"after"``, the report at fault."""

    def __init__(self, message: str, which: str) -> None:
        super().__init__(message)
        self.which = which


def _periods(report: Report, which: str) -> list[str]:
    periods = sorted({f.period for f in report.findings})
    if not periods:
        raise PeriodError("the report has no findings", which)
    return periods


def _check(period: str, periods: Sequence[str], which: str) -> str:
    if period not in periods:
        raise PeriodError(
            f"no findings for period {period!r} (periods: {', '.join(periods)})", which
        )
    return period


def _one_report(report: Report, first: str | None, second: str | None) -> tuple[str, str]:
    periods = _periods(report, "before")
    if first is None and second is None:
        if len(periods) < 2:
            raise PeriodError(
                f"the report has findings of one period only ({periods[0]}); "
                "give a second report to compare with, or evaluate with --all-periods",
                "before",
            )
        return periods[-2], periods[-1]
    # One period named: its neighbour in time is the other one.
    if first is None or second is None:
        named = _check(first or second or "", periods, "before")
        index = periods.index(named) + (1 if first else -1)
        if not 0 <= index < len(periods):
            side = "after" if first else "before"
            raise PeriodError(f"the report has no period {side} {named!r}", "before")
        return (named, periods[index]) if first else (periods[index], named)
    _check(first, periods, "before")
    _check(second, periods, "before")
    if first == second:
        raise PeriodError(f"the two periods are the same ({first!r})", "before")
    return first, second


@checked
def effectiveness(
    before: Report,
    after: Report | None = None,
    *,
    before_period: str | None = None,
    after_period: str | None = None,
) -> Effectiveness:
    """Compare the recommendations of two reports, or of two periods of one report.

    Without ``after`` the report must hold both periods; unnamed periods default to its two
    latest. With two reports an unnamed period is each report's latest one. Raises
    :class:`PeriodError` (a ValueError) when a period is missing or cannot be chosen.
    """
    if after is None:
        first, second = _one_report(before, before_period, after_period)
        later = before
    else:
        old_periods, new_periods = _periods(before, "before"), _periods(after, "after")
        first = _check(before_period or old_periods[-1], old_periods, "before")
        second = _check(after_period or new_periods[-1], new_periods, "after")
        later = after
    # The later ruleset names and orders the indicators; indicators it dropped keep the older
    # title. Levels come from the later ruleset too, since they judge its findings.
    # Conclusions are addressed recommendations too (to the authority, the methodical service):
    # whether the municipality's own measures worked is part of the analysis.
    indicators = dict(before.ruleset.indicators + before.ruleset.conclusions)
    indicators.update(later.ruleset.indicators + later.ruleset.conclusions)
    order = [i for i, _ in later.ruleset.indicators + later.ruleset.conclusions]
    order += [
        i for i, _ in before.ruleset.indicators + before.ruleset.conclusions if i not in order
    ]
    return compare_findings(
        (*before.findings, *before.conclusions),
        (*later.findings, *later.conclusions),
        before_period=first,
        after_period=second,
        levels=later.ruleset.levels or before.ruleset.levels or DEFAULT_LEVELS,
        indicators=[(i, indicators[i]) for i in order],
        entity_title=later.ruleset.entity_title,
    )
