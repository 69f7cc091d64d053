"""Templates as sentences with slots: one sentence for many schools, or a sample for a passport.

A recommendation text rendered for twelve schools differs only where its placeholders were
filled. :func:`match` finds what each placeholder became in one rendered text; :func:`sentence`
writes the template once, with a fixed text where every school has the same value and a
:class:`Slot` where the values differ (the report then lists them in a table).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import attrs

from ._template import Placeholder, Template

__all__ = ["Sentence", "Slot", "match", "plural_number", "sentence"]


@attrs.frozen
class Slot:
    """Where a sentence has a value that differs from school to school: ``[значение]``."""

    label: str


#: A sentence: plain text and slots, in order.
Sentence = tuple[str | Slot, ...]

_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1024)
def _pattern(template: Template) -> re.Pattern[str]:
    pieces = []
    for part in template.parts:
        if isinstance(part, Placeholder):
            pieces.append("(.*?)")
        else:
            # Rendered texts have their white space collapsed and stripped; so may a literal's.
            pieces.append(r"\s*".join(re.escape(word) for word in part.split()) or r"\s*")
            if part[:1].isspace():
                pieces.insert(-1, r"\s*")
            if part[-1:].isspace():
                pieces.append(r"\s*")
    return re.compile("".join(pieces), re.DOTALL)


def match(template: Template, text: str) -> tuple[str, ...] | None:
    """What each placeholder of ``template`` became in ``text``, in order; None if not a rendering.

    ``text`` is a rendering with its white space collapsed, as findings carry them. The
    values found are checked by putting them back: a text the template could not have
    produced gives None, never a wrong split.
    """
    found = _pattern(template).fullmatch(text)
    if found is None:
        return None
    values = found.groups()
    rebuilt = []
    index = 0
    for part in template.parts:
        if isinstance(part, Placeholder):
            rebuilt.append(values[index])
            index += 1
        else:
            rebuilt.append(part)
    if _SPACES.sub(" ", "".join(rebuilt)).strip() != _SPACES.sub(" ", text).strip():
        return None
    return tuple(values)


def plural_number(placeholder: Placeholder, value: str) -> str:
    """The number of a ``{name|plural:…}`` value, ``6`` of ``6 педагогов``; else the value."""
    if placeholder.filter == "plural":
        number, _, noun = value.rpartition(" ")
        if number and noun in placeholder.args:
            return number
    return value


def sentence(template: Template, fill: Callable[[int, Placeholder], str | Slot]) -> Sentence:
    """The template with each placeholder (by its index) replaced by a text or a slot.

    A slot for ``{name|plural:…}`` is followed by the form for many (``[N] педагогов``).
    Texts next to each other are joined and white space is collapsed, as in a rendering.
    """
    out: list[str | Slot] = []
    index = 0

    def text(piece: str) -> None:
        if out and isinstance(out[-1], str):
            out[-1] += piece
        else:
            out.append(piece)

    for part in template.parts:
        if not isinstance(part, Placeholder):
            text(part)
            continue
        filled = fill(index, part)
        index += 1
        if isinstance(filled, Slot):
            out.append(filled)
            if part.filter == "plural":
                text(" " + part.args[2])
        else:
            text(filled)
    collapsed = [_SPACES.sub(" ", p) if isinstance(p, str) else p for p in out]
    if collapsed and isinstance(collapsed[0], str):
        collapsed[0] = collapsed[0].lstrip()
    if collapsed and isinstance(collapsed[-1], str):
        collapsed[-1] = collapsed[-1].rstrip()
    return tuple(p for p in collapsed if p != "")
