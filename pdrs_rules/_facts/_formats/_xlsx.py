"""Facts from Excel workbooks (.xlsx, .xlsm): one sheet's cells, read with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final

from pdrs_rules._facts._cells import Fault, cut, quote
from pdrs_rules._facts._columns import Columns, did_you_mean
from pdrs_rules._facts._rows import Problems
from pdrs_rules._facts._sheet import Pair, Record, StopReading, pairs

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlCell
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_CELLS",
    "MAX_UNPACKED",
    "choose_sheet",
    "date_text",
    "reason",
    "unpacks",
    "xlsx_pairs",
]

#: A workbook whose parts unpack to more than this is refused before it is parsed (zip bombs).
MAX_UNPACKED: Final = 100 * 1024 * 1024
#: A sheet whose used range (rows × columns) is larger is refused: each cell becomes an object.
MAX_CELLS: Final = 1_000_000

_INSTALL: Final = "pip install 'pdrs-rules[xlsx]'"
# What zipfile raises for a damaged archive: besides BadZipFile, a flag or version it does
# not support (NotImplementedError), an encrypted part (RuntimeError), a broken stream.
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _broken() -> tuple[type[Exception], ...]:
    """What openpyxl raises for a damaged file: its own error and what its XML and zip raise."""
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415 - optional

    # ElementTree's ParseError is a SyntaxError; a missing part is a KeyError; bad attribute
    # values end in ValueError or TypeError inside openpyxl's descriptors.
    return (
        *_ZIP_ERRORS,
        InvalidFileException,
        LookupError,
        TypeError,
        AttributeError,
        SyntaxError,
        OverflowError,
    )


def xlsx_pairs(
    problems: Problems, columns: Columns, data: bytes, sheet: str | None
) -> Iterator[Pair]:
    """Yield each school row of a workbook's sheet (the first if ``sheet`` is None)."""
    if not unpacks(problems, data):
        return
    try:
        import openpyxl  # noqa: PLC0415 - an optional extra, imported only for a workbook
    except ImportError:
        problems.error(
            "missing-extra",
            f"reading .xlsx files needs the openpyxl package; expected it installed: {_INSTALL}",
        )
        return
    broken = _broken()
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not read (data validation, images): not facts.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
            title = choose_sheet(problems, [ws.title for ws in book.worksheets], sheet)
            if title is None:
                return
            worksheet = book[title]
            formulas = _formulas(data, title)
    except broken as exc:
        problems.error("syntax", f"not a valid .xlsx workbook: {reason(exc)}")
        return
    size = worksheet.max_row * worksheet.max_column
    if size > MAX_CELLS:
        problems.error(
            "too-large",
            f"sheet {quote(title)} spans {worksheet.max_row} rows and {worksheet.max_column} "
            f"columns; expected at most {MAX_CELLS} cells: delete the unused rows and columns",
        )
        return
    records = _records(problems, worksheet, formulas, broken)
    yield from pairs(problems, columns, records, sheet=title)


def unpacks(problems: Problems, data: bytes, kind: str = ".xlsx") -> bool:
    """Whether the bytes are a zip archive whose parts unpack to a size within the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except _ZIP_ERRORS as exc:
        problems.error(
            "syntax",
            f"not a valid {kind} workbook: {reason(exc)}; expected a file saved by Excel or "
            f"LibreOffice as {kind}",
        )
        return False
    if unpacked > MAX_UNPACKED:
        # zipfile stops at each part's declared size, so the sum bounds what parsing reads.
        problems.error(
            "too-large",
            f"the workbook unpacks to {unpacked / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_UNPACKED // 1024 // 1024} MB",
        )
        return False
    return True


def reason(exc: BaseException) -> str:
    # openpyxl wraps what failed in a ValueError of several lines pointing back at it.
    while exc.__cause__ is not None:
        exc = exc.__cause__
    text = " ".join(str(exc).split())
    return cut(f"{type(exc).__name__}: {text}" if text else type(exc).__name__, 200)


def choose_sheet(problems: Problems, titles: list[str], sheet: str | None) -> str | None:
    """The title of the sheet to read, or None when there is none such (reported)."""
    if not titles:
        problems.error("empty", "the workbook has no worksheets; expected one with the facts")
        return None
    if sheet is None:
        return titles[0]
    if sheet in titles:
        return sheet
    folded = {title.strip().casefold(): title for title in titles}
    found = folded.get(sheet.strip().casefold())
    if found is not None:
        return found
    listed = ", ".join(quote(title) for title in titles)
    problems.error(
        "unknown-sheet",
        f"the workbook has no sheet {quote(sheet)}; expected one of {listed}"
        f"{did_you_mean(sheet, titles)}",
    )
    return None


def _formulas(data: bytes, title: str) -> Mapping[tuple[int, int], str]:
    """The formulas of a sheet by (row, column): a second, streaming read that keeps them."""
    import openpyxl  # noqa: PLC0415 - an optional extra, imported only for a workbook

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    try:
        found: dict[tuple[int, int], str] = {}
        for row in book[title].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and cell.row and cell.column:
                    found[cell.row, cell.column] = str(cell.value)
        return found
    finally:
        book.close()


def _records(
    problems: Problems,
    worksheet: Worksheet,
    formulas: Mapping[tuple[int, int], str],
    broken: tuple[type[Exception], ...],
) -> Iterator[Record]:
    """Each row of the sheet with its values; StopReading once a damaged cell is reported."""
    try:
        merged: dict[tuple[int, int], object] = {}
        for span in worksheet.merged_cells.ranges:
            # A merged cell's value is stored in its top-left cell; it applies to all it covers.
            value = _value(worksheet.cell(span.min_row, span.min_col), formulas)
            for number in range(span.min_row, span.max_row + 1):
                for column in range(span.min_col, span.max_col + 1):
                    merged[number, column] = value
        # openpyxl makes the cells of a row as it is asked for them, and may refuse one
        # (a row number past Excel's last) only then.
        for number, row in enumerate(worksheet.iter_rows(min_row=1, min_col=1), start=1):
            values = [
                merged[number, column] if (number, column) in merged else _value(cell, formulas)
                for column, cell in enumerate(row, start=1)
            ]
            yield number, number, values
    except broken as exc:
        problems.error("syntax", f"not a valid .xlsx workbook: {reason(exc)}")
        raise StopReading from None


def _value(cell: XlCell | MergedCell, formulas: Mapping[tuple[int, int], str]) -> object:
    """A cell's value as facts reading takes it; a fault where the workbook holds none."""
    value = cell.value
    if value is None:
        formula = formulas.get((cell.row or 0, cell.column or 0))
        if formula is None:
            return None
        return Fault(
            "uncached-formula",
            f"the formula {cut(formula)!r} has no saved result",
            "expected a value: open the file in Excel or LibreOffice and save it again, "
            "so that the results of its formulas are stored",
            repr(cut(formula)),
        )
    if cell.data_type == "e":
        return Fault(
            "bad-cell",
            f"the cell holds the error {value}",
            "expected a value: correct the formula or the data it uses",
            str(value),
        )
    return date_text(value)


def date_text(value: object) -> object:
    """A date or time cell as text (``2023-09-01``, for an id or a period); others as they are."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
