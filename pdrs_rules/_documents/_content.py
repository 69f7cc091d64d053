"""The content of a printable report, independent of its format: what HTML and Markdown show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from pdrs_rules._compile._bands import resolve
from pdrs_rules._i18n._russian import entity_count, format_count, format_number
from pdrs_rules._model import (
    AggregateMethod,
    Band,
    Finding,
    Outcome,
    ParameterSpec,
    ParamValue,
    Score,
    Unit,
    format_threshold,
)
from pdrs_rules.report import Report, report_periods, status_title
from pdrs_rules.report._report import OUTCOME_TITLES, param_text

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset

__all__ = [
    "AddresseeBlock",
    "Bar",
    "Chart",
    "ConclusionItem",
    "DataGap",
    "Document",
    "GroupSummary",
    "HeatCell",
    "HeatRow",
    "LegendItem",
    "Line",
    "RecommendationGroup",
    "SchoolItem",
    "SchoolSection",
    "build_document",
]

#: Outcomes that are gaps in the data rather than a fact about the school: listed apart.
_GAPS = (Outcome.NO_DATA, Outcome.OUT_OF_RANGE, Outcome.INSUFFICIENT_HISTORY)


@attrs.frozen
class LegendItem:
    """A level as the legend shows it; ``rank`` 0 is the worst."""

    id: str
    title: str
    rank: int


@attrs.frozen
class HeatCell:
    """One school's value of one indicator: the text shown and the level that colours it."""

    display: str
    level: str | None = None
    rank: int | None = None
    #: Why there is no value (``нет данных``); empty when there is one.
    note: str = ""


@attrs.frozen
class HeatRow:
    """A row of the heat map: a school and its cells in indicator order."""

    school_id: str
    school_name: str
    cells: tuple[HeatCell, ...]


@attrs.frozen
class Bar:
    """One school's bar in an indicator's chart."""

    school_name: str
    value: float
    display: str
    level: str | None
    rank: int | None


@attrs.frozen
class Line:
    """A vertical line across a chart: a band edge or the municipal value, with its label."""

    value: float
    label: str


@attrs.frozen
class Chart:
    """The bar chart of one indicator: bars sorted by value, thresholds, municipal values."""

    number: int
    indicator: str
    title: str
    unit: Unit
    bars: tuple[Bar, ...]
    thresholds: tuple[Line, ...] = ()
    references: tuple[Line, ...] = ()
    #: Schools with no value, as ``name (outcome)``: named under the chart, not dropped.
    missing: tuple[str, ...] = ()
    #: The entities in the dative plural: «столбчатая диаграмма по 12 ОО».
    entity_dative: str = "ОО"


@attrs.frozen
class ConclusionItem:
    """A conclusion (общий вывод) of a group: its value, level and rendered texts."""

    title: str
    display: str
    level: str | None
    level_title: str
    rank: int | None
    #: (addressee title, text).
    texts: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class GroupSummary:
    """The municipality summary of one group: aggregate values and conclusions."""

    group_title: str
    group_name: str
    aggregates: tuple[tuple[str, str], ...] = ()
    conclusions: tuple[ConclusionItem, ...] = ()
    score: str = ""


@attrs.frozen
class RecommendationGroup:
    """The recommendations of one indicator (or conclusion) to one addressee."""

    source: str
    #: (school or group name, text) in report order.
    items: tuple[tuple[str, str], ...]
    #: Whether the recommendations come from a conclusion (a group), not from schools.
    from_group: bool = False

    @property
    def entities(self) -> tuple[str, ...]:
        """The schools (or groups) the recommendations apply to, each once."""
        return tuple(dict.fromkeys(name for name, _ in self.items))


@attrs.frozen
class AddresseeBlock:
    """Every recommendation to one addressee, grouped by the indicator that gave it."""

    to: str
    title: str
    groups: tuple[RecommendationGroup, ...]


@attrs.frozen
class SchoolItem:
    """One finding as a school's section shows it."""

    title: str
    display: str
    status: str
    level: str | None
    rank: int | None
    explanation: str = ""
    reason: str = ""
    #: (addressee title, text).
    recommendations: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class SchoolSection:
    """«Адресные рекомендации руководителю …»: every finding of one school."""

    school_id: str
    school_name: str
    items: tuple[SchoolItem, ...]
    score: str = ""


@attrs.frozen
class DataGap:
    """A finding without a value because of the data, and why."""

    school_name: str
    indicator: str
    outcome: str
    reason: str


@attrs.frozen
class Document:
    """Everything a report shows, in order; renderers only lay it out."""

    title: str
    ruleset_id: str
    version: str
    period: str
    periods: tuple[str, ...]
    entity_title: str
    issuer: str = ""
    source: str = ""
    #: (parameter title, value) as used in the run.
    parameters: tuple[tuple[str, str], ...] = ()
    legend: tuple[LegendItem, ...] = ()
    summaries: tuple[GroupSummary, ...] = ()
    addressees: tuple[AddresseeBlock, ...] = ()
    #: (number, indicator title) in column order; the heat map heads its columns by number.
    indicators: tuple[tuple[int, str], ...] = ()
    heat_map: tuple[HeatRow, ...] = ()
    charts: tuple[Chart, ...] = ()
    schools: tuple[SchoolSection, ...] = ()
    gaps: tuple[DataGap, ...] = ()
    #: Warnings met while reading the facts, as ``file:line:col: code: message``.
    warnings: tuple[str, ...] = ()
    #: The entity's title with numbers, in the dative plural, and whom sections address.
    entity_forms: tuple[str, ...] = ()
    entity_dative: str = "ОО"
    entity_head: str = "руководителю"

    def entity_count(self, n: int) -> str:
        """``12 ОО``, ``3 школы``: a number of entities."""
        return entity_count(n, self.entity_title, self.entity_forms)


class PeriodNotFoundError(ValueError):
    """The requested period is not in the report."""


def build_document(report: Report, ruleset: Ruleset, *, period: str | None = None) -> Document:
    """The content of the report for one period (the latest by default).

    Raises PeriodNotFoundError when ``period`` is not among the report's periods.
    """
    periods = report_periods(report)
    if period is None:
        period = periods[-1] if periods else report.ruleset.period
    elif period not in periods:
        listed = ", ".join(periods) or "none"
        raise PeriodNotFoundError(f"period {period!r} is not in the report (periods: {listed})")
    # The history the run read counts among the periods in the data, though not reported.
    return _Builder(report, ruleset, period).build(tuple(sorted({*report.history, *periods})))


class _Builder:
    def __init__(self, report: Report, ruleset: Ruleset, period: str) -> None:
        self.report = report
        self.ruleset = ruleset
        self.period = period
        self.info = report.ruleset
        self.rank = {level_id: i for i, (level_id, _) in enumerate(self.info.levels)}
        self.level_titles = dict(self.info.levels)
        self.findings = [f for f in report.findings if f.period == period]
        self.indicator_titles = dict(self.info.indicators)
        self.columns = self._columns()

    def build(self, periods: tuple[str, ...]) -> Document:
        meta = self.ruleset.metadata
        specs = self.ruleset.parameters
        return Document(
            title=self.info.title or self.info.id,
            ruleset_id=self.info.id,
            version=self.info.version,
            period=self.period,
            periods=periods,
            entity_title=self.info.entity_title,
            entity_forms=self.info.entity_forms,
            entity_dative=self.info.entity_dative,
            entity_head=self.info.entity_head,
            issuer=meta.issuer,
            source=meta.source,
            parameters=tuple(
                (specs[name].title if name in specs else name, _param(value, specs.get(name)))
                for name, value in self.report.parameters.items()
            ),
            legend=tuple(LegendItem(i, t, self.rank[i]) for i, t in self.info.levels),
            summaries=self._summaries(),
            addressees=self._addressees(),
            indicators=tuple(
                (n, self.indicator_titles.get(ident, ident))
                for n, ident in enumerate(self.columns, 1)
            ),
            heat_map=self._heat_map(),
            charts=self._charts(),
            schools=self._schools(),
            gaps=tuple(
                DataGap(
                    f.school_name,
                    self.indicator_titles.get(f.indicator, f.indicator),
                    OUTCOME_TITLES[f.outcome],
                    f.reason,
                )
                for f in self.findings
                if f.outcome in _GAPS
            ),
            warnings=tuple(str(w.localized(meta.locale)) for w in self.report.warnings),
        )

    def _columns(self) -> tuple[str, ...]:
        present = {f.indicator for f in self.findings}
        declared = [ident for ident, _ in self.info.indicators if ident in present]
        return (*declared, *sorted(present - set(declared)))

    def _status(self, finding: Finding) -> str:
        return status_title(finding, self.level_titles)

    def _by_school(self) -> dict[tuple[str, str], list[Finding]]:
        schools: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            schools.setdefault((finding.school_id, finding.school_name), []).append(finding)
        return schools

    def _heat_map(self) -> tuple[HeatRow, ...]:
        rows = []
        for (school_id, name), findings in self._by_school().items():
            by_indicator = {f.indicator: f for f in findings}
            cells = []
            for ident in self.columns:
                finding = by_indicator.get(ident)
                if finding is None:
                    cells.append(HeatCell("", note="нет результата"))
                elif finding.value is None:
                    cells.append(HeatCell("—", note=OUTCOME_TITLES[finding.outcome]))
                else:
                    level = finding.level
                    cells.append(HeatCell(finding.display, level, self.rank.get(level or "")))
            rows.append(HeatRow(school_id, name, tuple(cells)))
        return tuple(rows)

    def _charts(self) -> tuple[Chart, ...]:
        specs = self.ruleset.indicators
        charts = []
        for number, ident in enumerate(self.columns, 1):
            spec = specs.get(ident)
            findings = [f for f in self.findings if f.indicator == ident]
            bars = [
                Bar(f.school_name, float(f.value), f.display, f.level, self.rank.get(f.level or ""))
                for f in findings
                if f.value is not None and not isinstance(f.value, bool)
            ]
            # A yes/no indicator or a school trend has no scale to draw; the heat map shows it.
            if spec is None or spec.unit is Unit.BOOLEAN or not bars:
                continue
            bars.sort(key=lambda b: -b.value)
            charts.append(
                Chart(
                    number=number,
                    indicator=ident,
                    title=spec.title,
                    unit=spec.unit,
                    bars=tuple(bars),
                    thresholds=self._thresholds(spec.bands, spec.unit),
                    references=self._references(ident),
                    missing=tuple(
                        f"{f.school_name} ({OUTCOME_TITLES[f.outcome]})"
                        for f in findings
                        if f.value is None
                    ),
                    entity_dative=self.info.entity_dative,
                )
            )
        return tuple(charts)

    def _thresholds(self, bands: Sequence[Band], unit: Unit) -> tuple[Line, ...]:
        if len(bands) < 2:  # one band ("at least 0") has no edge worth a line
            return ()
        edges: set[float] = set()
        for band in bands:
            for bound in (band.lower, band.upper):
                # Edges that move with the group's value have no one place: the pooled
                # value's own line (references) shows where they are.
                if bound is None or (bound.parameter or "") not in {"", *self.report.parameters}:
                    continue
                resolved = resolve(bound, self.report.parameters)
                if resolved is not None:
                    edges.add(resolved.value)
        return tuple(Line(v, format_threshold(v, unit)) for v in sorted(edges))

    def _references(self, indicator: str) -> tuple[Line, ...]:
        """The pooled aggregates of the indicator in this period: the municipal value."""
        pooled = {
            a.id
            for a in self.ruleset.compiled.aggregates
            if a.method is AggregateMethod.POOLED and a.of == indicator and a.of_kind == "indicator"
        }
        results = [
            r
            for r in self.report.aggregates
            if r.aggregate in pooled and r.period == self.period and r.value is not None
        ]
        # With one group the line is "МО: 44,7%"; with several each says whose value it is.
        several = len({r.group_id for r in results}) > 1
        return tuple(
            Line(
                r.value,
                f"{self.info.group_title}{' ' + r.group_name if several else ''}: {r.display}",
            )
            for r in results
            if r.value is not None
        )

    def _summaries(self) -> tuple[GroupSummary, ...]:
        titles = dict(self.info.aggregates)
        conclusion_titles = dict(self.info.conclusions)
        groups: dict[str, tuple[str, list[tuple[str, str]], list[ConclusionItem]]] = {}
        for result in self.report.aggregates:
            if result.period == self.period:
                groups.setdefault(result.group_id, (result.group_name, [], []))[1].append(
                    (titles.get(result.aggregate, result.aggregate), result.display or "—")
                )
        for finding in self.report.conclusions:
            if finding.period != self.period:
                continue
            groups.setdefault(finding.school_id, (finding.school_name, [], []))[2].append(
                ConclusionItem(
                    title=conclusion_titles.get(finding.indicator, finding.indicator),
                    display=finding.display if finding.value is not None else "—",
                    level=finding.level,
                    level_title=self._status(finding),
                    rank=self.rank.get(finding.level or ""),
                    texts=tuple((r.to_title, r.text) for r in finding.recommendations),
                )
            )
        scores = self._scores("group")
        return tuple(
            GroupSummary(
                self.info.group_title,
                name,
                tuple(aggregates),
                tuple(conclusions),
                scores.get(group_id, ""),
            )
            for group_id, (name, aggregates, conclusions) in sorted(groups.items())
        )

    def _scores(self, scope: str) -> dict[str, str]:
        return {
            s.entity_id: self._score_text(s)
            for s in self.report.scores
            if s.period == self.period and s.scope == scope and s.maximum  # else nothing scored
        }

    def _score_text(self, score: Score) -> str:
        maximum = format_count(score.maximum, "балла", "баллов", "баллов")
        text = f"{format_number(score.total)} из {maximum}"
        if score.percent is not None:
            text += f" ({format_number(score.percent, 1)}%)"
        if score.level is not None:
            text += f" — {self.level_titles.get(score.level, score.level)}"
        return text

    def _addressees(self) -> tuple[AddresseeBlock, ...]:
        conclusion_titles = dict(self.info.conclusions)
        blocks: dict[str, tuple[str, dict[tuple[str, bool], list[tuple[str, str]]]]] = {}
        order = list(self.ruleset.compiled.addressees)
        sources: Iterable[tuple[Finding, bool]] = [
            *((f, True) for f in self.report.conclusions if f.period == self.period),
            *((f, False) for f in self.findings),
        ]
        for finding, from_group in sources:
            titles = conclusion_titles if from_group else self.indicator_titles
            source = (titles.get(finding.indicator, finding.indicator), from_group)
            for rec in finding.recommendations:
                _, by_source = blocks.setdefault(rec.to, (rec.to_title, {}))
                by_source.setdefault(source, []).append((finding.school_name, rec.text))
        ranked = sorted(
            blocks.items(),
            key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
        )
        return tuple(
            AddresseeBlock(
                to,
                _capitalised(title),
                tuple(
                    RecommendationGroup(source, tuple(items), from_group)
                    for (source, from_group), items in by_source.items()
                ),
            )
            for to, (title, by_source) in ranked
        )

    def _schools(self) -> tuple[SchoolSection, ...]:
        scores = self._scores("school")
        return tuple(
            SchoolSection(
                school_id,
                name,
                tuple(
                    SchoolItem(
                        title=self.indicator_titles.get(f.indicator, f.indicator),
                        display=f.display if f.value is not None else "—",
                        status=self._status(f),
                        level=f.level,
                        rank=self.rank.get(f.level or ""),
                        explanation=f.explanation,
                        reason=f.reason,
                        recommendations=tuple((r.to_title, r.text) for r in f.recommendations),
                    )
                    for f in findings
                ),
                scores.get(school_id, ""),
            )
            for (school_id, name), findings in self._by_school().items()
        )


def _param(value: ParamValue, spec: ParameterSpec | None) -> str:
    text = param_text(value)
    if spec is None or not spec.unit or isinstance(value, (bool, str)):
        return text
    return text + "%" if spec.unit == "%" else f"{text} {spec.unit}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
