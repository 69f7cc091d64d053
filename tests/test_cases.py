"""Loading case files: the model built from valid ones, every problem of invalid ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import pdrs_rules
from pdrs_rules import CaseError, CasesInvalid, Outcome
from pdrs_rules._cases._casefile import (
    Approx,
    Check,
    ErrorExpectation,
    Expectation,
    RecommendationCheck,
    is_case_file,
)

HERE = Path(__file__).parent / "casefiles"
INVALID: list[dict[str, Any]] = yaml.safe_load((HERE / "invalid.yaml").read_text("utf-8"))
FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"


def write(folder: Path, cases: str, name: str = "mini.cases.yaml") -> Path:
    """Put the test ruleset, a facts file and the case file in a folder."""
    shutil.copy(HERE / "ruleset.yaml", folder / "mini.yaml")
    (folder / "facts.csv").write_text(FACTS, encoding="utf-8")
    path = folder / name
    path.write_text(cases, encoding="utf-8")
    return path


VALID = """\
format: pdrs-rules-cases/1
description: Всё о диагностике
facts: facts.csv
params: {target: 25}
cases:
  - name: defaults
    expect:
      "001":
        diag_share:
          outcome: evaluated
          value: 25
          points: null
          recommendations: [{to: school_head, text_contains: ещё}]
        "*": {value: {approx: 20, tolerance: 0.5}}
      "*":
        diag_share: {no_recommendations: true, level: ok}
  - name: own facts and params
    facts:
      - {id: "009", name: Школа 9, teachers: 4, diagnosed: 1}
    params: {target: 50}
    period: 2023/2024
    snapshot: true
  - name: refused
    error: {code: out-of-bounds, message_contains: diagnosed}
  - name: refused briefly
    error: bad-cell
"""


class TestLoad:
    def test_model(self, tmp_path: Path) -> None:
        """A valid file becomes frozen cases with defaults inherited and values typed."""
        path = write(tmp_path, VALID)
        case_file = pdrs_rules.load_cases(path)
        assert case_file.file == str(path)
        assert case_file.ruleset.id == "mini"
        assert case_file.description == "Всё о диагностике"
        assert [c.name for c in case_file.cases] == [
            "defaults",
            "own facts and params",
            "refused",
            "refused briefly",
        ]
        first, second, third, fourth = case_file.cases
        assert str(tmp_path / "facts.csv") == first.facts
        assert first.params == {"target": 25}
        assert first.period is None
        assert not first.snapshot
        assert first.error is None
        expected = [
            ("001", "diag_share", ["outcome", "value", "points", "recommendations"]),
            ("001", "*", ["value"]),
            ("*", "diag_share", ["no_recommendations", "level"]),
        ]
        actual = [(e.school, e.indicator, [c.field for c in e.checks]) for e in first.expectations]
        assert expected == actual
        checks = {c.field: c.expected for c in first.expectations[0].checks}
        assert checks == {
            "outcome": Outcome.EVALUATED,
            "value": Approx(25),
            "points": None,
            "recommendations": (RecommendationCheck("school_head", None, "ещё"),),
        }
        assert Approx(20, 0.5) == first.expectations[1].checks[0].expected
        assert second.facts == ({"id": "009", "name": "Школа 9", "teachers": 4, "diagnosed": 1},)
        assert second.params == {"target": 50}
        assert second.period == "2023/2024"
        assert second.snapshot
        assert third.error is not None
        assert (third.error.code, third.error.message_contains) == ("out-of-bounds", "diagnosed")
        assert fourth.error is not None
        assert (fourth.error.code, fourth.error.message_contains) == ("bad-cell", None)

    def test_locations(self, tmp_path: Path) -> None:
        """Cases, expectations and checks remember where the file says them."""
        case_file = pdrs_rules.load_cases(write(tmp_path, VALID))
        case = case_file.cases[0]
        expectation = case.expectations[0]
        assert (case.location.line, case.location.column) == (6, 5)
        assert (expectation.location.line, expectation.location.column) == (9, 9)
        assert expectation.location.path == '$.cases[0].expect["001"].diag_share'
        assert (
            expectation.checks[0].location.line,
            expectation.checks[0].location.column,
        ) == (10, 11)

    def test_default_ruleset_is_the_stem(self, tmp_path: Path) -> None:
        """Without `ruleset`, x.cases.yaml uses x.yaml beside it."""
        path = write(tmp_path, "format: pdrs-rules-cases/1\ncases: [{name: a, facts: facts.csv}]\n")
        assert str(tmp_path / "mini.yaml") == pdrs_rules.load_cases(path).ruleset.file

    def test_explicit_ruleset_relative_to_the_file(self, tmp_path: Path) -> None:
        """`ruleset` is read relative to the case file, whatever the current folder."""
        (tmp_path / "sub").mkdir()
        path = write(
            tmp_path,
            "format: pdrs-rules-cases/1\nruleset: ../mini.yaml\n"
            "cases: [{name: a, facts: ../facts.csv}]\n",
        )
        moved = tmp_path / "sub" / "other.cases.yaml"
        path.rename(moved)
        case_file = pdrs_rules.load_cases(moved)
        assert case_file.stem == "other"
        assert tmp_path / "sub" / "__snapshots__" / "other" == case_file.snapshot_dir

    def test_no_ruleset_key_and_no_cases_suffix(self, tmp_path: Path) -> None:
        """A file not named *.cases.yaml must name its ruleset."""
        path = write(tmp_path, "format: pdrs-rules-cases/1\ncases: [{name: a}]\n", "tests.yaml")
        with pytest.raises(CasesInvalid) as info:
            pdrs_rules.load_cases(path)
        expected = (
            f"{path}:1:1: missing-key: $ needs the key 'ruleset': the file name 'tests.yaml' "
            "does not end in '.cases.yaml', so the ruleset cannot be found beside it"
        )
        assert [str(d) for d in info.value.diagnostics] == [expected]

    def test_any_file_name_with_a_ruleset_key(self, tmp_path: Path) -> None:
        """A file with another name works when it names its ruleset; snapshots use its stem."""
        path = write(
            tmp_path,
            "format: pdrs-rules-cases/1\nruleset: mini.yaml\n"
            "cases: [{name: a, facts: facts.csv}]\n",
            "regression.yaml",
        )
        case_file = pdrs_rules.load_cases(path)
        assert case_file.stem == "regression"
        assert str(RecommendationCheck(text="x")) == "text 'x'"

    def test_invalid_ruleset_raises_its_own_errors(self, tmp_path: Path) -> None:
        """A broken ruleset is reported as RulesetInvalid, with the ruleset's locations."""
        path = write(tmp_path, "format: pdrs-rules-cases/1\ncases: [{name: a, facts: facts.csv}]\n")
        (tmp_path / "mini.yaml").write_text("format: pdrs-rules/1\n", encoding="utf-8")
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.load_cases(path)
        assert all(d.location.file == str(tmp_path / "mini.yaml") for d in info.value.diagnostics)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A case file that does not exist is an io problem of that file, named a case file."""
        with pytest.raises(CasesInvalid) as info:
            pdrs_rules.load_cases(tmp_path / "gone.cases.yaml")
        assert [(d.code, d.message) for d in info.value.diagnostics] == [
            ("io", "cannot read the case file: No such file or directory")
        ]

    def test_ruleset_that_is_a_named_pipe(self, tmp_path: Path) -> None:
        """The ruleset a case file names is refused unopened when it is a named pipe."""
        path = write(tmp_path, "format: pdrs-rules-cases/1\ncases: [{name: a, facts: facts.csv}]\n")
        (tmp_path / "mini.yaml").unlink()
        os.mkfifo(tmp_path / "mini.yaml")  # opening it to read would wait for a writer for ever
        with pytest.raises(CasesInvalid) as info:
            pdrs_rules.load_cases(path)
        assert [(d.code, d.message) for d in info.value.diagnostics] == [
            (
                "io",
                "the ruleset 'mini.yaml' is not a regular file (a folder, a named pipe, a device)",
            )
        ]


@pytest.mark.parametrize("case", INVALID, ids=[c["name"] for c in INVALID])
def test_invalid_case_file(case: dict[str, Any], tmp_path: Path) -> None:
    """load_cases reports exactly the expected problems, at the expected places."""
    path = write(tmp_path, case["cases"])
    with pytest.raises(CasesInvalid) as info:
        pdrs_rules.load_cases(path)
    diagnostics = info.value.diagnostics
    actual = [f"{d.location.line}:{d.location.column} {d.code}" for d in diagnostics]
    assert case["errors"] == actual, "\n".join(str(d) for d in diagnostics)
    if "messages" in case:
        assert case["messages"] == [d.message for d in diagnostics]
    assert all(isinstance(e, CaseError) for e in info.value.exceptions)
    assert all(d.location.file == str(path) for d in diagnostics)
    assert all(str(d).startswith(f"{path}:{d.location.line}:") for d in diagnostics)


class TestValues:
    def test_approx_relative_by_default(self) -> None:
        """A bare number allows float noise only."""
        assert Approx(30).matches(30.000000000000004)
        assert not Approx(30).matches(30.001)
        assert not Approx(30).matches(actual=True)
        assert not Approx(30).matches(None)

    def test_approx_with_tolerance(self) -> None:
        """An explicit tolerance is absolute and inclusive."""
        assert Approx(20, 0.5).matches(20.5)
        assert not Approx(20, 0.5).matches(20.51)
        assert str(Approx(20, 0.5)) == "20 ± 0.5"
        assert str(Approx(20.0)) == "20.0"

    def test_recommendation_check(self) -> None:
        """Every named part must hold for the same recommendation."""
        rec = pdrs_rules.Recommendation("school_head", "руководитель ОО", "Обеспечить ПК.")
        assert RecommendationCheck("school_head", None, "ПК").matches(rec)
        assert RecommendationCheck(None, "Обеспечить ПК.", None).matches(rec)
        assert not RecommendationCheck("teachers", None, "ПК").matches(rec)
        assert not RecommendationCheck(None, "Обеспечить", None).matches(rec)
        assert (
            str(RecommendationCheck("school_head", None, "ПК"))
            == "to school_head, text contains 'ПК'"
        )

    def test_expectation_for_prefers_named_keys(self) -> None:
        """A named school replaces `*` wholly; within it, a named indicator replaces `*`."""
        named = Expectation("001", "a", (Check("level", "ok"),))
        school_rest = Expectation("001", "*", ())
        others = Expectation("*", "a", ())
        case = pdrs_rules.Case("c", "f", (), expectations=(named, school_rest, others))
        assert named is case.expectation_for("001", "a")
        assert school_rest is case.expectation_for("001", "b")
        assert others is case.expectation_for("002", "a")
        assert case.expectation_for("002", "b") is None

    def test_subject(self) -> None:
        """Failure lines name the school and indicator, or say which wildcard matched."""
        assert Expectation("023", "iom_share").subject == "school 023 iom_share"
        assert Expectation("*", "*").subject == "every other school every other indicator"

    def test_snapshot_name(self) -> None:
        """Snapshot files are named after the case, with path-unsafe characters replaced."""
        assert pdrs_rules.Case("seed-document", "f", ()).snapshot_name == "seed-document.json"
        assert pdrs_rules.Case("a/b в", "f", ()).snapshot_name == "a-b-в.json"
        assert pdrs_rules.Case("///", "f", ()).snapshot_name == "case.json"

    def test_error_expectation_defaults(self) -> None:
        """An error given as a bare code checks the code only."""
        assert ErrorExpectation("bad-cell").message_contains is None

    @pytest.mark.parametrize(
        ("name", "expected"),
        [("x.cases.yaml", True), ("x.cases.yml", True), ("x.yaml", False), ("cases.yaml", False)],
    )
    def test_is_case_file(self, name: str, expected: bool) -> None:
        """Only *.cases.yaml and *.cases.yml are case files."""
        assert expected == is_case_file(name)
