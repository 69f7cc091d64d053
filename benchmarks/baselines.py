"""The baselines pdrs-rules is measured against, and the check that all of them agree.

Each scorer returns, per school, one (value, status, band index) triple per indicator in the
order of generate.INDICATORS, with the status codes of the compiled program.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import simpleeval
from generate import INDICATORS, domain, uppers

from pdrs_rules._engine._program import EVALUATED, NO_DATA, NOT_APPLICABLE, OUT_OF_RANGE

Triple = tuple[Any, int, int]
Scorer = Callable[[Mapping[str, Any]], list[Triple]]


def band_of(value: float, edges: Sequence[tuple[float, bool]]) -> int:
    """The index of the band holding ``value``, given the bands' upper edges in order."""
    for index, (edge, inclusive) in enumerate(edges):
        if value < edge or (inclusive and value == edge):
            return index
    return len(edges)


_TABLE = tuple((spec.by_hand, *domain(spec), uppers(spec)) for spec in INDICATORS)


def score_by_hand(facts: Mapping[str, Any]) -> list[Triple]:
    """The hand-written baseline: a lambda per formula, a missing fact shows up as TypeError."""
    out: list[Triple] = []
    for by_hand, low, high, edges in _TABLE:
        try:
            value = by_hand(facts)
        except TypeError:
            out.append((None, NO_DATA, -1))
            continue
        except ZeroDivisionError:
            out.append((None, NOT_APPLICABLE, -1))
            continue
        if low <= value <= high:
            out.append((value, EVALUATED, band_of(value, edges)))
        else:
            out.append((value, OUT_OF_RANGE, -1))
    return out


def _round(x: float, digits: int = 0) -> float:
    # Half away from zero on the number as written, as the formula language documents.
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def simpleeval_scorer() -> Scorer:
    """simpleeval over the same formulas, each parsed once and evaluated with previously_parsed."""
    functions = {
        "share": lambda n, d: n * 100 / d,
        "ratio": lambda n, d: n / d,
        "min": min,
        "max": max,
        "abs": abs,
        "round": _round,
    }
    evaluator = simpleeval.SimpleEval(functions=functions)
    parsed = [
        (spec.formula, evaluator.parse(spec.formula), *domain(spec), uppers(spec))
        for spec in INDICATORS
    ]

    def score(facts: Mapping[str, Any]) -> list[Triple]:
        # The judging below repeats score_by_hand's on purpose: a shared helper would add a
        # call per indicator to one baseline's timing and not the other's.
        evaluator.names = facts
        out: list[Triple] = []
        for formula, tree, low, high, edges in parsed:
            try:
                value = evaluator.eval(formula, previously_parsed=tree)
            except TypeError:
                out.append((None, NO_DATA, -1))
                continue
            except ZeroDivisionError:
                out.append((None, NOT_APPLICABLE, -1))
                continue
            if low <= value <= high:
                out.append((value, EVALUATED, band_of(value, edges)))
            else:
                out.append((value, OUT_OF_RANGE, -1))
        return out

    return score


def core_scorer(evaluator: Any) -> Callable[[Any], list[Triple]]:
    """pdrs-rules' compiled program, its flat result regrouped in generate.INDICATORS order."""
    slots = {ind.id: i for i, ind in enumerate(evaluator.ruleset.indicators)}
    order = [slots[spec.id] for spec in INDICATORS]

    def score(school: Any) -> list[Triple]:
        raw = evaluator.score(school)
        return [(raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]) for i in order]

    return score


def disagreements(evaluator: Any, schools: Sequence[Any], limit: int = 10) -> list[str]:
    """Where pdrs-rules, the lambdas and simpleeval differ in a value, outcome or band."""
    core = core_scorer(evaluator)
    by_simpleeval = simpleeval_scorer()
    problems: list[str] = []
    for school in schools:
        results = {
            "pdrs-rules": core(school),
            "lambdas": score_by_hand(school.facts),
            "simpleeval": by_simpleeval(school.facts),
        }
        reference = results["pdrs-rules"]
        for name, result in results.items():
            for spec, ours, theirs in zip(INDICATORS, reference, result, strict=True):
                if ours != theirs:
                    problems.append(f"{school.id} {spec.id}: pdrs-rules {ours} != {name} {theirs}")
        if len(problems) >= limit:
            break
    return problems[:limit]
