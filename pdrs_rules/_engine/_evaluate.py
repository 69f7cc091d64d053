"""EVALUATE: run the compiled program over schools and turn its results into findings; no I/O."""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from pdrs_rules._compile._bands import ResolvedBound, canonical, relative_base, resolve
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula import _grammar
from pdrs_rules._formula._explain import explanation_pieces
from pdrs_rules._formula._template import TemplateValue
from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import (
    Band,
    BandRef,
    Better,
    Finding,
    IndicatorSpec,
    Outcome,
    ParameterSpec,
    ParamValue,
    Recommendation,
    RecommendationSpec,
    School,
    Unit,
    ValueType,
    format_threshold,
    format_value,
)

from ._program import (
    EVALUATED,
    INSUFFICIENT_HISTORY,
    MAX_RESULT,
    NO_DATA,
    NOT_APPLICABLE,
    OUT_OF_RANGE,
    Program,
    build_program,
)
from ._recommend import (
    DASH,
    NO_DATA_DISPLAY,
    Names,
    bound_values,
    gap,
    gap_targets,
    shortfall,
    threshold_of,
    value_of,
)

_OUTCOMES = {
    EVALUATED: Outcome.EVALUATED,
    NO_DATA: Outcome.NO_DATA,
    NOT_APPLICABLE: Outcome.NOT_APPLICABLE,
    OUT_OF_RANGE: Outcome.OUT_OF_RANGE,
    INSUFFICIENT_HISTORY: Outcome.INSUFFICIENT_HISTORY,
}
#: The program's status of each outcome: the inverse of _OUTCOMES.
STATUSES = {outcome: status for status, outcome in _OUTCOMES.items()}
_NO_DATA_VALUE = TemplateValue(NO_DATA_DISPLAY)
# Distinct float values kept per indicator: enough for shares of head counts up to a few
# hundred, small enough that a national run's memory does not grow with the schools.
_DISPLAY_CACHE_SIZE = 4096
_FIXED = frozenset({"school", "school_id", "period", "indicator", "missing", "group"})
_BOUNDS = frozenset({"threshold", "lower", "upper", "band"})
NOT_APPLICABLE_DISPLAY = "не применимо"
OUT_OF_RANGE_DISPLAY = "вне допустимых значений"
NO_HISTORY_DISPLAY = "недостаточно данных за прошлые периоды"


@attrs.frozen
class Extra:
    """An input of a program that is not a fact of the table: an aggregate or a previous value.

    Its value is put into the school's facts mapping by the caller (see _run.py); ``unit`` and
    ``precision`` say how texts and explanations show it.
    """

    title: str
    unit: Unit = Unit.NUMBER
    precision: int = 2


class Evaluator:
    """A ruleset bound to one set of parameter values, ready to score schools."""

    def __init__(
        self,
        ruleset: CompiledRuleset,
        params: Mapping[str, ParamValue],
        extras: Mapping[str, Extra] | None = None,
        no_value: str | None = None,
    ) -> None:
        self.ruleset = ruleset
        #: Why an aggregate has no value: «нет ОО с данными», in the words of the schools.
        self.no_value = no_value or ruleset.entity.no_value
        self.params = dict(params)
        self.facts = {f.name: f for f in ruleset.facts}
        #: Inputs besides the facts: aggregates, previous-period values (``previous:x``).
        self.extras: dict[str, Extra] = dict(extras or {})
        for ind in ruleset.indicators:
            formula = ruleset.formulas[ind.id]
            for name in formula.previous:
                self.extras.setdefault(_grammar.previous_input(name), Extra(name))
        #: Indicators whose bands move with an aggregate (``below: pk_mo - 5``): that aggregate.
        self.relative = {
            ind.id: base
            for ind in ruleset.indicators
            if (base := relative_base(ind, self.params)) is not None
        }
        inputs = [*self.facts]
        inputs += [
            name
            for ind in ruleset.indicators
            for name in (
                *ruleset.formulas[ind.id].facts,
                *map(_grammar.previous_input, ruleset.formulas[ind.id].previous),
            )
            if name not in self.facts
        ]
        inputs += self.relative.values()
        self.fact_names = tuple(dict.fromkeys(inputs))
        self.param_specs = {p.name: p for p in ruleset.parameters}
        self.program: Program = build_program(
            self.fact_names,
            ruleset.indicators,
            ruleset.formulas,
            self.params,
            name=ruleset.metadata.id,
        )
        self.by_id = {ind.id: ind for ind in ruleset.indicators}
        position = {ident: i for i, ident in enumerate(ruleset.declared_order)}
        #: (slot in the program's result, indicator) in the author's order, for output.
        self.output = sorted(enumerate(ruleset.indicators), key=lambda p: position[p[1].id])
        # Unparsing a copied tree per finding dominated the cost of findings; the substituted
        # text only ever differs in the names, so the rest is unparsed once here.
        # Bounds depend only on the parameters, which are fixed for this evaluator.
        # So are the template values of bounds and parameters; keys are (indicator, band
        # index), with -1 for findings without a band.
        self.band_refs: dict[tuple[str, int], BandRef] = {}
        self.thresholds: dict[tuple[str, int], ResolvedBound | None] = {}
        self.bound_values: dict[tuple[str, int], dict[str, TemplateValue]] = {}
        level_titles = {level.id: level.title for level in ruleset.levels}
        level_rank = {level.id: level.rank for level in ruleset.levels}
        self.level_rank = level_rank
        #: What ``{gap.x}`` counts to, per (indicator, band index) of a directed share.
        self.gap_targets: dict[tuple[str, int], dict[str, ResolvedBound]] = {}
        for ind in ruleset.indicators:
            self.thresholds[ind.id, -1] = None
            self.bound_values[ind.id, -1] = bound_values(ind.unit, None, None, None)
            self.bound_values[ind.id, -1]["band"] = DASH
            for band in ind.bands:
                low, high = resolve(band.lower, self.params), resolve(band.upper, self.params)
                threshold = threshold_of(ind.better, low, high)
                self.band_refs[ind.id, band.index] = _band_ref(band, low, high)
                self.thresholds[ind.id, band.index] = threshold
                self.bound_values[ind.id, band.index] = bound_values(ind.unit, threshold, low, high)
                # {band}: the band's title, else its level's («низкий», «требует внимания»).
                title = band.title or level_titles.get(band.level, band.level)
                self.bound_values[ind.id, band.index]["band"] = TemplateValue(title)
                if ind.better is not Better.NONE and ruleset.formulas[ind.id].share_parts:
                    self.gap_targets[ind.id, band.index] = gap_targets(
                        ind, band, self.params, level_rank
                    )
        self.param_values = {
            name: _param_value(spec, self.params[name])
            for name, spec in self.param_specs.items()
            if name in self.params
        }
        self.param_texts = {name: _plain(value) for name, value in self.params.items()}
        self.titles = {ind.id: TemplateValue(ind.title) for ind in ruleset.indicators}
        self.addressee_titles = dict(ruleset.addressees)
        self.ruleset_id = ruleset.metadata.id
        self.ruleset_version = ruleset.metadata.version
        #: Display texts of float values per indicator; see _Context.display.
        self.displays: dict[str, dict[float, str]] = {ind.id: {} for ind in ruleset.indicators}
        self.explanations = {
            ident: explanation_pieces(formula) for ident, formula in ruleset.formulas.items()
        }
        # Template.names is a property that walks the parts; it is read for every text.
        self.templates = {text: (t, tuple(t.names)) for text, t in ruleset.templates.items()}

    def score(self, school: School) -> tuple[Any, ...]:
        """The raw program result for one school: value, status, band index per indicator."""
        facts = school.facts
        return self.program(tuple(map(facts.get, self.fact_names)))

    def results(self, school: School) -> tuple[dict[str, Any], dict[str, int], tuple[Any, ...]]:
        """Values and statuses by indicator id, and the raw program result, for one school."""
        raw = self.score(school)
        return (*self.values_of(raw), raw)

    def values_of(self, raw: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, int]]:
        """Values and statuses by indicator id of a raw program result."""
        values = {ind.id: raw[3 * i] for i, ind in enumerate(self.ruleset.indicators)}
        statuses = {ind.id: raw[3 * i + 1] for i, ind in enumerate(self.ruleset.indicators)}
        return values, statuses

    def findings(
        self,
        school: School,
        previous_period: str | None = None,
        raw: tuple[Any, ...] | None = None,
    ) -> list[Finding]:
        """Every indicator's finding for one school, in the author's order.

        ``previous_period`` names the period ``previous()`` read (None: the run has none), for
        the reasons of ``insufficient_history``; ``raw`` is a program result already computed
        for the same inputs.
        """
        raw = self.score(school) if raw is None else raw
        values = {ind.id: raw[3 * i] for i, ind in enumerate(self.ruleset.indicators)}
        statuses = {ind.id: raw[3 * i + 1] for i, ind in enumerate(self.ruleset.indicators)}
        context = _Context(self, school, values, statuses, previous_period)
        return [
            context.finding(ind, raw[3 * slot], raw[3 * slot + 1], raw[3 * slot + 2])
            for slot, ind in self.output
        ]

    def iter_findings(self, schools: Iterable[School]) -> Iterator[Finding]:
        """Findings school by school, as a stream."""
        for school in schools:
            yield from self.findings(school)


class _Context:
    """Everything needed to describe one school's results; texts are built only where used."""

    def __init__(
        self,
        evaluator: Evaluator,
        school: School,
        values: Mapping[str, Any],
        statuses: Mapping[str, int],
        previous_period: str | None = None,
    ) -> None:
        self.ev = evaluator
        self.school = school
        self.values = values
        self.statuses = statuses
        self.previous_period = previous_period
        self.period = school.period or evaluator.ruleset.metadata.period
        #: {school}, made once for all the school's texts that use it.
        self.school_value: TemplateValue | None = None

    def finding(
        self, indicator: IndicatorSpec, value: Any, status: int, band_index: int
    ) -> Finding:
        reason = ""
        if status == OUT_OF_RANGE:
            reason = self.why_out_of_range(indicator, value)
        value, outcome, band, shown = self.judged(indicator, value, status, band_index)
        recommendations: tuple[Recommendation, ...] = ()
        if outcome is Outcome.EVALUATED and band is not None:
            recommendations = tuple(
                self.render(spec, indicator, value, shown, band) for spec in band.recommendations
            )
        elif outcome is Outcome.NO_DATA:
            missing = self.missing_facts(indicator)
            reason = "нет данных: " + ", ".join(missing)
            spec = indicator.no_data or self.ev.ruleset.default_no_data
            if spec is not None:
                recommendations = (self.render(spec, indicator, None, shown, None, missing),)
        elif outcome is Outcome.NOT_APPLICABLE:
            reason = self.why_not_applicable(indicator)
            if indicator.not_applicable is not None:
                spec = indicator.not_applicable
                recommendations = (self.render(spec, indicator, None, shown, None),)
        elif outcome is Outcome.INSUFFICIENT_HISTORY:
            reason = self.why_no_history(indicator)
        return Finding(
            ruleset_id=self.ev.ruleset_id,
            ruleset_version=self.ev.ruleset_version,
            school_id=self.school.id,
            school_name=self.school.name,
            period=self.period,
            indicator=indicator.id,
            outcome=outcome,
            value=value,
            display=shown,
            level=band.level if band is not None else None,
            points=band.points if band is not None else None,
            band=self.band_ref(indicator, band) if band is not None else None,
            recommendations=recommendations,
            explanation=self.explain(indicator, value, outcome, shown),
            reason=reason,
        )

    def band_ref(self, indicator: IndicatorSpec, band: Band) -> BandRef:
        """The band as the finding shows it, its bounds resolved (with the group's value)."""
        if indicator.id not in self.ev.relative:
            return self.ev.band_refs[indicator.id, band.index]
        names = self.bound_names(indicator)
        low, high = resolve(band.lower, names), resolve(band.upper, names)
        return _band_ref(band, low, high)

    def bound_names(self, indicator: IndicatorSpec) -> dict[str, Any]:
        """Parameters, and the aggregate the indicator's bands move with, for ``resolve``."""
        base = self.ev.relative[indicator.id]
        return {**self.ev.params, base: canonical(self.school.facts.get(base))}

    def band_values(
        self, indicator: IndicatorSpec, key: tuple[str, int]
    ) -> tuple[ResolvedBound | None, dict[str, TemplateValue], dict[str, ResolvedBound]]:
        """The threshold, ``{threshold}``/``{lower}``/``{upper}``/``{band}`` and gap targets."""
        if indicator.id not in self.ev.relative or key[1] < 0:
            values = self.ev.bound_values[key]
            return self.ev.thresholds[key], values, self.ev.gap_targets.get(key, {})
        names = self.bound_names(indicator)
        band = indicator.bands[key[1]]
        low, high = resolve(band.lower, names), resolve(band.upper, names)
        threshold = threshold_of(indicator.better, low, high)
        shown = bound_values(indicator.unit, threshold, low, high, indicator.precision)
        values = {**self.ev.bound_values[key], **shown}
        targets: dict[str, ResolvedBound] = {}
        if key in self.ev.gap_targets:
            targets = gap_targets(indicator, band, names, self.ev.level_rank)
        return threshold, values, targets

    def judged(
        self, indicator: IndicatorSpec, value: Any, status: int, band_index: int
    ) -> tuple[Any, Outcome, Band | None, str]:
        """A program result as a finding has it: value, outcome, band, display; no texts."""
        outcome = _OUTCOMES[status]
        value = result_value(value)
        band = indicator.bands[band_index] if band_index >= 0 else None
        if outcome is Outcome.EVALUATED and band is None and indicator.id in self.ev.relative:
            # The group value the bands move with has none: the value cannot be judged.
            outcome, value = Outcome.NO_DATA, None
        return value, outcome, band, self.display(indicator, value, outcome)

    def display(self, indicator: IndicatorSpec, value: Any, outcome: Outcome) -> str:
        if type(value) is float:
            # Most values are shares of small head counts, the same few thousand over and
            # over: a dict per indicator is much cheaper than formatting them again.
            cache = self.ev.displays[indicator.id]
            text = cache.get(value)
            if text is None:
                text = self._display(indicator, value, outcome)
                if len(cache) < _DISPLAY_CACHE_SIZE:
                    cache[value] = text
            return text
        return self._display(indicator, value, outcome)

    def _display(self, indicator: IndicatorSpec, value: Any, outcome: Outcome) -> str:
        if value is None:
            if outcome is Outcome.NO_DATA:
                return NO_DATA_DISPLAY
            if outcome is Outcome.NOT_APPLICABLE:
                return NOT_APPLICABLE_DISPLAY
            if outcome is Outcome.INSUFFICIENT_HISTORY:
                return NO_HISTORY_DISPLAY
            return OUT_OF_RANGE_DISPLAY
        if isinstance(value, bool) or indicator.unit is Unit.BOOLEAN:
            return "да" if value else "нет"
        if not _within(value):
            return OUT_OF_RANGE_DISPLAY
        return format_value(value, indicator.unit, indicator.precision)

    # -- reasons -------------------------------------------------------------------------------

    def missing_facts(self, indicator: IndicatorSpec) -> list[str]:
        """Column headers of the facts that are missing, through dependent indicators too.

        The group value that bands move with is named only when the school's own facts are all
        there: without them the value was not computed, whatever the group's.
        """
        seen: dict[str, None] = {}
        stack = [indicator]
        visited: set[str] = set()
        bases: list[str] = []
        while stack:
            current = stack.pop()
            if current.id in visited:
                continue
            visited.add(current.id)
            relative = self.ev.relative.get(current.id)
            bases += [relative] if relative else []
            self._note_missing(current.facts, seen)
            stack.extend(
                self.ev.by_id[d] for d in current.indicators if self.statuses.get(d) == NO_DATA
            )
        if not seen:
            self._note_missing(bases, seen)
        return list(seen)

    def _note_missing(self, names: Iterable[str], seen: dict[str, None]) -> None:
        for fact in names:
            if self.school.facts.get(fact) is None:
                spec = self.ev.facts.get(fact)
                if spec is not None:
                    seen[spec.column] = None
                else:
                    extra = self.ev.extras.get(fact)
                    title = extra.title if extra is not None else fact
                    seen[f"{title} ({self.ev.no_value})"] = None

    def why_no_history(self, indicator: IndicatorSpec) -> str:
        if self.previous_period is None:
            return "нет предыдущего периода в данных"
        names: dict[str, None] = {}
        stack = [indicator]
        while stack:
            current = stack.pop()
            formula = self.ev.ruleset.formulas[current.id]
            for name in formula.previous:
                if self.school.facts.get(_grammar.previous_input(name)) is None:
                    names[name] = None
            stack.extend(
                self.ev.by_id[d]
                for d in current.indicators
                if self.statuses.get(d) == INSUFFICIENT_HISTORY
            )
        return f"нет данных за предыдущий период ({self.previous_period}): {', '.join(names)}"

    def why_not_applicable(self, indicator: IndicatorSpec) -> str:
        for dep in indicator.indicators:
            if self.statuses.get(dep) == NOT_APPLICABLE:
                return f"не применимо: показатель {dep} не применим"
        formula = self.ev.ruleset.formulas[indicator.id]
        if formula.share_parts is not None:
            denominator = ast.unparse(formula.share_parts[1])
            return f"знаменатель равен нулю: {denominator} = 0"
        return f"деление на ноль в формуле {formula.source}"

    def why_out_of_range(self, indicator: IndicatorSpec, value: Any) -> str:
        for dep in indicator.indicators:
            if self.statuses.get(dep) == OUT_OF_RANGE:
                return f"показатель {dep} вне допустимых значений"
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "значение не вычисляется (переполнение)"
        if not _within(value):
            return (
                "значение больше 10¹⁵ по модулю, за пределом вычислений: "
                "проверьте формулу и исходные данные"
            )
        low = "−∞" if indicator.domain_min is None else format_number(indicator.domain_min)
        high = "∞" if indicator.domain_max is None else format_number(indicator.domain_max)
        return (
            f"значение {format_number(value)} вне области значений показателя "
            f"[{low}; {high}]: проверьте исходные данные"
        )

    # -- explanation ---------------------------------------------------------------------------

    def explain(self, indicator: IndicatorSpec, value: Any, outcome: Outcome, shown: str) -> str:
        """The formula, the formula with the values put in, and ``shown``, the display."""
        formula = self.ev.ruleset.formulas[indicator.id]
        # Identity, not a set: hashing an enum member runs Python code.
        if value is None or outcome is Outcome.NO_DATA or outcome is Outcome.NOT_APPLICABLE:
            return f"{formula.source}: {shown}"
        literals, names = self.ev.explanations[indicator.id]
        name_text = self.name_text
        substituted = literals[0] + "".join(
            [name_text(name) + literal for name, literal in zip(names, literals[1:], strict=True)]
        )
        if substituted != formula.source:
            return f"{formula.source} = {substituted} = {shown}"
        return f"{formula.source} = {shown}"

    def name_text(self, name: str) -> str:
        if name in self.ev.facts:
            return _plain(self.school.facts.get(name))
        if name in self.ev.extras:
            # Like the indicators it is computed with: the plain number, not its display.
            return _plain(canonical(self.school.facts.get(name)))
        text = self.ev.param_texts.get(name)
        if text is not None:
            return text
        return _plain(canonical(self.values.get(name)))

    # -- recommendations -----------------------------------------------------------------------

    def render(
        self,
        spec: RecommendationSpec,
        indicator: IndicatorSpec,
        value: Any,
        shown: str,
        band: Band | None,
        missing: list[str] | None = None,
    ) -> Recommendation:
        """One recommendation; ``shown`` is the finding's display of ``value``."""
        template, names = self.ev.templates[spec.text]
        # Only the names the template uses are looked up (most use two or three).
        key = (indicator.id, band.index if band else -1)
        context: dict[str, TemplateValue] = {}
        for name in names:
            item = self._placeholder(name, indicator, value, shown, key, missing)
            if item is not None:
                context[name] = item
        title = self.ev.addressee_titles.get(spec.to, spec.to)
        return Recommendation(spec.to, title, " ".join(template.render(context).split()))

    def text_of(self, name: str, indicator: IndicatorSpec, value: Any, band_index: int) -> str:
        """A placeholder as a band text of ``indicator`` would show it (``gap``, ``shortfall``)."""
        outcome = Outcome.EVALUATED if band_index >= 0 else Outcome.NO_DATA
        shown = self.display(indicator, value, outcome)
        item = self._placeholder(name, indicator, value, shown, (indicator.id, band_index), None)
        return DASH.text if item is None else item.text

    def _placeholder(
        self,
        name: str,
        indicator: IndicatorSpec,
        value: Any,
        shown: str,
        key: tuple[str, int],
        missing: list[str] | None,
    ) -> TemplateValue | None:
        if name == "indicator":
            return self.ev.titles[indicator.id]
        if name == "missing":
            return TemplateValue(", ".join(missing or ()))
        if name == "value":
            if value is None:
                return _NO_DATA_VALUE
            number = (
                value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
            )
            return TemplateValue(shown, number)
        if name in _BOUNDS:
            return self.band_values(indicator, key)[1][name]
        if name == "gap":
            count = self.gap(indicator, self.band_values(indicator, key)[0])
            return DASH if count is None else _gap_value(count)
        if name.startswith("gap."):
            targets = self.band_values(indicator, key)[2]
            count = self.gap(indicator, targets.get(name[4:])) if value is not None else None
            return DASH if count is None else _gap_value(count)
        if name == "shortfall":
            rest = shortfall(self.ev.ruleset.formulas[indicator.id], self.share_names(indicator))
            return DASH if rest is None or value is None else value_of(rest, ValueType.NUMBER)
        return self.named(name)

    def named(self, name: str) -> TemplateValue | None:
        """A placeholder that does not depend on the finding.

        That is the school, facts, parameters, aggregates and the values of other indicators.
        """
        if name in _FIXED:
            if name in {"school", "group"}:
                if self.school_value is None:
                    self.school_value = TemplateValue(self.school.name)
                return self.school_value
            if name == "school_id":
                return TemplateValue(self.school.id)
            if name == "period":
                return TemplateValue(self.period)
            return None
        if name in self.ev.facts:
            return value_of(self.school.facts.get(name), self.ev.facts[name].type)
        if name in self.ev.extras or "." in name:
            return self.extra_value(name)
        if name in self.ev.param_values:
            return self.ev.param_values[name]
        if name in self.ev.by_id:
            other = self.ev.by_id[name]
            other_value = canonical(self.values.get(name))
            status = self.statuses.get(name, NO_DATA)
            number = (
                other_value
                if isinstance(other_value, (int, float)) and not isinstance(other_value, bool)
                else None
            )
            return TemplateValue(self.display(other, other_value, _OUTCOMES[status]), number)
        return None

    def extra_value(self, name: str) -> TemplateValue:
        """An aggregate as a text shows it: a prepared TemplateValue, or its number formatted."""
        # The run puts prepared texts ({x.schools}) among the facts; see _aggregate.py.
        value: Any = self.school.facts.get(name)
        if isinstance(value, TemplateValue):
            return value
        extra = self.ev.extras.get(name)
        if value is None or extra is None or isinstance(value, (bool, str)):
            return _NO_DATA_VALUE if value is None else TemplateValue(_plain(value))
        value = canonical(value)
        return TemplateValue(format_value(value, extra.unit, extra.precision), value)

    def gap(self, indicator: IndicatorSpec, threshold: ResolvedBound | None) -> int | None:
        formula = self.ev.ruleset.formulas[indicator.id]
        if threshold is None or formula.share_parts is None:
            return None
        return gap(formula, indicator.better, threshold, self.share_names(indicator))

    def share_names(self, indicator: IndicatorSpec) -> Any:
        """The names the parts of an indicator's share read, as a mapping."""
        formula = self.ev.ruleset.formulas[indicator.id]
        numerator, denominator = formula.share_parts or (None, None)
        if isinstance(numerator, ast.Name) and isinstance(denominator, ast.Name):
            # Most shares are share(fact, fact): look the two names up, with no mapping built.
            return Names(formula, self.school.facts, self.ev.params, self.values)
        return {
            **{f: self.school.facts.get(f) for f in formula.facts},
            **self.ev.params,
            **{d: self.values.get(d) for d in formula.indicators},
        }


def _band_ref(band: Band, low: ResolvedBound | None, high: ResolvedBound | None) -> BandRef:
    return BandRef(
        index=band.index,
        lower=low.value if low else None,
        lower_inclusive=low.inclusive if low else True,
        upper=high.value if high else None,
        upper_inclusive=high.inclusive if high else False,
        equals=band.equals,
        title=band.title,
    )


def _within(value: float) -> bool:
    # Comparisons, not math.isfinite: they hold for integers too large for a float, and
    # are False for nan.
    return -MAX_RESULT <= value <= MAX_RESULT


def result_value(value: Any) -> Any:
    """A computed value as a finding holds it: float noise removed, None beyond ±MAX_RESULT."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not _within(value):
        return None
    return canonical(value)


def _plain(value: Any) -> str:
    # Most names in explanations are head counts: format_number of an int below five digits
    # is its str() (no grouping, no decimals), without the calls and the cache lookup.
    if type(value) is int and 0 <= value < 10_000:
        return str(value)
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return format_number(value) if math.isfinite(value) else str(value)
    if isinstance(value, int):
        # An integer of thousands of digits cannot even be written out (str() refuses).
        return format_number(value) if _within(value) else "?"
    return repr(value)


def _param_value(spec: ParameterSpec, param: ParamValue) -> TemplateValue:
    """A parameter as a template shows it: percentages in their shortest form, ``30%``."""
    if spec.unit == "%" and isinstance(param, (int, float)) and not isinstance(param, bool):
        return TemplateValue(format_threshold(param, Unit.PERCENT), param)
    return value_of(param, spec.type)


@functools.lru_cache(maxsize=1024)
def _gap_value(gap: int) -> TemplateValue:
    # Gaps are small head counts; the same few values come back in every report.
    return TemplateValue(str(gap), gap)
