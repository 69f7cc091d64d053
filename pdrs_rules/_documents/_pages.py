"""A report of many schools as a folder: a summary page and a page per group, written streaming.

Past :data:`PAGED_ABOVE` schools one page is too big to open and to read: the folder gets
``index.html`` (the conclusions, each indicator's distribution with the worst schools named,
the recommendations counted, the list of pages and the data gaps counted) and a page per group
(МО) of at most :func:`schools_per_page` schools, each a whole report of its own. Schools
arrive one at a time and go to a spool file on disk; a group's page is built from its schools
alone, so memory holds one page's findings and one array of values per indicator, not the run.
"""

from __future__ import annotations

import os
import pickle
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import attrs

from pdrs_rules._formula._slots import Slot, match, sentence, slot_names
from pdrs_rules._formula._template import Placeholder, Template
from pdrs_rules._i18n._russian import entity_count, format_count
from pdrs_rules._model import Finding, Outcome
from pdrs_rules.report import Report
from pdrs_rules.report._atomic import safe_stems, staged_folder
from pdrs_rules.report._report import OUTCOME_TITLES

from ._content import PeriodNotFoundError, build_document, chart_frames
from ._distribution import Tally, distribution
from ._html import document_html
from ._markdown import document_markdown
from ._parts import AddresseeBlock, Document, PageLink, RecommendationGroup, SharedText
from ._wording import Wording

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset

__all__ = [
    "FINDINGS_PER_PAGE",
    "PAGED_ABOVE",
    "PAGE_BYTES_AT_MOST",
    "SchoolResult",
    "schools_per_page",
    "write_folder",
]

#: More schools than this, and a folder report is a summary and a page per group.
PAGED_ABOVE = 300
#: A page holds at most this many findings: 300 schools of 30 indicators, about 6 MB of HTML.
FINDINGS_PER_PAGE = 9_000
#: Every page stays under this size (benchmarks/run.py measures it at 40,000 schools).
PAGE_BYTES_AT_MOST = 10 * 2**20
#: Findings that are gaps in the data, counted on the summary.
_GAPS = (Outcome.NO_DATA, Outcome.OUT_OF_RANGE, Outcome.INSUFFICIENT_HISTORY)


@attrs.frozen
class SchoolResult:
    """One school of one period, the group it belongs to, and its findings."""

    id: str
    name: str
    period: str
    group_id: str
    group_name: str
    findings: tuple[Finding, ...]


def schools_per_page(indicators: int) -> int:
    """How many schools a group's page holds: as many as keep it under the findings limit."""
    return max(10, min(PAGED_ABOVE, FINDINGS_PER_PAGE // max(indicators, 1)))


@attrs.define
class _Group:
    name: str
    offsets: list[int] = attrs.Factory(list)


class _Spool:
    """The schools on disk, in a file of the staging folder, found again by offset."""

    def __init__(self, path: Path) -> None:
        self.file: IO[bytes] = path.open("w+b")
        self.groups: dict[str, dict[str, _Group]] = {}

    def add(self, school: SchoolResult) -> None:
        offset = self.file.tell()
        # The spool is this process's own temporary file, written and read back by it alone.
        pickle.dump((school.id, school.name, school.findings), self.file, protocol=5)
        by_group = self.groups.setdefault(school.period, {})
        by_group.setdefault(school.group_id, _Group(school.group_name)).offsets.append(offset)

    def read(self, offsets: list[int]) -> Iterator[tuple[str, str, tuple[Finding, ...]]]:
        self.file.flush()
        for offset in offsets:
            self.file.seek(offset)
            yield pickle.load(self.file)  # noqa: S301 - our own spool, see add()

    def close(self) -> None:
        self.file.close()


def write_folder(
    folder: str | os.PathLike[str],
    report: Report,
    ruleset: Ruleset,
    schools: Iterable[SchoolResult],
    *,
    period: str | None = None,
    kind: str = "html",
    generator: str = "pdrs-rules",
    progress: Callable[[int], None] | None = None,
) -> tuple[Path, ...]:
    """Write the report of ``schools`` into ``folder``: ``index.html`` and a page per group.

    ``report`` gives what is not per school: the parameters, the facts' warnings, the
    conclusions, aggregates and scores (its findings are not read). With no more than
    :data:`PAGED_ABOVE` schools in the period, ``index`` is the whole report. ``kind`` is
    ``html`` or ``md``; ``progress`` is called with the number of schools read so far.
    Every page is written into a temporary folder first and moved in when all are done.
    Raises PeriodNotFoundError for a ``period`` the schools and conclusions do not have.
    """
    suffix = ".md" if kind == "md" else ".html"

    def render(document: Document) -> str:
        if kind == "md":
            return document_markdown(document)
        return document_html(document, generator=generator)

    with staged_folder(folder) as staging:
        spool = _Spool(staging / ".spool")
        try:
            for done, school in enumerate(schools, 1):
                spool.add(school)
                if progress is not None and done % 256 == 0:
                    progress(done)
            periods = sorted({*spool.groups, *(f.period for f in report.conclusions)})
            if period is None:
                period = periods[-1] if periods else report.ruleset.period
            elif period not in periods:
                listed = ", ".join(periods) or "none"
                error = PeriodNotFoundError(
                    f"period {period!r} is not in the report (periods: {listed})"
                )
                error.periods = tuple(periods)
                raise error
            groups = spool.groups.get(period, {})
            total = sum(len(g.offsets) for g in groups.values())
            if progress is not None:
                progress(total)
            if total <= PAGED_ABOVE:
                findings = [
                    f for g in groups.values() for _, _, fs in spool.read(g.offsets) for f in fs
                ]
                whole = attrs.evolve(report, findings=tuple(findings))
                document = build_document(whole, ruleset, period=period, periods=tuple(periods))
                (staging / f"index{suffix}").write_text(render(document), "utf-8")
            else:
                pages = _Pages(staging, report, ruleset, period, suffix, render)
                pages.periods = tuple(periods)
                pages.write(spool, groups)
        finally:
            spool.close()
            (staging / ".spool").unlink(missing_ok=True)
        names = sorted(p.name for p in staging.iterdir() if not p.name.startswith("."))
    return tuple(Path(folder) / name for name in names)


class _Pages:
    """The group pages and the summary of one paged report."""

    def __init__(
        self,
        staging: Path,
        report: Report,
        ruleset: Ruleset,
        period: str,
        suffix: str,
        render: Callable[[Document], str],
    ) -> None:
        self.staging = staging
        self.report = report
        self.ruleset = ruleset
        self.period = period
        self.suffix = suffix
        self.render = render
        info = report.ruleset
        self.levels = [level for level, _ in info.levels]
        self.rank = {level: i for i, level in enumerate(self.levels)}
        specs = ruleset.indicators
        self.tallies = {
            ident: Tally(spec.better, len(self.levels)) for ident, spec in specs.items()
        }
        self.gaps: Counter[tuple[str, Outcome]] = Counter()
        self.missing: Counter[str] = Counter()
        self.texts = _Texts(Wording(ruleset))
        self.group_names: list[str] = []
        self.periods: tuple[str, ...] = (period,)

    def write(self, spool: _Spool, groups: dict[str, _Group]) -> None:
        per_page = schools_per_page(len(self.ruleset.indicators))
        ordered = sorted(groups.items(), key=lambda kv: (kv[1].name or kv[0], kv[0]))
        chunks = [
            (group_id, group, start // per_page + 1, -(-len(group.offsets) // per_page))
            for group_id, group in ordered
            for start in range(0, len(group.offsets), per_page)
        ]
        stems = safe_stems(
            (g.name or gid) + (f" часть {part}" if parts > 1 else "")
            for gid, g, part, parts in chunks
        )
        links = []
        for (group_id, group, part, parts), stem in zip(chunks, stems, strict=True):
            index = len(self.group_names)
            self.group_names.append(group.name or group_id)
            start = (part - 1) * per_page
            records = list(spool.read(group.offsets[start : start + per_page]))
            links.append(self._page(group_id, group.name, records, part, parts, stem, index))
        summary = self._summary(tuple(links), sum(len(g.offsets) for g in groups.values()))
        (self.staging / f"index{self.suffix}").write_text(self.render(summary), "utf-8")

    def _page(
        self,
        group_id: str,
        group_name: str,
        records: list[tuple[str, str, tuple[Finding, ...]]],
        part: int,
        parts: int,
        stem: str,
        group_index: int,
    ) -> PageLink:
        findings = [f for _, _, fs in records for f in fs]
        ids = {school_id for school_id, _, _ in records}
        levels = Counter(f.level for f in findings)
        for finding in findings:
            self._tally(finding, group_index)
        page_report = attrs.evolve(
            self.report,
            findings=tuple(findings),
            warnings=(),
            conclusions=tuple(f for f in self.report.conclusions if f.school_id == group_id),
            aggregates=tuple(a for a in self.report.aggregates if a.group_id == group_id),
            scores=tuple(
                s
                for s in self.report.scores
                if (s.scope == "group" and s.entity_id == group_id) or s.entity_id in ids
            ),
        )
        document = build_document(
            page_report, self.ruleset, period=self.period, periods=self.periods
        )
        title = f"{self.report.ruleset.group_title}: {group_name or group_id}"
        if parts > 1:
            title += f", часть {part} из {parts}"
        document = attrs.evolve(document, subtitle=title, home=f"index{self.suffix}")
        name = f"{stem}{self.suffix}"
        (self.staging / name).write_text(self.render(document), "utf-8")
        return PageLink(
            title=title,
            href=urllib.parse.quote(name),
            schools=len(records),
            levels=tuple(levels.get(level, 0) for level in self.levels),
            recommendations=sum(len(f.recommendations) for f in findings),
        )

    def _tally(self, finding: Finding, group: int) -> None:
        if finding.outcome in _GAPS:
            self.gaps[finding.indicator, finding.outcome] += 1
        tally = self.tallies.get(finding.indicator)
        if tally is not None:
            value = finding.value
            if value is None or isinstance(value, bool):
                self.missing[finding.indicator] += 1
            else:
                rank = self.rank.get(finding.level or "")
                tally.add(float(value), rank, finding.school_name, finding.display, group)
        self.texts.add(finding)

    def _summary(self, links: tuple[PageLink, ...], total: int) -> Document:
        shell = attrs.evolve(self.report, findings=())
        builder_doc = build_document(shell, self.ruleset, period=self.period, periods=self.periods)
        info = self.report.ruleset
        titles = dict(info.indicators)
        order = list(titles)
        charts = []
        for ident, (frame, shown) in chart_frames(shell, self.ruleset, self.period).items():
            tally = self.tallies[ident]
            if tally.count:
                charts.append(
                    distribution(
                        frame,
                        tally,
                        groups=self.group_names,
                        shown=shown,
                        missing=self.missing[ident],
                    )
                )
        groups = len(set(self.group_names))
        return attrs.evolve(
            builder_doc,
            subtitle=(
                f"Сводный отчёт: {entity_count(total, info.entity_title, info.entity_forms)}, "
                f"{format_count(groups, 'группа', 'группы', 'групп')} ({info.group_title})"
            ),
            addressees=self.texts.blocks(builder_doc.addressees, self.ruleset),
            charts=tuple(charts),
            pages=links,
            gap_counts=tuple(
                (titles.get(ident, ident), OUTCOME_TITLES[outcome], count)
                for (ident, outcome), count in sorted(
                    self.gaps.items(),
                    key=lambda kv: (
                        order.index(kv[0][0]) if kv[0][0] in order else 0,
                        kv[0][1].value,
                    ),
                )
            ),
            school_count=total,
        )


@attrs.define
class _Text:
    """One template's texts to one addressee from one indicator, counted over the schools."""

    template: Template | None
    first: tuple[str, ...] | str
    varies: set[int] = attrs.Factory(set)
    schools: int = 0


class _Texts:
    """The recommendations of every school counted by addressee, indicator and template."""

    def __init__(self, wording: Wording) -> None:
        self.wording = wording
        self.by_addressee: dict[str, tuple[str, dict[str, dict[str, _Text]]]] = {}

    def add(self, finding: Finding) -> None:
        if not finding.recommendations:
            return
        known = self.wording.known(finding)
        for index, rec in enumerate(finding.recommendations):
            template = self.wording.template(finding, index)
            values = match(template, rec.text, known) if template is not None else None
            key = template.source if template is not None and values is not None else rec.text
            _, by_source = self.by_addressee.setdefault(rec.to, (rec.to_title, {}))
            texts = by_source.setdefault(finding.indicator, {})
            text = texts.get(key)
            if text is None:
                first = values if values is not None else rec.text
                texts[key] = text = _Text(template if values is not None else None, first)
            elif values is not None and isinstance(text.first, tuple):
                text.varies.update(i for i, v in enumerate(values) if v != text.first[i])
            text.schools += 1

    def blocks(
        self, conclusions: tuple[AddresseeBlock, ...], ruleset: Ruleset
    ) -> tuple[AddresseeBlock, ...]:
        """The conclusions' blocks with the schools' texts added, once each with a count."""
        titles = dict(ruleset.info().indicators)
        order = list(ruleset.compiled.addressees)
        merged: dict[str, tuple[str, list[RecommendationGroup]]] = {
            block.to: (block.title, list(block.groups)) for block in conclusions
        }
        for to, (title, by_source) in self.by_addressee.items():
            groups = merged.setdefault(to, (title[:1].upper() + title[1:], []))[1]
            for ident, texts in by_source.items():
                parts = tuple(self._part(text) for text in texts.values())
                count = sum(text.schools for text in texts.values())
                groups.append(
                    RecommendationGroup(titles.get(ident, ident), (), parts=parts, count=count)
                )
        ranked = sorted(
            merged.items(),
            key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
        )
        return tuple(AddresseeBlock(to, title, tuple(groups)) for to, (title, groups) in ranked)

    def _part(self, text: _Text) -> SharedText:
        if text.template is None or not isinstance(text.first, tuple):
            return SharedText((str(text.first),), (), (), count=text.schools)
        first = text.first
        names = slot_names(text.template, self.wording.label)

        def fill(index: int, _placeholder: Placeholder) -> str | Slot:
            return Slot(names[index]) if index in text.varies else first[index]

        return SharedText(sentence(text.template, fill), (), (), count=text.schools)
