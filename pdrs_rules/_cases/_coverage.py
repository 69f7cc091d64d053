"""COVERAGE of a ruleset by its cases: which bands, outcomes and texts some case checked."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._bands import written
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules._model import Band, Finding, IndicatorSpec, Outcome, RecommendationSpec, TrendSpec

from ._expect import declared
from ._run import CaseResult

__all__ = ["Coverage", "CoverageItem", "format_coverage", "measure_coverage"]

#: The kinds of items, in the order they are listed.
KINDS = ("band", "outcome", "text")
#: Kinds only rulesets with a municipality level have; listed when there are any.
GROUP_KINDS = ("rule", "aggregate")
_PREVIOUS = re.compile(r"\bprevious\s*\(")
_TEXT_WIDTH = 60
# A zero denominator in any of these makes the finding not_applicable.
_DIVISIONS = (ast.Div, ast.FloorDiv, ast.Mod)
_DIVIDING_FUNCTIONS = frozenset({"share", "ratio"})


@attrs.frozen(order=True)
class CoverageItem:
    """One thing a case can reach: a band, an outcome or a recommendation text of an indicator."""

    indicator: str
    kind: str
    #: ``band 1``, ``no_data``, ``band 1 text 0``: unique within the indicator and kind.
    key: str
    label: str = attrs.field(eq=False, order=False)


@attrs.frozen
class Coverage:
    """The items of one ruleset and those some checked finding reached."""

    ruleset: str
    items: tuple[CoverageItem, ...]
    reached: frozenset[CoverageItem]
    #: Indicator ids in the author's order, then school trends, aggregates, conclusions and
    #: group trends.
    indicators: tuple[str, ...] = ()
    #: How the listing heads each id that is not a school indicator: ``conclusion no_iom``.
    headings: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def percent(self) -> float:
        """Reached items as a percentage of all items; 100 when there is nothing to reach."""
        return 100.0 * len(self.reached) / len(self.items) if self.items else 100.0

    def count(self, kind: str | None = None, indicator: str | None = None) -> tuple[int, int]:
        """(reached, total) items, optionally of one kind or one indicator."""
        chosen = [
            item
            for item in self.items
            if (kind is None or item.kind == kind)
            and (indicator is None or item.indicator == indicator)
        ]
        return sum(item in self.reached for item in chosen), len(chosen)

    @property
    def missed(self) -> tuple[CoverageItem, ...]:
        """Items no case reached, in listing order."""
        return tuple(item for item in self.items if item not in self.reached)


def coverage_items(ruleset: Ruleset) -> tuple[CoverageItem, ...]:
    """Everything a complete set of cases should reach, indicator by indicator.

    School indicators come first, then school trends, aggregates, conclusions and group trends.
    """
    decl = declared(ruleset)
    default_no_data = ruleset.compiled.default_no_data
    items = _indicator_items(ruleset, ruleset.indicators, default_no_data)
    for trend in decl.school_trends.values():
        items.extend(_trend_items(trend))
    items.extend(
        CoverageItem(ident, "aggregate", "value", "a value computed") for ident in decl.aggregates
    )
    # A completeness count (`missing`) has a value whenever the group has schools at all.
    always = frozenset(a.id for a in decl.aggregates.values() if a.missing)
    items.extend(_indicator_items(ruleset, decl.conclusions, default_no_data, always))
    for trend in decl.group_trends.values():
        items.extend(_trend_items(trend))
    return tuple(items)


def _trend_items(trend: TrendSpec) -> list[CoverageItem]:
    items = [
        CoverageItem(trend.id, "rule", f"rule {i}", _rule_label(i, rule.id, rule.level))
        for i, rule in enumerate(trend.rules)
    ]
    if trend.periods > 1:
        items.append(
            CoverageItem(
                trend.id, "outcome", "insufficient_history", "outcome insufficient_history"
            )
        )
    for i, rule in enumerate(trend.rules):
        items.extend(
            CoverageItem(trend.id, "text", f"rule {i} text {k}", _text_label(f"rule {i}", rec))
            for k, rec in enumerate(rule.recommendations)
        )
    return items


def _rule_label(index: int, ident: str, level: str | None) -> str:
    return f"rule {index}: {ident}" + (f", {level}" if level else "")


def _text_label(owner: str, rec: RecommendationSpec) -> str:
    return f"text of {owner} to {rec.to}: {_short(rec.text)}"


def _indicator_items(
    ruleset: Ruleset,
    indicators: Mapping[str, IndicatorSpec],
    default_no_data: RecommendationSpec | None,
    always: frozenset[str] = frozenset(),
) -> list[CoverageItem]:
    """The bands, outcomes and texts of school indicators or of conclusions.

    ``always`` are inputs that always have a value: reading only those, the finding cannot be
    ``no_data``.
    """
    divides = _can_divide(ruleset, indicators)
    items: list[CoverageItem] = []
    for ident, spec in indicators.items():
        can_lack = bool(spec.indicators or set(spec.facts) - always)
        items.extend(
            CoverageItem(ident, "band", f"band {band.index}", _band_label(band))
            for band in spec.bands
        )
        if not spec.bands:
            items.append(CoverageItem(ident, "band", "information", "information: a value"))
        if can_lack:
            items.append(CoverageItem(ident, "outcome", "no_data", "outcome no_data"))
        if divides[ident]:
            items.append(CoverageItem(ident, "outcome", "not_applicable", "outcome not_applicable"))
        if _PREVIOUS.search(spec.formula):
            items.append(
                CoverageItem(
                    ident, "outcome", "insufficient_history", "outcome insufficient_history"
                )
            )
        for band in spec.bands:
            items.extend(
                CoverageItem(
                    ident,
                    "text",
                    f"band {band.index} text {k}",
                    _text_label(f"band {band.index}", rec),
                )
                for k, rec in enumerate(band.recommendations)
            )
        no_data = spec.no_data or default_no_data
        if no_data is not None and can_lack:
            items.append(
                CoverageItem(ident, "text", "no_data", f"no_data text: {_short(no_data.text)}")
            )
        if spec.not_applicable is not None:
            text = _short(spec.not_applicable.text)
            items.append(
                CoverageItem(ident, "text", "not_applicable", f"not_applicable text: {text}")
            )
    return items


def _can_divide(ruleset: Ruleset, indicators: Mapping[str, IndicatorSpec]) -> dict[str, bool]:
    """Which indicators can be ``not_applicable``: they divide, or use one that can be."""
    formulas = ruleset.compiled.formulas
    result: dict[str, bool] = {}

    def visit(ident: str, trail: frozenset[str]) -> bool:
        if ident not in result:
            deps = indicators[ident].indicators
            result[ident] = _divides(formulas[ident].tree) or any(
                visit(d, trail | {ident}) for d in deps if d in indicators and d not in trail
            )
        return result[ident]

    for ident in indicators:
        visit(ident, frozenset())
    return result


def _divides(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, _DIVISIONS):
            return True
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _DIVIDING_FUNCTIONS:
            return True
    return False


def _band_label(band: Band) -> str:
    parts = [f"band {band.index}: {band.level}"]
    if band.equals is not None:
        parts.append(f"is {str(band.equals).lower()}")
    parts.extend(
        f"{b.key} {written(b) if b.base else _bound(b.value)}"
        for b in (band.lower, band.upper)
        if b is not None
    )
    return ", ".join(parts)


def _bound(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _TEXT_WIDTH else flat[: _TEXT_WIDTH - 1] + "…"


def reached_by(finding: Finding, *, trend: bool = False) -> Iterable[tuple[str, str]]:
    """The (kind, key) items one finding (of a trend: ``trend=True``) reaches."""
    if finding.outcome is Outcome.EVALUATED and finding.band is not None:
        index = finding.band.index
        kind = "rule" if trend else "band"
        yield kind, f"{kind} {index}"
        for k in range(len(finding.recommendations)):
            yield "text", f"{kind} {index} text {k}"
    elif finding.outcome is Outcome.EVALUATED and not trend:
        yield "band", "information"  # an indicator without bands: its value, with no level
    elif finding.outcome in {Outcome.NO_DATA, Outcome.NOT_APPLICABLE}:
        yield "outcome", finding.outcome.value
        if finding.recommendations:
            yield "text", finding.outcome.value
    elif finding.outcome is Outcome.INSUFFICIENT_HISTORY:
        yield "outcome", finding.outcome.value


@checked
def measure_coverage(ruleset: Ruleset, results: Iterable[CaseResult]) -> Coverage:
    """The coverage of a ruleset by the findings its cases checked (and the aggregates valued)."""
    decl = declared(ruleset)
    items = coverage_items(ruleset)
    by_key = {(item.indicator, item.kind, item.key): item for item in items}
    reached: set[CoverageItem] = set()
    for result in results:
        for finding in (*result.checked, *result.checked_conclusions):
            trend = decl.trend(finding.indicator) is not None
            for kind, key in reached_by(finding, trend=trend):
                item = by_key.get((finding.indicator, kind, key))
                if item is not None:
                    reached.add(item)
        for ident in result.aggregates_valued:
            item = by_key.get((ident, "aggregate", "value"))
            if item is not None:
                reached.add(item)
    headings = {
        **{ident: f"trend {ident}" for ident in decl.school_trends},
        **{ident: f"aggregate {ident}" for ident in decl.aggregates},
        **{ident: f"conclusion {ident}" for ident in decl.conclusions},
        **{ident: f"group trend {ident}" for ident in decl.group_trends},
    }
    order = (
        *ruleset.indicators,
        *decl.school_trends,
        *decl.aggregates,
        *decl.conclusions,
        *decl.group_trends,
    )
    return Coverage(ruleset.file, items, frozenset(reached), tuple(order), headings)


#: The words of the coverage listing in Russian: kinds, and the starts of items and headings.
_RU_KINDS: Mapping[str, str] = {
    "band": "полосы",
    "outcome": "исходы",
    "text": "тексты",
    "rule": "правила",
    "aggregate": "агрегаты",
}
_RU_LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), russian)
    for pattern, russian in (
        (r"^band (\d+)", r"полоса \1"),
        (r"^rule (\d+)", r"правило \1"),
        (r"^outcome ", "исход "),
        (r"^text of band (\d+) to ", r"текст полосы \1 для "),
        (r"^text of rule (\d+) to ", r"текст правила \1 для "),
        (r"^no_data text", "текст no_data"),
        (r"^not_applicable text", "текст not_applicable"),
        (r"^a value computed", "значение вычислено"),
        (r"^aggregate ", "агрегат "),
        (r"^trend ", "динамика "),
        (r"^conclusion ", "вывод "),
    )
)


def _ru(label: str) -> str:
    for pattern, russian in _RU_LABELS:
        label, count = pattern.subn(russian, label, count=1)
        if count:
            break
    return label


def format_coverage(coverage: Coverage, lang: str = "en") -> str:
    """Per indicator, every item marked ``[x]`` reached or ``[ ]`` never reached."""
    ru = lang == "ru"
    kinds = [*KINDS, *(k for k in GROUP_KINDS if coverage.count(k)[1])]
    totals = ", ".join(
        f"{_RU_KINDS[kind] if ru else kind + 's'} {'{}/{}'.format(*coverage.count(kind))}"
        for kind in kinds
    )
    reached, total = coverage.count()
    percent = f"{coverage.percent:.1f}%"
    head = "покрытие" if ru else "coverage of"
    shown = percent.replace(".", ",") if ru else percent
    lines = [f"{head} {coverage.ruleset}: {shown} ({reached}/{total}): {totals}"]

    def words(label: str) -> str:
        return _ru(label) if ru else label

    for ident in coverage.indicators:
        got, of = coverage.count(indicator=ident)
        lines.append(f"  {words(coverage.headings.get(ident, ident))}: {got}/{of}")
        lines.extend(
            f"    [{'x' if item in coverage.reached else ' '}] {words(item.label)}"
            for item in coverage.items
            if item.indicator == ident
        )
    missed = coverage.missed
    if missed:
        lines.append(f"  {'не проверено' if ru else 'never reached'}: {len(missed)}")
    return "\n".join(lines) + "\n"
