"""COMPOSE: a ruleset that ``extends`` a base is merged onto it as an RFC 7396 merge patch.

RFC 7396 (JSON Merge Patch) was chosen because methodologists already write the derived file as
"the base, but with these lines changed": mappings merge key by key, ``null`` deletes a key,
and lists and scalars replace the base value whole (a band list is one decision, so mixing
bands of two files item by item would be wrong). See docs/composition.md.

Every mark of the merged document keeps the file it was written in, so a problem found later
in an inherited value points at the base and one in an overriding value at the derived file.
"""

from __future__ import annotations

import json
import ntpath
import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NoReturn

import attrs

from pdrs_rules.errors import Diagnostic, Location, RulesetError, RulesetInvalid, Severity

from ._yaml import Document, Mark, PathT, json_path, parse_document, read_document

__all__ = ["MAX_EXTENDS", "Composed", "Override", "parse_composed", "read_composed"]

#: How many ``extends`` links a chain may have (the top file plus this many bases).
MAX_EXTENDS = 5
#: What ``loads`` calls text that came from no file: ``extends`` cannot be resolved from it.
NO_FILE = "<string>"
_SUFFIXES = (".yaml", ".yml")
#: Old and new values are shown in one line; longer ones are cut.
_BRIEF = 60

Kind = Literal["override", "add", "remove"]
#: A key or list item one side of a comparison does not have.
_ABSENT: Any = object()


@attrs.frozen
class Override:
    """One change a derived ruleset makes to its base: a value overridden, added or removed.

    ``location`` is where the derived file writes it; ``base`` is where the base had it
    (None for an added key). ``old`` and ``new`` are the values (None when absent).
    """

    kind: Kind
    #: The JSON path of the changed value: ``$.parameters.off_profile_limit.default``.
    path: str
    location: Location
    base: Location | None = None
    # Values may be lists or mappings, which cannot be hashed; equality still compares them.
    old: Any = attrs.field(default=None, hash=False)
    new: Any = attrs.field(default=None, hash=False)
    #: What changed in the user's terms: ``parameter 'x' ("Целевая доля"), default``.
    subject: str = ""

    @property
    def message(self) -> str:
        """The change without the location: ``parameter 'x' ("…"), default: 30 → 25 (base: …)``."""
        what = self.subject or self.path
        if self.kind == "override" and isinstance(self.old, list) and isinstance(self.new, list):
            # Two band lists rendered whole would be cut before they differ: name the spot.
            where, old, new = _difference(self.old, self.new)
            text = (
                f"{what}: {len(self.old)} → {len(self.new)} items, "
                f"first change at {where}: {_brief(old)} → {_brief(new)}"
            )
        elif self.kind == "override":
            text = f"{what}: {_brief(self.old)} → {_brief(self.new)}"
        elif self.kind == "add":
            text = f"{what}: {_brief(self.new)}"
        else:
            text = f"{what}: {_brief(self.old)}"
        return text if self.base is None else f"{text} (base: {self.base})"

    def diagnostic(self) -> Diagnostic:
        """The change as a note for ``check`` (code ``override``, ``add`` or ``remove``)."""
        return Diagnostic(self.kind, self.message, self.location, Severity.NOTE)

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}: {self.message}"


@attrs.frozen
class Composed:
    """A ruleset document with its bases merged in, and what the merge changed."""

    document: Document
    #: The files of the chain, the top (loaded) one first.
    files: tuple[str, ...]
    overrides: tuple[Override, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def read_composed(path: str | os.PathLike[str]) -> Composed:
    """Read a ruleset file and every base it extends; raise RulesetInvalid on any problem."""
    doc = read_document(path)
    return _compose(doc, _root(doc.file), ())


def parse_composed(text: str | bytes, file: str = NO_FILE) -> Composed:
    """Like :func:`read_composed` for text; bases are resolved relative to ``file``."""
    doc = parse_document(text, file)
    return _compose(doc, _root(file), ())


def _root(file: str) -> str:
    # Bases may only come from the top file's folder: a ruleset from an untrusted source
    # must not make the loader read, say, another tenant's files or /etc.
    return os.path.realpath(Path(file).parent)


def _compose(doc: Document, root: str, chain: tuple[tuple[str, str], ...]) -> Composed:
    """Merge ``doc`` onto its bases; ``chain`` holds (shown, real) paths of the files above."""
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return Composed(doc, (doc.file,))
    here = (doc.file, _real(doc.file))
    shown = _resolve(doc, root, (*chain, here))
    base = _compose(read_document(shown), root, (*chain, here))
    if not isinstance(base.document.data, dict):
        _refuse(doc, "extends-invalid", f"the base {shown!r} is not a ruleset (a mapping of keys)")
    return _Merger(base, doc).composed()


def _real(file: str) -> str:
    try:
        return os.path.realpath(file)
    except (OSError, ValueError):
        return file


def _refuse(doc: Document, code: str, message: str) -> NoReturn:
    raise RulesetInvalid(
        doc.file, [RulesetError.make(code, message, doc.location(("extends",)))]
    ) from None


def _resolve(doc: Document, root: str, chain: tuple[tuple[str, str], ...]) -> str:
    """The base file ``doc`` names, checked, as shown in messages (relative if ``doc``'s is)."""
    value = doc.data["extends"]
    if doc.file == NO_FILE:
        _refuse(
            doc,
            "extends-no-file",
            "'extends' is resolved relative to the ruleset's file, and this text has none: "
            "use load(path), or loads(text, file=...)",
        )
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        _refuse(doc, "extends-invalid", f"'extends' must be a relative path, got {value!r}")
    if posixpath.isabs(value) or ntpath.isabs(value) or ntpath.splitdrive(value)[0]:
        _refuse(
            doc,
            "extends-refused",
            f"'extends' must be a path relative to this file, got the absolute path {value!r}",
        )
    if not value.lower().endswith(_SUFFIXES):
        _refuse(doc, "extends-refused", f"'extends' must name a .yaml or .yml file, got {value!r}")
    shown = os.path.normpath(Path(doc.file).parent / value)
    real = _real(shown)
    try:
        inside = os.path.commonpath([root, real]) == root
    except ValueError:  # different drives on Windows
        inside = False
    if not inside:
        _refuse(
            doc,
            "extends-refused",
            f"'extends' {value!r} leads outside the folder of the ruleset being loaded; "
            "a base must be in that folder or below it",
        )
    files = [name for name, _ in chain]
    if real in {real_path for _, real_path in chain}:
        _refuse(doc, "extends-cycle", f"'extends' makes a cycle: {' → '.join([*files, shown])}")
    if len(chain) > MAX_EXTENDS:
        _refuse(
            doc,
            "extends-too-deep",
            f"a chain of 'extends' may have at most {MAX_EXTENDS} links: "
            f"{' → '.join([*files, shown])}",
        )
    if not Path(real).exists():
        _refuse(doc, "extends-missing", f"the base ruleset {shown!r} does not exist")
    if not Path(real).is_file():
        # A folder, a named pipe, a device: refused here, never opened.
        _refuse(doc, "extends-invalid", f"the base ruleset {shown!r} is not a regular file")
    return shown


class _Merger:
    """RFC 7396 ``MergePatch(base, derived)``, moving marks and recording every change."""

    def __init__(self, base: Composed, derived: Document) -> None:
        self.base = base
        self.derived = derived
        self.overrides: list[Override] = []
        self.warnings: list[Diagnostic] = []
        #: Paths the derived file wrote whole: the base's marks under them no longer apply.
        self.replaced: set[PathT] = set()
        #: Paths deleted with null: gone from the result, so neither file's marks apply.
        self.removed: set[PathT] = {("extends",)}

    def composed(self) -> Composed:
        base = self.base.document
        data = self._merge(base.data, self.derived.data, ())
        document = Document(
            self.derived.file,
            data,
            self._marks(base.values, self.derived.values),
            self._marks(base.keys, self.derived.keys),
            (*base.problems, *self.derived.problems),
        )
        return Composed(
            document,
            (self.derived.file, *self.base.files),
            (*self.overrides, *self.base.overrides),
            (*self.warnings, *self.base.warnings),
        )

    def _merge(self, target: dict[str, Any], patch: dict[str, Any], path: PathT) -> dict[str, Any]:
        result = dict(target)
        for key, value in patch.items():
            here = (*path, key)
            if here == ("extends",):
                continue
            if value is None:
                self.removed.add(here)
                if key in result:
                    self._record("remove", here, old=result.pop(key))
                else:
                    self._nothing_to_remove(here, result)
            elif isinstance(value, dict) and isinstance(result.get(key), dict):
                result[key] = self._merge(result[key], value, here)
            else:
                # Even an equal value was written again by the derived file: its marks win.
                self.replaced.add(here)
                new = _without_nulls(value)
                if key not in result:
                    self._record("add", here, new=new)
                elif _canonical(result[key]) != _canonical(new):
                    self._record("override", here, old=result[key], new=new)
                result[key] = new
        return result

    def _record(self, kind: Kind, path: PathT, *, old: Any = None, new: Any = None) -> None:
        base = self.base.document
        was: Location | None
        if kind == "override":
            where, was = self.derived.location(path), base.location(path)
        else:
            where = self.derived.location(path, key=True)
            was = None if kind == "add" else base.location(path, key=True)
        subject = _subject(path, self.derived.data, base.data)
        self.overrides.append(Override(kind, json_path(path), where, was, old, new, subject))

    def _nothing_to_remove(self, path: PathT, siblings: Mapping[str, Any]) -> None:
        # RFC 7396 ignores it, but a misspelt name would silently keep what was to be removed.
        import difflib  # noqa: PLC0415 - only on this rare path

        hint = difflib.get_close_matches(str(path[-1]), list(siblings), n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        self.warnings.append(
            Diagnostic(
                "nothing-to-remove",
                f"{json_path(path)} is null, but the base has no such key{tail}",
                self.derived.location(path, key=True),
                Severity.WARNING,
            )
        )

    def _marks(
        self, base: Mapping[PathT, Mark], derived: Mapping[PathT, Mark]
    ) -> dict[PathT, Mark]:
        base_file = self.base.document.file
        gone = self.replaced | self.removed
        marks = {
            path: mark if mark.file else attrs.evolve(mark, file=base_file)
            for path, mark in base.items()
            if not _under(path, gone)
        }
        marks.update(
            (path, mark) for path, mark in derived.items() if not _under(path, self.removed)
        )
        return marks


#: What the entries of each section are called in a note.
_ENTRIES = {
    "facts": "fact",
    "parameters": "parameter",
    "indicators": "indicator",
    "aggregates": "aggregate",
    "conclusions": "conclusion",
    "trends": "trend",
    "addressees": "addressee",
}


def _subject(path: PathT, *documents: Any) -> str:
    """A changed value in the user's terms: the entry by its name and title, then the key.

    ``("parameters", "x", "default")`` is ``parameter 'x' ("Целевая доля"), default``;
    a key outside the named sections is shown as written (``entity.id_column``).
    """
    if len(path) >= 2 and path[0] in _ENTRIES and isinstance(path[1], str):
        section, name = path[0], path[1]
        title = next(
            (
                entry["title"]
                for doc in documents
                if isinstance(doc, dict)
                and isinstance(doc.get(section), dict)
                and isinstance(entry := doc[section].get(name), dict)
                and isinstance(entry.get("title"), str)
            ),
            None,
        )
        shown = f"{_ENTRIES[str(section)]} {name!r}"
        if title is not None:
            shown += f" ({json.dumps(' '.join(title.split()), ensure_ascii=False)})"
        rest = json_path(path[2:]).removeprefix("$").removeprefix(".")
        return f"{shown}, {rest}" if rest else shown
    return json_path(path).removeprefix("$").removeprefix(".")


def _under(path: PathT, prefixes: set[PathT]) -> bool:
    return any(path[:size] in prefixes for size in range(1, len(path) + 1))


def _without_nulls(value: Any) -> Any:
    # RFC 7396: a mapping merged onto a non-mapping is merged onto {}, so its nulls vanish.
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value


def _canonical(value: Any) -> str:
    # Not ==: YAML's 1 and true, or 30 and 30.0, compare equal in Python but read differently.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _difference(old: Any, new: Any, where: str = "") -> tuple[str, Any, Any]:
    """The first place two values differ, as a relative path and the two values there."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            a, b = old.get(key, _ABSENT), new.get(key, _ABSENT)
            if a is _ABSENT or b is _ABSENT or _canonical(a) != _canonical(b):
                return _difference(a, b, f"{where}.{key}")
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else _ABSENT
            b = new[i] if i < len(new) else _ABSENT
            if a is _ABSENT or b is _ABSENT or _canonical(a) != _canonical(b):
                return _difference(a, b, f"{where}[{i}]")
    return where, old, new


def _brief(value: Any) -> str:
    """A value on one short line: mappings by their keys, the rest as JSON."""
    if value is _ABSENT:
        return "(none)"
    if isinstance(value, dict):
        text = "{" + ", ".join(map(str, value)) + "}"
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _BRIEF else text[: _BRIEF - 1] + "…"
