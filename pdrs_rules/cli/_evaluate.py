"""``pdrs-rules evaluate``: the findings of a run as text, JSON, JSON Lines, CSV or Parquet."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any

from pdrs_rules._engine._progress import is_terminal, progress
from pdrs_rules.report import finding_to_dict
from pdrs_rules.report._atomic import write_atomically
from pdrs_rules.report._frames import MissingLibraryError, parquet_files

from ._shared import (
    ExitCode,
    UsageError,
    add_run_arguments,
    evaluated,
    loaded,
    print_warnings,
    unknown_choice,
)

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["add_parser", "line_encoder", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``evaluate`` subcommand and its options."""
    evaluate = sub.add_parser("evaluate", help="evaluate a ruleset over a facts file")
    add_run_arguments(evaluate, quiet="no progress and no warnings on stderr")
    evaluate.add_argument(
        "--format", choices=["json", "jsonl", "text", "csv", "parquet"], default="text"
    )
    evaluate.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )
    evaluate.add_argument(
        "--fail-on", metavar="LEVEL", help="exit 1 if any finding is at this level or worse"
    )


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:

    ruleset, params = loaded(args)
    level_ids = [level.id for level in ruleset.levels]
    if args.fail_on is not None and args.fail_on not in level_ids:
        raise unknown_choice("evaluate", "level", args.fail_on, level_ids, option="--fail-on")
    if args.format == "parquet" and not args.output:
        raise UsageError(
            "pdrs-rules evaluate: error: --format parquet writes files, not standard output; "
            "expected -o FILE"
        )
    if args.format == "jsonl" and not ruleset.compiled.is_multilevel and not args.group_facts:
        return _evaluate_lines(ruleset, args, params, stdout, stderr)
    report = evaluated(args, ruleset, params, stderr)
    if args.format == "parquet":
        try:
            findings = (*report.findings, *report.conclusions)
            files = parquet_files(args.output, findings, report.aggregates, report.scores)
        except MissingLibraryError as exc:
            stderr.write(f"pdrs-rules evaluate: missing-extra: {exc}\n")
            return ExitCode.INVALID
        for name, data in files.items():
            write_atomically(name, data)
        return _fail_on(args, report, level_ids)
    if args.format in {"json", "jsonl"}:
        # Written as it is encoded: the document is never held whole, as data or as text.
        pieces = report.iter_json() if args.format == "json" else report.iter_jsonl()
        if args.output:
            write_atomically(args.output, pieces)
        else:
            stdout.writelines(pieces)
        return _fail_on(args, report, level_ids)
    rendered = {
        "text": report.to_text,
        "csv": report.to_csv,
    }[args.format]()
    if args.output:
        write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    return _fail_on(args, report, level_ids)


def _fail_on(args: argparse.Namespace, report: Report, level_ids: list[str]) -> ExitCode:
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
    # Two passes: every row is checked (and FactsInvalid raised) before any output, then the
    # schools are built one at a time, so memory does not grow with the number of rows.
    schools = ruleset._stream_facts(args.facts, sheet=args.sheet)  # noqa: SLF001 - the CLI is the package

    print_warnings(args, schools.warnings, stderr)
    rank = {level.id: index for index, level in enumerate(ruleset.levels)}
    levels: set[str | None] = set()
    encode = line_encoder()

    def lines(tick: Callable[[int], None]) -> Iterator[str]:
        add = levels.add
        for finding in ruleset.iter_findings(schools, params=params, progress=tick):
            add(finding.level)
            yield encode(finding_to_dict(finding)) + "\n"

    # Lines streamed to the same terminal would be torn by the progress line.
    with _progress(stderr, args, ruleset, shared=None if args.output else stdout) as tick:
        if args.output:
            write_atomically(args.output, lines(tick))
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
    quiet = args.quiet or (shared is not None and is_terminal(shared))
    label = f"pdrs-rules {args.command}: оценено {ruleset.entity.title}"
    with progress(stderr, label, quiet=quiet) as tick:
        yield tick


def line_encoder() -> Callable[[object], str]:
    """``json.dumps(obj, ensure_ascii=False, sort_keys=True)``, with one encoder for every line.

    json.dumps builds a new encoder per call; reusing one saves that. Keys are not sorted
    again and cycles are not checked: finding_to_dict gives fresh trees with keys in order.
    """
    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
