"""The command line: the parser of every subcommand, ``run()`` and ``main()``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from pdrs_rules import _version
from pdrs_rules._arguments import checked
from pdrs_rules.errors import PdrsRulesError

from . import _check, _diff, _effect, _evaluate, _explain, _letters, _new, _passport, _report, _test
from ._shared import (
    LANG_HELP,
    LANGS,
    Exit,
    ExitCode,
    Parser,
    Terminated,
    UsageError,
    command_line_language,
    language,
    ruleset_arg,
)

__all__ = ["main", "run"]

_Runner = Callable[[argparse.Namespace, IO[str], IO[str]], ExitCode]
_Declare = Callable[["argparse._SubParsersAction[Any]"], None]  # noqa: SLF001 - argparse names it so

#: Every subcommand, in the order ``--help`` lists them: how it is declared, how it runs.
#: A new subcommand is a module with ``add_parser(subparsers)`` and ``run(args, stdout, stderr)``.
_SUBCOMMANDS: dict[str, tuple[_Declare, _Runner]] = {
    "check": (_check.add_parser, _check.run),
    "evaluate": (_evaluate.add_parser, _evaluate.run),
    "schema": (_check.add_schema_parser, _check.run_schema),
    "test": (_test.add_parser, _test.run),
    "diff": (_diff.add_parser, _diff.run),
    "effect": (_effect.add_parser, _effect.run),
    "new": (_new.add_parser, _new.run),
    "passport": (_passport.add_parser, _passport.run),
    "letters": (_letters.add_parser, _letters.run),
    "explain": (_explain.add_parser, _explain.run),
    "report": (_report.add_parser, _report.run),
}


def _parser(stdout: IO[str], lang: str = "ru") -> Parser:
    Parser.stdout = stdout
    Parser.lang = lang
    parser = Parser(
        prog="pdrs-rules",
        description="Declarative monitoring rulesets: check them, evaluate them over school facts.",
    )
    parser.add_argument("--version", action="version", version=f"pdrs-rules {_version.__version__}")
    parser.add_argument("--lang", choices=LANGS, default=None, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for declare, _ in _SUBCOMMANDS.values():
        declare(sub)
    for subparser in sub.choices.values():
        # After the subcommand too; SUPPRESS keeps a --lang given before it.
        subparser.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=LANG_HELP)
    return parser


@checked
def run(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run a command line; write results to ``stdout`` and problems to ``stderr``.

    Ctrl-C (KeyboardInterrupt) and SIGTERM (:class:`Terminated`, once :func:`main` has turned
    the signal into it) print one line and return 130 and 143; a broken pipe on ``stdout``
    propagates as BrokenPipeError, for :func:`main` to end quietly.
    """
    args: argparse.Namespace | None = None
    lang = command_line_language(argv)
    try:
        args = _parser(stdout, lang).parse_args(list(argv))
        _, command = _SUBCOMMANDS[args.command]
        return int(command(args, stdout, stderr))
    except Exit as done:
        return done.status
    except (KeyboardInterrupt, Terminated) as stop:
        # Files being written removed their temporary copies on the way here.
        interrupted = isinstance(stop, KeyboardInterrupt)
        stderr.write(f"pdrs-rules: {_STOPPED[_language_of(args, lang), interrupted]}\n")
        return ExitCode.INTERRUPTED if interrupted else ExitCode.TERMINATED
    except BrokenPipeError:
        raise
    except UsageError as exc:
        from pdrs_rules._i18n._translate import usage  # noqa: PLC0415 - keep startup fast

        stderr.write(f"{usage(str(exc), _language_of(args, lang))}\n")
        return ExitCode.USAGE
    except PdrsRulesError as exc:
        stderr.write(f"{exc.localized(_language_of(args, lang))}\n")
        return ExitCode.INVALID
    except OSError as exc:
        from pdrs_rules._i18n._translate import translate  # noqa: PLC0415 - keep startup fast

        # The common reasons (no such file, a folder, not a regular file) have Russian entries.
        reason = translate(f"{exc.filename or ''}: {exc.strerror or exc}", _language_of(args, lang))
        stderr.write(f"pdrs-rules: {reason}\n")
        return ExitCode.INVALID


@checked
def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pdrs-rules`` command."""
    previous = _on_sigterm(_terminate)
    try:
        return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
    except BrokenPipeError:
        # The reader of standard output went away (`| head -1`): it has all it wanted. Output
        # still buffered would fail again at exit, so standard output now goes nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return ExitCode.OK
    finally:
        _on_sigterm(previous)


def _language_of(args: argparse.Namespace | None, before_parsing: str) -> str:
    """The language of messages: ``--lang``, else the ruleset's locale.

    Until the command line is parsed, what it says with ``--lang`` (Russian by default).
    """
    return before_parsing if args is None else language(args, ruleset_arg(args))


#: The line printed when a run is stopped, by language and by whether it was Ctrl-C.
_STOPPED = {
    ("ru", True): "прервано (Ctrl-C)",
    ("ru", False): "остановлено (SIGTERM)",
    ("en", True): "interrupted (Ctrl-C)",
    ("en", False): "terminated (SIGTERM)",
}


def _terminate(signum: int, frame: object) -> None:
    del signum, frame
    raise Terminated


def _on_sigterm(handler: Any) -> Any:
    """Install a SIGTERM handler; the one it replaces (None off the main thread, where none can)."""
    try:
        return signal.signal(signal.SIGTERM, handler)
    except (ValueError, TypeError):
        return None  # not the main thread (an embedding program's worker), or no handler to restore
