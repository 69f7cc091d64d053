"""Data-driven checks of invalid rulesets: exact codes, lines and columns (cases/invalid.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import pdrs_rules

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "invalid.yaml").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_invalid_ruleset(case: dict[str, Any], tmp_path: Path) -> None:
    """check() reports exactly the expected problems, at the expected places."""
    path = tmp_path / "case.yaml"
    path.write_text(case["ruleset"], encoding="utf-8")
    diagnostics = pdrs_rules.check(path)
    actual = [f"{d.location.line}:{d.location.column} {d.code}" for d in diagnostics]
    assert case["errors"] == actual, "\n".join(str(d) for d in diagnostics)
    assert all(d.location.file == str(path) for d in diagnostics)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_load_raises_the_same_problems(case: dict[str, Any], tmp_path: Path) -> None:
    """load() raises RulesetInvalid whose sub-exceptions are the errors check() reports."""
    path = tmp_path / "case.yaml"
    path.write_text(case["ruleset"], encoding="utf-8")
    with pytest.raises(pdrs_rules.RulesetInvalid) as info:
        pdrs_rules.load(path)
    errors = [d for d in pdrs_rules.check(path) if d.severity is pdrs_rules.Severity.ERROR]
    assert errors == list(info.value.diagnostics)
    assert all(isinstance(e, pdrs_rules.RulesetError) for e in info.value.exceptions)
