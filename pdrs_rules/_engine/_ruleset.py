"""The front door: load a ruleset once (parse, validate, compile) and evaluate it over facts."""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from pdrs_rules._compile._bands import check_bands
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._compile._compiler import compile_document
from pdrs_rules._facts._table import (
    ArrowTable,
    FactsStream,
    FactsTable,
    facts_from_rows,
    is_frame,
    iter_facts,
    load_facts,
)
from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._load._compose import Composed, Override, parse_composed, read_composed
from pdrs_rules._model import (
    EntitySpec,
    FactSpec,
    Finding,
    IndicatorSpec,
    Level,
    Metadata,
    ParameterSpec,
    ParamValue,
    School,
    ValueType,
)
from pdrs_rules.errors import (
    Diagnostic,
    FactsError,
    FormulaError,
    Location,
    ParameterError,
    RulesetError,
    RulesetInvalid,
    Severity,
)
from pdrs_rules.report import Report, RulesetInfo

from ._evaluate import Evaluator
from ._progress import counted

#: What ``evaluate`` accepts as facts: a facts file, a table read earlier, a pandas, polars or
#: pyarrow table (anything with an Arrow stream), or rows of data.
FactsSource = (
    str | os.PathLike[str] | FactsTable | ArrowTable | Iterable[School | Mapping[Any, Any]]
)

_TRUE = {"true", "да", "yes", "1", "+"}
#: How messages name facts given as a table of a data library.
_TABLE = "<table>"
_FALSE = {"false", "нет", "no", "0", "-"}


@attrs.frozen
class Ruleset:
    """A compiled, immutable ruleset: get one from :func:`load`, then call :meth:`evaluate`."""

    compiled: CompiledRuleset = attrs.field(repr=False)
    #: Warnings found while checking (they do not stop loading).
    warnings: tuple[Diagnostic, ...] = ()
    #: What this ruleset changes in the base it ``extends`` (see docs/composition.md).
    overrides: tuple[Override, ...] = ()
    #: The files it was read from: the loaded one first, then its bases.
    files: tuple[str, ...] = ()
    _evaluators: dict[tuple[tuple[str, ParamValue], ...], Evaluator] = attrs.field(
        factory=dict, repr=False, eq=False, hash=False
    )

    @property
    def file(self) -> str:
        """The file the ruleset was read from."""
        return self.compiled.file

    @property
    def metadata(self) -> Metadata:
        """Identity of the ruleset: id, title, version, period, issuer, source, locale."""
        return self.compiled.metadata

    @property
    def id(self) -> str:
        """The ruleset's id."""
        return self.compiled.metadata.id

    @property
    def version(self) -> str:
        """The ruleset's version."""
        return self.compiled.metadata.version

    @property
    def entity(self) -> EntitySpec:
        """How schools are identified in facts tables."""
        return self.compiled.entity

    @property
    def facts(self) -> Mapping[str, FactSpec]:
        """Declared facts by name."""
        return {f.name: f for f in self.compiled.facts}

    @property
    def parameters(self) -> Mapping[str, ParameterSpec]:
        """Declared parameters by name."""
        return {p.name: p for p in self.compiled.parameters}

    @property
    def indicators(self) -> Mapping[str, IndicatorSpec]:
        """Declared indicators by id, in the author's order."""
        by_id = {i.id: i for i in self.compiled.indicators}
        return {ident: by_id[ident] for ident in self.compiled.declared_order}

    @property
    def levels(self) -> tuple[Level, ...]:
        """Levels from worst to best."""
        return self.compiled.levels

    # -- parameters ------------------------------------------------------------------------------

    def resolve_params(
        self, overrides: Mapping[str, object] | None = None
    ) -> dict[str, ParamValue]:
        """Defaults with overrides applied; strings (from the command line) are parsed.

        Raises ParameterError for an unknown name, a value of the wrong type or out of range,
        or a value that would leave some indicator's bands out of order.
        """
        specs = self.parameters
        values: dict[str, ParamValue] = {name: spec.default for name, spec in specs.items()}
        for name, raw in (overrides or {}).items():
            spec = specs.get(name)
            if spec is None:
                hint = difflib.get_close_matches(name, list(specs), n=1)
                tail = lookalike_hint(name, list(specs)) or (
                    f"; did you mean {hint[0]!r}?" if hint else ""
                )
                known = ", ".join(specs) or "none"
                raise ParameterError.make(
                    "unknown-parameter",
                    f"the ruleset has no parameter {name!r}{tail} (parameters: {known})",
                )
            values[name] = _coerce_param(spec, raw)
        for indicator in self.compiled.indicators:
            problems = check_bands(indicator, values, specs, self.compiled.levels)
            if problems:
                problem = problems[0]
                raise ParameterError.make(
                    problem.code,
                    f"with these parameter values the bands of indicator "
                    f"{indicator.id!r} are broken: {problem.message}",
                    indicator.location,
                )
        return values

    def evaluator(self, params: Mapping[str, object] | None = None) -> Evaluator:
        """The compiled program for a parameter set; compiled once per distinct set."""
        values = self.resolve_params(params)
        key = tuple(sorted(values.items()))
        evaluator = self._evaluators.get(key)
        if evaluator is None:
            evaluator = Evaluator(self.compiled, values)
            self._evaluators[key] = evaluator
        return evaluator

    # -- facts and evaluation --------------------------------------------------------------------

    def read_facts(
        self, path: str | os.PathLike[str] | ArrowTable, *, sheet: str | None = None
    ) -> FactsTable:
        """Read a facts file (CSV, JSON, YAML or XLSX) against this ruleset's fact declarations.

        Of a workbook the ``sheet`` named is read, the first if None. A pandas, polars or
        pyarrow table is checked like a file: its column names are headers or fact ids, and
        None, NaN, NaT and ``pd.NA`` are no data.
        """
        policy = _policy(self.compiled.out_of_bounds)
        if is_frame(path):
            from pdrs_rules._facts._frames import frame_rows  # noqa: PLC0415 - first use

            return facts_from_rows(
                frame_rows(path), self.facts, self.entity, file=_TABLE, out_of_bounds=policy
            )
        assert isinstance(path, (str, os.PathLike))  # noqa: S101 - a table is handled above
        return load_facts(path, self.facts, self.entity, out_of_bounds=policy, sheet=sheet)

    def _stream_facts(
        self, path: str | os.PathLike[str], *, sheet: str | None = None
    ) -> FactsStream:
        """Check a facts file whole, then build its schools one at a time (two passes)."""
        policy = _policy(self.compiled.out_of_bounds)
        return iter_facts(path, self.facts, self.entity, out_of_bounds=policy, sheet=sheet)

    def _schools(
        self, facts: FactsSource, *, stream: bool = False, sheet: str | None = None
    ) -> tuple[Iterable[School], tuple[Diagnostic, ...]]:
        if isinstance(facts, FactsTable):
            return facts.schools, facts.warnings
        if isinstance(facts, FactsStream):
            return facts, facts.warnings
        if is_frame(facts):
            table = self.read_facts(facts)
            return table.schools, table.warnings
        if isinstance(facts, (str, os.PathLike)):
            if stream:
                stream_of = self._stream_facts(facts, sheet=sheet)
                return stream_of, stream_of.warnings
            table = self.read_facts(facts, sheet=sheet)
            return table.schools, table.warnings
        assert not isinstance(facts, ArrowTable)  # noqa: S101 - a table is handled above
        rows = list(facts)
        if all(isinstance(row, School) for row in rows):
            schools = [row for row in rows if isinstance(row, School)]
            for school in schools:
                self._check_school(school)
            return schools, ()
        table = facts_from_rows(
            [_row_of(row) for row in rows],
            self.facts,
            self.entity,
            out_of_bounds=_policy(self.compiled.out_of_bounds),
        )
        return table.schools, table.warnings

    def _check_school(self, school: School) -> None:
        for name, spec in self.facts.items():
            value = school.facts.get(name)
            if value is not None and not _fits(spec.type, value):
                raise FactsError.make(
                    "bad-cell",
                    f"school {school.id!r}: fact {name!r} is {value!r}; expected {spec.type.value}",
                    school.location,
                )

    def iter_findings(
        self,
        facts: FactsSource,
        *,
        params: Mapping[str, object] | None = None,
        progress: Callable[[int], None] | None = None,
        sheet: str | None = None,
    ) -> Iterator[Finding]:
        """Findings school by school, without holding them all: for large runs.

        A ruleset with a municipality level (aggregates, conclusions, trends, ``previous()``)
        needs every school before it can finish any; its school findings are computed whole
        and then yielded (use :meth:`evaluate` for the conclusions). ``progress`` is as for
        :meth:`evaluate`, and so is ``sheet``.
        """
        if self.compiled.is_multilevel:
            report = self.evaluate(facts, params=params, progress=progress, sheet=sheet)
            return iter(report.findings)
        evaluator = self.evaluator(params)
        # A file is checked whole first (FactsInvalid is raised here), then read school by school.
        schools, _ = self._schools(facts, stream=True, sheet=sheet)
        return evaluator.iter_findings(counted(schools, progress))

    def evaluate(
        self,
        facts: FactsSource,
        *,
        params: Mapping[str, object] | None = None,
        group_facts: FactsSource | None = None,
        progress: Callable[[int], None] | None = None,
        sheet: str | None = None,
    ) -> Report:
        """Every finding, aggregate, conclusion and score, sorted, in a :class:`Report`.

        ``group_facts`` are the facts declared with ``level: group`` (docs/municipal.md): a
        table with one row per group and period. ``progress`` is called with the number of
        schools evaluated so far, every few hundred schools and once at the end; a ruleset
        with a municipality level evaluates all its schools in one run, so it is called
        with 0 before that run and with the number of schools after it. ``sheet`` names
        the sheet to read when ``facts`` is a workbook (.xlsx), the first if None.
        """
        evaluator = self.evaluator(params)
        schools, warnings = self._schools(facts, sheet=sheet)
        if not self.compiled.is_multilevel and group_facts is None:
            findings: list[Finding] = []
            ordered = sorted(schools, key=lambda s: (s.period, s.id))
            # A whole table is scored by column where the columnar engine can; the texts are
            # then built row by row, by the same code as for the row engine's results.
            from pdrs_rules._columnar._score import columnar_scores  # noqa: PLC0415 - first use

            raws = columnar_scores(
                self.compiled, evaluator.params, evaluator.fact_names, ordered
            ) or [None] * len(ordered)
            for school, raw in zip(counted(ordered, progress), raws, strict=True):
                findings.extend(evaluator.findings(school, raw=raw))
            return Report(self.info(), evaluator.params, tuple(findings), warnings)
        from ._run import run  # noqa: PLC0415 - only multi-level rulesets need it

        groups: Iterable[School] = ()
        if group_facts is not None:
            groups, group_warnings = self._group_schools(group_facts)
            warnings = (*warnings, *group_warnings)
        schools = list(schools)
        if progress is not None:
            progress(0)
        result = run(self.compiled, evaluator.params, schools, groups)
        if progress is not None:
            progress(len(schools))
        warnings = (
            *warnings,
            *(
                Diagnostic(
                    "unused-group-row",
                    f"group {row.id!r}"
                    + (f" in period {row.period!r}" if row.period else "")
                    + " has no schools in the facts; its group facts are not used",
                    row.location,
                    Severity.WARNING,
                )
                for row in result.unused_group_rows
            ),
        )
        return Report(
            self.info(),
            evaluator.params,
            result.findings,
            warnings,
            conclusions=result.conclusions,
            aggregates=result.aggregates,
            scores=result.scores,
        )

    def _group_schools(self, facts: FactsSource) -> tuple[Iterable[School], tuple[Diagnostic, ...]]:
        """Group facts: read like school facts, with the group's columns as the entity's."""
        group = self.compiled.group
        specs = {f.name: f for f in self.compiled.group_facts}
        entity = EntitySpec(
            title=group.title,
            id_column=group.id_column or "id",
            name_column=group.name_column or "name",
            period_column=self.entity.period_column,
        )
        policy = _policy(self.compiled.out_of_bounds)
        if isinstance(facts, FactsTable):
            return facts.schools, facts.warnings
        if isinstance(facts, (str, os.PathLike)):
            table = load_facts(facts, specs, entity, out_of_bounds=policy)
            return table.schools, table.warnings
        if is_frame(facts):
            from pdrs_rules._facts._frames import frame_rows  # noqa: PLC0415 - first use

            table = facts_from_rows(
                frame_rows(facts), specs, entity, file=_TABLE, out_of_bounds=policy
            )
            return table.schools, table.warnings
        assert not isinstance(facts, ArrowTable)  # noqa: S101 - a table is handled above
        rows = [_row_of(row) for row in facts]
        table = facts_from_rows(rows, specs, entity, out_of_bounds=policy)
        return table.schools, table.warnings

    def info(self) -> RulesetInfo:
        """The ruleset identity and titles a report carries."""
        meta = self.metadata
        compiled = self.compiled
        school_trends = tuple((t.id, t.title) for t in compiled.trends if t.scope == "school")
        group_trends = tuple((t.id, t.title) for t in compiled.trends if t.scope == "group")
        by_id = {c.id: c for c in compiled.conclusions}
        return RulesetInfo(
            id=meta.id,
            version=meta.version,
            title=meta.title,
            period=meta.period,
            indicators=tuple((i.id, i.title) for i in self.indicators.values()) + school_trends,
            levels=tuple((level.id, level.title) for level in self.levels),
            conclusions=tuple((i, by_id[i].title) for i in compiled.conclusion_order)
            + group_trends,
            aggregates=tuple((a.id, a.title) for a in compiled.aggregates),
            entity_title=self.entity.title,
            group_title=compiled.group.title,
        )


def _row_of(row: School | Mapping[Any, Any]) -> Mapping[Any, Any]:
    if isinstance(row, School):
        return {"id": row.id, "name": row.name, "period": row.period, **row.facts}
    return row


def _policy(value: str) -> Any:
    return "warn" if value == "warn" else "error"


def _fits(kind: ValueType, value: object) -> bool:
    if kind is ValueType.BOOLEAN:
        return isinstance(value, bool)
    if kind is ValueType.STRING:
        return isinstance(value, str)
    if isinstance(value, bool):
        return False
    if kind is ValueType.INTEGER:
        return isinstance(value, int) and abs(value) <= 10**15
    return isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= 1e15


def _coerce_param(spec: ParameterSpec, raw: object) -> ParamValue:
    value: object = raw
    if isinstance(raw, str) and spec.type is not ValueType.STRING:
        text = raw.strip().replace(",", ".")
        try:
            if spec.type is ValueType.BOOLEAN:
                lowered = text.casefold()
                value = True if lowered in _TRUE else False if lowered in _FALSE else raw
            elif spec.type is ValueType.INTEGER:
                value = int(text)
            else:
                value = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            value = raw
    if not _fits(spec.type, value):
        raise ParameterError.make(
            "bad-parameter",
            f"parameter {spec.name!r} ({spec.title}) got {raw!r}; expected {spec.type.value}",
            spec.location,
        )
    assert isinstance(value, (int, float, bool, str))  # noqa: S101 - _fits narrowed it
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and (
            (spec.minimum is not None and value < spec.minimum)
            or (spec.maximum is not None and value > spec.maximum)
        )
    ):
        raise ParameterError.make(
            "bad-parameter",
            f"parameter {spec.name!r} got {value!r}, "
            f"outside its range [{spec.minimum}, {spec.maximum}]",
            spec.location,
        )
    return value


def _finish(compiled: CompiledRuleset | None, diagnostics: list[Diagnostic], file: str) -> Ruleset:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors or compiled is None:
        raise RulesetInvalid(f"{file}: {len(errors)} problem(s)", [_error_of(d) for d in errors])
    return Ruleset(compiled, tuple(sorted((d for d in diagnostics), key=Diagnostic.sort_key)))


def _finish_composed(composed: Composed) -> Ruleset:
    compiled, diagnostics = compile_document(composed.document)
    diagnostics = [*diagnostics, *composed.warnings]
    ruleset = _finish(compiled, diagnostics, composed.document.file)
    return attrs.evolve(ruleset, overrides=composed.overrides, files=composed.files)


def _error_of(diagnostic: Diagnostic) -> RulesetError:
    # The path says where the problem was written; a formula's problems are FormulaErrors.
    is_formula = diagnostic.location.path.endswith(".formula")
    return (FormulaError if is_formula else RulesetError)(diagnostic)


def load(path: str | os.PathLike[str]) -> Ruleset:
    """Read, validate and compile a ruleset file; raise RulesetInvalid listing every problem.

    A ruleset with ``extends: base.yaml`` is merged onto its base first (docs/composition.md).
    """
    return _finish_composed(read_composed(path))


def loads(text: str | bytes, file: str = "<string>") -> Ruleset:
    """Like :func:`load`, from text in memory; ``extends`` is resolved relative to ``file``."""
    return _finish_composed(parse_composed(text, file))


def check(path: str | os.PathLike[str], lang: str = "en") -> list[Diagnostic]:
    """Every problem (errors and warnings) of a ruleset file, sorted by location; never raises.

    For a ruleset that ``extends`` another, what it overrides, adds and removes comes too,
    as notes (Severity.NOTE, codes ``override``, ``add``, ``remove``).
    ``lang="ru"`` gives the messages in Russian (docs/messages.md); codes stay the same.
    """
    try:
        composed = read_composed(path)
    except RulesetInvalid as group:
        return [d.localized(lang) for d in group.diagnostics]
    _, diagnostics = compile_document(composed.document)
    notes = [override.diagnostic() for override in composed.overrides]
    found = sorted([*diagnostics, *composed.warnings, *notes], key=Diagnostic.sort_key)
    return [d.localized(lang) for d in found]


__all__ = ["FactsSource", "Ruleset", "check", "load", "loads"]
_ = Location
