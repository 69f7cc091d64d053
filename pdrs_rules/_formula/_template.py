"""A safe mini template language for recommendation texts: ``{name}`` and ``{name|plural:...}``.

The texts come from ruleset authors, not programmers, and are untrusted: ``str.format``
would let ``{0.__class__}`` walk attributes, so the syntax is parsed here by hand and
rendering only ever looks names up in a mapping of already formatted values.

Syntax::

    text         literal text; ``{{`` and ``}}`` stand for ``{`` and ``}``
    {name}       the value's display text, e.g. ``20,0%``
    {name|plural:one,few,many}
                 the value's number and the agreeing noun form, e.g. ``3 педагога``

``name`` is ASCII: a letter or underscore, then letters, digits and underscores, and
dot-separated parts of the same shape (``param.target``). Whitespace around the name,
the filter and each argument is ignored.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import attrs

from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._i18n._russian import format_count

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "FILTERS",
    "Placeholder",
    "Template",
    "TemplateSyntaxError",
    "TemplateValue",
    "parse_template",
]

#: The filters a placeholder may apply, with the number of arguments each takes.
FILTERS: Mapping[str, int] = {"plural": 3}

_BRACE = re.compile(r"[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_EXPECTED_NAME = (
    "expected ASCII letters, digits and underscores, starting with a letter or underscore, "
    "optionally in dot-separated parts such as 'param.target'"
)
# An unclosed placeholder may run to the end of a long text; the message shows its start.
_SNIPPET_MAX = 40


class TemplateSyntaxError(ValueError):
    """A recommendation text that is not a valid template; ``offset`` is the bad spot in it."""

    def __init__(self, message: str, offset: int) -> None:
        # Both go to args so the error pickles and copies like any other exception.
        super().__init__(message, offset)
        self.message = message
        #: The 0-based index into the template text where the problem is.
        self.offset = offset

    def __str__(self) -> str:
        return self.message


def _filter_list() -> str:
    return ", ".join(sorted(FILTERS))


def _canonical(name: str, filter_: str | None, args: tuple[str, ...]) -> str:
    if filter_ is None:
        return f"{{{name}}}"
    suffix = ":" + ",".join(args) if args else ""
    return f"{{{name}|{filter_}{suffix}}}"


@attrs.frozen
class Placeholder:
    """One ``{name}`` or ``{name|filter:args}`` in a template.

    ``offset`` is the index of its ``{`` in the template text; ``source`` is its text as
    written, braces included (built from the other fields when not given).
    """

    name: str
    filter: str | None = None
    args: tuple[str, ...] = ()
    offset: int = 0
    source: str = attrs.field()

    @source.default
    def _source_default(self) -> str:
        return _canonical(self.name, self.filter, self.args)

    def __attrs_post_init__(self) -> None:
        # parse_template() never builds a bad placeholder; this keeps hand-built ones
        # from reaching render(), which must not fail.
        expected = 0 if self.filter is None else FILTERS.get(self.filter)
        if expected is None:
            raise ValueError(f"unknown filter {self.filter!r}; expected one of: {_filter_list()}")
        if len(self.args) != expected:
            raise ValueError(
                f"filter {self.filter!r} takes {expected} arguments, got {len(self.args)}"
            )


def _finite_number(
    _instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    # Checked here so that render() has nothing left that could fail.
    if isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a number or None, got bool {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")


@attrs.frozen
class TemplateValue:
    """A value a template can show: its display ``text`` and, for ``plural``, its ``number``.

    ``number`` must be finite and not a bool (TypeError/ValueError otherwise), so that
    rendering cannot fail.
    """

    text: str
    number: float | None = attrs.field(default=None, validator=_finite_number)


@attrs.frozen(cache_hash=True)
class Template:
    """A parsed template: literal strings (braces unescaped) and placeholders, in order."""

    source: str
    parts: tuple[str | Placeholder, ...]

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        """The placeholders in order of appearance, repeats included."""
        return tuple(part for part in self.parts if isinstance(part, Placeholder))

    @property
    def names(self) -> frozenset[str]:
        """The names the template reads from its context."""
        return frozenset(part.name for part in self.placeholders)

    def render(self, context: Mapping[str, TemplateValue]) -> str:
        """Fill the placeholders from ``context``; whitespace is kept exactly as written.

        Never raises: a name missing from ``context`` is left as its placeholder text, so a
        gap shows in the output instead of losing the whole recommendation (names are
        checked when the ruleset is compiled).
        """
        out: list[str] = []
        append = out.append
        for part in self.parts:
            if isinstance(part, str):
                append(part)
                continue
            # The common case, a plain {name} that is in the context, without a call.
            value = context.get(part.name)
            if value is not None and part.filter is None:
                append(value.text)
            else:
                append(_render_placeholder(part, context))
        return "".join(out)


def _render_placeholder(placeholder: Placeholder, context: Mapping[str, TemplateValue]) -> str:
    value = context.get(placeholder.name)
    if value is None:
        return placeholder.source
    if placeholder.filter is None:
        return value.text
    one, few, many = placeholder.args
    if value.number is None:
        return f"{value.text} {many}"
    return format_count(value.number, one, few, many)


def _snippet(text: str) -> str:
    if len(text) <= _SNIPPET_MAX:
        return text
    return text[:_SNIPPET_MAX] + "..."


def _stripped_start(raw: str, start: int) -> int:
    # The offset of the first non-blank character of ``raw``, which starts at ``start``.
    return start + len(raw) - len(raw.lstrip())


def _parse_args(body: str | None, start: int, *, filter_: str, source: str) -> tuple[str, ...]:
    # ``body`` is the text after ":" (None without one) and begins at ``start``.
    expected = FILTERS[filter_]
    raw_args = [] if body is None else body.split(",")
    if len(raw_args) != expected:
        raise TemplateSyntaxError(
            f"wrong number of arguments to filter {filter_!r} in placeholder {source!r}: "
            f"got {len(raw_args)}, expected {expected} (one, few, many forms, "
            "e.g. 'педагог,педагога,педагогов')",
            start,
        )
    args: list[str] = []
    position = start
    for number, raw in enumerate(raw_args, start=1):
        arg = raw.strip()
        if not arg:
            raise TemplateSyntaxError(
                f"empty argument {number} of filter {filter_!r} in placeholder {source!r}; "
                "expected a noun form such as 'педагога'",
                position,
            )
        args.append(arg)
        position += len(raw) + 1
    return tuple(args)


def _parse_placeholder(text: str, start: int, end: int) -> Placeholder:
    # ``start`` is the index of "{", ``end`` that of the matching "}".
    source = text[start : end + 1]
    body_start = start + 1
    body = text[body_start:end]
    if not body.strip():
        raise TemplateSyntaxError(
            f"empty placeholder {source!r}; expected a name such as '{{value}}'", start
        )
    raw_name, bar, raw_filter = body.partition("|")
    name = raw_name.strip()
    name_offset = _stripped_start(raw_name, body_start)
    if not name:
        raise TemplateSyntaxError(
            f"missing name in placeholder {source!r}; expected a name before '|'", name_offset
        )
    if not _NAME.fullmatch(name):
        raise TemplateSyntaxError(
            f"bad name {name!r} in placeholder {source!r}; {_EXPECTED_NAME}{lookalike_hint(name)}",
            name_offset,
        )
    if not bar:
        return Placeholder(name, None, (), start, source)

    filter_start = body_start + len(raw_name) + 1
    extra_bar = raw_filter.find("|")
    if extra_bar >= 0:
        raise TemplateSyntaxError(
            f"more than one filter in placeholder {source!r}; expected at most one",
            filter_start + extra_bar,
        )
    raw_filter_name, colon, raw_args = raw_filter.partition(":")
    filter_ = raw_filter_name.strip()
    filter_offset = _stripped_start(raw_filter_name, filter_start)
    if not filter_:
        raise TemplateSyntaxError(
            f"missing filter after '|' in placeholder {source!r}; "
            f"expected one of: {_filter_list()}",
            filter_offset,
        )
    if filter_ not in FILTERS:
        raise TemplateSyntaxError(
            f"unknown filter {filter_!r} in placeholder {source!r}; "
            f"expected one of: {_filter_list()}",
            filter_offset,
        )
    if colon:
        args_start = filter_start + len(raw_filter_name) + 1
        args = _parse_args(raw_args, args_start, filter_=filter_, source=source)
    else:
        # Without ":" the filter name itself is where the arguments are missing.
        args = _parse_args(None, filter_offset, filter_=filter_, source=source)
    return Placeholder(name, filter_, args, start, source)


def parse_template(text: str) -> Template:
    """Parse a recommendation text; raise TemplateSyntaxError at the first problem."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char not in "{}":
            brace = _BRACE.search(text, i)
            stop = brace.start() if brace else len(text)
            literal.append(text[i:stop])
            i = stop
        elif text.startswith(char * 2, i):
            literal.append(char)
            i += 2
        elif char == "}":
            raise TemplateSyntaxError(
                "unmatched '}'; expected '}}' for a literal brace "
                "or a placeholder such as '{value}'",
                i,
            )
        else:
            end = _placeholder_end(text, i)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(_parse_placeholder(text, i, end))
            i = end + 1
    if literal:
        parts.append("".join(literal))
    return Template(text, tuple(parts))


def _placeholder_end(text: str, start: int) -> int:
    # A "{" before the closing "}" means the first placeholder was never closed:
    # placeholders do not nest and their arguments cannot hold braces.
    close = text.find("}", start + 1)
    reopen = text.find("{", start + 1)
    if close < 0 or 0 <= reopen < close:
        stop = len(text) if reopen < 0 else reopen
        raise TemplateSyntaxError(
            f"unclosed placeholder {_snippet(text[start:stop])!r}; "
            "expected '}' to close it, or '{{' for a literal brace",
            start,
        )
    return close
