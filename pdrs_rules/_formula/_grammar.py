"""Formulas: parse once with simpleeval's parser, allow a small grammar, check names and types."""

from __future__ import annotations

import ast
import difflib
import enum
import itertools
import math
import warnings
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import simpleeval

from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._model import MAX_NUMBER, ValueType

MAX_FORMULA_LENGTH = 1000
MAX_DEPTH = 30
MAX_LITERAL = MAX_NUMBER
MAX_EXPONENT = 10
MAX_ROUND_DIGITS = 6


class Kind(enum.Enum):
    """The static type of a formula or sub-expression."""

    NUMBER = "number"
    BOOLEAN = "boolean"
    STRING = "string"


#: The formula type of each declared value type.
KINDS: Mapping[ValueType, Kind] = {
    ValueType.INTEGER: Kind.NUMBER,
    ValueType.NUMBER: Kind.NUMBER,
    ValueType.BOOLEAN: Kind.BOOLEAN,
    ValueType.STRING: Kind.STRING,
}


@attrs.frozen
class FormulaProblem(Exception):  # noqa: N818 - an internal carrier, translated to FormulaError
    """A formula problem with the character offset of the bad spot and its width."""

    code: str
    message: str
    offset: int = 0
    width: int = 1


def _share(n: float, d: float) -> float:
    # n * 100 is exact for the integer head counts shares are made of, and one division is
    # correctly rounded, so 100·15/50 is exactly 30 and 100·1/3 equals the literal 33.333....
    return n * 100 / d


def _ratio(n: float, d: float) -> float:
    return n / d


def _round(x: float, ndigits: int = 0) -> float:
    # Users expect 2,5 → 3 (school arithmetic), not Python's round-half-to-even.
    if not abs(x) < MAX_LITERAL:
        # Beyond 15 digits there are no decimals left to round (and inf/nan pass through).
        return float(x)
    quantum = Decimal(1).scaleb(-ndigits)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP))


def _pow(base: float, exponent: float) -> float:
    # Through float so that nested powers overflow (OverflowError → out_of_range)
    # instead of building integers with billions of digits.
    result: float = float(base) ** exponent
    return result


def _floor(x: float) -> int:
    return math.floor(x)


def _ceil(x: float) -> int:
    return math.ceil(x)


@attrs.frozen
class Function:
    """A function formulas may call: its implementation and arity."""

    impl: Callable[..., Any]
    min_args: int
    max_args: int | None
    doc: str


#: The explicit allowlist; simpleeval's defaults (rand, randint, int, float, str) are not offered.
FUNCTIONS: Mapping[str, Function] = {
    "share": Function(_share, 2, 2, "share(n, d) = n × 100 / d, a percentage"),
    "ratio": Function(_ratio, 2, 2, "ratio(n, d) = n / d"),
    "min": Function(min, 2, None, "the smallest of two or more numbers"),
    "max": Function(max, 2, None, "the largest of two or more numbers"),
    "abs": Function(abs, 1, 1, "the absolute value"),
    "round": Function(_round, 1, 2, "round(x, digits), halves away from zero"),
    "floor": Function(_floor, 1, 1, "rounded down to a whole number"),
    "ceil": Function(_ceil, 1, 1, "rounded up to a whole number"),
}

_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_EQUALITY = (ast.Eq, ast.NotEq)

_FORBIDDEN_NODES: Mapping[type[ast.AST], str] = {
    ast.Attribute: "attribute access (x.y)",
    ast.Subscript: "indexing (x[i])",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.Starred: "*arguments",
}


@attrs.frozen
class Formula:
    """A parsed, checked formula: its tree, what it reads and what type it yields."""

    source: str
    tree: ast.expr
    kind: Kind
    facts: tuple[str, ...]
    parameters: tuple[str, ...]
    indicators: tuple[str, ...]
    #: The (numerator, denominator) trees when the whole formula is ``share(n, d)``.
    share_parts: tuple[ast.expr, ast.expr] | None = None
    #: Names read through ``previous(x)``: their values in the previous period.
    previous: tuple[str, ...] = ()
    #: The (numerator, denominator) trees when the whole formula is ``ratio(n, d)``.
    ratio_parts: tuple[ast.expr, ast.expr] | None = None


#: The function that reads a name's value in the previous period; it is not a computation, so
#: it is handled by the checker and the program rather than listed in FUNCTIONS.
PREVIOUS = "previous"


def previous_input(name: str) -> str:
    """The input through which ``previous(name)`` reaches a compiled program."""
    return f"previous:{name}"


@attrs.frozen
class Scope:
    """The names a formula may use, with their types."""

    facts: Mapping[str, Kind]
    parameters: Mapping[str, Kind]
    indicators: Mapping[str, Kind]
    #: Names ``previous()`` may read; empty where previous() is not offered.
    history: frozenset[str] = frozenset()

    def kind_of(self, name: str) -> Kind | None:
        for table in (self.facts, self.parameters, self.indicators):
            if name in table:
                return table[name]
        return None

    def all_names(self) -> list[str]:
        return [*self.facts, *self.parameters, *self.indicators, *FUNCTIONS]


def _char_offset(source: str, node: ast.AST) -> int:
    # ast offsets count UTF-8 bytes; carets are placed under characters.
    byte_offset = getattr(node, "col_offset", 0)
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _char_width(source: str, node: ast.AST) -> int:
    start = getattr(node, "col_offset", 0)
    end = getattr(node, "end_col_offset", None) or start + 1
    return max(1, len(source.encode("utf-8")[start:end].decode("utf-8", errors="ignore")))


def _one_line(source: str) -> str:
    """The text the parser sees: a multi-line formula is folded onto one line."""
    if "\n" in source.strip() or "\r" in source.strip():
        # One line keeps carets and columns meaningful; YAML folding (>-) already joins lines.
        return " ".join(source.split())
    return source


def _fold_offset(text: str, offset: int) -> int:
    """Map a character offset in ``text`` to the same spot in its whitespace-folded form."""
    head = text[:offset]
    return len(" ".join(head.split())) + (1 if head.strip() and head[-1].isspace() else 0)


def parse(source: str) -> ast.expr:
    """Parse with simpleeval's parser; raise FormulaProblem unless it is one expression."""
    if len(source) > MAX_FORMULA_LENGTH:
        raise FormulaProblem(
            "limit",
            f"the formula has {len(source)} characters; at most {MAX_FORMULA_LENGTH} are allowed",
            MAX_FORMULA_LENGTH,
        )
    source = _one_line(source)
    if not source.strip():
        raise FormulaProblem("formula-syntax", "the formula is empty")
    if source != source.lstrip():
        raise FormulaProblem("formula-syntax", "the formula starts with spaces")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            node = simpleeval.SimpleEval.parse(source)
    except SyntaxError as exc:
        offset = max(0, (exc.offset or 1) - 1)
        if exc.msg == "too many nested parentheses":  # Python's parser stops at 200
            raise FormulaProblem(
                "limit", f"the formula is nested deeper than {MAX_DEPTH} levels", offset
            ) from None
        raise FormulaProblem(
            "formula-syntax", f"this is not a valid formula: {exc.msg}", min(offset, len(source))
        ) from None
    except Warning:
        raise FormulaProblem(
            "formula-syntax",
            "a formula is a single expression; remove ';' and what follows",
            source.find(";") if ";" in source else 0,
        ) from None
    except (ValueError, simpleeval.InvalidExpression, RecursionError, MemoryError) as exc:
        raise FormulaProblem("formula-syntax", f"this is not a single formula ({exc})") from None
    if not isinstance(node, ast.Expr):
        raise FormulaProblem(
            "formula-syntax",
            "a formula is an expression, not a statement (no '=', 'import', ';')",
            _char_offset(source, node),
        )
    return node.value


class _Checker:
    """Walks a parsed formula: allowed nodes only, known names only, consistent types."""

    def __init__(self, source: str, scope: Scope) -> None:
        self.source = source
        self.scope = scope
        self.facts: dict[str, None] = {}
        self.parameters: dict[str, None] = {}
        self.indicators: dict[str, None] = {}
        self.previous: dict[str, None] = {}

    def problem(self, code: str, message: str, node: ast.AST) -> FormulaProblem:
        return FormulaProblem(
            code, message, _char_offset(self.source, node), _char_width(self.source, node)
        )

    def check(self, node: ast.expr, depth: int = 0) -> Kind:
        if depth > MAX_DEPTH:
            raise self.problem(
                "limit", f"the formula is nested deeper than {MAX_DEPTH} levels", node
            )
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Invert):
                # Bitwise: fails on floats at evaluation time, so it is refused here.
                raise self.problem(
                    "forbidden", "the operator ~ is not allowed in formulas; use + - not", node
                )
            operand = self.check(node.operand, depth + 1)
            if isinstance(node.op, ast.Not):
                self._expect(operand, Kind.BOOLEAN, "'not'", node.operand)
                return Kind.BOOLEAN
            self._expect(operand, Kind.NUMBER, "a sign (+ or -)", node.operand)
            return Kind.NUMBER
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self._expect(self.check(value, depth + 1), Kind.BOOLEAN, "'and'/'or'", value)
            return Kind.BOOLEAN
        if isinstance(node, ast.Compare):
            return self._compare(node, depth)
        if isinstance(node, ast.IfExp):
            self._expect(
                self.check(node.test, depth + 1),
                Kind.BOOLEAN,
                "the condition after 'if'",
                node.test,
            )
            then = self.check(node.body, depth + 1)
            other = self.check(node.orelse, depth + 1)
            if then is not other:
                raise self.problem(
                    "type-mismatch",
                    f"both branches of 'if ... else' must have "
                    f"the same type, got {then.value} and {other.value}",
                    node,
                )
            return then
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        what = _FORBIDDEN_NODES.get(type(node), type(node).__name__)
        raise self.problem("forbidden", f"{what} is not allowed in formulas", node)

    def _expect(self, actual: Kind, expected: Kind, where: str, node: ast.AST) -> None:
        if actual is not expected:
            raise self.problem(
                "type-mismatch",
                f"{where} needs {expected.value} values, got {actual.value} {ast.unparse(node)!r}",
                node,
            )

    def _constant(self, node: ast.Constant) -> Kind:
        value = node.value
        if isinstance(value, bool):
            return Kind.BOOLEAN
        if isinstance(value, (int, float)):
            # Magnitude first: math.isfinite() overflows on integers of hundreds of digits.
            if abs(value) > MAX_LITERAL or not math.isfinite(value):
                raise self.problem(
                    "limit",
                    f"the number {ast.unparse(node)} is too large; "
                    f"numbers in formulas are limited to {MAX_LITERAL:.0e}",
                    node,
                )
            return Kind.NUMBER
        if isinstance(value, str):
            return Kind.STRING
        raise self.problem(
            "forbidden",
            f"the literal {ast.unparse(node)} is not allowed; use "
            "numbers, text in quotes, True or False",
            node,
        )

    def _name(self, node: ast.Name) -> Kind:
        name = node.id
        if name in self.scope.facts:
            self.facts[name] = None
        elif name in self.scope.parameters:
            self.parameters[name] = None
        elif name in self.scope.indicators:
            self.indicators[name] = None
        elif name in FUNCTIONS:
            raise self.problem(
                "type-mismatch", f"{name!r} is a function; call it like {name}(...)", node
            )
        elif name in {"True", "False"}:  # pragma: no cover - parsed as constants
            return Kind.BOOLEAN
        else:
            candidates = [n for n in self.scope.all_names() if n not in FUNCTIONS]
            hint = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
            tail = lookalike_hint(name, candidates) or (
                f"; did you mean {hint[0]!r}?" if hint else ""
            )
            raise self.problem(
                "unknown-name",
                f"unknown name {name!r}: not a declared fact, parameter or indicator{tail}",
                node,
            )
        kind = self.scope.kind_of(name)
        assert kind is not None  # noqa: S101 - checked just above
        return kind

    def _binop(self, node: ast.BinOp, depth: int) -> Kind:
        if not isinstance(node.op, _ARITHMETIC):
            raise self.problem(
                "forbidden",
                f"the operator {type(node.op).__name__} is not allowed "
                "in formulas; use + - * / // % **",
                node,
            )
        left = self.check(node.left, depth + 1)
        right = self.check(node.right, depth + 1)
        self._expect(left, Kind.NUMBER, "arithmetic", node.left)
        self._expect(right, Kind.NUMBER, "arithmetic", node.right)
        if isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, ast.USub):
                exponent = exponent.operand
            if not (
                isinstance(exponent, ast.Constant)
                and type(exponent.value) is int
                and abs(exponent.value) <= MAX_EXPONENT
            ):
                raise self.problem(
                    "limit",
                    "'**' needs a whole number between "
                    f"-{MAX_EXPONENT} and {MAX_EXPONENT} written as the exponent",
                    node.right,
                )
        return Kind.NUMBER

    def _compare(self, node: ast.Compare, depth: int) -> Kind:
        kinds = [self.check(node.left, depth + 1)]
        kinds += [self.check(c, depth + 1) for c in node.comparators]
        for op, (left, right), right_node in zip(
            node.ops, itertools.pairwise(kinds), node.comparators, strict=True
        ):
            if isinstance(op, _ORDERING):
                self._expect(left, Kind.NUMBER, "'<', '<=', '>', '>='", node.left)
                self._expect(right, Kind.NUMBER, "'<', '<=', '>', '>='", right_node)
            elif isinstance(op, _EQUALITY):
                if left is not right:
                    raise self.problem(
                        "type-mismatch", f"cannot compare {left.value} with {right.value}", node
                    )
            else:
                raise self.problem(
                    "forbidden",
                    f"the comparison {type(op).__name__} is not allowed; use < <= > >= == !=",
                    node,
                )
        return Kind.BOOLEAN

    def _previous(self, node: ast.Call) -> Kind:
        if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Name):
            raise self.problem(
                "arity",
                "previous() takes one name: previous(x) is the value of x in the previous period",
                node,
            )
        name = node.args[0].id
        kind = self.scope.kind_of(name)
        if kind is None or name not in self.scope.history:
            candidates = list(self.scope.history)
            hint = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
            tail = lookalike_hint(name, candidates) or (
                f"; did you mean {hint[0]!r}?" if hint else ""
            )
            raise self.problem(
                "unknown-name",
                f"previous({name}): {name!r} has no values in earlier periods here; "
                f"previous() takes a fact, an indicator or an aggregate{tail}",
                node.args[0],
            )
        self.previous[name] = None
        return kind

    def _call(self, node: ast.Call, depth: int) -> Kind:
        func = node.func
        if isinstance(func, ast.Name) and func.id == PREVIOUS and self.scope.history:
            return self._previous(node)
        if not isinstance(func, ast.Name):
            raise self.problem(
                "forbidden", f"only the functions {', '.join(FUNCTIONS)} may be called", node
            )
        spec = FUNCTIONS.get(func.id)
        if spec is None:
            hint = difflib.get_close_matches(func.id, list(FUNCTIONS), n=1)
            tail = f"; did you mean {hint[0]!r}?" if hint else ""
            raise self.problem(
                "unknown-name",
                f"unknown function {func.id!r}; available: {', '.join(FUNCTIONS)}{tail}",
                func,
            )
        if node.keywords:
            raise self.problem("forbidden", f"{func.id}() takes no named arguments", node)
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            expected = (
                str(spec.min_args)
                if spec.min_args == spec.max_args
                else f"{spec.min_args} or more"
                if spec.max_args is None
                else f"{spec.min_args} to {spec.max_args}"
            )
            raise self.problem(
                "arity", f"{func.id}() takes {expected} arguments, got {count} ({spec.doc})", node
            )
        for arg in node.args:
            self._expect(self.check(arg, depth + 1), Kind.NUMBER, f"{func.id}()", arg)
        if func.id == "round" and count == 2:
            digits = node.args[1]
            if not (
                isinstance(digits, ast.Constant)
                and type(digits.value) is int
                and 0 <= digits.value <= MAX_ROUND_DIGITS
            ):
                raise self.problem(
                    "limit",
                    "round() needs a whole number from 0 to "
                    f"{MAX_ROUND_DIGITS} as the number of digits",
                    digits,
                )
        return Kind.NUMBER


def check(source: str, scope: Scope) -> Formula:
    """Parse and check a formula against the declared names; raise FormulaProblem."""
    # Tree offsets refer to the text the parser saw; problems are reported against the folded
    # formula (Formula.source), which is what carets are drawn under.
    text = _one_line(source)
    checker = _Checker(text, scope)
    try:
        tree = parse(source)
        kind = checker.check(tree)
    except FormulaProblem as problem:
        start = _fold_offset(text, problem.offset)
        end = _fold_offset(text, problem.offset + problem.width)
        raise attrs.evolve(problem, offset=start, width=max(1, end - start)) from None
    share_parts = ratio_parts = None
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
        if tree.func.id == "share":
            share_parts = (tree.args[0], tree.args[1])
        elif tree.func.id == "ratio":
            ratio_parts = (tree.args[0], tree.args[1])
    return Formula(
        " ".join(source.split()),
        tree,
        kind,
        tuple(checker.facts),
        tuple(checker.parameters),
        tuple(checker.indicators),
        share_parts,
        tuple(checker.previous),
        ratio_parts,
    )


def caret(source: str, offset: int, width: int = 1) -> str:
    """The formula on one line and a caret line under the bad spot, indented for messages."""
    width = max(1, min(width, len(source) - offset)) if offset < len(source) else 1
    return f"    {source}\n    {' ' * offset}^{'~' * (width - 1)}"


# simpleeval is the reference semantics: the compiled fast path must agree with it.
_OPERATORS = {
    **simpleeval.DEFAULT_OPERATORS,
    ast.Pow: _pow,
}
_SIMPLEEVAL_FUNCTIONS = {name: f.impl for name, f in FUNCTIONS.items()}


def eval_tree(tree: ast.expr, names: Mapping[str, Any]) -> Any:
    """Evaluate a checked tree with simpleeval, the reference semantics; exceptions propagate."""
    evaluator = simpleeval.SimpleEval(
        operators=_OPERATORS, functions=_SIMPLEEVAL_FUNCTIONS, names=dict(names)
    )
    return evaluator.eval("", previously_parsed=tree)
