"""REPORT: the findings of one run, and pure renderers to JSON, text and CSV with a stable order.

Also what every output shares: atomic writing and safe file names (``_atomic``) and the style
of every printable page (``_style``).

This is a public module: ``Report`` and its records are the output contract (docs/findings.md).
It sits below the engine that fills it and above the model it is made of.
May import: ``_i18n``, ``errors``, ``_model``.
"""

from ._csv import CSV_COLUMNS
from ._records import (
    aggregate_from_dict,
    aggregate_to_dict,
    finding_from_dict,
    finding_to_dict,
    score_from_dict,
    score_to_dict,
)
from ._report import FORMAT, Report, RulesetInfo, report_periods, status_title

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "Report",
    "RulesetInfo",
    "aggregate_from_dict",
    "aggregate_to_dict",
    "finding_from_dict",
    "finding_to_dict",
    "report_periods",
    "score_from_dict",
    "score_to_dict",
    "status_title",
]
