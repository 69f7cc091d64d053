"""RUN CASES: evaluate each case, compare findings with its expectations, render the failures."""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from ._cases import Approx, Case, CaseFile, Check, Expectation, RecommendationCheck
from ._model import Finding, Outcome
from .errors import Diagnostic, Location, PdrsRulesError

__all__ = ["CaseResult", "Mismatch", "format_result", "run_case", "run_cases"]

_NONE = "null"
_NO_RECOMMENDATIONS = "(no recommendations)"
_CELL_WIDTH = 60


@attrs.frozen
class Mismatch:
    """One expected field that the actual result does not have."""

    #: What was checked: ``school 023 iom_low_share``; empty for the case as a whole.
    subject: str
    field: str
    expected: str
    actual: str
    location: Location = Location()


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

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.mismatches


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
    facts = case.facts if isinstance(case.facts, str) else list(case.facts)
    try:
        report = case_file.ruleset.evaluate(facts, params=case.params)
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
    findings = [f for f in report.findings if case.period is None or f.period == case.period]
    mismatches, checked = _compare(case, findings)
    diff = written = ""
    if case.snapshot:
        checked = list(findings)
        path = case_file.snapshot_dir / case.snapshot_name
        actual = report.to_json()
        if update:
            written = _update_snapshot(path, actual)
        else:
            diff, problem = _snapshot_diff(path, actual)
            if problem:
                mismatches.append(Mismatch("", "snapshot", os.fspath(path), problem, case.location))
    return CaseResult(case, tuple(mismatches), tuple(checked), diff, written)


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


def _compare(case: Case, findings: Sequence[Finding]) -> tuple[list[Mismatch], list[Finding]]:
    mismatches: list[Mismatch] = []
    checked: list[Finding] = []
    schools = sorted({f.school_id for f in findings})
    for school, location in _named_schools(case.expectations).items():
        if school not in schools:
            where = f" in period {case.period}" if case.period is not None else ""
            mismatches.append(
                Mismatch(
                    f"school {school}",
                    "school",
                    f"findings for school {school}{where}",
                    f"no such school; the case has: {', '.join(schools) or 'none'}",
                    location,
                )
            )
    several_periods = len({f.period for f in findings}) > 1
    for finding in findings:
        expectation = case.expectation_for(finding.school_id, finding.indicator)
        if expectation is None:
            continue
        checked.append(finding)
        subject = f"school {finding.school_id} {finding.indicator}"
        if several_periods:
            subject += f" ({finding.period})"
        for check in expectation.checks:
            ok, expected, actual = _check(check, finding)
            if not ok:
                mismatches.append(
                    Mismatch(subject, check.field, expected, actual, expectation.location)
                )
    return mismatches, checked


def _named_schools(expectations: Iterable[Expectation]) -> dict[str, Location]:
    named: dict[str, Location] = {}
    for expectation in expectations:
        if expectation.school != "*":
            named.setdefault(expectation.school, expectation.location)
    return named


def _check(check: Check, finding: Finding) -> tuple[bool, str, str]:
    """Whether the finding meets one check, and both sides as the failure table shows them."""
    field, expected = check.field, check.expected
    texts = [r.text for r in finding.recommendations]
    if field == "outcome":
        assert isinstance(expected, Outcome)  # noqa: S101 - built so by _cases
        return finding.outcome is expected, expected.value, finding.outcome.value
    if field == "level":
        return finding.level == expected, _show(expected), _show(finding.level)
    if field == "points":
        ok = _same_number(expected, finding.points)
        return ok, _show(expected), _show(finding.points)
    if field == "band":
        index = finding.band.index if finding.band is not None else None
        return index == expected, _show(expected), _show(index)
    if field == "value":
        actual = _show(finding.value) + (f" ({finding.display})" if finding.display else "")
        if isinstance(expected, Approx):
            return expected.matches(finding.value), str(expected), actual
        same = type(finding.value) is type(expected) and finding.value == expected
        return same, _show(expected), actual
    if field == "display":
        return finding.display == expected, _show(expected), _show(finding.display)
    if field == "reason_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _cases
        return expected in finding.reason, f"contains {expected!r}", repr(finding.reason)
    shown = "\n".join(texts) or _NO_RECOMMENDATIONS
    if field == "text":
        return expected in texts, str(expected), shown
    if field == "text_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _cases
        return any(expected in t for t in texts), f"contains {expected!r}", shown
    if field == "not_text_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _cases
        offending = [t for t in texts if expected in t]
        return not offending, f"no text contains {expected!r}", "\n".join(offending)
    if field == "no_recommendations":
        if expected:
            return not texts, _NO_RECOMMENDATIONS, shown
        return bool(texts), "at least one recommendation", shown
    assert isinstance(expected, tuple)  # noqa: S101 - "recommendations" is the last field
    missing = _unmatched(expected, finding)
    rendered = "\n".join(f"{r.to}: {r.text}" for r in finding.recommendations)
    return (
        not missing,
        "\n".join(str(m) for m in missing),
        rendered or _NO_RECOMMENDATIONS,
    )


def _unmatched(checks: tuple[RecommendationCheck, ...], finding: Finding) -> list[str]:
    """The expected recommendations no distinct actual one fits."""
    free = list(finding.recommendations)
    missing = []
    for check in checks:
        fit = next((r for r in free if check.matches(r)), None)
        if fit is None:
            missing.append(str(check))
        else:
            free.remove(fit)
    return missing


def _same_number(expected: object, actual: float | None) -> bool:
    if expected is None or actual is None:
        return expected is actual
    assert isinstance(expected, (int, float))  # noqa: S101 - the schema admits numbers only
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12)


def _show(value: object) -> str:
    if value is None:
        return _NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return repr(value)


# -- snapshots -------------------------------------------------------------------------------


def _snapshot_diff(path: Path, actual: str) -> tuple[str, str]:
    """The diff and a one-line problem, or two empty strings when the snapshot matches."""
    try:
        stored = path.read_text("utf-8")
    except FileNotFoundError:
        return "", "missing; run `pdrs-rules test --update` to write it"
    except OSError as exc:
        return "", f"cannot be read: {exc.strerror}"
    try:
        if json.loads(stored) == json.loads(actual):
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


def _update_snapshot(path: Path, actual: str) -> str:
    try:
        if path.read_text("utf-8") == actual:
            return ""
    except OSError:
        pass  # missing or unreadable: write it
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, actual)
    return os.fspath(path)


def _write_atomically(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so no half-written snapshot is left."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -- rendering -------------------------------------------------------------------------------


def format_result(result: CaseResult) -> str:
    """A failing case as ``file:line:col: FAIL case "name": subject`` lines with tables."""
    blocks: list[str] = []
    groups: dict[tuple[Location, str], list[Mismatch]] = {}
    for mismatch in result.mismatches:
        groups.setdefault((mismatch.location, mismatch.subject), []).append(mismatch)
    for (location, subject), rows in sorted(groups.items(), key=lambda g: g[0][0]):
        head = f'{location}: FAIL case "{result.case.name}"'
        if subject:
            head += f": {subject}"
        table = _table(
            ["field", "expected", "actual"], [[m.field, m.expected, m.actual] for m in rows]
        )
        blocks.append("\n".join([head, *table]))
    if result.snapshot_diff:
        blocks.append("\n".join("    " + line for line in result.snapshot_diff.splitlines()))
    return "\n".join(blocks) + "\n" if blocks else ""


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
