"""The Russian catalog: ruleset files as written (YAML's words and hints, notes of extends).

See _catalog for the format. These entries are tried before _rulesets.
"""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _Q

__all__ = ["FILES"]

#: The kinds of entries a note of a derived ruleset names (_load/_compose.py, _ENTRIES).
_ENTRY = r"fact|parameter|indicator|aggregate|conclusion|trend|addressee"
#: The other keys of a ruleset such a note may name, with the path below them.
_TOP = (
    r"(?:format|id|title|version|period|issuer|source|description|locale|entity|levels|"
    r"on_out_of_bounds|markers|defaults|group|scoring)(?:[.\[][\w.\[\]\"]*)?"
)

FILES: tuple[tuple[str, str], ...] = (
    # PyYAML's own words for the common slips, and the hints of _load/_hints.py; any other
    # parser text is kept as it is, after the Russian lead-in (the entry below these).
    (r"invalid YAML: (?P<why>.+)", "ошибка в разметке YAML: {why:t}"),
    (r"invalid YAML: (?P<why>.+)", "ошибка в разметке YAML: {why}"),
    (r"mapping values are not allowed here", "здесь не может начинаться пара «ключ: значение»"),
    (
        r"found character '\\t' that cannot start any token",
        "символ табуляции не может начинать элемент",
    ),
    (
        r"expected <block end>, but found '<block mapping start>'",
        "блок не закончен, а дальше начинается новый с другим отступом",
    ),
    (r"could not find expected ':'", "не найдено ожидаемое «:»"),
    (r"did not find expected key", "не найден ожидаемый ключ"),
    (r"found unexpected end of stream", "файл неожиданно закончился"),
    (
        r"a text with ': ' in it must be in quotes: (?P<s>.+)",
        "заключите текст в кавычки, в нём есть «: »: {s}",
    ),
    (
        r"indent with spaces only: line (?P<n>\d+) has a tab",
        "отступы — только пробелами: в строке {n} символ табуляции",
    ),
    (
        (
            rf"line (?P<n>\d+) is indented by (?P<i>\d+) spaces, but the keys under (?P<k>{_Q}) "
            r"\(line (?P<p>\d+)\) are indented by (?P<j>\d+)"
        ),
        "в строке {n} отступ {i:p:пробел:пробела:пробелов}, а ключи внутри {k:q} (строка {p}) — с отступом {j}",
    ),
    (
        (
            rf"line (?P<n>\d+) is indented by (?P<i>\d+) spaces, but (?P<k>{_Q}) above it "
            r"\(line (?P<p>\d+)\) by (?P<j>\d+): the keys of one mapping are indented alike"
        ),
        "в строке {n} отступ {i:p:пробел:пробела:пробелов}, а у {k:q} выше (строка {p}) — {j}: ключи одного уровня пишутся с одинаковым отступом",
    ),
    # Notes of a ruleset that extends another (_load/_compose.py): the entry by name and title.
    (
        (
            rf"(?P<kind>{_ENTRY}) (?P<name>{_Q}) \((?P<title>{_Q})\)(?P<rest>, [^:]+)?: "
            r"(?P<change>.+?) \(base: (?P<loc>[^()]+)\)"
        ),
        "{kind:t} {name:q} {title:q}{rest}: {change:t} (в базовом наборе: {loc})",
    ),
    (
        (
            rf"(?P<kind>{_ENTRY}) (?P<name>{_Q})(?P<rest>, [^:]+)?: (?P<change>.+?) "
            r"\(base: (?P<loc>[^()]+)\)"
        ),
        "{kind:t} {name:q}{rest}: {change:t} (в базовом наборе: {loc})",
    ),
    (
        (
            rf"(?P<kind>{_ENTRY}) (?P<name>{_Q}) \((?P<title>{_Q})\)(?P<rest>, [^:]+)?: "
            r"(?P<change>\{[\w, ]*\}|.+ → .+)"
        ),
        "{kind:t} {name:q} {title:q}{rest}: {change:t}",
    ),
    (
        rf"(?P<kind>{_ENTRY}) (?P<name>{_Q})(?P<rest>, [^:]+)?: (?P<change>\{{[\w, ]*\}}|.+ → .+)",
        "{kind:t} {name:q}{rest}: {change:t}",
    ),
    (r"fact", "факт"),
    (r"parameter", "параметр"),
    (r"indicator", "показатель"),
    (r"aggregate", "агрегат"),
    (r"conclusion", "вывод"),
    (r"trend", "динамика"),
    (r"addressee", "адресат"),
    (
        rf"(?P<kind>{_ENTRY}) (?P<name>{_Q}) \((?P<title>{_Q})\)(?P<rest>, [^:]+)?: (?P<value>.+)",
        "{kind:t} {name:q} {title:q}{rest}: {value}",
    ),
    (
        rf"(?P<kind>{_ENTRY}) (?P<name>{_Q})(?P<rest>, [^:]+)?: (?P<value>.+)",
        "{kind:t} {name:q}{rest}: {value}",
    ),
    (
        rf"(?P<path>{_TOP}): (?P<change>.+?) \(base: (?P<loc>[^()]+)\)",
        "{path}: {change:t} (в базовом наборе: {loc})",
    ),
    (rf"(?P<path>{_TOP}): (?P<change>\{{[\w, ]*\}}|.+ → .+)", "{path}: {change:t}"),
    (rf"(?P<path>{_TOP}): (?P<value>.+)", "{path}: {value}"),
)
