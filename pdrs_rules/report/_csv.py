"""CSV output: RFC 4180 text (CRLF), every cell neutralised against spreadsheet formulas.

Every CSV the package writes (``evaluate --format csv``, ``effect --format csv``) goes through
:func:`csv_text`, so no writer can forget the neutralisation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import BandRef, Finding

__all__ = [
    "CSV_COLUMNS",
    "EXCEL_HEADERS",
    "csv_cell",
    "csv_text",
    "excel_csv_text",
    "excel_finding_row",
    "finding_row",
]

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
# injection"): = + - @, and tab and carriage return, which some programs skip before them.
_FORMULA_START = "=+-@\t\r"


def csv_cell(text: str) -> str:
    """``text`` made inert for spreadsheets: an apostrophe before a formula's first character."""
    if text and text[0] in _FORMULA_START:
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A header and rows as CSV text; cells of the rows (school names, texts) are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def excel_csv_text(header: Sequence[str], rows: Iterable[Sequence[str | _Number]]) -> str:
    """CSV that Russian Excel opens with a double-click: a byte order mark, ``;``, CRLF.

    Text cells are neutralised as in :func:`csv_text`; numbers (given as :class:`_Number`) are
    written with a decimal comma and left as numbers.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(
        [cell if isinstance(cell, _Number) else csv_cell(cell) for cell in row] for row in rows
    )
    return out.getvalue()


class _Number(str):
    """A number already written with a decimal comma: not text, so not neutralised."""

    __slots__ = ()


#: The headers of :func:`excel_finding_row`, for people, in :data:`CSV_COLUMNS` order.
EXCEL_HEADERS = (
    "Набор правил",
    "Версия набора",
    "Код {entity}",
    "Наименование {entity}",
    "Период",
    "Показатель",
    "Результат",
    "Значение",
    "Значение в отчёте",
    "Уровень",
    "Баллы",
    "Полоса",
    "Рекомендации",
    "Пояснение",
    "Причина",
)


def excel_finding_row(
    f: Finding, titles: Mapping[str, str], levels: Mapping[str, str], outcomes: Mapping[Any, str]
) -> list[str | _Number]:
    """The cells of one finding for :data:`EXCEL_HEADERS`: titles, Russian words, commas."""
    row: list[str | _Number] = list(finding_row(f))
    row[5] = titles.get(f.indicator, f.indicator)
    row[6] = outcomes[f.outcome]
    row[7] = _excel_number(f.value)
    row[9] = levels.get(f.level, f.level) if f.level else ""
    row[10] = _excel_number(f.points)
    return row


def _excel_number(value: float | bool | None) -> str | _Number:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return _Number(repr(float(value)).removesuffix(".0").replace(".", ","))


#: The header of ``Report.to_csv()``, in column order (see docs/findings.md).
CSV_COLUMNS = (
    "ruleset_id",
    "ruleset_version",
    "school_id",
    "school_name",
    "period",
    "indicator",
    "outcome",
    "value",
    "display",
    "level",
    "points",
    "band",
    "recommendations",
    "explanation",
    "reason",
)


def finding_row(f: Finding) -> list[str]:
    """The cells of one finding in :data:`CSV_COLUMNS` order."""
    return [
        f.ruleset_id,
        f.ruleset_version,
        f.school_id,
        f.school_name,
        f.period,
        f.indicator,
        f.outcome.value,
        _number(f.value),
        f.display,
        f.level or "",
        _number(f.points),
        _band_text(f.band),
        " | ".join(f"{r.to_title}: {r.text}" for r in f.recommendations),
        f.explanation,
        f.reason,
    ]


def _band_text(band: BandRef | None) -> str:
    """A band as an interval with decimal commas: ``[30; 50)``, ``(−∞; 50)``; ``да`` or ``нет``."""
    if band is None:
        return ""
    if band.equals is not None:
        return "да" if band.equals else "нет"
    lower = (
        "(−∞"
        if band.lower is None
        else ("[" if band.lower_inclusive else "(") + format_number(band.lower)
    )
    upper = (
        "∞)"
        if band.upper is None
        else format_number(band.upper) + ("]" if band.upper_inclusive else ")")
    )
    return f"{lower}; {upper}"


def _number(value: float | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
