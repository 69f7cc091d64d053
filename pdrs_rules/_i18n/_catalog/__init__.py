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

The entries live in the modules of this package, tried in this order: _common (building
blocks of patterns and the clauses every message shares), _files (YAML's words and hints, notes
of extends), _rulesets (reading, the schema, names and formulas), _bands, _compose (a ruleset
that extends another), _municipal (aggregates, conclusions, trends; short titles), _handmade
(tables made by hand), _facts (facts files and parameters), then this one (case files,
``new``, and the catch-alls). The help of the command line is in _cli.
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

from ._bands import BANDS
from ._common import _P, _Q, SHARED
from ._compose import COMPOSITION
from ._facts import FACTS
from ._files import FILES
from ._handmade import HANDMADE
from ._municipal import MUNICIPAL
from ._rulesets import RULESETS

__all__ = ["CATALOG", "WORDS"]

#: Words outside the messages: severities and the caret line of a formula error.
WORDS: dict[str, str] = {
    "warning": "предупреждение",
    "note": "примечание",
    "error": "ошибка",
    "here": "здесь",
}

# The catalog in the order entries are tried: each section's specific entries before the
# case files', and the catch-alls at the very end.
CATALOG: tuple[tuple[str, str], ...] = (
    *SHARED,
    *FILES,
    *RULESETS,
    *BANDS,
    *COMPOSITION,
    *MUNICIPAL,
    *HANDMADE,
    *FACTS,
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
    # `pdrs-rules new` (_authoring/_scaffold.py).
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
    # Gaps at the ends of a band set (_compile/_bands.py).
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
    # --- the command line: after "pdrs-rules X: error: " (cli/, _authoring/_explain.py …) ---
    (
        rf"period (?P<v>{_Q}) is not known \(periods: (?P<list>.*)\)",
        "период {v:q} не найден (периоды: {list})",
    ),
    (
        rf"school (?P<v>{_Q}) is not known \(schools: (?P<list>.*)\)",
        "ОО {v:q} не найдена (ОО: {list})",
    ),
    (
        rf"addressee (?P<v>{_Q}) is not known \(addressees: (?P<list>.*)\)",
        "адресат {v:q} не найден (адресаты: {list})",
    ),
    (
        rf"level (?P<v>{_Q}) is not known \(levels: (?P<list>.*)\)",
        "уровень {v:q} не найден (уровни: {list})",
    ),
    (r"(?P<opt>--[\w-]+): (?P<rest>.+)", "{opt}: {rest:t}"),
    (rf"--param takes NAME=VALUE, got (?P<v>{_Q})", "--param ожидает ИМЯ=ЗНАЧЕНИЕ, а получено {v}"),
    (rf"no school (?P<v>{_Q})", "нет ОО {v:q}"),
    (rf"no school (?P<v>{_Q}) \(schools: (?P<list>.*)\)", "нет ОО {v:q} (ОО: {list})"),
    (rf"no indicator (?P<v>{_Q})", "нет показателя {v:q}"),
    (
        rf"no indicator (?P<v>{_Q}) \(indicators: (?P<list>.*)\)",
        "нет показателя {v:q} (показатели: {list})",
    ),
    (rf"no period (?P<v>{_Q})", "нет периода {v:q}"),
    (rf"no period (?P<v>{_Q}) \(periods: (?P<list>.*)\)", "нет периода {v:q} (периоды: {list})"),
    (
        rf"did you mean (?P<name>{_Q})\? \(schools: (?P<list>.*)\)",
        "возможно, имелось в виду {name:q}? (ОО: {list})",
    ),
    (
        rf"did you mean (?P<name>{_Q})\? \(periods: (?P<list>.*)\)",
        "возможно, имелось в виду {name:q}? (периоды: {list})",
    ),
    (
        rf"cannot tell the format from (?P<f>{_Q}) \(known extensions: (?P<list>.*)\)",
        "по имени {f} не понять формат (известные расширения: {list})",
    ),
    (r"give --format html or --format md", "укажите --format html или --format md"),
    # argparse's own errors (cli/_shared.Parser.error); one not listed keeps the message English.
    (
        r"the following arguments are required: (?P<args>.+)",
        "не заданы обязательные аргументы: {args}",
    ),
    (
        r"argument command: invalid choice: (?P<v>.+?) \(choose from (?P<list>.+)\)",
        "неизвестная команда {v} (есть: {list})",
    ),
    (
        r"argument (?P<arg>\S+): invalid choice: (?P<v>.+?) \(choose from (?P<list>.+)\)",
        "аргумент {arg}: недопустимое значение {v} (допустимые: {list})",
    ),
    (r"unrecognized arguments: (?P<args>.+)", "неизвестные аргументы: {args}"),
    (r"argument (?P<arg>\S+): expected one argument", "аргумент {arg}: ожидалось одно значение"),
    (
        r"argument (?P<arg>\S+): expected at least one argument",
        "аргумент {arg}: ожидалось хотя бы одно значение",
    ),
    (
        r"argument (?P<arg>\S+): invalid (?P<type>\w+) value: (?P<v>.+)",
        "аргумент {arg}: недопустимое значение {v}",
    ),
    (
        r"argument (?P<arg>\S+): (?P<rest>expected a percentage.*)",
        "аргумент {arg}: {rest:t}",
    ),
    (
        r"ambiguous option: (?P<o>\S+) could match (?P<list>.+)",
        "неоднозначный параметр {o}: подходят {list}",
    ),
    (
        r"argument (?P<a>\S+): not allowed with argument (?P<b>\S+)",
        "аргумент {a} нельзя задавать вместе с {b}",
    ),
    (r"one of the arguments (?P<list>.+) is required", "нужен один из аргументов {list}"),
    (r"expected a percentage, got (?P<v>.+)", "ожидался процент, получено {v}"),
    (
        r"expected a percentage from 0 to 100, got (?P<v>.+)",
        "ожидался процент от 0 до 100, получено {v}",
    ),
    (
        rf"-o (?P<f>{_Q}) names a (?P<k>\w+) file, but --format is (?P<g>\w+)",
        "-o {f} — файл формата {k}, а задан --format {g}",
    ),
    (
        r"expected the extension of (?P<g>\w+) or no --format",
        "ожидалось расширение формата {g} или запуск без --format",
    ),
    (
        r"give --format text, json, jsonl, csv, xlsx or parquet",
        "укажите --format text, json, jsonl, csv, xlsx или parquet",
    ),
    (
        r"a workbook is not written to standard output",
        "книга Excel не выводится на экран",
    ),
    (r"give -o FILE\.xlsx", "укажите -o ФАЙЛ.xlsx"),
    (
        r"--format parquet writes files, not standard output",
        "--format parquet записывает файлы, а не выводит на экран",
    ),
    (r"give -o FILE\.parquet", "укажите -o ФАЙЛ.parquet"),
    (
        r"(?P<n>\d+) schools do not fit one page \(at most (?P<m>\d+)\)",
        "{n:p:ОО не помещается:ОО не помещаются:ОО не помещаются} на одну страницу (не больше {m})",
    ),
    (
        r"write a folder with a summary and a page per group: (?P<how>-o \S+/)",
        "запишите папку со сводкой и страницей на каждую группу: {how}",
    ),
    (
        (
            rf"the id (?P<v>{_Q}) is not a ruleset id: expected lower-case Latin letters, digits, "
            r"'\.', '_' and '-', starting with a letter or digit \((?P<eg>[^)]*)\)"
        ),
        (
            "{v} не подходит как id набора правил: нужны строчные латинские буквы, цифры, «.», "
            "«_» и «-», в начале буква или цифра ({eg})"
        ),
    ),
    (
        r"the title is empty: expected the title of the monitoring",
        "пустое название: укажите название мониторинга",
    ),
    (
        rf"-o (?P<f>{_Q}) is the (?P<what>ruleset|base ruleset|facts file|group facts file|findings file) of this run",
        "-o {f} — это {what:t}, который читает этот запуск",
    ),
    (r"base ruleset", "базовый набор правил"),
    (r"group facts file", "файл фактов уровня группы"),
    (r"findings file", "файл результатов"),
    (r"write the output to another file", "запишите результат в другой файл"),
    (
        r"no case files \(\*\.cases\.yaml\) in (?P<where>.+)",
        "нет файлов кейсов (*.cases.yaml) в {where}",
    ),
    # --- letter templates (_letters/_letterhead.py) ---
    (r"cannot read the template: (?P<why>.+)", "не удалось прочитать шаблон письма: {why:t}"),
    (
        r"the template is not a Word document \(\.docx\)",
        "шаблон письма — не документ Word (.docx)",
    ),
    (r"the template has (?P<v>'.*'|\".*\")", "в шаблоне письма есть {v}"),
    (
        r"only placeholders such as '\{\{ addressee \}\}' are allowed",
        "допускаются только подстановки вида «{{{{ addressee }}}}»",
    ),
    (
        r"the template has the placeholder \{\{ (?P<name>\w+) \}\}, which letters do not fill",
        "в шаблоне письма есть подстановка «{{{{ {name} }}}}», которую письма не заполняют",
    ),
    (r"known: (?P<list>[\w, ]+)", "известные: {list}"),
    (
        r"the template needs the placeholder \{\{ body \}\} exactly once, alone in a paragraph",
        "в шаблоне письма нужна ровно одна подстановка «{{{{ body }}}}», в отдельном абзаце",
    ),
    (
        r"the placeholder \{\{ body \}\} must be alone in its paragraph",
        "подстановка «{{{{ body }}}}» должна стоять в абзаце одна",
    ),
    # --- findings documents read by `effect` (cli/_effect.py, report/_records.py) ---
    (
        r"a findings document may have at most (?P<n>\d+) bytes",
        "документ с результатами может занимать не больше {n:p:байта:байтов:байтов}",
    ),
    (r"not UTF-8 text", "текст не в кодировке UTF-8"),
    (
        r"not JSON: (?P<why>[^;]+) \(line (?P<l>\d+), column (?P<c>\d+)\)",
        "не JSON: {why:t} (строка {l}, столбец {c})",
    ),
    (
        r"not JSON: (?P<why>[^;]+) \(line (?P<l>\d+), column (?P<c>\d+)\)",
        "не JSON: {why} (строка {l}, столбец {c})",
    ),
    (r"not JSON: (?P<why>.+)", "не JSON: {why}"),
    (r"nested deeper than (?P<n>\d+) levels", "вложенность глубже {n:p:уровня:уровней:уровней}"),
    (r"(?P<v>NaN|-?Infinity) is not a number JSON allows", "{v} — не число в смысле JSON"),
    (
        r"a number has (?P<n>\d+) digits, more than (?P<m>\d+)",
        "в числе {n:p:цифра:цифры:цифр}, больше {m}",
    ),
    (
        r"not a pdrs-rules findings document: (?P<why>.+)",
        "не документ с результатами pdrs-rules: {why:t}",
    ),
    (r"not a JSON object", "не объект JSON"),
    (rf"format is (?P<f>{_Q}|None), expected (?P<e>{_Q})", "формат {f}, ожидался {e}"),
    (
        rf"not a valid findings document: no key (?P<k>{_Q})",
        "в документе с результатами нет ключа {k:q}",
    ),
    (
        r"not a valid findings document: unexpected structure",
        "документ с результатами устроен не так, как ожидалось",
    ),
    (rf"(?P<k>{_Q}) holds (?P<kind>[^;]+)", "{k:q} содержит {kind:t}"),
    (
        rf"(?P<k>{_Q}) has half of a character \(a lone surrogate\)",
        "в {k:q} — половина символа (одиночный суррогат)",
    ),
    (r"a record is (?P<kind>[^;]+)", "запись — {kind:t}"),
    (r"expected (?P<kinds>[^;]+)", "ожидалось: {kinds:t}"),
    (
        r"(?P<a>text|a number|true or false|an object|a list|objects) or (?P<b>.+)",
        "{a:t} или {b:t}",
    ),
    (r"text", "текст"),
    (r"a number", "число"),
    (r"true or false", "true или false"),
    (r"an object", "объект"),
    (r"a list", "список"),
    (r"objects", "объекты"),
    (r"null", "null"),
    (r"'ruleset' is not an object", "«ruleset» — не объект"),
    (
        r"'parameters' is not an object of names and values",
        "«parameters» — не объект из имён и значений",
    ),
    (r"the report has no findings", "в отчёте нет результатов"),
    (
        rf"no findings for period (?P<p>{_Q}) \(periods: (?P<list>.*)\)",
        "нет результатов за период {p:q} (периоды: {list})",
    ),
    (
        r"the report has findings of one period only \((?P<p>.+)\)",
        "в отчёте результаты только за один период ({p})",
    ),
    (r"give a second report to compare with", "укажите второй отчёт для сравнения"),
    (rf"the report has no period before (?P<p>{_Q})", "в отчёте нет периода раньше {p:q}"),
    (rf"the report has no period after (?P<p>{_Q})", "в отчёте нет периода позже {p:q}"),
    (rf"the two periods are the same \((?P<p>{_Q})\)", "это один и тот же период ({p:q})"),
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
