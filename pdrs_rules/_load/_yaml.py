"""LOAD: read a ruleset's YAML safely and keep where every key and value was written."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from typing import Any

import attrs
import yaml

from pdrs_rules._reading import TooDeepError, TooLargeError, compose_yaml, read_limited
from pdrs_rules.errors import Location, RulesetError, RulesetInvalid

from ._hints import yaml_hint

#: A ruleset larger than this is refused before parsing: no real ruleset comes close.
MAX_RULESET_BYTES = 2 * 1024 * 1024
#: Deeper nesting than this is not a ruleset; refusing it keeps the walkers bounded.
MAX_DEPTH = 50
#: Numbers in a ruleset, like facts and formula literals, are at most this in absolute value
#: (the bound of _model.MAX_NUMBER, which this reader, below _model, cannot import).
MAX_NUMBER = 1e15

PathT = tuple[str | int, ...]
#: Codes of reading problems that leave null in the document's data where the value was.
_REFUSED_CODES = frozenset({"bad-number", "encoding", "yaml-syntax"})


@attrs.frozen
class Mark:
    """Where a YAML node starts (1-based) and how its scalar was written."""

    line: int
    column: int
    #: The scalar style: None for plain, '"' or "'" for quoted, '|' or '>' for block scalars.
    style: str | None = None
    #: The file the node was written in when it is not the document's own (see _compose.py).
    file: str | None = None


@attrs.frozen
class Document:
    """A parsed ruleset: plain data plus the position of every key and value in the file."""

    file: str
    data: Any
    #: Position of each value by its path from the root.
    values: Mapping[PathT, Mark]
    #: Position of each mapping key by the path of the value it introduces.
    keys: Mapping[PathT, Mark]
    #: Problems found while reading that did not stop it (duplicate keys, aliases ...).
    problems: tuple[RulesetError, ...] = ()
    #: Keys written in a flow mapping (``{a: 1, b}``) with no ``:`` and no value, by the path of
    #: the value they introduce: what an unquoted comma in the value before them leaves.
    bare_keys: frozenset[PathT] = frozenset()

    @property
    def refused(self) -> frozenset[str]:
        """The JSON paths of values the reader refused: null in ``data``, their problem reported.

        A non-finite or too large number, a text with a lone surrogate, a value YAML cannot
        construct; a refused key leaves its mapping without it. Walkers of ``data`` trust its
        shape only when this is empty (and the schema holds).
        """
        return frozenset(p.location.path for p in self.problems if p.code in _REFUSED_CODES)

    def location(self, path: PathT, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), falling back to the parent."""
        probe = path
        mark = self.keys.get(probe) if key else None
        while mark is None:
            mark = self.values.get(probe)
            if not probe:
                break
            probe = probe[:-1]
        mark = mark or Mark(0, 0)
        return Location(mark.file or self.file, mark.line, mark.column, json_path(path))


def json_path(path: PathT) -> str:
    """Render a path as ``$.indicators.iom_share.bands[1].below``."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def _error(code: str, message: str, location: Location) -> RulesetError:
    return RulesetError.make(code, message, location)


def read_document(path: str | os.PathLike[str], what: str = "ruleset") -> Document:
    """Read and parse a ruleset file; raise RulesetInvalid if it is not well-formed YAML.

    Only a regular file is read, and never more than ``MAX_RULESET_BYTES`` and one byte.
    ``what`` names the file in messages: "ruleset" or "case file".
    """
    file = os.fspath(path)
    try:
        raw = read_limited(file, MAX_RULESET_BYTES)
    except TooLargeError as exc:
        message = (
            f"the file is {exc.size} bytes; a {what} may have at most {MAX_RULESET_BYTES} bytes"
        )
        raise RulesetInvalid(file, [_error("too-large", message, Location(file))]) from None
    except OSError as exc:
        raise RulesetInvalid(
            file, [_error("io", f"cannot read the {what}: {exc.strerror}", Location(file))]
        ) from None
    return parse_document(raw, file, what)


def parse_document(raw: str | bytes, file: str = "<string>", what: str = "ruleset") -> Document:
    """Parse ruleset text; raise RulesetInvalid on bad encoding, YAML syntax or duplicate keys."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise RulesetInvalid(
                file,
                [
                    _error(
                        "encoding",
                        f"the {what} is not valid UTF-8 (save it as UTF-8)",
                        Location(file, line),
                    )
                ],
            ) from None
    else:
        text = raw
    if len(text) > MAX_RULESET_BYTES:
        raise RulesetInvalid(
            file, [_error("too-large", f"the {what} text is too large", Location(file))]
        )
    aliases: list[yaml.Mark] = []
    try:
        node = compose_yaml(text, MAX_DEPTH, aliases=aliases)
    except TooDeepError as exc:
        raise RulesetInvalid(
            file, [_error("too-deep", f"nesting deeper than {MAX_DEPTH} levels", _at(file, exc))]
        ) from None
    except yaml.MarkedYAMLError as exc:
        loc = _at(file, exc)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = yaml_hint(text, problem, loc.line)
        raise RulesetInvalid(
            file, [_error("yaml-syntax", f"invalid YAML: {problem}{hint}", loc)]
        ) from None
    except yaml.YAMLError as exc:
        raise RulesetInvalid(
            file, [_error("yaml-syntax", f"invalid YAML: {exc}", Location(file))]
        ) from None
    if aliases:
        # Refused outright: aliases can multiply a small file into a huge document.
        raise RulesetInvalid(
            file,
            [
                _error(
                    "yaml-alias",
                    "aliases (*name) are not supported in rulesets; write the value out",
                    Location(file, m.line + 1, m.column + 1),
                )
                for m in aliases
            ],
        )
    if node is None:
        raise RulesetInvalid(
            file,
            [
                _error(
                    "empty", f"the {what.removesuffix(' file')} file is empty", Location(file, 1, 1)
                )
            ],
        )
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(
        file, data, builder.values, builder.keys, tuple(builder.errors), frozenset(builder.bare)
    )


def _at(file: str, exc: yaml.MarkedYAMLError) -> Location:
    mark = exc.problem_mark or exc.context_mark
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


class _Builder:
    """Turn a composed YAML node tree into plain data, recording marks and rejecting duplicates."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[PathT, Mark] = {}
        self.keys: dict[PathT, Mark] = {}
        self.errors: list[RulesetError] = []
        self.bare: set[PathT] = set()
        self._seen: set[int] = set()
        # SafeConstructor does the scalar typing (ints, floats, bools) exactly as yaml.safe_load.
        self._constructor = yaml.SafeLoader("")

    def _loc(self, node: yaml.Node, path: PathT) -> Location:
        return Location(
            self.file, node.start_mark.line + 1, node.start_mark.column + 1, json_path(path)
        )

    def build(self, node: yaml.Node, path: PathT) -> Any:
        # compose_yaml stopped at MAX_DEPTH and left aliases unresolved: the walk is bounded.
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.values[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1, style)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathT) -> Any:
        """The value of a scalar; None, with the problem recorded, if a ruleset cannot hold it."""
        problem = _number_problem(node)
        if problem is None:
            try:
                value = self._constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self.errors.append(
                    _error("yaml-syntax", f"invalid value: {exc}", self._loc(node, path))
                )
                return None
            problem = _value_problem(value)
            if problem is None:
                return value
        code, message = problem
        self.errors.append(_error(code, f"{json_path(path)} {message}", self._loc(node, path)))
        return None

    def _mapping(self, node: yaml.MappingNode, path: PathT) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(
                    _error(
                        "yaml-alias",
                        "merge keys (<<) are not supported in rulesets",
                        self._loc(key_node, path),
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                key = (
                    self._constructor.construct_object(key_node, deep=True)
                    if isinstance(key_node, yaml.ScalarNode) and _number_problem(key_node) is None
                    else "<complex key>"
                    if not isinstance(key_node, yaml.ScalarNode)
                    else _cut(key_node.value)
                )
                self.errors.append(
                    _error(
                        "key-type",
                        f"keys must be text, got {key!r}; put the key in quotes",
                        self._loc(key_node, path),
                    )
                )
                continue
            key = str(key_node.value)
            problem = _value_problem(key)
            if problem is not None:
                code, message = problem
                self.errors.append(
                    _error(code, f"a key in {json_path(path)} {message}", self._loc(key_node, path))
                )
                continue
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                self.errors.append(
                    _error(
                        "duplicate-key",
                        f"duplicate key {key!r} (first defined on line {first}); "
                        "YAML would silently keep only the last one",
                        self._loc(key_node, (*path, key)),
                    )
                )
                continue
            first_seen[key] = key_node
            self.keys[(*path, key)] = Mark(
                key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            if (
                node.flow_style
                and isinstance(value_node, yaml.ScalarNode)
                and value_node.tag == "tag:yaml.org,2002:null"
                and value_node.start_mark.index == key_node.end_mark.index
            ):
                # {text: Обеспечить ПК, педагогам}: "педагогам" became a key without a value.
                self.bare.add((*path, key))
            result[key] = self.build(value_node, (*path, key))
        return result


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
#: A number written longer than this is beyond MAX_NUMBER whatever it says (int() of thousands
#: of digits is slow, and PyYAML's raises past 4300): it is refused unread.
_NUMBER_CHARS = 40
_SURROGATE = re.compile("[\ud800-\udfff]")


def _cut(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


def _number_problem(node: yaml.Node) -> tuple[str, str] | None:
    """A number scalar too long to read (before PyYAML turns it into an int)."""
    written = str(node.value)
    if node.tag in _NUMBER_TAGS and len(written) > _NUMBER_CHARS:
        # Not always too large (0.000…1 is small), but longer than any number a ruleset needs.
        message = (
            f"is {_cut(written)}, a number of {len(written)} characters; a number in a ruleset "
            f"is written with at most {_NUMBER_CHARS}"
        )
        return "bad-number", message
    return None


def _too_large(shown: str) -> str:
    return f"is {shown}, larger than a number in a ruleset may be (at most {MAX_NUMBER:.0e})"


def _value_problem(value: object) -> tuple[str, str] | None:
    """Why a constructed scalar cannot be in a ruleset: not finite, too large, a lone surrogate."""
    if isinstance(value, float) and not math.isfinite(value):
        return "bad-number", f"is {value!r}, not a finite number; write a number"
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        return "bad-number", _too_large(repr(value))
    if isinstance(value, str) and (found := _SURROGATE.search(value)) is not None:
        escaped = found.group().encode("utf-8", "backslashreplace").decode("ascii")
        return (
            "encoding",
            (
                f"has {escaped} at character {found.start() + 1}, half of a character (a lone "
                "surrogate) that no file can hold; write the character itself"
            ),
        )
    return None
