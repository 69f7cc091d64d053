"""Russian typesetting of a text for print: no-break spaces where a line must not break.

A line may not break inside «№ 1», «г. Сасово», «19 ОО», «30 %», «О. В. Олейникова» or
«Мирчук Т. В.», nor before a dash. ``typeset`` puts U+00A0 in those places and leaves every
other character as it is, so a typeset text reads and compares like the original.
"""

from __future__ import annotations

import functools
import re

from ._russian import NBSP

__all__ = ["typeset"]

# Spaces only: a tab is layout (a list's number and its text), never a word space.
_SPACE = r" +"
#: Abbreviations written before a name or a number: place, street, page, phone.
_ABBREVIATIONS = "|".join(
    re.escape(word)
    for word in (
        "г",
        "гг",
        "п",
        "пос",
        "пгт",
        "р.п",
        "рп",
        "с",
        "ст",
        "д",
        "дер",
        "х",
        "ул",
        "пр",
        "пер",
        "пл",
        "им",
        "обл",
        "р-н",
        "т",
        "тел",
        "стр",
        "с",
        "рис",
        "табл",
        "см",
    )
)
#: Each rule: the characters without any of which it cannot apply, its pattern, what it puts.
_RULES: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = tuple(
    (frozenset(triggers), re.compile(pattern), replacement)
    for triggers, pattern, replacement in (
        # «№ 1», «§ 3»: the sign and its number.
        ("№§", rf"([№§]){_SPACE}(?=\S)", rf"\1{NBSP}"),
        # «г. Сасово», «р.п. Сосьва», «ул. Типанова», «им. Минина»: an abbreviation and the
        # name it belongs to.
        (".", rf"(?<![\w.])((?:{_ABBREVIATIONS})\.){_SPACE}(?=[А-ЯЁ0-9«])", rf"\1{NBSP}"),
        # Initials and the surname: «О. В. Олейникова», «О.В. Олейникова», «Мирчук Т. В.».
        (".", rf"(?<!\w)((?:[А-ЯЁ]\.){{1,2}}){_SPACE}(?=[А-ЯЁ])", rf"\1{NBSP}"),
        (".", rf"\b([А-ЯЁ][а-яё]+){_SPACE}(?=[А-ЯЁ]\.(?: ?[А-ЯЁ]\.)?(?!\w))", rf"\1{NBSP}"),
        # A number and the word or sign after it: «19 ОО», «3 педагога», «30 %», «2022 году».
        # The number after «№» is a name, not a count, and binds nothing after it.
        (
            "0123456789",
            (
                rf"(?<![\d.,№§{NBSP}])(?<!№{NBSP})(?<!§{NBSP})(\d(?:\d|[,.{NBSP}](?=\d))*)"
                rf"{_SPACE}(?=[%‰A-Za-zА-Яа-яЁё])"
            ),
            rf"\1{NBSP}",
        ),
        # A dash stays on the line of the word before it, and a number after a dash with it.
        ("—–", rf"(?<=\S){_SPACE}(?=[—–]\s)", NBSP),
        ("—–", rf"([—–]){_SPACE}(?=\d)", rf"\1{NBSP}"),
    )
)


@functools.lru_cache(maxsize=4096)
def typeset(text: str) -> str:
    """``text`` with no-break spaces where Russian typesetting keeps words together."""
    if " " not in text:
        return text
    present = set(text)
    for triggers, pattern, replacement in _RULES:
        if not triggers.isdisjoint(present):
            text = pattern.sub(replacement, text)
    return text
