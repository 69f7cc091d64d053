"""Properties over generated rulesets and facts (strategies in tests/strategies.py)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import pdrs_rules
from pdrs_rules import Finding, Outcome, PdrsRulesError, Report, School
from pdrs_rules._engine._reference import reference_score
from tests import strategies as gen

_LEVEL_RANK = {level: rank for rank, level in enumerate(gen.LEVELS)}


def _load(ruleset: gen.GeneratedRuleset) -> pdrs_rules.Ruleset:
    return pdrs_rules.loads(ruleset.text, file="generated.yaml")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _snap(value: float, threshold: float) -> float:
    """A value within 1e-9 (relative) of a threshold *is* the threshold: 100*15/50 is 30."""
    return threshold if abs(value - threshold) <= 1e-9 * max(1.0, abs(threshold)) else value


def _contains(
    band: Mapping[str, Any],
    lower: tuple[float, bool] | None,
    value: Any,
    params: Mapping[str, float],
) -> bool:
    """Whether ``value`` lies in a declared band, read from the declaration, not the library."""
    if "is" in band:
        return value is band["is"]

    def bound(key: str) -> float | None:
        raw = band.get(key)
        return None if raw is None else float(params[raw] if isinstance(raw, str) else raw)

    if lower is not None:
        low, inclusive = lower
        v = _snap(value, low)
        if v < low or (v == low and not inclusive):
            return False
    for key, inclusive in (("below", False), ("at_most", True)):
        high = bound(key)
        if high is not None:
            v = _snap(value, high)
            if v > high or (v == high and not inclusive):
                return False
    return True


def _lower_bounds(
    bands: Sequence[Mapping[str, Any]], params: Mapping[str, float]
) -> list[tuple[float, bool] | None]:
    """Each band's lower edge: written (``at_least``/``above``) or implied by the previous band."""
    out: list[tuple[float, bool] | None] = []
    previous: Mapping[str, Any] | None = None
    for band in bands:
        edge: tuple[float, bool] | None = None
        for key, inclusive in (("at_least", True), ("above", False)):
            if key in band:
                raw = band[key]
                edge = (float(params[raw] if isinstance(raw, str) else raw), inclusive)
        if edge is None and previous is not None:
            for key, inclusive in (("below", True), ("at_most", False)):
                if key in previous:
                    raw = previous[key]
                    edge = (float(params[raw] if isinstance(raw, str) else raw), inclusive)
        out.append(edge)
        previous = band
    return out


def _schools(rows: Sequence[Mapping[str, Any]]) -> list[School]:
    return [
        School(
            str(r["id"]), str(r["name"]), {k: v for k, v in r.items() if k not in {"id", "name"}}
        )
        for r in rows
    ]


@st.composite
def _rulesets_with_rows(draw: st.DrawFn) -> tuple[gen.GeneratedRuleset, list[dict[str, Any]]]:
    ruleset = draw(gen.rulesets())
    return ruleset, draw(gen.schools_rows(ruleset.facts))


@given(_rulesets_with_rows())
@gen.SETTINGS
def test_compiled_program_matches_simpleeval_reference(case: Any) -> None:
    """The generated Python function gives the values, outcomes and bands simpleeval gives."""
    generated, rows = case
    ruleset = _load(generated)
    evaluator = ruleset.evaluator()
    compiled = ruleset.compiled
    for school in _schools(rows):
        fast = evaluator.score(school)
        row = tuple(school.facts.get(spec.name) for spec in compiled.facts)
        slow = reference_score(compiled, evaluator.params, row)
        assert len(fast) == len(slow)
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            indicator = compiled.indicators[i // 3].id
            assert _same(a, b), (indicator, ("value", "status", "band")[i % 3], a, b, row)


@given(_rulesets_with_rows())
@gen.SETTINGS
def test_every_evaluated_value_lands_in_exactly_one_band(case: Any) -> None:
    """Read from the declaration, an evaluated value fits one band: the one reported."""
    generated, rows = case
    report = _load(generated).evaluate(rows)
    indicators = generated.data["indicators"]
    params = generated.parameters
    for finding in report.findings:
        if finding.outcome is not Outcome.EVALUATED:
            continue
        bands = indicators[finding.indicator]["bands"]
        lowers = _lower_bounds(bands, params)
        hits = [
            i for i, band in enumerate(bands) if _contains(band, lowers[i], finding.value, params)
        ]
        assert hits == [finding.band.index if finding.band else -1], (finding, bands)
        assert finding.level == bands[hits[0]]["level"]


@st.composite
def _ascending_indicator(draw: st.DrawFn) -> tuple[str, float, float]:
    """A ruleset whose indicator is one fact, better higher, and two values of that fact."""
    params = draw(gen.parameters_sections())
    defaults = {name: p["default"] for name, p in params.items()}
    unit = draw(st.sampled_from(["%", "number", "count"]))
    indicator: dict[str, Any] = {
        "title": "Показатель",
        "formula": "f0",
        "unit": unit,
        "better": "higher",
    }
    indicator["bands"] = draw(gen.numeric_bands(indicator, defaults))
    facts = {"f0": {"title": "Факт", "type": "number"}}
    text = gen.dump(gen.assemble(facts, params, {"i0": indicator}))
    low, high = gen.domain_of(indicator)
    values = st.floats(
        low if low is not None else -1e6, high if high is not None else 1e6, allow_nan=False
    )
    thresholds = [
        b
        for band in indicator["bands"]
        for k, b in band.items()
        if k in {"below", "at_least", "above", "at_most"}
    ]
    exact = [float(defaults[t] if isinstance(t, str) else t) for t in thresholds]
    pick = st.one_of(values, st.sampled_from(exact)) if exact else values
    return text, draw(pick), draw(pick)


@given(_ascending_indicator())
@gen.SETTINGS
def test_raising_a_value_never_moves_it_to_a_worse_band(case: tuple[str, float, float]) -> None:
    """On a ``better: higher`` indicator a larger value never gets a worse level."""
    text, a, b = case
    low, high = sorted((a, b))
    ruleset = pdrs_rules.loads(text)
    report = ruleset.evaluate(
        [{"id": "1", "name": "А", "f0": low}, {"id": "2", "name": "Б", "f0": high}]
    )
    first, second = report.findings
    assert first.outcome is second.outcome is Outcome.EVALUATED
    assert _LEVEL_RANK[str(first.level)] <= _LEVEL_RANK[str(second.level)], (low, high, text)


@given(_rulesets_with_rows(), st.randoms(use_true_random=False))
@gen.SETTINGS
def test_evaluation_is_deterministic_and_independent_of_school_order(
    case: Any, random: Any
) -> None:
    """The same facts in any order, evaluated twice, give the same report."""
    generated, rows = case
    ruleset = _load(generated)
    first = ruleset.evaluate(rows)
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert _load(generated).evaluate(shuffled) == first
    assert ruleset.evaluate(rows).to_json() == first.to_json()


@given(_rulesets_with_rows())
@gen.SETTINGS
def test_report_round_trips_through_json(case: Any) -> None:
    """Report.from_json(report.to_json()) equals the report, finding by finding."""
    generated, rows = case
    report = _load(generated).evaluate(rows)
    back = Report.from_json(report.to_json())
    assert back == report
    assert all(isinstance(f, Finding) for f in back.findings)


def _attempt(action: Callable[[], object]) -> tuple[object, PdrsRulesError | None]:
    """Run ``action``; a library error is a result, anything else propagates and fails."""
    try:
        return action(), None
    except PdrsRulesError as exc:
        return None, exc


@given(st.data())
@gen.SETTINGS
def test_arbitrary_facts_raise_only_library_errors(data: st.DataObject) -> None:
    """Rows holding anything at all either evaluate or raise a PdrsRulesError."""
    generated = data.draw(gen.rulesets())
    rows = data.draw(st.lists(gen.arbitrary_rows(generated.facts), max_size=4))
    ruleset = _load(generated)
    report, error = _attempt(lambda: ruleset.evaluate(rows))
    if error is None:
        assert isinstance(report, Report)
        assert len(report.findings) == len(rows) * len(ruleset.indicators)
    else:
        assert str(error)


@given(gen.ruleset_texts())
@gen.SETTINGS
def test_arbitrary_ruleset_text_raises_only_library_errors(text: str) -> None:
    """Mutated rulesets and junk either load or raise RulesetInvalid with located problems."""
    _, error = _attempt(lambda: pdrs_rules.loads(text, file="fuzz.yaml"))
    if error is not None:
        assert isinstance(error, pdrs_rules.RulesetInvalid)
        assert error.diagnostics
        assert all(d.location.file == "fuzz.yaml" for d in error.diagnostics)


@given(_rulesets_with_rows())
@gen.SETTINGS
def test_values_are_reported_without_float_noise(case: Any) -> None:
    """A reported value has no noise below 12 significant digits (30, not 30.000000000000004)."""
    generated, rows = case
    assume(rows)
    for finding in _load(generated).evaluate(rows).findings:
        if isinstance(finding.value, float) and math.isfinite(finding.value):
            assert float(f"{finding.value:.12g}") == finding.value
