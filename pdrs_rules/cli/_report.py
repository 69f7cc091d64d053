"""``pdrs-rules report``: the printable report of a run as one HTML page or as Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, Any

from pdrs_rules._documents._content import build_document
from pdrs_rules._documents._html import document_html
from pdrs_rules._documents._markdown import document_markdown
from pdrs_rules.report._atomic import write_atomically

from ._shared import ExitCode, UsageError, add_run_arguments, evaluated, loaded, report_periods

__all__ = ["add_parser", "run"]

#: Output formats by the extension of ``-o``.
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``report`` subcommand and its options."""
    parser = sub.add_parser(
        "report",
        help="write the report people read: summary, heat map, charts, addressed recommendations",
    )
    add_run_arguments(
        parser,
        period="the period to report on (default: the latest)",
        quiet="no progress or warnings",
    )
    parser.add_argument(
        "--format",
        choices=["html", "md"],
        help="html (one self-contained page) or md; default: from the -o extension, else html",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if not args.output:
        return "html"
    suffix = Path(args.output).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise UsageError(
            f"pdrs-rules report: error: cannot tell the format from {args.output!r} "
            f"(known extensions: {', '.join(_BY_SUFFIX)}); give --format html or --format md"
        )
    return _BY_SUFFIX[suffix]


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Evaluate, then lay the period's results out as HTML or Markdown."""
    kind = _format(args)  # a wrong -o is a usage error before a long evaluation
    ruleset, params = loaded(args)
    report = evaluated(args, ruleset, params, stderr)
    report_periods(args, report)
    document = build_document(report, ruleset, period=args.period)
    if kind == "md":
        rendered = document_markdown(document)
    else:
        from pdrs_rules import _version  # noqa: PLC0415 - cheap

        rendered = document_html(document, generator=f"pdrs-rules {_version.__version__}")
    if args.output:
        write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    return ExitCode.OK
