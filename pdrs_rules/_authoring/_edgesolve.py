"""Solving formulas backwards: which facts give an indicator an exact value, in fractions.

Supported shapes: ``share(n, d)``, ``ratio(n, d)`` and ``n / d``, a single fact, and expressions
linear in one fact (``+ - *`` and division by a constant), through other indicators. A fact
found in both a numerator and its denominator is handled by trying both orders.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Literal

from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._model import FactSpec, FactValue, ParamValue, ValueType

__all__ = ["INF", "Mode", "Solver", "Unsolvable", "frac", "show"]

#: Where a row should put a value: on the target, just below or just above it.
Mode = Literal["at", "below", "above"]
# A denominator is usually a staff count: 50 keeps the numbers realistic (15 of 50 for 30%).
_DENOMINATOR = 50
_MAX_DENOMINATOR = 10**7
#: Stands for "no next threshold on this side".
INF = Fraction(10**30)
_FLIP: Mapping[Mode, Mode] = {"at": "at", "below": "above", "above": "below"}


class Unsolvable(Exception):  # noqa: N818 - control flow inside the solver
    """No row gives the value asked for; the message says why."""


def frac(value: object) -> Fraction:
    """A number as an exact fraction."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unsolvable(f"{value!r} is not a number")
    # repr() reads 30.1 as the decimal the author wrote, not its binary neighbour.
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def show(value: Fraction | float) -> str:
    """A number for a description: short, with a decimal point."""
    return f"{float(value):.6g}"


class Solver:
    """Sets the facts of a row so that a formula takes a chosen value."""

    def __init__(self, compiled: CompiledRuleset, params: Mapping[str, ParamValue]) -> None:
        self.compiled = compiled
        self.params = params
        self.facts: dict[str, FactSpec] = {f.name: f for f in compiled.facts}
        self.by_id = {i.id: i for i in compiled.indicators}
        #: Solve a numerator before its denominator (for facts shared by both).
        self.numerator_first = False

    def tree(self, indicator: str) -> ast.expr:
        return self.compiled.formulas[indicator].tree

    def names(self, node: ast.AST) -> Iterator[str]:
        """Facts a subtree reads, through the indicators it uses."""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                if sub.id in self.facts:
                    yield sub.id
                elif sub.id in self.by_id:
                    yield from self.names(self.tree(sub.id))

    def free(self, node: ast.AST, row: Mapping[str, FactValue]) -> set[str]:
        return {name for name in self.names(node) if name not in row}

    def exact(self, node: ast.expr, row: Mapping[str, FactValue]) -> Fraction:
        if isinstance(node, ast.Constant):
            return frac(node.value)
        if isinstance(node, ast.Name):
            if node.id in self.facts:
                return frac(row[node.id])
            if node.id in self.params:
                return frac(self.params[node.id])
            return self.exact(self.tree(node.id), row)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.exact(node.operand, row)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            left, right = self.exact(node.left, row), self.exact(node.right, row)
            return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[
                type(node.op)
            ]
        parts = self.fraction(node)
        if parts is not None:
            numerator, denominator, scale = parts
            return self.exact(numerator, row) * scale / self.exact(denominator, row)
        raise Unsolvable(f"{ast.unparse(node)} is not a supported formula shape")

    @staticmethod
    def fraction(node: ast.expr) -> tuple[ast.expr, ast.expr, int] | None:
        """(numerator, denominator, scale) of share(n, d), ratio(n, d) and n / d."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return node.left, node.right, 1
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"share", "ratio"}
        ):
            return node.args[0], node.args[1], 100 if node.func.id == "share" else 1
        return None

    # -- solving -------------------------------------------------------------------------------

    def baseline(self, name: str) -> FactValue:
        """A plain value for a fact nobody asked about: 0 moved into its literal bounds."""
        spec = self.facts[name]
        if spec.type is ValueType.BOOLEAN:
            return False
        if spec.type is ValueType.STRING:
            return ""
        value = Fraction(0)
        if isinstance(spec.minimum, (int, float)):
            value = max(value, frac(spec.minimum))
        if isinstance(spec.maximum, (int, float)):
            value = min(value, frac(spec.maximum))
        return math.ceil(value) if spec.type is ValueType.INTEGER else float(value)

    def fill(self, node: ast.AST, row: dict[str, FactValue]) -> None:
        for name in sorted(self.free(node, row)):
            row[name] = self.baseline(name)

    def solve(
        self,
        node: ast.expr,
        target: Fraction,
        mode: Mode,
        room: tuple[Fraction, Fraction],
        row: dict[str, Any],
    ) -> None:
        """Set the free facts of ``node`` so its value is ``target`` (or just below/above it).

        ``room`` is (step, gap) in the units of ``node``: how far below or above to go for a
        fact that is not a whole number, and the distance to the next threshold.
        """
        if not self.free(node, row):
            return
        if isinstance(node, ast.Name):
            if node.id in self.by_id:
                self.solve(self.tree(node.id), target, mode, room, row)
            else:
                row[node.id] = self.assign(node.id, target, mode, room[0])
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            if isinstance(node.op, ast.USub):
                target, mode = -target, _FLIP[mode]
            self.solve(node.operand, target, mode, room, row)
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            if self.free(node.left, row) and self.free(node.right, row):
                self.fill(node.right, row)
            on_left = bool(self.free(node.left, row))
            other = node.left if on_left else node.right
            constant = self.exact(node.right if on_left else node.left, row)
            if isinstance(node.op, ast.Add):
                self.solve(other, target - constant, mode, room, row)
            elif isinstance(node.op, ast.Sub) and on_left:
                self.solve(other, target + constant, mode, room, row)
            elif isinstance(node.op, ast.Sub):
                self.solve(other, constant - target, _FLIP[mode], room, row)
            else:
                self.scaled(other, target, mode, room, row, constant)
            return
        parts = self.fraction(node)
        if parts is None:
            raise Unsolvable(f"{ast.unparse(node)} is not a supported formula shape")
        numerator, denominator, scale = parts
        if self.free(denominator, row):
            if not self.free(numerator, row):
                raise Unsolvable(f"in {ast.unparse(node)} only the denominator has free facts")
            d = self.denominator(target, scale, room[1])
            factor = Fraction(scale, d)
            if self.numerator_first:
                self.scaled(numerator, target, mode, room, row, factor)
                self.solve(denominator, Fraction(d), "at", room, row)
            else:
                self.solve(denominator, Fraction(d), "at", room, row)
                self.scaled(numerator, target, mode, room, row, factor)
            return
        self.scaled(numerator, target, mode, room, row, scale / self.exact(denominator, row))

    def scaled(
        self,
        node: ast.expr,
        target: Fraction,
        mode: Mode,
        room: tuple[Fraction, Fraction],
        row: dict[str, Any],
        factor: Fraction,
    ) -> None:
        """Solve ``factor * node = target``."""
        if factor == 0:
            raise Unsolvable(f"{ast.unparse(node)} is multiplied by 0")
        if factor < 0:
            mode = _FLIP[mode]
        step, gap = room
        self.solve(node, target / factor, mode, (step / abs(factor), gap / abs(factor)), row)

    @staticmethod
    def denominator(target: Fraction, scale: int, gap: Fraction) -> int:
        """A denominator that hits the target exactly, with one unit of the numerator < gap."""
        quantum = (target / scale).denominator
        wanted = max(_DENOMINATOR, math.floor(scale / gap) + 1)
        d = quantum * math.ceil(wanted / quantum)
        if d > _MAX_DENOMINATOR:
            raise Unsolvable(f"hitting {show(target)} exactly needs a denominator of {d}")
        return d

    def assign(self, name: str, target: Fraction, mode: Mode, step: Fraction) -> FactValue:
        spec = self.facts[name]
        value: Fraction
        if spec.type is ValueType.INTEGER:
            if mode == "at" and target.denominator != 1:
                raise Unsolvable(f"{name} would have to be {show(target)}, not a whole number")
            value = {
                "at": target,
                "below": Fraction(math.ceil(target) - 1),
                "above": Fraction(math.floor(target) + 1),
            }[mode]
        elif spec.type is ValueType.NUMBER:
            value = {"at": target, "below": target - step, "above": target + step}[mode]
        else:
            raise Unsolvable(f"{name} is {spec.type.value}, not a number")
        for bound, is_min in ((spec.minimum, True), (spec.maximum, False)):
            if isinstance(bound, (int, float)) and (value < bound if is_min else value > bound):
                which = "minimum" if is_min else "maximum"
                raise Unsolvable(f"{name} would have to be {show(value)}, past its {which} {bound}")
        return int(value) if spec.type is ValueType.INTEGER else float(value)

    def complete(self, row: dict[str, FactValue]) -> dict[str, FactValue]:
        """The other facts at their baseline, raised or lowered to meet bounds naming facts."""
        for name in self.facts:
            row.setdefault(name, self.baseline(name))
        for _ in range(len(self.facts)):
            changed = False
            for name, spec in self.facts.items():
                value = row[name]
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    continue
                for bound, is_min in ((spec.minimum, True), (spec.maximum, False)):
                    if not isinstance(bound, str) or not isinstance(row.get(bound), (int, float)):
                        continue
                    limit = row[bound]
                    assert isinstance(limit, (int, float))  # noqa: S101 - checked above
                    if (value < limit) if is_min else (value > limit):
                        # The named fact moves: the bounded one may be what was solved for.
                        row[bound] = value
                        changed = True
            if not changed:
                break
        return row

    # -- cases ---------------------------------------------------------------------------------
