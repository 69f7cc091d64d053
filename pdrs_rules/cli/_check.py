"""``pdrs-rules check`` and ``schema``: validate rulesets and case files; print the schema."""

from __future__ import annotations

import argparse
import json
from typing import IO, Any

from pdrs_rules._cases._casefile import check_cases, is_case_file
from pdrs_rules._engine._ruleset import check
from pdrs_rules._schemas import CASES_SCHEMA, RULESET_SCHEMA, schema
from pdrs_rules.errors import Diagnostic, Severity

from ._shared import ExitCode, language

__all__ = ["add_parser", "add_schema_parser", "run", "run_schema"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``check`` subcommand and its options."""
    check = sub.add_parser("check", help="validate rulesets; silent when they are valid")
    check.add_argument("rulesets", nargs="+", metavar="RULESET")
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default) or json: a line per problem, or a JSON list with message and "
        "message_en",
    )
    check.add_argument("--warnings-as-errors", action="store_true", help="exit 3 on warnings too")
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print notes (what a ruleset that extends another overrides)",
    )


def add_schema_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``schema`` subcommand."""
    parser = sub.add_parser("schema", help="print the JSON Schema of the ruleset format")
    parser.add_argument(
        "--cases", action="store_true", help="print the schema of case files (*.cases.yaml) instead"
    )


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:

    failed = False
    collected = []
    shown: list[tuple[Diagnostic, Diagnostic]] = []
    for path in args.rulesets:
        diagnostics = check_cases(path) if is_case_file(path) else check(path)
        lang = language(args, path)
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


def run_schema(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Print the JSON Schema of the ruleset format, or of case files with ``--cases``."""
    del stderr

    name = CASES_SCHEMA if args.cases else RULESET_SCHEMA
    stdout.write(json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK
