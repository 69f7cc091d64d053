"""The content of a printable report, independent of its format: what HTML and Markdown show."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from pdrs_rules._compile._bands import resolve
from pdrs_rules._i18n._russian import format_count, format_number
from pdrs_rules._model import (
    AggregateMethod,
    Band,
    Finding,
    IndicatorSpec,
    Outcome,
    ParameterSpec,
    ParamValue,
    Score,
    Unit,
    format_threshold,
    format_value,
)
from pdrs_rules.report import Report, report_periods, status_title
from pdrs_rules.report._report import OUTCOME_TITLES, param_text

from ._distribution import MAX_BARS, Tally, distribution
from ._parts import (
    AddresseeBlock,
    Bar,
    Chart,
    ConclusionItem,
    DataGap,
    Document,
    GroupSummary,
    HeatCell,
    HeatRow,
    LegendItem,
    Line,
    RecommendationGroup,
    SchoolItem,
    SchoolSection,
    SharedText,
)
from ._wording import Item, Wording, shared_parts

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
    "SharedText",
    "build_document",
]

#: Outcomes that are gaps in the data rather than a fact about the school: listed apart.
_GAPS = (Outcome.NO_DATA, Outcome.OUT_OF_RANGE, Outcome.INSUFFICIENT_HISTORY)


class PeriodNotFoundError(ValueError):
    """The requested period is not in the report; ``periods`` are those it has."""

    periods: tuple[str, ...] = ()


def build_document(
    report: Report,
    ruleset: Ruleset,
    *,
    period: str | None = None,
    share_texts: bool = True,
    periods: tuple[str, ...] | None = None,
) -> Document:
    """The content of the report for one period (the latest by default).

    ``share_texts=False`` lists every school's text in full, also where several share one
    (the report before issue 16, kept to measure what sharing saves). ``periods`` are the
    periods of the run when ``report`` holds only some of its findings (a page of a report
    split over several). Raises PeriodNotFoundError when ``period`` is not among them.
    """
    if periods is None:
        periods = report_periods(report)
    if period is None:
        period = periods[-1] if periods else report.ruleset.period
    elif period not in periods:
        listed = ", ".join(periods) or "none"
        error = PeriodNotFoundError(f"period {period!r} is not in the report (periods: {listed})")
        error.periods = periods
        raise error
    # The history the run read counts among the periods in the data, though not reported.
    shown_periods = tuple(sorted({*report.history, *periods}))
    return _Builder(report, ruleset, period, share_texts=share_texts).build(shown_periods)


def chart_frames(
    report: Report, ruleset: Ruleset, period: str
) -> dict[str, tuple[Chart, Callable[[float], str]]]:
    """Each numeric indicator's chart without bars, and how it writes a value, by id.

    For a summary of many schools, whose charts are distributions collected elsewhere.
    """
    builder = _Builder(report, ruleset, period)
    return {
        ident: (builder.chart_frame(number, spec), builder.shown(spec))
        for number, (ident, spec) in enumerate(ruleset.indicators.items(), 1)
        if spec.unit is not Unit.BOOLEAN
    }


class _Builder:
    def __init__(
        self, report: Report, ruleset: Ruleset, period: str, *, share_texts: bool = True
    ) -> None:
        self.share_texts = share_texts
        self.report = report
        self.ruleset = ruleset
        self.period = period
        self.info = report.ruleset
        self.rank = {level_id: i for i, (level_id, _) in enumerate(self.info.levels)}
        self.level_titles = dict(self.info.levels)
        self.findings = [f for f in report.findings if f.period == period]
        self.indicator_titles = dict(self.info.indicators)
        self.columns = self._columns()
        self.wording = Wording(ruleset)

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
            shorts=tuple(self.wording.shorts.get(ident, "") for ident in self.columns),
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
            missing = [f for f in findings if f.value is None]
            chart = attrs.evolve(
                self.chart_frame(number, spec),
                bars=tuple(bars),
                missing=tuple(f"{f.school_name} ({OUTCOME_TITLES[f.outcome]})" for f in missing),
                count=len(bars),
            )
            if len(bars) > MAX_BARS:
                tally = Tally(spec.better, len(self.info.levels))
                for bar in bars:
                    tally.add(bar.value, bar.rank, bar.school_name, bar.display)
                chart = distribution(chart, tally, shown=self.shown(spec), missing=len(missing))
            charts.append(chart)
        return tuple(charts)

    def chart_frame(self, number: int, spec: IndicatorSpec) -> Chart:
        """An indicator's chart without its bars: the title, the band edges, the МО line."""
        return Chart(
            number=number,
            indicator=spec.id,
            title=spec.title,
            unit=spec.unit,
            bars=(),
            thresholds=self._thresholds(spec.bands, spec.unit),
            references=self._references(spec.id),
            entity_dative=self.info.entity_dative,
        )

    @staticmethod
    def shown(spec: IndicatorSpec) -> Callable[[float], str]:
        """How the indicator writes a value: its unit and precision."""
        return lambda value: format_value(value, spec.unit, spec.precision)

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
        blocks: dict[str, tuple[str, dict[tuple[str, bool], list[Item]]]] = {}
        order = list(self.ruleset.compiled.addressees)
        sources: Iterable[tuple[Finding, bool]] = [
            *((f, True) for f in self.report.conclusions if f.period == self.period),
            *((f, False) for f in self.findings),
        ]
        for finding, from_group in sources:
            titles = conclusion_titles if from_group else self.indicator_titles
            source = (titles.get(finding.indicator, finding.indicator), from_group)
            known = self.wording.known(finding)
            for index, rec in enumerate(finding.recommendations):
                _, by_source = blocks.setdefault(rec.to, (rec.to_title, {}))
                template = self.wording.template(finding, index)
                item = (finding.school_name, rec.text, template, known)
                by_source.setdefault(source, []).append(item)
        ranked = sorted(
            blocks.items(),
            key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
        )
        return tuple(
            AddresseeBlock(
                to,
                _capitalised(title),
                tuple(
                    RecommendationGroup(
                        source,
                        tuple((name, text) for name, text, _, _ in items),
                        from_group,
                        shared_parts(items, self.wording.label) if self.share_texts else (),
                    )
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
                        explanation=self.wording.explain(f),
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
