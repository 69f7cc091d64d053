"""EVALUATE: run the compiled program over schools and turn its results into findings; no I/O."""

from __future__ import annotations

import ast
import copy
import math
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

from . import _formula
from ._bands import ResolvedBound, resolve
from ._compile import CompiledRuleset
from ._model import (
    Band,
    BandRef,
    Better,
    Finding,
    IndicatorSpec,
    Outcome,
    ParamValue,
    Recommendation,
    RecommendationSpec,
    School,
    Unit,
    ValueType,
)
from ._program import (
    EVALUATED,
    NO_DATA,
    NOT_APPLICABLE,
    OUT_OF_RANGE,
    Program,
    build_program,
)
from ._russian import format_number, format_threshold, format_value
from ._template import TemplateValue

_OUTCOMES = {
    EVALUATED: Outcome.EVALUATED,
    NO_DATA: Outcome.NO_DATA,
    NOT_APPLICABLE: Outcome.NOT_APPLICABLE,
    OUT_OF_RANGE: Outcome.OUT_OF_RANGE,
}
NO_DATA_DISPLAY = "нет данных"
_FIXED = frozenset({"school", "school_id", "period", "indicator", "missing"})
_BOUNDS = frozenset({"threshold", "lower", "upper"})
NOT_APPLICABLE_DISPLAY = "не применимо"
OUT_OF_RANGE_DISPLAY = "вне допустимых значений"


def canonical(value: Any) -> Any:
    """Drop float noise below 12 significant digits: 100*(15/50) is reported as 30.0."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.12g}")
    return value


class Evaluator:
    """A ruleset bound to one set of parameter values, ready to score schools."""

    def __init__(self, ruleset: CompiledRuleset, params: Mapping[str, ParamValue]) -> None:
        self.ruleset = ruleset
        self.params = dict(params)
        self.fact_names = tuple(f.name for f in ruleset.facts)
        self.facts = {f.name: f for f in ruleset.facts}
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
        self.bounds: dict[tuple[str, int], tuple[ResolvedBound | None, ResolvedBound | None]] = {}
        self.band_refs: dict[tuple[str, int], BandRef] = {}
        for ind in ruleset.indicators:
            for band in ind.bands:
                low, high = resolve(band.lower, self.params), resolve(band.upper, self.params)
                self.bounds[ind.id, band.index] = (low, high)
                self.band_refs[ind.id, band.index] = _band_ref(band, low, high)
        self.explanations = {
            ident: _explanation_pieces(formula) for ident, formula in ruleset.formulas.items()
        }
        # Template.names is a property that walks the parts; it is read for every text.
        self.template_names = {text: t.names for text, t in ruleset.templates.items()}

    def score(self, school: School) -> tuple[Any, ...]:
        """The raw program result for one school: value, status, band index per indicator."""
        facts = school.facts
        return self.program(tuple(map(facts.get, self.fact_names)))

    def findings(self, school: School) -> list[Finding]:
        """Every indicator's finding for one school, in the author's order."""
        raw = self.score(school)
        values = {ind.id: raw[3 * i] for i, ind in enumerate(self.ruleset.indicators)}
        statuses = {ind.id: raw[3 * i + 1] for i, ind in enumerate(self.ruleset.indicators)}
        context = _Context(self, school, values, statuses)
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
    ) -> None:
        self.ev = evaluator
        self.school = school
        self.values = values
        self.statuses = statuses

    def finding(
        self, indicator: IndicatorSpec, value: Any, status: int, band_index: int
    ) -> Finding:
        meta = self.ev.ruleset.metadata
        outcome = _OUTCOMES[status]
        value = canonical(value)
        band = indicator.bands[band_index] if band_index >= 0 else None
        recommendations: tuple[Recommendation, ...] = ()
        reason = ""
        if outcome is Outcome.EVALUATED and band is not None:
            recommendations = tuple(
                self.render(spec, indicator, value, band) for spec in band.recommendations
            )
        elif outcome is Outcome.NO_DATA:
            missing = self.missing_facts(indicator)
            reason = "нет данных: " + ", ".join(missing)
            spec = indicator.no_data or self.ev.ruleset.default_no_data
            if spec is not None:
                recommendations = (self.render(spec, indicator, None, None, missing=missing),)
        elif outcome is Outcome.NOT_APPLICABLE:
            reason = self.why_not_applicable(indicator)
            if indicator.not_applicable is not None:
                recommendations = (self.render(indicator.not_applicable, indicator, None, None),)
        elif outcome is Outcome.OUT_OF_RANGE:
            reason = self.why_out_of_range(indicator, value)
        return Finding(
            ruleset_id=meta.id,
            ruleset_version=meta.version,
            school_id=self.school.id,
            school_name=self.school.name,
            period=self.school.period or meta.period,
            indicator=indicator.id,
            outcome=outcome,
            value=value,
            display=self.display(indicator, value, outcome),
            level=band.level if band is not None else None,
            points=band.points if band is not None else None,
            band=self.ev.band_refs[indicator.id, band.index] if band is not None else None,
            recommendations=recommendations,
            explanation=self.explain(indicator, value, outcome),
            reason=reason,
        )

    def display(self, indicator: IndicatorSpec, value: Any, outcome: Outcome) -> str:
        if value is None:
            if outcome is Outcome.NO_DATA:
                return NO_DATA_DISPLAY
            if outcome is Outcome.NOT_APPLICABLE:
                return NOT_APPLICABLE_DISPLAY
            return OUT_OF_RANGE_DISPLAY
        if isinstance(value, bool) or indicator.unit is Unit.BOOLEAN:
            return "да" if value else "нет"
        if not math.isfinite(value):
            return OUT_OF_RANGE_DISPLAY
        return format_value(value, indicator.unit, indicator.precision)

    # -- reasons -------------------------------------------------------------------------------

    def missing_facts(self, indicator: IndicatorSpec) -> list[str]:
        """Column headers of the facts that are missing, through dependent indicators too."""
        seen: dict[str, None] = {}
        stack = [indicator]
        visited: set[str] = set()
        while stack:
            current = stack.pop()
            if current.id in visited:
                continue
            visited.add(current.id)
            for fact in current.facts:
                if self.school.facts.get(fact) is None:
                    seen[self.ev.facts[fact].column] = None
            stack.extend(
                self.ev.by_id[d] for d in current.indicators if self.statuses.get(d) == NO_DATA
            )
        return list(seen)

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
        if value is None or not math.isfinite(value):
            return "значение не вычисляется (переполнение)"
        low = "−∞" if indicator.domain_min is None else format_number(indicator.domain_min)
        high = "∞" if indicator.domain_max is None else format_number(indicator.domain_max)
        return (
            f"значение {format_number(value)} вне области значений показателя "
            f"[{low}; {high}]: проверьте исходные данные"
        )

    # -- explanation ---------------------------------------------------------------------------

    def explain(self, indicator: IndicatorSpec, value: Any, outcome: Outcome) -> str:
        formula = self.ev.ruleset.formulas[indicator.id]
        # Identity, not a set: hashing an enum member runs Python code.
        if value is None or outcome is Outcome.NO_DATA or outcome is Outcome.NOT_APPLICABLE:
            return f"{formula.source}: {self.display(indicator, value, outcome)}"
        literals, names = self.ev.explanations[indicator.id]
        substituted = literals[0] + "".join(
            self.name_text(name) + literal
            for name, literal in zip(names, literals[1:], strict=True)
        )
        parts = [formula.source]
        if substituted != formula.source:
            parts.append(substituted)
        parts.append(self.display(indicator, value, outcome))
        return " = ".join(parts)

    def name_text(self, name: str) -> str:
        if name in self.ev.facts:
            return _plain(self.school.facts.get(name))
        if name in self.ev.params:
            return _plain(self.ev.params[name])
        return _plain(canonical(self.values.get(name)))

    # -- recommendations -----------------------------------------------------------------------

    def render(
        self,
        spec: RecommendationSpec,
        indicator: IndicatorSpec,
        value: Any,
        band: Band | None,
        missing: list[str] | None = None,
    ) -> Recommendation:
        template = self.ev.ruleset.templates[spec.text]
        names = self.ev.template_names[spec.text]
        context = self.template_context(indicator, value, band, names, missing)
        title = self.ev.ruleset.addressees.get(spec.to, spec.to)
        return Recommendation(spec.to, title, " ".join(template.render(context).split()))

    def template_context(
        self,
        indicator: IndicatorSpec,
        value: Any,
        band: Band | None,
        names: frozenset[str],
        missing: list[str] | None,
    ) -> dict[str, TemplateValue]:
        context: dict[str, TemplateValue] = {}
        low, high = self.ev.bounds[indicator.id, band.index] if band else (None, None)
        threshold = _threshold(indicator.better, low, high)
        for name in names:
            item = self._placeholder(name, indicator, value, low, high, threshold, missing)
            if item is not None:
                context[name] = item
        return context

    def _placeholder(
        self,
        name: str,
        indicator: IndicatorSpec,
        value: Any,
        low: ResolvedBound | None,
        high: ResolvedBound | None,
        threshold: ResolvedBound | None,
        missing: list[str] | None,
    ) -> TemplateValue | None:
        if name in _FIXED:
            if name == "school":
                return TemplateValue(self.school.name)
            if name == "school_id":
                return TemplateValue(self.school.id)
            if name == "period":
                return TemplateValue(self.school.period or self.ev.ruleset.metadata.period)
            if name == "indicator":
                return TemplateValue(indicator.title)
            return TemplateValue(", ".join(missing or ()))
        if name == "value":
            outcome = Outcome.EVALUATED if value is not None else Outcome.NO_DATA
            number = (
                value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
            )
            return TemplateValue(self.display(indicator, value, outcome), number)
        if name in _BOUNDS:
            bound = threshold if name == "threshold" else low if name == "lower" else high
            if bound is None:
                return TemplateValue("—")
            return TemplateValue(format_threshold(bound.value, indicator.unit), bound.value)
        if name == "gap":
            gap = self.gap(indicator, threshold)
            return TemplateValue("—") if gap is None else TemplateValue(str(gap), gap)
        if name in self.ev.facts:
            fact_value = self.school.facts.get(name)
            return _value_of(fact_value, self.ev.facts[name].type)
        if name in self.ev.param_specs:
            spec = self.ev.param_specs[name]
            param = self.ev.params[name]
            if spec.unit == "%" and isinstance(param, (int, float)) and not isinstance(param, bool):
                return TemplateValue(format_threshold(param, Unit.PERCENT), param)
            return _value_of(param, spec.type)
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

    def gap(self, indicator: IndicatorSpec, threshold: ResolvedBound | None) -> int | None:
        """Head count to move so the share reaches the threshold: ceil(T·d/100) − n."""
        formula = self.ev.ruleset.formulas[indicator.id]
        if threshold is None or formula.share_parts is None:
            return None
        numerator, denominator = formula.share_parts
        if isinstance(numerator, ast.Name) and isinstance(denominator, ast.Name):
            # Most shares are share(fact, fact): look the two names up, with no mapping built.
            names: Any = _Names(formula, self.school.facts, self.ev.params, self.values)
        else:
            names = {
                **{f: self.school.facts.get(f) for f in formula.facts},
                **self.ev.params,
                **{d: self.values.get(d) for d in formula.indicators},
            }
        try:
            n = _part(numerator, names)
            d = _part(denominator, names)
            target = _exact(threshold.value) * _exact(d) / 100
            have = _exact(n)
        except (ArithmeticError, ValueError, TypeError):
            return None
        crossing_up = threshold.key in {"below", "at_most"}
        if (indicator.better is Better.HIGHER and not crossing_up) or (
            indicator.better is Better.LOWER and crossing_up
        ):
            return 0  # already on the better side of the threshold
        if crossing_up:
            # "below T" is left upwards by reaching T; "at_most T" only by exceeding it.
            needed = math.ceil(target) if threshold.key == "below" else math.floor(target) + 1
            return max(0, math.ceil(needed - have))
        # "above T" is left downwards by getting to T; "at_least T" only by getting under it.
        allowed = math.floor(target) if threshold.key == "above" else math.ceil(target) - 1
        return max(0, math.ceil(have - allowed))


class _Substitute(ast.NodeTransformer):
    """Replace names by markers and share(n, d) by 100 * n / d, for explanations."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: ast.Name) -> ast.expr:
        self.names.append(node.id)
        return ast.Name(id=_MARK, ctx=ast.Load())

    def visit_Call(self, node: ast.Call) -> ast.expr:
        args = [self.visit(a) for a in node.args]
        if isinstance(node.func, ast.Name) and node.func.id == "share":
            scaled = ast.BinOp(left=ast.Constant(100), op=ast.Mult(), right=args[0])
            return ast.BinOp(left=scaled, op=ast.Div(), right=args[1])
        return ast.Call(func=node.func, args=args, keywords=[])


# Unparsed string literals escape NUL, so the marker cannot occur in a formula's own text.
_MARK = "\0"


def _explanation_pieces(formula: _formula.Formula) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The substituted formula as text around its names: values go between the pieces."""
    substitute = _Substitute()
    text = ast.unparse(substitute.visit(copy.deepcopy(formula.tree)))
    return tuple(text.split(_MARK)), tuple(substitute.names)


def _band_ref(band: Band, low: ResolvedBound | None, high: ResolvedBound | None) -> BandRef:
    return BandRef(
        index=band.index,
        lower=low.value if low else None,
        lower_inclusive=low.inclusive if low else True,
        upper=high.value if high else None,
        upper_inclusive=high.inclusive if high else False,
        equals=band.equals,
    )


class _Names:
    """The names a share's parts read, as the mapping gap() would build: indicators first."""

    def __init__(
        self,
        formula: Any,
        facts: Mapping[str, Any],
        params: Mapping[str, Any],
        values: Mapping[str, Any],
    ) -> None:
        self.formula = formula
        self.facts = facts
        self.params = params
        self.values = values

    def __getitem__(self, name: str) -> Any:
        if name in self.formula.indicators:
            return self.values.get(name)
        if name in self.params:
            return self.params[name]
        if name in self.formula.facts:
            return self.facts.get(name)
        raise KeyError(name)


def _part(tree: ast.expr, names: Mapping[str, Any]) -> Any:
    # Most shares are share(fact, fact); building an evaluator for a lookup is the slow part.
    if isinstance(tree, ast.Name):
        return names[tree.id]
    return _formula.eval_tree(tree, names)


def _exact(number: Any) -> Fraction:
    """The number as written: repr() of a float, so 33.3 is 333/10 and not its binary value."""
    return Fraction(number) if type(number) is int else Fraction(repr(number))


def _threshold(
    better: Better, low: ResolvedBound | None, high: ResolvedBound | None
) -> ResolvedBound | None:
    """The bound a school must cross to improve: the better side of its band."""
    if better is Better.HIGHER:
        return high or low
    return low or high


def _plain(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float)):
        return format_number(value) if math.isfinite(value) else str(value)
    return repr(value)


def _value_of(value: Any, kind: ValueType) -> TemplateValue:
    if value is None:
        return TemplateValue(NO_DATA_DISPLAY)
    if kind is ValueType.BOOLEAN or isinstance(value, bool):
        return TemplateValue("да" if value else "нет")
    if kind is ValueType.STRING:
        return TemplateValue(str(value))
    return TemplateValue(format_number(value), value)
