"""pdrs-rules: declarative rulesets turning school monitoring facts into addressed recommendations.

``load(path)`` reads, validates and compiles a ruleset; ``Ruleset.evaluate(facts)`` scores every
school and returns a :class:`Report` of frozen :class:`Finding` objects.
"""

from ._cases import Case, CaseFile, load_cases
from ._casescoverage import Coverage, measure_coverage
from ._casesrun import CaseResult, Mismatch, run_cases
from ._diff import IndicatorDiff, RulesetDiff, SchoolChange, diff_rulesets
from ._facts import FactsTable, load_facts
from ._model import (
    Band,
    BandRef,
    Better,
    Facts,
    FactSpec,
    FactValue,
    Finding,
    IndicatorSpec,
    Level,
    Metadata,
    Outcome,
    ParameterSpec,
    Recommendation,
    School,
    Unit,
    ValueType,
)
from ._ruleset import FactsSource, Ruleset, check, load, loads
from .errors import (
    CaseError,
    CasesInvalid,
    Diagnostic,
    FactsError,
    FactsInvalid,
    FormulaError,
    Location,
    ParameterError,
    PdrsRulesError,
    RulesetError,
    RulesetInvalid,
    Severity,
)
from .report import Report, RulesetInfo

__all__ = [
    "Band",
    "BandRef",
    "Better",
    "Case",
    "CaseError",
    "CaseFile",
    "CaseResult",
    "CasesInvalid",
    "Coverage",
    "Diagnostic",
    "FactSpec",
    "FactValue",
    "Facts",
    "FactsError",
    "FactsInvalid",
    "FactsSource",
    "FactsTable",
    "Finding",
    "FormulaError",
    "IndicatorDiff",
    "IndicatorSpec",
    "Level",
    "Location",
    "Metadata",
    "Mismatch",
    "Outcome",
    "ParameterError",
    "ParameterSpec",
    "PdrsRulesError",
    "Recommendation",
    "Report",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetInfo",
    "RulesetInvalid",
    "School",
    "SchoolChange",
    "Severity",
    "Unit",
    "ValueType",
    "check",
    "diff_rulesets",
    "load",
    "load_cases",
    "load_facts",
    "loads",
    "measure_coverage",
    "run_cases",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("pdrs-rules")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            from ._version import __version__  # noqa: PLC0415

            return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
