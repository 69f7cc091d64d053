"""The Russian catalog: the municipality level, short titles and addressees, composition.

See the package's docstring for the format; these entries follow those of ``_rulesets``.
"""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _P, _Q

__all__ = ["MUNICIPAL"]

MUNICIPAL: tuple[tuple[str, str], ...] = (
    # --- municipality level (_compile/_group.py, _compile/_trends.py) ---
    (
        r"pooled \(ΣN/ΣD\) needs an indicator whose formula is share\(n, d\) or ratio\(n, d\)",
        "pooled (ΣN/ΣD) возможен только для показателя с формулой share(n, d) или ratio(n, d)",
    ),
    (
        rf"(?P<name>{_Q}) is (?P<v>{_Q}): use (?P<list>.+)",
        "у {name:q} формула {v}: используйте {list}",
    ),
    (rf"method (?P<m>{_Q}) needs `limit`", "методу {m:q} нужен `limit`"),
    (
        rf"method (?P<m>{_Q}) counts schools meeting a condition: give `where`, `level` or `rule`",
        "метод {m:q} считает ОО, выполняющие условие: задайте `where`, `level` или `rule`",
    ),
    (r"`level` needs `of` to be an indicator", "для `level` в `of` должен быть показатель"),
    (
        rf"aggregate (?P<a>{_Q}) reads (?P<b>{_Q}), which itself reads an aggregate",
        "агрегат {a:q} читает {b:q}, который сам читает агрегат",
    ),
    (
        r"aggregates are computed before such comparisons, so they cannot use them",
        "агрегаты вычисляются раньше таких сравнений, поэтому не могут их использовать",
    ),
    (
        (
            rf"rule (?P<r>{_Q}) has no condition, so it always holds and the rules after it are never "
            r"reached"
        ),
        "у правила {r:q} нет условия: оно выполняется всегда, и правила после него недостижимы",
    ),
    (
        (
            rf"rule (?P<r>{_Q}) looks at (?P<n>\d+) periods but the trend keeps (?P<k>\d+) "
            r"\(`periods`\)"
        ),
        (
            "правило {r:q} смотрит на {n:p:период:периода:периодов}, а тренд хранит только {k} "
            "(`periods`)"
        ),
    ),
    # --- short titles and addressee levels (_compile/_lint.py) ---
    (
        rf"the short title of (?P<ind>{_Q}) has (?P<n>\d+) characters",
        "в кратком названии показателя {ind:q} {n:p:символ:символа:символов}",
    ),
    (
        r"a column header of the report's heat map should have at most (?P<n>\d+)",
        "в заголовке столбца сводной таблицы отчёта их должно быть не больше {n}",
    ),
    (
        rf"(?P<a>{_Q}) and (?P<b>{_Q}) have the same short title (?P<s>{_Q})",
        "у показателей {a:q} и {b:q} одинаковое краткое название {s:q}",
    ),
    (
        r"the heat map's columns could not be told apart",
        "столбцы сводной таблицы нельзя будет различить",
    ),
    (
        rf"addressee (?P<a>{_Q}) has no level, so its texts go into the schools' letters",
        "у адресата {a:q} не указан уровень, поэтому его тексты попадут в письма ОО",
    ),
    (
        (
            r"give it a title and a level: level: school for the school's people, "
            r"level: group for a body of the municipality"
        ),
        (
            "задайте название и уровень: level: school — для работников ОО, "
            "level: group — для органа МО"
        ),
    ),
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
