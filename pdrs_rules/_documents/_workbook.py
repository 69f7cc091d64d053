"""The findings as an Excel workbook people filter and print (``evaluate -o findings.xlsx``).

Four sheets: every finding with Russian headers (numbers as numbers, shares with a percent
format, level colours, a frozen header row, an autofilter); the heat map of schools ×
indicators coloured as in the HTML report; the conclusions; the recommendations by addressee.
Written with openpyxl, the ``xlsx`` extra; a document for people, so built from the same
format-neutral content as the HTML report (``_content``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

from pdrs_rules._model import Unit
from pdrs_rules.report import status_title

from ._content import Document, build_document
from ._style import level_tone

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["FINDINGS_HEADERS", "SHEETS", "MissingExtraError", "check_xlsx", "render_xlsx"]

#: The sheets, in order.
SHEETS: Final = ("Результаты", "Тепловая карта", "Выводы", "Рекомендации")
#: The columns of the findings sheet; ``{entity}`` is the ruleset's name for a school.
FINDINGS_HEADERS: Final = (
    "Код {entity}",
    "Наименование {entity}",
    "Период",
    "Показатель",
    "Значение",
    "Уровень",
    "Баллы",
    "Рекомендации",
    "Пояснение",
)
_WIDTHS: Final = (10, 34, 11, 48, 11, 20, 8, 70, 50)
_HEADER_FILL: Final = "E9EEF5"
_INSTALL: Final = "pip install 'pdrs-rules[xlsx]'"


class MissingExtraError(ImportError):
    """openpyxl is not installed; the message names the pip command."""


def check_xlsx() -> None:
    """Raise :class:`MissingExtraError` unless openpyxl can be imported."""
    try:
        import openpyxl  # noqa: PLC0415, F401 - the optional extra, imported only when used
    except ImportError:
        raise MissingExtraError(
            f"writing .xlsx files needs the openpyxl package; expected it installed: {_INSTALL}"
        ) from None


def render_xlsx(report: Report, ruleset: Ruleset, *, period: str | None = None) -> bytes:
    """The workbook's bytes: every finding, and the report's sheets of one period.

    The heat map, conclusions and recommendations are of ``period`` (the latest by default).
    Raises MissingExtraError without openpyxl, ValueError for a period not in the report.
    """
    check_xlsx()
    from openpyxl import Workbook  # noqa: PLC0415 - an optional extra

    document = build_document(report, ruleset, period=period)
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet  # noqa: S101
    first.title = SHEETS[0]
    _findings(first, report, ruleset)
    _heat_map(book.create_sheet(SHEETS[1]), document)
    _conclusions(book.create_sheet(SHEETS[2]), document)
    _recommendations(book.create_sheet(SHEETS[3]), document)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill  # noqa: PLC0415 - an optional extra

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _table(sheet: Worksheet, header: Sequence[str], widths: Sequence[int]) -> None:
    """A bold, filled header row that stays in view and repeats on every printed page."""
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415 - an optional extra
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    sheet.append(list(header))
    for column, (cell, width) in enumerate(zip(sheet[1], widths, strict=False), start=1):
        cell.font = Font(bold=True)
        cell.fill = _fill(_HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties  # noqa: PLC0415

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _wrap(cells: Iterable[Any]) -> None:
    from openpyxl.styles import Alignment  # noqa: PLC0415 - an optional extra

    for cell in cells:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _finish(sheet: Worksheet) -> None:
    """An autofilter over the table, once its rows are written."""
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _number_format(unit: Unit, precision: int) -> str:
    decimals = "." + "0" * precision if precision else ""
    return f"0{decimals}%" if unit is Unit.PERCENT else f"0{decimals}"


def _findings(sheet: Worksheet, report: Report, ruleset: Ruleset) -> None:
    info = report.ruleset
    specs = {
        spec.id: spec for spec in (*ruleset.compiled.indicators, *ruleset.compiled.conclusions)
    }
    titles = {**dict(info.indicators), **dict(info.conclusions)}
    levels = dict(info.levels)
    ranks = {level: rank for rank, (level, _) in enumerate(info.levels)}
    _table(sheet, [h.format(entity=info.entity_title) for h in FINDINGS_HEADERS], _WIDTHS)
    for finding in (*report.findings, *report.conclusions):
        spec = specs.get(finding.indicator)
        value: Any = finding.value
        if isinstance(value, bool):
            value = "да" if value else "нет"
        elif value is not None and spec is not None and spec.unit is Unit.PERCENT:
            value = value / 100  # Excel's percent format multiplies by 100
        sheet.append(
            [
                finding.school_id,
                finding.school_name,
                finding.period,
                titles.get(finding.indicator, finding.indicator),
                value,
                status_title(finding, levels),
                finding.points,
                "\n".join(f"{r.to_title}: {r.text}" for r in finding.recommendations),
                finding.reason or finding.explanation,
            ]
        )
        row = sheet.max_row
        if spec is not None and isinstance(value, int | float):
            sheet.cell(row, 5).number_format = _number_format(spec.unit, spec.precision)
        if finding.level is not None and finding.level in ranks:
            sheet.cell(row, 6).fill = _fill(level_tone(ranks[finding.level], len(ranks)))
        _wrap((sheet.cell(row, 8), sheet.cell(row, 9)))
    _finish(sheet)


def _heat_map(sheet: Worksheet, document: Document) -> None:
    header = [f"Код {document.entity_title}", f"Наименование {document.entity_title}"]
    header += [f"{number}. {title}" for number, title in document.indicators]
    _table(sheet, header, [10, 34, *[16] * len(document.indicators)])
    ranks = len(document.legend)
    for heat_row in document.heat_map:
        sheet.append(
            [heat_row.school_id, heat_row.school_name, *(c.display for c in heat_row.cells)]
        )
        for column, cell in enumerate(heat_row.cells, start=3):
            if cell.rank is not None:
                sheet.cell(sheet.max_row, column).fill = _fill(level_tone(cell.rank, ranks))
    _finish(sheet)


def _conclusions(sheet: Worksheet, document: Document) -> None:
    _table(sheet, ["Группа", "Вывод", "Значение", "Уровень", "Текст"], [24, 48, 14, 20, 80])
    ranks = len(document.legend)
    for summary in document.summaries:
        group = summary.group_name or summary.group_title
        for title, display in summary.aggregates:
            sheet.append([group, title, display, "", ""])
        for item in summary.conclusions:
            texts = "\n".join(f"{to}: {text}" for to, text in item.texts)
            sheet.append([group, item.title, item.display, item.level_title, texts])
            if item.rank is not None:
                sheet.cell(sheet.max_row, 4).fill = _fill(level_tone(item.rank, ranks))
            _wrap((sheet.cell(sheet.max_row, 5),))
    _finish(sheet)


def _recommendations(sheet: Worksheet, document: Document) -> None:
    entity = document.entity_title
    _table(sheet, ["Адресат", "Показатель или вывод", entity, "Рекомендация"], [26, 40, 30, 90])
    for block in document.addressees:
        for group in block.groups:
            for name, text in group.items:
                sheet.append([block.title, group.source, name, text])
                _wrap((sheet.cell(sheet.max_row, 4),))
    _finish(sheet)
