"""What the subcommands share: exit codes, the parser that raises, the language, the run options.

``evaluate``, ``report``, ``letters`` and ``explain`` all take a ruleset, a facts file and the
same options for reading them; the run, its progress line and its warnings go the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import enum
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from pdrs_rules._engine._progress import progress
from pdrs_rules._engine._ruleset import FactsSource, Ruleset, load
from pdrs_rules._facts._table import FactsTable
from pdrs_rules.errors import Diagnostic, ParameterError
from pdrs_rules.report import Report
from pdrs_rules.report import report_periods as periods_of

__all__ = [
    "LANGS",
    "LANG_HELP",
    "Exit",
    "ExitCode",
    "Parser",
    "Terminated",
    "UsageError",
    "add_run_arguments",
    "command_line_language",
    "evaluated",
    "facts_source",
    "language",
    "loaded",
    "period_usage",
    "print_warnings",
    "read_table",
    "refuse_output_onto_inputs",
    "report_periods",
    "ruleset_arg",
    "run_inputs",
    "unknown_choice",
]


class ExitCode(enum.IntEnum):
    """Exit codes of every subcommand.

    - 0 ``OK``: success (``check``: the ruleset is valid; warnings are printed but do not fail);
    - 1 ``FINDINGS``: ``evaluate`` found a finding at or above the ``--fail-on`` level,
      or ``test`` had a failing case or coverage under ``--fail-under``,
      or ``diff`` found schools whose results differ between the two versions;
    - 2 ``USAGE``: the command line is wrong (unknown option, bad ``--param``, unknown level,
      ``-o`` naming one of the run's own inputs);
    - 3 ``INVALID``: a ruleset or facts file is invalid, or a file cannot be read or written;
    - 130 ``INTERRUPTED``: stopped by Ctrl-C (SIGINT), 143 ``TERMINATED``: stopped by SIGTERM;
      either way one line is printed and no temporary or half-written file is left.

    A broken pipe on standard output (``pdrs-rules evaluate … | head -1``) ends the run quietly
    with 0: the reader has all it wanted.
    """

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INVALID = 3
    INTERRUPTED = 130
    TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that temporary files are removed on the way."""


class UsageError(Exception):
    """A wrong command line: printed as ``pdrs-rules X: error: …``, exit 2."""


class _Formatter(argparse.HelpFormatter):
    """argparse's help, in the language of the command line (``Parser.lang``)."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _words("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(_words(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(_words(text) if text and text is not argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _words(action.help) if action.help else action.help


def _words(text: str) -> str:
    if Parser.lang == "en":
        return text
    from pdrs_rules._i18n._translate import cli_text  # noqa: PLC0415 - keep startup fast

    return cli_text(text, Parser.lang)


class Parser(argparse.ArgumentParser):
    """argparse that reports to the given streams and raises instead of exiting.

    Its help is in ``lang`` (Russian unless ``--lang en``), and so are its errors, through
    :func:`pdrs_rules._i18n._translate.usage`.
    """

    stdout: IO[str] = sys.stdout
    lang: str = "ru"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.stdout.write(message)
        raise Exit(status)

    def _print_message(self, message: str, file: Any = None) -> None:
        del file
        if message:
            self.stdout.write(message)


class Exit(Exception):  # noqa: N818 - control flow for --help/--version, not an error
    """``--help`` or ``--version`` was printed: stop with this status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


LANGS = ("ru", "en")
LANG_HELP = (
    "language of help, errors and warnings (default: Russian; for messages about a ruleset, "
    "its locale)"
)


def command_line_language(argv: Sequence[str]) -> str:
    """``--lang`` as the command line gives it, before it is parsed; Russian without it.

    Help and argparse's own errors come before any ruleset is read, so the ruleset's locale
    cannot decide them.
    """
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else ""
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGS:
            return value
    return "ru"


def language(args: argparse.Namespace | None, ruleset: str | None) -> str:
    """``--lang``, else the locale of the ruleset file (see docs/messages.md)."""
    if args is not None and getattr(args, "lang", None):
        return str(args.lang)
    from pdrs_rules._i18n._translate import peek_language  # noqa: PLC0415 - keep startup fast

    return peek_language(ruleset)


def ruleset_arg(args: argparse.Namespace | None) -> str | None:
    """The ruleset a subcommand reads, if any: the one whose locale picks the language."""
    if args is None:
        return None
    for name in ("ruleset", "rulesets", "new", "old"):
        value = getattr(args, name, None)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str):
            return value
    return None


def add_run_arguments(
    parser: argparse.ArgumentParser, *, period: str | None = None, quiet: str | None = None
) -> None:
    """RULESET FACTS..., --sheet, --group-facts, --param; --period and -q when given their help."""
    parser.add_argument("ruleset", metavar="RULESET")
    parser.add_argument(
        "facts",
        metavar="FACTS",
        nargs="+",
        help="CSV, JSON, YAML, XLSX, XLS or ODS facts file; several files, one per period, each "
        "as FILE (its period column says the period) or PERIOD=FILE",
    )
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet of a workbook to read (the first)"
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
            raise UsageError(f"pdrs-rules {command}: error: --param takes NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


def refuse_output_onto_inputs(
    command: str, output: str | None, inputs: Iterable[tuple[str, str | None]]
) -> None:
    """A usage error if ``-o`` names one of the run's inputs, given as (what, path) pairs.

    The output replaces its file only when the run succeeds, so an input named as the output
    would be lost exactly then; the same file reached by another path (a link, a folder
    link, another case on a case-insensitive disk) counts too.
    """
    if not output:
        return
    target = os.path.realpath(output)
    for what, path in inputs:
        if path and (os.path.realpath(path) == target or _same_file(output, path)):
            raise UsageError(
                f"pdrs-rules {command}: error: -o {output!r} is the {what} of this run; "
                "write the output to another file"
            )


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).samefile(second)
    except (OSError, ValueError):
        return False  # one of them does not exist (yet): not the same file


def run_inputs(args: argparse.Namespace, ruleset: Ruleset) -> list[tuple[str, str | None]]:
    """The files a run reads: the ruleset, the bases it extends, the facts, the group facts."""
    bases = [("base ruleset", base) for base in ruleset.files[1:]]
    return [
        ("ruleset", args.ruleset),
        *bases,
        *(("facts file", path) for path in _facts_paths(getattr(args, "facts", None))),
        ("group facts file", getattr(args, "group_facts", None)),
    ]


def facts_source(command: str, items: Sequence[str]) -> FactsSource:
    """FACTS as the library takes it: one file, files with their periods, or PERIOD=FILE."""
    if len(items) == 1 and not _period_file(items[0]):
        return items[0]
    pairs = [_period_file(item) or (None, item) for item in items]
    given = [period for period, _ in pairs if period is not None]
    if given and len(given) < len(pairs):
        raise UsageError(
            f"pdrs-rules {command}: error: give every facts file its period (PERIOD=FILE) "
            "or none of them (then each file's period column says it)"
        )
    if not given:
        return [path for _, path in pairs]
    by_period: dict[str, str] = {}
    for period, path in pairs:
        if period in by_period:
            raise UsageError(
                f"pdrs-rules {command}: error: period {period!r} is given twice: "
                f"{by_period[period]} and {path}"
            )
        by_period[str(period)] = path
    return by_period


def read_table(args: argparse.Namespace, ruleset: Ruleset) -> FactsTable:
    """FACTS read whole and checked: one file, or several, one per period."""
    source = facts_source(args.command, args.facts)
    return ruleset._read(source, sheet=args.sheet)  # noqa: SLF001 - the CLI is the package


def _facts_paths(items: Sequence[str] | str | None) -> list[str]:
    """The files of FACTS, whether given as FILE or as PERIOD=FILE."""
    if items is None:
        return []
    listed = [items] if isinstance(items, str) else list(items)
    return [(_period_file(item) or (None, item))[1] for item in listed]


def _period_file(item: str) -> tuple[str, str] | None:
    """``2023=facts.csv`` as (period, file); None for a plain file (one that exists as named)."""
    period, sep, path = item.partition("=")
    if not sep or not period or not path or Path(item).exists():
        return None
    return period, path


def loaded(args: argparse.Namespace) -> tuple[Ruleset, dict[str, str]]:
    """The ruleset and the ``--param`` overrides it accepts; a refused override is a usage error.

    So is an ``-o`` naming one of the run's inputs: checked before anything is evaluated.
    """
    params = parse_params(args.command, args.param)
    ruleset = load(args.ruleset)
    refuse_output_onto_inputs(
        args.command, getattr(args, "output", None), run_inputs(args, ruleset)
    )
    try:
        ruleset.resolve_params(params)
    except ParameterError as exc:
        raise UsageError(f"pdrs-rules {args.command}: error: --param: {exc.message}") from None
    return ruleset, params


def evaluated(
    args: argparse.Namespace,
    ruleset: Ruleset,
    params: dict[str, str],
    stderr: IO[str],
    *,
    facts: FactsTable | None = None,
) -> Report:
    """Evaluate the facts with a progress line (on a terminal), then print the warnings.

    ``facts`` is the facts file already read, when the command needs its schools too.
    """
    label = f"pdrs-rules {args.command}: оценено {ruleset.entity.title}"
    quiet = bool(getattr(args, "quiet", False))
    source = facts_source(args.command, args.facts) if facts is None else facts
    with progress(stderr, label, quiet=quiet) as tick, period_usage(args):
        report = ruleset.evaluate(
            source,
            params=params,
            group_facts=args.group_facts,
            progress=tick,
            sheet=args.sheet,
            period=getattr(args, "period", None),
            all_periods=bool(getattr(args, "all_periods", False)),
        )
    print_warnings(args, report.warnings, stderr)
    return report


@contextlib.contextmanager
def period_usage(args: argparse.Namespace) -> Iterator[None]:
    """A ``--period`` the facts do not have is a wrong command line (exit 2), not bad input."""
    try:
        yield
    except ParameterError as exc:
        if exc.code != "unknown-period":
            raise
        raise UsageError(f"pdrs-rules {args.command}: error: {exc.message}") from None


def print_warnings(
    args: argparse.Namespace, warnings: Iterable[Diagnostic], stderr: IO[str]
) -> None:
    """Warnings in the language of the ruleset (or ``--lang``); none with ``--quiet``."""
    shown = () if getattr(args, "quiet", False) else tuple(warnings)
    if not shown:
        return  # no need to read the ruleset's locale
    lang = language(args, args.ruleset)
    for warning in shown:
        stderr.write(f"{warning.localized(lang)}\n")


def report_periods(args: argparse.Namespace, report: Report) -> list[str]:
    """The periods of the report, in order; a ``--period`` not among them is a usage error."""
    periods = list(periods_of(report))
    if args.period is not None and args.period not in periods:
        raise unknown_choice(args.command, "period", args.period, periods)
    return periods


def unknown_choice(
    command: str, what: str, value: str, known: Sequence[str], option: str = ""
) -> UsageError:
    """«period '2024' is not known (periods: 2022, 2023); did you mean '2023'?»."""
    hint = difflib.get_close_matches(value, known, n=1)
    tail = f"; did you mean {hint[0]!r}?" if hint else ""
    where = f"{option}: " if option else ""
    return UsageError(
        f"pdrs-rules {command}: error: {where}{what} {value!r} is not known "
        f"({what}s: {', '.join(known) or 'none'}){tail}"
    )
