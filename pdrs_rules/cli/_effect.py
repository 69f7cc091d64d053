"""``pdrs-rules effect``: which recommendations of one period were resolved by the next."""

from __future__ import annotations

import argparse
from typing import IO, Any, Final

from pdrs_rules._engine._effect import PeriodError, effectiveness
from pdrs_rules._reading import BadJSONError, TooLargeError, load_json, read_limited
from pdrs_rules.report import Report
from pdrs_rules.report._atomic import write_atomically

from ._shared import ExitCode, language, refuse_output_onto_inputs

__all__ = ["add_parser", "run"]

#: A findings document larger than this is refused unread: about 100,000 findings.
MAX_FINDINGS_BYTES: Final = 100 * 1024 * 1024
#: A findings document is nested five levels deep; a deeper one is refused before parsing.
MAX_DEPTH: Final = 50


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
        self.path = path
        self.message = message


def _read(path: str) -> Report:
    try:
        text = read_limited(path, MAX_FINDINGS_BYTES).decode("utf-8")
    except TooLargeError as exc:
        limit = f"a findings document may have at most {exc.limit} bytes"
        raise _UnreadableError(path, f"the file is {exc.size} bytes; {limit}") from None
    except OSError as exc:
        raise _UnreadableError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise _UnreadableError(path, "not UTF-8 text") from None
    try:
        data = load_json(text, MAX_DEPTH)
    except BadJSONError as exc:
        where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
        raise _UnreadableError(path, f"not JSON: {exc.message}{where}") from None
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
    inputs = [("findings file", args.before), ("findings file", args.after)]
    refuse_output_onto_inputs("effect", args.output, inputs)
    from pdrs_rules._i18n._translate import translate  # noqa: PLC0415 - keep startup fast

    # No ruleset is read: English unless --lang says otherwise (docs/messages.md).
    lang = language(args, None)
    try:
        before = _read(args.before)
        after = _read(args.after) if args.after else None
    except _UnreadableError as exc:
        stderr.write(f"{exc.path}: {translate(exc.message, lang)}\n")
        return ExitCode.INVALID
    try:
        result = effectiveness(
            before, after, before_period=args.from_period, after_period=args.to_period
        )
    except PeriodError as exc:
        # A period the user named, or left us to pick, is not there: the command line is wrong.
        blamed = args.after if exc.which == "after" else args.before
        stderr.write(f"{blamed}: {translate(str(exc), lang)}\n")
        return ExitCode.USAGE
    rendered = {"json": result.to_json, "text": result.to_text, "csv": result.to_csv}[args.format]()
    if args.output:
        write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    return ExitCode.OK
