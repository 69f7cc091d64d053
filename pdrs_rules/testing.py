"""Property tests for rulesets: hypothesis strategies for facts rows, and band-boundary edge cases.

Needs hypothesis, which is not a dependency of pdrs-rules: ``pip install 'pdrs-rules[testing]'``.
A test of a ruleset in three lines::

    @given(pdrs_rules.testing.facts_rows(ruleset))
    def test_every_school_gets_a_result(row):
        assert all(f.value is not None or f.reason for f in ruleset.evaluate([row]).findings)

See docs/testing-generated.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pdrs_rules._arguments import checked

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - the tests run with hypothesis installed
    raise ImportError(
        "pdrs_rules.testing needs hypothesis, which pdrs-rules does not install by itself; "
        "install it with: pip install 'pdrs-rules[testing]'"
    ) from exc

from ._authoring._edges import EdgeCase, EdgeCaseError, EdgeCaseNote, edge_case_notes, edge_cases
from ._engine._ruleset import Ruleset
from ._model import FactSpec, FactValue, ValueType

__all__ = [
    "EdgeCase",
    "EdgeCaseError",
    "EdgeCaseNote",
    "edge_case_notes",
    "edge_cases",
    "facts_rows",
    "schools",
]

#: A facts row as the strategies make it: fact names, plus ``id`` and ``name``.
Row = dict[str, FactValue]

SCHOOL_NAMES = (
    "МБОУ-СОШ № 2",
    "МБОУ гимназия № 1",
    "МАОУ лицей «Эрудит»",
    "МБОУ ООШ № 15",
    "МБОУ-СОШ № 23",
)
# Wide enough to find overflow and sign mistakes, small enough to stay readable when shrunk.
_SPAN = 1000
_PER_MILLE = 1000


def _chance(p: float) -> st.SearchStrategy[bool]:
    """True with probability ``p``; shrinks to False."""
    cut = _PER_MILLE - round(max(0.0, min(1.0, p)) * _PER_MILLE)
    return st.integers(0, _PER_MILLE - 1).map(lambda k: k >= cut)


def _literal(bound: float | str | None) -> float | None:
    return bound if isinstance(bound, (int, float)) and not isinstance(bound, bool) else None


def _order(facts: Mapping[str, FactSpec]) -> list[str]:
    """Fact names with each fact after the facts its bounds name, so those are drawn first."""
    done: dict[str, None] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done or name in visiting:
            return
        visiting.add(name)
        for bound in (facts[name].minimum, facts[name].maximum):
            if isinstance(bound, str) and bound in facts:
                visit(bound)
        done[name] = None

    for name in facts:
        visit(name)
    return list(done)


def _limits(spec: FactSpec, row: Row) -> tuple[float | None, float | None]:
    """The bounds in force for this row: literal ones, and the values of the facts named."""
    limits: list[float | None] = []
    for bound in (spec.minimum, spec.maximum):
        named = row.get(bound) if isinstance(bound, str) else None
        if isinstance(named, (int, float)) and not isinstance(named, bool):
            limits.append(named)
        else:
            limits.append(_literal(bound))
    return limits[0], limits[1]


def _integers(low: float | None, high: float | None) -> st.SearchStrategy[FactValue] | None:
    lo = (
        math.ceil(low)
        if low is not None
        else (-_SPAN if high is None else math.floor(high) - _SPAN)
    )
    hi = math.floor(high) if high is not None else lo + 2 * _SPAN
    if lo > hi:
        return None
    zero = min(max(0, lo), hi)
    return st.one_of(st.just(zero), st.integers(lo, min(hi, lo + 30)), st.integers(lo, hi))


def _numbers(low: float | None, high: float | None) -> st.SearchStrategy[FactValue] | None:
    lo = float(low) if low is not None else (-_SPAN if high is None else high - _SPAN)
    hi = float(high) if high is not None else lo + 2 * _SPAN
    if lo > hi:
        return None
    zero = min(max(0.0, lo), hi)
    tenths = st.integers(math.ceil(lo * 10), math.floor(hi * 10)).map(lambda n: n / 10)
    floats = st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    parts: list[st.SearchStrategy[FactValue]] = [st.just(zero), floats]
    if math.ceil(lo * 10) <= math.floor(hi * 10):
        parts.insert(1, tenths)
    return st.one_of(parts)


def _values(spec: FactSpec, row: Row) -> st.SearchStrategy[FactValue] | None:
    """Values of one fact valid in this row; None when its bounds leave no room."""
    if spec.type is ValueType.BOOLEAN:
        return st.booleans()
    if spec.type is ValueType.STRING:
        letters = st.characters(categories=["L", "N"])
        return st.text(letters, min_size=1, max_size=20)
    low, high = _limits(spec, row)
    return _integers(low, high) if spec.type is ValueType.INTEGER else _numbers(low, high)


@checked
def facts_rows(
    ruleset: Ruleset,
    *,
    missing: float = 0.02,
    optional_missing: float = 0.2,
    edges: float = 0.1,
    params: Mapping[str, object] | None = None,
) -> st.SearchStrategy[Row]:
    """Rows of facts valid for the ruleset, keyed by fact name, plus ``id`` and ``name``.

    Integers and numbers stay within their declared bounds (literal ones and those naming other
    facts), zeros come up often, and each fact is empty (None) with probability ``missing``
    (``optional_missing`` for facts declared ``required: false``). With probability ``edges`` the
    row is one of :func:`edge_cases` instead, so boundaries are hit exactly.
    """
    facts = ruleset.facts
    order = _order(facts)
    edge_rows = [dict(case.row) for case in edge_cases(ruleset, params=params)] if edges else []

    @st.composite
    def rows(draw: st.DrawFn) -> Row:
        school = draw(st.integers(1, 999))
        head: Row = {"id": f"{school:03d}", "name": draw(st.sampled_from(SCHOOL_NAMES))}
        edge = draw(_chance(edges)) if edge_rows else False
        if edge:
            return {**draw(st.sampled_from(edge_rows)), **head}
        row: Row = {}
        for name in order:
            spec = facts[name]
            values = _values(spec, row)
            empty = draw(_chance(missing if spec.required else optional_missing))
            # An empty cell is always valid: bounds are checked only between present values.
            row[name] = None if empty or values is None else draw(values)
        return {**head, **{name: row[name] for name in facts}}

    return rows()


@checked
def schools(
    ruleset: Ruleset,
    min_size: int = 1,
    max_size: int = 10,
    *,
    missing: float = 0.02,
    optional_missing: float = 0.2,
    edges: float = 0.1,
    params: Mapping[str, object] | None = None,
) -> st.SearchStrategy[list[Row]]:
    """Lists of :func:`facts_rows` rows with distinct school ids: a whole facts table."""
    rows = facts_rows(
        ruleset, missing=missing, optional_missing=optional_missing, edges=edges, params=params
    )
    return st.lists(rows, min_size=min_size, max_size=max_size, unique_by=lambda row: row["id"])
