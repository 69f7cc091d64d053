"""The front door: load a ruleset once (parse, validate, compile) and evaluate it over facts."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._compile._compiler import compile_document
from pdrs_rules._compile._params import resolve_params
from pdrs_rules._facts._frames import ArrowTable
from pdrs_rules._facts._periods import RunPeriods, choose_periods, raise_deferred, read_source
from pdrs_rules._facts._table import FactsStream, FactsTable, OutOfBounds, iter_facts, load_facts
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
)
from pdrs_rules.errors import (
    Diagnostic,
    FormulaError,
    Location,
    RulesetError,
    RulesetInvalid,
    Severity,
)
from pdrs_rules.report import Report, RulesetInfo

from ._evaluate import Evaluator
from ._progress import counted

if TYPE_CHECKING:
    from ._run import RunStream

#: What ``evaluate`` accepts as facts: a facts file, a table read earlier, a pandas, polars or
#: pyarrow table (anything with an Arrow stream), or rows of data; or several facts files, one
#: per period: a mapping of period to file (or table, or rows), or a list of files that carry
#: their periods in their period column.
FactsSource = (
    str
    | os.PathLike[str]
    | FactsTable
    | ArrowTable
    | Iterable[School | Mapping[Any, Any]]
    | Mapping[str, Any]
    | Sequence[str | os.PathLike[str]]
)


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

    @checked
    def resolve_params(
        self, overrides: Mapping[str, object] | None = None
    ) -> dict[str, ParamValue]:
        """Defaults with overrides applied; strings (from the command line) are parsed.

        Raises ParameterError for an unknown name, a value of the wrong type or out of range,
        or a value that would leave some indicator's bands out of order.
        """
        return resolve_params(self.compiled, overrides)

    @checked
    def evaluator(self, params: Mapping[str, object] | None = None) -> Evaluator:
        """The compiled program for a parameter set; compiled once per distinct set."""
        values = self.resolve_params(params)
        # Keyed by repr, not by value: 30 == 30.0 == True would share a program, and the type of
        # results (and report.parameters) would depend on which of them ran first.
        key = tuple(sorted((name, repr(value)) for name, value in values.items()))
        evaluator = self._evaluators.get(key)
        if evaluator is None:
            evaluator = Evaluator(self.compiled, values)
            self._evaluators[key] = evaluator
        return evaluator

    # -- facts and evaluation --------------------------------------------------------------------

    @checked
    def read_facts(
        self, path: str | os.PathLike[str] | ArrowTable, *, sheet: str | None = None
    ) -> FactsTable:
        """Read a facts file (CSV, JSON, YAML or XLSX) against this ruleset's fact declarations.

        Of a workbook the ``sheet`` named is read, the first if None. A pandas, polars or
        pyarrow table is checked like a file: its column names are headers or fact ids, and
        None, NaN, NaT and ``pd.NA`` are no data.
        """
        if not isinstance(path, (str, os.PathLike)):
            return self._read(path)
        return load_facts(
            path,
            self.facts,
            self.entity,
            out_of_bounds=self._policy,
            sheet=sheet,
            markers=self.compiled.markers,
        )

    def stream_facts(
        self, path: str | os.PathLike[str], *, sheet: str | None = None
    ) -> FactsStream:
        """Check a facts file whole, then build its schools one at a time (two passes).

        The problems of the file are raised (``FactsInvalid``) before the first school; the
        stream's ``warnings`` are those :meth:`read_facts` would give. For large runs whose
        schools need not all be held: ``evaluator(params).findings(school)`` for each.
        """
        return iter_facts(
            path,
            self.facts,
            self.entity,
            out_of_bounds=self._policy,
            sheet=sheet,
            markers=self.compiled.markers,
        )

    def _read(self, facts: FactsSource, *, sheet: str | None = None) -> FactsTable:
        """The facts as one table; several files, one per period, are read one by one."""
        return read_source(
            facts,
            self.facts,
            self.entity,
            out_of_bounds=self._policy,
            sheet=sheet,
            markers=self.compiled.markers,
        )

    def _schools(
        self, facts: FactsSource, *, stream: bool = False, sheet: str | None = None
    ) -> tuple[Iterable[School], tuple[Diagnostic, ...]]:
        """The schools of the facts: of one file, as a stream when ``stream`` is true."""
        if isinstance(facts, FactsStream):
            return facts, facts.warnings
        if stream and isinstance(facts, (str, os.PathLike)):
            stream_of = self.stream_facts(facts, sheet=sheet)
            return stream_of, stream_of.warnings
        table = self._read(facts, sheet=sheet)
        return table.schools, table.warnings

    @property
    def _policy(self) -> OutOfBounds:
        return "warn" if self.compiled.out_of_bounds == "warn" else "error"

    @checked
    def iter_findings(
        self,
        facts: FactsSource,
        *,
        params: Mapping[str, object] | None = None,
        progress: Callable[[int], None] | None = None,
        sheet: str | None = None,
        period: str | None = None,
        all_periods: bool = False,
    ) -> Iterator[Finding]:
        """Findings school by school, without holding them all: for large runs.

        A ruleset with a municipality level (aggregates, conclusions, trends, ``previous()``)
        reads every school first; its findings are then yielded group by group as each group
        is finished: by period, group, school and indicator (use :meth:`evaluate` for the
        conclusions). ``progress``, ``sheet``, ``period`` and ``all_periods`` are as for
        :meth:`evaluate`.
        """
        if self.compiled.is_multilevel:
            stream = self._stream_run(
                facts,
                params=params,
                progress=progress,
                sheet=sheet,
                period=period,
                all_periods=all_periods,
            )
            return (finding for part in stream.parts for finding in part.findings)
        evaluator = self.evaluator(params)
        # A file is checked whole first (FactsInvalid is raised here), then read school by school.
        schools, _ = self._schools(facts, stream=True, sheet=sheet)
        if isinstance(schools, FactsStream):
            known: Iterable[str] = schools.periods
        else:
            schools = list(schools)
            known = (s.period for s in schools)
        default = self.metadata.period
        chosen = choose_periods((p or default for p in known), period, all_periods=all_periods)
        reported = chosen.reported
        kept = (s for s in schools if (s.period or default) in reported)
        return evaluator.iter_findings(counted(kept, progress))

    @checked
    def evaluate(
        self,
        facts: FactsSource,
        *,
        params: Mapping[str, object] | None = None,
        group_facts: FactsSource | None = None,
        progress: Callable[[int], None] | None = None,
        sheet: str | None = None,
        period: str | None = None,
        all_periods: bool = False,
    ) -> Report:
        """Every finding, aggregate, conclusion and score of one reporting period, in a Report.

        ``period`` is the reporting period, the latest of the facts by default; the periods
        before it are history: they feed ``previous()`` and trends and produce no findings,
        no data requests and no conclusions of their own (docs/municipal.md). Periods after it
        are not read. ``all_periods=True`` reports every period up to ``period`` instead.
        A period the facts do not have raises ParameterError (``unknown-period``).

        ``group_facts`` are the facts declared with ``level: group`` (docs/municipal.md): a
        table with one row per group and period. ``progress`` is called with the number of
        schools evaluated so far, every few hundred schools and once at the end; a ruleset
        with a municipality level is called with 0 before its run and then as each group of
        a reported period is finished, with the reported schools done so far. ``sheet`` names
        the sheet to read when ``facts`` is a workbook (.xlsx), the first if None.
        """
        if self.compiled.is_multilevel or group_facts is not None:
            stream = self._stream_run(
                facts,
                params=params,
                group_facts=group_facts,
                progress=progress,
                sheet=sheet,
                period=period,
                all_periods=all_periods,
            )
            parts = list(stream.parts)
            return attrs.evolve(
                stream.head,
                findings=tuple(f for part in parts for f in part.findings),
                conclusions=tuple(f for part in parts for f in part.conclusions),
                aggregates=tuple(a for part in parts for a in part.aggregates),
                scores=tuple(s for part in parts for s in part.scores),
                warnings=tuple(stream.warnings),
            )
        evaluator = self.evaluator(params)
        table, chosen = self._read_run(facts, sheet, period, all_periods=all_periods)
        default = self.metadata.period
        ordered = sorted(
            (s for s in table.schools if (s.period or default) in chosen.reported),
            key=lambda s: (s.period, s.id),
        )
        # A whole table is scored by column where the columnar engine can; the texts are
        # then built row by row, by the same code as for the row engine's results.
        from pdrs_rules._columnar._score import columnar_scores  # noqa: PLC0415 - first use

        raws = columnar_scores(self.compiled, evaluator.params, evaluator.fact_names, ordered)
        if raws is None:
            raws = [None] * len(ordered)
        findings: list[Finding] = []
        for school, raw in zip(counted(ordered, progress), raws, strict=True):
            findings.extend(evaluator.findings(school, raw=raw))
        return self._report(evaluator, findings, table.warnings, chosen)

    def _read_run(
        self, facts: FactsSource, sheet: str | None, period: str | None, *, all_periods: bool
    ) -> tuple[FactsTable, RunPeriods]:
        """The facts of a run, and its periods; a missing column of a reported period raises."""
        table = self._read(facts, sheet=sheet)
        default = self.metadata.period
        chosen = choose_periods(
            (s.period or default for s in table.schools), period, all_periods=all_periods
        )
        raise_deferred(table.deferred, chosen.reported)
        return table, chosen

    def _stream_run(
        self,
        facts: FactsSource,
        *,
        params: Mapping[str, object] | None = None,
        group_facts: FactsSource | None = None,
        progress: Callable[[int], None] | None = None,
        sheet: str | None = None,
        period: str | None = None,
        all_periods: bool = False,
    ) -> RunStream:
        """A run with a municipality level, handed over group by group as each is finished.

        The facts are read and checked first (``FactsInvalid`` is raised here); the run goes
        on as ``parts`` is iterated. Arguments are as for :meth:`evaluate`.
        """
        from ._run import RunStream, counted_parts, iter_run  # noqa: PLC0415 - multi-level only

        evaluator = self.evaluator(params)
        table, chosen = self._read_run(facts, sheet, period, all_periods=all_periods)
        groups: Iterable[School] = ()
        warnings = list(table.warnings)
        if group_facts is not None:
            group_table = self._read_group(group_facts)
            raise_deferred(group_table.deferred, chosen.reported)
            groups = group_table.schools
            warnings += group_table.warnings
        head = self._report(evaluator, (), (), chosen)
        run = iter_run(self.compiled, evaluator.params, table.schools, groups, chosen)
        return RunStream(head, counted_parts(run, warnings, progress), warnings)

    def _report(
        self,
        evaluator: Evaluator,
        findings: Iterable[Finding],
        warnings: tuple[Diagnostic, ...],
        chosen: RunPeriods,
        **results: Any,
    ) -> Report:
        return Report(
            self.info(),
            evaluator.params,
            tuple(findings),
            warnings,
            period=chosen.period,
            history=chosen.history,
            **results,
        )

    def _read_group(self, facts: FactsSource) -> FactsTable:
        """Group facts: read like school facts, with the group's columns as the entity's."""
        group = self.compiled.group
        specs = {f.name: f for f in self.compiled.group_facts}
        entity = EntitySpec(
            title=group.title,
            id_column=group.id_column or "id",
            name_column=group.name_column or "name",
            period_column=self.entity.period_column,
        )
        return read_source(
            facts, specs, entity, out_of_bounds=self._policy, markers=self.compiled.markers
        )

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
            entity_forms=self.entity.forms,
            entity_dative_plural=self.entity.dative_plural,
            entity_head=self.entity.head,
            group_title=compiled.group.title,
        )


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


@checked
def load(path: str | os.PathLike[str]) -> Ruleset:
    """Read, validate and compile a ruleset file; raise RulesetInvalid listing every problem.

    A ruleset with ``extends: base.yaml`` is merged onto its base first (docs/composition.md).
    """
    return _finish_composed(read_composed(path))


@checked
def loads(text: str | bytes, file: str = "<string>") -> Ruleset:
    """Like :func:`load`, from text in memory; ``extends`` is resolved relative to ``file``."""
    return _finish_composed(parse_composed(text, file))


@checked
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
