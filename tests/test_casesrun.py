"""Running cases: comparisons, failure tables, snapshots, coverage and `pdrs-rules test`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules._cases._run import format_result, run_case
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "casefiles" / "ruleset.yaml"
FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"
PASSING = """\
format: pdrs-rules-cases/1
facts: facts.csv
cases:
  - name: warning for 001
    expect:
      "001":
        diag_share: {level: warning, value: 25, text: Обеспечить диагностику ещё 1 педагогу.}
  - name: ok elsewhere
    expect:
      "*":
        diag_share: {level: ok, no_recommendations: true}
        teachers_count: {}
      "001":
        teachers_count: {value: 20}
"""
FAILING = """\
format: pdrs-rules-cases/1
facts: facts.csv
cases:
  - name: fails
    expect:
      "001":
        diag_share: {level: ok, value: 30, text_contains: семинар для Школа 2}
  - name: passes
    expect: {"002": {diag_share: {level: ok}}}
"""


def folder(tmp_path: Path, cases: str, name: str = "mini.cases.yaml") -> Path:
    """The test ruleset, its facts and a case file, in a fresh folder."""
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "facts.csv").write_text(FACTS, encoding="utf-8")
    (tmp_path / name).write_text(cases, encoding="utf-8")
    return tmp_path


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    # `test` speaks Russian unless told otherwise; these tests read its English.
    english = ["--lang", "en"] if argv and argv[0] == "test" and "--lang" not in argv else []
    code = run([*argv, *english], out, err)
    return code, out.getvalue(), err.getvalue()


def one_case(tmp_path: Path, expectation: str, facts: str = "facts.csv") -> pdrs_rules.CaseResult:
    """Run a single case whose only expectation is school 001's diag_share."""
    text = (
        f"format: pdrs-rules-cases/1\ncases:\n  - name: c\n    facts: {facts}\n"
        f'    expect: {{"001": {{diag_share: {expectation}}}}}\n'
    )
    case_file = pdrs_rules.load_cases(folder(tmp_path, text) / "mini.cases.yaml")
    return run_case(case_file, case_file.cases[0])


class TestChecks:
    @pytest.mark.parametrize(
        ("expectation", "passes"),
        [
            ("{outcome: evaluated}", True),
            ("{outcome: no_data}", False),
            ("{level: warning}", True),
            ("{level: ok}", False),
            ("{points: null}", True),
            ("{points: 1}", False),
            ("{band: 0}", True),
            ("{band: 1}", False),
            ("{band: null}", False),
            ("{value: 25}", True),
            ("{value: 25.0000000001}", True),
            ("{value: 25.1}", False),
            ("{value: {approx: 25.1, tolerance: 0.1}}", True),
            ("{value: {approx: 25.2, tolerance: 0.1}}", False),
            ("{value: true}", False),
            ("{value: null}", False),
            ('{display: "25,0%"}', True),
            ('{display: "25%"}', False),
            ("{reason_contains: нет}", False),
            ("{text: Обеспечить диагностику ещё 1 педагогу.}", True),
            ("{text: Обеспечить диагностику}", False),
            ("{text_contains: семинар для Школа 1}", True),
            ("{text_contains: семинар для Школа 2}", False),
            ("{not_text_contains: семинар}", False),
            ("{not_text_contains: аттестация}", True),
            ("{recommendations: [{to: methodical_service, text_contains: семинар}]}", True),
            ("{recommendations: [{to: teachers}]}", False),
            ("{recommendations: [{to: school_head}, {to: methodical_service}]}", True),
            ("{recommendations: [{to: school_head}, {to: school_head}]}", False),
            ("{no_recommendations: false}", True),
            ("{no_recommendations: true}", False),
            ("{}", True),
        ],
    )
    def test_field(self, tmp_path: Path, expectation: str, passes: bool) -> None:
        """Each kind of expectation passes when the finding has it and fails otherwise."""
        result = one_case(tmp_path, expectation)
        assert passes == result.passed, format_result(result)
        assert len(result.checked) == 1

    def test_no_data_finding(self, tmp_path: Path) -> None:
        """An empty cell gives no_data with a reason and the data request."""
        (tmp_path / "gaps.csv").write_text(
            "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;\n", encoding="utf-8"
        )
        result = one_case(
            tmp_path,
            "{outcome: no_data, level: null, value: null, reason_contains: diagnosed,"
            " text_contains: Предоставить данные}",
            facts="gaps.csv",
        )
        assert result.passed, format_result(result)

    def test_an_inline_row_may_leave_out_facts(self, tmp_path: Path) -> None:
        """A row naming only the teachers gets teachers_count; the share it lacks is no_data."""
        cases = """\
format: pdrs-rules-cases/1
cases:
  - name: teachers only
    facts:
      - {id: "001", name: Школа 1, Всего педагогов: 20}
    expect:
      "001":
        teachers_count: {value: 20}
        diag_share: {outcome: no_data, reason_contains: diagnosed}
"""
        code, out, err = cli("test", str(folder(tmp_path, cases)))
        assert (code, err) == (ExitCode.OK, ""), out
        assert out.endswith("1 passed, 0 failed\n")

    def test_mismatch_rows(self, tmp_path: Path) -> None:
        """A mismatch names the field and shows both sides with the values filled in."""
        result = one_case(tmp_path, "{level: ok, value: {approx: 30, tolerance: 1}, band: 1}")
        rows = [(m.subject, m.field, m.expected, m.actual) for m in result.mismatches]
        assert rows == [
            ("school 001 diag_share", "level", "ok", "warning"),
            ("school 001 diag_share", "value", "30 ± 1", "25.0 (25,0%)"),
            ("school 001 diag_share", "band", "1", "0"),
        ]


class TestFailureOutput:
    def test_table(self, tmp_path: Path) -> None:
        """A failing case prints its location, the subject and an aligned table."""
        folder(tmp_path, FAILING)
        code, out, err = cli("test", str(tmp_path))
        path = tmp_path / "mini.cases.yaml"
        assert (code, err) == (ExitCode.FINDINGS, "")
        assert out == (
            f'{path}:7:9: FAIL case "fails": school 001 diag_share\n'
            "  field         | expected                       | actual\n"
            f"  {'-' * 13}-+-{'-' * 30}-+-{'-' * 38}\n"
            "  level         | ok                             | warning\n"
            "  value         | 30                             | 25.0 (25,0%)\n"
            "  text_contains | contains 'семинар для Школа 2' | "
            "Обеспечить диагностику ещё 1 педагогу.\n"
            "                |                                | Провести семинар для Школа 1.\n"
            "1 passed, 1 failed\n"
        )

    def test_long_cells_wrap(self, tmp_path: Path) -> None:
        """Cells longer than 60 characters continue on the next rows."""
        long_text = "Обеспечить " + "очень " * 20 + "много"
        result = one_case(tmp_path, f"{{text: {long_text}}}")
        lines = format_result(result).splitlines()
        assert all(len(line) < 150 for line in lines)
        assert len(lines) > 5

    def test_wildcard_mismatch_names_the_school(self, tmp_path: Path) -> None:
        """A `*` expectation that fails for a school names that school, at the `*` line."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases:\n  - name: all ok\n"
            '    expect:\n      "*":\n        diag_share: {level: ok}\n',
        )
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert (
            f'{tmp_path / "mini.cases.yaml"}:7:9: FAIL case "all ok": school 001 diag_share\n'
            in out
        )
        assert "school 002" not in out

    def test_unknown_school(self, tmp_path: Path) -> None:
        """A named school that the facts lack is a failure listing the schools there are."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases:\n  - name: c\n"
            '    expect: {"099": {diag_share: {}}}\n',
        )
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        mismatch = run_case(case_file, case_file.cases[0]).mismatches
        assert [(m.field, m.expected, m.actual) for m in mismatch] == [
            ("school", "findings for school 099", "no such school; the case has: 001, 002")
        ]

    def test_period_filters_findings(self, tmp_path: Path) -> None:
        """With `period`, only that period's findings are checked."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\ncases:\n  - name: c\n    period: '2024'\n"
            "    facts:\n"
            "      - {id: '001', name: Ш, period: '2023', teachers: 10, diagnosed: 1}\n"
            "      - {id: '001', name: Ш, period: '2024', teachers: 10, diagnosed: 5}\n"
            '    expect: {"001": {diag_share: {level: ok, value: 50}}}\n',
        )
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        result = run_case(case_file, case_file.cases[0])
        assert result.passed, format_result(result)
        assert {f.period for f in result.checked} == {"2024"}


class TestErrors:
    ROW = "[{id: '001', name: Ш, teachers: 3, diagnosed: 5}]"

    def run_error(self, tmp_path: Path, error: str) -> pdrs_rules.CaseResult:
        """Run one case over a row that breaks a bound, expecting `error`."""
        text = f"format: pdrs-rules-cases/1\ncases:\n  - name: c\n    facts: {self.ROW}\n{error}"
        case_file = pdrs_rules.load_cases(folder(tmp_path, text) / "mini.cases.yaml")
        return run_case(case_file, case_file.cases[0])

    @pytest.mark.parametrize(
        ("error", "passes"),
        [
            ("    error: out-of-bounds\n", True),
            ("    error: {code: out-of-bounds, message_contains: diagnosed}\n", True),
            ("    error: {code: out-of-bounds, message_contains: nothing like it}\n", False),
            ("    error: bad-cell\n", False),
            ("", False),
        ],
    )
    def test_expected_error(self, tmp_path: Path, error: str, passes: bool) -> None:
        """An expected error passes only with its code (and message text)."""
        result = self.run_error(tmp_path, error)
        assert passes == result.passed, format_result(result)

    def test_unexpected_error_shows_it(self, tmp_path: Path) -> None:
        """Facts the ruleset refuses fail a case that expected findings, showing the error."""
        result = self.run_error(tmp_path, "")
        [mismatch] = result.mismatches
        assert (mismatch.field, mismatch.expected) == ("error", "(no error)")
        assert mismatch.actual.startswith("out-of-bounds: ")

    def test_missing_error(self, tmp_path: Path) -> None:
        """A case that expects an error fails when the facts are accepted."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases:\n"
            "  - {name: c, error: out-of-bounds}\n",
        )
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        [mismatch] = run_case(case_file, case_file.cases[0]).mismatches
        assert (mismatch.field, mismatch.expected, mismatch.actual) == (
            "error",
            "out-of-bounds",
            "(no error: 4 findings)",
        )


class TestCommand:
    def test_quiet_on_success(self, tmp_path: Path) -> None:
        """All passing: exit 0 and only the summary line."""
        folder(tmp_path, PASSING)
        assert cli("test", str(tmp_path)) == (ExitCode.OK, "2 passed, 0 failed\n", "")

    def test_verbose_lists_passing_cases(self, tmp_path: Path) -> None:
        """-v prints a PASS line per case."""
        folder(tmp_path, PASSING)
        _, out, _ = cli("test", "-v", str(tmp_path / "mini.cases.yaml"))
        assert out.count(": PASS case ") == 2

    def test_run_selects_by_pattern(self, tmp_path: Path) -> None:
        """--run runs only the cases whose names match the regular expression."""
        folder(tmp_path, FAILING)
        assert cli("test", str(tmp_path), "--run", "^pass") == (
            ExitCode.OK,
            "1 passed, 0 failed\n",
            "",
        )

    def test_bad_pattern_is_a_usage_error(self, tmp_path: Path) -> None:
        """An invalid --run expression exits 2."""
        folder(tmp_path, PASSING)
        code, _, err = cli("test", str(tmp_path), "--run", "(")
        assert code == ExitCode.USAGE
        assert "--run '('" in err

    def test_no_case_files(self, tmp_path: Path) -> None:
        """A folder without case files is a usage error."""
        code, out, err = cli("test", str(tmp_path))
        assert (code, out) == (ExitCode.USAGE, "")
        assert "no case files" in err

    def test_missing_path(self, tmp_path: Path) -> None:
        """A path that does not exist exits 3."""
        code, _, err = cli("test", str(tmp_path / "nothing"))
        assert code == ExitCode.INVALID
        assert "nothing" in err

    def test_invalid_case_file(self, tmp_path: Path) -> None:
        """An invalid case file exits 3 with file:line:col; the other files still run."""
        folder(tmp_path, PASSING)
        bad = tmp_path / "sub" / "mini.cases.yaml"
        bad.parent.mkdir()
        bad.write_text(
            "format: pdrs-rules-cases/1\nruleset: ../mini.yaml\ncases: [{name: a, fact: x}]\n",
            encoding="utf-8",
        )
        code, out, err = cli("test", "--lang", "en", str(tmp_path))
        assert code == ExitCode.INVALID
        assert err.startswith(f"{bad}:3:19: unknown-key: unknown key 'fact'")
        assert out == "2 passed, 0 failed, 1 invalid file\n"

    def test_invalid_ruleset(self, tmp_path: Path) -> None:
        """A case file whose ruleset is invalid exits 3 with the ruleset's problems."""
        folder(tmp_path, PASSING)
        (tmp_path / "mini.yaml").write_text("format: pdrs-rules/1\n", encoding="utf-8")
        code, _, err = cli("test", str(tmp_path))
        assert code == ExitCode.INVALID
        assert f"{tmp_path / 'mini.yaml'}:1:1: missing-key" in err

    def test_check_validates_case_files(self, tmp_path: Path) -> None:
        """`pdrs-rules check` checks a *.cases.yaml as a case file, not as a ruleset."""
        folder(tmp_path, PASSING)
        assert cli("check", str(tmp_path / "mini.yaml"), str(tmp_path / "mini.cases.yaml")) == (
            ExitCode.OK,
            "",
            "",
        )
        (tmp_path / "mini.cases.yaml").write_text(
            PASSING.replace("level: ok", "level: okay"), encoding="utf-8"
        )
        code, _, err = cli("check", str(tmp_path / "mini.cases.yaml"))
        assert code == ExitCode.INVALID
        assert err.startswith(f"{tmp_path / 'mini.cases.yaml'}:11:29: unknown-level: ")

    def test_hidden_and_snapshot_folders_are_skipped(self, tmp_path: Path) -> None:
        """Discovery does not descend into dot folders or __snapshots__."""
        folder(tmp_path, PASSING)
        for hidden in (".venv", "__snapshots__"):
            (tmp_path / hidden).mkdir()
            (tmp_path / hidden / "x.cases.yaml").write_text("not: a case file\n", "utf-8")
        assert cli("test", str(tmp_path))[0] == ExitCode.OK


class TestCoverage:
    def test_listing(self, tmp_path: Path) -> None:
        """--coverage lists each item as reached [x] or never reached [ ]."""
        folder(tmp_path, PASSING)
        code, out, _ = cli("test", str(tmp_path), "--coverage")
        assert code == ExitCode.OK
        ruleset = tmp_path / "mini.yaml"
        assert out == (
            f"coverage of {ruleset}: 55.6% (5/9): bands 3/3, outcomes 0/3, texts 2/3\n"
            "  diag_share: 4/7\n"
            "    [x] band 0: warning, below target\n"
            "    [x] band 1: ok, at_least target\n"
            "    [ ] outcome no_data\n"
            "    [ ] outcome not_applicable\n"
            "    [x] text of band 0 to school_head: Обеспечить диагностику ещё "
            "{gap|plural:педагогу,педагогам,п…\n"
            "    [x] text of band 0 to methodical_service: Провести семинар для {school}.\n"
            "    [ ] no_data text: Предоставить данные ({missing}).\n"
            "  teachers_count: 1/2\n"
            "    [x] band 0: ok, at_least 0\n"
            "    [ ] outcome no_data\n"
            "  never reached: 4\n"
            "2 passed, 0 failed\n"
        )

    def test_only_checked_findings_count(self, tmp_path: Path) -> None:
        """A finding no expectation looks at does not count as reached."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases:\n"
            '  - {name: c, expect: {"002": {teachers_count: {}}}}\n',
        )
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        results = pdrs_rules.run_cases(case_file)
        coverage = pdrs_rules.measure_coverage(case_file.ruleset, results)
        assert [i.key for i in coverage.reached] == ["band 0"]
        assert coverage.count("band") == (1, 3)

    @pytest.mark.parametrize(("limit", "code"), [("55", ExitCode.OK), ("55.6", ExitCode.FINDINGS)])
    def test_fail_under(self, tmp_path: Path, limit: str, code: ExitCode) -> None:
        """--fail-under exits 1 when a ruleset's coverage is below the limit."""
        folder(tmp_path, PASSING)
        actual, out, _ = cli("test", str(tmp_path), "--fail-under", limit)
        assert actual == code
        assert ("is 55.6%, under --fail-under 55.6%" in out) == (code == ExitCode.FINDINGS)

    @pytest.mark.parametrize("limit", ["101", "много"])
    def test_fail_under_must_be_a_percentage(self, tmp_path: Path, limit: str) -> None:
        """--fail-under takes 0 to 100."""
        folder(tmp_path, PASSING)
        assert cli("test", str(tmp_path), "--fail-under", limit)[0] == ExitCode.USAGE

    def test_not_applicable_only_where_something_divides(self) -> None:
        """A formula without division cannot be not_applicable, so it is not an item."""
        ruleset = pdrs_rules.load(MINI)
        coverage = pdrs_rules.measure_coverage(ruleset, [])
        keys = {(i.indicator, i.key) for i in coverage.items}
        assert ("diag_share", "not_applicable") in keys
        assert ("teachers_count", "not_applicable") not in keys
        assert coverage.percent == 0.0


class TestSnapshots:
    CASES = (
        "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases:\n  - {name: all, snapshot: true}\n"
    )

    def test_missing_snapshot_fails(self, tmp_path: Path) -> None:
        """Without a stored snapshot the case fails and says how to write one."""
        folder(tmp_path, self.CASES)
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert "missing; run `pdrs-rules test --update` to write it" in out

    def test_update_then_pass_then_diff(self, tmp_path: Path) -> None:
        """--update writes the snapshot; a later change fails with a unified diff."""
        folder(tmp_path, self.CASES)
        snapshot = tmp_path / "__snapshots__" / "mini" / "all.json"
        code, out, _ = cli("test", str(tmp_path), "--update")
        assert (code, out) == (
            ExitCode.OK,
            f"wrote {snapshot}\n1 passed, 0 failed, 1 snapshot written\n",
        )
        stored = snapshot.read_text("utf-8")
        assert pdrs_rules.Report.from_json(stored).findings[0].school_id == "001"
        assert cli("test", str(tmp_path)) == (ExitCode.OK, "1 passed, 0 failed\n", "")
        assert cli("test", str(tmp_path), "--update")[1] == "1 passed, 0 failed\n"
        (tmp_path / "facts.csv").write_text(FACTS.replace(";20;5", ";20;6"), encoding="utf-8")
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert f"    --- {snapshot}\n    +++ actual\n" in out
        assert '-      "value": 25.0\n' in out
        assert '+      "value": 30.0\n' in out
        assert snapshot.read_text("utf-8") == stored
        assert not list(snapshot.parent.glob(".*.tmp"))

    def test_reformatted_snapshot_still_matches(self, tmp_path: Path) -> None:
        """Snapshots are compared as JSON data, not as text."""
        folder(tmp_path, self.CASES)
        cli("test", str(tmp_path), "--update")
        snapshot = tmp_path / "__snapshots__" / "mini" / "all.json"
        snapshot.write_text(" ".join(snapshot.read_text("utf-8").split()), encoding="utf-8")
        assert cli("test", str(tmp_path))[0] == ExitCode.OK


class TestShippedRulesets:
    def test_all_pass_with_full_coverage(self) -> None:
        """Every ruleset in rulesets/ has cases that pass and reach 100% of it."""
        code, out, err = cli("test", str(ROOT / "rulesets"), "--fail-under", "100")
        assert (code, err) == (ExitCode.OK, "")
        assert out.endswith(" failed\n")
        assert " 0 failed" in out

    def test_armavir_coverage_is_complete(self) -> None:
        """The Armavir cases reach every band, outcome and text."""
        case_file = pdrs_rules.load_cases(ROOT / "rulesets" / "armavir-iom-2023.cases.yaml")
        coverage = pdrs_rules.measure_coverage(case_file.ruleset, pdrs_rules.run_cases(case_file))
        assert coverage.missed == ()
        assert coverage.percent == 100.0

    def test_seed_requirement_catches_another_school(self, tmp_path: Path) -> None:
        """If a fourth school got the ИОМ-control text, the seed-document case would fail."""
        for name in ("armavir-iom-2023.yaml", "armavir-iom-2023.cases.yaml"):
            shutil.copy(ROOT / "rulesets" / name, tmp_path / name)
        facts = (ROOT / "rulesets" / "armavir-iom-2023.facts.csv").read_text("utf-8")
        changed = facts.replace(
            "003;МБОУ-СОШ № 3;30;3;12;14;1;0;", "003;МБОУ-СОШ № 3;30;3;12;14;1;1;"
        )
        assert changed != facts
        (tmp_path / "armavir-iom-2023.facts.csv").write_text(changed, encoding="utf-8")
        code, out, _ = cli("test", str(tmp_path), "--run", "^seed-document$")
        assert code == ExitCode.FINDINGS
        assert 'FAIL case "seed-document": school 003 iom_low_share' in out
        assert "no text contains 'контроль за реализацией ИОМ'" in out

    def test_results_are_values(self) -> None:
        """Case results are frozen values; a passing one has no mismatches."""
        case_file = pdrs_rules.load_cases(ROOT / "rulesets" / "armavir-iom-2023.cases.yaml")
        results: tuple[Any, ...] = pdrs_rules.run_cases(case_file)
        assert all(r.passed and r.mismatches == () for r in results)
        with pytest.raises(AttributeError):
            results[0].mismatches = ()


COVERAGE_RULESET = """\
format: pdrs-rules/1
id: cov
title: T
version: "1"
defaults:
  no_data: {to: school_head, text: "Данные ({missing})."}
facts:
  n: {title: N, type: integer, min: 0}
  d: {title: D, type: integer, min: 0}
  flag: {title: F, type: boolean}
indicators:
  per_d:
    title: R
    formula: n / d
    unit: number
    not_applicable: {to: school_head, text: Нет знаменателя.}
    bands: [{level: ok}]
  derived:
    title: Derived
    formula: per_d * 2
    unit: number
    bands: [{level: ok}]
  flag_ind:
    title: F
    formula: flag
    unit: boolean
    bands: [{level: warning, is: false}, {level: ok, is: true}]
"""


class TestCoverageItems:
    def test_items_of_every_kind(self, tmp_path: Path) -> None:
        """Division, inherited not_applicable, default and own texts, boolean bands are items."""
        (tmp_path / "cov.yaml").write_text(COVERAGE_RULESET, encoding="utf-8")
        ruleset = pdrs_rules.load(tmp_path / "cov.yaml")
        coverage = pdrs_rules.measure_coverage(ruleset, [])
        assert [(i.indicator, i.key, i.label) for i in coverage.items] == [
            ("per_d", "band 0", "band 0: ok"),
            ("per_d", "no_data", "outcome no_data"),
            ("per_d", "not_applicable", "outcome not_applicable"),
            ("per_d", "no_data", "no_data text: Данные ({missing})."),
            ("per_d", "not_applicable", "not_applicable text: Нет знаменателя."),
            ("derived", "band 0", "band 0: ok"),
            ("derived", "no_data", "outcome no_data"),
            ("derived", "not_applicable", "outcome not_applicable"),
            ("derived", "no_data", "no_data text: Данные ({missing})."),
            ("flag_ind", "band 0", "band 0: warning, is false"),
            ("flag_ind", "band 1", "band 1: ok, is true"),
            ("flag_ind", "no_data", "outcome no_data"),
            ("flag_ind", "no_data", "no_data text: Данные ({missing})."),
        ]

    def test_reached_through_cases(self, tmp_path: Path) -> None:
        """A zero denominator reaches not_applicable and its text; true and false both bands."""
        (tmp_path / "cov.yaml").write_text(COVERAGE_RULESET, encoding="utf-8")
        (tmp_path / "cov.cases.yaml").write_text(
            "format: pdrs-rules-cases/1\ncases:\n  - name: all\n    facts:\n"
            "      - {id: '1', name: A, n: 1, d: 0, flag: true}\n"
            "      - {id: '2', name: B, n: null, d: 2, flag: false}\n"
            "      - {id: '3', name: C, n: 1, d: 2, flag: null}\n"
            '    expect: {"*": {"*": {}}}\n',
            encoding="utf-8",
        )
        case_file = pdrs_rules.load_cases(tmp_path / "cov.cases.yaml")
        coverage = pdrs_rules.measure_coverage(case_file.ruleset, pdrs_rules.run_cases(case_file))
        assert coverage.missed == ()


class TestEdges:
    def test_facts_file_gone_after_loading(self, tmp_path: Path) -> None:
        """A facts file that cannot be read when the case runs fails the case with `io`."""
        folder(tmp_path, PASSING)
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        (tmp_path / "facts.csv").unlink()
        result = run_case(case_file, case_file.cases[0])
        [mismatch] = result.mismatches
        assert (mismatch.field, mismatch.expected) == ("error", "(no error)")
        assert mismatch.actual.startswith("io: ")

    def test_several_periods_name_the_period(self, tmp_path: Path) -> None:
        """Without `period`, the latest period is checked, and a failure names it."""
        folder(
            tmp_path,
            "format: pdrs-rules-cases/1\ncases:\n  - name: c\n    facts:\n"
            "      - {id: '001', name: Ш, period: '2023', teachers: 10, diagnosed: 1}\n"
            "      - {id: '001', name: Ш, period: '2024', teachers: 10, diagnosed: 5}\n"
            '    expect: {"001": {diag_share: {level: warning}}}\n',
        )
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        result = run_case(case_file, case_file.cases[0])
        assert [m.subject for m in result.mismatches] == ["school 001 diag_share (2024)"]
        assert {f.period for f in result.checked} == {"2024"}

    def test_snapshot_that_is_not_json(self, tmp_path: Path) -> None:
        """A stored snapshot that is no longer JSON fails with a diff instead of crashing."""
        folder(tmp_path, TestSnapshots.CASES)
        snapshot = tmp_path / "__snapshots__" / "mini" / "all.json"
        snapshot.parent.mkdir(parents=True)
        snapshot.write_text("<<<<<<< merge conflict\n", encoding="utf-8")
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert "    -<<<<<<< merge conflict\n" in out

    def test_unreadable_snapshot(self, tmp_path: Path) -> None:
        """A snapshot path that cannot be read is a failure saying so."""
        folder(tmp_path, TestSnapshots.CASES)
        (tmp_path / "__snapshots__" / "mini" / "all.json").mkdir(parents=True)
        code, out, _ = cli("test", str(tmp_path))
        assert code == ExitCode.FINDINGS
        assert "cannot be read" in out

    def test_failed_write_leaves_no_temporary_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If renaming the new snapshot fails, the temporary file is removed."""
        folder(tmp_path, TestSnapshots.CASES)

        def refuse(_path: Path, target: Path) -> Path:
            raise OSError(13, "denied", str(target))

        monkeypatch.setattr(Path, "replace", refuse)
        case_file = pdrs_rules.load_cases(tmp_path / "mini.cases.yaml")
        with pytest.raises(OSError, match="denied"):
            run_case(case_file, case_file.cases[0], update=True)
        assert list((tmp_path / "__snapshots__" / "mini").iterdir()) == []
