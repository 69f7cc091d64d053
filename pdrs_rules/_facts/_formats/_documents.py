"""JSON and YAML facts documents: the list of schools, with each value's line and column."""

from __future__ import annotations

import json
import re
from typing import Final

import yaml

from pdrs_rules._facts._cells import MAX_DIGITS, NumberText, Pairs, show
from pdrs_rules._facts._rows import MAX_ROWS, Cell, Problems, Row
from pdrs_rules._reading import TooDeepError, compose_yaml, json_too_deep

__all__ = ["json_rows", "yaml_rows"]

_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")
#: A list of schools is nested three or four levels deep; deeper documents are refused unparsed.
MAX_DEPTH: Final = 50
_YAML_NULL: Final = "tag:yaml.org,2002:null"


class _ShapeError(Exception):
    """A document that is not a list of schools, or too long a one."""

    def __init__(
        self, message: str, line: int = 0, column: int = 0, path: str = "$", code: str = "syntax"
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.path = path


# -- JSON -------------------------------------------------------------------------------------


def json_rows(problems: Problems, text: str) -> list[Row | None] | None:
    """The schools of a JSON document; None if it does not parse or has the wrong shape."""
    try:
        items = _json_items(text)
    except json.JSONDecodeError as exc:
        problems.error("syntax", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, "$")
        return None
    except _ShapeError as exc:
        problems.error(exc.code, exc.message, exc.line, exc.column, exc.path)
        return None
    rows: list[Row | None] = []
    for index, (value, line) in enumerate(items):
        if isinstance(value, Pairs):
            cells = tuple((key, item, line, 0) for key, item in value)
            rows.append(Row(index, line, cells))
        else:
            problems.error(
                "syntax",
                f"$[{index}] is {show(value)}; expected an object with column headers as keys",
                line,
                0,
                f"$[{index}]",
                capped=True,
            )
            rows.append(None)
    return rows


def _json_items(text: str) -> list[tuple[object, int]]:
    """Parse a JSON document into its schools, each with the line its object starts on.

    The top-level list is walked element by element so each one's position is known;
    everything inside an element is parsed by the json module.
    """
    deep = json_too_deep(text, MAX_DEPTH)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        column = deep - text.rfind("\n", 0, deep)
        raise _ShapeError(f"nesting deeper than {MAX_DEPTH} levels", line, column, code="too-deep")
    decoder = json.JSONDecoder(object_pairs_hook=Pairs, parse_int=_json_int)
    pos = _json_space(text, 0)
    if text.startswith("[", pos):
        starts, end = _json_array(decoder, text, pos)
    elif text.startswith("{", pos):
        starts, end = _json_wrapper(decoder, text, pos)
    else:
        value, end = decoder.raw_decode(text, pos)
        _json_end(text, end)
        line = text.count("\n", 0, pos) + 1
        raise _ShapeError(
            f"the document is {show(value)}; expected a list of objects, one per school, "
            'or an object with key "schools" holding that list',
            line,
        )
    _json_end(text, end)
    items: list[tuple[object, int]] = []
    line, last = 1, 0
    for value, start in starts:
        line += text.count("\n", last, start)
        last = start
        items.append((value, line))
    return items


def _json_int(literal: str) -> int | str:
    # int() refuses over 4300 digits with a ValueError; a long literal is kept as text,
    # which the cell check reports as too large (and which keeps an id's digits).
    return int(literal) if len(literal) <= MAX_DIGITS + 3 else NumberText(literal)


def _json_space(text: str, pos: int) -> int:
    match = _JSON_SPACE.match(text, pos)
    return pos if match is None else match.end()


def _json_end(text: str, pos: int) -> None:
    pos = _json_space(text, pos)
    if pos != len(text):
        raise json.JSONDecodeError("Extra data", text, pos)


def _json_array(
    decoder: json.JSONDecoder, text: str, pos: int
) -> tuple[list[tuple[object, int]], int]:
    items: list[tuple[object, int]] = []
    pos = _json_space(text, pos + 1)
    if text.startswith("]", pos):
        return items, pos + 1
    while True:
        if len(items) >= MAX_ROWS:
            line = text.count("\n", 0, pos) + 1
            message = f"more than {MAX_ROWS:,} rows; split the file"
            raise _ShapeError(message, line, code="too-large")
        start = pos
        value, pos = decoder.raw_decode(text, pos)
        items.append((value, start))
        pos = _json_space(text, pos)
        if text.startswith(",", pos):
            pos = _json_space(text, pos + 1)
        elif text.startswith("]", pos):
            return items, pos + 1
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _json_wrapper(
    decoder: json.JSONDecoder, text: str, pos: int
) -> tuple[list[tuple[object, int]], int]:
    found: list[tuple[object, int]] | None = None
    pos = _json_space(text, pos + 1)
    if text.startswith("}", pos):
        pos += 1
    else:
        while True:
            if not text.startswith('"', pos):
                message = "Expecting property name enclosed in double quotes"
                raise json.JSONDecodeError(message, text, pos)
            key, pos = decoder.raw_decode(text, pos)
            pos = _json_space(text, pos)
            if not text.startswith(":", pos):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = _json_space(text, pos + 1)
            start = pos
            if key == "schools" and text.startswith("[", pos):
                found, pos = _json_array(decoder, text, pos)
            else:
                value, pos = decoder.raw_decode(text, pos)
                if key == "schools":
                    line = text.count("\n", 0, start) + 1
                    column = start - text.rfind("\n", 0, start)
                    message = f'"schools" is {show(value)}; expected a list of objects'
                    raise _ShapeError(message, line, column, '$["schools"]')
            pos = _json_space(text, pos)
            if text.startswith(",", pos):
                pos = _json_space(text, pos + 1)
            elif text.startswith("}", pos):
                pos += 1
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
    if found is None:
        raise _ShapeError(
            'the object has no key "schools"; expected a list of objects, one per school, '
            'or an object with key "schools" holding that list',
            text.count("\n", 0, _json_space(text, 0)) + 1,
        )
    return found, pos


# -- YAML -------------------------------------------------------------------------------------


def yaml_rows(problems: Problems, text: str) -> list[Row | None] | None:
    """The schools of a YAML document; None if it does not parse or has the wrong shape."""
    try:
        # Only composed, never constructed: no tags run, and ids keep their exact text.
        root = compose_yaml(text, MAX_DEPTH)
    except TooDeepError as exc:
        line, column = (
            (exc.problem_mark.line + 1, exc.problem_mark.column + 1) if exc.problem_mark else (0, 0)
        )
        problems.error("too-deep", f"nesting deeper than {MAX_DEPTH} levels", line, column, "$")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problems.error("syntax", f"not valid YAML: {problem}", line, column, "$")
        return None
    except yaml.YAMLError as exc:
        problems.error("syntax", f"not valid YAML: {str(exc).splitlines()[0]}", path="$")
        return None
    shape = (
        'expected a list of mappings, one per school, or a mapping with key "schools" '
        "holding that list"
    )
    if root is None:
        problems.error("empty", "the file is empty; expected a list of schools", path="$")
        return None
    items = root
    if isinstance(root, yaml.MappingNode):
        lists = [value for key, value in root.value if _yaml_key(key) == "schools"]
        if not lists:
            line, column = _mark(root)
            problems.error(
                "syntax", f'the mapping has no key "schools"; {shape}', line, column, "$"
            )
            return None
        items = lists[-1]
    if not isinstance(items, yaml.SequenceNode):
        path = "$" if items is root else '$["schools"]'
        line, column = _mark(items)
        problems.error("syntax", f"{path} is {_yaml_kind(items)}; {shape}", line, column, path)
        return None
    rows: list[Row | None] = []
    for index, item in enumerate(items.value):
        line, column = _mark(item)
        if len(rows) >= MAX_ROWS:
            problems.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", line)
            return None
        if not isinstance(item, yaml.MappingNode):
            problems.error(
                "syntax",
                f"$[{index}] is {_yaml_kind(item)}; expected a mapping of column headers to values",
                line,
                column,
                f"$[{index}]",
                capped=True,
            )
            rows.append(None)
            continue
        cells: list[Cell] = []
        for key_node, value_node in item.value:
            key = _yaml_key(key_node)
            if key is None:
                key_line, key_column = _mark(key_node)
                problems.error(
                    "syntax",
                    f"a key in $[{index}] is {_yaml_kind(key_node)}; expected a column header",
                    key_line,
                    key_column,
                    f"$[{index}]",
                    capped=True,
                )
                continue
            cells.append((key, _yaml_value(value_node), *_mark(value_node)))
        rows.append(Row(index, line, tuple(cells)))
    return rows


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _yaml_key(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _yaml_value(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _YAML_NULL else node.value
    return Pairs() if isinstance(node, yaml.MappingNode) else []


def _yaml_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return show(_yaml_value(node))
