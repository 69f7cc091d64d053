"""``pdrs-rules evaluate``: findings as text, JSON, JSON Lines, CSV, a workbook or Parquet."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from pdrs_rules._documents._workbook import check_xlsx, render_xlsx
from pdrs_rules._engine._progress import is_terminal, progress
from pdrs_rules.report import finding_to_dict
from pdrs_rules.report._atomic import write_atomically
from pdrs_rules.report._frames import parquet_backend, parquet_files

from ._shared import (
    ExitCode,
    UsageError,
    add_run_arguments,
    evaluated,
    facts_source,
    loaded,
    period_usage,
    print_warnings,
    unknown_choice,
)

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import FactsSource, Ruleset
    from pdrs_rules._model import AggregateResult, Finding, Score
    from pdrs_rules.report import Report

__all__ = ["add_parser", "line_encoder", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``evaluate`` subcommand and its options."""
    evaluate = sub.add_parser("evaluate", help="evaluate a ruleset over a facts file")
    add_run_arguments(
        evaluate,
        period="the reporting period (default: the latest); earlier periods are its history",
        quiet="no progress and no warnings on stderr",
    )
    evaluate.add_argument(
        "--all-periods",
        action="store_true",
        help="report every period up to --period, not only the reporting one",
    )
    evaluate.add_argument(
        "--format",
        choices=["json", "jsonl", "text", "csv", "xlsx", "parquet"],
        help="default: from the -o extension, else text; xlsx and parquet need -o",
    )
    evaluate.add_argument(
        "--csv",
        choices=["excel", "machine"],
        help="excel: for Russian Excel (;, decimal comma, Russian headers, a byte order mark); "
        "machine: RFC 4180 with the JSON field names (default: excel when the ruleset is ru)",
    )
    evaluate.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )
    evaluate.add_argument(
        "--fail-on", metavar="LEVEL", help="exit 1 if any finding is at this level or worse"
    )


#: Output formats by the extension of ``-o``.
_BY_SUFFIX = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


def _format(args: argparse.Namespace) -> str:
    """The output format: --format, else the extension of -o; a mismatch is a usage error."""
    suffix = Path(args.output).suffix.lower() if args.output else ""
    implied = _BY_SUFFIX.get(suffix)
    if args.format is not None:
        if implied is not None and implied != args.format:
            raise UsageError(
                f"pdrs-rules evaluate: error: -o {args.output!r} names a {implied} file, but "
                f"--format is {args.format}; expected the extension of {args.format} "
                "or no --format"
            )
        fmt = str(args.format)
    elif not args.output:
        fmt = "text"
    elif implied is None:
        raise UsageError(
            f"pdrs-rules evaluate: error: cannot tell the format from {args.output!r} "
            f"(known extensions: {', '.join(_BY_SUFFIX)}); give --format text, json, jsonl, "
            "csv, xlsx or parquet"
        )
    else:
        fmt = implied
    if fmt == "xlsx" and not args.output:
        raise UsageError(
            "pdrs-rules evaluate: error: a workbook is not written to standard output; "
            "give -o FILE.xlsx"
        )
    if fmt == "parquet" and not args.output:
        raise UsageError(
            "pdrs-rules evaluate: error: --format parquet writes files, not standard output; "
            "give -o FILE.parquet"
        )
    return fmt


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Evaluate and write the findings in the format asked for (or the -o extension's)."""
    args.format = _format(args)  # a wrong -o is a usage error before a long evaluation
    try:
        # A missing library is said before a long evaluation, not after it.
        if args.format == "xlsx":
            check_xlsx()
        elif args.format == "parquet":
            parquet_backend()
    except ImportError as exc:  # the extra's MissingExtraError or MissingLibraryError
        stderr.write(f"pdrs-rules evaluate: missing-extra: {exc}\n")
        return ExitCode.INVALID
    ruleset, params = loaded(args)
    level_ids = [level.id for level in ruleset.levels]
    if args.fail_on is not None and args.fail_on not in level_ids:
        raise unknown_choice("evaluate", "level", args.fail_on, level_ids, option="--fail-on")
    facts = facts_source("evaluate", args.facts)
    if (
        args.format == "jsonl"
        and not ruleset.compiled.is_multilevel
        and not args.group_facts
        and isinstance(facts, str)
    ):
        return _evaluate_lines(ruleset, args, params, stdout, stderr)
    if args.format == "jsonl" and (ruleset.compiled.is_multilevel or args.group_facts):
        return _run_lines(ruleset, args, params, facts, stdout, stderr)
    report = evaluated(args, ruleset, params, stderr)
    if args.format == "parquet":
        files = parquet_files(
            args.output, (*report.findings, *report.conclusions), report.aggregates, report.scores
        )
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
    rendered: str | bytes
    if args.format == "xlsx":
        rendered = render_xlsx(report, ruleset)
    elif args.format == "csv":
        style = args.csv or ("excel" if ruleset.metadata.locale == "ru" else "machine")
        rendered = report.to_csv(excel=style == "excel")
    else:
        rendered = report.to_text()
    if args.output:
        write_atomically(args.output, rendered)
    else:
        assert isinstance(rendered, str)  # _format sends a workbook to a file  # noqa: S101
        stdout.write(rendered)
    return _fail_on(args, report, level_ids)


def _fail_on(args: argparse.Namespace, report: Report, level_ids: list[str]) -> ExitCode:
    levels = (f.level for f in (*report.findings, *report.conclusions))
    return _exit_for(args, levels, level_ids)


def _exit_for(
    args: argparse.Namespace, levels: Iterable[str | None], level_ids: Sequence[str]
) -> ExitCode:
    """FINDINGS when a level reached is ``--fail-on``'s or worse, else OK."""
    if args.fail_on is None:
        return ExitCode.OK
    bar = level_ids.index(args.fail_on)
    worse = set(level_ids[: bar + 1])
    return ExitCode.FINDINGS if any(level in worse for level in levels) else ExitCode.OK


def _write_lines(
    args: argparse.Namespace,
    ruleset: Ruleset,
    lines: Callable[[Callable[[int], None]], Iterator[str]],
    stdout: IO[str],
    stderr: IO[str],
) -> None:
    """Lines to ``-o`` (atomically) or standard output, with the progress line on stderr."""
    # Lines streamed to the same terminal would be torn by the progress line.
    shared = None if args.output else stdout
    with _progress(stderr, args, ruleset, shared=shared) as tick, period_usage(args):
        if args.output:
            write_atomically(args.output, lines(tick))
        else:
            stdout.writelines(lines(tick))


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
    schools = ruleset.stream_facts(args.facts[0], sheet=args.sheet)

    print_warnings(args, schools.warnings, stderr)
    levels: set[str | None] = set()
    encode = line_encoder()

    def lines(tick: Callable[[int], None]) -> Iterator[str]:
        add = levels.add
        findings = ruleset.iter_findings(
            schools,
            params=params,
            progress=tick,
            period=args.period,
            all_periods=args.all_periods,
        )
        for finding in findings:
            add(finding.level)
            yield encode(finding_to_dict(finding)) + "\n"

    _write_lines(args, ruleset, lines, stdout, stderr)
    return _exit_for(args, levels, [level.id for level in ruleset.levels])


def _run_lines(
    ruleset: Ruleset,
    args: argparse.Namespace,
    params: dict[str, str],
    facts: FactsSource,
    stdout: IO[str],
    stderr: IO[str],
) -> ExitCode:
    """``--format jsonl`` of a run with a municipality level: written group by group.

    The school findings of each group go out as the group is finished, none of them held;
    the conclusions, aggregates and scores (a few per group) follow, as in ``to_jsonl``.
    """
    with period_usage(args):
        stream = ruleset._stream_run(  # noqa: SLF001 - the command line is the package
            facts,
            params=params,
            group_facts=args.group_facts,
            sheet=args.sheet,
            period=args.period,
            all_periods=args.all_periods,
        )
    encode = line_encoder()
    levels: set[str | None] = set()
    conclusions: list[Finding] = []
    aggregates: list[AggregateResult] = []
    scores: list[Score] = []

    def lines(tick: Callable[[int], None]) -> Iterator[str]:
        done = 0
        for part in stream.parts:
            for finding in part.findings:
                levels.add(finding.level)
                yield encode(finding_to_dict(finding)) + "\n"
            conclusions.extend(part.conclusions)
            aggregates.extend(part.aggregates)
            scores.extend(part.scores)
            done += part.schools
            tick(done)
        tail = attrs.evolve(
            stream.head,
            conclusions=tuple(conclusions),
            aggregates=tuple(aggregates),
            scores=tuple(scores),
        )
        levels.update(f.level for f in tail.conclusions)
        yield from tail.iter_jsonl()

    _write_lines(args, ruleset, lines, stdout, stderr)
    print_warnings(args, stream.warnings, stderr)
    return _exit_for(args, levels, [level.id for level in ruleset.levels])


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
