r"""School ids Excel mangled: ``001`` saved as the number 1, restored by a declared form or a file.

A ruleset may declare an id's width (``id_width: 3``) or form (``id_pattern: '\\d{3}'``); an id
that fits only once leading zeros are added is padded, with one warning per file. Across
files (one per period), :func:`reconcile` maps an id to the one another file writes with
leading zeros.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from pdrs_rules._model import EntitySpec, School

__all__ = ["IdForm", "id_regex", "reconcile"]

#: Repeats in a pattern are bounded, so matching a short id stays cheap.
_MAX_REPEAT: Final = 30
#: At most this many zeros are tried before an id.
_MAX_ZEROS: Final = 30
_SPECIAL: Final = frozenset("()|*+^$.")


def id_regex(pattern: str) -> re.Pattern[str]:
    r"""The regular expression of an id pattern; ValueError saying what is not allowed.

    Allowed: characters as they are, ``\\d``, an escaped character (``\\-``), a class
    ``[...]``, and after each of them ``?``, ``{n}`` or ``{n,m}`` (at most 30). No groups,
    alternatives or unbounded repeats: a ruleset is untrusted, and these keep matching linear.
    """
    out: list[str] = []
    i = 0
    atom = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                raise ValueError("the pattern ends with '\\'")
            nxt = pattern[i + 1]
            out.append(r"\d" if nxt == "d" else re.escape(nxt))
            if nxt.isalnum() and nxt != "d":
                raise ValueError(f"'\\{nxt}' is not allowed; expected \\d or an escaped sign")
            i, atom = i + 2, True
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError("a '[' has no ']'")
            inner = pattern[i + 1 : end]
            if not inner or "[" in inner:
                raise ValueError(f"the class [{inner}] is empty or nested")
            out.append("[" + inner.replace("\\d", "0-9") + "]")
            i, atom = end + 1, True
        elif char in "?{":
            if not atom:
                raise ValueError(f"{char!r} at {i + 1} repeats nothing")
            if char == "?":
                out.append("?")
                i += 1
            else:
                match = re.compile(r"\{(\d{1,2})(?:,(\d{1,2}))?\}").match(pattern, i)
                if match is None:
                    raise ValueError(f"expected {{n}} or {{n,m}} at {i + 1}")
                low = int(match[1])
                high = int(match[2]) if match[2] is not None else low
                if not low <= high <= _MAX_REPEAT:
                    raise ValueError(f"{match[0]} is not a count from 0 to {_MAX_REPEAT}")
                out.append(match[0])
                i = match.end()
            atom = False
        elif char in _SPECIAL or char in "]}":
            raise ValueError(
                f"{char!r} is not allowed; expected characters, \\d, [..], ? and {{n}} or {{n,m}}"
            )
        else:
            out.append(re.escape(char))
            i, atom = i + 1, True
    try:
        return re.compile("".join(out))
    except re.error as exc:  # a class such as [z-a]
        raise ValueError(f"not a valid pattern: {exc.msg}") from None


@attrs.frozen
class IdForm:
    """The declared form of an id, if any: padding restores the zeros Excel drops."""

    regex: re.Pattern[str] | None

    @classmethod
    def of(cls, entity: EntitySpec) -> IdForm:
        """The form an entity declares: ``id_pattern`` if given, else ``id_width`` digits."""
        if entity.id_pattern is not None:
            return cls(id_regex(entity.id_pattern))
        if entity.id_width is not None:
            return cls(re.compile(rf"\d{{{entity.id_width}}}"))
        return cls(None)

    @property
    def declared(self) -> bool:
        """Whether the ruleset declares a form at all."""
        return self.regex is not None

    def fits(self, school_id: str) -> bool:
        """Whether an id has the declared form (any id fits when none is declared)."""
        return self.regex is None or self.regex.fullmatch(school_id) is not None

    def normalised(self, school_id: str) -> str | None:
        """The id with leading zeros added so that it fits, or None if it fits or cannot."""
        if self.regex is None or self.fits(school_id):
            return None
        for zeros in range(1, _MAX_ZEROS + 1):
            padded = "0" * zeros + school_id
            if self.regex.fullmatch(padded):
                return padded
        return None


def reconcile(
    schools: Sequence[School], known: Iterable[str]
) -> tuple[tuple[School, ...], Mapping[str, str]]:
    """Give schools the ids another file writes with leading zeros: ``1`` → ``001``.

    An id not among ``known`` is renamed when exactly one known id equals it once leading
    zeros are removed from both. Returns the schools and what was renamed, for a warning.
    """
    known = set(known)
    by_bare: dict[str, set[str]] = {}
    for school_id in known:
        by_bare.setdefault(school_id.lstrip("0"), set()).add(school_id)
    renamed: dict[str, str] = {}
    out = []
    for school in schools:
        target = None
        if school.id not in known:
            found = by_bare.get(school.id.lstrip("0"), set())
            target = next(iter(found)) if len(found) == 1 else None
        if target is None:
            out.append(school)
            continue
        renamed[school.id] = target
        name = target if school.name == school.id else school.name
        out.append(attrs.evolve(school, id=target, name=name))
    return tuple(out), renamed
