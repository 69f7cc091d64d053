"""The fast path: one Python function per ruleset and parameter set, built from checked trees.

Evaluating a formula tree per school (what simpleeval does) costs microseconds per value. Instead
the checked trees are spliced into the AST of a single function that computes every indicator of
one school with inline missing-data guards and inline banding, and that AST is compiled once.
No text from the ruleset is ever parsed as code here: formulas were parsed by simpleeval's parser
and admitted by the checker in _grammar.py, and their names are rewritten to local variables or
constants before compilation. The function runs with empty builtins.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from pdrs_rules._compile._bands import relative_base, resolve, tolerance
from pdrs_rules._formula import _grammar
from pdrs_rules._model import IndicatorSpec, ParamValue, Unit

EVALUATED: Final = 0
NO_DATA: Final = 1
NOT_APPLICABLE: Final = 2
OUT_OF_RANGE: Final = 3
INSUFFICIENT_HISTORY: Final = 4

#: A compiled ruleset: takes fact values in declaration order, returns value, status and band
#: index for each indicator in evaluation order, flattened.
Program = Callable[[Sequence[Any]], tuple[Any, ...]]

#: Every numeric result lies within ±MAX_RESULT, the bound of facts and formula literals too;
#: a result beyond it (or not a finite number) is out_of_range (docs/security.md).
MAX_RESULT: Final = _grammar.MAX_LITERAL
_GLOBALS: Mapping[str, Any] = {
    "min": min,
    "max": max,
    "abs": abs,
    "_round": _grammar.FUNCTIONS["round"].impl,
    "_floor": _grammar.FUNCTIONS["floor"].impl,
    "_ceil": _grammar.FUNCTIONS["ceil"].impl,
    "_pow": _grammar._pow,  # noqa: SLF001 - the same implementation the reference uses
    "_tolerance": tolerance,
    "ZeroDivisionError": ZeroDivisionError,
    "ArithmeticError": ArithmeticError,
    "ValueError": ValueError,
}


def _name(ident: str) -> ast.Name:
    return ast.Name(id=ident, ctx=ast.Load())


def _assign(**targets: ast.expr) -> list[ast.stmt]:
    return [
        ast.Assign(targets=[ast.Name(id=t, ctx=ast.Store())], value=v) for t, v in targets.items()
    ]


def _const(value: Any) -> ast.Constant:
    return ast.Constant(value=value)


def _or(tests: list[ast.expr]) -> ast.expr:
    return tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.Or(), values=tests)


class _Rewriter(ast.NodeTransformer):
    """Rewrite a checked formula: names to locals or constants, calls to our implementations."""

    def __init__(
        self,
        facts: Mapping[str, str],
        params: Mapping[str, ParamValue],
        indicators: Mapping[str, str],
    ) -> None:
        self.facts = facts
        self.params = params
        self.indicators = indicators

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id in self.facts:
            return _name(self.facts[node.id])
        if node.id in self.indicators:
            return _name(self.indicators[node.id])
        return _const(self.params[node.id])

    def visit_Call(self, node: ast.Call) -> ast.expr:
        func = node.func.id if isinstance(node.func, ast.Name) else ""
        if func == _grammar.PREVIOUS and isinstance(node.args[0], ast.Name):
            return _name(self.facts[_grammar.previous_input(node.args[0].id)])
        args = [self.visit(a) for a in node.args]
        if func == "share":
            # n * 100 / d, spelled inline so no call is paid per school.
            scaled = ast.BinOp(left=args[0], op=ast.Mult(), right=_const(100))
            return ast.BinOp(left=scaled, op=ast.Div(), right=args[1])
        if func == "ratio":
            return ast.BinOp(left=args[0], op=ast.Div(), right=args[1])
        target = func if func in {"min", "max", "abs"} else f"_{func}"
        return ast.Call(func=_name(target), args=args, keywords=[])

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow):
            return ast.Call(func=_name("_pow"), args=[left, right], keywords=[])
        return ast.BinOp(left=left, op=node.op, right=right)


def _banding(
    indicator: IndicatorSpec,
    value: str,
    band: str,
    params: Mapping[str, ParamValue],
    fact_vars: Mapping[str, str] | None = None,
) -> list[ast.stmt]:
    """Statements setting ``band`` to the band index of ``value`` (bands are known to tile).

    Bounds relative to an aggregate (an input in ``fact_vars``) are computed from it; while it
    has no value (the first pass of a run, or no school counted) the band is -1.
    """
    if not indicator.bands:
        return _assign(**{band: _const(-1)})  # information: a value with no level
    base = relative_base(indicator, params)
    if base is not None and fact_vars is not None:
        return _relative_banding(indicator, value, band, params, fact_vars[base])
    bands = indicator.bands
    if indicator.unit is Unit.BOOLEAN:
        index = {b.equals: b.index for b in bands}
        return _assign(
            **{
                band: ast.IfExp(
                    test=_name(value), body=_const(index[True]), orelse=_const(index[False])
                )
            }
        )
    chain: list[ast.stmt] = _assign(**{band: _const(bands[-1].index)})
    for candidate in reversed(bands[:-1]):
        upper = resolve(candidate.upper, params)
        if upper is None:  # pragma: no cover - excluded by check_bands
            continue
        if upper.inclusive:
            test = ast.Compare(
                left=_name(value),
                ops=[ast.LtE()],
                comparators=[_const(upper.value + tolerance(upper.value))],
            )
        else:
            test = ast.Compare(
                left=_name(value),
                ops=[ast.Lt()],
                comparators=[_const(upper.value - tolerance(upper.value))],
            )
        chain = [ast.If(test=test, body=_assign(**{band: _const(candidate.index)}), orelse=chain)]
    return chain


def _relative_banding(
    indicator: IndicatorSpec,
    value: str,
    band: str,
    params: Mapping[str, ParamValue],
    base: str,
) -> list[ast.stmt]:
    """Banding against bounds that move with an aggregate: ``base`` + each bound's offset."""
    bands = indicator.bands
    chain: list[ast.stmt] = _assign(**{band: _const(bands[-1].index)})
    for candidate in reversed(bands[:-1]):
        upper = candidate.upper
        if upper is None:  # pragma: no cover - excluded by check_bands
            continue
        offset = resolve(upper, {**params, upper.base or "": 0.0})
        assert offset is not None  # noqa: S101 - offsets are numbers or numeric parameters
        edge = ast.BinOp(left=_name(base), op=ast.Add(), right=_const(offset.value))
        slack = ast.Call(func=_name("_tolerance"), args=[edge], keywords=[])
        shifted = ast.BinOp(left=edge, op=ast.Add() if upper.inclusive else ast.Sub(), right=slack)
        test = ast.Compare(
            left=_name(value),
            ops=[ast.LtE() if upper.inclusive else ast.Lt()],
            comparators=[shifted],
        )
        chain = [ast.If(test=test, body=_assign(**{band: _const(candidate.index)}), orelse=chain)]
    missing = ast.Compare(left=_name(base), ops=[ast.Is()], comparators=[_const(None)])
    return [ast.If(test=missing, body=_assign(**{band: _const(-1)}), orelse=chain)]


def _domain_test(indicator: IndicatorSpec, value: str) -> ast.expr:
    """True when the value is outside the domain or the result range, or not a finite number."""
    low = indicator.domain_min
    high = indicator.domain_max
    low_limit = -MAX_RESULT if low is None else max(-MAX_RESULT, low - tolerance(low))
    high_limit = MAX_RESULT if high is None else min(MAX_RESULT, high + tolerance(high))
    inside = ast.Compare(
        left=_const(low_limit),
        ops=[ast.LtE(), ast.LtE()],
        comparators=[_name(value), _const(high_limit)],
    )
    return ast.UnaryOp(op=ast.Not(), operand=inside)


def _block(
    indicator: IndicatorSpec,
    formula: _grammar.Formula,
    slot: int,
    fact_vars: Mapping[str, str],
    slots: Mapping[str, int],
    params: Mapping[str, ParamValue],
) -> list[ast.stmt]:
    v, s, b = f"v{slot}", f"s{slot}", f"b{slot}"

    def outcome(status: int) -> list[ast.stmt]:
        return _assign(**{v: _const(None), s: _const(status), b: _const(-1)})

    dep_status = [f"s{slots[d]}" for d in formula.indicators]

    def any_dep(status: int) -> list[ast.expr]:
        return [
            ast.Compare(left=_name(d), ops=[ast.Eq()], comparators=[_const(status)])
            for d in dep_status
        ]

    rewriter = _Rewriter(fact_vars, params, {d: f"v{slots[d]}" for d in formula.indicators})
    expression = rewriter.visit(copy.deepcopy(formula.tree))
    if indicator.unit is Unit.BOOLEAN:
        judged = _banding(indicator, v, b, params) + _assign(**{s: _const(EVALUATED)})
    else:
        banded = _banding(indicator, v, b, params, fact_vars)
        judged = [
            ast.If(
                test=_domain_test(indicator, v),
                body=_assign(**{s: _const(OUT_OF_RANGE), b: _const(-1)}),
                orelse=banded + _assign(**{s: _const(EVALUATED)}),
            )
        ]
    compute: list[ast.stmt] = [
        ast.Try(
            body=_assign(**{v: expression}),
            handlers=[
                ast.ExceptHandler(
                    type=_name("ZeroDivisionError"), name=None, body=outcome(NOT_APPLICABLE)
                ),
                ast.ExceptHandler(
                    type=ast.Tuple(
                        elts=[_name("ArithmeticError"), _name("ValueError")], ctx=ast.Load()
                    ),
                    name=None,
                    body=outcome(OUT_OF_RANGE),
                ),
            ],
            orelse=judged,
            finalbody=[],
        )
    ]
    # Precedence when inputs are unusable: missing data first (it is the school's to fix),
    # then missing history, out-of-range inputs, then inapplicability.
    history = [fact_vars[_grammar.previous_input(name)] for name in formula.previous]
    guards: list[tuple[list[ast.expr], int]] = [
        (
            [
                ast.Compare(left=_name(fact_vars[f]), ops=[ast.Is()], comparators=[_const(None)])
                for f in formula.facts
            ]
            + any_dep(NO_DATA),
            NO_DATA,
        ),
        (
            [
                ast.Compare(left=_name(var), ops=[ast.Is()], comparators=[_const(None)])
                for var in history
            ]
            + any_dep(INSUFFICIENT_HISTORY),
            INSUFFICIENT_HISTORY,
        ),
        (any_dep(OUT_OF_RANGE), OUT_OF_RANGE),
        (any_dep(NOT_APPLICABLE), NOT_APPLICABLE),
    ]
    body = compute
    for tests, status in reversed(guards):
        if tests:
            body = [ast.If(test=_or(tests), body=outcome(status), orelse=body)]
    return body


def build_program(
    facts: Sequence[str],
    indicators: Sequence[IndicatorSpec],
    formulas: Mapping[str, _grammar.Formula],
    params: Mapping[str, ParamValue],
    name: str = "ruleset",
) -> Program:
    """Compile the whole ruleset, with these parameter values, into one function."""
    fact_vars = {fact: f"f{i}" for i, fact in enumerate(facts)}
    slots = {ind.id: i for i, ind in enumerate(indicators)}
    body: list[ast.stmt] = []
    bases = {relative_base(ind, params) for ind in indicators} - {None}
    used = sorted(
        {
            name
            for ind in indicators
            for name in (
                *formulas[ind.id].facts,
                *map(_grammar.previous_input, formulas[ind.id].previous),
            )
        }
        | {base for base in bases if base in fact_vars},
        key=facts.index,
    )
    if used:
        body.extend(
            _assign(
                **{
                    fact_vars[f]: ast.Subscript(
                        value=_name("row"), slice=_const(facts.index(f)), ctx=ast.Load()
                    )
                    for f in used
                }
            )
        )
    for indicator in indicators:
        body.extend(
            _block(indicator, formulas[indicator.id], slots[indicator.id], fact_vars, slots, params)
        )
    results: list[ast.expr] = []
    for i in range(len(indicators)):
        results += [_name(f"v{i}"), _name(f"s{i}"), _name(f"b{i}")]
    body.append(ast.Return(value=ast.Tuple(elts=results, ctx=ast.Load())))
    function = ast.FunctionDef(
        name="score",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg="row")],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=body,
        decorator_list=[],
        returns=None,
    )
    module = ast.fix_missing_locations(ast.Module(body=[function], type_ignores=[]))
    code = compile(module, filename=f"<pdrs-rules {name}>", mode="exec")
    namespace: dict[str, Any] = {"__builtins__": {}, **_GLOBALS}
    exec(code, namespace)  # noqa: S102 - a code object built from checked trees, see module doc
    program: Program = namespace["score"]
    return program
