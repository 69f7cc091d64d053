"""CASES: read a case file (``*.cases.yaml``), check it against its ruleset, build frozen cases."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._engine._ruleset import Ruleset, load
from pdrs_rules._load._validate import iter_schema_errors
from pdrs_rules._load._yaml import Document, PathT, json_path, read_document
from pdrs_rules._schemas import CASES_SCHEMA
from pdrs_rules.errors import (
    CaseError,
    CasesInvalid,
    Diagnostic,
    Location,
    ParameterError,
    RulesetInvalid,
)

from ._expect import ExpectationReader, declared
from ._values import (
    WILDCARD,
    Approx,
    Check,
    ErrorExpectation,
    Expectation,
    RecommendationCheck,
    most_specific,
)

__all__ = [
    "FORMAT",
    "WILDCARD",
    "Approx",
    "Case",
    "CaseFile",
    "Check",
    "ErrorExpectation",
    "Expectation",
    "RecommendationCheck",
    "load_cases",
]


#: The identifier of the case-file format; bumped on incompatible changes.
FORMAT = "pdrs-rules-cases/1"
#: The suffix that marks case files, and the one of the ruleset found beside them by default.
SUFFIXES = ((".cases.yaml", ".yaml"), (".cases.yml", ".yml"))


#: Facts of a case: a path (resolved against the case file) or rows as written; or one of
#: those per period, by period.
CaseFacts: TypeAlias = (
    str | tuple[Mapping[str, Any], ...] | Mapping[str, str | tuple[Mapping[str, Any], ...]]
)


@attrs.frozen
class Case:
    """One case: facts, parameters, and what the findings (or the refusal) must be."""

    name: str
    file: str
    facts: CaseFacts = attrs.field(hash=False)
    params: Mapping[str, object] = attrs.field(factory=dict, hash=False)
    period: str | None = None
    expectations: tuple[Expectation, ...] = ()
    error: ErrorExpectation | None = None
    snapshot: bool = False
    description: str = ""
    location: Location = Location()
    #: Facts of the group (municipality) level, if the case gives them.
    group_facts: CaseFacts | None = attrs.field(default=None, hash=False)
    #: Expected group findings (conclusions, group trends): ``school`` holds the group's id.
    conclusions: tuple[Expectation, ...] = ()
    #: Expected aggregates: ``school`` holds the group's id, ``indicator`` the aggregate's.
    aggregates: tuple[Expectation, ...] = ()
    #: Expected scores: ``school`` holds the school's or group's id.
    scores: tuple[Expectation, ...] = ()

    @property
    def snapshot_name(self) -> str:
        """The snapshot's file name: the case name with anything unsafe in a path replaced."""
        slug = re.sub(r"[^\w.-]+", "-", self.name).strip("-.")
        return f"{slug or 'case'}.json"

    def expectation_for(self, school: str, indicator: str) -> Expectation | None:
        """The expectation that applies to a finding: the most specific one, else None."""
        return most_specific(self.expectations, school, indicator)

    def conclusion_for(self, group: str, conclusion: str) -> Expectation | None:
        """The expectation that applies to a group finding: the most specific one, else None."""
        return most_specific(self.conclusions, group, conclusion)


@attrs.frozen
class CaseFile:
    """A checked case file, with its compiled ruleset."""

    file: str
    ruleset: Ruleset = attrs.field(eq=False, repr=False)
    cases: tuple[Case, ...] = ()
    description: str = ""

    @property
    def stem(self) -> str:
        """``armavir-iom-2023`` for ``armavir-iom-2023.cases.yaml``."""
        name = Path(self.file).name
        for suffix, _ in SUFFIXES:
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return Path(name).stem

    @property
    def snapshot_dir(self) -> Path:
        """Where the snapshots of this file's cases live."""
        return Path(self.file).parent / "__snapshots__" / self.stem


def is_case_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file name marks a case file."""
    return any(os.fspath(path).endswith(suffix) for suffix, _ in SUFFIXES)


@checked
def load_cases(path: str | os.PathLike[str]) -> CaseFile:
    """Read and check a case file and load its ruleset.

    Raises CasesInvalid listing every problem of the case file, or RulesetInvalid when the
    ruleset it names is itself invalid.
    """
    file = os.fspath(path)
    try:
        doc = read_document(file, "case file")
    except RulesetInvalid as group:
        raise _invalid(file, group.diagnostics) from None
    problems = [e.diagnostic for e in doc.problems]
    schema_problems = [e.diagnostic for e in iter_schema_errors(doc, CASES_SCHEMA)]
    if schema_problems or doc.refused:
        # The document does not have the shape the checks below walk (a refused value is null
        # where the schema wants text or a number); more would be noise.
        raise _invalid(file, [*problems, *schema_problems])
    reader = _Reader(doc)
    ruleset = reader.ruleset()
    if ruleset is None:
        raise _invalid(file, [*problems, *reader.problems])
    cases = reader.cases(ruleset)
    if problems or reader.problems:
        raise _invalid(file, [*problems, *reader.problems])
    return CaseFile(file, ruleset, cases, doc.data.get("description", ""))


def check_cases(path: str | os.PathLike[str]) -> list[Diagnostic]:
    """Every problem of a case file (or of the ruleset it names), sorted; never raises."""
    try:
        load_cases(path)
    except (CasesInvalid, RulesetInvalid) as group:
        return list(group.diagnostics)
    return []


def _invalid(file: str, diagnostics: Iterable[Diagnostic]) -> CasesInvalid:
    errors = [CaseError(d) for d in diagnostics]
    return CasesInvalid(f"{file}: {len(errors)} problem(s)", errors)


class _Reader(ExpectationReader):
    """Builds cases from a schema-valid document, collecting problems with their locations."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.data: dict[str, Any] = doc.data
        self.base = Path(doc.file).parent

    def ruleset(self) -> Ruleset | None:
        written = self.data.get("ruleset")
        if written is None:
            name = Path(self.doc.file).name
            default = next((name[: -len(s)] + r for s, r in SUFFIXES if name.endswith(s)), None)
            if default is None:
                self.error(
                    "missing-key",
                    f"$ needs the key 'ruleset': the file name {name!r} does not end in "
                    "'.cases.yaml', so the ruleset cannot be found beside it",
                    (),
                )
                return None
            written = default
        target = self.base / written
        if target.exists() and not target.is_file():
            self.error(
                "io",
                f"the ruleset {written!r} is not a regular file (a folder, a named pipe, a device)",
                ("ruleset",) if "ruleset" in self.data else (),
            )
            return None
        if not target.is_file():
            self.error(
                "missing-file",
                f"the ruleset {written!r} does not exist (looked for {os.fspath(target)!r}, "
                "relative to the case file)",
                ("ruleset",) if "ruleset" in self.data else (),
            )
            return None
        return load(target)

    def facts(self, value: Any, path: PathT, what: str = "facts") -> CaseFacts | None:
        if isinstance(value, Mapping):
            return {
                str(period): self.source(source, (*path, period), what)
                for period, source in value.items()
            }
        return self.source(value, path, what)

    def source(self, value: Any, path: PathT, what: str) -> str | tuple[Mapping[str, Any], ...]:
        if isinstance(value, str):
            target = self.base / value
            if target.exists() and not target.is_file():
                self.error(
                    "io",
                    f"the {what} file {value!r} is not a regular file (a folder, a named pipe, "
                    "a device)",
                    path,
                )
            elif not target.is_file():
                self.error(
                    "missing-file",
                    f"the {what} file {value!r} does not exist (looked for "
                    f"{os.fspath(target)!r}, relative to the case file)",
                    path,
                )
            return os.fspath(target)
        return tuple(value)

    def params(self, ruleset: Ruleset, params: Mapping[str, Any], path: PathT) -> None:
        try:
            ruleset.resolve_params(params)
        except ParameterError as exc:
            # resolve_params stops at the first problem; point at the parameter it names.
            culprit = next((name for name in params if repr(name) in exc.message), None)
            where = (*path, culprit) if culprit is not None else path
            self.error(exc.code, exc.message, where, key=culprit is not None)

    def cases(self, ruleset: Ruleset) -> tuple[Case, ...]:
        default_facts = None
        if "facts" in self.data:
            default_facts = self.facts(self.data["facts"], ("facts",))
        default_group = None
        if "group_facts" in self.data:
            default_group = self.facts(self.data["group_facts"], ("group_facts",), "group facts")
        default_params: dict[str, Any] = self.data.get("params", {})
        decl = declared(ruleset)
        seen: dict[str, int] = {}
        snapshots: dict[str, str] = {}
        cases = []
        for index, raw in enumerate(self.data["cases"]):
            path: PathT = ("cases", index)
            name: str = raw["name"]
            if "\n" in name or "\r" in name:
                self.error(
                    "bad-name",
                    f"{json_path((*path, 'name'))} is {name!r}; a case name is one line: "
                    "it heads failure reports and names snapshots",
                    (*path, "name"),
                )
            self.unique(name, raw.get("snapshot", False), path, seen, snapshots)
            seen.setdefault(name, index)
            facts = self.facts(raw["facts"], (*path, "facts")) if "facts" in raw else default_facts
            if facts is None:
                self.error(
                    "missing-key",
                    f"{json_path(path)} needs the key 'facts' (or give 'facts' for all cases at "
                    "the top of the file)",
                    path,
                    key=True,
                )
                continue
            params_path = (*path, "params") if "params" in raw else ("params",)
            params: dict[str, Any] = raw.get("params", default_params)
            error = None
            if "error" in raw:
                error = self.error_expectation(raw["error"], (*path, "error"))
            else:
                self.params(ruleset, params, params_path)
            group_facts = default_group
            if "group_facts" in raw:
                group_facts = self.facts(raw["group_facts"], (*path, "group_facts"), "group facts")
            sections = {
                name: reader(decl, raw[name], (*path, name)) if name in raw else ()
                for name, reader in (
                    ("expect", self.school_section),
                    ("conclusions", self.conclusion_section),
                    ("aggregates", self.aggregate_section),
                    ("scores", self.score_section),
                )
            }
            cases.append(
                Case(
                    name=name,
                    file=self.doc.file,
                    facts=facts,
                    params=params,
                    period=raw.get("period"),
                    expectations=sections["expect"],
                    error=error,
                    snapshot=raw.get("snapshot", False),
                    description=raw.get("description", ""),
                    location=self.doc.location(path),
                    group_facts=group_facts,
                    conclusions=sections["conclusions"],
                    aggregates=sections["aggregates"],
                    scores=sections["scores"],
                )
            )
        return tuple(cases)

    def unique(
        self,
        name: str,
        snapshot: bool,
        path: PathT,
        seen: dict[str, int],
        snapshots: dict[str, str],
    ) -> None:
        if name in seen:
            self.error(
                "duplicate-name",
                f"a second case named {name!r} (the first is $.cases[{seen[name]}]); "
                "case names select cases and name snapshots, so they must be unique",
                (*path, "name"),
            )
            return
        if not snapshot:
            return
        file_name = Case(name, self.doc.file, ()).snapshot_name
        if file_name in snapshots:
            self.error(
                "duplicate-name",
                f"the snapshot of case {name!r} would be {file_name!r}, the file of case "
                f"{snapshots[file_name]!r}; rename one of them",
                (*path, "name"),
            )
        snapshots.setdefault(file_name, name)

    def error_expectation(self, raw: str | Mapping[str, str], path: PathT) -> ErrorExpectation:
        if isinstance(raw, str):
            return ErrorExpectation(raw, None, self.doc.location(path))
        return ErrorExpectation(raw["code"], raw.get("message_contains"), self.doc.location(path))
