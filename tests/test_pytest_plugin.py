"""The pytest plugin: case files collected as test items, with the same failure tables."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

# Hypothesis's plugin makes every inner run import (and assertion-rewrite) all of hypothesis.
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")

MINI = (Path(__file__).parent / "casefiles" / "ruleset.yaml").read_text("utf-8")
FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"
CASES = """\
format: pdrs-rules-cases/1
facts: facts.csv
cases:
  - name: warning for 001
    expect: {"001": {diag_share: {level: warning}}}
  - name: wrong level
    expect: {"002": {diag_share: {level: warning}}}
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A folder with the test ruleset, its facts and a case file with one failing case."""
    pytester.makefile(".yaml", mini=MINI)
    (pytester.path / "facts.csv").write_text(FACTS, encoding="utf-8")
    (pytester.path / "mini.cases.yaml").write_text(CASES, encoding="utf-8")
    return pytester


def test_entry_point_is_declared() -> None:
    """pdrs-rules registers the plugin through the pytest11 entry point."""
    points = importlib.metadata.entry_points(group="pytest11")
    assert "pdrs_rules.pytest_plugin" in {p.value for p in points if p.name == "pdrs_rules"}


def test_cases_become_items(project: pytest.Pytester) -> None:
    """Each case is one item named after the case."""
    result = project.runpytest("--collect-only", "-q", *QUIET)
    result.stdout.fnmatch_lines(
        ["mini.cases.yaml::warning for 001", "mini.cases.yaml::wrong level"]
    )


def test_failure_shows_the_table(project: pytest.Pytester) -> None:
    """A failing case is reported with the expected-vs-actual table, not a traceback."""
    result = project.runpytest(*QUIET, "-W", "error")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            '*mini.cases.yaml:7:22: FAIL case "wrong level": school 002 diag_share',
            "  field | expected | actual",
            "  level | warning  | ok",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "pdrs_rules/" not in result.stdout.str()


def test_select_with_k(project: pytest.Pytester) -> None:
    """The -k option selects cases by name."""
    result = project.runpytest(*QUIET, "-k", "warning")
    result.assert_outcomes(passed=1, deselected=1)


def test_invalid_file_is_a_collection_error(project: pytest.Pytester) -> None:
    """An invalid case file is one collection error listing file:line:col problems."""
    (project.path / "mini.cases.yaml").write_text(
        "format: pdrs-rules-cases/1\ncases: [{name: a, fact: x}]\n", encoding="utf-8"
    )
    result = project.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mini.cases.yaml:2:19: unknown-key: unknown key 'fact'*"])


def test_other_yaml_files_are_not_collected(project: pytest.Pytester) -> None:
    """Only *.cases.yaml is collected: rulesets and other YAML files are left alone."""
    (project.path / "mini.cases.yaml").unlink()
    project.makefile(".yaml", other="not: a case file\n")
    result = project.runpytest(*QUIET)
    result.assert_outcomes()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_plugin_can_be_switched_off(project: pytest.Pytester) -> None:
    """-p no:pdrs_rules disables collection of case files."""
    result = project.runpytest(*QUIET, "-p", "no:pdrs_rules")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_update_writes_snapshots(project: pytest.Pytester) -> None:
    """--pdrs-update writes snapshots; without it a missing snapshot fails."""
    (project.path / "mini.cases.yaml").write_text(
        "format: pdrs-rules-cases/1\nfacts: facts.csv\ncases: [{name: all, snapshot: true}]\n",
        encoding="utf-8",
    )
    project.runpytest(*QUIET).assert_outcomes(failed=1)
    project.runpytest(*QUIET, "--pdrs-update").assert_outcomes(passed=1)
    assert (project.path / "__snapshots__" / "mini" / "all.json").is_file()
    project.runpytest(*QUIET).assert_outcomes(passed=1)


def test_crash_in_a_case_is_reported_by_pytest(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception while running a case keeps pytest's own report."""
    from pdrs_rules import pytest_plugin  # noqa: PLC0415 - patched for this test only

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pytest_plugin, "run_case", explode)
    result = project.runpytest(*QUIET)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*RuntimeError: boom*"])
