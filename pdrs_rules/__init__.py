"""pdrs-rules: declarative rulesets turning school monitoring facts into addressed recommendations.

``load(path)`` reads, validates and compiles a ruleset; ``Ruleset.evaluate(facts)`` scores every
school and returns a :class:`Report` of frozen :class:`Finding` objects.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._engine._ruleset import FactsSource, Ruleset, check, load, loads
from ._facts._table import FactsTable, load_facts
from ._load._compose import Override
from ._model import (
    AggregateMethod,
    AggregateResult,
    AggregateSpec,
    Band,
    BandRef,
    Better,
    Facts,
    FactSpec,
    FactValue,
    Finding,
    GroupSpec,
    IndicatorSpec,
    Level,
    ListedSchool,
    Metadata,
    Outcome,
    ParameterSpec,
    Recommendation,
    School,
    Score,
    ScoringSpec,
    TrendCondition,
    TrendRule,
    TrendSpec,
    Unit,
    ValueType,
)
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

if _TYPE_CHECKING:
    from ._authoring._diff import IndicatorDiff, RulesetDiff, SchoolChange, diff_rulesets
    from ._authoring._explain import explain
    from ._authoring._explanation import Explanation
    from ._authoring._passport import passport
    from ._cases._casefile import Case, CaseFile, load_cases
    from ._cases._coverage import Coverage, measure_coverage
    from ._cases._run import CaseResult, Mismatch, run_cases
    from ._documents._html import render_html
    from ._documents._markdown import render_markdown
    from ._engine._effect import EffectItem, Effectiveness, compare_findings, effectiveness
    from ._letters._content import (
        AddresseeRecommendations,
        Letter,
        LetterFinding,
        LetterKind,
        letters,
    )
    from ._letters._docx import render_docx, write_docx

# Testing, diff and effectiveness are not needed to load and evaluate a ruleset; importing them
# on first use keeps `import pdrs_rules` (and every CLI start) fast.
_LAZY = {
    "Case": "_cases._casefile",
    "CaseFile": "_cases._casefile",
    "load_cases": "_cases._casefile",
    "Coverage": "_cases._coverage",
    "measure_coverage": "_cases._coverage",
    "CaseResult": "_cases._run",
    "Mismatch": "_cases._run",
    "run_cases": "_cases._run",
    "IndicatorDiff": "_authoring._diff",
    "RulesetDiff": "_authoring._diff",
    "SchoolChange": "_authoring._diff",
    "diff_rulesets": "_authoring._diff",
    "EffectItem": "_engine._effect",
    "Effectiveness": "_engine._effect",
    "compare_findings": "_engine._effect",
    "effectiveness": "_engine._effect",
    "AddresseeRecommendations": "_letters._content",
    "Letter": "_letters._content",
    "LetterFinding": "_letters._content",
    "LetterKind": "_letters._content",
    "letters": "_letters._content",
    "render_docx": "_letters._docx",
    "write_docx": "_letters._docx",
    "passport": "_authoring._passport",
    "Explanation": "_authoring._explanation",
    "explain": "_authoring._explain",
    "render_html": "_documents._html",
    "render_markdown": "_documents._markdown",
}

__all__ = [
    "AddresseeRecommendations",
    "AggregateMethod",
    "AggregateResult",
    "AggregateSpec",
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
    "EffectItem",
    "Effectiveness",
    "Explanation",
    "FactSpec",
    "FactValue",
    "Facts",
    "FactsError",
    "FactsInvalid",
    "FactsSource",
    "FactsTable",
    "Finding",
    "FormulaError",
    "GroupSpec",
    "IndicatorDiff",
    "IndicatorSpec",
    "Letter",
    "LetterFinding",
    "LetterKind",
    "Level",
    "ListedSchool",
    "Location",
    "Metadata",
    "Mismatch",
    "Outcome",
    "Override",
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
    "Score",
    "ScoringSpec",
    "Severity",
    "TrendCondition",
    "TrendRule",
    "TrendSpec",
    "Unit",
    "ValueType",
    "check",
    "compare_findings",
    "diff_rulesets",
    "effectiveness",
    "explain",
    "letters",
    "load",
    "load_cases",
    "load_facts",
    "loads",
    "measure_coverage",
    "passport",
    "render_docx",
    "render_html",
    "render_markdown",
    "run_cases",
    "write_docx",
]


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is not None:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value  # the next lookup is an ordinary attribute
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            return version("pdrs-rules")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            from ._version import __version__  # noqa: PLC0415

            return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
