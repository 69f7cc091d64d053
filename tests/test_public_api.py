"""The public surface: exports, version, exception tree, frozen values, load/check/evaluate."""

from __future__ import annotations

import csv
import importlib
import importlib.metadata
import inspect
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
import yaml

import pdrs_rules
from pdrs_rules import cli, errors, report
from pdrs_rules.errors import (
    FactsError,
    FactsInvalid,
    FormulaError,
    Location,
    ParameterError,
    PdrsRulesError,
    RulesetError,
    RulesetInvalid,
)

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "armavir-iom-2023.yaml"
FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"
PUBLIC_MODULES = [pdrs_rules, errors, report, cli]
BROKEN = """\
format: pdrs-rules/1
id: t
title: T
version: "1"
facts:
  n: {title: N, type: integer, column: N}
indicators:
  a:
    title: A
    formula: share(n, m)
    unit: "%"
    bands: [{level: ok, at_least: 0}]
  b: {title: B, formula: n +, unit: count, bands: [{level: ok}]}
"""


@pytest.fixture(scope="module")
def ruleset() -> pdrs_rules.Ruleset:
    return pdrs_rules.load(RULESET)


@pytest.fixture(scope="module")
def evaluated(ruleset: pdrs_rules.Ruleset) -> pdrs_rules.Report:
    return ruleset.evaluate(FACTS)


@pytest.fixture(scope="module")
def csv_rows() -> list[dict[str, str]]:
    with FACTS.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


class TestExports:
    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
    def test_all_is_sorted(self, module: ModuleType) -> None:
        """__all__ is sorted and has no duplicates."""
        assert sorted(set(module.__all__)) == module.__all__

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
    def test_every_name_is_importable(self, module: ModuleType) -> None:
        """Every name in __all__ exists, and a star import gives exactly __all__."""
        namespace: dict[str, Any] = {}
        exec(f"from {module.__name__} import *", namespace)  # noqa: S102 - the import itself is tested
        namespace.pop("__builtins__")
        assert set(module.__all__) == set(namespace)
        for name in module.__all__:
            assert getattr(module, name) is namespace[name]

    @pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
    def test_nothing_private_leaks(self, module: ModuleType) -> None:
        """No private name is exported, and every public thing pdrs_rules defines is exported."""
        assert not [name for name in module.__all__ if name.startswith("_")]
        # The package re-exports what its private modules define; a public module exports
        # what it defines itself (names it imports for its own use are not its API).
        prefix = "pdrs_rules." if module is pdrs_rules else module.__name__
        defined_here = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and not inspect.ismodule(value)
            and (getattr(value, "__module__", None) or "").startswith(prefix)
        }
        assert defined_here <= set(module.__all__)

    def test_only_public_modules(self) -> None:
        """The package's submodule attributes are the public modules or private ones."""
        modules = {name for name, value in vars(pdrs_rules).items() if inspect.ismodule(value)}
        # pdrs_rules is a pytest plugin package, so pytest rewrites its asserts and leaves
        # "@py_builtins" and "@pytest_ar" behind; those are not submodules.
        public = {m for m in modules if not m.startswith(("_", "@"))}
        assert public <= {"cli", "errors", "pytest_plugin", "report", "testing"}

    def test_no_stray_public_names(self) -> None:
        """Every public attribute of the package is in __all__ or is a public submodule."""
        public = {n for n in vars(pdrs_rules) if not n.startswith(("_", "@"))}
        stray = public - set(pdrs_rules.__all__)
        assert all(inspect.ismodule(getattr(pdrs_rules, n)) for n in stray), stray

    def test_documented_front_door(self) -> None:
        """The names docs/api.md and the README use are all exported."""
        documented = {
            "Diagnostic",
            "FactsError",
            "FactsInvalid",
            "FactsTable",
            "Finding",
            "FormulaError",
            "Outcome",
            "ParameterError",
            "PdrsRulesError",
            "Report",
            "Ruleset",
            "RulesetError",
            "RulesetInfo",
            "RulesetInvalid",
            "check",
            "load",
            "loads",
        }
        assert documented <= set(pdrs_rules.__all__)

    def test_exceptions_are_the_errors_module(self) -> None:
        """The package re-exports the very exception classes of pdrs_rules.errors."""
        shared = set(errors.__all__) & set(pdrs_rules.__all__)
        assert {"PdrsRulesError", "RulesetError", "RulesetInvalid"} <= shared
        for name in shared:
            assert getattr(pdrs_rules, name) is getattr(errors, name)


class TestVersion:
    def test_version_is_the_metadata_version(self) -> None:
        """__version__ is a string equal to the installed distribution's version."""
        assert isinstance(pdrs_rules.__version__, str)
        assert importlib.metadata.version("pdrs-rules") == pdrs_rules.__version__

    def test_version_looks_like_a_version(self) -> None:
        """The version is dotted numbers, as the build backend reads it from _version.py."""
        parts = pdrs_rules.__version__.split(".")
        assert len(parts) >= 2
        assert all(part.isdigit() for part in parts[:2])

    def test_unknown_attribute(self) -> None:
        """Other missing attributes still raise AttributeError."""
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            _ = pdrs_rules.nope  # type: ignore[attr-defined]


class TestErrors:
    @pytest.mark.parametrize("cls", [RulesetError, FormulaError, FactsError, ParameterError])
    def test_single_errors(self, cls: type[RulesetError | FactsError | ParameterError]) -> None:
        """Each single error is a PdrsRulesError and a ValueError with code, message, location."""
        assert issubclass(cls, PdrsRulesError)
        assert issubclass(cls, ValueError)
        error = cls.make("unknown-name", "unknown name 'x'", Location("f.yaml", 3, 7, "$.a"))
        assert str(error) == "f.yaml:3:7: unknown-name: unknown name 'x'"
        assert (error.code, error.message) == ("unknown-name", "unknown name 'x'")
        assert error.location == Location("f.yaml", 3, 7, "$.a")
        with pytest.raises(ValueError, match="unknown-name"):
            raise error

    def test_formula_error_is_a_ruleset_error(self) -> None:
        """FormulaError is one kind of RulesetError."""
        assert issubclass(FormulaError, RulesetError)

    @pytest.mark.parametrize(
        ("group", "member"), [(RulesetInvalid, RulesetError), (FactsInvalid, FactsError)]
    )
    def test_groups(self, group: type[RulesetInvalid], member: type[RulesetError]) -> None:
        """Groups are ExceptionGroups and PdrsRulesErrors; their problems are sorted by location."""
        assert issubclass(group, ExceptionGroup)
        assert issubclass(group, PdrsRulesError)
        late = member.make("b-code", "later", Location("f", 9, 1))
        early = member.make("a-code", "earlier", Location("f", 2, 5))
        exc = group("f: 2 problems", [late, early])
        assert list(exc.exceptions) == [early, late]
        assert [d.line for d in (e.location for e in exc.exceptions)] == [2, 9]
        assert exc.diagnostics == (early.diagnostic, late.diagnostic)
        assert str(exc) == "f:2:5: a-code: earlier\nf:9:1: b-code: later"

    def test_except_star_keeps_the_group_type(self) -> None:
        """except* splits a RulesetInvalid into a RulesetInvalid of the matching errors."""
        caught: list[BaseException] = []
        with pytest.raises(RulesetInvalid):  # noqa: PT012 - the except* is the test
            try:
                pdrs_rules.loads(BROKEN, file="inline.yaml")
            except* RulesetError as group:
                caught.append(group)
                raise
        [group] = caught
        assert isinstance(group, RulesetInvalid)
        assert [e.code for e in group.exceptions] == ["unknown-name", "formula-syntax"]

    def test_formula_problems_are_formula_errors(self) -> None:
        """A formula that cannot be compiled is raised as FormulaError (docs/api.md tree)."""
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.loads(BROKEN, file="inline.yaml")
        kinds = {e.code: type(e) for e in info.value.exceptions}
        assert kinds["formula-syntax"] is FormulaError
        assert kinds["unknown-name"] is FormulaError
        assert all(
            type(e) is RulesetError
            for e in info.value.exceptions
            if not e.location.path.endswith(".formula")
        )


def frozen_values() -> Iterator[tuple[str, object, str]]:
    """(label, instance, attribute) for every kind of public value object."""
    ruleset = pdrs_rules.load(RULESET)
    result = ruleset.evaluate(FACTS)
    finding = next(f for f in result.findings if f.recommendations and f.band)
    yield "Finding", finding, "level"
    yield "Recommendation", finding.recommendations[0], "text"
    yield "BandRef", finding.band, "lower"
    yield "Report", result, "findings"
    yield "RulesetInfo", result.ruleset, "title"
    yield "Ruleset", ruleset, "warnings"
    yield "Level", ruleset.levels[0], "title"
    yield "Metadata", ruleset.metadata, "version"
    yield "IndicatorSpec", next(iter(ruleset.indicators.values())), "formula"
    yield "FactSpec", next(iter(ruleset.facts.values())), "column"
    yield "ParameterSpec", next(iter(ruleset.parameters.values())), "default"
    yield "Band", next(i for i in ruleset.indicators.values() if i.bands).bands[0], "level"
    table = ruleset.read_facts(FACTS)
    yield "FactsTable", table, "schools"
    yield "School", table.schools[0], "name"
    yield "Location", Location("f", 1, 1), "line"
    yield "Diagnostic", pdrs_rules.Diagnostic("c", "m"), "message"


FROZEN = list(frozen_values())


@pytest.mark.parametrize(("label", "value", "attribute"), FROZEN, ids=[f[0] for f in FROZEN])
def test_value_objects_are_frozen(label: str, value: object, attribute: str) -> None:
    """Assigning to a field of a value object raises FrozenInstanceError."""
    assert type(value).__name__ == label
    assert hasattr(value, attribute)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, attribute, None)


def test_finding_sequences_are_tuples(evaluated: pdrs_rules.Report) -> None:
    """Sequences inside reports are tuples, so a report cannot be changed through them."""
    assert isinstance(evaluated.findings, tuple)
    assert all(isinstance(f.recommendations, tuple) for f in evaluated.findings)


class TestLoad:
    def test_load_returns_a_compiled_ruleset(self, ruleset: pdrs_rules.Ruleset) -> None:
        """load() gives a Ruleset whose parts follow the file, indicators in the author's order."""
        data = yaml.safe_load(RULESET.read_text("utf-8"))
        assert isinstance(ruleset, pdrs_rules.Ruleset)
        assert (ruleset.id, ruleset.version) == (data["id"], data["version"])
        assert list(ruleset.indicators) == list(data["indicators"])
        assert set(ruleset.facts) == set(data["facts"])
        assert {p: s.default for p, s in ruleset.parameters.items()} == {
            p: spec["default"] for p, spec in data["parameters"].items()
        }
        assert [level.id for level in ruleset.levels] == ["critical", "warning", "ok", "good"]
        assert ruleset.warnings == ()

    def test_load_accepts_str_and_path(self) -> None:
        """A str path and a Path load the same ruleset."""
        assert pdrs_rules.load(str(RULESET)).info() == pdrs_rules.load(RULESET).info()

    def test_loads_uses_the_file_name(self) -> None:
        """loads() raises RulesetInvalid with every problem, located in the given file name."""
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.loads(BROKEN, file="inline.yaml")
        diagnostics = info.value.diagnostics
        assert len(diagnostics) == 2
        assert {d.location.file for d in diagnostics} == {"inline.yaml"}
        assert [d.location.line for d in diagnostics] == [10, 13]
        assert all(isinstance(e, RulesetError) for e in info.value.exceptions)

    def test_loads_bytes(self) -> None:
        """loads() takes bytes too, and gives the same ruleset as load()."""
        loaded = pdrs_rules.loads(RULESET.read_bytes(), file=str(RULESET))
        assert loaded.info() == pdrs_rules.load(RULESET).info()

    def test_load_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a RulesetInvalid with the io code, not an OSError."""
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.load(tmp_path / "nope.yaml")
        assert [d.code for d in info.value.diagnostics] == ["io"]


class TestCheck:
    def test_valid(self) -> None:
        """A valid ruleset has no problems."""
        assert pdrs_rules.check(RULESET) == []

    @pytest.mark.parametrize(
        "content",
        [BROKEN, "format: [", "", "- a list\n", b"\xff\xfe not utf-8", "a: *alias\n"],
        ids=["errors", "yaml-syntax", "empty", "not-a-mapping", "encoding", "alias"],
    )
    def test_never_raises(self, tmp_path: Path, content: str | bytes) -> None:
        """check() returns errors as sorted Diagnostic values for anything it is given."""
        path = tmp_path / "r.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        problems = pdrs_rules.check(path)
        assert problems
        assert all(isinstance(d, pdrs_rules.Diagnostic) for d in problems)
        assert problems == sorted(problems, key=pdrs_rules.Diagnostic.sort_key)
        assert any(d.severity is pdrs_rules.Severity.ERROR for d in problems)

    @pytest.mark.parametrize("name", ["nope.yaml", "."])
    def test_unreadable_path(self, tmp_path: Path, name: str) -> None:
        """A missing file or a folder is an io problem, not an exception."""
        [problem] = pdrs_rules.check(tmp_path / name)
        assert problem.code == "io"

    def test_matches_load(self, tmp_path: Path) -> None:
        """check() lists the same errors load() raises."""
        path = tmp_path / "r.yaml"
        path.write_text(BROKEN, encoding="utf-8")
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.load(path)
        assert list(info.value.diagnostics) == pdrs_rules.check(path)


class TestEvaluate:
    def test_path_table_and_rows_agree(
        self,
        ruleset: pdrs_rules.Ruleset,
        evaluated: pdrs_rules.Report,
        csv_rows: list[dict[str, str]],
    ) -> None:
        """A path, a FactsTable and rows of mappings give the same report."""
        assert ruleset.evaluate(str(FACTS)) == evaluated
        table = ruleset.read_facts(FACTS)
        assert isinstance(table, pdrs_rules.FactsTable)
        assert ruleset.evaluate(table) == evaluated
        assert ruleset.evaluate(csv_rows) == evaluated

    def test_rows_by_fact_name_with_numbers(
        self, ruleset: pdrs_rules.Ruleset, csv_rows: list[dict[str, str]]
    ) -> None:
        """Rows may use fact names as keys and numbers as values."""
        by_column = {spec.column: name for name, spec in ruleset.facts.items()}
        rows = [
            {
                "Код ОО": row["Код ОО"],
                "Наименование ОО": row["Наименование ОО"],
                **{by_column[k]: int(v) for k, v in row.items() if k in by_column},
            }
            for row in csv_rows
        ]
        assert ruleset.evaluate(rows) == ruleset.evaluate(FACTS)

    def test_rows_are_checked_like_a_file(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A row with a text where a number belongs is a FactsInvalid."""
        row = {"Код ОО": "001", "Наименование ОО": "Школа", "Разработали ИОМ в 2022 году": "x"}
        with pytest.raises(FactsInvalid):
            ruleset.evaluate([row])

    def test_params(self, ruleset: pdrs_rules.Ruleset, csv_rows: list[dict[str, str]]) -> None:
        """The params override defaults; a string is parsed like on the command line."""
        lowered = ruleset.evaluate(FACTS, params={"certified_target": "20,5"})
        assert lowered.parameters["certified_target"] == 20.5
        warned = {
            f.school_id
            for f in lowered.findings
            if f.indicator == "certified_share" and f.level == "warning"
        }
        expected = {
            r["Код ОО"]
            for r in csv_rows
            if 100 * int(r["Аттестованы на КК"])
            < 20.5 * (int(r["Разработали ИОМ в 2022 году"]) - int(r["Уволено"]))
        }
        assert warned == expected

    def test_unknown_param(self, ruleset: pdrs_rules.Ruleset) -> None:
        """An unknown parameter raises ParameterError with a suggestion."""
        with pytest.raises(ParameterError, match="did you mean 'certified_target'"):
            ruleset.evaluate(FACTS, params={"certified_targt": 20})

    def test_iter_findings_is_a_lazy_stream(self, ruleset: pdrs_rules.Ruleset) -> None:
        """iter_findings() returns an iterator, not a list."""
        stream = ruleset.iter_findings(FACTS)
        assert isinstance(stream, Iterator)
        assert isinstance(next(stream), pdrs_rules.Finding)

    def test_iter_findings_same_as_evaluate(
        self, ruleset: pdrs_rules.Ruleset, evaluated: pdrs_rules.Report
    ) -> None:
        """iter_findings() yields the findings of evaluate(), as a multiset."""
        assert Counter(ruleset.iter_findings(FACTS)) == Counter(evaluated.findings)
        params = {"contests_target": 20}
        assert Counter(ruleset.iter_findings(FACTS, params=params)) == Counter(
            ruleset.evaluate(FACTS, params=params).findings
        )

    def test_report_round_trip(self, evaluated: pdrs_rules.Report) -> None:
        """The README promise: Report.from_json(report.to_json()) == report."""
        assert pdrs_rules.Report.from_json(evaluated.to_json()) == evaluated


def test_py_typed_is_shipped() -> None:
    """The package carries the py.typed marker, so type checkers use its annotations."""
    assert resources.files("pdrs_rules").joinpath("py.typed").is_file()
    files = importlib.metadata.files("pdrs-rules") or []
    installed_from_source = any(str(f).endswith(".pth") for f in files)
    assert installed_from_source or any(str(f) == "pdrs_rules/py.typed" for f in files)


def test_public_modules_import_cleanly() -> None:
    """Each public module imports on its own."""
    for module in PUBLIC_MODULES:
        assert importlib.import_module(module.__name__) is module
