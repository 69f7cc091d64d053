"""Diagnostics in Russian: English messages translated clause by clause with _catalog.

Messages are built in English at the call sites and stay English in the exceptions (programs
match on codes, tools on ``message_en``); the Russian text is made only when it is shown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from pdrs_rules._reading import open_regular
from pdrs_rules._schemas import CASES_SCHEMA, RULESET_SCHEMA, english, schema

__all__ = [
    "LANGUAGES",
    "MissingTranslationError",
    "clauses",
    "cli_text",
    "peek_language",
    "translate",
    "untranslated",
    "word",
]

#: The languages messages are shown in; English is the language they are written in.
LANGUAGES = ("ru", "en")

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())
_QUOTES = frozenset("'\"")
# A quote opens a quoted value only after one of these (so the apostrophe in "ruleset's"
# does not), and closes it only before a non-word character.
_BEFORE_QUOTE = frozenset(" ([{,:=")
_FIELD = re.compile(r"\{\{|\}\}|\{(?P<name>\w+)(?::(?P<conv>[a-z])(?::(?P<args>[^{}]*))?)?\}")
_PLAIN_QUOTED = re.compile(r"'[^'\\]*'|\"[^\"\\]*\"")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
#: Clauses may be long (a pasted YAML parser message) but not unbounded.
_MAX_CLAUSE = 20_000
#: Recursive fragments (``{x:t}``) nest a few levels at most in real messages.
_MAX_DEPTH = 8


class MissingTranslationError(ValueError):
    """A message with clauses the Russian catalog does not know; ``clauses`` lists them."""

    def __init__(self, message: str, missing: tuple[str, ...]) -> None:
        super().__init__(f"no Russian for {missing!r} in {message!r}")
        self.clauses = missing


def clauses(message: str) -> list[str]:
    """Split a message at ``"; "`` outside brackets and quoted values."""
    parts: list[str] = []
    start = 0
    stack: list[str] = []
    quote = ""
    i = 0
    n = len(message)
    while i < n:
        ch = message[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote and (i + 1 == n or not message[i + 1].isalnum()):
                quote = ""
        elif ch in _QUOTES and (i == 0 or message[i - 1] in _BEFORE_QUOTE):
            quote = ch
        elif ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch in _CLOSERS and stack and stack[-1] == ch:
            stack.pop()
        elif ch == ";" and not stack and message.startswith("; ", i):
            parts.append(message[start:i])
            start = i + 2
            i += 1
        i += 1
    if quote or stack:
        # An unbalanced quote or bracket (inside a user value): depth tracking cannot be
        # trusted, so fall back to every "; ".
        return message.split("; ")
    parts.append(message[start:])
    return parts


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    from ._catalog import CATALOG  # noqa: PLC0415 - only needed when showing Russian

    return tuple((re.compile(pattern, re.DOTALL), template) for pattern, template in CATALOG)


def _quoted(value: str) -> str:
    if _PLAIN_QUOTED.fullmatch(value):
        return f"«{value[1:-1]}»"
    return value


def _number(value: str) -> str:
    if not _NUMBER.fullmatch(value):
        return value
    from ._russian import format_number  # noqa: PLC0415

    number = float(value)
    return format_number(int(number) if number.is_integer() and "e" not in value else number)


def _count(value: str, forms: str) -> str:
    from ._russian import plural_form  # noqa: PLC0415

    one, few, many = forms.split(":")
    if not _NUMBER.fullmatch(value):
        return f"{value} {many}"
    number = float(value)
    return f"{_number(value)} {plural_form(number, one, few, many)}"


def _fill(template: str, match: re.Match[str], fragment: Callable[[str], str | None]) -> str | None:
    missing = False

    def field(m: re.Match[str]) -> str:
        nonlocal missing
        text = m.group(0)
        if text in {"{{", "}}"}:
            return text[0]
        value = match.group(m.group("name")) or ""
        conv = m.group("conv")
        if conv == "q":
            return _quoted(value)
        if conv == "n":
            return _number(value)
        if conv == "p":
            return _count(value, m.group("args") or "::")
        if conv == "t":
            translated = fragment(value)
            if translated is None:
                missing = True
                return value
            return translated
        return value

    text = _FIELD.sub(field, template)
    return None if missing else text


def _clause(text: str, depth: int = 0) -> str | None:
    """The Russian for one clause, or None when no entry matches it."""
    if depth > _MAX_DEPTH or len(text) > _MAX_CLAUSE:
        return None
    # The first entry that matches and whose fragments all translate wins: a broad entry
    # ("X or Y") may match a clause that a later, specific one is written for.
    for pattern, template in _compiled():
        match = pattern.fullmatch(text)
        if match is not None:
            translated = _fill(template, match, lambda inner: _fragment(inner, depth + 1))
            if translated is not None:
                return translated
    return _schema_phrases().get(text)


@functools.cache
def _schema_phrases() -> dict[str, str]:
    """English halves of the schemas' "русский / English" descriptions → their Russian halves.

    "must be …" messages quote the English half of a description (_schemas.english), so the
    Russian half the schema already has is their translation.
    """
    phrases: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            description = node.get("description")
            if isinstance(description, str) and " / " in description:
                russian = description.rpartition(" / ")[0].strip()
                phrases.setdefault(english(description), russian[:1].lower() + russian[1:])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in (RULESET_SCHEMA, CASES_SCHEMA):
        walk(schema(name))
    return phrases


def _fragment(text: str, depth: int) -> str | None:
    """A captured part, which may hold clauses of its own ("a: x; b: y"), or None."""
    parts = [_clause(part, depth) for part in clauses(text)]
    return None if None in parts else "; ".join(p for p in parts if p is not None)


@functools.lru_cache(maxsize=1024)
def _translate(message: str) -> tuple[str, tuple[str, ...]]:
    out: list[str] = []
    missing: list[str] = []
    for part in clauses(message):
        translated = _clause(part)
        if translated is None:
            missing.append(part)
            out.append(part)
        else:
            out.append(translated)
    return "; ".join(out), tuple(missing)


def translate(message: str, lang: str, *, strict: bool = False) -> str:
    """``message`` in ``lang``: English is returned as is; clauses with no Russian stay English.

    With ``strict``, a message with an untranslated clause raises MissingTranslationError.
    """
    if lang != "ru" or not message:
        return message
    text, missing = _translate(message)
    if strict and missing:
        raise MissingTranslationError(message, missing)
    return text


_USAGE = re.compile(r"(?P<prog>pdrs-rules(?: [\w-]+)?): error: (?P<rest>.+)", re.DOTALL)


def usage(message: str, lang: str) -> str:
    """A command-line error (``pdrs-rules X: error: …``) in ``lang``.

    Russian only when every clause has an entry: half a sentence in each language reads worse
    than English, so an unknown message (argparse's own, say) stays whole and English.
    """
    match = _USAGE.fullmatch(message)
    if lang != "ru" or match is None:
        return message
    text, missing = _translate(match["rest"])
    return message if missing else f"{match['prog']}: ошибка: {text}"


def cli_text(english: str, lang: str) -> str:
    """A help text of the command line in ``lang``; one with no Russian stays English."""
    if lang != "ru":
        return english
    from ._catalog._cli import CLI  # noqa: PLC0415 - only for help in Russian

    return CLI.get(english, english)


def untranslated(message: str) -> tuple[str, ...]:
    """The clauses of ``message`` the Russian catalog has no entry for."""
    return _translate(message)[1] if message else ()


def word(english: str, lang: str) -> str:
    """A word outside the messages (a severity) in ``lang``."""
    if lang != "ru":
        return english
    from ._catalog import WORDS  # noqa: PLC0415

    return WORDS.get(english, english)


_LOCALE = re.compile(r"^locale:[ \t]*[\"']?(?P<lang>[A-Za-z_-]+)", re.MULTILINE)
_EXTENDS = re.compile(
    r"^extends:[ \t]*[\"']?(?P<path>[^\"'#\r\n]+?)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE
)
#: Only the start of a file is read: ``locale:`` sits among the first keys, and a huge file
#: must not be read twice just to pick a language.
_PEEK_BYTES = 65_536
_PEEK_CHAIN = 5


def peek_language(path: str | Path | None) -> str:
    """The language of a ruleset file's diagnostics, read from its text without parsing it.

    A top-level ``locale:`` decides (``en`` → English, anything else → Russian); without one,
    the base named by ``extends:`` is read the same way; without either, Russian, the schema's
    default. A file that cannot be read at all gives English, since no ruleset was read.
    """
    if path is None:
        return "en"
    current = Path(path)
    for depth in range(_PEEK_CHAIN + 1):
        try:
            # Only a regular file, opened without waiting: a named pipe must not hang the run.
            with open_regular(current) as stream:
                text = stream.read(_PEEK_BYTES).decode("utf-8", errors="replace")
        except OSError:
            return "en" if depth == 0 else "ru"
        locale = _LOCALE.search(text)
        if locale is not None:
            return "en" if locale.group("lang").lower().startswith("en") else "ru"
        extends = _EXTENDS.search(text)
        if extends is None:
            break
        current = current.parent / extends.group("path")
    return "ru"
