"""Explanations: a formula with one school's values put in, and those values read back.

The engine writes ``share(a, b) = 100 * 15 / 50 = 30,0%``: the formula, the formula with the
values in place of the names, and the display. Reports read the values back to tell the
same thing in words («15 из 50 — 30,0%») without keeping the facts of every school.
"""

from __future__ import annotations

import ast
import copy
import functools
import re

from . import _grammar

__all__ = ["explained_values", "explanation_pieces"]

# Unparsed string literals escape NUL, so the marker cannot occur in a formula's own text.
_MARK = "\0"


class _Substitute(ast.NodeTransformer):
    """Replace names by markers and share(n, d) by 100 * n / d, for explanations."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: ast.Name) -> ast.expr:
        self.names.append(node.id)
        return ast.Name(id=_MARK, ctx=ast.Load())

    def visit_Call(self, node: ast.Call) -> ast.expr:
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == _grammar.PREVIOUS
            and isinstance(node.args[0], ast.Name)
        ):
            self.names.append(_grammar.previous_input(node.args[0].id))
            return ast.Name(id=_MARK, ctx=ast.Load())
        args = [self.visit(a) for a in node.args]
        if isinstance(node.func, ast.Name) and node.func.id == "share":
            scaled = ast.BinOp(left=ast.Constant(100), op=ast.Mult(), right=args[0])
            return ast.BinOp(left=scaled, op=ast.Div(), right=args[1])
        return ast.Call(func=node.func, args=args, keywords=[])


def explanation_pieces(formula: _grammar.Formula) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The substituted formula as text around its names: values go between the pieces."""
    substitute = _Substitute()
    text = ast.unparse(substitute.visit(copy.deepcopy(formula.tree)))
    return tuple(text.split(_MARK)), tuple(substitute.names)


@functools.lru_cache(maxsize=256)
def _reader(formula: _grammar.Formula) -> tuple[re.Pattern[str], tuple[str, ...]]:
    literals, names = explanation_pieces(formula)
    body = "(.+?)".join(re.escape(literal) for literal in literals)
    return re.compile(f"{re.escape(formula.source)} = {body} = .+", re.DOTALL), names


def explained_values(formula: _grammar.Formula, explanation: str) -> dict[str, str] | None:
    """The value each name had in an explanation the engine wrote, as written; None if none.

    A formula without names, or an explanation without values (no data), gives None.
    """
    pattern, names = _reader(formula)
    if not names:
        return None
    found = pattern.fullmatch(explanation)
    if found is None:
        return None
    return dict(zip(names, found.groups(), strict=True))
