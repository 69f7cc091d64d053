"""The Russian catalog: messages about facts files and parameters (see _catalog for the format)."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _P, _Q, _ROW, _SH

__all__ = ["FACTS"]

FACTS: tuple[tuple[str, str], ...] = (
    # --- facts files (_facts*.py) ---
    # Workbooks, header rows, totals rows, the long layout (_facts/_formats/_xlsx.py, _facts/_sheet.py).
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
    (
        r"expected an \.xlsx, \.xlsm, \.xls or \.ods file, or no sheet",
        "ожидался файл .xlsx, .xlsm, .xls или .ods либо запуск без указания листа",
    ),
    (r"a workbook is given as text", "книга Excel передана как текст"),
    (r"expected its bytes", "ожидались её байты"),
    (
        rf"expected (?P<a>{_Q}), (?P<b>{_Q}), (?P<c>{_Q}) or (?P<d>{_Q})",
        "ожидалось {a}, {b}, {c} или {d}",
    ),
    (r"not a valid \.xlsx workbook: (?P<why>.+)", "файл не является книгой .xlsx: {why}"),
    (
        r"not a valid (?P<kind>\.xls|\.ods) workbook: (?P<why>.+)",
        "файл не является книгой {kind}: {why}",
    ),
    (
        r"expected a file saved by Excel or LibreOffice as (?P<kind>\.ods)",
        "ожидался файл, сохранённый в Excel или LibreOffice как {kind}",
    ),
    (
        r"reading (?P<kind>\.xls|\.ods) files needs the python-calamine package",
        "для чтения файлов {kind} нужен пакет python-calamine",
    ),
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
        r"expected \.csv, \.tsv, \.txt, \.json, \.yaml, \.yml, \.xlsx, \.xlsm, \.xls or \.ods",
        "ожидался файл .csv, .tsv, .txt, .json, .yaml, .yml, .xlsx, .xlsm, .xls или .ods",
    ),
    (
        r"expected 'csv', 'json', 'yaml', 'xlsx', 'xls' or 'ods'",
        "ожидалось 'csv', 'json', 'yaml', 'xlsx', 'xls' или 'ods'",
    ),
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
    (rf"file (?P<f>{_Q})", "файл {f}"),
    (
        (
            rf"school (?P<id>{_Q}) is in period (?P<p>{_Q}) in its (?P<c>{_Q}) column, but its "
            rf"facts were given for period (?P<g>{_Q})"
        ),
        "ОО {id} в столбце {c} отнесена к периоду {p}, а её факты переданы за период {g}",
    ),
    (
        r"expected the same period, or no period column",
        "ожидался тот же период или таблица без столбца периода",
    ),
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
        r"(?P<v>.+) has half of a character \(a lone surrogate\) at character (?P<n>\d+) \((?P<where>.+)\)",
        "в {v:t} на {n}-й позиции половина символа (одиночный суррогат) ({where:t})",
    ),
    (r"expected text of whole characters", "ожидался текст из целых символов"),
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
    # --- parameters (_engine/_ruleset.py) ---
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
)
