"""RUN CASES: evaluate each case, compare findings with its expectations, render the failures."""

from __future__ import annotations

import difflib
import json
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._engine._ruleset import FactsSource, Ruleset
from pdrs_rules._facts._columns import norm
from pdrs_rules._model import Finding
from pdrs_rules._reading import TooLargeError, load_json, read_limited
from pdrs_rules.errors import Diagnostic, Location, ParameterError, PdrsRulesError
from pdrs_rules.report._atomic import write_atomically

from ._casefile import Case, CaseFacts, CaseFile
from ._compare import Mismatch, compare
from ._expect import declared

__all__ = ["CaseResult", "Mismatch", "format_result", "run_case", "run_cases"]

_CELL_WIDTH = 60
#: A snapshot is a findings document: read like one by ``effect`` (cli/_effect.py).
_MAX_SNAPSHOT_BYTES = 100 * 1024 * 1024
_MAX_DEPTH = 50


@attrs.frozen
class CaseResult:
    """The outcome of one case: the mismatches (none when it passed) and what it looked at."""

    case: Case
    mismatches: tuple[Mismatch, ...] = ()
    #: Findings that an expectation or the snapshot checked: what ruleset coverage counts.
    checked: tuple[Finding, ...] = attrs.field(default=(), repr=False)
    #: A unified diff of the stored snapshot against the actual findings, when they differ.
    snapshot_diff: str = ""
    #: The snapshot file written by ``update=True``, if it was (re)written.
    snapshot_written: str = ""
    #: Group findings (conclusions, group trends) an expectation or the snapshot checked.
    checked_conclusions: tuple[Finding, ...] = attrs.field(default=(), repr=False)
    #: Aggregates the run computed a value for, in any period: what coverage counts for them.
    aggregates_valued: frozenset[str] = attrs.field(default=frozenset(), repr=False)

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.mismatches


@checked
def run_cases(
    case_file: CaseFile, *, select: re.Pattern[str] | None = None, update: bool = False
) -> tuple[CaseResult, ...]:
    """Run the cases of a file whose name matches ``select`` (all by default)."""
    return tuple(
        run_case(case_file, case, update=update)
        for case in case_file.cases
        if select is None or select.search(case.name)
    )


def run_case(case_file: CaseFile, case: Case, *, update: bool = False) -> CaseResult:
    """Evaluate one case and compare; ``update`` (re)writes its snapshot instead of comparing."""
    facts = _source(case.facts, case_file.ruleset)
    group_facts = None if case.group_facts is None else _source(case.group_facts, None)
    try:
        report = case_file.ruleset.evaluate(
            facts, params=case.params, group_facts=group_facts, period=case.period
        )
    except ParameterError as exc:
        if exc.code != "unknown-period" or case.error is not None:
            return CaseResult(case, _refused(case, [exc.diagnostic]))
        expected = f"results for period {case.period}"
        return CaseResult(case, (Mismatch("", "period", expected, exc.message, case.location),))
    except PdrsRulesError as exc:
        return CaseResult(case, _refused(case, _diagnostics(exc)))
    except OSError as exc:
        unreadable = Diagnostic("io", f"{exc.filename or ''}: {exc.strerror or exc}")
        return CaseResult(case, _refused(case, [unreadable]))
    if case.error is not None:
        mismatch = Mismatch(
            "",
            "error",
            _error_text(case.error.code, case.error.message_contains),
            f"(no error: {len(report.findings)} findings)",
            case.error.location,
        )
        return CaseResult(case, (mismatch,))
    compared = compare(case, report, declared(case_file.ruleset))
    mismatches = list(compared.mismatches)
    checked, concluded = compared.checked, compared.checked_conclusions
    valued = frozenset(a.aggregate for a in report.aggregates if a.value is not None)
    diff = written = ""
    if case.snapshot:
        # The snapshot holds the whole report: every finding of every period is looked at.
        checked, concluded = report.findings, report.conclusions
        path = case_file.snapshot_dir / case.snapshot_name
        actual = report.to_json()
        if update:
            written = _update_snapshot(path, actual)
        else:
            diff, problem = _snapshot_diff(path, actual)
            if problem:
                mismatches.append(Mismatch("", "snapshot", os.fspath(path), problem, case.location))
    return CaseResult(
        case, tuple(mismatches), tuple(checked), diff, written, tuple(concluded), valued
    )


def _source(facts: CaseFacts, ruleset: Ruleset | None) -> FactsSource:
    """A case's facts as ``evaluate`` takes them: a path, rows, or one of those per period.

    Inline rows of school facts get an empty cell for each fact they leave out (``ruleset``
    given): a case states only the facts its expectations need.
    """
    if isinstance(facts, str):
        return facts
    if isinstance(facts, Mapping):
        return {period: _source(source, ruleset) for period, source in facts.items()}
    if ruleset is None:
        return list(facts)
    return [_left_out_as_empty(ruleset, row) for row in facts]


def _left_out_as_empty(ruleset: Ruleset, row: Mapping[str, object]) -> Mapping[str, object]:
    """An inline row with an empty cell for each school fact it leaves out.

    A case states only the facts its expectations need; a facts file would need every
    required column, and here that would mean a ``null`` for each fact left out.
    """
    present = {norm(key) for key in row}
    missing = {
        spec.name: None
        for spec in ruleset.facts.values()
        if spec.level == "school" and not {norm(spec.name), norm(spec.column)} & present
    }
    return {**row, **missing} if missing else row


def _diagnostics(exc: PdrsRulesError) -> list[Diagnostic]:
    found = getattr(exc, "diagnostics", None)
    if found is not None:
        return list(found)
    single = getattr(exc, "diagnostic", None)
    return [single] if isinstance(single, Diagnostic) else [Diagnostic("error", str(exc))]


def _error_text(code: str, message_contains: str | None) -> str:
    return code if message_contains is None else f"{code}, message contains {message_contains!r}"


def _refused(case: Case, problems: Sequence[Diagnostic]) -> tuple[Mismatch, ...]:
    actual = "\n".join(f"{d.code}: {d.message}" for d in problems)
    expected = case.error
    if expected is None:
        return (Mismatch("", "error", "(no error)", actual, case.location),)
    for problem in problems:
        if problem.code == expected.code and (
            expected.message_contains is None or expected.message_contains in problem.message
        ):
            return ()
    return (
        Mismatch(
            "",
            "error",
            _error_text(expected.code, expected.message_contains),
            actual,
            expected.location,
        ),
    )


# -- snapshots -------------------------------------------------------------------------------


def _snapshot_diff(path: Path, actual: str) -> tuple[str, str]:
    """The diff and a one-line problem, or two empty strings when the snapshot matches."""
    try:
        stored = _read_snapshot(path)
    except FileNotFoundError:
        return "", "missing; run `pdrs-rules test --update` to write it"
    except TooLargeError as exc:
        return "", f"is more than {exc.limit} bytes; run `pdrs-rules test --update` to rewrite it"
    except OSError as exc:
        return "", f"cannot be read: {exc.strerror}"
    try:
        if load_json(stored, _MAX_DEPTH) == json.loads(actual):
            return "", ""
    except ValueError:
        pass  # not JSON any more: the diff below shows what happened to it
    diff = "".join(
        difflib.unified_diff(
            stored.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=os.fspath(path),
            tofile="actual",
        )
    )
    return diff, "differs (diff below); run `pdrs-rules test --update` if the change is intended"


def _read_snapshot(path: Path) -> str:
    """A snapshot's text; OSError for a path that is not a regular file, TooLargeError."""
    return read_limited(path, _MAX_SNAPSHOT_BYTES).decode("utf-8", errors="replace")


def _update_snapshot(path: Path, actual: str) -> str:
    try:
        if _read_snapshot(path) == actual:
            return ""
    except (OSError, TooLargeError):
        pass  # missing, unreadable or too large: write it
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, actual)
    return os.fspath(path)


# -- rendering -------------------------------------------------------------------------------


def format_result(result: CaseResult, lang: str = "en") -> str:
    """A failing case as ``file:line:col: FAIL case "name": subject`` lines with tables.

    In Russian: ``НЕ ПРОЙДЕН пример «name»``, and the table's headers in Russian.
    """
    blocks: list[str] = []
    groups: dict[tuple[Location, str], list[Mismatch]] = {}
    for mismatch in result.mismatches:
        groups.setdefault((mismatch.location, mismatch.subject), []).append(mismatch)
    for (location, subject), rows in sorted(groups.items(), key=lambda g: g[0][0]):
        if lang == "ru":
            head = f"{location}: НЕ ПРОЙДЕН пример «{result.case.name}»"
            header = ["поле", "ожидалось", "получено"]
        else:
            head = f'{location}: FAIL case "{result.case.name}"'
            header = ["field", "expected", "actual"]
        if subject:
            head += f": {_subject_ru(subject) if lang == 'ru' else subject}"
        table = _table(header, [[m.field, m.expected, m.actual] for m in rows])
        blocks.append("\n".join([head, *table]))
    if result.snapshot_diff:
        blocks.append("\n".join("    " + line for line in result.snapshot_diff.splitlines()))
    return "\n".join(blocks) + "\n" if blocks else ""


#: What a mismatch is about, in Russian: the first word of its subject (ids stay as written).
_SUBJECTS_RU = {
    "school": "ОО",
    "conclusion": "вывод",
    "trend": "динамика",
    "aggregate": "агрегат",
    "score": "баллы",
}


def _subject_ru(subject: str) -> str:
    first, space, rest = subject.partition(" ")
    return f"{_SUBJECTS_RU.get(first, first)}{space}{rest}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """An aligned table; long cells wrap, and a cell's lines continue on rows of their own."""
    lines: list[list[str]] = [header]
    for row in rows:
        cells = [_wrap(cell) for cell in row]
        depth = max(len(c) for c in cells)
        lines.extend([c[i] if i < len(c) else "" for c in cells] for i in range(depth))
    widths = [max(len(line[col]) for line in lines) for col in range(len(header))]

    def render(cells: list[str]) -> str:
        return "  " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  " + "-+-".join("-" * w for w in widths)
    return [render(lines[0]), rule, *(render(line) for line in lines[1:])]


def _wrap(cell: str) -> list[str]:
    # Recommendation texts run to hundreds of characters; wrapped, both columns stay readable.
    wrapped = [
        piece
        for line in cell.splitlines()
        for piece in textwrap.wrap(line, _CELL_WIDTH, break_on_hyphens=False) or [""]
    ]
    return wrapped or [""]
