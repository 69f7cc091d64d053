"""Facts from old Excel (.xls) and OpenDocument (.ods) workbooks: one sheet, read with calamine.

python-calamine (an optional extra) gives a sheet's values; merged cells are filled in as for
.xlsx (calamine reports them for .xls; for .ods they are read from the file's content.xml),
and the rows go through the same header, title-row, totals and footer rules as every sheet.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any, Final, Literal
from xml.etree import ElementTree as ET

from pdrs_rules._facts._cells import quote
from pdrs_rules._facts._columns import Columns
from pdrs_rules._facts._rows import Problems
from pdrs_rules._facts._sheet import Pair, Record, pairs

from ._xlsx import MAX_CELLS, choose_sheet, date_text, reason, unpacks

__all__ = ["calamine_pairs"]

_INSTALL: Final = "pip install 'pdrs-rules[xls]'"
_TABLE: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#: A merged range: first row, first column, last row, last column (0-based, inclusive).
_Span = tuple[int, int, int, int]


def calamine_pairs(
    problems: Problems,
    columns: Columns,
    data: bytes,
    sheet: str | None,
    fmt: Literal["xls", "ods"],
) -> Iterator[Pair]:
    """Yield each school row of a sheet of an .xls or .ods workbook (the first if None)."""
    if fmt == "ods" and not unpacks(problems, data, ".ods"):
        return
    try:
        import python_calamine  # noqa: PLC0415 - an optional extra, imported only for a workbook
    except ImportError:
        problems.error(
            "missing-extra",
            f"reading .{fmt} files needs the python-calamine package; "
            f"expected it installed: {_INSTALL}",
        )
        return
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        title = choose_sheet(problems, list(book.sheet_names), sheet)
        if title is None:
            return
        worksheet = book.get_sheet_by_name(title)
        size = worksheet.total_height * worksheet.total_width
        if size > MAX_CELLS:
            problems.error(
                "too-large",
                f"sheet {quote(title)} spans {worksheet.total_height} rows and "
                f"{worksheet.total_width} columns; expected at most {MAX_CELLS} cells: delete "
                "the unused rows and columns",
            )
            return
        rows = worksheet.to_python(skip_empty_area=False)
        spans = (
            _ods_spans(data, list(book.sheet_names).index(title))
            if fmt == "ods"
            else [(a[0], a[1], b[0], b[1]) for a, b in worksheet.merged_cell_ranges or ()]
        )
    except Exception as exc:  # noqa: BLE001 - calamine's and the XML parser's errors vary
        problems.error("syntax", f"not a valid .{fmt} workbook: {reason(exc)}")
        return
    yield from pairs(problems, columns, _records(rows, spans), sheet=title)


def _records(rows: Sequence[Sequence[Any]], spans: Sequence[_Span]) -> Iterator[Record]:
    """Each row with its values, a merged cell's value in every cell it covers."""
    grid = [[_value(value) for value in row] for row in rows]
    for top, left, bottom, right in spans:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for number in range(top, min(bottom, len(grid) - 1) + 1):
            line = grid[number]
            line.extend([None] * (right + 1 - len(line)))
            for column in range(left, right + 1):
                line[column] = value
    for number, values in enumerate(grid, start=1):
        yield number, number, values


def _value(value: Any) -> object:
    """A cell as facts reading takes it: '' is empty, a date is written as ISO."""
    return None if value == "" else date_text(value)


def _ods_spans(data: bytes, index: int) -> list[_Span]:
    """The merged ranges of the ``index``-th table of an .ods file's content.xml."""
    spans: list[_Span] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        table = row = column = next_row = -1
        # expat resolves no external entities and (2.4.1 and later) caps entity amplification;
        # the unpacked size is checked before.
        for event, element in ET.iterparse(content, events=("start", "end")):  # noqa: S314
            tag = element.tag.rpartition("}")[2]
            if event == "end":
                if tag not in {"table-cell", "covered-table-cell"}:
                    element.clear()
                continue
            if tag == "table":
                table += 1
                next_row = 0
            elif table != index:
                continue
            elif tag == "table-row":
                row = next_row
                next_row += int(element.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
                column = -1
            elif tag in {"table-cell", "covered-table-cell"}:
                column += 1
                rows = int(element.get(f"{{{_TABLE}}}number-rows-spanned", "1"))
                columns = int(element.get(f"{{{_TABLE}}}number-columns-spanned", "1"))
                if rows > 1 or columns > 1:
                    spans.append((row, column, row + rows - 1, column + columns - 1))
                column += int(element.get(f"{{{_TABLE}}}number-columns-repeated", "1")) - 1
    return spans
