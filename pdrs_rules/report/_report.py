"""The Report of one run: findings, aggregates, conclusions and scores, as JSON and text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._i18n._russian import entity_count, format_count, format_number
from pdrs_rules._model import AggregateResult, Finding, Outcome, ParamValue, Score
from pdrs_rules.errors import Diagnostic

from ._csv import (
    CSV_COLUMNS,
    EXCEL_HEADERS,
    csv_text,
    excel_csv_text,
    excel_finding_row,
    finding_row,
)
from ._records import (
    FindingDicts,
    aggregate_from_dict,
    aggregate_to_dict,
    finding_from_dict,
    finding_to_dict,
    objects,
    score_from_dict,
    score_to_dict,
    text,
    texts,
)

if TYPE_CHECKING:
    from ._frames import Backend, FrameKind

__all__ = [
    "FORMAT",
    "OUTCOME_TITLES",
    "Report",
    "RulesetInfo",
    "param_text",
    "report_periods",
    "status_title",
]

#: The identifier of the findings document format; bumped on incompatible changes.
FORMAT = "pdrs-rules/findings/1"


def _pairs(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(map(tuple, value))  # type: ignore[arg-type]


def _titles(info: Mapping[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    return tuple((text(i, "id"), text(i, "title")) for i in objects(info, key))


@checked
def status_title(finding: Finding, level_titles: Mapping[str, str]) -> str:
    """The level's title of an evaluated finding, else its outcome.

    The title of the band (or trend rule) that matched follows the level's: «норма, без
    изменений», «требует внимания, низкий»; empty for a finding with neither.
    """
    if finding.outcome is not Outcome.EVALUATED:
        return OUTCOME_TITLES[finding.outcome]
    level = level_titles.get(finding.level, finding.level) if finding.level else ""
    matched = finding.band.title if finding.band is not None else ""
    return ", ".join(part for part in (level, matched) if part)


@checked
def report_periods(report: Report) -> tuple[str, ...]:
    """The periods of a report's findings and conclusions, in order (periods sort as strings)."""
    return tuple(sorted({f.period for f in (*report.findings, *report.conclusions)}))


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class RulesetInfo:
    """What a report was computed with: the ruleset's identity and the titles renderers show."""

    id: str
    version: str
    title: str = ""
    period: str = ""
    #: (indicator id, title) in the author's order.
    indicators: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    #: (level id, title) from worst to best.
    levels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    #: (conclusion or group trend id, title) in the author's order.
    conclusions: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    #: (aggregate id, title) in the author's order.
    aggregates: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    #: What the entities and their group are called: ``ОО`` and ``МО`` by default.
    entity_title: str = "ОО"
    group_title: str = "МО"
    #: The entity's title with numbers, its dative plural and whom it addresses (``EntitySpec``).
    entity_forms: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    entity_dative_plural: str = ""
    entity_head: str = "руководителю"

    def entity_count(self, n: float) -> str:
        """``12 ОО``, ``1 школа``, ``5 школ``."""
        return entity_count(n, self.entity_title, self.entity_forms)

    @property
    def entity_dative(self) -> str:
        """«по школам»: the dative plural of the entity's title (the title when undeclined)."""
        return self.entity_dative_plural or self.entity_title


def _params(value: Mapping[str, ParamValue]) -> Mapping[str, ParamValue]:
    return dict(sorted(value.items()))


#: Outcomes as people read them, in the order the summary lists them.
OUTCOME_TITLES = {
    Outcome.EVALUATED: "оценено",
    Outcome.NO_DATA: "нет данных",
    Outcome.NOT_APPLICABLE: "не применимо",
    Outcome.OUT_OF_RANGE: "вне допустимого диапазона",
    Outcome.INSUFFICIENT_HISTORY: "недостаточно данных за прошлые периоды",
}


@attrs.frozen
class Report:
    """Findings for every school × indicator, sorted by period, school and indicator order."""

    ruleset: RulesetInfo
    parameters: Mapping[str, ParamValue] = attrs.field(factory=dict, converter=_params, hash=False)
    findings: tuple[Finding, ...] = ()
    #: Warnings met while reading the facts (unknown columns, values out of bounds).
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)
    #: Group-level findings: conclusions and group trends (docs/municipal.md).
    conclusions: tuple[Finding, ...] = ()
    #: One record per aggregate, group and period.
    aggregates: tuple[AggregateResult, ...] = ()
    #: Points totalled per school and per group and period.
    scores: tuple[Score, ...] = ()
    #: The reporting period of the run ("" when unknown, e.g. a report built by hand).
    period: str = ""
    #: The periods before it that the run read as history: they fed ``previous()`` and
    #: trends, and have no findings in the report.
    history: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def __attrs_post_init__(self) -> None:
        # The documented order, whatever order the findings were given in: period, school,
        # then the ruleset's indicator order (unknown indicators last, by id). sorted() is
        # stable, so findings that tie keep their relative order.
        object.__setattr__(self, "findings", _ordered(self.findings, self.ruleset.indicators))
        object.__setattr__(
            self, "conclusions", _ordered(self.conclusions, self.ruleset.conclusions)
        )
        rank = {ident: i for i, (ident, _) in enumerate(self.ruleset.aggregates)}
        object.__setattr__(
            self,
            "aggregates",
            tuple(
                sorted(
                    self.aggregates,
                    key=lambda a: (
                        a.period,
                        a.group_id,
                        rank.get(a.aggregate, len(rank)),
                        a.aggregate,
                    ),
                )
            ),
        )
        object.__setattr__(
            self,
            "scores",
            tuple(sorted(self.scores, key=lambda s: (s.period, s.scope != "group", s.entity_id))),
        )

    def counts(self) -> dict[str, int]:
        """How many findings have each outcome, and each level among the evaluated ones."""
        counter: Counter[str] = Counter(f.outcome.value for f in self.findings)
        counter.update(f"level:{f.level}" for f in self.findings if f.level)
        return dict(sorted(counter.items()))

    @checked
    def worst_rank(self, level_ids: Sequence[str]) -> int | None:
        """The rank (0 = worst) of the worst level reached, or None if no finding has a level."""
        rank: dict[str, int] = {}
        for index, level in enumerate(level_ids):
            rank.setdefault(level, index)
        ranks = [rank[f.level] for f in (*self.findings, *self.conclusions) if f.level in rank]
        return min(ranks) if ranks else None

    # -- JSON ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (see docs/findings.md)."""
        document = self._dict_head()
        document["findings"] = [finding_to_dict(f) for f in self.findings]
        document["conclusions"] = [finding_to_dict(f) for f in self.conclusions]
        return document

    def _dict_head(self) -> dict[str, Any]:
        """:meth:`to_dict` without findings and conclusions, which are the bulk of a report."""
        return {
            "format": FORMAT,
            "ruleset": {
                "id": self.ruleset.id,
                "version": self.ruleset.version,
                "title": self.ruleset.title,
                "period": self.ruleset.period,
                "indicators": [{"id": i, "title": t} for i, t in self.ruleset.indicators],
                "levels": [{"id": i, "title": t} for i, t in self.ruleset.levels],
                "conclusions": [{"id": i, "title": t} for i, t in self.ruleset.conclusions],
                "aggregates": [{"id": i, "title": t} for i, t in self.ruleset.aggregates],
                "entity_title": self.ruleset.entity_title,
                "entity_forms": list(self.ruleset.entity_forms),
                "entity_dative_plural": self.ruleset.entity_dative_plural,
                "entity_head": self.ruleset.entity_head,
                "group_title": self.ruleset.group_title,
            },
            "parameters": dict(self.parameters),
            "aggregates": [aggregate_to_dict(a) for a in self.aggregates],
            "scores": [score_to_dict(s) for s in self.scores],
            "period": self.period,
            "history_periods": list(self.history),
        }

    def to_jsonl(self) -> str:
        """One JSON object per line: findings, then conclusions, aggregates and scores.

        School findings are written as by ``--format jsonl`` for single-level rulesets; the
        other lines carry ``"kind"``: ``conclusion``, ``aggregate`` or ``score``.
        """
        return "".join(self.iter_jsonl())

    def iter_jsonl(self) -> Iterator[str]:
        """The lines of :meth:`to_jsonl`, each made as it is asked for."""
        encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
        for finding in self.findings:
            yield encode(finding_to_dict(finding)) + "\n"
        for finding in self.conclusions:
            yield encode({**finding_to_dict(finding), "kind": "conclusion"}) + "\n"
        for aggregate in self.aggregates:
            yield encode({**aggregate_to_dict(aggregate), "kind": "aggregate"}) + "\n"
        for score in self.scores:
            yield encode({**score_to_dict(score), "kind": "score"}) + "\n"

    def to_json(self) -> str:
        """Stable JSON: sorted keys, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def iter_json(self) -> Iterator[str]:
        """The text of :meth:`to_json` in pieces, each finding turned into JSON as it is written.

        Neither the document's data nor its text is ever held whole, so writing a large
        report takes little memory besides the report itself.
        """
        document = self._dict_head()
        document["findings"] = FindingDicts(self.findings)
        document["conclusions"] = FindingDicts(self.conclusions)
        encoder = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True)
        yield from encoder.iterencode(document)
        yield "\n"

    @classmethod
    @checked
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output.

        Raises ValueError for another format or a value of the wrong kind, KeyError for a
        missing key: the document may be a hand-edited file.
        """
        if data.get("format") != FORMAT:
            raise ValueError(
                f"not a pdrs-rules findings document: format is "
                f"{data.get('format')!r}, expected {FORMAT!r}"
            )
        info = data["ruleset"]
        if not isinstance(info, Mapping):
            raise ValueError("'ruleset' is not an object")  # noqa: TRY004 - content, not an argument
        parameters = data.get("parameters", {})
        if not isinstance(parameters, Mapping) or not all(
            isinstance(v, str | int | float | bool) for v in parameters.values()
        ):
            raise ValueError("'parameters' is not an object of names and values")
        return cls(
            ruleset=RulesetInfo(
                id=text(info, "id"),
                version=text(info, "version"),
                title=text(info, "title", ""),
                period=text(info, "period", ""),
                indicators=_titles(info, "indicators"),
                levels=_titles(info, "levels"),
                conclusions=_titles(info, "conclusions"),
                aggregates=_titles(info, "aggregates"),
                entity_title=text(info, "entity_title", "ОО"),
                entity_forms=texts(info, "entity_forms"),
                entity_dative_plural=text(info, "entity_dative_plural", ""),
                entity_head=text(info, "entity_head", "руководителю"),
                group_title=text(info, "group_title", "МО"),
            ),
            parameters=dict(parameters),
            findings=tuple(finding_from_dict(f) for f in objects(data, "findings")),
            conclusions=tuple(finding_from_dict(f) for f in objects(data, "conclusions")),
            aggregates=tuple(aggregate_from_dict(a) for a in objects(data, "aggregates")),
            scores=tuple(score_from_dict(s) for s in objects(data, "scores")),
            period=text(data, "period", ""),
            history=texts(data, "history_periods"),
        )

    @classmethod
    @checked
    def from_json(cls, text: str) -> Report:
        """Rebuild a report from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))

    # -- text ------------------------------------------------------------------------------------

    def to_text(self) -> str:
        """A plain Russian text report: a header, one block per school, a summary line."""
        titles = dict(self.ruleset.indicators)
        lines = [f"{self.ruleset.title} ({self.ruleset.id} {self.ruleset.version})"]
        if self.ruleset.period:
            lines.append(f"Период: {self.ruleset.period}")
        if self.history or (self.period and self.period != self.ruleset.period):
            line = f"Отчётный период: {self.period}"
            if self.history:
                line += f"; предыдущие периоды (история): {', '.join(self.history)}"
            lines.append(line)
        if self.parameters:
            lines.append(
                "Параметры: "
                + ", ".join(f"{k} = {param_text(v)}" for k, v in self.parameters.items())
            )
        scores = {(s.period, s.scope, s.entity_id): s for s in self.scores}
        current: tuple[str, str] | None = None
        for finding in self.findings:
            key = (finding.period, finding.school_id)
            if key != current:
                if current is not None:
                    self._score_line(lines, scores.get((current[0], "school", current[1])))
                current = key
                lines += ["", f"{finding.school_name} (код {finding.school_id}, {finding.period})"]
            self._finding_lines(lines, finding, titles.get(finding.indicator, finding.indicator))
        if current is not None:
            self._score_line(lines, scores.get((current[0], "school", current[1])))
        self._group_lines(lines, scores)
        lines += ["", self._summary()]
        return "\n".join(lines) + "\n"

    def _finding_lines(self, lines: list[str], finding: Finding, title: str) -> None:
        status = status_title(finding, dict(self.ruleset.levels))
        # Without a value there is nothing to show but the outcome.
        shown_value = finding.display if finding.value is not None else ""
        shown = " — ".join(part for part in (shown_value, status) if part)
        line = f"  {title}: {shown}"
        if finding.reason:
            line += f" ({finding.reason})"
        lines.append(line)
        lines.extend(f"    → {rec.to_title}: {rec.text}" for rec in finding.recommendations)

    def _score_line(self, lines: list[str], score: Score | None) -> None:
        if score is None or not score.maximum:
            return  # nothing scored: «0 из 0» would say nothing
        line = f"  Итого баллов: {format_number(score.total)} из {format_number(score.maximum)}"
        if score.percent is not None:
            line += f" ({format_number(score.percent, 1)}%)"
        if score.level is not None:
            line += f" — {dict(self.ruleset.levels).get(score.level, score.level)}"
        lines.append(line)

    def _group_lines(self, lines: list[str], scores: Mapping[tuple[str, str, str], Score]) -> None:
        """One block per group and period: aggregates, then conclusions and their texts."""
        titles = dict(self.ruleset.aggregates)
        blocks: dict[tuple[str, str], tuple[str, list[AggregateResult], list[Finding]]] = {}
        for result in self.aggregates:
            key = (result.period, result.group_id)
            blocks.setdefault(key, (result.group_name, [], []))[1].append(result)
        for finding in self.conclusions:
            key = (finding.period, finding.school_id)
            blocks.setdefault(key, (finding.school_name, [], []))[2].append(finding)
        group_title = self.ruleset.group_title
        conclusion_titles = dict(self.ruleset.conclusions)
        for (period, group_id), (name, results, findings) in sorted(blocks.items()):
            lines += ["", f"{group_title}: {name} (код {group_id}, {period})"]
            for result in results:
                line = f"  {titles.get(result.aggregate, result.aggregate)}: {result.display}"
                counted = self.ruleset.entity_count(result.counted)
                notes = [f"учтено {counted}"]
                if result.excluded:
                    notes.append(f"исключено {len(result.excluded)}")
                line += f" ({'; '.join(notes)})"
                # Listing every counted school (a pooled share, a sum) repeats the school blocks.
                if result.matched and len(result.matched) < result.counted:
                    line += ": " + ", ".join(
                        f"{s.school_name} ({s.display})" if s.display else s.school_name
                        for s in result.matched
                    )
                lines.append(line)
            for finding in findings:
                title = conclusion_titles.get(finding.indicator, finding.indicator)
                self._finding_lines(lines, finding, title)
            self._score_line(lines, scores.get((period, "group", group_id)))

    def _summary(self) -> str:
        """«Итого: 108 результатов: оценено — 106, нет данных — 2; требует внимания — 27, …»."""
        total = format_count(len(self.findings), "результат", "результата", "результатов")
        outcomes: Counter[Outcome] = Counter(f.outcome for f in self.findings)
        by_outcome = [
            f"{title} — {outcomes[outcome]}"
            for outcome, title in OUTCOME_TITLES.items()
            if outcomes[outcome]
        ]
        reached: Counter[str] = Counter(f.level for f in self.findings if f.level)
        known = [ident for ident, _ in self.ruleset.levels]
        order = [ident for ident in known if ident in reached]
        order += sorted(ident for ident in reached if ident not in known)
        titles = dict(self.ruleset.levels)
        by_level = [f"{titles.get(ident, ident)} — {reached[ident]}" for ident in order]
        parts = "; ".join(", ".join(group) for group in (by_outcome, by_level) if group)
        return f"Итого: {total}: {parts}" if parts else f"Итого: {total}"

    # -- CSV -------------------------------------------------------------------------------------

    def to_csv(self, *, excel: bool = False) -> str:
        """One row per finding (RFC 4180, CRLF); every cell is neutralised against formulas.

        ``excel=True`` writes it for people with Russian Excel (docs/findings.md#csv): a byte
        order mark, ``;``, Russian headers, titles of indicators and levels, decimal commas.
        """
        findings = (*self.findings, *self.conclusions)
        if not excel:
            return csv_text(CSV_COLUMNS, [finding_row(f) for f in findings])
        info = self.ruleset
        titles = {**dict(info.indicators), **dict(info.conclusions)}
        levels = dict(info.levels)
        header = [h.format(entity=info.entity_title) for h in EXCEL_HEADERS]
        rows = [excel_finding_row(f, titles, levels, OUTCOME_TITLES) for f in findings]
        return excel_csv_text(header, rows)

    # -- tables ----------------------------------------------------------------------------------

    def to_frame(self, kind: FrameKind = "findings", *, backend: Backend = "polars") -> Any:
        """One kind of record as a flat table: a polars, pandas or pyarrow table.

        ``kind`` is ``findings``, ``conclusions``, ``aggregates`` or ``scores``; the columns
        are listed in docs/findings.md. Raises ImportError naming the pip command when the
        library of ``backend`` is not installed, ValueError for an unknown kind or backend.
        """
        from ._frames import to_frame  # noqa: PLC0415 - tables are made on first use

        records: Sequence[Finding | AggregateResult | Score] = (
            self.findings
            if kind == "findings"
            else self.conclusions
            if kind == "conclusions"
            else self.aggregates
            if kind == "aggregates"
            else self.scores
        )
        return to_frame(kind, records, backend)


def param_text(value: ParamValue) -> str:
    """A parameter value as the text report shows it: ``да``/``нет``, a text, a Russian number."""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, str):
        return value
    return format_number(value)


def _ordered(
    findings: Sequence[Finding], declared: Sequence[tuple[str, str]]
) -> tuple[Finding, ...]:
    order = {ident: rank for rank, (ident, _) in enumerate(declared)}
    unknown = len(order)

    def key(f: Finding) -> tuple[str, str, int, str]:
        return (f.period, f.school_id, order.get(f.indicator, unknown), f.indicator)

    return tuple(sorted(findings, key=key))
