"""Which compiled rulesets the columnar engine runs; any construct it does not know declines.

The check is a whitelist: a construct added to the ruleset format later is declined until the
columnar engine learns it, and the row engine runs the ruleset meanwhile.
"""

from __future__ import annotations

import ast

from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula import _grammar
from pdrs_rules._model import Unit

__all__ = ["FUNCTIONS", "declined", "supports"]

#: The formula functions the columnar engine computes.
FUNCTIONS = frozenset({"share", "ratio", "min", "max", "abs", "round", "floor", "ceil"})
_NODES = (
    ast.Constant,
    ast.Name,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Pow,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
)
_UNITS = frozenset(Unit)


def declined(compiled: CompiledRuleset) -> str | None:
    """Why the columnar engine does not run ``compiled``, or None when it does."""
    if compiled.is_multilevel:
        return "a municipality level (aggregates, conclusions, trends, previous() or scoring)"
    if compiled.group_facts:
        return "group facts"
    for indicator in compiled.indicators:
        if indicator.unit not in _UNITS:  # pragma: no cover - every unit is known today
            return f"indicator {indicator.id!r}: unit {indicator.unit!r}"
        params = {parameter.name for parameter in compiled.parameters}
        for band in indicator.bands:
            for bound in (band.lower, band.upper):
                if bound is not None and bound.base is not None and bound.base not in params:
                    return f"indicator {indicator.id!r}: bounds that move with {bound.base!r}"
        formula = compiled.formulas[indicator.id]
        problem = _formula_problem(formula)
        if problem is not None:
            return f"indicator {indicator.id!r}: {problem}"
    return None


def supports(compiled: CompiledRuleset) -> bool:
    """Whether the columnar engine computes every indicator of ``compiled`` itself."""
    return declined(compiled) is None


def _formula_problem(formula: _grammar.Formula) -> str | None:
    if formula.previous:
        return "previous()"
    for node in ast.walk(formula.tree):
        if not isinstance(node, _NODES):
            return f"{type(node).__name__} in {formula.source!r}"
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
        ):
            return f"a call in {formula.source!r}"
    return None
