"""LINT: warnings about a ruleset that compiles but probably does not say what its author meant.

They run only on a ruleset without errors: a warning about a name that is also an error would
be noise. None of them stops loading; ``pdrs-rules check --warnings-as-errors`` makes them fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pdrs_rules._i18n._lookalike import describe_latin, mixed_words, russian_spelling
from pdrs_rules._i18n._quotes import lone_quote
from pdrs_rules._load._yaml import PathT
from pdrs_rules._model import Band, FactSpec, IndicatorSpec, ParameterSpec, Unit
from pdrs_rules.errors import Severity

from ._bands import resolve
from ._compiled import DEFAULT_ADDRESSEE_LEVELS
from ._group import overall_score

if TYPE_CHECKING:
    from pdrs_rules._formula._grammar import Formula

    from ._collect import Collector
    from ._compiled import CompiledRuleset

__all__ = ["lint"]

_WARNING = Severity.WARNING
#: Keys whose values are prose a reader sees (quotes must pair up in them).
_TEXT_KEYS = frozenset(
    {"title", "short", "text", "description", "issuer", "source", "name", "column"}
)
#: A short title longer than this makes the heat map's column header tall (docs/reports.md).
SHORT_TITLE_MAX = 24
_PERCENT = (0.0, 100.0)
_FRACTION = (0.0, 1.0)


def lint(compiled: CompiledRuleset, out: Collector) -> None:
    """Add every warning of a compiled ruleset to ``out``."""
    _Linter(compiled, out).run()


def _fmt(value: float) -> str:
    return f"{value:g}"


def _range(low: float | None, high: float | None) -> str:
    left = "(−∞" if low is None else f"[{_fmt(low)}"
    right = "∞)" if high is None else f"{_fmt(high)}]"
    return f"{left}, {right}"


class _Linter:
    def __init__(self, compiled: CompiledRuleset, out: Collector) -> None:
        self.compiled = compiled
        self.out = out
        self.data: Mapping[str, Any] = out.doc.data
        self.params = {p.name: p for p in compiled.parameters}
        self.facts = {f.name: f for f in (*compiled.facts, *compiled.group_facts)}
        #: Parameters already warned about, so one default is reported once.
        self.scaled_params: set[str] = set()

    def run(self) -> None:
        for section, indicators in (
            ("indicators", self.compiled.indicators),
            ("conclusions", self.compiled.conclusions),
        ):
            for indicator in indicators:
                self._bands((section, indicator.id, "bands"), indicator, self._scale(indicator))
        scoring = self.compiled.scoring
        if scoring is not None and scoring.levels:
            self._bands(("scoring", "levels"), overall_score(scoring.levels), _PERCENT)
        self._trends()
        self._percent_parameters()
        self._unused()
        self._columns()
        self._shorts()
        self._addressee_levels()
        self._quotes(self.data, ())

    # -- scale and reachability ------------------------------------------------------------------

    def _scale(self, indicator: IndicatorSpec) -> tuple[float, float] | None:
        """The scale the values are on, when the format knows it: 0–100 or 0–1."""
        formula = self.compiled.formulas.get(indicator.id)
        if indicator.unit is Unit.PERCENT or (formula and formula.share_parts):
            return _PERCENT
        if indicator.unit is Unit.BOOLEAN:
            return None
        if indicator.domain_max == 1 and indicator.domain_min in {0, None}:
            return _FRACTION
        if formula and self._part_of_whole(formula):
            return _FRACTION
        return None

    def _part_of_whole(self, formula: Formula) -> bool:
        """``ratio(n, d)`` of two facts where ``n`` is declared ``min: 0, max: d``."""
        if formula.ratio_parts is None:
            return False
        names = [getattr(part, "id", None) for part in formula.ratio_parts]
        part = self.facts.get(names[0] or "")
        return part is not None and part.minimum == 0 and part.maximum == names[1]

    def _bands(
        self, where: PathT, indicator: IndicatorSpec, scale: tuple[float, float] | None
    ) -> None:
        if indicator.unit is Unit.BOOLEAN or not indicator.bands:
            return
        raws: list[Any] = _get(self.data, where)
        # Bounds the author wrote, not the ones a band takes over from the band before it.
        # Offsets from the group's value (``pk_mo - 5``) are differences: no scale to check.
        written = [
            [
                b
                for b in (band.lower, band.upper)
                if b is not None and b.key in raws[band.index] and b.base is None
            ]
            for band in indicator.bands
        ]
        numbers = [self._value(bound.value) for bounds in written for bound in bounds]
        # «не менее 1%» is a real threshold; 1 is suspicious only when no edge is above it.
        small_is_one = bool(numbers) and max(numbers) <= 1
        for band, bounds in zip(indicator.bands, written, strict=True):
            # Every bound is looked at (a list, not any() over a generator, which would stop).
            scaled = [
                self._scale_of(
                    (*where, band.index, b.key), b.value, indicator.id, scale, small_is_one
                )
                for b in bounds
                if scale is not None
            ]
            # A bound off the scale is usually off the domain too: one warning says it.
            if not any(scaled):
                self._reachable(where, indicator, band)

    def _trends(self) -> None:
        subjects = {i.id: i for i in (*self.compiled.indicators, *self.compiled.conclusions)}
        for trend in self.compiled.trends:
            subject = subjects.get(trend.of)
            scale = self._scale(subject) if subject is not None else None
            if scale is None:
                continue
            for i, rule in enumerate(trend.rules):
                # Changes are differences (points of a percentage), so only levels are checked.
                for condition in rule.conditions:
                    if condition.bound is None or not condition.key.startswith("stable_"):
                        continue
                    path: PathT = ("trends", trend.id, "rules", i, condition.key)
                    self._scale_of(path, condition.bound, trend.of, scale, small_is_one=False)

    def _value(self, edge: float | str) -> float:
        return float(self.params[edge].default) if isinstance(edge, str) else edge

    def _scale_of(
        self,
        path: PathT,
        bound: float | str,
        subject: str,
        scale: tuple[float, float],
        small_is_one: bool,
    ) -> bool:
        """Warn about a threshold (a number or a parameter) off the scale; whether it was."""
        value = self._value(bound)
        if scale == _PERCENT:
            wrong = 0 < value < 1 or (value == 1 and small_is_one)
            hint = f"did you mean {_fmt(value * 100)}?"
        else:
            wrong = value > 1
            hint = f"did you mean {_fmt(value / 100)}?" if value <= 100 else "no value reaches it"
        if not wrong:
            return False
        what = f"{_fmt(scale[0])}–{_fmt(scale[1])}"
        why = "a percentage" if scale == _PERCENT else "a fraction"
        key = path[-1]
        owner = "a rule of a trend over" if path[0] == "trends" else "a band of"
        if isinstance(bound, str):
            if bound not in self.scaled_params:
                self.scaled_params.add(bound)
                self.out.error(
                    "scale",
                    f"parameter {bound!r} has the default {_fmt(value)} and is the "
                    f"'{key}:' of {owner} {subject!r}, which is {why} on a {what} scale: {hint}",
                    ("parameters", bound, "default"),
                    severity=_WARNING,
                )
            return True
        self.out.error(
            "scale",
            f"{key}: {_fmt(value)} on a {what} scale ({subject!r} is {why}): {hint}",
            path,
            severity=_WARNING,
        )
        return True

    def _reachable(self, where: PathT, indicator: IndicatorSpec, band: Band) -> None:
        low_edge, high_edge = indicator.domain_min, indicator.domain_max
        params = {name: spec.default for name, spec in self.params.items()}
        lower, upper = resolve(band.lower, params), resolve(band.upper, params)
        path: PathT = (*where, band.index)
        raw = _get(self.data, path)
        if (
            lower is not None
            and high_edge is not None
            and (lower.value > high_edge or (lower.value == high_edge and not lower.inclusive))
        ):
            key = lower.key if lower.key in raw else None
            edge = f"starts {lower.key.replace('_', ' ')} {_fmt(lower.value)}"
            if key is None:
                edge += f" (where band {band.index - 1} ends)"
        elif (
            upper is not None
            and low_edge is not None
            and (upper.value < low_edge or (upper.value == low_edge and not upper.inclusive))
        ):
            edge = f"ends {upper.key.replace('_', ' ')} {_fmt(upper.value)}"
            key = upper.key
        else:
            return
        self.out.error(
            "unreachable-band",
            f"band {band.index} (level {band.level!r}) {edge}, but the values of "
            f"{indicator.id!r} lie in {_range(low_edge, high_edge)}: no value can fall in it; "
            "remove the band or correct its bound",
            (*path, key) if key else path,
            severity=_WARNING,
        )

    def _percent_parameters(self) -> None:
        for name, spec in self.params.items():
            value = spec.default
            if (
                name not in self.scaled_params
                and spec.unit == "%"
                and isinstance(value, (int, float))
                and not isinstance(value, bool)
                and 0 < value < 1
            ):
                self.out.error(
                    "scale",
                    f"parameter {name!r} has unit '%' and the default {_fmt(value)}, "
                    f"which is less than one percent: did you mean {_fmt(value * 100)}?",
                    ("parameters", name, "default"),
                    severity=_WARNING,
                )

    # -- unused facts and parameters -------------------------------------------------------------

    def _used(self) -> set[str]:
        compiled = self.compiled
        used: set[str] = set()
        for formula in (*compiled.formulas.values(), *compiled.conditions.values()):
            used.update(formula.facts, formula.parameters, formula.previous)
        bands = [b for i in (*compiled.indicators, *compiled.conclusions) for b in i.bands]
        if compiled.scoring is not None:
            bands.extend(compiled.scoring.levels)
        used.update(
            name
            for band in bands
            for bound in (band.lower, band.upper)
            if bound is not None
            for name in (bound.parameter, bound.base)
            if name is not None
        )
        for trend in compiled.trends:
            used.add(trend.of)
            used.update(r.bound for r in trend.rules if isinstance(r.bound, str))
        used.update(a.of for a in compiled.aggregates if a.of is not None)
        for template in compiled.templates.values():
            used.update(p.name for p in template.placeholders)
        for fact in self.facts.values():
            used.update(b for b in (fact.minimum, fact.maximum) if isinstance(b, str))
        return used

    def _unused(self) -> None:
        used = self._used()
        entity = self.compiled.entity
        # A fact whose column is the school's code or name is read as that, not as a fact.
        headers = {
            h.casefold() for h in (entity.id_column, entity.name_column, entity.period_column)
        }
        for name, fact in self.facts.items():
            if name not in used and fact.column.casefold() not in headers:
                self._unused_one("unused-fact", "fact", "facts", fact)
        for name, param in self.params.items():
            if name not in used:
                self._unused_one("unused-parameter", "parameter", "parameters", param)

    def _unused_one(
        self, code: str, kind: str, section: str, spec: FactSpec | ParameterSpec
    ) -> None:
        inherited = spec.location.file != self.compiled.file
        fix = "remove it, or use it"
        if inherited:
            # The derived file is what is being checked; the base may well need the fact.
            fix = (
                f"it is declared in the base, so remove it in {self.compiled.file} with "
                f"'{spec.name}: null' under '{section}'"
            )
        extra = ""
        if kind == "fact" and isinstance(spec, FactSpec) and spec.required:
            extra = f"; schools must still fill in its column {spec.column!r}"
        self.out.error(
            code,
            f"{kind} {spec.name!r} is declared but no formula, band, aggregate, trend or text "
            f"uses it{extra}; {fix}",
            (section, spec.name),
            key=True,
            severity=_WARNING,
        )

    # -- look-alike letters in column headers ----------------------------------------------------

    def _columns(self) -> None:
        headers: list[PathT] = [("facts", name, "column") for name in self.data.get("facts", {})]
        headers += [("entity", key) for key in ("id_column", "name_column", "period_column")]
        headers += [("group", key) for key in ("id_column", "name_column")]
        for path in headers:
            text = _get(self.data, path)
            if not isinstance(text, str):
                continue
            found = mixed_words(text)
            if not found:
                continue
            offset, char = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            self.out.error_in_text(
                "lookalike",
                f"the column header {text!r} has a Latin letter in a Russian word: "
                f"{describe_latin(char, offset)}{more}; a table typed in Russian will not "
                f"match it; write {russian_spelling(text)!r}",
                path,
                text,
                offset,
                severity=_WARNING,
            )

    # -- short titles and addressee levels ------------------------------------------------------

    def _shorts(self) -> None:
        seen: dict[str, str] = {}
        by_id = {i.id: i for i in self.compiled.indicators}
        for indicator in (by_id[ident] for ident in self.compiled.declared_order):
            short = indicator.short
            if not short:
                continue
            path: PathT = ("indicators", indicator.id, "short")
            if len(short) > SHORT_TITLE_MAX:
                self.out.error(
                    "short-title",
                    f"the short title of {indicator.id!r} has {len(short)} characters; "
                    f"a column header of the report's heat map should have at most "
                    f"{SHORT_TITLE_MAX}",
                    path,
                    severity=_WARNING,
                )
            first = seen.setdefault(short.casefold(), indicator.id)
            if first != indicator.id:
                self.out.error(
                    "short-title",
                    f"{indicator.id!r} and {first!r} have the same short title {short!r}; "
                    "the heat map's columns could not be told apart",
                    path,
                    severity=_WARNING,
                )

    def _addressee_levels(self) -> None:
        declared = self.data.get("addressees") or {}
        for ident, item in declared.items():
            if isinstance(item, str) and ident not in DEFAULT_ADDRESSEE_LEVELS:
                self.out.error(
                    "addressee-level",
                    f"addressee {ident!r} has no level, so its texts go into the schools' "
                    "letters; give it a title and a level: level: school for the school's "
                    "people, level: group for a body of the municipality",
                    ("addressees", ident),
                    key=True,
                    severity=_WARNING,
                )

    # -- quotes ----------------------------------------------------------------------------------

    def _quotes(self, node: Any, path: PathT) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self._quotes(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self._quotes(value, (*path, i))
        elif isinstance(node, str) and _is_prose(path):
            lone = lone_quote(node)
            if lone is not None:
                offset, message = lone
                self.out.error_in_text(
                    "unbalanced-quotes",
                    f"character {offset + 1} of the text: {message}",
                    path,
                    node,
                    offset,
                    severity=_WARNING,
                )


def _is_prose(path: PathT) -> bool:
    if len(path) == 2 and path[0] == "addressees":
        return True
    return bool(path) and path[-1] in _TEXT_KEYS


def _get(data: Any, path: PathT) -> Any:
    for part in path:
        found = (isinstance(data, list) and isinstance(part, int) and part < len(data)) or (
            isinstance(data, dict) and part in data
        )
        if not found:
            return None
        data = data[part]
    return data
