"""A checked formula tree as polars expressions that compute what Python computes, row by row.

Each sub-expression becomes a :class:`Term`: the column expression, the Python type its values
have (``int``, ``float``, ``mixed`` when rows differ, ``bool``, ``str``), where evaluating it
raised ZeroDivisionError (Python stops at the first error and skips untaken branches, so the
flags follow evaluation order), and where polars might not reproduce Python to the bit.
Integers stay Int64 as long as their magnitude (bounded from the data) cannot overflow;
an integer is only turned into a float below 2**53, where that is exact. Rows that leave these
limits, or meet a value that is not finite, are flagged ``unsafe`` and scored by the row engine.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import polars as pl

from pdrs_rules._formula import _grammar
from pdrs_rules._model import ParamValue

__all__ = ["EXACT", "Declined", "Term", "compile_formula", "constant", "to_float", "unsafe_float"]

#: Integers up to this magnitude are exact as floats.
EXACT = 2.0**53
#: Int64 arithmetic is never asked to go past this.
_INT_LIMIT = 2.0**62
#: Floats bounded by this are known to stay finite through the next operation.
_FINITE = 1e300


class Declined(Exception):  # noqa: N818 - not an error: the row engine takes over
    """The columnar engine cannot compute this formula exactly over this table."""


@attrs.frozen
class Term:
    """One sub-expression over the table, with what Python would make of it."""

    expr: pl.Expr
    kind: str
    #: For ``mixed``: true where the Python value is a float (else it is an int).
    is_float: pl.Expr | None = None
    #: True where computing it raised ZeroDivisionError; None when it never can.
    error: pl.Expr | None = None
    #: True where polars may differ from Python; None when it never can.
    unsafe: pl.Expr | None = None
    #: The largest magnitude its numbers can have (inf: unknown, maybe not finite).
    bound: float = math.inf
    #: Whether it reads no column: polars then treats it as a scalar.
    constant: bool = False


def _any(*flags: pl.Expr | None) -> pl.Expr | None:
    present = [f for f in flags if f is not None]
    if not present:
        return None
    result = present[0]
    for flag in present[1:]:
        result = result | flag
    return result


def _when(condition: pl.Expr, flag: pl.Expr | None) -> pl.Expr | None:
    return None if flag is None else condition & flag


def constant(value: ParamValue) -> Term:
    """A literal or a parameter's value."""
    if isinstance(value, bool):
        return Term(pl.lit(value, dtype=pl.Boolean), "bool", constant=True)
    if isinstance(value, int):
        return Term(pl.lit(value, dtype=pl.Int64), "int", bound=float(abs(value)), constant=True)
    if isinstance(value, float):
        return Term(pl.lit(value, dtype=pl.Float64), "float", bound=abs(value), constant=True)
    return Term(pl.lit(value, dtype=pl.String), "str", constant=True)


def unsafe_float(term: Term) -> pl.Expr | None:
    """Where a number's float form is not exactly its Python value (or not finite).

    None where the bound of the term rules it out, which is nearly always: checks cost time.
    """
    if term.kind == "int":
        return None if term.bound <= EXACT else term.expr.abs() > EXACT
    if term.kind == "float":
        return None if term.bound <= _FINITE else ~term.expr.is_finite()
    if term.kind == "mixed":
        return None if term.bound <= EXACT else ~term.expr.is_finite() | (term.expr.abs() > EXACT)
    return None


def to_float(term: Term) -> pl.Expr:
    """The values as Float64 (exact below 2**53; see :func:`unsafe_float`)."""
    return term.expr.cast(pl.Float64) if term.kind == "int" else term.expr


def _float_of(term: Term) -> pl.Expr:
    if term.kind == "float":
        return pl.lit(value=True)
    return pl.lit(value=False) if term.is_float is None else term.is_float


def _arithmetic(op: ast.operator, left: Term, right: Term) -> Term:
    error = _any(left.error, right.error)
    unsafe = _any(left.unsafe, right.unsafe)
    bound = left.bound * right.bound if isinstance(op, ast.Mult) else left.bound + right.bound
    if isinstance(op, ast.Div):
        divisor = to_float(right)
        return Term(
            to_float(left) / divisor,
            "float",
            error=_any(error, divisor == 0.0),
            unsafe=_any(unsafe, unsafe_float(left), unsafe_float(right)),
            # A whole divisor that is not 0 is at least 1: the quotient is no larger.
            bound=left.bound if right.kind == "int" else math.inf,
        )
    if left.kind == "int" and right.kind == "int":
        if bound > _INT_LIMIT:
            raise Declined("integers that may overflow 64 bits")
        expr = _OPS[type(op)](left.expr, right.expr)
        return Term(expr, "int", error=error, unsafe=unsafe, bound=bound)
    expr = _OPS[type(op)](to_float(left), to_float(right))
    unsafe = _any(unsafe, unsafe_float(left), unsafe_float(right))
    if left.kind == "float" or right.kind == "float":
        return Term(expr, "float", error=error, unsafe=unsafe, bound=bound)
    # int with mixed, or mixed with mixed: an int where both are ints, exact below 2**53.
    mixed = Term(expr, "mixed", is_float=_float_of(left) | _float_of(right), bound=bound)
    return attrs.evolve(mixed, error=error, unsafe=_any(unsafe, unsafe_float(mixed)))


_OPS: Mapping[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
}
_COMPARE: Mapping[type[ast.cmpop], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _compare_pair(op: ast.cmpop, left: Term, right: Term) -> tuple[pl.Expr, pl.Expr | None]:
    """One comparison, and where it might differ from Python's (NaN compares unlike it)."""
    compare = _COMPARE[type(op)]
    if left.kind in {"bool", "str"} or (left.kind == "int" and right.kind == "int"):
        return compare(left.expr, right.expr), None
    return compare(to_float(left), to_float(right)), _any(unsafe_float(left), unsafe_float(right))


def _unify(condition: pl.Expr, then: Term, other: Term) -> Term:
    """``then`` where ``condition`` holds, else ``other``: types joined as Python's would be."""
    unsafe = _any(then.unsafe, other.unsafe)
    bound = max(then.bound, other.bound)
    if then.kind == other.kind and then.kind != "mixed":
        return Term(
            pl.when(condition).then(then.expr).otherwise(other.expr),
            then.kind,
            unsafe=unsafe,
            bound=bound,
        )
    return Term(
        pl.when(condition).then(to_float(then)).otherwise(to_float(other)),
        "mixed",
        is_float=pl.when(condition).then(_float_of(then)).otherwise(_float_of(other)),
        unsafe=_any(unsafe, unsafe_float(then), unsafe_float(other)),
        bound=bound,
    )


class _Compiler:
    def __init__(
        self,
        facts: Mapping[str, Term],
        params: Mapping[str, ParamValue],
        indicators: Mapping[str, Term],
        height: int,
    ) -> None:
        self.facts = facts
        self.params = params
        self.indicators = indicators
        self.height = height

    def divide(self, left: Term, right: Term) -> Term:
        """``left / right``, with a constant divisor spelled out as a whole column.

        polars divides by a scalar as a multiplication by its reciprocal, which is not always
        the correctly rounded quotient Python gives (300 / 9 would be 33.33333333333333).
        """
        if right.constant:
            # A constant with a division inside is a whole column already: its values agree.
            values = pl.select(to_float(right)).to_series()
            value = values[0] if len(values) else 0.0
            column = pl.lit(pl.Series([value] * self.height, dtype=pl.Float64))
            right = Term(column, "float", bound=right.bound, error=right.error)
        return _arithmetic(ast.Div(), left, right)

    def term(self, node: ast.expr) -> Term:
        term = self._term(node)
        reads = any(
            isinstance(n, ast.Name)
            and (
                n.id in self.facts
                or (n.id in self.indicators and not self.indicators[n.id].constant)
            )
            for n in ast.walk(node)
        )
        return term if term.constant == (not reads) else attrs.evolve(term, constant=not reads)

    def _term(self, node: ast.expr) -> Term:
        if isinstance(node, ast.Constant):
            value = node.value
            assert isinstance(value, int | float | str)  # noqa: S101 - the checker admits these
            return constant(value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                return _power(self.term(node.left), _exponent(node.right))
            if isinstance(node.op, ast.Div):
                return self.divide(self.term(node.left), self.term(node.right))
            return _arithmetic(node.op, self.term(node.left), self.term(node.right))
        if isinstance(node, ast.UnaryOp):
            operand = self.term(node.operand)
            if isinstance(node.op, ast.Not):
                return attrs.evolve(operand, expr=~operand.expr)
            if isinstance(node.op, ast.USub):
                return attrs.evolve(operand, expr=-operand.expr)
            return operand
        if isinstance(node, ast.BoolOp):
            return self._bool_op(node)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            test = self.term(node.test)
            then, other = self.term(node.body), self.term(node.orelse)
            joined = _unify(test.expr, then, other)
            error = _any(test.error, _when(test.expr, then.error), _when(~test.expr, other.error))
            return attrs.evolve(joined, error=error, unsafe=_any(joined.unsafe, test.unsafe))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self._call(node.func.id, node.args)
        raise Declined(f"{type(node).__name__}")  # pragma: no cover - excluded by supports()

    def _name(self, name: str) -> Term:
        if name in self.facts:
            return self.facts[name]
        if name in self.indicators:
            return self.indicators[name]
        return constant(self.params[name])

    def _bool_op(self, node: ast.BoolOp) -> Term:
        values = [self.term(v) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        result = values[0].expr
        error = values[0].error
        reached = values[0].expr if is_and else ~values[0].expr
        for value in values[1:]:
            error = _any(error, _when(reached, value.error))
            result = (result & value.expr) if is_and else (result | value.expr)
            reached = reached & (value.expr if is_and else ~value.expr)
        unsafe = _any(*(v.unsafe for v in values))
        return Term(result, "bool", error=error, unsafe=unsafe)

    def _compare(self, node: ast.Compare) -> Term:
        terms = [self.term(node.left), *(self.term(c) for c in node.comparators)]
        error = _any(terms[0].error, terms[1].error)
        unsafe = _any(*(t.unsafe for t in terms))
        result: pl.Expr | None = None
        for index, op in enumerate(node.ops):
            if result is not None:
                # Python stops at the first comparison that fails: the next operand is not read.
                error = _any(error, _when(result, terms[index + 1].error))
            holds, differs = _compare_pair(op, terms[index], terms[index + 1])
            unsafe = _any(unsafe, differs)
            result = holds if result is None else result & holds
        assert result is not None  # noqa: S101 - a comparison has at least one operator
        return Term(result, "bool", error=error, unsafe=unsafe)

    def _call(self, name: str, args: Sequence[ast.expr]) -> Term:
        if name == "share":
            scaled = _arithmetic(ast.Mult(), self.term(args[0]), constant(100))
            return self.divide(scaled, self.term(args[1]))
        if name == "ratio":
            return self.divide(self.term(args[0]), self.term(args[1]))
        terms = [self.term(a) for a in args]
        if name in {"min", "max"}:
            return _extreme(terms, smallest=name == "min")
        term = terms[0]
        if name == "abs":
            return attrs.evolve(term, expr=term.expr.abs())
        if name == "round":
            digits = args[1] if len(args) > 1 else ast.Constant(0)
            places = digits.value if isinstance(digits, ast.Constant) else None
            if type(places) is not int:  # pragma: no cover - the checker allows only these
                raise Declined("round() with digits that are not a whole number")
            rounded = to_float(term).map_batches(
                lambda series: _rounded(series, places),
                return_dtype=pl.Float64,
                is_elementwise=True,
            )
            unsafe = _any(term.unsafe, unsafe_float(term))
            return Term(rounded, "float", error=term.error, unsafe=unsafe, bound=term.bound + 1)
        # floor/ceil: an int stays itself; a float becomes the int Python's math gives.
        if term.kind == "int":
            return term
        whole = to_float(term).floor() if name == "floor" else to_float(term).ceil()
        bound = term.bound + 1
        beyond = None
        if bound > EXACT:
            beyond = ~to_float(term).is_finite() | (to_float(term).abs() >= EXACT)
            bound = EXACT
        return Term(
            whole.cast(pl.Int64, strict=False),
            "int",
            error=term.error,
            unsafe=_any(term.unsafe, beyond),
            bound=bound,
        )


def _power(base: Term, exponent: int) -> Term:
    """``base ** n``: Python's own float power, once per distinct base, mapped back.

    Python raises ZeroDivisionError for 0 to a negative power, and OverflowError past the
    largest float; that row is then out of range, which the row engine decides (unsafe).
    """

    def powers(series: pl.Series) -> pl.Series:
        distinct = series.drop_nulls().unique()
        results: list[float | None] = []
        for value in distinct.to_list():
            try:
                results.append(_grammar._pow(value, exponent))  # noqa: SLF001 - the reference
            except ZeroDivisionError:
                results.append(math.nan)  # an error row: its value is never read
            except OverflowError:
                results.append(math.inf)
        return series.replace_strict(distinct, results, default=None, return_dtype=pl.Float64)

    value = to_float(base).map_batches(powers, return_dtype=pl.Float64, is_elementwise=True)
    error = (to_float(base) == 0.0) if exponent < 0 else None
    bound = base.bound**exponent if exponent >= 0 and base.bound < _FINITE**0.1 else math.inf
    return Term(
        value,
        "float",
        error=_any(base.error, error),
        unsafe=_any(
            base.unsafe, unsafe_float(base), None if bound <= _FINITE else ~value.is_finite()
        ),
        bound=bound,
    )


def _extreme(terms: Sequence[Term], *, smallest: bool) -> Term:
    """``min``/``max`` as Python runs them: keep the first, replace it by a strictly better."""
    op: ast.cmpop = ast.Lt() if smallest else ast.Gt()
    current = terms[0]
    error = _any(*(t.error for t in terms))
    for term in terms[1:]:
        better, differs = _compare_pair(op, term, current)
        current = _unify(better, term, current)
        current = attrs.evolve(current, unsafe=_any(current.unsafe, differs))
    return attrs.evolve(current, error=error)


def _rounded(series: pl.Series, digits: int) -> pl.Series:
    # round() rounds the number as written, half away from zero: Python's own implementation,
    # called once per distinct value (a table has few), then mapped back onto the column.
    distinct = series.drop_nulls().unique()
    results = [_grammar.FUNCTIONS["round"].impl(value, digits) for value in distinct.to_list()]
    return series.replace_strict(distinct, results, default=None, return_dtype=pl.Float64)


def _exponent(node: ast.expr) -> int:
    """The whole exponent the checker requires '**' to have written out: ``2`` or ``-1``."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    raise Declined("'**' with an exponent that is not written out")  # pragma: no cover


def compile_formula(
    formula: _grammar.Formula,
    facts: Mapping[str, Term],
    params: Mapping[str, Any],
    indicators: Mapping[str, Term],
    height: int,
) -> Term:
    """The formula as a :class:`Term` over fact and indicator columns of ``height`` rows.

    Raise Declined when polars cannot compute it as Python does.
    """
    return _Compiler(facts, params, indicators, height).term(formula.tree)
