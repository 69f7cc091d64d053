"""Reading untrusted files: regular files only, at most a limit, nesting bounded before parsing.

Every reader of the package goes through here: rulesets and the bases they extend, case files,
facts and group facts, the findings documents ``effect`` compares, snapshots, and the peek at a
ruleset's locale. A path that is not a regular file (a directory, a device such as
``/dev/zero``, a named pipe, a socket) is refused with an ``OSError`` before a byte is read, and
opening never waits for a writer; no more than the limit plus one byte is ever read, whatever
size the file system reports. YAML and JSON are checked for nesting before a parser recurses.
Each reader turns what is raised here into its own located errors (docs/security.md).
May import: nothing of the package.
"""

from __future__ import annotations

import errno
import io
import itertools
import json
import os
import re
import stat
from typing import Any, Final

import yaml

__all__ = [
    "BadJSONError",
    "TooDeepError",
    "TooLargeError",
    "compose_yaml",
    "json_too_deep",
    "load_json",
    "open_regular",
    "read_limited",
]

#: Integers in a JSON document with more digits than this are refused (int() stops at 4300).
MAX_JSON_DIGITS: Final = 30

# Flags that make open() of a named pipe return at once instead of waiting for a writer, and
# keep a terminal from becoming the controlling one; both are absent on Windows.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS: Final = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class TooLargeError(Exception):
    """More bytes than the reader allows: ``size`` is at least ``limit + 1``."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the file is {size} bytes; the limit is {limit}")
        self.size = size
        self.limit = limit


def open_regular(path: str | os.PathLike[str]) -> io.BufferedReader:
    """Open a regular file for reading in binary; OSError for anything else.

    A directory is ``IsADirectoryError``; a named pipe, a device or a socket is an OSError
    whose ``strerror`` says what it is ("not a regular file (a named pipe)"). Opening does not
    block, so a named pipe without a writer cannot hang the run.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _check_regular(os.fstat(fd).st_mode, os.fspath(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(mode: int, path: str) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "something else")
        raise OSError(errno.EINVAL, f"not a regular file ({kind})", path)


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; TooLargeError if it has more.

    A file that reports more than ``limit`` bytes is refused unread. Otherwise only
    ``limit + 1`` bytes are read: a small reported size is not trusted (a file may grow, or
    report 0 like a file in /proc).
    """
    with open_regular(path) as stream:
        reported = os.fstat(stream.fileno()).st_size
        if reported > limit:
            raise TooLargeError(reported, limit)
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise TooLargeError(len(data), limit)
    return data


# -- YAML -------------------------------------------------------------------------------------


class TooDeepError(yaml.MarkedYAMLError):
    """Nesting deeper than the reader allows, found before the composer went deeper."""

    def __init__(self, limit: int, mark: yaml.Mark | None) -> None:
        super().__init__(problem=f"nesting deeper than {limit} levels", problem_mark=mark)
        self.limit = limit


class _Composer(yaml.SafeLoader):
    """PyYAML's safe composer with a depth counter; aliases optionally left unresolved."""

    def __init__(self, text: str, limit: int, aliases: list[yaml.Mark] | None) -> None:
        super().__init__(text)
        self.limit = limit
        self.depth = 0
        self.aliases = aliases

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.aliases is not None and self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self.aliases.append(event.start_mark)
            # A null in its place: an alias never multiplies the document it is read into.
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        # The root is at depth 0, as a path from it is long: the limit counts keys and items.
        if self.depth > self.limit:
            raise TooDeepError(self.limit, self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose_yaml(
    text: str, limit: int, *, aliases: list[yaml.Mark] | None = None
) -> yaml.Node | None:
    """The node tree of one YAML document (None if empty); nothing is constructed.

    Raises yaml.YAMLError on a syntax error, TooDeepError (a MarkedYAMLError) as soon as a
    value is nested more than ``limit`` keys or items deep: the recursive composer never goes
    further, and the scanner never reads far past the spot. When ``aliases`` is given, each
    alias is appended to it (its mark) and composed as null instead of the anchored value.
    """
    loader = _Composer(text, limit, aliases)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except RecursionError:  # pragma: no cover - the depth limit keeps the stack short
        raise TooDeepError(limit, None) from None
    finally:
        loader.dispose()
    return node


# -- JSON -------------------------------------------------------------------------------------

_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_too_deep(text: str, limit: int) -> int | None:
    """The offset of the first bracket nested deeper than ``limit``, or None if there is none.

    Linear, and nothing recurses: strings are skipped, brackets counted.
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0) <= limit:
        return None
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        step = _STEP.get(token.group(), 0)
        depth += step
        if depth > limit:
            return token.start()
    return None  # pragma: no cover - the fast count found the same brackets


class BadJSONError(ValueError):
    """A JSON text that is refused: not JSON, nested too deeply, or a number JSON cannot mean."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _NumberRefusedError(Exception):
    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal
        self.message = message


def _json_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_JSON_DIGITS:
        digits = len(literal.lstrip("-"))
        message = f"a number has {digits} digits, more than {MAX_JSON_DIGITS}"
        raise _NumberRefusedError(literal, message)
    return int(literal)


def _json_constant(literal: str) -> float:
    raise _NumberRefusedError(literal, f"{literal} is not a number JSON allows")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_json(text: str, limit: int) -> Any:
    """Parse a JSON document nested at most ``limit`` deep; BadJSONError, located, if refused.

    ``NaN``, ``Infinity`` and integers of more than 30 digits are refused too: Python's json
    module accepts them, but they are not numbers a findings document can hold.
    """
    offset = json_too_deep(text, limit)
    if offset is not None:
        raise BadJSONError(f"nested deeper than {limit} levels", *_position(text, offset))
    try:
        return json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise BadJSONError(exc.msg, exc.lineno, exc.colno) from None
    except _NumberRefusedError as exc:
        raise BadJSONError(exc.message, *_position(text, max(0, text.find(exc.literal)))) from None
    except RecursionError:  # pragma: no cover - json_too_deep keeps the stack short
        raise BadJSONError(f"nested deeper than {limit} levels") from None
