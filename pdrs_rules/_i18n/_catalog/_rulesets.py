"""The Russian catalog: messages about rulesets (see _catalog for the format)."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _P, _Q, _V

__all__ = ["RULESETS"]

RULESETS: tuple[tuple[str, str], ...] = (
    # --- ruleset: reading (_load/_yaml.py) ---
    (r"cannot read the ruleset: (?P<why>.+)", "не удалось прочитать набор правил: {why:t}"),
    (r"cannot read the case file: (?P<why>.+)", "не удалось прочитать файл случаев: {why:t}"),
    (
        rf"the (?P<kind>ruleset|facts file|group facts file) (?P<f>{_Q}) is not a regular file \(a folder, a named pipe, a device\)",
        "{kind:t} {f} — не обычный файл (папка, именованный канал, устройство)",
    ),
    (r"No such file or directory", "файл или папка не найдены"),
    (r"Is a directory", "это папка, а не файл"),
    (r"Permission denied", "нет доступа"),
    (
        r"(?P<file>.+): (?P<why>No such file or directory|Is a directory|Permission denied|not a regular file \(.+\))",
        "{file}: {why:t}",
    ),
    (r"the ruleset text is too large", "текст набора правил слишком велик"),
    (r"the case file text is too large", "текст файла случаев слишком велик"),
    (
        r"a ruleset may have at most (?P<n>\d+) bytes",
        "набор правил может занимать не больше {n:p:байта:байтов:байтов}",
    ),
    (
        r"a case file may have at most (?P<n>\d+) bytes",
        "файл случаев может занимать не больше {n:p:байта:байтов:байтов}",
    ),
    (r"the file is (?P<n>\d+) bytes", "размер файла {n:p:байт:байта:байтов}"),
    (r"the ruleset file is empty", "файл набора правил пуст"),
    (r"the case file is empty", "файл случаев пуст"),
    (
        r"the ruleset is not valid UTF-8 \(save it as UTF-8\)",
        "набор правил не в кодировке UTF-8 (сохраните его в UTF-8)",
    ),
    (
        r"the case file is not valid UTF-8 \(save it as UTF-8\)",
        "файл случаев не в кодировке UTF-8 (сохраните его в UTF-8)",
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
    (
        rf"(?P<path>{_P}) is (?P<v>nan|inf|-inf), not a finite number",
        "{path} = {v} — это не конечное число",
    ),
    (r"write a number", "запишите число"),
    (
        rf"(?P<path>{_P}) is (?P<v>.+), a number of (?P<n>\d+) characters",
        "{path} = {v} — число из {n:p:знака:знаков:знаков}",
    ),
    (
        r"a number in a ruleset is written with at most (?P<n>\d+)",
        "в наборе правил число записывается не более чем {n:p:знаком:знаками:знаками}",
    ),
    (
        rf"(?P<path>{_P}) is (?P<v>.+), larger than a number in a ruleset may be \(at most (?P<m>\S+)\)",
        "{path} = {v} — в наборе правил числа не больше {m} по модулю",
    ),
    (
        (
            rf"(?P<key>a key in )?(?P<path>{_P}) has (?P<c>\\u[0-9a-f]{{4}}) at character (?P<n>\d+), "
            r"half of a character \(a lone surrogate\) that no file can hold"
        ),
        "{key:t}{path}: {c} на {n}-й позиции — половина символа (одиночный суррогат), такой текст не записать ни в один файл",
    ),
    (r"a key in ", "ключ в "),
    (r"write the character itself", "запишите сам символ"),
    (
        r"not a regular file \((?P<kind>a named pipe|a device|a socket|something else)\)",
        "это не обычный файл ({kind:t})",
    ),
    (r"a named pipe", "именованный канал"),
    (r"a device", "устройство"),
    (r"a socket", "сокет"),
    (r"something else", "что-то другое"),
    # --- ruleset structure: JSON Schema violations (_load/_validate.py) ---
    (rf"unknown key (?P<key>{_Q}) in (?P<path>{_P})", "неизвестный ключ {key:q} в {path}"),
    (
        (
            rf"(?P<key>{_Q}) has no value in a \{{…\}} mapping: an unquoted comma in the value "
            r"before it ended that value there"
        ),
        (
            "у {key:q} нет значения в словаре {{…}}: незакавыченная запятая в предыдущем значении "
            "оборвала его"
        ),
    ),
    (
        r'put the value in quotes \(text: "…, …"\) or write the mapping as indented lines',
        'заключите значение в кавычки (text: "…, …") или запишите словарь строками с отступом',
    ),
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
    (
        rf"(?P<path>{_P}): (?P<change>.+?) \(base: (?P<loc>[^()]+)\)",
        "{path}: {change:t} (в базовом наборе: {loc})",
    ),
    (rf"(?P<path>{_P}): (?P<change>\{{[\w, ]*\}}|.+ → .+)", "{path}: {change:t}"),
    (
        r"(?P<a>\d+) → (?P<b>\d+) items, first change at (?P<rest>.+)",
        "{a} → {b:p:элемент:элемента:элементов}, первое изменение: {rest}",
    ),
    # --- ruleset meaning: names and formulas (_compile/_compiler.py, _formula/_grammar.py) ---
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
        (
            r"(?P<name>\{[\w.]+\}) needs a share\(n, d\) indicator with better: higher or lower, "
            r"and after 'gap\.' one of next, best, a numeric parameter or a name in the "
            r"indicator's targets"
        ),
        (
            "подстановка {name} возможна только у показателя с формулой share(n, d) и better: "
            "higher или lower; после «gap.» — next, best, числовой параметр или имя из targets "
            "показателя"
        ),
    ),
    (
        rf"(?P<k>\w+): (?P<w>{_Q}) is not relative to (?P<b>{_Q}) as the other bounds are",
        "{k}: {w} не отсчитывается от {b:q}, как другие границы",
    ),
    (
        (
            r"write every bound relative to it \((?P<e>[^)]*)\), so that the bands keep their "
            r"order whatever its value"
        ),
        "отсчитывайте от него все границы ({e}), чтобы полосы сохраняли порядок при любом его значении",
    ),
    (
        (
            rf"(?P<k>\w+): (?P<w>{_Q}) moves with (?P<b>{_Q}), so the (?P<side>first|last) band "
            r"cannot reach the end of the values: leave it without (?P<k2>\w+)"
        ),
        (
            "{k}: {w} сдвигается вместе с {b:q}, и крайняя полоса не может охватить край значений: "
            "уберите у неё {k2}"
        ),
    ),
    (
        (
            rf"(?P<k>\w+): (?P<b>{_Q}) in (?P<w>{_Q}) is not a declared aggregate or numeric "
            r"parameter"
        ),
        "{k}: {b:q} в {w} — не объявленный агрегат и не числовой параметр",
    ),
    (
        rf"(?P<k>\w+): (?P<b>{_Q}) in (?P<w>{_Q}) is not a numeric parameter",
        "{k}: {b:q} в {w} — не числовой параметр",
    ),
    (
        (
            rf"aggregate (?P<a>{_Q}) reads (?P<b>{_Q}) in its condition, but (?P<c>{_Q}) is "
            r"computed in the second stage \((?P<why>.+)\)"
        ),
        "агрегат {a:q} читает в условии {b:q}, но {c:q} вычисляется на втором этапе ({why:t})",
    ),
    (
        r"a second-stage aggregate reads only first-stage ones",
        "агрегат второго этапа читает только агрегаты первого этапа",
    ),
    (
        (
            rf"indicator (?P<i>{_Q}) reads (?P<a>{_Q}), which is computed after the school "
            r"indicators \((?P<why>.+)\)"
        ),
        "показатель {i:q} читает {a:q}, а он вычисляется после показателей ОО ({why:t})",
    ),
    (
        r"school indicators read only first-stage aggregates",
        "показатели ОО читают только агрегаты первого этапа",
    ),
    (
        rf"it reads (?P<x>{_Q}), which reads an aggregate",
        "он читает {x:q}, а тот сам читает агрегат",
    ),
    (rf"its condition reads (?P<x>{_Q})", "его условие читает {x:q}"),
    (
        rf"the levels of (?P<x>{_Q}) move with an aggregate",
        "уровни {x:q} сдвигаются вместе с агрегатом",
    ),
    (
        rf"show: (?P<v>{_Q}) is not an indicator, a fact, 'none' or a gap of `of`",
        "show: {v:q} — не показатель, не факт, не «none» и не разрыв по `of`",
    ),
    (
        rf"show: (?P<v>{_Q}) is a gap of `of`, which must be (?P<what>.+)",
        "show: {v:q} — разрыв по `of`, а `of` должен быть {what:t}",
    ),
    (r"a share\(n, d\) indicator", "показателем с формулой share(n, d)"),
    (
        r"a share\(n, d\) indicator with better: higher or lower, with this target",
        "показателем с формулой share(n, d), better: higher или lower и такой целью",
    ),
    (
        rf"target (?P<t>{_Q}): (?P<v>{_Q}) is not a numeric parameter",
        "цель {t:q}: {v:q} — не числовой параметр",
    ),
    (rf"(?P<k>\w+): (?P<v>{_Q}) is not a numeric parameter", "{k}: {v:q} — не числовой параметр"),
    (
        rf"(?P<n>{_Q}) is a built-in target of (?P<p>\{{gap\.\w+\}})",
        "{n:q} — встроенная цель подстановки {p}",
    ),
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
    # Template syntax (_formula/_template.py), after "bad placeholder in the text: " (_texts.py).
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
    # Python's own words for the rarer syntax errors stay English after a Russian lead-in.
    (r"this is not a valid formula: (?P<why>.+)", "это не формула: {why}"),
    (r"invalid syntax", "синтаксическая ошибка"),
    (
        r"only the functions (?P<list>[\w, ]+) may be called",
        "вызывать можно только функции {list}",
    ),
    (r"a formula is a single expression", "формула — это одно выражение"),
    (rf"remove (?P<v>{_Q}) and what follows", "уберите {v} и всё, что после"),
    (
        r"attribute access \(x\.y\) is not allowed in formulas",
        "обращение к атрибутам (x.y) в формулах не допускается",
    ),
    (r"(?P<what>.+) (?:is|are) not allowed in formulas", "{what} в формулах не допускается"),
    (r"numbers in formulas are limited to (?P<n>\S+)", "числа в формулах ограничены значением {n}"),
    (
        r"the formula is nested deeper than (?P<n>\d+) levels",
        "формула вложена глубже {n:p:уровня:уровней:уровней}",
    ),
    (
        r"the formula has (?P<n>\d+) characters",
        "в формуле {n:p:символ:символа:символов}",
    ),
    (r"at most (?P<n>\d+) are allowed", "допускается не больше {n}"),
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
)
