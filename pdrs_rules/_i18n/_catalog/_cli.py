"""The Russian of the command line's help: argparse's own words and every option's help text.

``CLI`` maps an English text, exactly as written in ``pdrs_rules/cli``, to its Russian;
tests/test_cli_russian.py fails for a help text of any subcommand that is missing here.
argparse's error messages are translated by the message catalog (_catalog.py), clause by clause.
"""

# The entries are long texts; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

__all__ = ["CLI"]

CLI: dict[str, str] = {
    # argparse's own words (the help formatter asks for them).
    "usage: ": "использование: ",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    # pdrs-rules and --lang.
    "Declarative monitoring rulesets: check them, evaluate them over school facts.": "Наборы правил мониторинга: проверка наборов и оценка по фактам ОО.",
    "language of help, errors and warnings (default: Russian; for messages about a ruleset, its locale)": "язык справки, ошибок и предупреждений (по умолчанию русский; для сообщений о наборе правил — его locale)",
    # The subcommands.
    "validate rulesets; silent when they are valid": "проверить наборы правил; молчит, если ошибок нет",
    "evaluate a ruleset over a facts file": "оценить ОО по таблице фактов",
    "print the JSON Schema of the ruleset format": "напечатать JSON Schema формата набора правил",
    "run the case files (*.cases.yaml) of rulesets; silent when they pass": "выполнить проверочные примеры (*.cases.yaml); молчит, если все пройдены",
    "compare two versions of a ruleset on the same facts; exit 1 if results differ": "сравнить две версии набора правил на одних фактах; код 1, если результаты различаются",
    "analyse the effectiveness of measures: recommendations resolved, persisting, new": "анализ эффективности принятых мер: рекомендации выполненные, сохраняющиеся, новые",
    "scaffold a municipal ruleset that extends a base, with a case file and a facts template; without --extends, a minimal standalone ruleset with one indicator": "создать муниципальный набор правил на основе базового, с проверочными примерами и шаблоном таблицы фактов; без --extends — самостоятельный набор с одним показателем",
    "write the indicator passport: formulas in words and symbols, data sources, thresholds, levels, texts, source document": "написать паспорт показателей: формулы словами и знаками, источники данных, пороги, уровни, тексты, документ-основание",
    "write addressed letters (.docx): one per school and one for the conclusions": "написать адресные письма (.docx): по одному на ОО и одно с общими выводами",
    "explain in Russian why a school got its findings: formula, band, distance to levels": "объяснить, почему ОО получила такие результаты: формула, полоса, расстояние до других уровней",
    "write the report people read: summary, heat map, charts, addressed recommendations": "написать отчёт для чтения: выводы, тепловая карта, диаграммы, адресные рекомендации",
    # check, schema
    "exit 3 on warnings too": "код 3 и при предупреждениях",
    "do not print notes (what a ruleset that extends another overrides)": "не печатать примечания (что набор с extends меняет в базовом)",
    "print the schema of case files (*.cases.yaml) instead": "напечатать схему файлов проверочных примеров (*.cases.yaml)",
    "text (default) or json: a line per problem, or a JSON list with message and message_en": "text (по умолчанию) или json: строка на каждую проблему или список JSON с message и message_en",
    # evaluate, report, letters, explain
    "CSV, JSON, YAML, XLSX, XLS or ODS facts file; several files, one per period, each as FILE (its period column says the period) or PERIOD=FILE": "таблица фактов: CSV, JSON, YAML, XLSX, XLS или ODS; несколько файлов, по одному на период, — каждый как ФАЙЛ (период — в его столбце периода) или ПЕРИОД=ФАЙЛ",
    "the sheet of a workbook to read (the first)": "лист книги Excel, который читать (по умолчанию первый)",
    "facts of the group level (level: group), one row per group and period": "факты уровня МО (level: group), по строке на МО и период",
    "override a parameter; may be repeated": "задать значение параметра; можно повторять",
    "no progress and no warnings on stderr": "не показывать ход работы и предупреждения",
    "default: from the -o extension, else text; xlsx and parquet need -o": "по умолчанию — по расширению -o, иначе text; для xlsx и parquet нужен -o",
    "excel: for Russian Excel (;, decimal comma, Russian headers, a byte order mark); machine: RFC 4180 with the JSON field names (default: excel when the ruleset is ru)": "excel — для русского Excel (разделитель «;», десятичная запятая, русские заголовки, метка BOM); machine — RFC 4180 с именами полей JSON (по умолчанию excel, если набор правил на русском)",
    "write here (atomically) instead of standard output": "записать в этот файл (целиком или никак) вместо вывода на экран",
    "exit 1 if any finding is at this level or worse": "код 1, если есть результат этого уровня или хуже",
    "the period to write about (default: the latest)": "период, о котором писать (по умолчанию последний)",
    "no progress, warnings or summary on stderr": "не показывать ход работы, предупреждения и итог",
    "a folder (one .docx per letter) or a FILE.docx (every letter, one per page)": "папка (по файлу .docx на письмо) или ФАЙЛ.docx (все письма, каждое с новой страницы)",
    "keep only recommendations to this addressee (e.g. school_head); may be repeated": "только рекомендации этому адресату (например, school_head); можно повторять",
    "write only this school's letter (no conclusions letter); may be repeated": "только письмо этой ОО (без письма с выводами); можно повторять",
    "the period to explain (default: the school's latest)": "период, который объяснить (по умолчанию последний период ОО)",
    "the school's code": "код ОО",
    "explain only this indicator": "объяснить только этот показатель",
    "the period to report on (default: the latest)": "период отчёта (по умолчанию последний)",
    "no progress or warnings": "не показывать ход работы и предупреждения",
    "html (one self-contained page) or md; default: from the -o extension, else html": "html (одна самодостаточная страница) или md; по умолчанию — по расширению -o, иначе html",
    # test
    "case files, or folders searched for *.cases.yaml (default: .)": "файлы примеров или папки, в которых искать *.cases.yaml (по умолчанию текущая)",
    "run only cases whose name matches": "выполнить только примеры, имя которых подходит под образец",
    "list the bands, trend rules, outcomes, texts and aggregates of each ruleset that cases reached": "перечислить полосы, правила динамики, исходы, тексты и агрегаты каждого набора, которые проверены примерами",
    "exit 1 if a ruleset's coverage is below PCT percent": "код 1, если покрытие набора ниже PCT процентов",
    "write or refresh the snapshots of snapshot cases": "записать или обновить снимки примеров-снимков",
    "also list passing cases": "перечислять и пройденные примеры",
    "text (default) or json: one object with every case, its result and its mismatches, for CI tools": "text (по умолчанию) или json: один объект со всеми примерами, их результатами и расхождениями, для CI",
    # diff
    "the ruleset as it was": "набор правил, как он был",
    "the ruleset as it is now": "набор правил, как он есть сейчас",
    "CSV, JSON or YAML facts file": "таблица фактов: CSV, JSON или YAML",
    "count schools this close to a threshold of NEW, in the indicator's units (percentage points for shares; default 1)": "считать ОО, настолько близкие к порогу в NEW, в единицах показателя (для долей — в процентных пунктах; по умолчанию 1)",
    # effect
    "findings JSON (evaluate --format json) of the earlier period": "результаты JSON (evaluate --format json) за более ранний период",
    "findings JSON of the later period; without it BEFORE must hold both periods": "результаты JSON за более поздний период; без него BEFORE должен содержать оба периода",
    "the earlier period": "более ранний период",
    "the later period": "более поздний период",
    # new
    "Write DIR/ID.yaml, DIR/ID.cases.yaml and DIR/ID.facts.csv, and beside them copies of the schemas and .vscode/settings.json. With --extends the ruleset extends BASE by a relative path and repeats its parameters for editing. Without --extends: a minimal standalone ruleset with one indicator. Existing files are not overwritten without --force.": "Записывает DIR/ID.yaml, DIR/ID.cases.yaml и DIR/ID.facts.csv, а рядом — копии схем и .vscode/settings.json. С --extends набор расширяет BASE по относительному пути и повторяет его параметры для правки. Без --extends — самостоятельный набор с одним показателем. Существующие файлы без --force не перезаписываются.",
    "the base ruleset; it must be in DIR or below, since 'extends' reaches no further": "базовый набор правил; он должен быть в DIR или глубже, дальше extends не достаёт",
    "e.g. myshkin-2026": "например, myshkin-2026",
    "the title of the monitoring": "название мониторинга",
    "where to write the files (default: the base's folder, or the current one)": "куда записать файлы (по умолчанию папка базового набора или текущая)",
    "overwrite existing files": "перезаписать существующие файлы",
    # passport
    "md (Markdown, the default) or html (one printable page); an -o FILE ending in .html implies html": "md (Markdown, по умолчанию) или html (одна страница для печати); -o ФАЙЛ с расширением .html означает html",
    "also the identifiers of facts, parameters, indicators and levels, the formulas as written and the texts' templates (for the ruleset's authors)": "показать и идентификаторы фактов, параметров, показателей и уровней, формулы и шаблоны текстов как они записаны (для авторов набора)",
    # letters
    "the department's letterhead with {{ addressee }}, {{ date }}, {{ number }}, {{ body }}, {{ signature }} … (default: pdrs_rules/templates/letter.docx)": "бланк управления с подстановками {{ addressee }}, {{ date }}, {{ number }}, {{ body }}, {{ signature }} … (по умолчанию pdrs_rules/templates/letter.docx)",
    "the letters' date, e.g. 24.05.2022 (default: a blank)": "дата писем, например 24.05.2022 (по умолчанию — пропуск для заполнения)",
    "the outgoing number; {n} is the letter's sequence number, {id} the school's id, e.g. 768/{n} (default: a blank)": "исходящий номер; {n} — порядковый номер письма, {id} — код ОО, например 768/{n} (по умолчанию — пропуск для заполнения)",
    # report
    "write here (atomically) instead of standard output; a folder (DIR/) gets index.html, and above 300 schools a summary and a page per group": "записать сюда (целиком или никак) вместо вывода на экран; в папку (ПАПКА/) — index.html, а при числе ОО больше 300 — сводную страницу и страницу на каждую группу",
    # the reporting period and its history
    "report every period up to --period, not only the reporting one": "отчёт по всем периодам до --period, а не только по отчётному",
    "the later period: the reporting period (default: the latest)": "более поздний период: отчётный (по умолчанию — последний)",
    "the period to explain (default: the latest of the facts)": "период, который объяснить (по умолчанию — последний в таблице фактов)",
    "the reporting period (default: the latest); earlier periods are its history": "отчётный период (по умолчанию — последний); более ранние периоды — его история",
}
