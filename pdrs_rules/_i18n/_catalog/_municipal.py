"""The Russian catalog: messages about the municipality level (see the package for the format)."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _Q

__all__ = ["MUNICIPAL"]

MUNICIPAL: tuple[tuple[str, str], ...] = (
    # --- municipality level (_compile/_group.py, _aggregates.py, _trends.py) ---
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
        r"`level` needs `of` to be an indicator, or scoring \(the overall level\)",
        "для `level` в `of` должен быть показатель или scoring (общий уровень)",
    ),
    (r"`band` needs `of` to be an indicator", "для `band` в `of` должен быть показатель"),
    (
        rf"indicator (?P<i>{_Q}) has no band titled (?P<t>{_Q})",
        "у показателя {i:q} нет полосы с названием {t}",
    ),
    (r"its band titles: (?P<list>.+)", "названия его полос: {list:t}"),
    (r"none: its bands have no title", "нет: у его полос нет названий"),
    (
        r"'scoring' is the overall score, but the ruleset has no `scoring`",
        "«scoring» — общий балл, но в наборе правил нет раздела `scoring`",
    ),
    (r"it reads the scores", "он читает баллы"),
    (rf"(?P<x>{_Q}) is an aggregate", "{x:q} — агрегат"),
    (
        (
            r"an aggregate is over the schools' values \(a school indicator, fact or trend\), "
            r"not over another aggregate"
        ),
        "агрегат считается по значениям ОО (показателю, факту или тренду ОО), а не по другому агрегату",
    ),
    (rf"(?P<k>\w+): (?P<x>{_Q}) is an aggregate", "{k}: {x:q} — агрегат"),
    (
        r"scoring levels compare a percentage of points with numbers or parameters",
        "уровни scoring сравнивают процент баллов с числами или параметрами",
    ),
    (
        rf"(?P<k>\w+): (?P<x>{_Q}) is a value of the group \(an aggregate or conclusion\)",
        "{k}: {x:q} — значение группы (агрегат или вывод)",
    ),
    (
        r"a trend's conditions compare with numbers or parameters",
        "условия тренда сравнивают с числами или параметрами",
    ),
    (
        rf"the bound (?P<b>\w+) of fact (?P<f>{_Q}) names (?P<x>{_Q}), an aggregate",
        "граница {b} факта {f:q} ссылается на агрегат {x:q}",
    ),
    (
        r"a fact's bound is a number or another fact of the same school",
        "граница факта — число или другой факт той же ОО",
    ),
    (
        (
            rf"(?P<x>{_Q}) is an aggregate: a value of the group, which a school's data request "
            r"\(no_data\) does not show"
        ),
        "{x:q} — агрегат, значение группы: в запросе данных ОО (no_data) его нет",
    ),
    (
        (
            r"`missing` counts the schools that left facts empty: it takes no `of`, and its "
            r"method is count or share"
        ),
        "`missing` считает ОО с незаполненными фактами: у него нет `of`, а способ — count или share",
    ),
    (rf"missing: (?P<v>{_Q}) is not a school fact", "missing: {v:q} — не факт ОО"),
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
        rf"rule (?P<r>{_Q}) looks at (?P<n>\d+) periods but needs only (?P<k>\d+) \(`periods`\)",
        "правило {r:q} смотрит на {n:p:период:периода:периодов}, а требует только {k} (`periods`)",
    ),
    (
        r"a rule needs at least the periods its conditions look at",
        "правилу нужно не меньше периодов, чем смотрят его условия",
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
)
