"""Hints for the YAML slips methodologists make: a colon in a text, a tab, a wrong indent.

PyYAML says where it stopped and what it expected in its own words ("mapping values are not
allowed here"); the hint says what to change in the user's: quote the text, indent with
spaces, or indent this line like the other keys under the key it belongs to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Final

__all__ = ["yaml_hint"]

_KEY_LINE: Final = re.compile(r"(?P<indent> *)(?:- +)?(?P<key>[^\s:#'\"][^:#]*?):(?:\s|$)")
#: A suggested quoted text is cut to this many characters.
_SHOWN: Final = 60


def yaml_hint(text: str, problem: str, line: int) -> str:
    """A hint (clauses starting with "; ") for a YAML error at 1-based ``line``, or nothing."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    here = lines[line - 1]
    if "\\t" in problem or "\t" in here[: len(here) - len(here.lstrip())]:
        return f"; indent with spaces only: line {line} has a tab"
    indent = _indent(here)
    parent = _parent(lines, line, indent)
    if parent is not None:
        parent_line, parent_key, siblings, opens = parent
        if siblings != indent and opens:
            return (
                f"; line {line} is indented by {indent} spaces, but the keys under "
                f"{parent_key!r} (line {parent_line}) are indented by {siblings}"
            )
        if siblings != _key_column(here):
            return (
                f"; line {line} is indented by {indent} spaces, but {parent_key!r} above it "
                f"(line {parent_line}) by {siblings}: the keys of one mapping are indented alike"
            )
    if problem.startswith("mapping values are not allowed"):
        match = _KEY_LINE.match(here)
        if match is not None:
            key = match["key"].strip()
            value = here[match.end() :].strip()
            if ": " in value and not value.startswith(("'", '"', "{", "[")):
                shown = value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"
                quoted = json.dumps(shown, ensure_ascii=False)
                return f"; a text with ': ' in it must be in quotes: {key}: {quoted}"
    return ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where a line's key starts: after the indent, and after a list item's dash."""
    match = _KEY_LINE.match(line)
    return match.start("key") if match is not None else _indent(line)


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _parent(lines: Sequence[str], line: int, indent: int) -> tuple[int, str, int, bool] | None:
    """The nearest less indented key above the line, and the indent the line should have.

    Returned: the key's line, its name, that indent, and whether the key opens a block (the
    line belongs under it) or has a value (the line is one of its siblings).
    """
    for number in range(line - 1, 0, -1):
        candidate = lines[number - 1]
        if not _meaningful(candidate) or _indent(candidate) >= indent:
            continue
        match = _KEY_LINE.match(candidate)
        if match is None:
            return None
        key = match["key"].strip()
        if candidate[match.end() :].split("#", 1)[0].strip():
            return number, key, match.start("key"), False
        for child in lines[number:line]:
            if _meaningful(child) and _indent(child) > _indent(candidate):
                return number, key, _indent(child), True
        return None
    return None
