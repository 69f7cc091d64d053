"""The Russian catalog: tables made by hand (footers, markers, id forms, aliases), see _catalog."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _Q, _ROW

__all__ = ["HANDMADE"]

HANDMADE: tuple[tuple[str, str], ...] = (
    # _facts/_handmade.py, _facts/_ids.py, _facts/_columns.py, _compile/_markers.py
    (
        (
            rf"(?P<row>{_ROW}) \((?P<v>{_Q})\) has no facts and looks like a signature, a note or "
            r"a contact line, so it is not counted as a school"
        ),
        "{row:t} ({v}) без фактов похожа на подпись, примечание или контакты исполнителя и не считается ОО",
    ),
    (
        (
            r"(?P<k>\d+) number (?:cell holds|cells hold) (?P<shown>.+) and (?:is|are) read as 0 "
            r"\(first: (?P<where>.+)\)"
        ),
        "{k:p:числовая ячейка содержит:числовые ячейки содержат:числовых ячеек содержат} {shown} и {k:p:читается:читаются:читаются} как 0 (первая: {where:t})",
    ),
    (
        (
            r"(?P<k>\d+) number (?:cell holds|cells hold) (?P<shown>.+) and (?:is|are) read as "
            r"empty \(no data\) \(first: (?P<where>.+)\)"
        ),
        "{k:p:числовая ячейка содержит:числовые ячейки содержат:числовых ячеек содержат} {shown} и {k:p:читается:читаются:читаются} как пустая (нет данных) (первая: {where:t})",
    ),
    (
        r"the ruleset's markers say what such cells mean",
        "что значат такие обозначения, задаёт раздел markers набора правил",
    ),
    (
        (
            r"(?P<k>\d+) school (?:id is|ids are) padded with leading zeros to the ruleset's id "
            r"form: (?P<shown>.+)"
        ),
        "{k:p:код ОО дополнен:кода ОО дополнены:кодов ОО дополнены} ведущими нулями по образцу кода из набора правил: {shown}",
    ),
    (
        (
            r"(?P<k>\d+) school (?:id is|ids are) written without the leading zeros of the "
            r"earlier files and read as they write them: (?P<shown>.+) and (?P<n>\d+) more"
        ),
        "{k:p:код ОО записан:кода ОО записаны:кодов ОО записаны} без ведущих нулей, в отличие от файлов прежних периодов; сопоставлено с ними: {shown} и ещё {n}",
    ),
    (
        (
            r"(?P<k>\d+) school (?:id is|ids are) written without the leading zeros of the "
            r"earlier files and read as they write them: (?P<shown>.+)"
        ),
        "{k:p:код ОО записан:кода ОО записаны:кодов ОО записаны} без ведущих нулей, в отличие от файлов прежних периодов; сопоставлено с ними: {shown}",
    ),
    (
        r"Excel drops the zeros of a code stored as a number",
        "Excel убирает нули в начале кода, сохранённого как число",
    ),
    (
        r"school ids do not have the ruleset's id form: (?P<shown>.+) and (?P<n>\d+) more",
        "коды ОО не соответствуют образцу кода из набора правил: {shown} и ещё {n}",
    ),
    (
        r"school ids do not have the ruleset's id form: (?P<shown>.+)",
        "коды ОО не соответствуют образцу кода из набора правил: {shown}",
    ),
    (
        r"expected ids like the others \(entity\.id_width or entity\.id_pattern\)",
        "ожидались коды по образцу (entity.id_width или entity.id_pattern)",
    ),
    (
        rf"column (?P<c>{_Q}) is read as fact (?P<f>{_Q}) by its alias (?P<a>{_Q})",
        "столбец {c} прочитан как факт {f:q} по другому заголовку {a}",
    ),
    (rf"expected the header (?P<h>{_Q})", "ожидался заголовок {h}"),
    (
        rf"the marker (?P<m>{_Q}) is in both markers\.no_data and markers\.zero",
        "обозначение {m:q} указано и в markers.no_data, и в markers.zero",
    ),
    (r"expected it in one of them", "ожидалось только в одном из них"),
    (
        rf"\$\.entity\.id_pattern (?P<p>{_Q}) is not an id pattern: (?P<why>.+)",
        "$.entity.id_pattern {p} — не образец кода: {why:t}",
    ),
    (
        rf"\$\.entity\.id_pattern (?P<p>{_Q}) is not an id pattern: (?P<why>.+)",
        "$.entity.id_pattern {p} — не образец кода: {why}",
    ),
    (
        rf"(?P<c>{_Q}) is not allowed",
        "{c} не допускается",
    ),
    (
        r"expected characters, \\d, \[\.\.\], \? and \{n\} or \{n,m\}",
        "ожидались символы, \\d, [..], ? и {{n}} или {{n,m}}",
    ),
    (r"expected \\d or an escaped sign", "ожидалось \\d или экранированный знак"),
    (
        r"\{(?P<n>\d+)(?:,(?P<m>\d+))?\} is not a count from 0 to (?P<max>\d+)",
        "повторение вне пределов от 0 до {max}",
    ),
    (
        rf"(?P<c>{_Q}) at (?P<i>\d+) repeats nothing",
        "{c} в позиции {i} ничего не повторяет",
    ),
    (r"the pattern ends with '\\'", "образец заканчивается на «\\»"),
    (r"a '\[' has no '\]'", "у «[» нет «]»"),
    (r"the class \[(?P<c>.*)\] is empty or nested", "класс [{c}] пуст или вложен"),
    (r"expected \{n\} or \{n,m\} at (?P<i>\d+)", "ожидалось {{n}} или {{n,m}} в позиции {i}"),
    (r"not a valid pattern: (?P<why>.+)", "недопустимый образец: {why}"),
)
