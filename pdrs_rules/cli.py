"""The command line: ``pdrs-rules check|evaluate|schema``; ``run()`` needs no subprocess."""

from __future__ import annotations

import argparse
import contextlib
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
    parser.add_argument("--lang", choices=_LANGS, default=None, help=_LANG_HELP)
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
    from ._runcli import add_run_arguments  # noqa: PLC0415 - imports this module back

    add_run_arguments(evaluate, quiet="no progress and no warnings on stderr")
    evaluate.add_argument("--format", choices=["json", "jsonl", "text", "csv"], default="text")
    evaluate.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )
    evaluate.add_argument(
        "--fail-on", metavar="LEVEL", help="exit 1 if any finding is at this level or worse"
    )

    sub.add_parser("schema", help="print the JSON Schema of the ruleset format")
    for module, _ in _SUBCOMMANDS.values():
        # Each of these modules imports this one back, so they are imported here, not on top.
        importlib.import_module(f".{module}", __package__).add_parser(sub)
    for subparser in sub.choices.values():
        # After the subcommand too; SUPPRESS keeps a --lang given before it.
        subparser.add_argument("--lang", choices=_LANGS, default=argparse.SUPPRESS, help=_LANG_HELP)
    return parser


_LANGS = ("ru", "en")
_LANG_HELP = (
    "language of errors and warnings (default: the ruleset's locale, Russian unless it says en)"
)


def _lang(args: argparse.Namespace | None, ruleset: str | None) -> str:
    """``--lang``, else the locale of the ruleset file (see docs/messages.md)."""
    if args is not None and getattr(args, "lang", None):
        return str(args.lang)
    from ._i18n import peek_language  # noqa: PLC0415 - keep startup fast

    return peek_language(ruleset)


def _ruleset_arg(args: argparse.Namespace | None) -> str | None:
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


#: Subcommands that live in their own module: name → (module, its runner's name).
#: The module has ``add_parser(subparsers)`` and ``runner(args, stdout, stderr) -> ExitCode``.
_SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "test": ("_casescli", "run_tests"),
    "diff": ("_diffcli", "run_diff"),
    "effect": ("_effectcli", "run_effect"),
    "new": ("_newcli", "run_new"),
    "passport": ("_passportcli", "run_passport"),
    "letters": ("_letterscli", "run_letters"),
    "explain": ("_explaincli", "run_explain"),
    "report": ("_reportcli", "run_report"),
}


def _write_atomically(path: str, text: str | Iterable[str]) -> None:
    from ._atomic import write_atomically  # noqa: PLC0415 - keep startup fast

    write_atomically(path, text)


def _check(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    from ._cases import check_cases, is_case_file  # noqa: PLC0415 - keep startup fast
    from ._ruleset import check  # noqa: PLC0415 - keep `--help` and startup fast
    from .errors import Diagnostic, Severity  # noqa: PLC0415

    failed = False
    collected = []
    shown: list[tuple[Diagnostic, Diagnostic]] = []
    for path in args.rulesets:
        diagnostics = check_cases(path) if is_case_file(path) else check(path)
        lang = _lang(args, path)
        shown.extend((d, d.localized(lang)) for d in diagnostics)
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
    localized = dict(shown)
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
                        "message": localized[d].message,
                        "message_en": d.message,
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
            stream.write(f"{localized[diagnostic]}\n")
    return ExitCode.INVALID if failed else ExitCode.OK


def _evaluate(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    from ._runcli import evaluated, loaded, unknown_choice  # noqa: PLC0415 - startup

    ruleset, params = loaded(args)
    level_ids = [level.id for level in ruleset.levels]
    if args.fail_on is not None and args.fail_on not in level_ids:
        raise unknown_choice("evaluate", "level", args.fail_on, level_ids, option="--fail-on")
    if args.format == "jsonl" and not ruleset.compiled.is_multilevel and not args.group_facts:
        return _evaluate_lines(ruleset, args, params, stdout, stderr)
    report = evaluated(args, ruleset, params, stderr)
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
    schools = ruleset._stream_facts(args.facts, sheet=args.sheet)  # noqa: SLF001 - the CLI is the package
    from ._runcli import print_warnings  # noqa: PLC0415 - keep startup fast

    print_warnings(args, schools.warnings, stderr)
    rank = {level.id: index for index, level in enumerate(ruleset.levels)}
    levels: set[str | None] = set()
    encode = _line_encoder()

    def lines(tick: Callable[[int], None]) -> Iterator[str]:
        add = levels.add
        for finding in ruleset.iter_findings(schools, params=params, progress=tick):
            add(finding.level)
            yield encode(finding_to_dict(finding)) + "\n"

    # Lines streamed to the same terminal would be torn by the progress line.
    with _progress(stderr, args, ruleset, shared=None if args.output else stdout) as tick:
        if args.output:
            _write_atomically(args.output, lines(tick))
        else:
            stdout.writelines(lines(tick))
    worst = min((rank[level] for level in levels if level in rank), default=len(rank))
    if args.fail_on is not None and worst <= rank[args.fail_on]:
        return ExitCode.FINDINGS
    return ExitCode.OK


@contextlib.contextmanager
def _progress(
    stderr: IO[str], args: argparse.Namespace, ruleset: Ruleset, shared: IO[str] | None = None
) -> Iterator[Callable[[int], None]]:
    """``evaluate``'s progress line; off with ``--quiet`` or when ``shared`` is a terminal too."""
    from ._progress import is_terminal, progress  # noqa: PLC0415 - keep startup fast

    quiet = args.quiet or (shared is not None and is_terminal(shared))
    label = f"pdrs-rules {args.command}: оценено {ruleset.entity.title}"
    with progress(stderr, label, quiet=quiet) as tick:
        yield tick


def _line_encoder() -> Callable[[object], str]:
    """``json.dumps(obj, ensure_ascii=False, sort_keys=True)``, with one encoder for every line.

    json.dumps builds a new encoder per call; reusing one saves that. Keys are not sorted
    again and cycles are not checked: finding_to_dict gives fresh trees with keys in order.
    """
    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _schema(stdout: IO[str]) -> ExitCode:
    from ._schemas import schema  # noqa: PLC0415

    stdout.write(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK


def run(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run a command line; write results to ``stdout`` and problems to ``stderr``."""
    from .errors import PdrsRulesError  # noqa: PLC0415

    args: argparse.Namespace | None = None
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
        from ._i18n import usage  # noqa: PLC0415 - keep startup fast

        language = _lang(args, _ruleset_arg(args)) if args is not None else "en"
        stderr.write(f"{usage(str(exc), language)}\n")
        return ExitCode.USAGE
    except PdrsRulesError as exc:
        stderr.write(f"{exc.localized(_lang(args, _ruleset_arg(args)))}\n")
        return ExitCode.INVALID
    except OSError as exc:
        stderr.write(f"pdrs-rules: {exc.filename or ''}: {exc.strerror or exc}\n")
        return ExitCode.INVALID


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pdrs-rules`` command."""
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
