"""``pdrs-rules effect``: which recommendations of one period were resolved by the next."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import IO, Any

from pdrs_rules._engine._effect import PeriodError, effectiveness
from pdrs_rules.report import Report
from pdrs_rules.report._atomic import write_atomically

from ._shared import ExitCode

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``effect`` subcommand and its options."""
    effect = sub.add_parser(
        "effect",
        help="analyse the effectiveness of measures: recommendations resolved, persisting, new",
    )
    effect.add_argument(
        "before",
        metavar="BEFORE",
        help="findings JSON (evaluate --format json) of the earlier period",
    )
    effect.add_argument(
        "after",
        metavar="AFTER",
        nargs="?",
        help="findings JSON of the later period; without it BEFORE must hold both periods",
    )
    effect.add_argument("--from", dest="from_period", metavar="PERIOD", help="the earlier period")
    effect.add_argument(
        "--to",
        "--period",
        dest="to_period",
        metavar="PERIOD",
        help="the later period: the reporting period (default: the latest)",
    )
    effect.add_argument("--format", choices=["text", "json", "csv"], default="text")
    effect.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )


class _UnreadableError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def _read(path: str) -> Report:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise _UnreadableError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise _UnreadableError(path, "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _UnreadableError(path, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _UnreadableError(path, "not a pdrs-rules findings document: not a JSON object")
    try:
        return Report.from_dict(data)
    except ValueError as exc:  # the wrong format id, or a value of the wrong kind
        raise _UnreadableError(path, str(exc)) from None
    except KeyError as exc:
        # Report.from_dict trusts the document's shape; a hand-edited file may not have it.
        raise _UnreadableError(path, f"not a valid findings document: no key {exc}") from None
    except (TypeError, AttributeError):
        raise _UnreadableError(
            path, "not a valid findings document: unexpected structure"
        ) from None


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Read one or two findings documents and print what became of the recommendations."""
    try:
        before = _read(args.before)
        after = _read(args.after) if args.after else None
    except _UnreadableError as exc:
        stderr.write(f"{exc}\n")
        return ExitCode.INVALID
    try:
        result = effectiveness(
            before, after, before_period=args.from_period, after_period=args.to_period
        )
    except PeriodError as exc:
        # A period the user named, or left us to pick, is not there: the command line is wrong.
        stderr.write(f"{args.after if exc.which == 'after' else args.before}: {exc}\n")
        return ExitCode.USAGE
    rendered = {"json": result.to_json, "text": result.to_text, "csv": result.to_csv}[args.format]()
    if args.output:
        write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    return ExitCode.OK
