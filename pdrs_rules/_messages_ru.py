"""The Russian catalog of diagnostic messages: English clause patterns and Russian templates.

How a message is translated (``pdrs_rules._i18n.translate``): the English message is split
into clauses at ``"; "``, and each clause is matched against the patterns below, in order;
the first pattern that matches the WHOLE clause wins (``re.fullmatch``, so no ``^``/``$``).

One entry is ``(english_regex, russian_template)``:

- the regex uses named groups, ``(?P<name>...)``, for the variable parts (values, names, lists);
- the template refers to them as ``{name}`` or ``{name:conversion}``:

  ``{name}``        carried over untouched (quoted user values, lists, paths);
  ``{name:q}``      a quoted name (``'teachers'``) shown in guillemets (``«teachers»``), the
                    way Russian prose quotes names; anything that is not one plain quoted
                    string is carried over untouched;
  ``{name:t}``      an English fragment translated in turn with this catalog (e.g. the
                    "expected ..." part), so shared fragments are written once;
  ``{name:n}``      a number shown with a decimal comma (``0.5`` → ``0,5``);
  ``{name:p:школа:школы:школ}``  a count followed by the agreeing noun form (``3 школы``).

  ``{{`` and ``}}`` are literal braces.

Adding a message: put its entry in the section of its module, or just above the line
"--- end of catalog", never below it (the catch-alls there must stay last). An entry whose
template fails (a ``{x:t}`` part with no translation) is skipped and the next one is tried. Keep the terms: «ОО» (school), «показатель» (indicator), «факт»,
«параметр», «набор правил» (ruleset), «ожидалось …», «возможно, имелось в виду …?»;
names in prose in guillemets «»; numbers with a decimal comma.
tests/test_i18n.py fails for any clause of a known diagnostic left without a translation.
"""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

__all__ = ["CATALOG", "WORDS"]

#: Words outside the messages: severities and the caret line of a formula error.
WORDS: dict[str, str] = {
    "warning": "предупреждение",
    "note": "примечание",
    "error": "ошибка",
    "here": "здесь",
}

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

CATALOG: tuple[tuple[str, str], ...] = (
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
    # --- _lint.py: warnings about a ruleset that compiles ---
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
    (rf"(?P<v>{_V}) \(a number\)", "{v} (число)"),
    (r"(?P<v>true|false) \(true/false\)", "{v} (да/нет)"),
    (rf"(?P<v>{_V})", "{v}"),
    (r"(?P<a>.+?) or (?P<b>.+)", "{a:t} или {b:t}"),
    # --- ruleset: reading (_load.py) ---
    (r"cannot read the ruleset: (?P<why>.+)", "не удалось прочитать набор правил: {why:t}"),
    (r"No such file or directory", "файл или папка не найдены"),
    (r"Is a directory", "это папка, а не файл"),
    (r"Permission denied", "нет доступа"),
    (
        r"(?P<file>.+): (?P<why>No such file or directory|Is a directory|Permission denied)",
        "{file}: {why:t}",
    ),
    (r"the ruleset text is too large", "текст набора правил слишком велик"),
    (
        r"a ruleset may have at most (?P<n>\d+) bytes",
        "набор правил может занимать не больше {n:p:байта:байтов:байтов}",
    ),
    (r"the file is (?P<n>\d+) bytes", "размер файла {n:p:байт:байта:байтов}"),
    (r"the ruleset file is empty", "файл набора правил пуст"),
    (
        r"the ruleset is not valid UTF-8 \(save it as UTF-8\)",
        "набор правил не в кодировке UTF-8 (сохраните его в UTF-8)",
    ),
    (r"invalid YAML: (?P<why>.+)", "ошибка в разметке YAML: {why}"),
    (r"invalid value: (?P<why>.+)", "недопустимое значение: {why}"),
    (
        r"aliases \(\*name\) are not supported in rulesets",
        "ссылки (*имя) в наборах правил не поддерживаются",
    ),
    (
        r"merge keys \(<<\) are not supported in rulesets",
        "ключи слияния (<<) в наборах правил не поддерживаются",
    ),
    (
        rf"duplicate key (?P<key>{_V}) \(first defined on line (?P<line>\d+)\)",
        "ключ {key:q} повторяется (впервые задан в строке {line})",
    ),
    (
        r"YAML would silently keep only the last one",
        "YAML молча оставил бы только последнее значение",
    ),
    (r"keys must be text, got (?P<v>.+)", "ключи должны быть текстом, получено {v}"),
    (r"nesting deeper than (?P<n>\d+) levels", "вложенность глубже {n:p:уровня:уровней:уровней}"),
    # --- ruleset structure: JSON Schema violations (_load.py) ---
    (rf"unknown key (?P<key>{_Q}) in (?P<path>{_P})", "неизвестный ключ {key:q} в {path}"),
    (rf"(?P<path>{_P}) needs the key (?P<key>{_Q})", "в {path} нужен ключ {key:q}"),
    (
        (
            rf"(?P<path>{_P}) needs the key (?P<key>{_Q}) \(or give (?P<key2>{_Q}) for all cases at the "
            r"top of the file\)"
        ),
        "в {path} нужен ключ {key:q} (или задайте {key2:q} для всех случаев в начале файла)",
    ),
    (
        (
            rf"(?P<path>{_P}) needs the key (?P<key>{_Q}): the file name (?P<file>{_Q}) does not end in "
            rf"(?P<end>{_Q}), so the ruleset cannot be found beside it"
        ),
        (
            "в {path} нужен ключ {key:q}: имя файла {file:q} не оканчивается на {end:q}, поэтому набор "
            "правил рядом с ним не найти"
        ),
    ),
    (
        rf"(?P<path>{_P}) must be (?P<what>.+?), got (?P<got>.+)",
        "{path} должно быть: {what:t}; получено: {got:t}",
    ),
    (
        rf"(?P<path>{_P}) is (?P<v>{_V}), which does not match the expected form (?P<form>{_Q})",
        "значение {path} — {v}, а это не соответствует ожидаемому виду {form}",
    ),
    (
        rf"(?P<path>{_P}) may have only one of (?P<list>.+)",
        "в {path} может быть только один из ключей {list}",
    ),
    (
        rf"(?P<path>{_P}) needs at least (?P<n>\d+) entry",
        "в {path} нужна хотя бы {n:p:запись:записи:записей}",
    ),
    (
        rf"(?P<path>{_P}) needs at least (?P<n>\d+) item",
        "в {path} нужен хотя бы {n:p:элемент:элемента:элементов}",
    ),
    (rf"(?P<path>{_P}) has (?P<n>\d+) characters", "в {path} {n:p:символ:символа:символов}"),
    (
        (
            rf"(?P<v>{_Q}) is not a valid identifier in (?P<path>{_P}): use Latin letters, digits and "
            r"'_', starting with a letter \(e\.g\. iom_share\)"
        ),
        (
            "{v:q} в {path} не годится как идентификатор: используйте латинские буквы, цифры и «_», "
            "начиная с буквы (например, iom_share)"
        ),
    ),
    (rf"(?P<path>{_P}) is (?P<v>.+)", "значение {path} — {v:t}"),
    # Notes of a ruleset that extends another (_compose.py).
    (
        rf"(?P<path>{_P}): (?P<change>.+?) \(base: (?P<loc>[^()]+)\)",
        "{path}: {change:t} (в базовом наборе: {loc})",
    ),
    (rf"(?P<path>{_P}): (?P<change>\{{[\w, ]*\}}|.+ → .+)", "{path}: {change:t}"),
    (
        r"(?P<a>\d+) → (?P<b>\d+) items, first change at (?P<rest>.+)",
        "{a} → {b:p:элемент:элемента:элементов}, первое изменение: {rest}",
    ),
    # --- ruleset meaning: names and formulas (_compile.py, _formula.py) ---
    (
        rf"unknown name (?P<name>{_Q}): not a declared fact, parameter or indicator",
        "неизвестное имя {name:q}: это не объявленный факт, параметр или показатель",
    ),
    (rf"unknown name (?P<name>{_Q})", "неизвестное имя {name:q}"),
    (rf"unknown function (?P<name>{_Q})", "неизвестная функция {name:q}"),
    (rf"unknown level (?P<name>{_Q})", "неизвестный уровень {name:q}"),
    (rf"unknown addressee (?P<name>{_Q})", "неизвестный адресат {name:q}"),
    (r"unknown placeholder (?P<name>\{.*\})", "неизвестная подстановка {name}"),
    (
        r"(?P<name>\{\w+\}) needs an indicator whose formula is share\(n, d\)",
        "подстановка {name} возможна только у показателя с формулой share(n, d)",
    ),
    (
        r"(?P<name>\{\w+\}) is available only in no_data texts",
        "подстановка {name} доступна только в текстах no_data",
    ),
    (
        rf"bad placeholder in the text: unclosed placeholder (?P<v>{_Q})",
        "ошибка подстановки в тексте: не закрыта подстановка {v}",
    ),
    # Template syntax (_template.py), after "bad placeholder in the text: " (_texts.py).
    (r"bad placeholder in the text: (?P<why>.+)", "ошибка подстановки в тексте: {why:t}"),
    (rf"unclosed placeholder (?P<v>{_Q})", "не закрыта подстановка {v}"),
    (
        rf"bad name (?P<name>{_Q}) in placeholder (?P<src>{_Q})",
        "недопустимое имя {name:q} в подстановке {src}",
    ),
    (
        (
            r"expected ASCII letters, digits and underscores, starting with a letter or underscore, "
            rf"optionally in dot-separated parts such as (?P<eg>{_Q})"
        ),
        (
            "ожидались латинские буквы, цифры и «_», начиная с буквы или «_», возможно, из частей "
            "через точку, например {eg}"
        ),
    ),
    (
        (
            rf"wrong number of arguments to filter (?P<f>{_Q}) in placeholder (?P<src>{_Q}): got "
            rf"(?P<n>\d+), expected (?P<k>\d+) \(one, few, many forms, e\.g\. (?P<eg>{_Q})\)"
        ),
        (
            "у фильтра {f} в подстановке {src} {n:p:аргумент:аргумента:аргументов}, а нужно {k} "
            "(три формы слова: для 1, 2 и 5, например {eg})"
        ),
    ),
    (
        rf"empty argument (?P<n>\d+) of filter (?P<f>{_Q}) in placeholder (?P<src>{_Q})",
        "пустой аргумент {n} фильтра {f} в подстановке {src}",
    ),
    (rf"expected a noun form such as (?P<eg>{_Q})", "ожидалась форма слова, например {eg}"),
    (rf"empty placeholder (?P<src>{_Q})", "пустая подстановка {src}"),
    (rf"expected a name such as (?P<eg>{_Q})", "ожидалось имя, например {eg}"),
    (rf"missing name in placeholder (?P<src>{_Q})", "в подстановке {src} нет имени"),
    (rf"expected a name before (?P<c>{_Q})", "ожидалось имя перед {c}"),
    (
        rf"more than one filter in placeholder (?P<src>{_Q})",
        "в подстановке {src} больше одного фильтра",
    ),
    (r"expected at most one", "допускается не больше одного"),
    (
        rf"missing filter after (?P<c>{_Q}) in placeholder (?P<src>{_Q})",
        "в подстановке {src} нет фильтра после {c}",
    ),
    (
        rf"unknown filter (?P<f>{_Q}) in placeholder (?P<src>{_Q})",
        "неизвестный фильтр {f} в подстановке {src}",
    ),
    (rf"unmatched (?P<c>{_Q})", "непарная скобка {c}"),
    (
        rf"expected (?P<a>{_Q}) for a literal brace or a placeholder such as (?P<b>{_Q})",
        "ожидалось {a} для самой фигурной скобки или подстановка вида {b}",
    ),
    (
        rf"expected (?P<a>{_Q}) to close it, or (?P<b>{_Q}) for a literal brace",
        "ожидалось {a}, чтобы её закрыть, или {b}, чтобы получить саму фигурную скобку",
    ),
    (
        rf"(?P<where>\w+): (?P<name>{_Q}) is not a declared parameter",
        "{where}: {name:q} не объявлен как параметр",
    ),
    (
        rf"(?P<name>{_Q}) is declared in (?P<a>\w+) and in (?P<b>\w+)",
        "{name:q} объявлено и в {a}, и в {b}",
    ),
    (rf"(?P<name>{_Q}) is the name of a function", "{name:q} — имя функции"),
    (
        (
            r"names must be unique across facts, parameters, indicators, aggregates, conclusions and "
            r"trends"
        ),
        "имена фактов, параметров, показателей, агрегатов, выводов и трендов не должны совпадать",
    ),
    (r"this is not a valid formula: (?P<why>.+)", "это не формула: {why:t}"),
    (r"invalid syntax", "синтаксическая ошибка"),
    (r"a formula is a single expression", "формула — это одно выражение"),
    (rf"remove (?P<v>{_Q}) and what follows", "уберите {v} и всё, что после"),
    (
        r"attribute access \(x\.y\) is not allowed in formulas",
        "обращение к атрибутам (x.y) в формулах не допускается",
    ),
    (r"(?P<what>.+) (?:is|are) not allowed in formulas", "{what} в формулах не допускается"),
    (r"numbers in formulas are limited to (?P<n>\S+)", "числа в формулах ограничены значением {n}"),
    (r"the number (?P<n>\S+) is too large", "число {n} слишком велико"),
    (
        (
            rf"(?P<name>{_Q}) needs a whole number between (?P<a>-?\d+) and (?P<b>-?\d+) written as the "
            r"exponent"
        ),
        "для {name} показатель степени должен быть записан целым числом от {a} до {b}",
    ),
    (
        r"round\(\) needs a whole number from (?P<a>\d+) to (?P<b>\d+) as the number of digits",
        "round() нужно целое число от {a} до {b} — число знаков после запятой",
    ),
    (
        r"(?P<f>\w+)\(\) takes (?P<n>\d+) arguments?, got (?P<got>\d+)(?P<rest> \(.*\))?",
        "{f}() принимает {n:p:аргумент:аргумента:аргументов}, передано {got}{rest:t}",
    ),
    (r" \(share\(n, d\) = n × 100 / d, a percentage\)", " (share(n, d) = n × 100 / d, процент)"),
    (r" \(ratio\(n, d\) = n / d\)", " (ratio(n, d) = n / d)"),
    (r"", ""),
    (
        rf"arithmetic needs number values, got (?P<kind>\w+) (?P<v>{_Q})",
        "для арифметики нужны числа, получено: {kind:t} {v}",
    ),
    (
        rf"the condition after (?P<kw>{_Q}) needs boolean values, got (?P<kind>\w+) (?P<v>{_Q})",
        "условию после {kw} нужны логические значения (да/нет), получено: {kind:t} {v}",
    ),
    (
        rf"(?P<where>.+) needs (?P<want>\w+) values, got (?P<kind>\w+) (?P<v>{_Q})",
        "{where:t}: нужны значения типа {want:t}, получено: {kind:t} {v}",
    ),
    (r"number", "число"),
    (r"boolean", "логическое значение"),
    (r"string", "текст"),
    (r"integer", "целое число"),
    (
        (
            rf"the formula of (?P<name>{_Q}) gives (?P<kind>an? \w+) value but the unit (?P<unit>{_Q}) "
            r"needs (?P<want>an? \w+)"
        ),
        "формула показателя {name:q} даёт {kind:t}, а единице {unit:q} нужно {want:t}",
    ),
    (r"a boolean", "логическое значение"),
    (r"an integer", "целое число"),
    (r"a text", "текст"),
    (rf"fact (?P<name>{_Q}) is of type (?P<kind>\w+)", "факт {name:q} имеет тип {kind}"),
    (
        r"only integer and number facts take min/max",
        "min/max задаются только для фактов типа integer и number",
    ),
    (
        (
            rf"the bound (?P<b>\w+) of fact (?P<name>{_Q}) names (?P<other>{_Q}), which is not a numeric "
            r"fact"
        ),
        "граница {b} факта {name:q} ссылается на {other:q}, а это не числовой факт",
    ),
    (
        r"indicators depend on each other in a circle: (?P<chain>.+)",
        "показатели зависят друг от друга по кругу: {chain}",
    ),
    (
        r"previous\(\) takes a fact, an indicator or an aggregate",
        "previous() принимает факт, показатель или агрегат",
    ),
    (
        rf"previous\((?P<x>\w+)\): (?P<name>{_Q}) has no values in earlier periods here",
        "previous({x}): у {name:q} здесь нет значений за прошлые периоды",
    ),
    (
        rf"(?P<name>{_Q}) is not a school indicator, fact or trend",
        "{name:q} — это не показатель ОО, не факт и не тренд",
    ),
    (rf"trend (?P<t>{_Q}) has no rule (?P<r>{_Q})", "у тренда {t:q} нет правила {r:q}"),
    (rf"parameter (?P<name>{_Q}) is never used", "параметр {name:q} нигде не используется"),
    (rf"fact (?P<name>{_Q}) is never used", "факт {name:q} нигде не используется"),
    # --- bands (_bands.py) ---
    (r"the value (?P<v>\S+) falls in no band", "значение {v:n} не попадает ни в одну полосу"),
    (
        r"the value (?P<v>\S+) is in no band \(below in band (?P<a>\d+), above in band (?P<b>\d+)\)",
        "значение {v:n} не попадает ни в одну полосу (ниже — полоса {a}, выше — полоса {b})",
    ),
    (
        (
            r"the value (?P<v>\S+) is in two bands \((?P<k1>\w+) in band (?P<a>\d+) and (?P<k2>\w+) in "
            r"band (?P<b>\d+)\)"
        ),
        "значение {v:n} попадает в две полосы ({k1} в полосе {a} и {k2} в полосе {b})",
    ),
    (rf"use (?P<v>{_Q})", "используйте {v}"),
    (
        r"band (?P<a>\d+) has no upper bound and band (?P<b>\d+) no lower bound",
        "у полосы {a} нет верхней границы, а у полосы {b} — нижней",
    ),
    (
        r"list bands in ascending order of value, lowest first",
        "перечислите полосы по возрастанию значений, начиная с наименьших",
    ),
    (
        r"no value can be in this band: (?P<k1>\w+) (?P<a>\S+) and (?P<k2>\w+) (?P<b>\S+)",
        "в эту полосу не может попасть ни одно значение: {k1} {a:n} и {k2} {b:n}",
    ),
    (
        (
            r"with better: (?P<dir>higher|lower), an? (?P=dir) value must not get a worse level, but "
            rf"band (?P<a>\d+) \((?P<la>{_Q})\) is worse than band (?P<b>\d+) \((?P<lb>{_Q})\)"
        ),
        (
            "при better: {dir} значение лучше не может получать худший уровень, но полоса {a} "
            "({la:q}) хуже полосы {b} ({lb:q})"
        ),
    ),
    # --- municipality level (_compile_group.py) ---
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
    # --- composition (_compose.py) ---
    (
        rf"(?P<path>{_P}) is null, but the base has no such key",
        "значение {path} — null, но в базовом наборе такого ключа нет",
    ),
    (rf"the base ruleset (?P<f>{_Q}) does not exist", "базовый набор правил {f} не существует"),
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
    # --- facts files (_facts*.py) ---
    # Workbooks, header rows, totals rows, the long layout (_facts_xlsx.py, _facts_table.py).
    (rf"row (?P<n>\d+) of sheet (?P<s>{_SH})", "строка {n} листа {s}"),
    (r"row (?P<n>\d+)", "строка {n}"),
    (rf"(?P<cell>{_SH}![A-Z]+\d+)", "{cell}"),
    (
        rf"(?P<row>{_ROW}) is a totals row \((?P<v>{_Q})\) and is not counted as a school",
        "{row:t} — строка итогов ({v}), она не считается ОО",
    ),
    (
        (
            r"row (?P<n>\d+) is above the header \(row (?P<h>\d+)\) and skipped as titles "
            r"\(first (?P<v>.+)\)"
        ),
        "строка {n} выше заголовка (строка {h}) пропущена как заглавие (первое значение — {v})",
    ),
    (
        (
            r"(?P<k>\d+) rows \((?P<a>\d+) to (?P<b>\d+)\) are above the header \(row (?P<h>\d+)\) "
            r"and skipped as titles \(first (?P<v>.+)\)"
        ),
        (
            "{k:p:строка:строки:строк} ({a}–{b}) выше заголовка (строка {h}) пропущены как "
            "заглавие (первое значение — {v})"
        ),
    ),
    (
        r"the header is the first row naming the most known columns",
        "заголовок — первая строка, в которой названо больше всего известных столбцов",
    ),
    (
        rf"row (?P<n>\d+)(?P<s> of sheet {_SH})? has no school id",
        "в строке {n}{s:t} нет кода ОО",
    ),
    (rf" of sheet (?P<s>{_SH})", " листа {s}"),
    (
        (
            rf"column (?P<n>\d+) has no header but has values \(first (?P<v>.+) in row "
            rf"(?P<r>\d+)(?P<s> of sheet {_SH})\)"
        ),
        "у столбца {n} нет заголовка, но есть значения (первое — {v} в строке {r}{s:t})",
    ),
    (
        (
            rf"school (?P<id>{_Q})(?P<name> {_Q})? appears twice(?P<period> in period {_Q})? on "
            rf"sheet (?P<s>{_SH}): (?P<a>.+) and (?P<b>.+)"
        ),
        "ОО {id}{name} встречается дважды{period:t} на листе {s}: {a:t} и {b:t}",
    ),
    (rf"(?P<v>{_Q}) is not a fact \((?P<where>.+)\)", "{v} — не факт ({where:t})"),
    (r"no fact is named \((?P<where>.+)\)", "факт не указан ({where:t})"),
    (rf"(?P<row>{_ROW}), column (?P<c>{_Q})", "{row:t}, столбец {c}"),
    (
        r"expected the name or the column title of a declared fact",
        "ожидалось имя или заголовок столбца объявленного факта",
    ),
    (
        (
            rf"fact (?P<f>{_Q}) of school (?P<id>{_Q}) appears twice(?P<period> in period {_Q})?: "
            r"(?P<a>.+) and (?P<b>.+)"
        ),
        "факт {f:q} ОО {id} встречается дважды{period:t}: {a:t} и {b:t}",
    ),
    (
        r"keep one row per school, period and fact",
        "оставьте по одной строке на ОО, период и факт",
    ),
    (
        (
            rf"required fact (?P<name>{_Q}) \((?P<title>.*)\) has no row: expected rows with "
            rf"(?P<col>{_Q}) or (?P<alt>{_Q}) in column (?P<fc>{_Q})"
        ),
        (
            "для обязательного факта {name:q} ({title}) нет ни одной строки: ожидались строки "
            "с {col} или {alt:q} в столбце {fc}"
        ),
    ),
    (
        (
            rf"column (?P<c>{_Q}) holds fact (?P<f>{_Q}), but the sheet has the long layout \(a "
            rf"fact named in column (?P<fc>{_Q}) and its value on each row\)"
        ),
        (
            "столбец {c} содержит факт {f:q}, но таблица в длинном формате (в каждой строке — "
            "факт из столбца {fc} и его значение)"
        ),
    ),
    (r"it is ignored", "он не учитывается"),
    (
        rf"a sheet \((?P<s>{_Q})\) is named, but the file is not a workbook",
        "указан лист ({s}), но файл — не книга Excel",
    ),
    (
        r"expected an \.xlsx or \.xlsm file, or no sheet",
        "ожидался файл .xlsx или .xlsm либо запуск без указания листа",
    ),
    (r"a workbook is given as text", "книга Excel передана как текст"),
    (r"expected its bytes", "ожидались её байты"),
    (
        rf"expected (?P<a>{_Q}), (?P<b>{_Q}), (?P<c>{_Q}) or (?P<d>{_Q})",
        "ожидалось {a}, {b}, {c} или {d}",
    ),
    (r"not a valid \.xlsx workbook: (?P<why>.+)", "файл не является книгой .xlsx: {why}"),
    (
        r"expected a file saved by Excel or LibreOffice as \.xlsx",
        "ожидался файл, сохранённый в Excel или LibreOffice как .xlsx",
    ),
    (
        r"reading \.xlsx files needs the openpyxl package",
        "для чтения файлов .xlsx нужен пакет openpyxl",
    ),
    (r"expected it installed: (?P<cmd>.+)", "установите его: {cmd}"),
    (r"the workbook unpacks to (?P<n>[\d.]+) MB", "книга в распакованном виде занимает {n:n} МБ"),
    (
        rf"sheet (?P<s>{_Q}) spans (?P<r>\d+) rows and (?P<c>\d+) columns",
        "лист {s} занимает {r:p:строку:строки:строк} и {c:p:столбец:столбца:столбцов}",
    ),
    (
        r"expected at most (?P<n>\d+) cells: delete the unused rows and columns",
        "ожидалось не больше {n:n} ячеек: удалите неиспользуемые строки и столбцы",
    ),
    (r"the workbook has no worksheets", "в книге нет ни одного листа"),
    (r"expected one with the facts", "ожидался лист с фактами"),
    (rf"the workbook has no sheet (?P<s>{_Q})", "в книге нет листа {s}"),
    (rf"expected one of (?P<list>{_Q}(?:, {_Q})*)", "ожидался один из листов: {list}"),
    (
        rf"the formula (?P<f>{_Q}) has no saved result \((?P<where>.+)\)",
        "у формулы {f} нет сохранённого результата ({where:t})",
    ),
    (
        (
            r"expected a value: open the file in Excel or LibreOffice and save it again, so that "
            r"the results of its formulas are stored"
        ),
        (
            "ожидалось значение: откройте файл в Excel или LibreOffice и сохраните его снова, "
            "чтобы результаты формул были записаны"
        ),
    ),
    (
        r"the cell holds the error (?P<e>\S+) \((?P<where>.+)\)",
        "в ячейке ошибка {e} ({where:t})",
    ),
    (
        r"expected a value: correct the formula or the data it uses",
        "ожидалось значение: исправьте формулу или данные, которые она использует",
    ),
    (
        rf"fact (?P<f>{_Q}), column (?P<c>{_Q}), cell (?P<cell>{_SH}![A-Z]+\d+)",
        "факт {f:q}, столбец {c}, ячейка {cell}",
    ),
    (
        rf"column (?P<c>{_Q}), cell (?P<cell>{_SH}![A-Z]+\d+)",
        "столбец {c}, ячейка {cell}",
    ),
    (rf"unsupported file type \((?P<ext>{_Q})\)", "неподдерживаемый тип файла ({ext})"),
    (rf"unsupported format (?P<f>{_Q})", "неподдерживаемый формат {f}"),
    (
        r"expected \.csv, \.tsv, \.txt, \.json, \.yaml or \.yml",
        "ожидался файл .csv, .tsv, .txt, .json, .yaml или .yml",
    ),
    (rf"expected (?P<a>{_Q}), (?P<b>{_Q}) or (?P<c>{_Q})", "ожидалось {a}, {b} или {c}"),
    (r"the file is (?P<n>[\d.]+) MB", "размер файла {n:n} МБ"),
    (r"the limit is (?P<n>[\d.]+) MB", "предел — {n:n} МБ"),
    (r"more than (?P<n>\d+) rows", "больше {n:p:строки:строк:строк}"),
    (r"the file is empty", "файл пуст"),
    (r"the file has a header but no rows", "в файле есть заголовок, но нет строк"),
    (r"there are no schools", "нет ни одной ОО"),
    (
        r"expected a header row and a row per school",
        "ожидалась строка заголовков и по строке на каждую ОО",
    ),
    (r"expected a row per school", "ожидалось по строке на каждую ОО"),
    (r"expected a list of schools", "ожидался список ОО"),
    (r"expected one object per school", "ожидалось по объекту на каждую ОО"),
    (
        (
            r"the file is not valid UTF-8 or Windows-1251 \(cp1251\): byte (?P<b>0x[0-9a-f]+) at offset "
            r"(?P<o>\d+) cannot be decoded"
        ),
        (
            "файл не в кодировке UTF-8 или Windows-1251 (cp1251): байт {b} на позиции {o} не "
            "распознаётся"
        ),
    ),
    (
        rf"expected UTF-8 text \(in Excel: save as (?P<v>{_Q})\)",
        "ожидался текст в UTF-8 (в Excel: «Сохранить как» {v})",
    ),
    (r"not valid (?P<f>CSV|JSON|YAML): (?P<why>.+)", "файл не в формате {f}: {why}"),
    (r"the document is (?P<v>.+)", "документ — это {v:t}"),
    (rf"(?P<k>{_Q}) is (?P<v>.+)", "{k} — это {v:t}"),
    (rf"the (?P<what>mapping|object) has no key (?P<k>{_Q})", "нет ключа {k}"),
    (
        (
            rf"expected a list of mappings, one per school, or a mapping with key (?P<k>{_Q}) holding "
            r"that list"
        ),
        (
            "ожидался список словарей, по одному на ОО, или словарь с ключом {k}, содержащий этот "
            "список"
        ),
    ),
    (
        (
            rf"expected a list of objects, one per school, or an object with key (?P<k>{_Q}) holding "
            r"that list"
        ),
        (
            "ожидался список объектов, по одному на ОО, или объект с ключом {k}, содержащий этот "
            "список"
        ),
    ),
    (r"expected a list of objects", "ожидался список объектов"),
    (
        r"expected a mapping of column headers to values",
        "ожидался словарь «заголовок столбца: значение»",
    ),
    (r"expected a mapping of headers to values", "ожидался словарь «заголовок: значение»"),
    (
        r"expected an object with column headers as keys",
        "ожидался объект с заголовками столбцов в качестве ключей",
    ),
    (
        rf"there is no school id column: expected a column headed (?P<a>{_Q}) \(or (?P<b>.+)\)",
        "нет столбца с кодом ОО: ожидался столбец с заголовком {a} (или {b})",
    ),
    (
        rf"there is no school id column: expected a column headed (?P<a>{_Q})",
        "нет столбца с кодом ОО: ожидался столбец с заголовком {a}",
    ),
    (
        (
            rf"required fact (?P<name>{_Q}) \((?P<title>.*)\) has no column: expected a column headed "
            rf"(?P<col>{_Q})"
        ),
        (
            "для обязательного факта {name:q} ({title}) нет столбца: ожидался столбец с заголовком "
            "{col}"
        ),
    ),
    (
        rf"column (?P<col>{_Q}) matches no fact and is ignored",
        "столбец {col} не соответствует ни одному факту и не учитывается",
    ),
    (
        rf"column (?P<n>\d+) has no header but has values \(first (?P<v>{_Q}) in row (?P<row>\d+)\)",
        "у столбца {n} нет заголовка, но есть значения (первое — {v} в строке {row})",
    ),
    (
        (
            rf"columns (?P<a>\d+) and (?P<b>\d+) \((?P<ha>{_Q}) and (?P<hb>{_Q})\) both hold fact "
            rf"(?P<f>{_Q})"
        ),
        "столбцы {a} и {b} ({ha} и {hb}) оба содержат факт {f:q}",
    ),
    (
        rf"columns (?P<a>\d+) and (?P<b>\d+) are both headed (?P<h>{_Q}) \(the school id\)",
        "у столбцов {a} и {b} один заголовок {h} (код ОО)",
    ),
    (
        rf"key (?P<k>{_Q}) appears twice in (?P<path>{_P}) \(fact (?P<f>{_Q})\)",
        "ключ {k} дважды встречается в {path} (факт {f:q})",
    ),
    (
        rf"keys (?P<a>{_Q}) and (?P<b>{_Q}) in (?P<path>{_P}) both hold fact (?P<f>{_Q})",
        "ключи {a} и {b} в {path} оба содержат факт {f:q}",
    ),
    (rf"(?P<path>{_P}) has no school id", "в {path} нет кода ОО"),
    (
        r"row (?P<n>\d+) has no school id \(name (?P<name>.+)\)",
        "в строке {n} нет кода ОО (название {name})",
    ),
    (rf"expected a value for (?P<k>{_Q})", "ожидалось значение для {k}"),
    (rf"expected a value in column (?P<k>{_Q})", "ожидалось значение в столбце {k}"),
    (
        (
            rf"school (?P<id>{_Q})(?P<name> {_Q})? appears twice(?P<period> in period {_Q})?: "
            r"(?P<a>.+) and (?P<b>.+)"
        ),
        "ОО {id}{name} встречается дважды{period:t}: {a:t} и {b:t}",
    ),
    (rf" in period (?P<p>{_Q})", " в периоде {p}"),
    (r"line (?P<n>\d+)", "строка {n}"),
    (rf"(?P<path>{_P}) \(line (?P<n>\d+)\)", "{path} (строка {n})"),
    (rf"(?P<path>{_P})", "{path}"),
    (r"keep one row per school", "оставьте по одной строке на ОО"),
    (
        (
            r"(?P<v>.+) is not (?P<kind>an integer|a number|a yes/no value|text) "
            r"\((?P<where>(?:school|fact|column) .*)\)"
        ),
        "{v:t} — не {kind:t} ({where:t})",
    ),
    (r"an integer", "целое число"),
    (r"a yes/no value", "значение да/нет"),
    (r"a value of type (?P<t>\w+)", "значение типа {t}"),
    (rf"school (?P<id>{_Q})(?P<name> {_Q})?, (?P<rest>.+)", "ОО {id}{name}, {rest:t}"),
    (rf"school (?P<id>{_Q}), (?P<rest>.+)", "ОО {id}, {rest:t}"),
    (rf"fact (?P<f>{_Q}), column (?P<c>{_Q})", "факт {f:q}, столбец {c}"),
    (rf"column (?P<c>{_Q})", "столбец {c}"),
    (
        rf"fact (?P<f>{_Q}) \(column (?P<c>{_Q})\) in the row",
        "факта {f:q} (столбец {c}) в этой же строке",
    ),
    (r"expected a number like (?P<a>\S+) or (?P<b>\S+)", "ожидалось число, например {a} или {b}"),
    (r"expected a whole number like (?P<a>\S+)", "ожидалось целое число, например {a}"),
    (rf"expected text or a number, like (?P<v>{_Q})", "ожидался текст или число, например {v}"),
    (
        r"expected да/нет, yes/no, true/false, 1/0 or \+/-",
        "ожидалось да/нет, yes/no, true/false, 1/0 или +/-",
    ),
    (
        r"(?P<v>.+) has more than (?P<n>\d+) digits \((?P<where>.+)\)",
        "в {v:t} больше {n:p:цифры:цифр:цифр} ({where:t})",
    ),
    (r"an integer of (?P<n>\d+) bits", "целом числе из {n:p:бита:бит:бит}"),
    (
        r"(?P<v>.+) is not a finite number \((?P<where>.+)\)",
        "{v:t} — не конечное число ({where:t})",
    ),
    (r"(?P<v>.+) is too large \((?P<where>.+)\)", "{v:t} — слишком большое число ({where:t})"),
    (
        r"expected a number of at most (?P<n>\d+) digits",
        "ожидалось число не длиннее {n:p:цифры:цифр:цифр}",
    ),
    (
        r"expected a whole number of at most (?P<n>\d+) digits",
        "ожидалось целое число не длиннее {n:p:цифры:цифр:цифр}",
    ),
    (
        r"(?P<v>\S+) is less than the minimum (?P<m>\S+) \((?P<where>.+)\)",
        "{v:n} меньше минимума {m:n} ({where:t})",
    ),
    (
        r"(?P<v>\S+) is greater than the maximum (?P<m>\S+) \((?P<where>.+)\)",
        "{v:n} больше максимума {m:n} ({where:t})",
    ),
    (
        (
            rf"(?P<v>\S+) is less than (?P<m>\S+), the value of (?P<f>fact {_Q} \(column {_Q}\) in the "
            r"row) \((?P<where>.+)\)"
        ),
        "{v:n} меньше {m:n} — значения {f:t} ({where:t})",
    ),
    (
        (
            rf"(?P<v>\S+) is greater than (?P<m>\S+), the value of (?P<f>fact {_Q} \(column {_Q}\) in "
            r"the row) \((?P<where>.+)\)"
        ),
        "{v:n} больше {m:n} — значения {f:t} ({where:t})",
    ),
    (
        r"only the first (?P<n>\d+) row problems are shown",
        "показаны только первые {n:p:ошибка:ошибки:ошибок} в строках",
    ),
    (
        r"(?P<n>\d+) more problems are not listed",
        "ещё {n:p:ошибка не показана:ошибки не показаны:ошибок не показано}",
    ),
    (
        r"(?P<n>\d+) more warnings are not listed",
        "ещё {n:p:предупреждение не показано:предупреждения не показаны:предупреждений не показано}",
    ),
    (r"the file changed while it was being read", "файл изменился во время чтения"),
    (
        rf"group (?P<g>{_Q}) in period (?P<p>{_Q}) has no schools in the facts",
        "у группы {g} в периоде {p} нет ОО в фактах",
    ),
    (r"its group facts are not used", "её групповые факты не используются"),
    # --- parameters (_ruleset.py) ---
    (rf"the ruleset has no parameter (?P<name>{_Q})", "в наборе правил нет параметра {name:q}"),
    (
        (
            rf"parameter (?P<name>{_Q})(?P<title> \(.*?\))? got (?P<v>.+?)"
            r"(?:, outside its range \[(?P<lo>\S+), (?P<hi>\S+)\])"
        ),
        (
            "параметр {name:q}{title} получил значение {v:n}, вне допустимого диапазона "
            "от {lo:n} до {hi:n}"
        ),
    ),
    (
        rf"parameter (?P<name>{_Q})(?P<title> \(.*?\))? got (?P<v>.+)",
        "параметр {name:q}{title} получил значение {v}",
    ),
    (r"expected (?P<kind>number|integer|boolean|text)", "ожидалось: {kind:t}"),
    # --- case files (_cases*.py) ---
    (
        (
            rf"the (?P<kind>ruleset|facts file|group facts file) (?P<f>{_Q}) does not exist \(looked "
            rf"for (?P<full>{_Q}), relative to the case file\)"
        ),
        "{kind:t} {f} не существует (искали {full} относительно файла случаев)",
    ),
    (r"ruleset", "набор правил"),
    (r"facts file", "файл фактов"),
    (r"group facts file", "файл групповых фактов"),
    (rf"the ruleset has no indicator (?P<name>{_Q})", "в наборе правил нет показателя {name:q}"),
    (
        rf"the ruleset has no indicator or trend (?P<name>{_Q})",
        "в наборе правил нет показателя или тренда {name:q}",
    ),
    (rf"the ruleset has no aggregate (?P<name>{_Q})", "в наборе правил нет агрегата {name:q}"),
    (
        rf"the ruleset has no conclusion or group trend (?P<name>{_Q})",
        "в наборе правил нет вывода или группового тренда {name:q}",
    ),
    (
        rf"(?P<path>{_P}) is (?P<v>{_Q}), not a level of the ruleset",
        "значение {path} — {v}, но такого уровня в наборе правил нет",
    ),
    (
        rf"(?P<path>{_P}) is (?P<v>{_Q}), not an addressee of the ruleset",
        "значение {path} — {v}, но такого адресата в наборе правил нет",
    ),
    (
        rf"(?P<path>{_P}) is (?P<v>{_Q}), not a rule of trend (?P<t>{_Q})",
        "значение {path} — {v}, но у тренда {t:q} такого правила нет",
    ),
    (
        (
            rf"(?P<path>{_P}) is (?P<n>\d+), but indicator (?P<i>{_Q}) has (?P<k>\d+) band\(s\), "
            r"numbered from 0"
        ),
        "значение {path} — {n}, но у показателя {i:q} {k:p:полоса:полосы:полос}, нумерация с 0",
    ),
    (
        (
            rf"(?P<path>{_P}) is (?P<n>\d+), but trend (?P<i>{_Q}) has (?P<k>\d+) rule\(s\), "
            r"numbered from 0"
        ),
        "значение {path} — {n}, но у тренда {i:q} {k:p:правило:правила:правил}, нумерация с 0",
    ),
    (
        (
            rf"(?P<path>{_P}): (?P<k>{_Q}) is for trends only, and every other one has bands, not rules "
            rf"\(use (?P<a>{_Q}) or (?P<b>{_Q})\)"
        ),
        (
            "{path}: {k} бывает только у трендов, а у остальных есть полосы, а не правила "
            "(используйте {a} или {b})"
        ),
    ),
    (
        (
            rf"(?P<path>{_P}): (?P<k>{_Q}) is for trends only, and (?P<i>{_Q}) is not a trend: has bands, "
            rf"not rules \(use (?P<a>{_Q}) or (?P<b>{_Q})\)"
        ),
        (
            "{path}: {k} бывает только у трендов, а {i:q} — не тренд: у него полосы, а не правила "
            "(используйте {a} или {b})"
        ),
    ),
    (
        rf"(?P<path>{_P}): the ruleset has no (?P<k>{_Q}), so runs have no scores to check",
        "{path}: в наборе правил нет {k}, поэтому проверять нечего: баллов нет",
    ),
    (
        rf"a second case named (?P<name>{_Q}) \(the first is (?P<path>{_P})\)",
        "второй случай с именем {name:q} (первый — {path})",
    ),
    (
        r"case names select cases and name snapshots, so they must be unique",
        "по именам случаев их выбирают и называют снимки, поэтому имена не должны совпадать",
    ),
    (
        rf"the snapshot of case (?P<a>{_Q}) would be (?P<f>{_Q}), the file of case (?P<b>{_Q})",
        "снимок случая {a:q} попал бы в файл {f}, который уже занят случаем {b:q}",
    ),
    (
        r"a case name is one line: it heads failure reports and names snapshots",
        "имя случая — одна строка: с него начинаются отчёты о неудачах, и им называются снимки",
    ),
    (rf"or (?P<v>{_Q}) for every other one", "или {v} для всех остальных"),
    # `pdrs-rules new` (_scaffold.py).
    (r"the file exists and was not overwritten", "файл уже существует и не перезаписан"),
    (
        r"the new ruleset would replace its own base",
        "новый набор правил заменил бы собственный базовый набор",
    ),
    (
        r"expected an --id other than the base's file name",
        "ожидался --id, отличный от имени файла базового набора",
    ),
    (
        r"expected a new file \(give --force to overwrite, or another --id or --dir\)",
        (
            "ожидался новый файл (чтобы перезаписать, укажите --force, или выберите другие "
            "--id или --dir)"
        ),
    ),
    (
        r"the base ruleset does not exist: expected a \.yaml file",
        "базового набора правил нет: ожидался файл .yaml",
    ),
    (
        r"the base is not a \.yaml or \.yml ruleset file",
        "базовый набор правил должен быть файлом .yaml или .yml",
    ),
    (
        (
            rf"the base is outside the folder (?P<d>{_Q}) the new ruleset goes to, and "
            r"'extends' only reaches the ruleset's folder and its subfolders"
        ),
        (
            "базовый набор лежит вне папки {d}, в которую пишется новый набор, а «extends» "
            "достаёт только до папки набора и её подпапок"
        ),
    ),
    (
        (
            r"expected the base in that folder or below \(leave out --dir to write beside the "
            r"base, or copy the base there\)"
        ),
        (
            "ожидался базовый набор в этой папке или ниже (не указывайте --dir, чтобы "
            "записать новый набор рядом с базовым, или скопируйте базовый набор туда)"
        ),
    ),
    # Gaps at the ends of a band set (_bands.py).
    (
        r"values from (?P<a>\S+) up to (?P<b>\S+) fall in no band",
        "значения от {a:n} до {b:n} не попадают ни в одну полосу",
    ),
    (
        r"values between (?P<a>\S+) and (?P<b>\S+) fall in no band",
        "значения между {a:n} и {b:n} не попадают ни в одну полосу",
    ),
    (
        r"start the first band lower or drop its lower bound",
        "начните первую полосу ниже или уберите её нижнюю границу",
    ),
    (
        r"end the last band higher or drop its upper bound",
        "закончите последнюю полосу выше или уберите её верхнюю границу",
    ),
    (
        rf"columns (?P<a>\d+) and (?P<b>\d+) are both headed (?P<h>{_Q}) \((?P<what>.+)\)",
        "у столбцов {a} и {b} один заголовок {h} ({what:t})",
    ),
    (rf"fact (?P<f>{_Q})", "факт {f:q}"),
    (
        rf"did you mean (?P<name>{_Q}), which is declared\? \((?P<lists>.*)\)",
        "возможно, имелось в виду объявленное имя {name:q}? ({lists:t})",
    ),
    (
        rf"the ruleset has no parameter (?P<name>{_Q}) \((?P<lists>.*)\)",
        "в наборе правил нет параметра {name:q} ({lists:t})",
    ),
    (r"none", "нет"),
    # --- end of catalog: catch-alls stay last, so that every specific entry wins ---
    # What a note of `extends` says changed (after "$.path: "), carried over as it is.
    (r"(?P<old>[^;]+) → (?P<new>[^;]+)", "{old} → {new}"),
    (r"(?P<keys>\{[\w, ]*\})", "{keys}"),
    # What a note of `add` shows for a new scalar value.
    (rf"(?P<path>{_P}): (?P<v>\".*|-?\d[\d.e+-]*|true|false|null)", "{path}: {v}"),
    # jsonschema's own message for a keyword with no message of ours (code `schema`): its
    # English text is kept, after a Russian lead-in.
    (rf"(?P<path>{_P}): (?P<why>.+)", "{path}: нарушение схемы набора правил: {why}"),
)
