"""The command line: ``pdrs-rules check|evaluate|schema``; ``run()`` needs no subprocess."""

from __future__ import annotations

import argparse
import difflib
import enum
import importlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ._ruleset import Ruleset

__all__ = ["ExitCode", "main", "run"]


class ExitCode(enum.IntEnum):
    """Exit codes of every subcommand.

    - 0 ``OK``: success (``check``: the ruleset is valid; warnings are printed but do not fail);
    - 1 ``FINDINGS``: ``evaluate`` found a finding at or above the ``--fail-on`` level,
      or ``test`` had a failing case or coverage under ``--fail-under``,
      or ``diff`` found schools whose results differ between the two versions;
    - 2 ``USAGE``: the command line is wrong (unknown option, bad ``--param``, unknown level);
    - 3 ``INVALID``: a ruleset or facts file is invalid, or a file cannot be read or written.
    """

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INVALID = 3


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports to the given streams and raises instead of exiting."""

    stdout: IO[str] = sys.stdout

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.stdout.write(message)
        raise _Exit(status)

    def _print_message(self, message: str, file: Any = None) -> None:
        del file
        if message:
            self.stdout.write(message)


class _Exit(Exception):  # noqa: N818 - control flow for --help/--version, not an error
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _parser(stdout: IO[str]) -> _Parser:
    _Parser.stdout = stdout
    from . import _version  # noqa: PLC0415 - cheap, keeps the top of the module light

    parser = _Parser(
        prog="pdrs-rules",
        description="Declarative monitoring rulesets: check them, evaluate them over school facts.",
    )
    parser.add_argument("--version", action="version", version=f"pdrs-rules {_version.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate rulesets; silent when they are valid")
    check.add_argument("rulesets", nargs="+", metavar="RULESET")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--warnings-as-errors", action="store_true", help="exit 3 on warnings too")
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print notes (what a ruleset that extends another overrides)",
    )

    evaluate = sub.add_parser("evaluate", help="evaluate a ruleset over a facts file")
    evaluate.add_argument("ruleset", metavar="RULESET")
    evaluate.add_argument("facts", metavar="FACTS", help="CSV, JSON or YAML facts file")
    evaluate.add_argument(
        "--group-facts",
        metavar="FILE",
        help="facts of the group level (level: group), one row per group and period",
    )
    evaluate.add_argument("--format", choices=["json", "jsonl", "text", "csv"], default="text")
    evaluate.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )
    evaluate.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter; may be repeated",
    )
    evaluate.add_argument(
        "--fail-on", metavar="LEVEL", help="exit 1 if any finding is at this level or worse"
    )

    sub.add_parser("schema", help="print the JSON Schema of the ruleset format")
    for module, _ in _SUBCOMMANDS.values():
        # Each of these modules imports this one back, so they are imported here, not on top.
        importlib.import_module(f".{module}", __package__).add_parser(sub)
    return parser


#: Subcommands that live in their own module: name → (module, its runner's name).
#: The module has ``add_parser(subparsers)`` and ``runner(args, stdout, stderr) -> ExitCode``.
_SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "test": ("_casescli", "run_tests"),
    "diff": ("_diffcli", "run_diff"),
    "effect": ("_effectcli", "run_effect"),
}


def _write_atomically(path: str, text: str | Iterable[str]) -> None:
    from ._atomic import write_atomically  # noqa: PLC0415 - keep startup fast

    write_atomically(path, text)


def _check(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    from ._cases import check_cases, is_case_file  # noqa: PLC0415 - keep startup fast
    from ._ruleset import check  # noqa: PLC0415 - keep `--help` and startup fast
    from .errors import Severity  # noqa: PLC0415

    failed = False
    collected = []
    for path in args.rulesets:
        diagnostics = check_cases(path) if is_case_file(path) else check(path)
        if args.quiet:
            diagnostics = [d for d in diagnostics if d.severity is not Severity.NOTE]
        collected.extend(diagnostics)
        for diagnostic in diagnostics:
            # Notes say what an `extends` changes: information, never a failure.
            if diagnostic.severity is Severity.ERROR or (
                args.warnings_as_errors and diagnostic.severity is Severity.WARNING
            ):
                failed = True
    collected.sort(key=lambda d: d.sort_key())  # several files: one order, by location
    if args.format == "json":
        stdout.write(
            json.dumps(
                [
                    {
                        "file": d.location.file,
                        "line": d.location.line,
                        "column": d.location.column,
                        "path": d.location.path,
                        "code": d.code,
                        "severity": d.severity.value,
                        "message": d.message,
                    }
                    for d in collected
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        for diagnostic in collected:
            stream = stderr if diagnostic.severity is Severity.ERROR else stdout
            stream.write(f"{diagnostic}\n")
    return ExitCode.INVALID if failed else ExitCode.OK


def _parse_params(items: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise _UsageError(f"pdrs-rules evaluate: error: --param takes NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


def _evaluate(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    from ._ruleset import load  # noqa: PLC0415 - keep `--help` and startup fast
    from .errors import ParameterError  # noqa: PLC0415

    params = _parse_params(args.param)
    ruleset = load(args.ruleset)
    level_ids = [level.id for level in ruleset.levels]
    if args.fail_on is not None and args.fail_on not in level_ids:
        hint = difflib.get_close_matches(args.fail_on, level_ids, n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        raise _UsageError(
            f"pdrs-rules evaluate: error: --fail-on {args.fail_on!r} is not a level "
            f"of this ruleset (levels: {', '.join(level_ids)}){tail}"
        )
    try:
        ruleset.resolve_params(params)
    except ParameterError as exc:
        raise _UsageError(f"pdrs-rules evaluate: error: --param: {exc.message}") from None
    if args.format == "jsonl" and not ruleset.compiled.is_multilevel and not args.group_facts:
        return _evaluate_lines(ruleset, args, params, stdout, stderr)
    report = ruleset.evaluate(args.facts, params=params, group_facts=args.group_facts)
    for warning in report.warnings:
        stderr.write(f"{warning}\n")
    rendered = {
        "json": report.to_json,
        "text": report.to_text,
        "csv": report.to_csv,
        "jsonl": report.to_jsonl,
    }[args.format]()
    if args.output:
        _write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    if args.fail_on is not None:
        worst = report.worst_rank(level_ids)
        if worst is not None and worst <= level_ids.index(args.fail_on):
            return ExitCode.FINDINGS
    return ExitCode.OK


def _evaluate_lines(
    ruleset: Ruleset,
    args: argparse.Namespace,
    params: dict[str, str],
    stdout: IO[str],
    stderr: IO[str],
) -> ExitCode:
    """``--format jsonl``: one finding per line, in input order, none of them kept in memory."""
    from .report import finding_to_dict  # noqa: PLC0415 - keep `--help` and startup fast

    # Two passes: every row is checked (and FactsInvalid raised) before any output, then the
    # schools are built one at a time, so memory does not grow with the number of rows.
    schools = ruleset._stream_facts(args.facts)  # noqa: SLF001 - the CLI is part of the package
    for warning in schools.warnings:
        stderr.write(f"{warning}\n")
    rank = {level.id: index for index, level in enumerate(ruleset.levels)}
    levels: set[str | None] = set()
    encode = _line_encoder()

    def lines() -> Iterator[str]:
        add = levels.add
        for finding in ruleset.iter_findings(schools, params=params):
            add(finding.level)
            yield encode(finding_to_dict(finding)) + "\n"

    if args.output:
        _write_atomically(args.output, lines())
    else:
        stdout.writelines(lines())
    worst = min((rank[level] for level in levels if level in rank), default=len(rank))
    if args.fail_on is not None and worst <= rank[args.fail_on]:
        return ExitCode.FINDINGS
    return ExitCode.OK


def _line_encoder() -> Callable[[object], str]:
    """``json.dumps(obj, ensure_ascii=False, sort_keys=True)``, with one encoder for every line.

    json.dumps builds a new encoder per call; reusing one saves that. Keys are not sorted
    again and cycles are not checked: finding_to_dict gives fresh trees with keys in order.
    """
    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _schema(stdout: IO[str]) -> ExitCode:
    from ._load import schema  # noqa: PLC0415

    stdout.write(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK


def run(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run a command line; write results to ``stdout`` and problems to ``stderr``."""
    from .errors import PdrsRulesError  # noqa: PLC0415

    try:
        args = _parser(stdout).parse_args(list(argv))
        if args.command == "check":
            return _check(args, stdout, stderr)
        if args.command == "evaluate":
            return _evaluate(args, stdout, stderr)
        if args.command in _SUBCOMMANDS:
            module, runner = _SUBCOMMANDS[args.command]
            command = getattr(importlib.import_module(f".{module}", __package__), runner)
            return int(command(args, stdout, stderr))
        return _schema(stdout)
    except _Exit as done:
        return done.status
    except _UsageError as exc:
        stderr.write(f"{exc}\n")
        return ExitCode.USAGE
    except PdrsRulesError as exc:
        stderr.write(f"{exc}\n")
        return ExitCode.INVALID
    except OSError as exc:
        stderr.write(f"pdrs-rules: {exc.filename or ''}: {exc.strerror or exc}\n")
        return ExitCode.INVALID


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pdrs-rules`` command."""
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
