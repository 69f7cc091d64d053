"""The Russian catalog: a ruleset that extends another (see the package for the format)."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.

from __future__ import annotations

from ._common import _P, _Q

__all__ = ["COMPOSITION"]

COMPOSITION: tuple[tuple[str, str], ...] = (
    # --- composition (_load/_compose.py) ---
    (
        rf"(?P<path>{_P}) is null, but the base has no such key",
        "значение {path} — null, но в базовом наборе такого ключа нет",
    ),
    (rf"the base ruleset (?P<f>{_Q}) does not exist", "базовый набор правил {f} не существует"),
    (
        rf"the base ruleset (?P<f>{_Q}) is not a regular file",
        "базовый набор правил {f} — не обычный файл",
    ),
    (
        rf"the base (?P<f>{_Q}) is not a ruleset \(a mapping of keys\)",
        "базовый файл {f} — не набор правил (ожидался словарь ключей)",
    ),
    (
        rf"(?P<k>{_Q}) must be a relative path, got (?P<v>.+)",
        "{k} должно быть относительным путём, получено {v}",
    ),
    (
        rf"(?P<k>{_Q}) must be a path relative to this file, got the absolute path (?P<v>.+)",
        "{k} должно быть путём относительно этого файла, а не абсолютным путём {v}",
    ),
    (
        rf"(?P<k>{_Q}) must name a \.yaml or \.yml file, got (?P<v>.+)",
        "{k} должно указывать на файл .yaml или .yml, получено {v}",
    ),
    (
        rf"(?P<k>{_Q}) (?P<v>{_Q}) leads outside the folder of the ruleset being loaded",
        "{k} {v} ведёт за пределы папки загружаемого набора правил",
    ),
    (
        r"a base must be in that folder or below it",
        "базовый набор должен лежать в этой папке или глубже",
    ),
    (rf"(?P<k>{_Q}) makes a cycle: (?P<chain>.+)", "{k} образует цикл: {chain}"),
    (
        rf"a chain of (?P<k>{_Q}) may have at most (?P<n>\d+) links: (?P<chain>.+)",
        "в цепочке {k} может быть не больше {n:p:звена:звеньев:звеньев}: {chain}",
    ),
    (
        (
            rf"(?P<k>{_Q}) is resolved relative to the ruleset's file, and this text has none: use "
            r"load\(path\), or loads\(text, file=\.\.\.\)"
        ),
        (
            "{k} отсчитывается от файла набора правил, а у этого текста файла нет: используйте "
            "load(path) или loads(text, file=...)"
        ),
    ),
)
