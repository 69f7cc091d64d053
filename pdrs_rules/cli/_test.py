"""``pdrs-rules test``: find case files, run them, print failures, coverage and a summary."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pdrs_rules._cases._casefile import SUFFIXES, load_cases
from pdrs_rules._cases._coverage import Coverage, format_coverage, measure_coverage
from pdrs_rules._cases._run import CaseResult, format_result, run_cases
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules.errors import CasesInvalid, PdrsRulesError, RulesetInvalid

from ._shared import ExitCode

__all__ = ["add_parser", "discover", "run", "test_json"]

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
    test.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text (default) or json: one object with every case, its result and its "
        "mismatches, for CI tools",
    )


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
    # Case files have no locale: the output is Russian unless --lang en.
    lang = getattr(args, "lang", None) or "ru"
    as_json = args.format == "json"
    text = io.StringIO() if as_json else stdout
    try:
        select = re.compile(args.run) if args.run is not None else None
    except re.error as exc:
        raise UsageError(f"pdrs-rules test: error: --run {args.run!r}: {exc}") from None
    files = discover(args.paths)
    if not files:
        raise UsageError(
            f"pdrs-rules test: error: no case files (*.cases.yaml) in {', '.join(args.paths)}"
        )
    invalid: list[PdrsRulesError] = []
    results: list[CaseResult] = []
    by_ruleset: dict[str, tuple[Ruleset, list[CaseResult]]] = {}
    for file in files:
        try:
            case_file = load_cases(file)
        except (CasesInvalid, RulesetInvalid) as exc:
            if not as_json:
                stderr.write(f"{exc.localized(lang)}\n")
            invalid.append(exc)
            continue
        ran = run_cases(case_file, select=select, update=args.update)
        results.extend(ran)
        key = os.path.realpath(case_file.ruleset.file)
        by_ruleset.setdefault(key, (case_file.ruleset, []))[1].extend(ran)
        for result in ran:
            if result.snapshot_written:
                written = "записан" if lang == "ru" else "wrote"
                text.write(f"{written} {result.snapshot_written}\n")
            if not result.passed:
                text.write(format_result(result, lang))
            elif args.verbose:
                text.write(_passed(result, lang))
    under = False
    coverages: list[Coverage] = []
    for ruleset, covered in by_ruleset.values():
        coverage = measure_coverage(ruleset, covered)
        coverages.append(coverage)
        if args.coverage:
            text.write(format_coverage(coverage, lang))
        if args.fail_under is not None and coverage.percent < args.fail_under:
            under = True
            text.write(_under(coverage, args.fail_under, lang))
    text.write(_summary(results, len(invalid), lang) + "\n")
    if as_json:
        report = test_json(results, coverages, invalid, lang, coverage=args.coverage)
        stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    if invalid:
        return ExitCode.INVALID
    if under or any(not r.passed for r in results):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _passed(result: CaseResult, lang: str) -> str:
    if lang == "ru":
        return f"{result.case.location}: ПРОЙДЕН пример «{result.case.name}»\n"
    return f'{result.case.location}: PASS case "{result.case.name}"\n'


def _under(coverage: Coverage, limit: float, lang: str) -> str:
    if lang == "ru":
        percent = f"{coverage.percent:.1f}".replace(".", ",")
        shown = f"{limit:g}".replace(".", ",")
        return f"покрытие {coverage.ruleset} — {percent}%, меньше --fail-under {shown}%\n"
    return (
        f"coverage of {coverage.ruleset} is {coverage.percent:.1f}%, "
        f"under --fail-under {limit:g}%\n"
    )


def _summary(results: Sequence[CaseResult], invalid: int, lang: str = "en") -> str:
    failed = sum(not r.passed for r in results)
    written = sum(bool(r.snapshot_written) for r in results)
    ru = lang == "ru"
    passed = len(results) - failed
    parts = [
        f"пройдено {passed}" if ru else f"{passed} passed",
        f"не пройдено {failed}" if ru else f"{failed} failed",
    ]
    if written:
        s = "s" if written != 1 else ""
        parts.append(f"записано снимков: {written}" if ru else f"{written} snapshot{s} written")
    if invalid:
        s = "s" if invalid != 1 else ""
        parts.append(f"файлов с ошибками: {invalid}" if ru else f"{invalid} invalid file{s}")
    return ", ".join(parts)


def test_json(
    results: Sequence[CaseResult],
    coverages: Sequence[Coverage],
    invalid: Sequence[PdrsRulesError],
    lang: str,
    *,
    coverage: bool,
) -> dict[str, Any]:
    """``test --format json``: every case with its result, like ``opa test --format json``."""
    cases = [
        {
            "file": r.case.location.file,
            "line": r.case.location.line,
            "name": r.case.name,
            "passed": r.passed,
            "mismatches": [
                {
                    "subject": m.subject,
                    "field": m.field,
                    "expected": m.expected,
                    "actual": m.actual,
                    "file": m.location.file,
                    "line": m.location.line,
                    "column": m.location.column,
                }
                for m in r.mismatches
            ],
            **({"snapshot_written": r.snapshot_written} if r.snapshot_written else {}),
        }
        for r in results
    ]
    errors = [
        {
            "file": d.location.file,
            "line": d.location.line,
            "column": d.location.column,
            "code": d.code,
            "message": d.localized(lang).message,
            "message_en": d.message,
        }
        for exc in invalid
        for d in getattr(exc, "diagnostics", ())
    ]
    failed = sum(not r.passed for r in results)
    document: dict[str, Any] = {
        "format": "pdrs-rules/test/1",
        "summary": {"passed": len(results) - failed, "failed": failed, "invalid": len(invalid)},
        "cases": cases,
        "errors": errors,
    }
    if coverage:
        document["coverage"] = [
            {
                "ruleset": c.ruleset,
                "percent": round(c.percent, 1),
                "reached": c.count()[0],
                "total": c.count()[1],
                "missed": [item.label for item in c.missed],
            }
            for c in coverages
        ]
    return document
