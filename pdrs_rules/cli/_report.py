"""``pdrs-rules report``: the printable report of a run, one page, or a folder of pages."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pdrs_rules._documents._content import PeriodNotFoundError, build_document
from pdrs_rules._documents._html import document_html
from pdrs_rules._documents._markdown import document_markdown
from pdrs_rules._documents._pages import PAGED_ABOVE, SchoolResult, write_folder
from pdrs_rules._engine._progress import progress
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules._facts._periods import choose_periods
from pdrs_rules._i18n._russian import format_count
from pdrs_rules.report import Report
from pdrs_rules.report._atomic import write_atomically

from ._shared import (
    ExitCode,
    UsageError,
    add_run_arguments,
    evaluated,
    facts_source,
    loaded,
    period_usage,
    print_warnings,
    read_table,
    report_periods,
    unknown_choice,
)

__all__ = ["ONE_PAGE_AT_MOST", "add_parser", "run"]

#: Output formats by the extension of ``-o``.
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
#: More schools than this do not go on one page: ``-o DIR/`` writes a page per group.
ONE_PAGE_AT_MOST = 2_000


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``report`` subcommand and its options."""
    parser = sub.add_parser(
        "report",
        help="write the report people read: summary, heat map, charts, addressed recommendations",
    )
    add_run_arguments(
        parser,
        period="the period to report on (default: the latest)",
        quiet="no progress or warnings",
    )
    parser.add_argument(
        "--format",
        choices=["html", "md"],
        help="html (one self-contained page) or md; default: from the -o extension, else html",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR/",
        help="write here (atomically) instead of standard output; a folder (DIR/) gets "
        f"index.html, and above {PAGED_ABOVE} schools a summary and a page per group",
    )


def _is_folder(output: str | None) -> bool:
    if not output:
        return False
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if not args.output or _is_folder(args.output):
        return "html"
    suffix = Path(args.output).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise UsageError(
            f"pdrs-rules report: error: cannot tell the format from {args.output!r} "
            f"(known extensions: {', '.join(_BY_SUFFIX)}); give --format html or --format md"
        )
    return _BY_SUFFIX[suffix]


def _generator() -> str:
    from pdrs_rules import _version  # noqa: PLC0415 - cheap

    return f"pdrs-rules {_version.__version__}"


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Evaluate, then lay the period's results out as HTML or Markdown."""
    kind = _format(args)  # a wrong -o is a usage error before a long evaluation
    ruleset, params = loaded(args)
    if _is_folder(args.output):
        return _folder(args, ruleset, params, kind, stderr)
    report = evaluated(args, ruleset, params, stderr)
    report_periods(args, report)
    document = build_document(report, ruleset, period=args.period)
    schools = len({section.school_id for section in document.schools})
    if schools > ONE_PAGE_AT_MOST:
        raise UsageError(
            f"pdrs-rules report: error: {schools} schools do not fit one page (at most "
            f"{ONE_PAGE_AT_MOST}); write a folder with a summary and a page per group: "
            f"-o {Path(args.output or 'report').stem}/"
        )
    rendered = (
        document_markdown(document)
        if kind == "md"
        else document_html(document, generator=_generator())
    )
    if args.output:
        write_atomically(args.output, rendered)
    else:
        stdout.write(rendered)
    return ExitCode.OK


def _folder(
    args: argparse.Namespace,
    ruleset: Ruleset,
    params: dict[str, str],
    kind: str,
    stderr: IO[str],
) -> ExitCode:
    """``-o DIR/``: the schools stream to the pages when the ruleset allows, else the run."""
    group = ruleset.compiled.group
    source = facts_source("report", args.facts)
    if not ruleset.compiled.is_multilevel and args.group_facts is None and isinstance(source, str):
        # Each school is evaluated as it is read and its findings go to the pages' spool; the
        # reporting period (the latest unless --period) is known after the file's first pass.
        stream = ruleset.stream_facts(source, sheet=args.sheet)
        print_warnings(args, stream.warnings, stderr)
        default = ruleset.metadata.period
        with period_usage(args):
            chosen = choose_periods(
                (p or default for p in stream.periods),
                args.period,
                all_periods=bool(getattr(args, "all_periods", False)),
            )
        evaluator = ruleset.evaluator(params)
        shell = Report(
            ruleset.info(),
            evaluator.params,
            (),
            stream.warnings,
            period=chosen.period,
            history=chosen.history,
        )
        schools: Iterator[SchoolResult] = (
            SchoolResult(
                school.id,
                school.name,
                school.period,
                school.group or group.id,
                school.group_name or group.name or school.group,
                tuple(evaluator.findings(school)),
            )
            for school in stream
            if (school.period or default) in chosen.reported
        )
    else:
        table = read_table(args, ruleset)
        shell = evaluated(args, ruleset, params, stderr, facts=table)
        report_periods(args, shell)
        where = {
            (s.period, s.id): (s.group or group.id, s.group_name or group.name)
            for s in table.schools
        }
        schools = _from_report(shell, where, group.id, group.name)
    label = f"pdrs-rules report: {ruleset.entity.title}"
    with progress(stderr, label, quiet=bool(args.quiet)) as tick:
        try:
            paths = write_folder(
                args.output,
                shell,
                ruleset,
                schools,
                period=args.period,
                kind=kind,
                generator=_generator(),
                progress=tick,
            )
        except PeriodNotFoundError as missing:
            raise unknown_choice("report", "period", args.period, list(missing.periods)) from None
    if not args.quiet:
        pages = format_count(len(paths), "страница", "страницы", "страниц")
        stderr.write(f"pdrs-rules report: {pages} в {args.output}\n")
    return ExitCode.OK


def _from_report(
    report: Report, where: dict[tuple[str, str], tuple[str, str]], group_id: str, group_name: str
) -> Iterator[SchoolResult]:
    """The schools of an evaluated run, each with its findings and its group."""
    current: list[Any] = []
    for finding in (*report.findings, None):
        if current and (
            finding is None
            or (finding.period, finding.school_id) != (current[0].period, current[0].school_id)
        ):
            first = current[0]
            gid, gname = where.get((first.period, first.school_id), (group_id, group_name))
            yield SchoolResult(
                first.school_id, first.school_name, first.period, gid, gname, tuple(current)
            )
            current = []
        if finding is not None:
            current.append(finding)
