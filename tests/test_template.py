"""Tests for the recommendation text template language."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdrs_rules._formula._slots import Slot, match, plural_number, sentence
from pdrs_rules._formula._template import (
    Placeholder,
    Template,
    TemplateSyntaxError,
    TemplateValue,
    parse_template,
)
from pdrs_rules._i18n._russian import NBSP

TEACHERS_ARGS = ("педагога", "педагогов", "педагогов")


def syntax_error(text: str) -> TemplateSyntaxError:
    """Parse ``text``, which must fail, and return the error."""
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text)
    return info.value


def failure_offset(text: str) -> int | None:
    """Parse ``text``; return the offset of the syntax error, or None if it parses."""
    try:
        parse_template(text)
    except TemplateSyntaxError as error:
        return error.offset
    return None


class TestParse:
    """What ``parse_template`` builds from valid texts."""

    def test_literal_only(self) -> None:
        """A text without braces is one literal part."""
        assert parse_template("Провести семинар.") == Template(
            "Провести семинар.", ("Провести семинар.",)
        )

    def test_empty_text(self) -> None:
        """An empty text has no parts."""
        assert parse_template("") == Template("", ())

    def test_parts_in_order(self) -> None:
        """Literals and placeholders alternate as written; offsets point at the braces."""
        text = "в {school} у {n|plural:педагога,педагогов,педагогов} ({value})."
        expected = (
            "в ",
            Placeholder("school", None, (), 2, "{school}"),
            " у ",
            Placeholder(
                "n", "plural", TEACHERS_ARGS, 13, "{n|plural:педагога,педагогов,педагогов}"
            ),
            " (",
            Placeholder("value", None, (), 54, "{value}"),
            ").",
        )
        assert expected == parse_template(text).parts

    def test_escaped_braces_join_the_literal(self) -> None:
        """``{{`` and ``}}`` become single braces inside the surrounding literal."""
        expected = ("a {b} c",)
        assert expected == parse_template("a {{b}} c").parts

    def test_escaped_braces_around_placeholder(self) -> None:
        """``{{{x}}}`` is a literal brace, a placeholder and a literal brace."""
        assert ("{", Placeholder("x", offset=2, source="{x}"), "}") == parse_template(
            "{{{x}}}"
        ).parts

    def test_whitespace_inside_braces_is_ignored(self) -> None:
        """Spaces and newlines around the name, the filter and each argument are dropped."""
        (placeholder,) = parse_template("{ gap |\n plural : один , два ,\n пять }").parts
        assert isinstance(placeholder, Placeholder)
        expected = ("gap", "plural", ("один", "два", "пять"))
        assert expected == (
            placeholder.name,
            placeholder.filter,
            placeholder.args,
        )

    def test_source_is_kept_as_written(self) -> None:
        """A placeholder remembers its exact text, whitespace included."""
        (placeholder,) = parse_template("{ gap }").parts
        assert isinstance(placeholder, Placeholder)
        assert placeholder.source == "{ gap }"

    def test_arguments_may_have_inner_spaces(self) -> None:
        """A form can be several words; only the surrounding whitespace is stripped."""
        (placeholder,) = parse_template("{n|plural: учебный год , учебных года,учебных лет}").parts
        assert isinstance(placeholder, Placeholder)
        expected = ("учебный год", "учебных года", "учебных лет")
        assert expected == placeholder.args

    @pytest.mark.parametrize("name", ["x", "_x", "X1", "iom_below_50", "param.target", "a.b.c"])
    def test_valid_names(self, name: str) -> None:
        """ASCII identifiers, optionally dotted, are names."""
        assert frozenset({name}) == parse_template("{" + name + "}").names

    def test_placeholders_and_names(self) -> None:
        """``placeholders`` keeps repeats in order; ``names`` is the set of names."""
        template = parse_template("{b} {a} {b|plural:x,y,z}")
        expected = (["b", "a", "b"], frozenset({"a", "b"}))
        assert expected == ([p.name for p in template.placeholders], template.names)

    def test_format_syntax_is_not_special(self) -> None:
        """``str.format`` conversions and specs are not part of the language."""
        assert syntax_error("{value!r}").message.startswith("bad name 'value!r'")
        assert syntax_error("{value:>10}").message.startswith("bad name 'value:>10'")

    def test_ruleset_text(self) -> None:
        """A recommendation from the Armavir ruleset, folded by YAML, parses."""
        text = (
            "Обеспечить контроль за реализацией ИОМ педагогических работников на личностном "
            "уровне: в {school} ИОМ реализован менее чем на 50% у "
            "{iom_below_50|plural:педагога,педагогов,педагогов} ({value})."
        )
        assert frozenset({"school", "iom_below_50", "value"}) == parse_template(text).names


class TestSyntaxErrors:
    """Each kind of bad text: the exact message and the offset of the bad spot."""

    @pytest.mark.parametrize(
        ("text", "message", "offset"),
        [
            (
                "доля {value",
                (
                    "unclosed placeholder '{value'; expected '}' to close it, "
                    "or '{{' for a literal brace"
                ),
                5,
            ),
            (
                "{a {b}",
                "unclosed placeholder '{a '; expected '}' to close it, or '{{' for a literal brace",
                0,
            ),
            (
                "{x|plural:" + "п" * 50,
                (
                    "unclosed placeholder '{x|plural:" + "п" * 30 + "...'; "
                    "expected '}' to close it, or '{{' for a literal brace"
                ),
                0,
            ),
            (
                "итог: 5}",
                (
                    "unmatched '}'; expected '}}' for a literal brace "
                    "or a placeholder such as '{value}'"
                ),
                7,
            ),
            (
                "{x}}",
                (
                    "unmatched '}'; expected '}}' for a literal brace "
                    "or a placeholder such as '{value}'"
                ),
                3,
            ),
            ("a {}", "empty placeholder '{}'; expected a name such as '{value}'", 2),
            ("{  }", "empty placeholder '{  }'; expected a name such as '{value}'", 0),
            (
                "{ |plural:a,b,c}",
                "missing name in placeholder '{ |plural:a,b,c}'; expected a name before '|'",
                2,
            ),
            (
                "{gap|plurl:a,b,c}",
                (
                    "unknown filter 'plurl' in placeholder '{gap|plurl:a,b,c}'; "
                    "expected one of: plural"
                ),
                5,
            ),
            (
                "{gap| upper}",
                "unknown filter 'upper' in placeholder '{gap| upper}'; expected one of: plural",
                6,
            ),
            (
                "{gap|}",
                "missing filter after '|' in placeholder '{gap|}'; expected one of: plural",
                5,
            ),
            (
                "{gap|plural}",
                (
                    "wrong number of arguments to filter 'plural' in placeholder '{gap|plural}': "
                    "got 0, expected 3 (one, few, many forms, e.g. 'педагог,педагога,педагогов')"
                ),
                5,
            ),
            (
                "{gap|plural:педагога,педагогов}",
                (
                    "wrong number of arguments to filter 'plural' in placeholder "
                    "'{gap|plural:педагога,педагогов}': "
                    "got 2, expected 3 (one, few, many forms, e.g. 'педагог,педагога,педагогов')"
                ),
                12,
            ),
            (
                "{gap|plural:a,b,c,d}",
                (
                    "wrong number of arguments to filter 'plural' in placeholder "
                    "'{gap|plural:a,b,c,d}': "
                    "got 4, expected 3 (one, few, many forms, e.g. 'педагог,педагога,педагогов')"
                ),
                12,
            ),
            (
                "{gap|plural:a,,c}",
                (
                    "empty argument 2 of filter 'plural' in placeholder '{gap|plural:a,,c}'; "
                    "expected a noun form such as 'педагога'"
                ),
                14,
            ),
            (
                "{gap|plural:a,b, }",
                (
                    "empty argument 3 of filter 'plural' in placeholder '{gap|plural:a,b, }'; "
                    "expected a noun form such as 'педагога'"
                ),
                16,
            ),
            (
                "{gap|plural:a,b,c|upper}",
                (
                    "more than one filter in placeholder '{gap|plural:a,b,c|upper}'; "
                    "expected at most one"
                ),
                17,
            ),
        ],
    )
    def test_message_and_offset(self, text: str, message: str, offset: int) -> None:
        """The message names the bad text and what was expected; the offset points at it."""
        error = syntax_error(text)
        assert (message, offset) == (str(error), error.offset)

    @pytest.mark.parametrize(
        ("name", "offset"),
        [
            ("школа", 1),
            ("0.__class__", 1),
            ("1st", 1),
            ("a b", 1),
            ("a-b", 1),
            ("a.", 2),
            (".a", 2),
            ("a..b", 3),
        ],
    )
    def test_bad_names(self, name: str, offset: int) -> None:
        """Non-ASCII, leading digits, inner spaces and empty dotted parts are not names."""
        text = "{" + " " * (offset - 1) + name + "}"
        error = syntax_error(text)
        expected = (
            f"bad name {name!r} in placeholder {text!r}; expected ASCII letters, digits and "
            "underscores, starting with a letter or underscore, optionally in dot-separated "
            "parts such as 'param.target'"
        )
        assert (expected, offset) == (error.message, error.offset)

    def test_is_a_value_error(self) -> None:
        """Callers catching ValueError catch template errors too."""
        assert isinstance(syntax_error("{"), ValueError)

    def test_pickles_and_copies(self) -> None:
        """The error survives pickling and copying with its message and offset."""
        error = TemplateSyntaxError("bad", 3)
        for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):  # noqa: S301
            expected = ("bad", 3)
            assert expected == (clone.message, clone.offset)

    @given(st.text())
    def test_only_syntax_errors(self, text: str) -> None:
        """Arbitrary text either parses or raises TemplateSyntaxError pointing inside it."""
        offset = failure_offset(text)
        assert offset is None or 0 <= offset < len(text)

    @given(st.text(alphabet="{}|:,. ax1я"))
    def test_only_syntax_errors_on_template_characters(self, text: str) -> None:
        """Texts made of the characters that matter to the grammar fail only as syntax errors."""
        offset = failure_offset(text)
        assert offset is None or 0 <= offset < len(text)


# Literal text pieces and escaped braces; rendering must give each piece's own meaning.
_PIECES = st.one_of(
    st.text(st.characters(blacklist_characters="{}"), min_size=1),
    st.sampled_from(["{{", "}}"]),
)
_UNESCAPED = {"{{": "{", "}}": "}"}


class TestRender:
    """Filling a template from a context of formatted values."""

    def test_plain_placeholder(self) -> None:
        """``{x}`` shows the value's display text, not its number."""
        template = parse_template("доля {value} при цели {threshold}")
        context = {
            "value": TemplateValue("20,0%", 20.0),
            "threshold": TemplateValue("50%", 50),
        }
        assert template.render(context) == "доля 20,0% при цели 50%"

    def test_text_only_value(self) -> None:
        """A value without a number shows its text, e.g. a school's name."""
        template = parse_template("в {school}")
        assert template.render({"school": TemplateValue("МБОУ-СОШ № 2")}) == "в МБОУ-СОШ № 2"

    @pytest.mark.parametrize(
        ("number", "expected"),
        [
            (1, "ещё 1 педагог"),
            (3, "ещё 3 педагога"),
            (5, "ещё 5 педагогов"),
            (11, "ещё 11 педагогов"),
            (21, "ещё 21 педагог"),
            (2.5, "ещё 2,5 педагога"),
            (12345, f"ещё 12{NBSP}345 педагогов"),
        ],
    )
    def test_plural(self, number: float, expected: str) -> None:
        """``plural`` shows the number and the agreeing form."""
        template = parse_template("ещё {gap|plural:педагог,педагога,педагогов}")
        # The text differs from the number to show that plural reads the number.
        assert expected == template.render({"gap": TemplateValue("текст", number)})

    def test_plural_without_number(self) -> None:
        """Without a number, ``plural`` shows the text and the ``many`` form."""
        template = parse_template("{gap|plural:педагог,педагога,педагогов}")
        assert template.render({"gap": TemplateValue("несколько")}) == "несколько педагогов"

    def test_missing_name_is_left_as_written(self) -> None:
        """A name not in the context renders as its placeholder text instead of failing."""
        template = parse_template("{a} и { b | plural:x,y,z } и {{c}}")
        assert template.render({"a": TemplateValue("A")}) == "A и { b | plural:x,y,z } и {c}"

    def test_whitespace_is_kept(self) -> None:
        """Newlines and runs of spaces in the text pass through untouched."""
        template = parse_template("  первая\n\nвторая  {x}\t")
        assert template.render({"x": TemplateValue("X")}) == "  первая\n\nвторая  X\t"

    def test_no_attribute_access(self) -> None:
        """Dotted names are looked up whole in the context, never as attributes."""
        template = parse_template("{value.text}")
        assert template.render({"value": TemplateValue("секрет")}) == "{value.text}"
        assert template.render({"value.text": TemplateValue("да")}) == "да"

    def test_values_are_not_reparsed(self) -> None:
        """Braces in a value's text are shown as they are, not treated as placeholders."""
        template = parse_template("{school}")
        context = {"school": TemplateValue("{value}"), "value": TemplateValue("X")}
        assert template.render(context) == "{value}"

    @given(st.lists(_PIECES))
    def test_no_placeholders_unescapes_braces(self, pieces: list[str]) -> None:
        """A text without placeholders renders as itself with ``{{``/``}}`` unescaped."""
        template = parse_template("".join(pieces))
        expected = "".join(_UNESCAPED.get(piece, piece) for piece in pieces)
        assert expected == template.render({})
        assert not template.placeholders

    @given(st.text())
    def test_render_never_raises(self, text: str) -> None:
        """Whatever parses renders, even with every name missing or given a number."""
        try:
            template = parse_template(text)
        except TemplateSyntaxError:
            return
        template.render({})
        template.render({name: TemplateValue("t", 2.5) for name in template.names})


class TestValueObjects:
    """Construction rules of the value classes."""

    def test_template_value_rejects_bool(self) -> None:
        """A bool number would pluralize as 1; booleans are shown by their text."""
        with pytest.raises(TypeError, match=r"number must be a number or None, got bool True"):
            TemplateValue("да", True)  # noqa: FBT003 - the bool is the point of the test

    @pytest.mark.parametrize("number", [float("nan"), float("inf")])
    def test_template_value_rejects_non_finite(self, number: float) -> None:
        """A number plural cannot spell is refused up front so render cannot fail."""
        with pytest.raises(ValueError, match=r"number must be a finite number"):
            TemplateValue("?", number)

    def test_placeholder_source_defaults_to_canonical(self) -> None:
        """A hand-built placeholder gets a source in the canonical spelling."""
        assert Placeholder("n", "plural", ("a", "b", "c")).source == "{n|plural:a,b,c}"
        assert Placeholder("n").source == "{n}"

    def test_placeholder_rejects_unknown_filter(self) -> None:
        """A hand-built placeholder with an unknown filter is refused."""
        with pytest.raises(ValueError, match=r"unknown filter 'upper'; expected one of: plural"):
            Placeholder("n", "upper")

    def test_placeholder_rejects_wrong_arguments(self) -> None:
        """A hand-built plural placeholder needs three forms."""
        with pytest.raises(ValueError, match=r"filter 'plural' takes 3 arguments, got 2"):
            Placeholder("n", "plural", ("a", "b"))

    def test_frozen(self) -> None:
        """Templates are values: they cannot be changed after parsing."""
        template = parse_template("{x}")
        with pytest.raises(AttributeError):
            template.source = "{y}"  # type: ignore[misc]


class TestSlots:
    TEMPLATE = parse_template(
        "Обеспечить охват: в {school} доля {value}  при пороге {threshold}, ещё "
        "{gap|plural:педагог,педагога,педагогов}."
    )

    def test_match_finds_each_placeholder(self) -> None:
        """A rendered text (white space collapsed) gives back what each placeholder became."""
        text = "Обеспечить охват: в СОШ № 1 доля 25,0% при пороге 30%, ещё 2 педагога."
        assert match(self.TEMPLATE, text) == ("СОШ № 1", "25,0%", "30%", "2 педагога")

    @pytest.mark.parametrize(
        "text",
        [
            "Обеспечить охват: в СОШ № 1 доля 25,0% при целевом 30%, ещё 2 педагога.",
            "Другой текст.",
            "",
        ],
    )
    def test_match_refuses_another_text(self, text: str) -> None:
        """A text the template could not have produced gives None."""
        assert match(self.TEMPLATE, text) is None

    def test_sentence_with_slots_and_fixed_values(self) -> None:
        """Placeholders become slots or texts; a count's slot keeps its noun for many."""

        def fill(_index: int, placeholder: Placeholder) -> str | Slot:
            return "30%" if placeholder.name == "threshold" else Slot(placeholder.name)

        assert sentence(self.TEMPLATE, fill) == (
            "Обеспечить охват: в ",
            Slot("school"),
            " доля ",
            Slot("value"),
            " при пороге 30%, ещё ",
            Slot("gap"),
            " педагогов.",
        )

    @pytest.mark.parametrize(
        ("value", "number"),
        [("2 педагога", "2"), ("1 педагог", "1"), ("2,5 педагога", "2,5"), ("— педагогов", "—")],
    )
    def test_plural_number(self, value: str, number: str) -> None:
        """The number of a counted value, without its noun."""
        placeholder = self.TEMPLATE.placeholders[-1]
        assert plural_number(placeholder, value) == number
        assert plural_number(self.TEMPLATE.placeholders[1], "25,0%") == "25,0%"

    @given(st.lists(st.text(alphabet="аб {}|:,", max_size=8), min_size=1, max_size=3))
    def test_match_of_a_rendering_round_trips(self, words: list[str]) -> None:
        """Whatever the values, a rendering is matched and the values rebuild the text."""
        template = parse_template("Начало {a} середина {b} конец")
        values = {
            "a": TemplateValue(" ".join(words[0].split()) or "x"),
            "b": TemplateValue(" ".join(words[-1].split()) or "y"),
        }
        text = " ".join(template.render(values).split())
        found = match(template, text)
        assert found is not None
        rebuilt = f"Начало {found[0]} середина {found[1]} конец"
        assert " ".join(rebuilt.split()) == text
