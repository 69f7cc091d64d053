"""What the subcommands that evaluate facts share: their options, parameters and the run itself.

``evaluate``, ``report``, ``letters`` and ``explain`` all take a ruleset, a facts file and the
same options for reading them; the run, its progress line and its warnings go the same way.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

from .cli import _lang, _UsageError

if TYPE_CHECKING:
    from ._ruleset import Ruleset
    from .errors import Diagnostic
    from .report import Report

__all__ = [
    "add_run_arguments",
    "evaluated",
    "loaded",
    "print_warnings",
    "report_periods",
    "unknown_choice",
]


def add_run_arguments(
    parser: argparse.ArgumentParser, *, period: str | None = None, quiet: str | None = None
) -> None:
    """RULESET FACTS, --sheet, --group-facts, --param; --period and -q when given their help."""
    parser.add_argument("ruleset", metavar="RULESET")
    parser.add_argument("facts", metavar="FACTS", help="CSV, JSON, YAML or XLSX facts file")
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet of an .xlsx facts file to read (the first)"
    )
    parser.add_argument(
        "--group-facts",
        metavar="FILE",
        help="facts of the group level (level: group), one row per group and period",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter; may be repeated",
    )
    if period is not None:
        parser.add_argument("--period", metavar="PERIOD", help=period)
    if quiet is not None:
        parser.add_argument("-q", "--quiet", action="store_true", help=quiet)


def parse_params(command: str, items: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options as a mapping; a malformed one is a usage error."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _UsageError(
                f"pdrs-rules {command}: error: --param takes NAME=VALUE, got {item!r}"
            )
        params[name.strip()] = value
    return params


def loaded(args: argparse.Namespace) -> tuple[Ruleset, dict[str, str]]:
    """The ruleset and the ``--param`` overrides it accepts; a refused override is a usage error."""
    from ._ruleset import load  # noqa: PLC0415 - keep `--help` and startup fast
    from .errors import ParameterError  # noqa: PLC0415

    params = parse_params(args.command, args.param)
    ruleset = load(args.ruleset)
    try:
        ruleset.resolve_params(params)
    except ParameterError as exc:
        raise _UsageError(f"pdrs-rules {args.command}: error: --param: {exc.message}") from None
    return ruleset, params


def evaluated(
    args: argparse.Namespace, ruleset: Ruleset, params: dict[str, str], stderr: IO[str]
) -> Report:
    """Evaluate the facts with a progress line (on a terminal), then print the warnings."""
    from ._progress import progress  # noqa: PLC0415 - keep startup fast

    label = f"pdrs-rules {args.command}: оценено {ruleset.entity.title}"
    quiet = bool(getattr(args, "quiet", False))
    with progress(stderr, label, quiet=quiet) as tick:
        report = ruleset.evaluate(
            args.facts,
            params=params,
            group_facts=args.group_facts,
            progress=tick,
            sheet=args.sheet,
        )
    print_warnings(args, report.warnings, stderr)
    return report


def print_warnings(
    args: argparse.Namespace, warnings: Iterable[Diagnostic], stderr: IO[str]
) -> None:
    """Warnings in the language of the ruleset (or ``--lang``); none with ``--quiet``."""
    shown = () if getattr(args, "quiet", False) else tuple(warnings)
    if not shown:
        return  # no need to read the ruleset's locale
    lang = _lang(args, args.ruleset)
    for warning in shown:
        stderr.write(f"{warning.localized(lang)}\n")


def report_periods(args: argparse.Namespace, report: Report) -> list[str]:
    """The periods of the report, in order; a ``--period`` not among them is a usage error."""
    from .report import report_periods as periods_of  # noqa: PLC0415 - keep startup fast

    periods = list(periods_of(report))
    if args.period is not None and args.period not in periods:
        raise unknown_choice(args.command, "period", args.period, periods)
    return periods


def unknown_choice(
    command: str, what: str, value: str, known: Sequence[str], option: str = ""
) -> _UsageError:
    """«period '2024' is not known (periods: 2022, 2023); did you mean '2023'?»."""
    hint = difflib.get_close_matches(value, known, n=1)
    tail = f"; did you mean {hint[0]!r}?" if hint else ""
    where = f"{option}: " if option else ""
    return _UsageError(
        f"pdrs-rules {command}: error: {where}{what} {value!r} is not known "
        f"({what}s: {', '.join(known) or 'none'}){tail}"
    )
