"""Checked by mypy --strict, never run: the public API must type-check as documented."""

from __future__ import annotations

import sys
from collections.abc import Hashable
from typing import Any, assert_type

import pandas as pd
import polars as pl
import pyarrow as pa

import pdrs_rules
from pdrs_rules import Diagnostic, Finding, Outcome, Report, Ruleset
from pdrs_rules.cli import ExitCode, run


def use_api(path: str, rows: list[dict[str, object]]) -> None:
    ruleset = pdrs_rules.load(path)
    assert_type(ruleset, Ruleset)
    assert_type(pdrs_rules.check(path), list[Diagnostic])
    assert_type(pdrs_rules.check(path, lang="ru"), list[Diagnostic])
    report = ruleset.evaluate(rows, params={"threshold": "30,5"})
    assert_type(report, Report)
    for finding in report.findings:
        assert_type(finding, Finding)
        if finding.outcome is Outcome.EVALUATED:
            assert_type(finding.value, float | bool | None)
    assert_type(Report.from_json(report.to_json()), Report)
    assert_type(run(["check", path], sys.stdout, sys.stderr), int)
    assert_type(ExitCode(0), ExitCode)


def use_errors(text: str) -> None:
    try:
        pdrs_rules.loads(text, file="inline.yaml")
    except pdrs_rules.RulesetInvalid as group:
        for diagnostic in group.diagnostics:
            assert_type(diagnostic.location.line, int)
            assert_type(diagnostic.localized("ru"), Diagnostic)
        assert_type(group.localized("ru"), pdrs_rules.RulesetInvalid)
    except ValueError:
        pass


def use_cases(path: str) -> None:
    case_file = pdrs_rules.load_cases(path)
    assert_type(case_file, pdrs_rules.CaseFile)
    results = pdrs_rules.run_cases(case_file, update=False)
    assert_type(results, tuple[pdrs_rules.CaseResult, ...])
    coverage = pdrs_rules.measure_coverage(case_file.ruleset, results)
    assert_type(coverage.percent, float)
    for result in results:
        assert_type(result.passed, bool)
        assert_type(result.mismatches, tuple[pdrs_rules.Mismatch, ...])


def use_tables(path: str, records: list[dict[Hashable, Any]]) -> None:
    ruleset = pdrs_rules.load(path)
    frame = pd.DataFrame({"id": ["001"], "teachers": [10]})
    assert_type(ruleset.evaluate(frame), Report)
    assert_type(ruleset.evaluate(frame.to_dict("records")), Report)
    assert_type(ruleset.evaluate(records), Report)
    assert_type(ruleset.evaluate(pl.from_pandas(frame)), Report)
    assert_type(ruleset.evaluate(pa.Table.from_pandas(frame)), Report)
    assert_type(ruleset.read_facts(pl.from_pandas(frame)), pdrs_rules.FactsTable)
