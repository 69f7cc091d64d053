"""CASES: read a case file (``*.cases.yaml``), check it against its ruleset, build frozen cases."""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from ._load import Document, PathT, iter_schema_errors, json_path, read_document
from ._model import Outcome, Recommendation
from ._ruleset import Ruleset, load
from .errors import (
    CaseError,
    CasesInvalid,
    Diagnostic,
    Location,
    ParameterError,
    RulesetInvalid,
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
#: The schema case files are checked against, shipped beside the ruleset schema.
CASES_SCHEMA = "cases.schema.json"
#: In ``expect``, a school or indicator key that stands for every one the case does not name.
WILDCARD = "*"
#: A bare number in ``value`` is compared with this relative tolerance: float noise only.
RELATIVE_TOLERANCE = 1e-9
#: The suffix that marks case files, and the one of the ruleset found beside them by default.
SUFFIXES = ((".cases.yaml", ".yaml"), (".cases.yml", ".yml"))


@attrs.frozen
class Approx:
    """An expected number: within ``tolerance`` (absolute), or equal up to float noise."""

    expected: float
    tolerance: float | None = None

    def matches(self, actual: object) -> bool:
        """Whether an actual finding value is close enough."""
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        if self.tolerance is None:
            return math.isclose(actual, self.expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)
        # 25.0 is within 0.1 of 25.1 although the float difference is 0.10000000000000142.
        slack = self.tolerance * (1 + RELATIVE_TOLERANCE) + 1e-12
        return abs(actual - self.expected) <= slack

    def __str__(self) -> str:
        shown = _number(self.expected)
        return shown if self.tolerance is None else f"{shown} ± {_number(self.tolerance)}"


@attrs.frozen
class RecommendationCheck:
    """One expected recommendation: every named part must hold for one actual recommendation."""

    to: str | None = None
    text: str | None = None
    text_contains: str | None = None

    def matches(self, actual: Recommendation) -> bool:
        """Whether an actual recommendation fits."""
        return (
            (self.to is None or actual.to == self.to)
            and (self.text is None or actual.text == self.text)
            and (self.text_contains is None or self.text_contains in actual.text)
        )

    def __str__(self) -> str:
        parts = [f"to {self.to}"] if self.to is not None else []
        if self.text is not None:
            parts.append(f"text {self.text!r}")
        if self.text_contains is not None:
            parts.append(f"text contains {self.text_contains!r}")
        return ", ".join(parts)


#: What one field of an expectation may hold once read.
Expected: TypeAlias = str | float | bool | Outcome | Approx | tuple[RecommendationCheck, ...] | None


@attrs.frozen
class Check:
    """One named field of an expected finding, and where the case file says it."""

    field: str
    expected: Expected
    location: Location = Location()


@attrs.frozen
class Expectation:
    """What one school's finding for one indicator must be; ``*`` stands for the others."""

    school: str
    indicator: str
    checks: tuple[Check, ...] = ()
    location: Location = Location()

    @property
    def subject(self) -> str:
        """``school 023 iom_low_share``, as failure lines name it."""
        school = "every other school" if self.school == WILDCARD else f"school {self.school}"
        indicator = "every other indicator" if self.indicator == WILDCARD else self.indicator
        return f"{school} {indicator}"


@attrs.frozen
class ErrorExpectation:
    """The evaluation must be refused with this error code (and a message containing a text)."""

    code: str
    message_contains: str | None = None
    location: Location = Location()


#: Facts of a case: a path (resolved against the case file) or rows as written.
CaseFacts: TypeAlias = str | tuple[Mapping[str, Any], ...]


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

    @property
    def snapshot_name(self) -> str:
        """The snapshot's file name: the case name with anything unsafe in a path replaced."""
        slug = re.sub(r"[^\w.-]+", "-", self.name).strip("-.")
        return f"{slug or 'case'}.json"

    def expectation_for(self, school: str, indicator: str) -> Expectation | None:
        """The expectation that applies to a finding: the most specific one, else None."""
        by_key = {(e.school, e.indicator): e for e in self.expectations}
        named_school = any(e.school == school for e in self.expectations)
        school_key = school if named_school else WILDCARD
        return by_key.get((school_key, indicator)) or by_key.get((school_key, WILDCARD))


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


def load_cases(path: str | os.PathLike[str]) -> CaseFile:
    """Read and check a case file and load its ruleset.

    Raises CasesInvalid listing every problem of the case file, or RulesetInvalid when the
    ruleset it names is itself invalid.
    """
    file = os.fspath(path)
    try:
        doc = read_document(file)
    except RulesetInvalid as group:
        raise _invalid(file, group.diagnostics) from None
    problems = [e.diagnostic for e in doc.problems]
    schema_problems = [e.diagnostic for e in iter_schema_errors(doc, CASES_SCHEMA)]
    if schema_problems:
        # The document does not have the shape the checks below walk; more would be noise.
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


class _Reader:
    """Builds cases from a schema-valid document, collecting problems with their locations."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.base = Path(doc.file).parent
        self.problems: list[Diagnostic] = []

    def error(self, code: str, message: str, path: PathT, *, key: bool = False) -> None:
        self.problems.append(Diagnostic(code, message, self.doc.location(path, key=key)))

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
        if not target.is_file():
            self.error(
                "missing-file",
                f"the ruleset {written!r} does not exist (looked for {os.fspath(target)!r}, "
                "relative to the case file)",
                ("ruleset",) if "ruleset" in self.data else (),
            )
            return None
        return load(target)

    def facts(self, value: Any, path: PathT) -> CaseFacts | None:
        if isinstance(value, str):
            target = self.base / value
            if not target.is_file():
                self.error(
                    "missing-file",
                    f"the facts file {value!r} does not exist (looked for "
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
        default_params: dict[str, Any] = self.data.get("params", {})
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
            expectations = [
                self.expectation(ruleset, school, indicator, spec, (*path, "expect"))
                for school, by_indicator in raw.get("expect", {}).items()
                for indicator, spec in by_indicator.items()
            ]
            cases.append(
                Case(
                    name=name,
                    file=self.doc.file,
                    facts=facts,
                    params=params,
                    period=raw.get("period"),
                    expectations=tuple(expectations),
                    error=error,
                    snapshot=raw.get("snapshot", False),
                    description=raw.get("description", ""),
                    location=self.doc.location(path),
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

    def expectation(
        self, ruleset: Ruleset, school: str, indicator: str, spec: Mapping[str, Any], path: PathT
    ) -> Expectation:
        here: PathT = (*path, school, indicator)
        spec_ = ruleset.indicators.get(indicator)
        if spec_ is None and indicator != WILDCARD:
            known = list(ruleset.indicators)
            self.error(
                "unknown-indicator",
                f"the ruleset has no indicator {indicator!r}{_suggest(indicator, known)} "
                f"(indicators: {', '.join(known)}; or '*' for every other one)",
                here,
                key=True,
            )
        checks = []
        for field, raw in spec.items():
            where: PathT = (*here, field)
            expected: Expected = raw
            if field == "outcome":
                expected = Outcome(raw)
            elif field == "value" and isinstance(raw, Mapping):
                expected = Approx(raw["approx"], raw.get("tolerance"))
            elif field == "value" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
                expected = Approx(raw)
            elif field == "recommendations":
                expected = tuple(
                    self.recommendation(ruleset, item, (*where, i)) for i, item in enumerate(raw)
                )
            elif field == "level" and raw is not None:
                levels = [level.id for level in ruleset.levels]
                if raw not in levels:
                    self.error(
                        "unknown-level",
                        f"{json_path(where)} is {raw!r}, not a level of the ruleset"
                        f"{_suggest(raw, levels)} (levels: {', '.join(levels)})",
                        where,
                    )
            elif (
                field == "band"
                and spec_ is not None
                and raw is not None
                and raw >= len(spec_.bands)
            ):
                self.error(
                    "bad-band",
                    f"{json_path(where)} is {raw}, but indicator {indicator!r} has "
                    f"{len(spec_.bands)} band(s), numbered from 0",
                    where,
                )
            checks.append(Check(field, expected, self.doc.location(where, key=True)))
        return Expectation(school, indicator, tuple(checks), self.doc.location(here, key=True))

    def recommendation(
        self, ruleset: Ruleset, raw: Mapping[str, str], path: PathT
    ) -> RecommendationCheck:
        to = raw.get("to")
        addressees = list(ruleset.compiled.addressees)
        if to is not None and to not in addressees:
            self.error(
                "unknown-addressee",
                f"{json_path((*path, 'to'))} is {to!r}, not an addressee of the ruleset"
                f"{_suggest(to, addressees)} (addressees: {', '.join(addressees)})",
                (*path, "to"),
            )
        return RecommendationCheck(to, raw.get("text"), raw.get("text_contains"))


def _suggest(name: str, options: list[str]) -> str:
    hint = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def _number(value: float) -> str:
    return repr(value)
