"""LOAD and VALIDATE: read a ruleset's YAML safely, keep every node's line, check the schema."""

from __future__ import annotations

import difflib
import functools
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import yaml

from ._lookalike import lookalike_hint
from ._schemas import RULESET_SCHEMA, english, schema
from .errors import Location, RulesetError, RulesetInvalid

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
    return Document(file, data, builder.values, builder.keys, tuple(builder.errors))


class _Builder:
    """Turn a composed YAML node tree into plain data, recording marks and rejecting duplicates."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[PathT, Mark] = {}
        self.keys: dict[PathT, Mark] = {}
        self.errors: list[RulesetError] = []
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
            result[key] = self.build(value_node, (*path, key))
        return result


@functools.cache
def _validator(name: str = RULESET_SCHEMA) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema(name))
    return cls(schema(name))


_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with '-')",
    "null": "nothing",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    return repr(value)


def _expected_types(expected: Any) -> str:
    types = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in types)


def iter_schema_errors(doc: Document, schema_name: str = RULESET_SCHEMA) -> Iterator[RulesetError]:
    """Yield every place where the document breaks the schema, in user terms."""
    # jsonschema reports each missing required key as its own error, each carrying the whole
    # "required" list, so one problem can be translated several times: report it once.
    seen: set[tuple[str, str, Location]] = set()
    for error in _validator(schema_name).iter_errors(doc.data):
        for problem in _translate(doc, error):
            key = (problem.code, problem.message, problem.location)
            if key not in seen:
                seen.add(key)
                yield problem


def _translate(doc: Document, error: jsonschema.ValidationError) -> Iterator[RulesetError]:
    path: PathT = tuple(error.absolute_path)
    where = json_path(path)
    kind = error.validator
    # jsonschema types these as "maybe unset"; for errors from iter_errors they are always set.
    instance: Any = error.instance
    expected: Any = error.validator_value
    subschema: Any = error.schema
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(subschema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = lookalike_hint(key, allowed, "an allowed key") or (
                f"; did you mean {hint[0]!r}?" if hint else f"; allowed keys: {', '.join(allowed)}"
            )
            yield _error(
                "unknown-key",
                f"unknown key {key!r} in {where}{suggestion}",
                doc.location((*path, key), key=True),
            )
        return
    if "propertyNames" in error.schema_path:
        bad = instance
        yield _error(
            "bad-name",
            f"{bad!r} is not a valid identifier in {where}: use Latin letters, "
            f"digits and '_', starting with a letter (e.g. iom_share)"
            f"{lookalike_hint(bad) if isinstance(bad, str) else ''}",
            doc.location((*path, bad), key=True) if isinstance(bad, str) else doc.location(path),
        )
        return
    if kind == "required":
        missing = [k for k in expected if k not in instance]
        for key in missing:
            yield _error(
                "missing-key", f"{where} needs the key {key!r}", doc.location(path, key=True)
            )
        return
    location = doc.location(path)
    if kind == "type":
        message = f"{where} must be {_expected_types(expected)}, got {_describe(instance)}"
        yield _error("type", message, location)
    elif kind in {"enum", "const"}:
        options = expected if kind == "enum" else [expected]
        hint = difflib.get_close_matches(str(instance), [str(o) for o in options], n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        yield _error(
            "bad-value",
            f"{where} is {instance!r}; expected one of: "
            f"{', '.join(repr(o) for o in options)}{tail}",
            location,
        )
    elif kind == "pattern":
        yield _error(
            "bad-value",
            f"{where} is {instance!r}, which does not match the expected form {expected!r}"
            f"{lookalike_hint(instance) if isinstance(instance, str) else ''}",
            location,
        )
    elif kind == "not":
        keys = expected.get("required", [])
        where_key = doc.location((*path, keys[-1]), key=True) if keys else location
        yield _error(
            "conflict", f"{where} may have only one of {', '.join(map(repr, keys))}", where_key
        )
    elif kind in {"minProperties", "minItems"}:
        yield _error(
            "empty",
            f"{where} needs at least {expected} {'entry' if kind == 'minProperties' else 'item'}",
            location,
        )
    elif kind in {"anyOf", "oneOf"}:
        wanted = english(subschema.get("description", "")) or "one of the allowed forms"
        tail = "; write the number without quotes" if _is_quoted_number(instance) else ""
        if isinstance(instance, str):
            tail = lookalike_hint(instance) or tail
        yield _error("type", f"{where} must be {wanted}, got {_describe(instance)}{tail}", location)
    elif kind in {"maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"}:
        bound = {"maximum": "at most", "minimum": "at least"}.get(kind, "within the limit")
        yield _error("bad-value", f"{where} is {instance!r}; expected {bound} {expected}", location)
    elif kind in {"maxLength", "minLength"}:
        bound = "at most" if kind == "maxLength" else "at least"
        size = len(instance) if isinstance(instance, str) else 0
        message = f"{where} has {size} characters; expected {bound} {expected}"
        yield _error("bad-value", message, location)
    else:
        yield _error("schema", f"{where}: {error.message}", location)


def _is_quoted_number(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True
