"""COMPARE a report with a case's expectations: school findings, conclusions, aggregates, scores.

Every expectation of a case is about one period: the case's ``period``, or the latest period of
the run. Each field that does not hold becomes a :class:`Mismatch` with both sides as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from pdrs_rules._model import AggregateResult, Finding, Outcome, Score
from pdrs_rules.errors import Location
from pdrs_rules.report import Report

from ._casefile import Case
from ._expect import Declared
from ._values import WILDCARD, Approx, Check, Expectation, RecommendationCheck, most_specific

__all__ = ["Compared", "Mismatch", "compare", "run_periods"]

_NONE = "null"
_NO_RECOMMENDATIONS = "(no recommendations)"


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
class Compared:
    """What comparing one report with a case found and looked at."""

    mismatches: tuple[Mismatch, ...] = ()
    #: School findings an expectation applied to.
    checked: tuple[Finding, ...] = ()
    #: Group findings (conclusions, group trends) an expectation applied to.
    checked_conclusions: tuple[Finding, ...] = ()


def run_periods(report: Report) -> list[str]:
    """Every period of a run, in order: of findings, conclusions, aggregates and scores."""
    periods = {f.period for f in (*report.findings, *report.conclusions)}
    periods.update(a.period for a in report.aggregates)
    periods.update(s.period for s in report.scores)
    return sorted(periods)


def compare(case: Case, report: Report, decl: Declared) -> Compared:
    """Compare a report with every expectation of a case."""
    periods = run_periods(report)
    case_period = case.period
    if case_period is not None and case_period not in periods:
        mismatch = Mismatch(
            "",
            "period",
            f"results for period {case_period}",
            f"no such period; the run has: {', '.join(periods) or 'none'}",
            case.location,
        )
        return Compared((mismatch,))
    period = case_period if case_period is not None else (periods[-1] if periods else "")
    # A run with history names the period in failures, as a run of several reported ones does.
    several = len(periods) > 1 or bool(report.history)
    context = _Context(period, several, case_period is not None, report.ruleset.group_title, decl)
    mismatches: list[Mismatch] = []
    checked = context.schools(case.expectations, report.findings, mismatches)
    groups = context.groups(report)
    context.missing_groups([*case.conclusions, *case.aggregates], groups, mismatches)
    concluded = context.conclusions(case.conclusions, report.conclusions, groups, mismatches)
    context.aggregates(case.aggregates, report.aggregates, groups, mismatches)
    context.scores(case.scores, report.scores, mismatches)
    return Compared(tuple(mismatches), tuple(checked), tuple(concluded))


@attrs.frozen
class _Context:
    period: str
    several: bool
    #: Whether the case chose the period (rather than taking the latest).
    chosen: bool
    group_title: str
    decl: Declared

    def when(self) -> str:
        return f" ({self.period})" if self.several else ""

    def in_period(self) -> str:
        return f" in period {self.period}" if self.several or self.chosen else ""

    def group(self, group: str) -> str:
        period = f", {self.period}" if self.period else ""
        return f"({self.group_title} {group}{period})"

    # -- schools ---------------------------------------------------------------------------------

    def schools(
        self,
        expectations: Sequence[Expectation],
        all_findings: Iterable[Finding],
        mismatches: list[Mismatch],
    ) -> list[Finding]:
        findings = [f for f in all_findings if f.period == self.period]
        schools = sorted({f.school_id for f in findings})
        for school, location in _named(expectations).items():
            if school not in schools:
                mismatches.append(
                    Mismatch(
                        f"school {school}",
                        "school",
                        f"findings for school {school}{self.in_period()}",
                        f"no such school; the case has: {', '.join(schools) or 'none'}",
                        location,
                    )
                )
        checked = []
        for finding in findings:
            expectation = most_specific(expectations, finding.school_id, finding.indicator)
            if expectation is None:
                continue
            checked.append(finding)
            subject = f"school {finding.school_id} {finding.indicator}{self.when()}"
            self.finding(expectation, finding, subject, mismatches)
        return checked

    def finding(
        self, expectation: Expectation, finding: Finding, subject: str, out: list[Mismatch]
    ) -> None:
        trend = self.decl.trend(finding.indicator)
        rules = tuple(r.id for r in trend.rules) if trend is not None else ()
        for check in expectation.checks:
            ok, expected, actual = check_finding(check, finding, rules)
            if not ok:
                out.append(Mismatch(subject, check.field, expected, actual, expectation.location))

    # -- groups ----------------------------------------------------------------------------------

    def groups(self, report: Report) -> list[str]:
        ids = {f.school_id for f in report.conclusions if f.period == self.period}
        ids.update(a.group_id for a in report.aggregates if a.period == self.period)
        ids.update(
            s.entity_id for s in report.scores if s.period == self.period and s.scope == "group"
        )
        return sorted(ids)

    def missing_groups(
        self,
        expectations: Sequence[Expectation],
        groups: Sequence[str],
        out: list[Mismatch],
    ) -> None:
        for group, location in _named(expectations).items():
            if group not in groups:
                out.append(
                    Mismatch(
                        f"{self.group_title} {group}",
                        "group",
                        f"results for {self.group_title} {group} in period {self.period}",
                        f"no such {self.group_title}; the run has: {', '.join(groups) or 'none'}",
                        location,
                    )
                )

    def conclusions(
        self,
        expectations: Sequence[Expectation],
        all_findings: Iterable[Finding],
        groups: Sequence[str],
        out: list[Mismatch],
    ) -> list[Finding]:
        findings = [f for f in all_findings if f.period == self.period]
        checked = []
        for finding in findings:
            expectation = most_specific(expectations, finding.school_id, finding.indicator)
            if expectation is None:
                continue
            checked.append(finding)
            kind = "trend" if finding.indicator in self.decl.group_trends else "conclusion"
            subject = f"{kind} {finding.indicator} {self.group(finding.school_id)}"
            self.finding(expectation, finding, subject, out)
        present = {(f.school_id, f.indicator) for f in findings}
        for expectation, group in _applying(expectations, groups):
            if expectation.indicator != WILDCARD and (group, expectation.indicator) not in present:
                kind = "trend" if expectation.indicator in self.decl.group_trends else "conclusion"
                out.append(
                    Mismatch(
                        f"{kind} {expectation.indicator} {self.group(group)}",
                        "finding",
                        "a finding",
                        "none in the report",
                        expectation.location,
                    )
                )
        return checked

    def aggregates(
        self,
        expectations: Sequence[Expectation],
        results: Iterable[AggregateResult],
        groups: Sequence[str],
        out: list[Mismatch],
    ) -> None:
        by_key = {(a.group_id, a.aggregate): a for a in results if a.period == self.period}
        for expectation, group in _applying(expectations, groups):
            subject = f"aggregate {expectation.indicator} {self.group(group)}"
            result = by_key.get((group, expectation.indicator))
            if result is None:
                out.append(
                    Mismatch(
                        subject, "aggregate", "a record", "none in the report", expectation.location
                    )
                )
                continue
            for check in expectation.checks:
                ok, expected, actual = check_aggregate(check, result)
                if not ok:
                    out.append(
                        Mismatch(subject, check.field, expected, actual, expectation.location)
                    )

    # -- scores ----------------------------------------------------------------------------------

    def scores(
        self, expectations: Sequence[Expectation], all_scores: Iterable[Score], out: list[Mismatch]
    ) -> None:
        scores = [s for s in all_scores if s.period == self.period]
        ids = sorted({s.entity_id for s in scores})
        for entity, location in _named(expectations).items():
            if entity not in ids:
                out.append(
                    Mismatch(
                        f"score {entity}",
                        "score",
                        f"a score for {entity} in period {self.period}",
                        f"no such school or {self.group_title}; the run has scores for: "
                        f"{', '.join(ids) or 'none'}",
                        location,
                    )
                )
        for score in scores:
            expectation = most_specific(expectations, score.entity_id, "")
            if expectation is None:
                continue
            if score.scope == "group":
                subject = f"score {self.group(score.entity_id)}"
            else:
                subject = f"score {score.entity_id}{self.when()}"
            for check in expectation.checks:
                ok, expected, actual = check_score(check, score)
                if not ok:
                    out.append(
                        Mismatch(subject, check.field, expected, actual, expectation.location)
                    )


def _named(expectations: Iterable[Expectation]) -> dict[str, Location]:
    named: dict[str, Location] = {}
    for expectation in expectations:
        if expectation.school != WILDCARD:
            named.setdefault(expectation.school, expectation.location)
    return named


def _applying(
    expectations: Sequence[Expectation], groups: Sequence[str]
) -> Iterable[tuple[Expectation, str]]:
    """Each expectation with each group it applies to: a named group, or every unnamed one."""
    named = set(_named(expectations))
    for expectation in expectations:
        if expectation.school != WILDCARD:
            if expectation.school in groups:
                yield expectation, expectation.school
            continue
        for group in groups:
            if group in named:
                continue
            # A "*" entry is replaced by the group's named entry for the same id.
            if most_specific(expectations, group, expectation.indicator) is expectation:
                yield expectation, group


# -- one field ---------------------------------------------------------------------------------


def check_finding(
    check: Check, finding: Finding, rules: Sequence[str] = ()
) -> tuple[bool, str, str]:
    """Whether a finding meets one check, and both sides as the failure table shows them."""
    field, expected = check.field, check.expected
    texts = [r.text for r in finding.recommendations]
    if field == "outcome":
        assert isinstance(expected, Outcome)  # noqa: S101 - built so by _casesexpect
        return finding.outcome is expected, expected.value, finding.outcome.value
    if field == "level":
        return finding.level == expected, _show(expected), _show(finding.level)
    if field == "points":
        ok = _same_number(expected, finding.points)
        return ok, _show(expected), _show(finding.points)
    if field == "band":
        index = finding.band.index if finding.band is not None else None
        return index == expected, _show(expected), _matched(_show(index), finding)
    if field == "rule":
        index = finding.band.index if finding.band is not None else None
        rule = rules[index] if index is not None and index < len(rules) else None
        return rule == expected, _show(expected), _matched(_show(rule), finding)
    if field == "title":
        title = finding.band.title if finding.band is not None else None
        return title == expected, _show(expected), _show(title)
    if field == "value":
        actual = _show(finding.value) + (f" ({finding.display})" if finding.display else "")
        if isinstance(expected, Approx):
            return expected.matches(finding.value), str(expected), actual
        same = type(finding.value) is type(expected) and finding.value == expected
        return same, _show(expected), actual
    if field == "display":
        return finding.display == expected, _show(expected), _show(finding.display)
    if field == "reason_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _casesexpect
        return expected in finding.reason, f"contains {expected!r}", repr(finding.reason)
    shown = "\n".join(texts) or _NO_RECOMMENDATIONS
    if field == "text":
        return expected in texts, str(expected), shown
    if field == "text_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _casesexpect
        return any(expected in t for t in texts), f"contains {expected!r}", shown
    if field == "not_text_contains":
        assert isinstance(expected, str)  # noqa: S101 - built so by _casesexpect
        offending = [t for t in texts if expected in t]
        return not offending, f"no text contains {expected!r}", "\n".join(offending)
    if field == "no_recommendations":
        if expected:
            return not texts, _NO_RECOMMENDATIONS, shown
        return bool(texts), "at least one recommendation", shown
    assert isinstance(expected, tuple)  # noqa: S101 - "recommendations" is the last field
    missing = _unmatched(expected, finding)  # type: ignore[arg-type]
    rendered = "\n".join(f"{r.to}: {r.text}" for r in finding.recommendations)
    return (
        not missing,
        "\n".join(str(m) for m in missing),
        rendered or _NO_RECOMMENDATIONS,
    )


def check_aggregate(check: Check, result: AggregateResult) -> tuple[bool, str, str]:
    """Whether an aggregate's record meets one check, and both sides as text."""
    field, expected = check.field, check.expected
    matched = [s.school_id for s in result.matched]
    if field == "value":
        actual = _show(result.value) + (f" ({result.display})" if result.display else "")
        if isinstance(expected, Approx):
            return expected.matches(result.value), str(expected), actual
        return result.value is None, _NONE, actual
    if field == "display":
        return result.display == expected, _show(expected), _show(result.display)
    if field == "counted":
        return result.counted == expected, _show(expected), _show(result.counted)
    if field == "excluded":
        listed = ", ".join(f"{s.school_id} ({s.outcome.value})" for s in result.excluded)
        actual = str(len(result.excluded)) + (f": {listed}" if listed else "")
        return len(result.excluded) == expected, _show(expected), actual
    assert isinstance(expected, tuple)  # noqa: S101 - the schools fields are tuples of ids
    wanted = [str(v) for v in expected]
    missing = [s for s in wanted if s not in matched]
    unexpected = [s for s in matched if s not in wanted]
    if field == "schools_include":
        unexpected, shown = [], ", ".join(wanted)
    elif field == "schools_exclude":
        missing, unexpected = [], [s for s in matched if s in wanted]
        shown = "none of " + ", ".join(wanted)
    else:
        shown = ", ".join(sorted(wanted)) or "(none)"
    lines = [", ".join(matched) or "(none)"]
    if missing:
        lines.append("missing: " + ", ".join(missing))
    if unexpected:
        lines.append("unexpected: " + ", ".join(unexpected))
    return not missing and not unexpected, shown, "\n".join(lines)


def check_score(check: Check, score: Score) -> tuple[bool, str, str]:
    """Whether a score meets one check, and both sides as text."""
    field, expected = check.field, check.expected
    if field == "level":
        return score.level == expected, _show(expected), _show(score.level)
    actual_value: Mapping[str, float | None] = {
        "total": score.total,
        "maximum": score.maximum,
        "percent": score.percent,
    }
    actual = actual_value[field]
    if isinstance(expected, Approx):
        return expected.matches(actual), str(expected), _show(actual)
    return actual is None, _NONE, _show(actual)


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


def _matched(shown: str, finding: Finding) -> str:
    """A band index or rule id with the title of what matched: ``steady (без изменений)``."""
    title = finding.band.title if finding.band is not None else ""
    return f"{shown} ({title})" if title else shown


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
