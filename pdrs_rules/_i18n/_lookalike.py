"""Cyrillic and Latin letters that look alike: find them in names and in Russian column titles."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

__all__ = [
    "describe_latin",
    "latin_spelling",
    "lookalike_hint",
    "mixed_words",
    "russian_spelling",
]

#: Cyrillic letters a Russian keyboard types where a Latin one was meant, by the Latin letter.
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "к": "k",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
}
#: The reverse: Latin letters that slip into Russian words (a Latin «с» in «Уволено»).
LATIN_TO_CYRILLIC: dict[str, str] = {
    latin: cyrillic
    for cyrillic, latin in CYRILLIC_TO_LATIN.items()
    if cyrillic not in "іјѕІЈЅ"  # Ukrainian and Macedonian letters are not Russian
}
#: More than this many look-alikes in one name are listed as "…".
_SHOWN = 3


def _describe(char: str, index: int, other: str) -> str:
    code = f"U+{ord(char):04X} {unicodedata.name(char, 'UNKNOWN')}"
    script = "Latin" if other.isascii() else "Cyrillic"
    return f"{code} at position {index + 1} looks like the {script} {other!r}"


def latin_spelling(name: str) -> str | None:
    """``name`` with its Cyrillic look-alikes made Latin; None when it has none."""
    if not any(char in CYRILLIC_TO_LATIN for char in name):
        return None
    return "".join(CYRILLIC_TO_LATIN.get(char, char) for char in name)


def lookalike_hint(name: str, declared: Collection[str] = (), what: str = "declared") -> str:
    """``; <which letters look Latin>; did you mean …`` for a name with Cyrillic look-alikes.

    Empty when the name has none, so callers fall back to their usual did-you-mean.
    """
    latin = latin_spelling(name)
    # A Russian word (школа) is not a Latin name mistyped: "use Latin letters" says enough.
    if latin is None or not (latin.isascii() or any(c.isascii() and c.isalpha() for c in name)):
        return ""
    found = [(i, c) for i, c in enumerate(name) if c in CYRILLIC_TO_LATIN]
    shown = ", ".join(_describe(c, i, CYRILLIC_TO_LATIN[c]) for i, c in found[:_SHOWN])
    more = ", …" if len(found) > _SHOWN else ""
    text = f"; {name!r} has Cyrillic letters: {shown}{more}"
    if not latin.isascii():
        return f"{text}; type the name in Latin letters only"
    if latin in declared:
        return f"{text}; did you mean {latin!r}, which is {what}?"
    return f"{text}; the all-Latin spelling is {latin!r}"


def mixed_words(text: str) -> list[tuple[int, str]]:
    """Latin look-alike letters inside Cyrillic words: (offset, letter) in order.

    A word that has Cyrillic letters and Latin ones that all have a Cyrillic twin was meant to
    be Russian; so was a one-letter Latin word with a twin in a Russian text (the prepositions
    «с», «о», «у», the class letter of «5А»). Other words with Latin letters (``Wi-Fi``, ``IT``)
    are left alone.
    """
    found: list[tuple[int, str]] = []
    russian = any(not c.isascii() and c.isalpha() for c in text)
    start = None
    for i, char in enumerate([*text, " "]):
        if char.isalpha():
            start = i if start is None else start
            continue
        if start is not None:
            word = text[start:i]
            latin = [c for c in word if c.isascii()]
            mixed = len(latin) < len(word) or (russian and len(word) == 1)
            if latin and mixed and all(c in LATIN_TO_CYRILLIC for c in latin):
                found.extend((start + j, c) for j, c in enumerate(word) if c.isascii())
            start = None
    return found


def russian_spelling(text: str) -> str:
    """``text`` with the Latin look-alikes of :func:`mixed_words` made Cyrillic."""
    chars = list(text)
    for offset, char in mixed_words(text):
        chars[offset] = LATIN_TO_CYRILLIC[char]
    return "".join(chars)


def describe_latin(char: str, offset: int) -> str:
    """``U+0063 LATIN SMALL LETTER C at position 3 looks like the Cyrillic 'с'``."""
    return _describe(char, offset, LATIN_TO_CYRILLIC[char])
