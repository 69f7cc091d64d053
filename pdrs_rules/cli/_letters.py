"""``pdrs-rules letters``: addressed letters as Word documents, one per school or all in one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, Any

from pdrs_rules._engine._progress import progress
from pdrs_rules._engine._ruleset import Ruleset
from pdrs_rules._facts._table import FactsTable
from pdrs_rules._i18n._russian import format_count
from pdrs_rules._letters._content import Letter, LetterKind, latest_period, letters
from pdrs_rules._letters._docx import MissingExtraError, check_docx, write_docx
from pdrs_rules._letters._letterhead import LetterTemplate
from pdrs_rules.report import RulesetInfo

from ._shared import (
    ExitCode,
    add_run_arguments,
    evaluated,
    loaded,
    read_table,
    report_periods,
    unknown_choice,
)

__all__ = ["add_parser", "run"]

# More schools than this are counted in the summary, not named.
_NAMED_AT_MOST = 10


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``letters`` subcommand and its options."""
    parser = sub.add_parser(
        "letters",
        help="write addressed letters (.docx): one per school and one for the conclusions",
    )
    add_run_arguments(
        parser,
        period="the period to write about (default: the latest)",
        quiet="no progress, warnings or summary on stderr",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="a folder (one .docx per letter) or a FILE.docx (every letter, one per page)",
    )
    parser.add_argument(
        "--addressee",
        action="append",
        metavar="ID",
        help="keep only recommendations to this addressee (e.g. school_head); may be repeated",
    )
    parser.add_argument(
        "--school",
        action="append",
        metavar="ID",
        help="write only this school's letter (no conclusions letter); may be repeated",
    )
    parser.add_argument(
        "--template",
        metavar="FILE.docx",
        help="the department's letterhead with {{ addressee }}, {{ date }}, {{ number }}, "
        "{{ body }}, {{ signature }} … (default: pdrs_rules/templates/letter.docx)",
    )
    parser.add_argument(
        "--date", default="", help="the letters' date, e.g. 24.05.2022 (default: a blank)"
    )
    parser.add_argument(
        "--number",
        default="",
        metavar="PATTERN",
        help="the outgoing number; {n} is the letter's sequence number, {id} the school's id, "
        "e.g. 768/{n} (default: a blank)",
    )


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Evaluate, build the letters for one period and write them as .docx files."""
    del stdout  # everything this command makes goes to files
    try:
        check_docx()  # before a long evaluation, not after it
    except MissingExtraError as exc:
        stderr.write(f"pdrs-rules letters: missing-extra: {exc}\n")
        return ExitCode.INVALID
    ruleset, params = loaded(args)
    template = LetterTemplate(args.template)  # a bad template fails before the evaluation
    addressees = list(ruleset.compiled.addressees)
    for addressee in args.addressee or ():
        if addressee not in addressees:
            raise unknown_choice("letters", "addressee", addressee, addressees)
    # With a group column the facts say which МО each school is in: its letter gets their texts.
    table = read_table(args, ruleset) if ruleset.entity.group_column else None
    report = evaluated(args, ruleset, params, stderr, facts=table)
    report_periods(args, report)
    period = args.period or latest_period(report)
    schools = {f.school_id: f.school_name for f in report.findings if f.period == period}
    for school in args.school or ():
        if school not in schools:
            raise unknown_choice("letters", "school", school, list(schools))
    written = letters(
        report,
        period=period,
        addressees=args.addressee,
        schools=args.school,
        ruleset=ruleset,
        groups=_groups(ruleset, table, period),
    )
    with progress(
        stderr, "pdrs-rules letters: письма", total=len(written), quiet=args.quiet
    ) as tick:
        paths = (
            write_docx(
                written,
                args.output,
                progress=tick,
                template=template.file,
                date=args.date,
                number=args.number,
            )
            if written
            else ()
        )
    if not args.quiet:
        stderr.write(_summary(report.ruleset, written, paths, schools, args) + "\n")
    return ExitCode.OK


def _groups(
    ruleset: Ruleset, table: FactsTable | None, period: str | None
) -> dict[str, tuple[str, str]] | None:
    """School id → its group's (id, name), when the facts table names the groups."""
    if table is None:
        return None
    spec = ruleset.compiled.group
    return {
        school.id: (school.group or spec.id, school.group_name or spec.name or school.group)
        for school in table.schools
        if school.period == period or not school.period
    }


def _summary(
    info: RulesetInfo,
    written: tuple[Letter, ...],
    paths: tuple[Path, ...],
    schools: dict[str, str],
    args: argparse.Namespace,
) -> str:
    """«pdrs-rules letters: 12 писем, 1 файл в out/; без рекомендаций, без письма: 2 ОО: …»."""
    count = format_count(len(written), "письмо", "письма", "писем")
    where = f"{format_count(len(paths), 'файл', 'файла', 'файлов')} в {args.output}"
    line = f"pdrs-rules letters: {count}, {where}" if paths else f"pdrs-rules letters: {count}"
    chosen = args.school or list(schools)
    lettered = {letter.entity_id for letter in written if letter.kind is LetterKind.SCHOOL}
    silent = [ident for ident in chosen if ident not in lettered]
    if silent:
        named = silent if len(silent) <= _NAMED_AT_MOST else []
        line += f"; нет рекомендаций (письмо не написано): {info.entity_count(len(silent))}"
        if named:
            line += ": " + ", ".join(f"{schools[i]} ({i})" for i in named)
    return line
