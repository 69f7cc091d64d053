"""Reading facts: file type, size and encoding, the CSV dialect, and rows handed to checking."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, Literal, TypeAlias

from pdrs_rules._reading import open_regular

from ._cells import is_missing, show
from ._columns import Columns, Target
from ._rows import MAX_ROWS, Cell, Problems, Row
from ._sheet import Pair, Record, StopReading, pairs

__all__ = [
    "CHANGED",
    "FORMATS",
    "MAX_BYTES",
    "WORKBOOKS",
    "CheckRow",
    "FileSource",
    "Format",
    "Pair",
    "iter_rows",
    "open_path",
    "read_path",
    "read_rows",
    "records",
]

#: Larger files are refused before they are read. A national table of MAX_ROWS rows (1,000,000
#: schools or school-periods with 30 facts) is about 150 MB; more is not a facts file.
MAX_BYTES: Final = 200 * 1024 * 1024
#: The message of ``changed-during-read``.
CHANGED: Final = "the file changed while it was being read; run again once it is saved"

Format: TypeAlias = Literal["csv", "json", "yaml", "xlsx", "xls", "ods"]
#: The formats that are workbooks: a sheet may be named, and they are given as bytes.
WORKBOOKS: Final = frozenset({"xlsx", "xls", "ods"})
#: Checks one row whose cells are already matched to what they hold.
CheckRow: TypeAlias = Callable[[Row, Mapping[Target, Cell]], None]

#: The format each file extension is read as.
FORMATS: Final[Mapping[str, Format]] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
}

# Excel writes this first line when asked to pin the delimiter; Excel itself hides it.
_SEP_LINE: Final = re.compile(r"sep=([;,\t|])[ \t]*(?:\r\n|\r|\n|$)")
# The delimiter is guessed from the header, which is never this long.
_SNIFF_CHARS: Final = 1 << 20
# Bytes are checked against an encoding this many at a time, so no second copy is made whole.
_CHUNK: Final = 1 << 20


def read_path(
    problems: Problems, file: str, sheet: str | None = None
) -> tuple[bytes, Format] | None:
    """Read a file's bytes and pick its format by extension; None if it is refused.

    Raises OSError if the file cannot be read or is not a regular file (a directory, a device,
    a named pipe).
    """
    source = open_path(problems, file, sheet)
    if source is None:
        return None
    with open_regular(file) as stream:
        # The file may have grown since stat(); never read more than the limit allows.
        return stream.read(MAX_BYTES + 1), source.fmt


def open_path(problems: Problems, file: str, sheet: str | None = None) -> FileSource | None:
    """Pick a file's format by extension and check its size; None if it is refused.

    Raises OSError if the file cannot be read.
    """
    suffix = os.path.splitext(file)[1].casefold()  # noqa: PTH122 - path may be any PathLike
    fmt = FORMATS.get(suffix)
    if fmt is None:
        shown = repr(suffix) if suffix else "no extension"
        problems.error(
            "unsupported-format",
            f"unsupported file type ({shown}); expected .csv, .tsv, .txt, .json, .yaml, .yml, "
            ".xlsx, .xlsm, .xls or .ods",
        )
        return None
    if sheet is not None and fmt not in WORKBOOKS:
        problems.error(
            "unknown-sheet",
            f"a sheet ({sheet!r}) is named, but the file is not a workbook; "
            "expected an .xlsx, .xlsm, .xls or .ods file, or no sheet",
        )
        return None
    source = FileSource(file, fmt, sheet)
    if source.stamp[0] > MAX_BYTES:
        problems.error("too-large", _size_message(source.stamp[0]))
        return None
    return source


class FileSource:
    """A facts file read as often as needed: CSV from disk in chunks, a document whole.

    ``stamp`` (size and modification time) is taken when the source is made; ``changed()``
    tells whether the file differs from it now. The encoding found on the first read of a
    CSV file is used again on later reads.
    """

    def __init__(self, file: str, fmt: Format, sheet: str | None = None) -> None:
        self.file = file
        self.fmt: Format = fmt
        self.sheet = sheet
        self.stamp = _stamp(file)
        self.encoding: str | None = None

    def changed(self) -> bool:
        """Whether the file's size or modification time differs from ``stamp``."""
        return _stamp(self.file) != self.stamp

    def rows(self, problems: Problems, columns: Columns) -> Iterator[Pair]:
        """Yield each row of the file with its matched cells, as :func:`iter_rows` does.

        Raises OSError if the file cannot be read or is not a regular file.
        """
        with open_regular(self.file) as binary:
            if self.fmt != "csv":
                data = binary.read(MAX_BYTES + 1)
                yield from iter_rows(problems, columns, data, self.fmt, self.sheet)
                return
            if self.encoding is None:
                self.encoding = _file_encoding(problems, binary)
                if self.encoding is None:
                    return
            yield from _read_csv(problems, columns, *_csv_lines(binary, self.encoding))


def iter_rows(
    problems: Problems,
    columns: Columns,
    data: str | bytes,
    fmt: Format,
    sheet: str | None = None,
) -> Iterator[Pair]:
    """Decode text or bytes in a format and yield each of its rows with its matched cells.

    CSV is decoded and split as it is read, so only the bytes (or the text given) are held
    whole; a JSON or YAML document is decoded and parsed whole, and so is a workbook, from
    its ``sheet`` (the first if None).
    """
    if len(data) > MAX_BYTES:
        problems.error("too-large", _size_message(len(data)))
        return
    if fmt in WORKBOOKS:
        if isinstance(data, str):
            problems.error("syntax", "a workbook is given as text; expected its bytes")
            return
        # Workbooks and JSON/YAML documents are rarer than CSV: their readers load on first use.
        if fmt == "xlsx":
            from ._formats._xlsx import xlsx_pairs  # noqa: PLC0415

            yield from xlsx_pairs(problems, columns, data, sheet)
        else:
            from ._formats._calamine import calamine_pairs  # noqa: PLC0415

            yield from calamine_pairs(
                problems, columns, data, sheet, "xls" if fmt == "xls" else "ods"
            )
        return
    if fmt == "csv":
        source = _csv_source(problems, data)
        if source is not None:
            yield from _read_csv(problems, columns, *source)
        return
    text = _decode(problems, data) if isinstance(data, bytes) else data
    if text is None:
        return
    text = text.removeprefix("\ufeff")
    from ._formats._documents import json_rows, yaml_rows  # noqa: PLC0415 - see the workbook above

    rows = json_rows(problems, text) if fmt == "json" else yaml_rows(problems, text)
    if rows is not None:
        yield from records(problems, columns, rows, line=0)


def read_rows(
    problems: Problems, columns: Columns, data: str | bytes, fmt: Format, check_row: CheckRow
) -> None:
    """Decode text or bytes in a format and hand each of its rows to ``check_row``."""
    for row, cells in iter_rows(problems, columns, data, fmt):
        check_row(row, cells)


def records(
    problems: Problems,
    columns: Columns,
    rows: Iterable[Row | None],
    *,
    line: int,
) -> Iterator[Pair]:
    """Rows of a JSON-like source, where each row carries its own keys, with matched cells."""
    count = valid = 0
    for row in rows:
        count += 1
        if count > MAX_ROWS:
            problems.error("too-large", f"more than {MAX_ROWS:,} rows; split the file", path="$")
            return
        if row is not None:
            valid += 1
            yield row, columns.resolve(row)
    if count == 0:
        problems.error("empty", "there are no schools; expected one object per school", line)
    elif valid:
        # When no item was an object at all, missing columns would only be noise.
        columns.check(line, 0, "$")


def python_rows(problems: Problems, rows: Iterable[object]) -> Iterator[Row | None]:
    """Rows given as Python mappings; lazily, so an endless iterable stops at the row limit."""
    for index, row in enumerate(rows):
        path = f"$[{index}]"
        if not isinstance(row, Mapping):
            problems.error(
                "syntax",
                f"{path} is {show(row)}; expected a mapping of headers to values",
                path=path,
                capped=True,
            )
            yield None
            continue
        cells: list[Cell] = []
        for key, value in row.items():
            if isinstance(key, str):
                cells.append((key, None if is_missing(value) else value, 0, 0))
            else:
                message = f"a key in {path} is {show(key)}; expected a column header (a string)"
                problems.error("syntax", message, path=path, capped=True)
        yield Row(index, 0, tuple(cells))


# -- bytes ------------------------------------------------------------------------------------


def _decode(problems: Problems, data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export is UTF-16 with a byte order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            _undecodable(problems, data, exc, "UTF-16")
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        not_utf8 = exc
    try:
        # Russian Excel saves "CSV (разделители — запятые)" in Windows-1251.
        return data.decode("cp1251")
    except UnicodeDecodeError:
        # Bytes cp1251 lacks are more likely a damaged UTF-8 file: point at the UTF-8 fault.
        _undecodable(problems, data, not_utf8, "UTF-8 or Windows-1251 (cp1251)")
        return None


def _encoding(problems: Problems, data: bytes) -> str | None:
    """The encoding ``_decode`` would pick, found without holding the decoded text whole."""
    view = memoryview(data)

    def chunks() -> Iterator[memoryview]:
        return (view[start : start + _CHUNK] for start in range(0, len(data), _CHUNK))

    encoding = _first_decoding(data[:2], chunks)
    if encoding is None:
        _decode(problems, data)  # decodes whole, only to report where it fails
    return encoding


def _file_encoding(problems: Problems, binary: io.BufferedIOBase) -> str | None:
    """The encoding ``_decode`` would pick for a file, read in chunks; None if there is none.

    Reading is capped at ``MAX_BYTES`` (and one byte more, to notice a file that grew).
    """

    def chunks() -> Iterator[bytes]:
        binary.seek(0)
        left = MAX_BYTES + 1
        while left > 0 and (chunk := binary.read(min(_CHUNK, left))):
            left -= len(chunk)
            yield chunk

    encoding = _first_decoding(binary.read(2), chunks)
    if encoding is None:
        binary.seek(0)
        # Decodes whole, only to report where it fails: the file is refused anyway.
        _decode(problems, binary.read(MAX_BYTES + 1))
    binary.seek(0)
    return encoding


def _first_decoding(start: bytes, chunks: Callable[[], Iterable[bytes | memoryview]]) -> str | None:
    """The first encoding all chunks decode in: UTF-16 given its mark, else UTF-8, then cp1251."""
    utf16 = start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1251"):
        if _decodes(chunks(), encoding):
            return encoding
    return None


def _decodes(chunks: Iterable[bytes | memoryview], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _stamp(file: str) -> tuple[int, int]:
    status = os.stat(file)  # noqa: PTH116 - path may be any PathLike
    return status.st_size, status.st_mtime_ns


def _undecodable(problems: Problems, data: bytes, exc: UnicodeDecodeError, tried: str) -> None:
    line = data.count(b"\n", 0, exc.start) + 1
    problems.error(
        "encoding",
        f"the file is not valid {tried}: byte 0x{data[exc.start]:02x} at offset {exc.start} "
        'cannot be decoded; expected UTF-8 text (in Excel: save as "CSV UTF-8")',
        line=line,
    )


def _size_message(size: int) -> str:
    return f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB"


# -- CSV --------------------------------------------------------------------------------------


def _csv_source(problems: Problems, data: str | bytes) -> tuple[str, Iterator[str]] | None:
    """The start of the text (to find the delimiter) and all of its lines, read lazily."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        return text[:_SNIFF_CHARS], io.StringIO(text, newline="")
    encoding = _encoding(problems, data)
    if encoding is None:
        return None
    return _csv_lines(io.BytesIO(data), encoding)


def _csv_lines(binary: io.BufferedIOBase, encoding: str) -> tuple[str, Iterator[str]]:
    """The start of a binary stream's text and all of its lines, decoded as they are read."""
    # Enough bytes for _SNIFF_CHARS characters at up to 4 bytes each, and a byte order mark.
    head = codecs.getincrementaldecoder(encoding)().decode(binary.read(4 * (_SNIFF_CHARS + 2)))
    binary.seek(0)
    capped = io.BufferedReader(_Capped(binary, MAX_BYTES + 1))
    stream = io.TextIOWrapper(capped, encoding=encoding, newline="")
    if head.startswith("\ufeff"):
        # A second mark after the one the codec takes is dropped too, as with whole text.
        stream.read(1)
        head = head[1:]
    return head[:_SNIFF_CHARS], stream


class _Capped(io.RawIOBase):
    """At most ``left`` bytes of a binary stream: a file that grows is not read past the limit."""

    def __init__(self, binary: io.BufferedIOBase, left: int) -> None:
        super().__init__()
        self._binary = binary
        self._left = left

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")[: self._left]
        count = self._binary.readinto(view)
        self._left -= count
        return count


def _read_csv(
    problems: Problems, columns: Columns, head: str, lines: Iterator[str]
) -> Iterator[Pair]:
    return pairs(problems, columns, _csv_records(problems, head, lines))


def _csv_records(problems: Problems, head: str, lines: Iterator[str]) -> Iterator[Record]:
    """Each CSV record with its spreadsheet row number and first line; StopReading on a fault."""
    offset = 0
    pinned = _SEP_LINE.match(head)
    if pinned is not None:
        delimiter = pinned.group(1)
        # The pattern ends at the end of the first line, which is the line skipped.
        next(lines, None)
        offset = 1
    else:
        delimiter = _sniff(head)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    previous = 0
    try:
        for spreadsheet_row, record in enumerate(reader, start=1):
            yield spreadsheet_row, previous + 1 + offset, record
            previous = reader.line_num
    except csv.Error as exc:
        problems.error("syntax", f"not valid CSV: {exc}", reader.line_num + offset)
        raise StopReading from None
    except UnicodeDecodeError:
        # The encoding was checked on the whole file before: it was changed since.
        problems.error("changed-during-read", CHANGED, reader.line_num + offset)
        raise StopReading from None


def _sniff(text: str) -> str:
    """Guess the delimiter: the commonest of ``;``, tab and ``,`` outside quotes in the header."""
    counts = dict.fromkeys(";\t,", 0)
    quoted = False
    content = False
    for char in text[:_SNIFF_CHARS]:
        if char == '"':
            quoted = not quoted
            content = True
        elif quoted:
            continue
        elif char in "\r\n":
            if content:
                break
            # A line of bare delimiters is skipped as blank, so it says nothing.
            counts = dict.fromkeys(";\t,", 0)
        elif char in counts:
            counts[char] += 1
        elif not char.isspace():
            content = True
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","
