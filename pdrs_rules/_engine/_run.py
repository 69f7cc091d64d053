"""EVALUATE, several levels and periods: the run order of docs/municipal.md.

Periods in order; within a period and group: school indicators, school trends, aggregates,
comparisons (the school program again, now with the aggregates), conclusions, group trends,
scores. Every step reads only what the steps before it produced, so each value is computed once
per period and nothing depends on the order of rows in the facts table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._facts._periods import RunPeriods, choose_periods
from pdrs_rules._model import (
    AggregateResult,
    AggregateSpec,
    EntitySpec,
    Finding,
    Outcome,
    ParamValue,
    School,
    Score,
    TrendSpec,
)
from pdrs_rules.errors import Diagnostic, Severity
from pdrs_rules.report import Report

from ._aggregate import SchoolState, compute, indicator_states, template_values
from ._evaluate import STATUSES, Evaluator, Extra, _Context, result_value
from ._history import (
    Past,
    fact_points,
    finding_points,
    forget,
    kept_periods,
    previous_names,
    series,
    value_points,
    with_previous,
)
from ._recommend import value_of
from ._scoring import maxima, score
from ._trend import Point, history_length, run_trend_finding

__all__ = ["RunResult", "RunStream", "counted_parts", "iter_run"]


@attrs.frozen
class RunResult:
    """What a multi-level run produced of one group in one period (a part of :func:`iter_run`)."""

    findings: tuple[Finding, ...]
    conclusions: tuple[Finding, ...]
    aggregates: tuple[AggregateResult, ...]
    scores: tuple[Score, ...]
    #: Group facts rows whose group and period have no schools: reported, not dropped silently.
    unused_group_rows: tuple[School, ...] = ()
    #: How many schools the findings are of (a part of :func:`iter_run`: one group's).
    schools: int = 0


def iter_run(
    compiled: CompiledRuleset,
    params: Mapping[str, ParamValue],
    schools: Iterable[School],
    group_facts: Iterable[School] = (),
    periods: RunPeriods | None = None,
) -> Iterator[RunResult]:
    """Evaluate every school, aggregate and conclusion over the run's periods, in order.

    ``periods`` says which periods are evaluated and which of them are reported (by default
    every period of ``schools``); the others are history: they are computed, for
    ``previous()`` and trends, and leave nothing in the result. Each reported period's
    groups are handed over as they are finished.

    A part holds one group's findings, aggregates, conclusions and scores of one period and
    how many schools it has; the last part holds only the unused group facts rows. Memory
    holds the facts and the history trends read, not the findings of the parts before.
    """
    rows = list(schools)
    if periods is None:
        default = compiled.metadata.period
        periods = choose_periods({s.period or default for s in rows}, all_periods=True)
    return _Run(compiled, params).parts(rows, list(group_facts), periods)


class _Run:
    def __init__(self, compiled: CompiledRuleset, params: Mapping[str, ParamValue]) -> None:
        self.c = compiled
        self.params = dict(params)
        extras = {a.id: Extra(a.title, a.unit, a.precision) for a in compiled.aggregates}
        self.school_ev = Evaluator(compiled, params, extras)
        group_level = attrs.evolve(
            compiled,
            facts=compiled.group_facts,
            indicators=compiled.conclusions,
            declared_order=compiled.conclusion_order,
            entity=EntitySpec(title=compiled.group.title),
        )
        self.group_ev = Evaluator(group_level, params, extras, compiled.entity.no_value)
        #: Whether school indicators are computed again once the aggregates exist.
        self.second_pass = bool(compiled.second_pass)
        self.first_stage = [a for a in compiled.aggregates if a.stage == 1]
        self.second_stage = [a for a in compiled.aggregates if a.stage == 2]
        self.school_trends = [t for t in compiled.trends if t.scope == "school"]
        self.trend_ids = {t.id for t in self.school_trends}
        self.group_trends = [t for t in compiled.trends if t.scope == "group"]
        self.indicators = {i.id: i for i in compiled.indicators}
        self.conclusions = {i.id: i for i in compiled.conclusions}
        self.aggregates = {a.id: a for a in compiled.aggregates}
        self.school_history: Past = defaultdict(dict)
        self.group_history: Past = defaultdict(dict)
        #: What the history of each level is read for: trends' values and ``previous()``;
        #: nothing else is kept of a past period.
        self.school_reads = {t.of for t in self.school_trends} | previous_names(self.school_ev)
        self.group_reads = {t.of for t in self.group_trends} | previous_names(self.group_ev)
        self.school_read_facts = [n for n in self.school_ev.facts if n in self.school_reads]
        self.group_read_facts = [n for n in self.group_ev.facts if n in self.group_reads]
        points = [(i.id, [b.points for b in i.bands]) for i in compiled.indicators]
        points += [(t.id, [r.points for r in t.rules]) for t in compiled.trends]
        points += [(i.id, [b.points for b in i.bands]) for i in compiled.conclusions]
        self.maxima = maxima(points)
        trends = {t.id: t for t in compiled.trends}
        self.kept = kept_periods(compiled.trends)
        #: Aggregates over trend rules: the fewest periods any of their rules needs.
        self.rule_periods = {
            a.id: min(trends[a.of].needs(r) for r in trends[a.of].rules if r.id in a.rules)
            for a in compiled.aggregates
            if a.rules and a.of in trends
        }
        #: Aggregates whose {x.schools} show something else than the value of `of`.
        self.shown = [a for a in compiled.aggregates if a.show not in {None, "none"}]
        self.slots = {ind.id: slot for slot, ind in enumerate(compiled.indicators)}
        #: (period, school id) -> the row's place in the facts, for `order: facts`.
        self.positions: dict[tuple[str, str], int] = {}
        self.pooled = {}
        for spec in compiled.aggregates:
            formula = compiled.formulas.get(spec.of or "")
            if formula is not None and (formula.share_parts or formula.ratio_parts):
                parts = formula.share_parts or formula.ratio_parts
                assert parts is not None  # noqa: S101 - one of the two is set
                self.pooled[spec.id] = (parts[0], parts[1], formula.share_parts is not None)

    def parts(
        self, schools: Sequence[School], group_rows: Sequence[School], chosen: RunPeriods
    ) -> Iterator[RunResult]:
        """What each group gives in each reported period, as soon as it is computed.

        The last part holds only the group facts rows no school used.
        """
        default_period = self.c.metadata.period
        periods = list(chosen.evaluated)
        # A group row is unused when its period has no schools at all, not when the period
        # lies after the reporting one: that is the user's choice of period, not a mistake.
        present = {(s.group or self.c.group.id, s.period or default_period) for s in schools}
        self.positions = {(s.period or default_period, s.id): i for i, s in enumerate(schools)}
        group_facts = {(g.id, g.period or default_period): g for g in group_rows}
        for index, period in enumerate(periods):
            previous = periods[index - 1] if index else None
            by_group: dict[str, list[School]] = defaultdict(list)
            names: dict[str, str] = {}
            for school in schools:
                if (school.period or default_period) == period:
                    group = school.group or self.c.group.id
                    by_group[group].append(school)
                    if school.group_name and group not in names:
                        names[group] = school.group_name
            for group in sorted(by_group):
                members = sorted(by_group[group], key=lambda s: s.id)
                name = names.get(group) or self.c.group.name or group
                reported = period in chosen.reported
                out = self._group(
                    (group, name),
                    period,
                    previous,
                    periods[: index + 1],
                    members,
                    group_facts,
                    reported=reported,
                )
                if reported:  # history fed previous() and trends, and is not reported
                    yield attrs.evolve(out, schools=len(members))
            forget((self.school_history, self.group_history), periods[: index + 1], self.kept)
        unused = tuple(row for key, row in group_facts.items() if key not in present)
        yield RunResult((), (), (), (), unused)

    # -- one group in one period -----------------------------------------------------------------

    def _group(
        self,
        group: tuple[str, str],
        period: str,
        previous: str | None,
        periods: Sequence[str],
        members: Sequence[School],
        group_facts: Mapping[tuple[str, str], School],
        *,
        reported: bool = True,
    ) -> RunResult:
        # Pass 1: the schools without aggregates (comparisons come out as no_data, unused).
        first = [self._with_inputs(s, previous, {}) for s in members]
        pairs = [self._state(s, period, periods) for s in first]
        states = [state for state, _ in pairs]
        raws = [raw for _, raw in pairs]
        results = self._aggregates(self.first_stage, states, group, period)
        inputs = self._inputs(results)
        findings: list[Finding] = []
        scores: list[Score] = []
        later: list[SchoolState] = []
        for school, state, raw in zip(members, states, raws, strict=True):
            augmented = self._with_inputs(school, previous, inputs)
            # Without a second pass the first already computed every value.
            second = self.school_ev.score(augmented) if self.second_pass else raw
            if not reported and not self.second_stage:
                # History feeds previous() and trends with values alone: no texts are built
                # for findings nobody reads (second-stage aggregates read whole findings).
                self._remember_values(school, augmented, period, second)
                continue
            own = self.school_ev.findings(augmented, previous, second)
            self._remember(school, period, own)
            own += self._trends(self.school_trends, self.school_ev, augmented, own, periods)
            findings.extend(own)
            score = self._score(own, "school")
            scores += score
            if self.second_stage:
                later.append(self._later(state, augmented, second, own, score))
        # Stage 2: aggregates over the second pass (comparisons, levels against the group's
        # value, aggregates in conditions, scores).
        late = self._aggregates(self.second_stage, later, group, period)
        inputs.update(self._inputs(late))
        results += late
        conclusions: list[Finding] = []
        if self.c.conclusions or self.group_trends:
            base = group_facts.get((group[0], period))
            facts = dict(base.facts) if base is not None else {}
            for name in self.group_ev.facts:
                facts.setdefault(name, None)
            entity = School(group[0], group[1], {**facts, **inputs}, period)
            entity = with_previous(entity, self.group_ev, previous, self.group_history)
            conclusions = self.group_ev.findings(entity, previous)
            self._remember_group(group[0], period, conclusions, results, entity)
            conclusions += self._trends(
                self.group_trends, self.group_ev, entity, conclusions, periods
            )
            scores += self._score(conclusions, "group")
        return RunResult(tuple(findings), tuple(conclusions), results, tuple(scores))

    def _aggregates(
        self,
        specs: Sequence[AggregateSpec],
        states: Sequence[SchoolState],
        group: tuple[str, str],
        period: str,
    ) -> tuple[AggregateResult, ...]:
        return tuple(
            compute(
                spec,
                states,
                self.params,
                self.c.conditions.get(spec.id),
                self.pooled.get(spec.id),
                group=group,
                period=period,
                rule_periods=self.rule_periods.get(spec.id, 0),
                no_value=self.c.entity.no_value,
            )
            for spec in specs
        )

    def _inputs(self, results: Sequence[AggregateResult]) -> dict[str, Any]:
        """What formulas and texts read of aggregates: values, and ``{x.schools}`` etc."""
        inputs: dict[str, Any] = {}
        for result in results:
            spec = self.aggregates[result.aggregate]
            inputs.update(template_values(result, spec, self.c.entity))
        return inputs

    def _later(
        self,
        first: SchoolState,
        school: School,
        raw: tuple[Any, ...],
        own: Sequence[Finding],
        score: Sequence[Score],
    ) -> SchoolState:
        """A school as second-stage aggregates see it: its findings after the second pass."""
        values, statuses = self.school_ev.values_of(raw)
        context = _Context(self.school_ev, school, values, statuses)
        indicators, titles = indicator_states(self.c.indicators, context, raw)
        trends = {
            f.indicator: (
                f.value,
                f.outcome,
                f.band.rule if f.band is not None else None,
                f.display,
            )
            for f in own
            if f.indicator in self.trend_ids
        }
        notes = {spec.id: self._note(spec, context, indicators, raw) for spec in self.shown}
        return attrs.evolve(
            first,
            school=school,
            indicators=indicators,
            trends=trends,
            notes=notes,
            score=score[0] if score else None,
            titles=titles,
        )

    def _with_inputs(
        self, school: School, previous: str | None, inputs: Mapping[str, Any]
    ) -> School:
        aggregates = dict.fromkeys(self.aggregates)
        school = attrs.evolve(school, facts={**school.facts, **aggregates, **inputs})
        return with_previous(school, self.school_ev, previous, self.school_history)

    def _state(
        self, school: School, period: str, periods: Sequence[str]
    ) -> tuple[SchoolState, tuple[Any, ...]]:
        values, statuses, raw = self.school_ev.results(school)
        context = _Context(self.school_ev, school, values, statuses)
        indicators, titles = indicator_states(self.c.indicators, context, raw)
        trends: dict[str, tuple[Any, Outcome, str | None, str]] = {}
        lengths: dict[str, int] = {}
        if self.school_trends:
            current = {
                ident: Point(period, item[0], item[1], item[3])
                for ident, item in indicators.items()
            }
            for spec in self.school_trends:
                points = series(self.school_history, school.id, spec.of, periods, current)
                found = run_trend_finding(self.c, self.params, spec, points, school, context.named)
                rule = spec.rules[found.band.index].id if found.band is not None else None
                trends[spec.id] = (found.value, found.outcome, rule, found.display)
                lengths[spec.id] = history_length(points)
        notes = {spec.id: self._note(spec, context, indicators, raw) for spec in self.shown}
        position = self.positions.get((period, school.id), 0)
        state = SchoolState(school, indicators, trends, lengths, position, notes, titles=titles)
        return state, raw

    def _note(
        self,
        spec: AggregateSpec,
        context: _Context,
        indicators: Mapping[str, tuple[Any, Outcome, str | None, str]],
        raw: Sequence[Any],
    ) -> str:
        """What ``{x.schools}`` shows of one school in brackets: the aggregate's ``show``."""
        show = spec.show or ""
        if show in indicators:
            return indicators[show][3]
        fact = self.school_ev.facts.get(show)
        if fact is not None:
            return value_of(context.school.facts.get(show), fact.type).text
        of = self.indicators[spec.of or ""]
        slot = self.slots[of.id]
        return context.text_of(show, of, result_value(raw[3 * slot]), raw[3 * slot + 2])

    # -- trends and history ----------------------------------------------------------------------

    def _trends(
        self,
        specs: Sequence[TrendSpec],
        evaluator: Evaluator,
        entity: School,
        own: Sequence[Finding],
        periods: Sequence[str],
    ) -> list[Finding]:
        if not specs:
            return []
        history = self.school_history if evaluator is self.school_ev else self.group_history
        current = history[entity.id][periods[-1]]
        values = {f.indicator: f.value for f in own}
        statuses = {f.indicator: STATUSES[f.outcome] for f in own}
        context = _Context(evaluator, entity, values, statuses)
        out = []
        for spec in specs:
            points = series(history, entity.id, spec.of, periods, current)
            out.append(run_trend_finding(self.c, self.params, spec, points, entity, context.named))
        return out

    def _remember(self, school: School, period: str, own: Sequence[Finding]) -> None:
        """What trends and ``previous()`` will read of a school's findings and facts."""
        self.school_history[school.id][period] = {
            **finding_points(period, own, self.school_reads),
            **fact_points(period, self.school_read_facts, school),
        }

    def _remember_values(
        self, school: School, augmented: School, period: str, raw: Sequence[Any]
    ) -> None:
        """What :meth:`_remember` keeps of a school, from its program result alone."""
        points = value_points(self.school_ev, augmented, period, raw, self.school_reads)
        points.update(fact_points(period, self.school_read_facts, school))
        self.school_history[school.id][period] = points

    def _remember_group(
        self,
        group: str,
        period: str,
        conclusions: Sequence[Finding],
        results: Sequence[AggregateResult],
        entity: School,
    ) -> None:
        read = self.group_reads
        points = finding_points(period, conclusions, read)
        for result in results:
            if result.aggregate in read:
                outcome = Outcome.EVALUATED if result.value is not None else Outcome.NO_DATA
                points[result.aggregate] = Point(period, result.value, outcome, result.display)
        points.update(fact_points(period, self.group_read_facts, entity))
        self.group_history[group][period] = points

    def _score(self, findings: Sequence[Finding], scope: str) -> list[Score]:
        if self.c.scoring is None:
            return []
        result = score(findings, self.maxima, self.c.scoring, self.params, scope=scope)
        return [] if result is None else [result]


@attrs.define
class RunStream:
    """A multi-level run group by group (``Ruleset._stream_run``)."""

    #: The report without findings: the ruleset, parameters, period and history.
    head: Report
    #: One group's findings, aggregates, conclusions and scores of one period at a time.
    parts: Iterator[RunResult]
    #: The warnings, whole once ``parts`` is exhausted (unused group rows come last).
    warnings: list[Diagnostic]


def counted_parts(
    parts: Iterator[RunResult],
    warnings: list[Diagnostic],
    progress: Callable[[int], None] | None,
) -> Iterator[RunResult]:
    """The parts, with progress by schools done and the unused group rows as warnings."""
    done = 0
    if progress is not None:
        progress(0)
    for part in parts:
        done += part.schools
        if progress is not None and part.schools:
            progress(done)
        warnings.extend(
            Diagnostic(
                "unused-group-row",
                f"group {row.id!r}"
                + (f" in period {row.period!r}" if row.period else "")
                + " has no schools in the facts; its group facts are not used",
                row.location,
                Severity.WARNING,
            )
            for row in part.unused_group_rows
        )
        yield part
