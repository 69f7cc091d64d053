"""Templates as sentences with slots: one sentence for many schools, or a sample for a passport.

A recommendation text rendered for twelve schools differs only where its placeholders were
filled. :func:`match` finds what each placeholder became in one rendered text; :func:`sentence`
writes the template once, with a fixed text where every school has the same value and a
:class:`Slot` where the values differ (the report then lists them in a table).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping

import attrs

from ._template import Placeholder, Template

__all__ = [
    "AGGREGATE_PART_LABELS",
    "PLACEHOLDER_LABELS",
    "Sentence",
    "Slot",
    "match",
    "plural_number",
    "sentence",
    "slot_names",
]

#: What a slot is called, by the built-in placeholder it stands for; other names (facts,
#: parameters, indicators) are called by their titles.
PLACEHOLDER_LABELS = {
    "value": "значение",
    "threshold": "порог",
    "lower": "нижняя граница",
    "upper": "верхняя граница",
    "missing": "недостающие данные",
    "period": "период",
    "indicator": "показатель",
    "school_id": "код",
    "gap": "N",
    "shortfall": "не хватает",
    "gap.next": "N до следующего уровня",
    "gap.best": "N до лучшего уровня",
}
#: What a part of an aggregate is called in a slot (``{x.count}`` is «[число ОО]»), with the
#: title of the entities in place of ``{entity}``.
AGGREGATE_PART_LABELS = {
    "count": "число {entity}",
    "total": "всего {entity}",
    "schools": "{entity} со значениями",
    "names": "наименования {entity}",
    "excluded": "исключённые {entity}",
}


@attrs.frozen
class Slot:
    """Where a sentence has a value that differs from school to school: ``[значение]``."""

    label: str


#: A sentence: plain text and slots, in order.
Sentence = tuple[str | Slot, ...]

_SPACES = re.compile(r"\s+")


def _pieces(template: Template, marked: tuple[str, ...]) -> str:
    pieces = []
    last = len(template.parts) - 1
    for index, part in enumerate(template.parts):
        if isinstance(part, Placeholder):
            if part.filter is None and part.name in marked:
                pieces.append(f"({re.escape(_mark(marked.index(part.name)))})")
            else:
                pieces.append("(.*?)")
            continue
        # A rendering has its white space collapsed and its ends stripped: a space between
        # two words stays a space (at least one), only the text's own ends may lose theirs.
        words = r"\s+".join(re.escape(word) for word in part.split())
        before = r"\s*" if index == 0 else r"\s+"
        after = r"\s*" if index == last else r"\s+"
        if not words:
            pieces.append(r"\s*" if index in {0, last} else r"\s+")
            continue
        pieces.append((before if part[:1].isspace() else "") + words)
        pieces.append(after if part[-1:].isspace() else "")
    return "".join(pieces)


def _mark(index: int) -> str:
    # NUL cannot occur in a rendered text: templates and values are XML-clean text.
    return f"\0{index}\0"


@functools.lru_cache(maxsize=1024)
def _pattern(template: Template, marked: tuple[str, ...] = ()) -> re.Pattern[str]:
    return re.compile(_pieces(template, marked), re.DOTALL)


@functools.lru_cache(maxsize=1024)
def _adjacent(template: Template) -> tuple[str, ...]:
    """The plain placeholders of a template with two side by side («{school} {x}»), else ()."""
    parts = template.parts
    side_by_side = any(
        isinstance(a, Placeholder)
        and isinstance(c, Placeholder)
        and isinstance(b, str)
        and not b.strip()
        for a, b, c in zip(parts, parts[1:], parts[2:], strict=False)
    ) or any(
        isinstance(a, Placeholder) and isinstance(b, Placeholder)
        for a, b in itertools.pairwise(parts)
    )
    if not side_by_side:
        return ()
    return tuple(sorted({p.name for p in template.placeholders if p.filter is None}))


def match(
    template: Template, text: str, known: Mapping[str, str] | None = None
) -> tuple[str, ...] | None:
    """What each placeholder of ``template`` became in ``text``, in order; None if not a rendering.

    ``text`` is a rendering with its white space collapsed, as findings carry them. The
    values found are checked by putting them back: a text the template could not have
    produced gives None. ``known`` gives values known beforehand (``school``, ``indicator``):
    where two placeholders stand side by side, «в {school} {indicator}», they say where one
    ends and the next begins.
    """
    plain = _adjacent(template)
    marked = tuple(n for n in plain if known and known.get(n)) if plain else ()
    searched = text
    for index, name in enumerate(marked):
        # A known value is put as a mark into the text, which the pattern then matches.
        searched = searched.replace(known[name], _mark(index))  # type: ignore[index]
    found = _pattern(template, marked).fullmatch(searched)
    if found is None:
        return None
    values = list(found.groups())
    for index, name in enumerate(marked):
        values = [v.replace(_mark(index), known[name]) for v in values]  # type: ignore[index]
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


#: A count with its noun, «[N] педагогов», is called by a letter: the noun says what it counts.
_COUNT_LETTERS = ("N", "M", "K", "L")


def slot_names(template: Template, label: Callable[[str], str]) -> list[str]:
    """What each placeholder's slot is called, by index: ``label`` of its name, or a letter.

    A count with its noun (``{gap|plural:…}``) is called N (then M, K, L): the noun after it
    says what it counts.
    """
    letters = iter(_COUNT_LETTERS)
    counts: dict[str, str] = {}
    names = []
    for placeholder in template.placeholders:
        if placeholder.filter == "plural":
            if placeholder.name not in counts:
                counts[placeholder.name] = next(letters, placeholder.name)
            names.append(counts[placeholder.name])
        else:
            names.append(counts.get(placeholder.name) or label(placeholder.name))
    return names
