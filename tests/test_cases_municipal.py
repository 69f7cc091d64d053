"""Case files at the municipality level: conclusions, aggregates, trends, scores, periods."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules import CasesInvalid, Outcome
from pdrs_rules._cases._run import format_result, run_case
from pdrs_rules._cases._values import Approx
from pdrs_rules.cli import ExitCode, run

pytest_plugins = ["pytester"]

HERE = Path(__file__).parent / "casefiles"
FILES = ("municipal.yaml", "municipal.facts.csv", "municipal.group.csv")
HEAD = "format: pdrs-rules-cases/1\nfacts: municipal.facts.csv\ngroup_facts: municipal.group.csv\n"


def folder(tmp_path: Path, cases: str) -> Path:
    """The municipal ruleset, its facts and group facts, and a case file, in a fresh folder."""
    for name in FILES:
        shutil.copy(HERE / name, tmp_path / name)
    path = tmp_path / "municipal.cases.yaml"
    path.write_text(cases, encoding="utf-8")
    return path


def run_one(tmp_path: Path, case: str) -> pdrs_rules.CaseResult:
    """Load a file with one case (written after HEAD) and run it."""
    case_file = pdrs_rules.load_cases(folder(tmp_path, HEAD + "cases:\n" + case))
    return run_case(case_file, case_file.cases[0])


def problems(tmp_path: Path, case: str) -> list[str]:
    """The problems load_cases reports, as ``line:col code: message``."""
    with pytest.raises(CasesInvalid) as info:
        pdrs_rules.load_cases(folder(tmp_path, HEAD + "cases:\n" + case))
    return [
        f"{d.location.line}:{d.location.column} {d.code}: {d.message}"
        for d in info.value.diagnostics
    ]


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    # `test` speaks Russian unless told otherwise; these tests read its English.
    english = ["--lang", "en"] if argv and argv[0] == "test" and "--lang" not in argv else []
    code = run([*argv, *english], out, err)
    return code, out.getvalue(), err.getvalue()


class TestShipped:
    def test_cases_pass(self) -> None:
        """Every case of tests/casefiles/municipal.cases.yaml passes end to end."""
        case_file = pdrs_rules.load_cases(HERE / "municipal.cases.yaml")
        results = pdrs_rules.run_cases(case_file)
        assert [r.case.name for r in results if not r.passed] == [], "".join(
            format_result(r) for r in results
        )

    def test_model(self) -> None:
        """Conclusions, aggregates and scores are read into expectations with typed values."""
        case = pdrs_rules.load_cases(HERE / "municipal.cases.yaml").cases[0]
        assert case.period is None
        assert str(HERE / "municipal.group.csv") == case.group_facts
        assert [(e.school, e.indicator) for e in case.conclusions] == [
            ("*", "no_iom"),
            ("*", "service_ok"),
            ("*", "mo_share"),
            ("*", "mo_trend"),
        ]
        aggregate = {c.field: c.expected for c in case.aggregates[0].checks}
        assert aggregate["value"] == Approx(1)
        assert aggregate["schools"] == ("002",)
        assert aggregate["excluded"] == 2
        score = {c.field: c.expected for c in case.scores[2].checks}
        assert score == {"maximum": Approx(0), "percent": None, "level": None}
        trend = {c.field: c.expected for c in case.expectations[1].checks}
        assert trend["rule"] == "growth"

    def test_coverage_counts_group_items(self) -> None:
        """Trend rules, conclusions' bands and valued aggregates are coverage items."""
        case_file = pdrs_rules.load_cases(HERE / "municipal.cases.yaml")
        coverage = pdrs_rules.measure_coverage(case_file.ruleset, pdrs_rules.run_cases(case_file))
        assert coverage.count("rule") == (5, 5)
        assert coverage.count("aggregate") == (2, 2)
        assert coverage.count(indicator="mo_share") == (3, 3)
        assert coverage.missed == ()

    def test_coverage_listing(self) -> None:
        """--coverage heads trends, aggregates and conclusions by kind and totals every kind."""
        code, out, _ = cli("test", str(HERE / "municipal.cases.yaml"), "--coverage")
        assert code == ExitCode.OK
        assert (
            f"coverage of {HERE / 'municipal.yaml'}: 100.0% (25/25): bands 8/8, outcomes 7/7, "
            "texts 3/3, rules 5/5, aggregates 2/2\n"
        ) in out
        assert "  trend iom_trend: 5/5\n    [x] rule 0: growth, good\n" in out
        assert "  aggregate schools_without_iom: 1/1\n    [x] a value computed\n" in out
        assert "  conclusion no_iom: 4/4\n" in out
        assert "    [x] outcome no_data\n" in out
        assert "  group trend mo_trend: 3/3\n" in out
        # Without the case that empties the aggregate, the conclusion's no_data is not reached.
        partial = cli(
            "test", str(HERE / "municipal.cases.yaml"), "--run", "latest-period", "--coverage"
        )[1]
        assert "    [ ] outcome no_data\n" in partial

    def test_unchecked_aggregates_still_count(self, tmp_path: Path) -> None:
        """An aggregate counts as covered when a case's run valued it, checked or not."""
        result = run_one(tmp_path, "  - name: c\n")
        assert result.aggregates_valued == {"iom_share_mo", "schools_without_iom"}
        assert result.checked_conclusions == ()


class TestFailures:
    def test_conclusion_table(self, tmp_path: Path) -> None:
        """A conclusion that differs is reported with the group and period in its subject."""
        result = run_one(
            tmp_path,
            "  - name: c\n    conclusions:\n      all:\n"
            "        no_iom: {level: ok, points: 1, text_contains: в 10 школах}\n",
        )
        path = tmp_path / "municipal.cases.yaml"
        assert format_result(result) == (
            f'{path}:8:9: FAIL case "c": conclusion no_iom (МО all, 2023)\n'
            "  field         | expected               | actual\n"
            "  --------------+------------------------+---------------------------------------\n"
            "  level         | ok                     | critical\n"
            "  points        | 1                      | 0\n"
            "  text_contains | contains 'в 10 школах' | Не разработаны ИОМ в 1 школе: СОШ № 2.\n"
        )

    def test_aggregate_schools(self, tmp_path: Path) -> None:
        """`schools` shows the matched ids with the missing and unexpected ones."""
        result = run_one(
            tmp_path,
            "  - name: c\n    period: '2022'\n    aggregates:\n      '*':\n"
            "        schools_without_iom:\n"
            "          {schools: ['002', '004'], schools_include: ['001'],"
            " schools_exclude: ['003'], counted: 4, excluded: 0, value: 3}\n",
        )
        rows = [(m.subject, m.field, m.expected, m.actual) for m in result.mismatches]
        subject = "aggregate schools_without_iom (МО all, 2022)"
        assert rows == [
            (subject, "schools", "002, 004", "003, 002\nmissing: 004\nunexpected: 003"),
            (subject, "schools_include", "001", "003, 002\nmissing: 001"),
            (subject, "schools_exclude", "none of 003", "003, 002\nunexpected: 003"),
            (subject, "counted", "4", "3"),
            (subject, "excluded", "0", "1: 004 (not_applicable)"),
            (subject, "value", "3", "2.0 (2)"),
        ]

    def test_trend_rule_and_score(self, tmp_path: Path) -> None:
        """A wrong trend rule shows the rule that matched; a wrong score its actual total."""
        result = run_one(
            tmp_path,
            "  - name: c\n    expect: {'002': {iom_trend: {rule: decline}}}\n"
            "    scores:\n      '002': {total: 2, level: ok}\n      all: {percent: 50}\n",
        )
        rows = [(m.subject, m.field, m.expected, m.actual) for m in result.mismatches]
        assert rows == [
            ("school 002 iom_trend (2023)", "rule", "decline", "steady (без изменений)"),
            ("score (МО all, 2023)", "percent", "50", "0.0"),
            ("score 002 (2023)", "total", "2", "1.0"),
            ("score 002 (2023)", "level", "ok", "critical"),
        ]

    def test_period_not_in_the_run(self, tmp_path: Path) -> None:
        """A `period` the run does not have fails the case, listing the periods there are."""
        result = run_one(tmp_path, "  - name: c\n    period: '2021'\n")
        assert [(m.field, m.expected, m.actual) for m in result.mismatches] == [
            (
                "period",
                "results for period 2021",
                "period '2021' is not known (periods: 2022, 2023); did you mean '2023'?",
            )
        ]
        assert 'FAIL case "c"\n  field  | expected' in format_result(result)

    def test_unknown_group_and_entity(self, tmp_path: Path) -> None:
        """A named group or score entity that the run lacks fails, listing those there are."""
        result = run_one(
            tmp_path,
            "  - name: c\n    conclusions: {zhirnovsky: {no_iom: {}}}\n"
            "    aggregates: {zhirnovsky: {iom_share_mo: {}}}\n"
            "    scores: {'099': {total: 0}}\n",
        )
        rows = [(m.subject, m.field, m.actual) for m in result.mismatches]
        assert rows == [
            ("МО zhirnovsky", "group", "no such МО; the run has: all"),
            (
                "score 099",
                "score",
                "no such school or МО; the run has scores for: 001, 002, 003, 004, 005, all",
            ),
        ]

    def test_missing_conclusion_finding(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A named conclusion the report lacks (say, an engine regression) fails the case."""
        case_file = pdrs_rules.load_cases(
            folder(tmp_path, HEAD + "cases:\n  - name: c\n    conclusions: {all: {no_iom: {}}}\n")
        )
        evaluate = pdrs_rules.Ruleset.evaluate

        def without_conclusions(self: pdrs_rules.Ruleset, *args: object, **kw: object) -> object:
            report = evaluate(self, *args, **kw)  # type: ignore[arg-type]
            kept = tuple(f for f in report.conclusions if f.indicator != "no_iom")
            return pdrs_rules.Report(
                report.ruleset,
                report.parameters,
                report.findings,
                conclusions=kept,
                aggregates=report.aggregates,
            )

        monkeypatch.setattr(pdrs_rules.Ruleset, "evaluate", without_conclusions)
        result = run_case(case_file, case_file.cases[0])
        assert [(m.subject, m.field, m.actual) for m in result.mismatches] == [
            ("conclusion no_iom (МО all, 2023)", "finding", "none in the report")
        ]

    def test_command_exit_code(self, tmp_path: Path) -> None:
        """`pdrs-rules test` exits 1 for a failing group expectation and prints its table."""
        folder(
            tmp_path,
            HEAD
            + "cases:\n  - name: c\n    aggregates: {all: {iom_share_mo: {display: '40,0%'}}}\n",
        )
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert ': FAIL case "c": aggregate iom_share_mo (МО all, 2023)\n' in out
        assert "  display | 40,0%    | 36,8%\n" in out


class TestInvalid:
    def test_unknown_ids(self, tmp_path: Path) -> None:
        """Unknown trends, conclusions, aggregates, rules and levels are located, with hints."""
        found = problems(
            tmp_path,
            "  - name: c\n"
            "    expect: {'001': {iom_trnd: {}, iom_trend: {rule: grwth}}}\n"
            "    conclusions: {all: {no_iomm: {}, mo_trend: {rule: upp, level: god}}}\n"
            "    aggregates: {all: {schools_without: {value: 1}}}\n"
            "    scores: {'001': {level: okk}}\n",
        )
        assert found == [
            (
                "6:22 unknown-indicator: the ruleset has no indicator or trend 'iom_trnd'; "
                "did you mean 'iom_trend'? (indicators: iom_share; trends: iom_trend; "
                "or '*' for every other one)"
            ),
            (
                "6:54 unknown-rule: $.cases[0].expect[\"001\"].iom_trend.rule is 'grwth', "
                "not a rule of trend 'iom_trend'; did you mean 'growth'? "
                "(rules: growth, decline, steady)"
            ),
            (
                "7:25 unknown-conclusion: the ruleset has no conclusion or group trend 'no_iomm'; "
                "did you mean 'no_iom'? (conclusions: no_iom, mo_share, service_ok; "
                "group trends: mo_trend; or '*' for every other one)"
            ),
            (
                "7:55 unknown-rule: $.cases[0].conclusions.all.mo_trend.rule is 'upp', not a rule "
                "of trend 'mo_trend'; did you mean 'up'? (rules: up, flat)"
            ),
            (
                "7:67 unknown-level: $.cases[0].conclusions.all.mo_trend.level is 'god', "
                "not a level of the ruleset; did you mean 'good'? "
                "(levels: critical, warning, ok, good)"
            ),
            (
                "8:24 unknown-aggregate: the ruleset has no aggregate 'schools_without'; "
                "did you mean 'schools_without_iom'? (aggregates: iom_share_mo, "
                "schools_without_iom)"
            ),
            (
                "9:29 unknown-level: $.cases[0].scores[\"001\"].level is 'okk', not a level of the "
                "ruleset; did you mean 'ok'? (levels: critical, warning, ok, good)"
            ),
        ]

    def test_rule_of_an_indicator(self, tmp_path: Path) -> None:
        """`rule` on an indicator or a conclusion is an error: they have bands."""
        found = problems(
            tmp_path,
            "  - name: c\n    expect: {'001': {iom_share: {rule: growth}}}\n"
            "    conclusions: {'*': {'*': {rule: up}}}\n",
        )
        assert [p.split(": ", 1)[0] for p in found] == ["6:34 not-a-trend", "7:31 not-a-trend"]
        assert "'iom_share' is not a trend: has bands" in found[0]

    def test_band_of_a_trend_counts_rules(self, tmp_path: Path) -> None:
        """For a trend, `band` is the rule's index and is checked against the rules."""
        found = problems(tmp_path, "  - name: c\n    expect: {'001': {iom_trend: {band: 3}}}\n")
        assert found == [
            (
                '6:40 bad-band: $.cases[0].expect["001"].iom_trend.band is 3, but trend '
                "'iom_trend' has 3 rule(s), numbered from 0"
            )
        ]

    def test_scores_without_scoring(self, tmp_path: Path) -> None:
        """A ruleset without `scoring` has no scores to expect."""
        for name in FILES:
            shutil.copy(HERE / name, tmp_path / name)
        text = (HERE / "municipal.yaml").read_text("utf-8")
        (tmp_path / "municipal.yaml").write_text(text.split("scoring:")[0], encoding="utf-8")
        path = tmp_path / "municipal.cases.yaml"
        path.write_text(HEAD + "cases:\n  - {name: c, scores: {'001': {total: 1}}}\n", "utf-8")
        with pytest.raises(CasesInvalid) as info:
            pdrs_rules.load_cases(path)
        assert [d.code for d in info.value.diagnostics] == ["no-scoring"]

    def test_schema(self, tmp_path: Path) -> None:
        """Aggregate and score fields are typed; unknown ones and error with them are refused."""
        found = problems(
            tmp_path,
            "  - name: c\n    aggregates: {all: {iom_share_mo: {schools: '001', count: 1}}}\n"
            "  - name: d\n    error: bad-cell\n    scores: {all: {total: many}}\n",
        )
        assert [p.split(": ", 1)[0] for p in found] == [
            "6:48 type",
            "6:55 unknown-key",
            "9:5 conflict",
            "9:27 type",
        ]

    def test_missing_group_facts_file(self, tmp_path: Path) -> None:
        """A group facts path that does not exist is a missing-file problem of the case."""
        found = problems(tmp_path, "  - {name: c, group_facts: nowhere.csv}\n")
        assert found[0].startswith("5:28 missing-file: the group facts file 'nowhere.csv'")


class TestSnapshotAndPlugin:
    def test_snapshot_holds_group_results(self, tmp_path: Path) -> None:
        """A snapshot keeps aggregates, conclusions and scores, and their changes fail it."""
        folder(tmp_path, HEAD + "cases:\n  - {name: all, snapshot: true}\n")
        assert cli("test", str(tmp_path), "--update")[0] == ExitCode.OK
        snapshot = tmp_path / "__snapshots__" / "municipal" / "all.json"
        stored = pdrs_rules.Report.from_json(snapshot.read_text("utf-8"))
        assert {a.aggregate for a in stored.aggregates} == {"iom_share_mo", "schools_without_iom"}
        assert stored.conclusions[0].outcome is Outcome.EVALUATED
        # The reporting period 2023 only: five schools and the district (2022 is history).
        assert len(stored.scores) == 6
        assert stored.history == ("2022",)
        group = (tmp_path / "municipal.group.csv").read_text("utf-8")
        (tmp_path / "municipal.group.csv").write_text(group.replace("2023;true", "2023;false"))
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert '-      "value": true\n' in out

    def test_snapshot_covers_every_period(self, tmp_path: Path) -> None:
        """A snapshot case looks at the findings and conclusions of its period, not the history."""
        case_file = pdrs_rules.load_cases(
            folder(
                tmp_path,
                HEAD + "cases:\n  - {name: all, snapshot: true}\n"
                "  - {name: first, snapshot: true, period: '2022'}\n",
            )
        )
        latest = run_case(case_file, case_file.cases[0], update=True)
        assert {f.period for f in latest.checked} == {"2023"}
        assert {f.period for f in latest.checked_conclusions} == {"2023"}
        first = run_case(case_file, case_file.cases[1], update=True)
        assert {f.period for f in first.checked} == {"2022"}

    def test_pytest_plugin_runs_group_cases(self, pytester: pytest.Pytester) -> None:
        """The pytest plugin runs group expectations and shows their tables."""
        for name in FILES:
            shutil.copy(HERE / name, pytester.path / name)
        (pytester.path / "municipal.cases.yaml").write_text(
            HEAD + "cases:\n  - name: ok\n    conclusions: {all: {no_iom: {value: 1}}}\n"
            "  - name: bad\n    conclusions: {all: {no_iom: {value: 5}}}\n",
            encoding="utf-8",
        )
        result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(
            ['*FAIL case "bad": conclusion no_iom (МО all, 2023)', "  value | 5 * | 1.0 (1)"]
        )
