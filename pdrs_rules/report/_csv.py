"""CSV output: RFC 4180 text (CRLF), every cell neutralised against spreadsheet formulas.

Every CSV the package writes (``evaluate --format csv``, ``effect --format csv``) goes through
:func:`csv_text`, so no writer can forget the neutralisation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import BandRef, Finding

__all__ = ["CSV_COLUMNS", "csv_cell", "csv_text", "finding_row"]

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
