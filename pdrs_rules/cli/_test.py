"""``pdrs-rules test``: find case files, run them, print failures, coverage and a summary."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pdrs_rules._cases._casefile import SUFFIXES, load_cases
from pdrs_rules._cases._coverage import format_coverage, measure_coverage
from pdrs_rules._cases._run import CaseResult, format_result, run_cases
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules.errors import CasesInvalid, RulesetInvalid

from ._shared import ExitCode, language

__all__ = ["add_parser", "discover", "run"]

#: Folders never searched for case files: tool state, virtual environments, snapshots.
_SKIP = frozenset({"__snapshots__", "__pycache__", "node_modules", "venv"})


class UsageError(Exception):
    """A command-line mistake: reported on standard error with exit code 2."""


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``test`` subcommand and its options."""
    test = sub.add_parser(
        "test", help="run the case files (*.cases.yaml) of rulesets; silent when they pass"
    )
    test.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="case files, or folders searched for *.cases.yaml (default: .)",
    )
    test.add_argument("--run", metavar="PATTERN", help="run only cases whose name matches")
    test.add_argument(
        "--coverage",
        action="store_true",
        help="list the bands, trend rules, outcomes, texts and aggregates of each ruleset "
        "that cases reached",
    )
    test.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="exit 1 if a ruleset's coverage is below PCT percent",
    )
    test.add_argument(
        "--update", action="store_true", help="write or refresh the snapshots of snapshot cases"
    )
    test.add_argument("-v", "--verbose", action="store_true", help="also list passing cases")


def _percent(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage, got {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, got {text!r}")
    return value


def discover(paths: Sequence[str]) -> list[str]:
    """The case files named, and those found under the folders named, in a stable order.

    Raises FileNotFoundError for a path that does not exist.
    """
    found: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            found.extend(sorted(_walk(path)))
        elif Path(path).exists():
            found.append(path)
        else:
            raise FileNotFoundError(2, "no such file or folder", path)
    return list(dict.fromkeys(found))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP]
        for name in files:
            if any(name.endswith(suffix) for suffix, _ in SUFFIXES):
                yield os.path.normpath(os.path.join(root, name))  # noqa: PTH118 - as the user wrote it


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Run ``pdrs-rules test``; return the exit code."""
    try:
        return _run(args, stdout, stderr)
    except UsageError as exc:
        stderr.write(f"{exc}\n")
        return ExitCode.USAGE


def _run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    try:
        select = re.compile(args.run) if args.run is not None else None
    except re.error as exc:
        raise UsageError(f"pdrs-rules test: error: --run {args.run!r}: {exc}") from None
    files = discover(args.paths)
    if not files:
        raise UsageError(
            f"pdrs-rules test: error: no case files (*.cases.yaml) in {', '.join(args.paths)}"
        )
    invalid = 0
    results: list[CaseResult] = []
    by_ruleset: dict[str, tuple[Ruleset, list[CaseResult]]] = {}
    for file in files:
        try:
            case_file = load_cases(file)
        except (CasesInvalid, RulesetInvalid) as exc:
            stderr.write(f"{exc.localized(language(args, file))}\n")
            invalid += 1
            continue
        ran = run_cases(case_file, select=select, update=args.update)
        results.extend(ran)
        key = os.path.realpath(case_file.ruleset.file)
        by_ruleset.setdefault(key, (case_file.ruleset, []))[1].extend(ran)
        for result in ran:
            if result.snapshot_written:
                stdout.write(f"wrote {result.snapshot_written}\n")
            if not result.passed:
                stdout.write(format_result(result))
            elif args.verbose:
                stdout.write(f'{result.case.location}: PASS case "{result.case.name}"\n')
    under = False
    for ruleset, covered in by_ruleset.values():
        coverage = measure_coverage(ruleset, covered)
        if args.coverage:
            stdout.write(format_coverage(coverage))
        if args.fail_under is not None and coverage.percent < args.fail_under:
            under = True
            stdout.write(
                f"coverage of {coverage.ruleset} is {coverage.percent:.1f}%, "
                f"under --fail-under {args.fail_under:g}%\n"
            )
    stdout.write(_summary(results, invalid) + "\n")
    if invalid:
        return ExitCode.INVALID
    if under or any(not r.passed for r in results):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _summary(results: Sequence[CaseResult], invalid: int) -> str:
    failed = sum(not r.passed for r in results)
    parts = [f"{len(results) - failed} passed", f"{failed} failed"]
    written = sum(bool(r.snapshot_written) for r in results)
    if written:
        parts.append(f"{written} snapshot{'s' if written != 1 else ''} written")
    if invalid:
        parts.append(f"{invalid} invalid file{'s' if invalid != 1 else ''}")
    return ", ".join(parts)
