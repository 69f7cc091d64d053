"""The pytest plugin: ``pytest rulesets/`` runs every case of every ``*.cases.yaml`` as a test.

Registered through the ``pytest11`` entry point, so installing pdrs-rules is enough; it collects
nothing but case files, and ``-p no:pdrs_rules`` switches it off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._cases._casefile import Case, CaseFile, is_case_file, load_cases
from ._cases._run import CaseResult, format_result, run_case
from .errors import CasesInvalid, RulesetInvalid

__all__ = ["CaseFailed", "CaseItem", "CasesFile"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--pdrs-update``: write or refresh snapshots instead of comparing them."""
    parser.getgroup("pdrs-rules").addoption(
        "--pdrs-update",
        action="store_true",
        default=False,
        help="pdrs-rules: write or refresh the snapshots of snapshot cases",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CasesFile | None:
    """Collect case files; leave every other file to pytest and other plugins."""
    if is_case_file(file_path):
        cases_file: CasesFile = CasesFile.from_parent(parent, path=file_path)
        return cases_file
    return None


class CaseFailed(Exception):  # noqa: N818 - it is a test outcome, named as pytest names them
    """A case whose findings did not meet its expectations."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.case.name)
        self.result = result


class _InvalidFile(Exception):  # noqa: N818 - carries the loader's message to repr_failure
    pass


class CasesFile(pytest.File):
    """A case file: one test item per case."""

    def collect(self) -> Iterator[pytest.Item]:
        """Load and check the file and its ruleset; an invalid one is a collection error."""
        try:
            case_file = load_cases(self.path)
        except (CasesInvalid, RulesetInvalid) as exc:
            raise _InvalidFile(str(exc)) from None
        for case in case_file.cases:
            yield CaseItem.from_parent(self, name=case.name, case_file=case_file, case=case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The file:line:col list of problems, without a traceback into pdrs_rules."""
        del style  # a collector's report has one style
        if isinstance(excinfo.value, _InvalidFile):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class CaseItem(pytest.Item):
    """One case of a case file."""

    def __init__(self, *, case_file: CaseFile, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case_file = case_file
        self.case = case

    def runtest(self) -> None:
        """Evaluate the case and compare; raise CaseFailed with the mismatches."""
        update = bool(self.config.getoption("pdrs_update"))
        result = run_case(self.case_file, self.case, update=update)
        if not result.passed:
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The same expected-vs-actual table ``pdrs-rules test`` prints."""
        if isinstance(excinfo.value, CaseFailed):
            return format_result(excinfo.value.result).rstrip("\n")
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the case is, for pytest's headers: the file and the case's line."""
        return self.path, max(self.case.location.line - 1, 0), f"case {self.case.name}"
