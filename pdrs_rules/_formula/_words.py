"""A checked formula told in Russian words, for the passport and reports (``share`` → «доля …»)."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Mapping

from pdrs_rules._i18n._russian import format_number, plural_form

from ._grammar import PREVIOUS, parse, previous_input

__all__ = ["formula_for_people", "formula_in_words", "name_in_words"]

#: How a name reads: its kind («факт», «параметр» …) and its title, by name.
Names = Mapping[str, tuple[str, str]]

_COMPARISONS: Mapping[type[ast.cmpop], str] = {
    ast.Lt: "меньше",
    ast.LtE: "не больше",
    ast.Gt: "больше",
    ast.GtE: "не меньше",
    ast.Eq: "равно",
    ast.NotEq: "не равно",
}

# (what the result is called, the word between the operands); n-ary for + and *.
_BINARY: Mapping[type[ast.operator], tuple[str, str]] = {
    ast.Add: ("сумма", "и"),
    ast.Sub: ("разность", "и"),
    ast.Mult: ("произведение", "и"),
    ast.Div: ("частное от деления", "на"),
    ast.FloorDiv: ("целая часть от деления", "на"),
    ast.Mod: ("остаток от деления", "на"),
}


def name_in_words(name: str, names: Names) -> str:
    """A declared name as the passport shows it: «Педагоги с ИОМ» (факт iom)."""
    known = names.get(name)
    if known is None:
        return name
    kind, title = known
    return f"«{' '.join(title.split())}» ({kind} {name})"


def formula_in_words(source: str, names: Names, *, ids: bool = True) -> str:
    """The formula in Russian words; parts that have no words are shown as written.

    ``source`` must be a formula that compiled: a syntax error here is a bug, not input.
    With ``ids=False`` a name reads as its title alone: «Педагоги с ИОМ».
    """
    return _Words(names, ids=ids).say(parse(source))


def formula_for_people(source: str, names: Names, values: Mapping[str, str]) -> str:
    """How one school's value was computed, for a reader: «15 из 50».

    ``values`` are the names' values as the explanation wrote them (``_explain``). A share of
    two names is «n из d»; another formula is told in words with each value after its title,
    «разность «Разработали ИОМ» (40) и «Уволено» (5)»; a single name says where the value
    comes from, «по данным «Вакансии»».
    """
    tree = _parsed(source)
    parts = _share_of_names(tree)
    if parts is not None and all(name in values for name in parts):
        return f"{values[parts[0]]} из {values[parts[1]]}"
    if isinstance(tree, ast.Name):
        return f"по данным {_Words(names, ids=False).say(tree)}"
    return _Words(names, ids=False, values=values).say(tree)


# A report tells the same few formulas for every school; each is parsed once (the tree is only
# read here, never changed).
_parsed = functools.lru_cache(maxsize=512)(parse)


def _share_of_names(tree: ast.expr) -> tuple[str, str] | None:
    """``(n, d)`` of ``share(n, d)`` when both are names."""
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)):
        return None
    if tree.func.id != "share" or len(tree.args) != 2:
        return None
    n, d = tree.args
    if isinstance(n, ast.Name) and isinstance(d, ast.Name):
        return n.id, d.id
    return None


class _Words:
    def __init__(
        self, names: Names, *, ids: bool = True, values: Mapping[str, str] | None = None
    ) -> None:
        self.names = names
        self.ids = ids
        self.values = values or {}
        self.calls: Mapping[str, Callable[[list[ast.expr]], str | None]] = {
            "share": self._share,
            "ratio": self._ratio,
            "min": lambda args: "наименьшее из значений " + self._list(args),
            "max": lambda args: "наибольшее из значений " + self._list(args),
            "abs": lambda args: "абсолютная величина " + self.part(args[0]),
            "round": self._round,
            "floor": lambda args: self.part(args[0]) + ", округлённое вниз до целого",
            "ceil": lambda args: self.part(args[0]) + ", округлённое вверх до целого",
        }

    def part(self, node: ast.expr) -> str:
        """An operand: in parentheses unless it is one name or number, so nesting stays clear."""
        text = self.say(node)
        if isinstance(node, (ast.Name, ast.Constant)) or _is_negative_number(node):
            return text
        return f"({text})"

    def say(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Constant):
            return _constant(node.value)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BoolOp):
            word = " и " if isinstance(node.op, ast.And) else " или "
            return word.join(self.part(value) for value in node.values)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            return (
                f"если {self.part(node.test)}, то {self.part(node.body)}, "
                f"иначе {self.part(node.orelse)}"
            )
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            words = self._call(node.func.id, node.args)
            if words is not None:
                return words
        return ast.unparse(node)

    def _name(self, name: str) -> str:
        if self.ids:
            return name_in_words(name, self.names)
        known = self.names.get(name)
        text = f"«{' '.join(known[1].split())}»" if known else name
        value = self.values.get(name)
        return f"{text} ({value})" if value is not None else text

    def _call(self, function: str, args: list[ast.expr]) -> str | None:
        if function == PREVIOUS and len(args) == 1:
            if isinstance(args[0], ast.Name) and not self.ids:
                # The value of previous(x) is x's of the period before, not x's own.
                earlier = _Words(self.names, ids=False, values={}).say(args[0])
                value = self.values.get(previous_input(args[0].id))
                tail = f" ({value})" if value is not None else ""
                return f"{earlier} за предыдущий период{tail}"
            return self.part(args[0]) + " за предыдущий период"
        spell = self.calls.get(function)
        return None if spell is None else spell(args)

    def _share(self, args: list[ast.expr]) -> str | None:
        if len(args) != 2:
            return None
        return f"доля {self.part(args[0])} от {self.part(args[1])}, %"

    def _ratio(self, args: list[ast.expr]) -> str | None:
        if len(args) != 2:
            return None
        return f"отношение {self.part(args[0])} к {self.part(args[1])}"

    def _round(self, args: list[ast.expr]) -> str | None:
        head = self.part(args[0])
        if len(args) == 1:
            return head + ", округлённое до целого"
        digits = args[1]
        if isinstance(digits, ast.Constant) and type(digits.value) is int:
            count = digits.value
            word = plural_form(count, "знака", "знаков", "знаков")
            return f"{head}, округлённое до {count} {word} после запятой"
        return None

    def _list(self, args: list[ast.expr]) -> str:
        parts = [self.part(arg) for arg in args]
        return ", ".join(parts[:-1]) + " и " + parts[-1]

    def _binop(self, node: ast.BinOp) -> str:
        if isinstance(node.op, ast.Pow):
            return f"{self.part(node.left)} в степени {self.say(node.right)}"
        name, joiner = _BINARY.get(type(node.op), ("", ""))
        if not name:
            return ast.unparse(node)
        if isinstance(node.op, (ast.Add, ast.Mult)):
            # a + b + c is one sum of three, not a sum inside a sum.
            operands = _flatten(node, type(node.op))
            return f"{name} {self._list(operands)}"
        return f"{name} {self.part(node.left)} {joiner} {self.part(node.right)}"

    def _unary(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.Not):
            return "не " + self.part(node.operand)
        if isinstance(node.op, ast.USub):
            if isinstance(node.operand, ast.Constant):
                return "−" + self.say(node.operand)
            return "минус " + self.part(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.say(node.operand)
        return ast.unparse(node)

    def _compare(self, node: ast.Compare) -> str:
        pieces = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            word = _COMPARISONS.get(type(op))
            if word is None:
                return ast.unparse(node)
            pieces.append(f"{self.part(left)} {word} {self.part(right)}")
            left = right
        return " и ".join(pieces)


def _flatten(node: ast.expr, op: type[ast.operator]) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, op):
        return [*_flatten(node.left, op), *_flatten(node.right, op)]
    return [node]


def _is_negative_number(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
    )


def _constant(value: object) -> str:
    if isinstance(value, bool):
        return "истина" if value else "ложь"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str):
        return f"«{value}»"
    return repr(value)
