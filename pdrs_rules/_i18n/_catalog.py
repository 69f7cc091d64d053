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

The entries live in four modules, tried in this order: _catalog_common (building blocks
of patterns and the clauses every message shares), _catalog_rulesets, _catalog_facts
(facts files and parameters), then this one (case files, ``new``, and the catch-alls).
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

from ._catalog_common import _P, _Q, SHARED
from ._catalog_facts import FACTS
from ._catalog_rulesets import RULESETS

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
    *RULESETS,
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
    (
        r"--format parquet writes files, not standard output",
        "--format parquet записывает файлы, а не стандартный вывод",
    ),
    (r"expected -o FILE", "укажите -o ФАЙЛ"),
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
        r"no case files \(\*\.cases\.yaml\) in (?P<where>.+)",
        "нет файлов кейсов (*.cases.yaml) в {where}",
    ),
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
