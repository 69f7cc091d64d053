"""The formula language: allowed functions, rejected constructs, limits, types, dependencies."""

from __future__ import annotations

import ast
import math
from typing import Any, ClassVar

import pytest

from pdrs_rules._formula import _grammar as _formula
from pdrs_rules._formula._explain import explained_values
from pdrs_rules._formula._grammar import FormulaProblem, Kind, Scope, caret, check, eval_tree
from pdrs_rules._formula._words import formula_for_people

SCOPE = Scope(
    facts={
        "teachers": Kind.NUMBER,
        "diagnosed": Kind.NUMBER,
        "has_plan": Kind.BOOLEAN,
        "school_type": Kind.STRING,
    },
    parameters={"target": Kind.NUMBER, "strict": Kind.BOOLEAN},
    indicators={"diag_share": Kind.NUMBER, "planned": Kind.BOOLEAN},
)


def evaluate(source: str, **names: Any) -> Any:
    """Check a formula against SCOPE and evaluate it with the reference evaluator."""
    return eval_tree(check(source, SCOPE).tree, names)


def rejected(source: str) -> FormulaProblem:
    """The problem check() raises for a formula that must not compile."""
    with pytest.raises(FormulaProblem) as info:
        check(source, SCOPE)
    return info.value


def caret_line(source: str) -> str:
    """The caret line (without the indent) that check() and caret() draw for a bad formula."""
    problem = rejected(source)
    folded = " ".join(source.split())
    head, line = caret(folded, problem.offset, problem.width).split("\n")
    assert head == f"    {folded}"
    return line.removeprefix("    ")


def unmark(marked: str) -> tuple[str, str]:
    """Split a table entry into the formula and the caret line expected under its «marked» part.

    The caret is drawn under the formula folded onto one line; «» marks a one-character caret
    at that spot (e.g. past the end of the formula).
    """
    source = marked.replace("«", "").replace("»", "")
    folded = " ".join(marked.split())
    start = folded.index("«")
    width = max(1, folded.index("»") - start - 1)
    return source, " " * start + "^" + "~" * (width - 1)


class TestFunctions:
    @pytest.mark.parametrize(
        ("source", "names", "expected"),
        [
            # share(n, d) = n × 100 / d: one correctly rounded division, so thresholds hit exactly.
            ("share(15, 50)", {}, 30.0),
            ("share(7, 100)", {}, 7.0),
            ("share(1, 3)", {}, 33.333333333333336),
            ("share(diagnosed, teachers)", {"diagnosed": 3, "teachers": 4}, 75.0),
            ("ratio(3, 4)", {}, 0.75),
            ("ratio(1, 8)", {}, 0.125),
            ("min(3, 1, 2)", {}, 1),
            ("min(-1, 0)", {}, -1),
            ("max(3, 1, 2)", {}, 3),
            ("max(2.5, 2)", {}, 2.5),
            ("abs(-2.5)", {}, 2.5),
            ("abs(4)", {}, 4),
            # round: halves away from zero (school arithmetic), on the decimal the user wrote.
            ("round(2.5)", {}, 3.0),
            ("round(3.5)", {}, 4.0),
            ("round(-2.5)", {}, -3.0),
            ("round(2.4999)", {}, 2.0),
            ("round(0.125, 2)", {}, 0.13),
            ("round(2.675, 2)", {}, 2.68),
            ("round(1.05, 1)", {}, 1.1),
            ("round(123.4567, 6)", {}, 123.4567),
            ("round(share(2, 3), 1)", {}, 66.7),
            ("floor(2.7)", {}, 2),
            ("floor(-2.5)", {}, -3),
            ("floor(3)", {}, 3),
            ("ceil(2.1)", {}, 3),
            ("ceil(-2.5)", {}, -2),
            ("ceil(3)", {}, 3),
            ("2 ** 10", {}, 1024.0),
            ("2 ** -1", {}, 0.5),
            ("teachers ** 2", {"teachers": 3}, 9.0),
            ("7 // 2", {}, 3),
            ("7 % 3", {}, 1),
            # docs/ruleset-format.md, "Whole division and remainder": down, the sign of b.
            ("-7 // 2", {}, -4),
            ("-7 % 3", {}, 2),
            ("7 % -3", {}, -2),
            ("7.5 // 2", {}, 3.0),
            ("7.5 % 2", {}, 1.5),
            ("1 // 0.1", {}, 9.0),  # 0.1 is a hair above a tenth: documented as one step off
            ("-teachers + +diagnosed", {"teachers": 2, "diagnosed": 5}, 3),
            ("1 if has_plan else 0", {"has_plan": True}, 1),
            ("1 if has_plan else 0", {"has_plan": False}, 0),
            ("1 < 2 < 3", {}, True),
            ("1 < 3 < 2", {}, False),
            ("has_plan and not strict", {"has_plan": True, "strict": False}, True),
            ("has_plan or strict", {"has_plan": False, "strict": False}, False),
            ("school_type == 'лицей'", {"school_type": "лицей"}, True),
            ("school_type != 'лицей'", {"school_type": "лицей"}, False),
            ("diag_share >= target", {"diag_share": 30.0, "target": 30}, True),
        ],
    )
    def test_value(self, source: str, names: dict[str, Any], expected: Any) -> None:
        """Each allowed function and operator computes what the format documents."""
        actual = evaluate(source, **names)
        assert (expected, type(expected)) == (actual, type(actual))

    def test_round_passes_huge_and_non_finite_values_through(self) -> None:
        """Beyond 15 digits round() has nothing to round; inf and nan are returned as they are."""
        assert [1e20, float("inf")] == [
            evaluate("round(teachers)", teachers=v) for v in (1e20, 1e400)
        ]
        assert math.isnan(evaluate("round(teachers, 2)", teachers=float("nan")))

    @pytest.mark.parametrize(
        ("source", "error"),
        [
            ("share(1, 0)", ZeroDivisionError),
            ("ratio(1, 0)", ZeroDivisionError),
            ("teachers / 0", ZeroDivisionError),
            ("teachers // 0", ZeroDivisionError),
            ("teachers % 0", ZeroDivisionError),
            ("0 ** -1", ZeroDivisionError),
            ("(1e15 ** 10) ** 10", OverflowError),
            ("floor(teachers * 1e15 ** 10 * 1e15 ** 10 * 1e15 ** 10)", OverflowError),
        ],
    )
    def test_arithmetic_errors_propagate(self, source: str, error: type[Exception]) -> None:
        """Division by zero and overflow raise, for the evaluator to turn into outcomes."""
        with pytest.raises(error):
            evaluate(source, teachers=10)

    def test_allowlist_is_exactly_the_documented_functions(self) -> None:
        """Only the eight documented functions are offered; simpleeval's defaults are not."""
        expected = ["share", "ratio", "min", "max", "abs", "round", "floor", "ceil"]
        assert expected == list(_formula.FUNCTIONS)


class TestRejected:
    @pytest.mark.parametrize(
        ("marked", "code"),
        [
            # Constructs the language does not have.
            ("«teachers.real»", "forbidden"),
            ("«teachers.__class__»", "forbidden"),
            ("«teachers[0]» + 1", "forbidden"),
            ("max(1, «lambda: 2»)", "forbidden"),
            ("«[x for x in teachers]»", "forbidden"),
            ("max(1, «(x for x in teachers)»)", "forbidden"),
            ("«{x: 1 for x in teachers}»", "forbidden"),
            ("«{x for x in teachers}»", "forbidden"),
            ('«f"{teachers}"»', "forbidden"),
            ("1 + («y := 2»)", "forbidden"),
            ("«[1, 2]»", "forbidden"),
            ("«(1, 2)»", "forbidden"),
            ("«{1: 2}»", "forbidden"),
            ("«{1}»", "forbidden"),
            ("min(1, «*teachers»)", "forbidden"),
            ("«round(teachers, ndigits=1)»", "forbidden"),
            ("«share(1, 2)(3)»", "forbidden"),
            ("«teachers & 1»", "forbidden"),
            ("«teachers << 2»", "forbidden"),
            ("«teachers @ 2»", "forbidden"),
            ("1 + «~teachers»", "forbidden"),
            ("«teachers in diagnosed»", "forbidden"),
            ("«teachers is diagnosed»", "forbidden"),
            ("teachers + «None»", "forbidden"),
            ("«1j»", "forbidden"),
            ("«b'x'» == b'x'", "forbidden"),
            ("«...»", "forbidden"),
            # Calls to anything outside the allowlist.
            ("«rand»()", "unknown-name"),
            ("1 + «open»('x')", "unknown-name"),
            ("«__import__»('os')", "unknown-name"),
            ("«int»(teachers)", "unknown-name"),
            # Strings are for equality only.
            ("«'a'» + 'b'", "type-mismatch"),
            ("«'a'» * 1000", "type-mismatch"),
            ("teachers * «'ab'»", "type-mismatch"),
            # Powers only with a small literal exponent.
            ("2 ** «teachers»", "limit"),
            ("2 ** «11»", "limit"),
            ("2 ** «-11»", "limit"),
            ("2 ** «2.0»", "limit"),
            ("2 ** («1 + 1»)", "limit"),
            ("(2 ** 10) ** «10 ** 10»", "limit"),
            # Not one expression.
            ("1 +«»", "formula-syntax"),
            ("«»teachers = 1", "formula-syntax"),
            ("«»import os", "formula-syntax"),
            ("1«;» 2", "formula-syntax"),
            ("«»", "formula-syntax"),
            ("«» teachers", "formula-syntax"),
            ("share«(»1, 2", "formula-syntax"),
            ("«»# only a comment", "formula-syntax"),
        ],
    )
    def test_code_and_caret(self, marked: str, code: str) -> None:
        """The construct is refused with its code and a caret under the offending part."""
        source, line = unmark(marked)
        assert (code, line) == (rejected(source).code, caret_line(source))

    @pytest.mark.parametrize(
        ("source", "message"),
        [
            ("teachers.real", "attribute access (x.y) is not allowed in formulas"),
            ("teachers[0]", "indexing (x[i]) is not allowed in formulas"),
            ("max(1, lambda: 2)", "lambda is not allowed in formulas"),
            ("[x for x in teachers]", "comprehensions is not allowed in formulas"),
            ("round(teachers, ndigits=1)", "round() takes no named arguments"),
            (
                "teachers & 1",
                "the operator BitAnd is not allowed in formulas; use + - * / // % **",
            ),
            ("~teachers", "the operator ~ is not allowed in formulas; use + - not"),
            ("teachers in diagnosed", "the comparison In is not allowed; use < <= > >= == !="),
            (
                "None",
                "the literal None is not allowed; use numbers, text in quotes, True or False",
            ),
            (
                "share(1, 2)(3)",
                "only the functions share, ratio, min, max, abs, round, floor, ceil may be called",
            ),
            (
                "open('x')",
                (
                    "unknown function 'open'; available: share, ratio, min, max, abs, round, "
                    "floor, ceil"
                ),
            ),
            (
                "2 ** teachers",
                "'**' needs a whole number between -10 and 10 written as the exponent",
            ),
            ("'a' * 1000", "arithmetic needs number values, got string \"'a'\""),
            ("1; 2", "a formula is a single expression; remove ';' and what follows"),
            (
                "teachers = 1",
                "a formula is an expression, not a statement (no '=', 'import', ';')",
            ),
            ("1 +", "this is not a valid formula: invalid syntax"),
            ("", "the formula is empty"),
            ("   ", "the formula is empty"),
            (" teachers", "the formula starts with spaces"),
            (
                "share(1)",
                "share() takes 2 arguments, got 1 (share(n, d) = n × 100 / d, a percentage)",
            ),
            (
                "min(1)",
                "min() takes 2 or more arguments, got 1 (the smallest of two or more numbers)",
            ),
            (
                "round(1, 2, 3)",
                "round() takes 1 to 2 arguments, got 3 (round(x, digits), halves away from zero)",
            ),
        ],
    )
    def test_message(self, source: str, message: str) -> None:
        """Each refusal names the construct and states what is allowed instead."""
        assert message == rejected(source).message

    @pytest.mark.parametrize(
        ("source", "code"),
        [
            ("share(1)", "arity"),
            ("share(1, 2, 3)", "arity"),
            ("ratio(1)", "arity"),
            ("min(1)", "arity"),
            ("max()", "arity"),
            ("abs(1, 2)", "arity"),
            ("round()", "arity"),
            ("round(1, 2, 3)", "arity"),
            ("floor()", "arity"),
            ("ceil(1, 2)", "arity"),
        ],
    )
    def test_arity(self, source: str, code: str) -> None:
        """Functions called with the wrong number of arguments are refused."""
        assert code == rejected(source).code

    def test_invert_is_refused_before_it_can_fail_at_runtime(self) -> None:
        """'~' is bitwise: on a float it raises TypeError, so the checker refuses it."""
        with pytest.raises(TypeError):
            ~2.5  # type: ignore[operator]  # noqa: B018 - the premise
        assert rejected("~teachers").code == "forbidden"


class TestUnknownNames:
    @pytest.mark.parametrize(
        ("marked", "message"),
        [
            (
                "«teacher» + 1",
                (
                    "unknown name 'teacher': not a declared fact, parameter or indicator; "
                    "did you mean 'teachers'?"
                ),
            ),
            (
                "share(diagnosed, «teacher»)",
                (
                    "unknown name 'teacher': not a declared fact, parameter or indicator; "
                    "did you mean 'teachers'?"
                ),
            ),
            (
                "«diag_shar» > targt",
                (
                    "unknown name 'diag_shar': not a declared fact, parameter or indicator; "
                    "did you mean 'diag_share'?"
                ),
            ),
            (
                "1 + «targett»",
                (
                    "unknown name 'targett': not a declared fact, parameter or indicator; "
                    "did you mean 'target'?"
                ),
            ),
            ("«zzz»", "unknown name 'zzz': not a declared fact, parameter or indicator"),
            # Function names are not offered as variables.
            ("«shar»", "unknown name 'shar': not a declared fact, parameter or indicator"),
            (
                "«shar»(1, 2)",
                (
                    "unknown function 'shar'; available: share, ratio, min, max, abs, round, "
                    "floor, ceil; did you mean 'share'?"
                ),
            ),
            (
                "«rand»()",
                (
                    "unknown function 'rand'; available: share, ratio, min, max, abs, round, "
                    "floor, ceil; did you mean 'round'?"
                ),
            ),
            (
                "«open»('x')",
                (
                    "unknown function 'open'; available: share, ratio, min, max, abs, round, "
                    "floor, ceil"
                ),
            ),
        ],
    )
    def test_did_you_mean(self, marked: str, message: str) -> None:
        """An unknown name is reported with the closest declared name and a caret under it."""
        source, line = unmark(marked)
        problem = rejected(source)
        assert ("unknown-name", message, line) == (
            problem.code,
            problem.message,
            caret_line(source),
        )

    def test_function_used_as_a_value(self) -> None:
        """A bare function name is a type error that shows how to call it."""
        source, line = unmark("«share» + 1")
        problem = rejected(source)
        assert ("type-mismatch", "'share' is a function; call it like share(...)", line) == (
            problem.code,
            problem.message,
            caret_line(source),
        )

    @pytest.mark.parametrize(
        "marked",
        [
            # Carets count characters, not UTF-8 bytes.
            "'лицей' + «teacher»",
            "school_type == 'лицей' and «teacher»",
            # Runs of spaces are folded; the caret stays under the name in the folded formula.
            "1 +  «teacher»",
            "share(diagnosed,    «teacher»)",
            "1 +\n    «teacher»",
            "share(\n  diagnosed,\n  «teacher»\n)",
            "share(\n  'лицей'  ==  «teacher»,\n  1)",
        ],
    )
    def test_caret_position(self, marked: str) -> None:
        """The caret sits under the unknown name in the one-line formula shown to the user."""
        source, line = unmark(marked)
        assert line == caret_line(source)


class TestLimits:
    @pytest.mark.parametrize(
        ("source", "accepted"),
        [
            ("1" * 1000, False),  # a literal far over 1e15, but within the length limit
            ("max(" + "1, " * 331 + "10)", True),
            ("max(" + "1, " * 331 + "100)", False),
            ("abs(" * 30 + "1" + ")" * 30, True),
            ("abs(" * 31 + "1" + ")" * 31, False),
            ("-" * 30 + "1", True),
            ("-" * 31 + "1", False),
            ("not " * 30 + "True", True),
            ("not " * 31 + "True", False),
            ("(" * 300 + "1" + ")" * 300, False),
            ("1e15", True),
            ("-1e15", True),
            ("1000000000000000", True),
            ("1000000000000001", False),
            ("1e16", False),
            ("-1e16", False),
            ("1e999", False),
            ("round(teachers, 0)", True),
            ("round(teachers, 6)", True),
            ("round(teachers, 7)", False),
            ("round(teachers, -1)", False),
            ("round(teachers, 2.0)", False),
            ("round(teachers, diagnosed)", False),
            ("round(teachers, True)", False),
            ("2 ** 10", True),
            ("2 ** -10", True),
            ("2 ** 11", False),
        ],
    )
    def test_boundary(self, source: str, accepted: bool) -> None:
        """Each limit accepts its boundary value and refuses the next one."""
        try:
            check(source, SCOPE)
        except FormulaProblem:
            actual = False
        else:
            actual = True
        assert accepted == actual

    @pytest.mark.parametrize(
        ("source", "code", "message"),
        [
            (
                "max(" + "1, " * 331 + "100)",
                "limit",
                "the formula has 1001 characters; at most 1000 are allowed",
            ),
            ("abs(" * 31 + "1" + ")" * 31, "limit", "the formula is nested deeper than 30 levels"),
            (
                "1e16",
                "limit",
                "the number 1e+16 is too large; numbers in formulas are limited to 1e+15",
            ),
            (
                "1000000000000001",
                "limit",
                (
                    "the number 1000000000000001 is too large; numbers in formulas are limited to "
                    "1e+15"
                ),
            ),
            (
                "round(teachers, 7)",
                "limit",
                "round() needs a whole number from 0 to 6 as the number of digits",
            ),
            (
                # Python's parser stops at 200 parentheses, even around a single number.
                "(" * 300 + "1" + ")" * 300,
                "limit",
                "the formula is nested deeper than 30 levels",
            ),
        ],
    )
    def test_message(self, source: str, code: str, message: str) -> None:
        """A broken limit says which limit and its value."""
        problem = rejected(source)
        assert (code, message) == (problem.code, problem.message)

    @pytest.mark.parametrize(
        "marked",
        [
            "abs(" * 31 + "«1»" + ")" * 31,
            "-«1e16» + 1",
            "round(teachers, «7»)",
            "round(teachers, «-1»)",
            "«1000000000000001»",
        ],
    )
    def test_caret(self, marked: str) -> None:
        """The caret of a limit points at the node that breaks it."""
        source, line = unmark(marked)
        assert line == caret_line(source)

    def test_length_caret_is_at_the_limit(self) -> None:
        """An over-long formula gets its caret at character 1000, where the excess starts."""
        source = "max(" + "1, " * 331 + "100)"
        assert (rejected(source).offset, rejected(source).width) == (1000, 1)


class TestTypes:
    @pytest.mark.parametrize(
        ("source", "kind"),
        [
            ("teachers", Kind.NUMBER),
            ("share(diagnosed, teachers)", Kind.NUMBER),
            ("has_plan", Kind.BOOLEAN),
            ("teachers > 0", Kind.BOOLEAN),
            ("has_plan == strict", Kind.BOOLEAN),
            ("school_type", Kind.STRING),
            ("school_type == 'лицей'", Kind.BOOLEAN),
            ("1 if has_plan else 2", Kind.NUMBER),
            ("'да' if has_plan else 'нет'", Kind.STRING),
            ("planned or not has_plan", Kind.BOOLEAN),
            ("True", Kind.BOOLEAN),
            ("-diag_share", Kind.NUMBER),
        ],
    )
    def test_kind(self, source: str, kind: Kind) -> None:
        """The static type of a formula follows from its names, operators and functions."""
        assert kind == check(source, SCOPE).kind

    @pytest.mark.parametrize(
        ("marked", "message"),
        [
            ("«has_plan» + 1", "arithmetic needs number values, got boolean 'has_plan'"),
            ("«True» * 2", "arithmetic needs number values, got boolean 'True'"),
            ("2 ** «True»", "arithmetic needs number values, got boolean 'True'"),
            ("-«has_plan»", "a sign (+ or -) needs number values, got boolean 'has_plan'"),
            ("not «teachers»", "'not' needs boolean values, got number 'teachers'"),
            (
                "has_plan and «teachers»",
                "'and'/'or' needs boolean values, got number 'teachers'",
            ),
            (
                "«has_plan» < 1",
                "'<', '<=', '>', '>=' needs number values, got boolean 'has_plan'",
            ),
            (
                "«school_type» > 'a'",
                "'<', '<=', '>', '>=' needs number values, got string 'school_type'",
            ),
            (
                "1 < «has_plan»",
                "'<', '<=', '>', '>=' needs number values, got boolean 'has_plan'",
            ),
            ("«has_plan == 1»", "cannot compare boolean with number"),
            ("«school_type != 2»", "cannot compare string with number"),
            (
                "teachers if «teachers» else 0",
                "the condition after 'if' needs boolean values, got number 'teachers'",
            ),
            (
                "«1 if has_plan else has_plan»",
                "both branches of 'if ... else' must have the same type, got number and boolean",
            ),
            (
                "share(«has_plan», teachers)",
                "share() needs number values, got boolean 'has_plan'",
            ),
            ("max(1, «school_type»)", "max() needs number values, got string 'school_type'"),
            (
                "diag_share + «planned»",
                "arithmetic needs number values, got boolean 'planned'",
            ),
            ("target + «strict»", "arithmetic needs number values, got boolean 'strict'"),
        ],
    )
    def test_type_error(self, marked: str, message: str) -> None:
        """A value of the wrong type is a type-mismatch under the offending operand."""
        source, line = unmark(marked)
        problem = rejected(source)
        assert ("type-mismatch", message, line) == (
            problem.code,
            problem.message,
            caret_line(source),
        )


class TestFormula:
    @pytest.mark.parametrize(
        ("source", "facts", "parameters", "indicators"),
        [
            ("1 + 2", (), (), ()),
            ("teachers", ("teachers",), (), ()),
            (
                "share(diagnosed, teachers) - target + diag_share",
                ("diagnosed", "teachers"),
                ("target",),
                ("diag_share",),
            ),
            # Each name once, in order of first use.
            (
                "teachers + diagnosed + teachers * diagnosed",
                ("teachers", "diagnosed"),
                (),
                (),
            ),
            (
                "(1 if has_plan and planned and strict else 0) + diag_share + diag_share",
                ("has_plan",),
                ("strict",),
                ("planned", "diag_share"),
            ),
            ("target > 0", (), ("target",), ()),
        ],
    )
    def test_dependencies(
        self,
        source: str,
        facts: tuple[str, ...],
        parameters: tuple[str, ...],
        indicators: tuple[str, ...],
    ) -> None:
        """A formula lists the facts, parameters and indicators it reads, each once."""
        formula = check(source, SCOPE)
        assert (facts, parameters, indicators) == (
            formula.facts,
            formula.parameters,
            formula.indicators,
        )

    @pytest.mark.parametrize(
        ("source", "parts"),
        [
            ("share(diagnosed, teachers)", ("diagnosed", "teachers")),
            (
                "share(diagnosed + 1, teachers - diagnosed)",
                ("diagnosed + 1", "teachers - diagnosed"),
            ),
            ("share(\n  diagnosed,\n  teachers\n)", ("diagnosed", "teachers")),
            ("share(diagnosed, teachers) + 0", None),
            ("round(share(diagnosed, teachers), 1)", None),
            ("ratio(diagnosed, teachers)", None),
            ("100 * diagnosed / teachers", None),
        ],
    )
    def test_share_parts(self, source: str, parts: tuple[str, str] | None) -> None:
        """Only a formula that is exactly share(n, d) exposes its numerator and denominator."""
        formula = check(source, SCOPE)
        actual = (
            None
            if formula.share_parts is None
            else tuple(ast.unparse(p) for p in formula.share_parts)
        )
        assert parts == actual

    @pytest.mark.parametrize(
        ("source", "folded"),
        [
            ("share(diagnosed, teachers)", "share(diagnosed, teachers)"),
            ("share(diagnosed,\n      teachers)", "share(diagnosed, teachers)"),
            ("teachers  +  1", "teachers + 1"),
            ("teachers + 1  ", "teachers + 1"),
        ],
    )
    def test_source_is_folded_onto_one_line(self, source: str, folded: str) -> None:
        """Formula.source is the formula on one line with single spaces."""
        assert folded == check(source, SCOPE).source

    def test_multi_line_formula_evaluates_like_one_line(self) -> None:
        """A formula written over several lines (YAML '|') means the same as on one line."""
        source = "share(\n  diagnosed,\n  teachers\n)\n"
        assert eval_tree(check(source, SCOPE).tree, {"diagnosed": 3, "teachers": 4}) == 75.0


class TestScope:
    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("teachers", Kind.NUMBER),
            ("strict", Kind.BOOLEAN),
            ("planned", Kind.BOOLEAN),
            ("school_type", Kind.STRING),
            ("share", None),
            ("nothing", None),
        ],
    )
    def test_kind_of(self, name: str, kind: Kind | None) -> None:
        """A scope knows the type of every declared name and of nothing else."""
        assert kind == SCOPE.kind_of(name)


class TestCaret:
    @pytest.mark.parametrize(
        ("source", "offset", "width", "expected"),
        [
            ("abc", 0, 1, "    abc\n    ^"),
            ("abc", 1, 1, "    abc\n     ^"),
            ("abc", 1, 2, "    abc\n     ^~"),
            ("abc", 0, 3, "    abc\n    ^~~"),
            # The width is clipped to the end of the formula and never below one character.
            ("abc", 1, 10, "    abc\n     ^~"),
            ("abc", 1, 0, "    abc\n     ^"),
            # Past the end (a missing closing part): one caret after the last character.
            ("abc", 3, 5, "    abc\n       ^"),
            ("доля", 2, 2, "    доля\n      ^~"),
        ],
    )
    def test_caret(self, source: str, offset: int, width: int, expected: str) -> None:
        """caret() draws the formula and a caret line under the given span, both indented."""
        assert expected == caret(source, offset, width)


_CARET_RULESET = """\
format: pdrs-rules/1
id: t
title: T
version: "1"
facts:
  teachers: {{title: T, type: integer, column: T}}
indicators:
  a:
    title: A
    unit: count
    formula: {formula}
    bands: [{{level: ok}}]
"""


class TestCaretInTheRuleset:
    @pytest.mark.parametrize(
        ("formula", "expected"),
        [
            # The caret covers the 7 letters of the unknown name, not the space after it.
            ("teachrs + 1", "    teachrs + 1\n    ^~~~~~~"),
            (
                "share(teachers, teachrs)",
                "    share(teachers, teachrs)\n                    ^~~~~~~",
            ),
            # Runs of spaces are folded in the drawing; the caret follows the name there.
            ("teachrs   +   1", "    teachrs + 1\n    ^~~~~~~"),
            ("1  +  teachrs", "    1 + teachrs\n        ^~~~~~~"),
        ],
    )
    def test_caret_is_as_wide_as_the_bad_name(self, formula: str, expected: str) -> None:
        """check() draws the caret under exactly the unknown name, whatever follows it."""
        import pdrs_rules  # noqa: PLC0415 - the front door, for this class only

        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(_CARET_RULESET.format(formula=formula))
        (diagnostic,) = caught.value.diagnostics
        assert (diagnostic.code, diagnostic.detail) == ("unknown-name", expected)


def _compiled(source: str) -> _formula.Formula:
    """A formula over the names of TestForPeople, with history for previous()."""
    scope = Scope(
        facts={"done": Kind.NUMBER, "teachers": Kind.NUMBER, "left": Kind.NUMBER},
        parameters={},
        indicators={"prev_share": Kind.NUMBER},
        history=frozenset({"prev_share"}),
    )
    return check(source, scope)


class TestForPeople:
    NAMES: ClassVar[dict[str, tuple[str, str]]] = {
        "done": ("факт", "Прошли"),
        "teachers": ("факт", "Педагоги"),
        "left": ("факт", "Уволены"),
        "prev_share": ("показатель", "Доля"),
    }

    @pytest.mark.parametrize(
        ("source", "explanation", "people"),
        [
            ("share(done, teachers)", "share(done, teachers) = 100 * 15 / 50 = 30,0%",
             "15 из 50"),
            ("teachers - left", "teachers - left = 40 - 5 = 35",
             "разность «Педагоги» (40) и «Уволены» (5)"),
            ("teachers", "teachers = 40 = 40", "по данным «Педагоги»"),
            ("prev_share - previous(prev_share)",
             "prev_share - previous(prev_share) = 30 - 25,5 = 4,5",
             "разность «Доля» (30) и («Доля» за предыдущий период (25,5))"),
        ],
    )  # fmt: skip
    def test_values_read_back_and_told(self, source: str, explanation: str, people: str) -> None:
        """The engine's explanation gives the values back; the reader gets words and numbers."""
        compiled = _compiled(source)
        values = explained_values(compiled, explanation)
        assert values is not None
        assert formula_for_people(source, self.NAMES, values) == people

    def test_an_explanation_without_values(self) -> None:
        """No data, or a formula of no names, cannot be read back."""
        assert (
            explained_values(_compiled("share(done, teachers)"), "share(done, teachers): —") is None
        )
        assert explained_values(_compiled("1 + 2"), "1 + 2 = 3") is None
