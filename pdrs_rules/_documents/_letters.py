"""LETTERS: what an addressed letter says, per school and per group, independent of its format.

A letter follows the seed documents: a heading, the addressee, a paragraph on the monitoring,
the findings that need action with their numbers, the recommendations grouped by addressee and
a signature line. Renderers (``_docx.py``, the HTML report) lay the same model out.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence

import attrs

from pdrs_rules._i18n._russian import format_count
from pdrs_rules._model import Finding
from pdrs_rules.report import Report, report_periods, status_title

__all__ = [
    "AddresseeRecommendations",
    "Letter",
    "LetterFinding",
    "LetterKind",
    "latest_period",
    "letters",
]

#: Where the sender signs; the library does not know who signs, so the blanks are left to fill.
SIGNATURE = "_______________________  /  _______________________  /  (должность, подпись, Ф. И. О.)"


class LetterKind(enum.Enum):
    """Whom a letter is about: one school, or a group (the municipality) and its conclusions."""

    SCHOOL = "school"
    GROUP = "group"


@attrs.frozen
class LetterFinding:
    """A finding a letter lists because it carries recommendations, with its titles resolved."""

    finding: Finding
    #: The indicator's (or conclusion's) title from the ruleset.
    title: str
    #: The level's title for an evaluated finding, otherwise the outcome in words.
    status: str

    @property
    def text(self) -> str:
        """One line as a letter shows it: ``Доля …: 34,3% — требует внимания``."""
        finding = self.finding
        shown = finding.display if finding.value is not None else ""
        line = f"{self.title}: " + " — ".join(part for part in (shown, self.status) if part)
        return f"{line} ({finding.reason})" if finding.reason else line


@attrs.frozen
class AddresseeRecommendations:
    """The recommendations of one letter to one addressee, in the order the findings give them."""

    to: str
    to_title: str
    texts: tuple[str, ...]


@attrs.frozen
class Letter:
    """One letter: to a school's head, or to the municipality level about its conclusions."""

    kind: LetterKind
    #: The school's (or group's) id and name, as in the facts.
    entity_id: str
    entity_name: str
    period: str
    #: «Адресные рекомендации».
    heading: str
    #: «по итогам мониторинга «…» за период 2022/2023».
    subject: str
    #: «Руководителю МБОУ-СОШ № 2»; for a group letter the addressees' titles.
    addressee: str
    #: The paragraph before the findings, with the numbers written the Russian way.
    intro: str
    findings: tuple[LetterFinding, ...]
    recommendations: tuple[AddresseeRecommendations, ...]
    signature: str = SIGNATURE

    @property
    def recommendation_count(self) -> int:
        """How many recommendation texts the letter holds, over every addressee."""
        return sum(len(group.texts) for group in self.recommendations)


def latest_period(report: Report) -> str | None:
    """The last period of the report (periods sort as strings, as in the run), or None if empty."""
    periods = report_periods(report)
    return periods[-1] if periods else None


def letters(
    report: Report,
    *,
    period: str | None = None,
    addressees: Collection[str] | None = None,
    schools: Collection[str] | None = None,
) -> tuple[Letter, ...]:
    """Letters for one period: one per school with something to recommend, then one per group.

    ``period`` defaults to the latest; ``addressees`` keeps only recommendations to those
    addressee ids; ``schools`` keeps only those school ids (and then no group letters are
    written). A school or group left with no recommendation gets no letter. Raises ValueError
    for a period, or a school id in this period, that the report does not have.
    """
    chosen = latest_period(report) if period is None else period
    if chosen is None:
        return ()
    in_period = [f for f in report.findings if f.period == chosen]
    conclusions = [f for f in report.conclusions if f.period == chosen]
    if period is not None and not in_period and not conclusions:
        known = ", ".join(report_periods(report))
        raise ValueError(f"the report has no period {period!r} (periods: {known})")
    by_school = _by_entity(in_period)
    if schools is not None:
        missing = [ident for ident in schools if ident not in by_school]
        if missing:
            raise ValueError(
                f"no school {missing[0]!r} in period {chosen!r} "
                f"(schools: {', '.join(by_school) or 'none'})"
            )
    result = [
        letter
        for ident, findings in by_school.items()
        if schools is None or ident in schools
        if (letter := _letter(LetterKind.SCHOOL, report, chosen, findings, addressees))
    ]
    if schools is None:
        result.extend(
            letter
            for findings in _by_entity(conclusions).values()
            if (letter := _letter(LetterKind.GROUP, report, chosen, findings, addressees))
        )
    return tuple(result)


def _by_entity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.school_id, []).append(finding)
    return grouped


def _subject(report: Report, period: str) -> str:
    title = report.ruleset.title or report.ruleset.id
    return f"по итогам мониторинга «{title}» за период {period}"


def _selected(
    findings: Sequence[Finding],
    titles: dict[str, str],
    report: Report,
    addressees: Collection[str] | None,
) -> tuple[list[LetterFinding], list[AddresseeRecommendations]]:
    """The findings with recommendations for these addressees, and those grouped by addressee."""
    levels = dict(report.ruleset.levels)
    listed: list[LetterFinding] = []
    groups: dict[str, tuple[str, list[str]]] = {}
    for finding in findings:
        recs = [r for r in finding.recommendations if addressees is None or r.to in addressees]
        if not recs:
            continue
        title = titles.get(finding.indicator, finding.indicator)
        listed.append(LetterFinding(finding, title, status_title(finding, levels)))
        for rec in recs:
            texts = groups.setdefault(rec.to, (rec.to_title, []))[1]
            # Two findings may ask the same thing of the same addressee; a letter says it once.
            if rec.text not in texts:
                texts.append(rec.text)
    return listed, [
        AddresseeRecommendations(to, title, tuple(texts)) for to, (title, texts) in groups.items()
    ]


def _letter(
    kind: LetterKind,
    report: Report,
    period: str,
    findings: Sequence[Finding],
    addressees: Collection[str] | None,
) -> Letter | None:
    """A school's letter about its findings, or a group's about its conclusions; None if empty."""
    info = report.ruleset
    titles = dict(info.indicators if kind is LetterKind.SCHOOL else info.conclusions)
    listed, grouped = _selected(findings, titles, report, addressees)
    if not grouped:
        return None
    first = findings[0]
    monitoring = f"По итогам мониторинга «{info.title or info.id}» за период {period}"
    if kind is LetterKind.SCHOOL:
        total = format_count(len(findings), "показателю", "показателям", "показателям")
        needing = format_count(len(listed), "показателю", "показателям", "показателям")
        intro = (
            f"{monitoring} в {first.school_name} мониторинг проведён по {total}; "
            f"меры требуются по {needing}:"
        )
        heading = "Адресные рекомендации"
        head = info.entity_head
        addressee = f"{head[:1].upper()}{head[1:]} {first.school_name}"
    else:
        intro = f"{monitoring} ({info.group_title}: {first.school_name}) сделаны следующие выводы:"
        heading = "Общие выводы и адресные рекомендации"
        addressee = "Кому: " + "; ".join(group.to_title for group in grouped)
    return Letter(
        kind=kind,
        entity_id=first.school_id,
        entity_name=first.school_name,
        period=period,
        heading=heading,
        subject=_subject(report, period),
        addressee=addressee,
        intro=intro,
        findings=tuple(listed),
        recommendations=tuple(grouped),
    )
