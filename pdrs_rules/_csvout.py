"""CSV output: RFC 4180 text (CRLF), every cell neutralised against spreadsheet formulas.

Every CSV the package writes (``evaluate --format csv``, ``effect --format csv``) goes through
:func:`csv_text`, so no writer can forget the neutralisation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["csv_cell", "csv_text"]

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
