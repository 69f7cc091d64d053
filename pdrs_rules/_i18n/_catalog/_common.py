"""Building blocks of the Russian catalog's patterns, and the clauses every message shares."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

__all__ = ["SHARED", "_P", "_Q", "_ROW", "_SH", "_V"]

# One quoted Python repr: 'x', "x's" (used inside patterns as a building block).
_Q = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"

# A JSON path into a document: $.indicators.iom_share.bands[1] (no spaces outside quotes).
_P = r"\$(?:[^ \"]|\"(?:[^\"\\]|\\.)*\")*"
# A plain value as the messages show it: quoted text, a number, a list, None/True/False.
_V = rf"(?:{_Q}|-?\d[\d.e+-]*…?|\[.*\]|None|True|False|null|inf|-inf|nan)"
# A sheet's name in a cell reference: Лист1, or 'Данные 2023' quoted as Excel does.
_SH = r"(?:'(?:[^']|'')*'|[^\s!']+)"
# A facts row as messages name it: row 3, row 3 of sheet Лист1, or $[2] in a document.
_ROW = rf"(?:row \d+(?: of sheet {_SH})?|\$\[\d+\])"

SHARED: tuple[tuple[str, str], ...] = (
    # --- shared clauses: suggestions, expectations, hints ---
    (rf"did you mean (?P<name>{_Q})\?", "возможно, имелось в виду {name:q}?"),
    (
        rf"did you mean (?P<name>{_Q}), which is declared\?",
        "возможно, имелось в виду объявленное имя {name:q}?",
    ),
    # The names there are, after the suggestion: "(indicators: a, b; trends: c)".
    (
        rf"did you mean (?P<name>{_Q})\? \((?P<lists>.*)\)",
        "возможно, имелось в виду {name:q}? ({lists:t})",
    ),
    (
        (
            r"(?P<kind>addressees|aggregates|conclusions|indicators|levels|parameters|rules|trends"
            r"|group trends|declared levels|declared|available|its rules): (?P<list>.*)"
        ),
        "{kind:t}: {list}",
    ),
    (r"addressees", "адресаты"),
    (r"aggregates", "агрегаты"),
    (r"conclusions", "выводы"),
    (r"indicators", "показатели"),
    (r"levels", "уровни"),
    (r"parameters", "параметры"),
    (r"rules", "правила"),
    (r"trends", "тренды"),
    (r"group trends", "групповые тренды"),
    (r"declared levels", "объявленные уровни"),
    (r"declared", "объявлены"),
    (r"available", "доступны"),
    (r"its rules", "его правила"),
    (r"allowed keys: (?P<list>.*)", "допустимые ключи: {list}"),
    (r"expected one of: (?P<list>.*)", "ожидалось одно из: {list}"),
    (r"expected at least (?P<n>\S+)", "ожидалось не меньше {n:n}"),
    (r"expected at most (?P<n>\S+)", "ожидалось не больше {n:n}"),
    (r"expected within the limit (?P<n>\S+)", "ожидалось значение в пределах {n:n}"),
    (r"write the number without quotes", "запишите число без кавычек"),
    (r"write the value out", "запишите значение полностью"),
    (r"put the key in quotes", "возьмите ключ в кавычки"),
    (r"rename one of them", "переименуйте одно из них"),
    (r"choose another name", "выберите другое имя"),
    (r"keep one of them", "оставьте один из них"),
    (r"put it last", "поставьте его последним"),
    (r"split the file", "разделите файл на части"),
    (r"save the sheet as CSV", "сохраните лист как CSV"),
    (r"save the sheet as \.xlsx or CSV", "сохраните лист как .xlsx или CSV"),
    (
        r"expected (?P<list>\.\w+(?:, \.\w+)*) or (?P<last>\.\w+)",
        "ожидался файл {list} или {last}",
    ),
    (r"run again once it is saved", "запустите снова, когда файл будет сохранён"),
    (r"they are ignored", "они не учитываются"),
    (r"earlier", "раньше"),
    (r"later", "позже"),
    # Cyrillic letters that look Latin in a name (_lookalike.py).
    (
        rf"(?P<name>{_Q}) has Cyrillic letters: (?P<list>.*)",
        "в имени {name:q} есть кириллические буквы: {list:t}",
    ),
    (
        (
            r"(?P<first>U\+[0-9A-F]{4,6} [A-Z -]+ at position \d+ looks like the (?:Latin|Cyrillic) "
            rf"{_Q}), (?P<rest>.+)"
        ),
        "{first:t}, {rest:t}",
    ),
    (
        (
            rf"(?P<code>U\+[0-9A-F]{{4,6}}) (?P<uname>[A-Z -]+) at position (?P<i>\d+) looks like the "
            rf"Latin (?P<other>{_Q})"
        ),
        "{code} {uname} на позиции {i} похожа на латинскую {other:q}",
    ),
    (
        (
            rf"(?P<code>U\+[0-9A-F]{{4,6}}) (?P<uname>[A-Z -]+) at position (?P<i>\d+) looks like the "
            rf"Cyrillic (?P<other>{_Q})"
        ),
        "{code} {uname} на позиции {i} похожа на кириллическую {other:q}",
    ),
    (r"…", "…"),
    (r"type the name in Latin letters only", "наберите имя только латинскими буквами"),
    (rf"the all-Latin spelling is (?P<name>{_Q})", "латинскими буквами это {name:q}"),
    (
        rf"did you mean (?P<name>{_Q}), which is an allowed key\?",
        "возможно, имелось в виду допустимый ключ {name:q}?",
    ),
    # --- _compile/_lint.py: warnings about a ruleset that compiles ---
    (
        (
            rf"the column header (?P<h>{_Q}) has a Latin letter in a Russian word: (?P<what>U\+.+) "
            r"\(and (?P<more>\d+) more\)"
        ),
        "в заголовке столбца {h:q} латинская буква в русском слове: {what:t} (и ещё {more})",
    ),
    (
        rf"the column header (?P<h>{_Q}) has a Latin letter in a Russian word: (?P<what>U\+.+)",
        "в заголовке столбца {h:q} латинская буква в русском слове: {what:t}",
    ),
    (
        r"a table typed in Russian will not match it",
        "таблица, набранная по-русски, с ним не совпадёт",
    ),
    (rf"write (?P<v>{_Q})", "напишите {v:q}"),
    (r"character (?P<i>\d+) of the text: (?P<what>.+)", "символ {i} текста: {what:t}"),
    (
        r"(?P<m>[«„“]) is never closed \(expected (?P<c>[»“”])\)",
        "кавычка {m} не закрыта (нужна {c})",
    ),
    (
        r"(?P<m>[»”]) closes a quotation that no (?P<o>[«“]) opened",
        "кавычка {m} закрывает цитату, которую не открывала {o}",
    ),
    (
        r'an odd number of " marks: this one has no pair',
        'нечётное число знаков ": у этого нет пары',
    ),
    (
        (
            rf"parameter (?P<name>{_Q}) has the default (?P<v>\S+) and is the '(?P<key>\w+):' of "
            rf"(?P<owner>a band of|a rule of a trend over) (?P<ind>{_Q}), which is (?P<what>a percentage|a fraction) on a (?P<scale>\S+) "
            r"scale: (?P<hint>.+)"
        ),
        "параметр {name:q} со значением по умолчанию {v:n} — граница «{key}:» {owner:t} {ind:q}, а это {what:t} на шкале {scale}: {hint:t}",
    ),
    (
        (
            rf"parameter (?P<name>{_Q}) has unit '%' and the default (?P<v>\S+), which is less than "
            r"one percent: (?P<hint>.+)"
        ),
        "у параметра {name:q} единица «%» и значение по умолчанию {v:n}, меньше одного процента: {hint:t}",
    ),
    (
        (
            r"(?P<key>[a-z_]+): (?P<v>\S+) on a (?P<scale>\S+) scale "
            rf"\((?P<ind>{_Q}) is (?P<what>a percentage|a fraction)\): (?P<hint>.+)"
        ),
        "{key}: {v:n} на шкале {scale} ({ind:q} — {what:t}): {hint:t}",
    ),
    (r"a percentage", "процентная величина"),
    (r"a band of", "полосы показателя"),
    (r"a rule of a trend over", "правила динамики показателя"),
    (r"a fraction", "доля единицы"),
    (r"did you mean (?P<n>-?\d[\d.e+-]*)\?", "возможно, имелось в виду {n:n}?"),
    (r"no value reaches it", "ни одно значение её не достигает"),
    (
        (
            rf"band (?P<i>\d+) \(level (?P<level>{_Q})\) (?P<edge>(?:starts|ends) [a-z ]+?) "
            r"(?P<v>-?\d[\d.e+-]*) \(where band (?P<j>\d+) ends\), but the values of "
            rf"(?P<ind>{_Q}) lie in (?P<range>.+): no value can fall in it"
        ),
        "полоса {i} (уровень {level:q}) {edge:t} {v:n} (там, где кончается полоса {j}), но значения показателя {ind:q} лежат в {range}: ни одно значение в неё не попадёт",
    ),
    (
        (
            rf"band (?P<i>\d+) \(level (?P<level>{_Q})\) (?P<edge>(?:starts|ends) [a-z ]+?) "
            rf"(?P<v>-?\d[\d.e+-]*), but the values of (?P<ind>{_Q}) lie in (?P<range>.+): no value "
            r"can fall in it"
        ),
        "полоса {i} (уровень {level:q}) {edge:t} {v:n}, но значения показателя {ind:q} лежат в {range}: ни одно значение в неё не попадёт",
    ),
    (r"starts at least", "начинается с"),
    (r"starts above", "начинается выше"),
    (r"ends below", "заканчивается ниже"),
    (r"ends at most", "заканчивается на"),
    (r"remove the band or correct its bound", "удалите полосу или исправьте её границу"),
    (
        rf"fact (?P<name>{_Q}) is declared but no formula, band, aggregate, trend or text uses it",
        "факт {name:q} объявлен, но его не использует ни одна формула, полоса, агрегат, тренд или текст",
    ),
    (
        rf"parameter (?P<name>{_Q}) is declared but no formula, band, aggregate, trend or text uses it",
        "параметр {name:q} объявлен, но его не использует ни одна формула, полоса, агрегат, тренд или текст",
    ),
    (
        rf"schools must still fill in its column (?P<c>{_Q})",
        "ОО всё равно должны заполнять его столбец {c:q}",
    ),
    (
        (
            r"it is declared in the base, so remove it in (?P<file>.+) with (?P<what>"
            rf"{_Q}) under (?P<sec>{_Q})"
        ),
        "он объявлен в базовом наборе, поэтому удалите его в {file} строкой {what} в разделе {sec:q}",
    ),
    (r"remove it, or use it", "удалите его или используйте"),
    (
        rf"(?P<name>{_Q}) is not a school indicator, an aggregate or a conclusion",
        "{name:q} — не показатель ОО, не агрегат и не вывод",
    ),
    # --- fragments: what a value is, what was expected ---
    (r"text", "текст"),
    (r"a number", "число"),
    (r"a whole number", "целое число"),
    (r"true or false", "true или false (да/нет)"),
    (r"nothing", "пустое значение"),
    (r"a mapping \(key: value lines\)", "словарь (строки «ключ: значение»)"),
    (r"a mapping", "словарь"),
    (r"a list \(lines starting with '-'\)", "список (строки, начинающиеся с «-»)"),
    (r"a list", "список"),
    (r"an object", "объект"),
    (r"true", "true"),
    (r"false", "false"),
    (r"one of the allowed forms", "одна из допустимых форм"),
    (
        r"a number, or the name of a parameter whose value is the bound",
        "число или имя параметра, значение которого задаёт границу",
    ),
    (
        (
            r"a number, a parameter, an aggregate \(the group's value, in the second stage of the "
            r"run\), or a parameter or aggregate plus or minus a number or parameter \(«pk_mo - 5»\)"
        ),
        (
            "число, параметр, агрегат (значение по группе, во втором этапе расчёта) либо параметр "
            "или агрегат плюс-минус число или параметр («pk_mo - 5»)"
        ),
    ),
    (rf"(?P<v>{_V}) \(a number\)", "{v} (число)"),
    (r"(?P<v>true|false) \(true/false\)", "{v} (да/нет)"),
    (rf"(?P<v>{_V})", "{v}"),
    (r"(?P<a>.+?) or (?P<b>.+)", "{a:t} или {b:t}"),
)
