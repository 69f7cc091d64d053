"""LOAD: read a ruleset's YAML safely and keep where every key and value was written."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from pdrs_rules.errors import Location, RulesetError, RulesetInvalid

#: A ruleset larger than this is refused before parsing: no real ruleset comes close.
MAX_RULESET_BYTES = 2 * 1024 * 1024
#: Deeper nesting than this is not a ruleset; refusing it keeps the walkers bounded.
MAX_DEPTH = 50

PathT = tuple[str | int, ...]


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


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse a ruleset file; raise RulesetInvalid if it is not well-formed YAML."""
    file = os.fspath(path)
    try:
        size = Path(file).stat().st_size
        if size > MAX_RULESET_BYTES:
            raise RulesetInvalid(
                file,
                [
                    _error(
                        "too-large",
                        f"the file is {size} bytes; a ruleset may have at most "
                        f"{MAX_RULESET_BYTES} bytes",
                        Location(file),
                    )
                ],
            )
        raw = Path(file).read_bytes()
    except OSError as exc:
        raise RulesetInvalid(
            file, [_error("io", f"cannot read the ruleset: {exc.strerror}", Location(file))]
        ) from None
    return parse_document(raw, file)


def parse_document(raw: str | bytes, file: str = "<string>") -> Document:
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
                        "the ruleset is not valid UTF-8 (save it as UTF-8)",
                        Location(file, line),
                    )
                ],
            ) from None
    else:
        text = raw
    if len(text) > MAX_RULESET_BYTES:
        raise RulesetInvalid(
            file, [_error("too-large", "the ruleset text is too large", Location(file))]
        )
    try:
        aliases = [
            event.start_mark
            for event in yaml.parse(text, Loader=yaml.SafeLoader)
            if isinstance(event, yaml.AliasEvent)
        ]
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
                    if m is not None
                ],
            )
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulesetInvalid(
            file, [_error("yaml-syntax", f"invalid YAML: {problem}", loc)]
        ) from None
    except yaml.YAMLError as exc:
        raise RulesetInvalid(
            file, [_error("yaml-syntax", f"invalid YAML: {exc}", Location(file))]
        ) from None
    if node is None:
        raise RulesetInvalid(
            file, [_error("empty", "the ruleset file is empty", Location(file, 1, 1))]
        )
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(
        file, data, builder.values, builder.keys, tuple(builder.errors), frozenset(builder.bare)
    )


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
        if id(node) in self._seen:
            # An alias: rejecting them keeps "billion laughs" documents from exploding the walk.
            self.errors.append(
                _error(
                    "yaml-alias",
                    "anchors and aliases (&name, *name) are not "
                    "supported in rulesets; write the value out",
                    self._loc(node, path),
                )
            )
            return None
        self._seen.add(id(node))
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.values[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1, style)
        if len(path) > MAX_DEPTH:
            self.errors.append(
                _error("too-deep", f"nesting deeper than {MAX_DEPTH} levels", self._loc(node, path))
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.errors.append(
                _error("yaml-syntax", f"invalid value: {exc}", self._loc(node, path))
            )
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
                    if isinstance(key_node, yaml.ScalarNode)
                    else "<complex key>"
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
