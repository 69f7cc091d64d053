"""LETTERS: what an addressed letter says, per school and per group, independent of its format.

A letter follows the seed documents: a heading, the addressee, a paragraph on the monitoring,
the findings that need action with their numbers, the recommendations grouped by addressee and
a signature line. A school's letter holds only the texts to the school's own people (the
addressees of level ``school``); texts to the municipality's bodies (level ``group``) go into
the group's letter, with its conclusions. Renderers (``_docx.py``) lay the same model out.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from pdrs_rules._arguments import checked
from pdrs_rules._compile._compiled import DEFAULT_ADDRESSEE_LEVELS
from pdrs_rules._i18n._russian import format_count
from pdrs_rules._model import Finding
from pdrs_rules.report import Report, report_periods, status_title

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset

__all__ = [
    "AddresseeRecommendations",
    "Letter",
    "LetterFinding",
    "LetterKind",
    "latest_period",
    "letters",
    "monitoring_subject",
]

#: Where the sender signs; the library does not know who signs, so the blanks are left to fill.
#: Short enough for one line of 14 pt text between the margins of a letter.
SIGNATURE = "________________ / ________________ (должность, подпись, Ф. И. О.)"


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
    #: «по итогам мониторинга системы … за период 2022/2023».
    subject: str
    #: «Руководителю МБОУ-СОШ № 2»; for a group letter the addressees' titles.
    addressee: str
    #: The paragraph before the findings, with the numbers written the Russian way.
    intro: str
    findings: tuple[LetterFinding, ...]
    recommendations: tuple[AddresseeRecommendations, ...]
    signature: str = SIGNATURE
    #: What the group is called (``МО``): the start of a group letter's file name.
    group_title: str = ""
    #: Who sends the letter (the ruleset's ``issuer``), for the letterhead.
    issuer: str = ""

    @property
    def recommendation_count(self) -> int:
        """How many recommendation texts the letter holds, over every addressee."""
        return sum(len(group.texts) for group in self.recommendations)


def latest_period(report: Report) -> str | None:
    """The last period of the report (periods sort as strings, as in the run), or None if empty."""
    periods = report_periods(report)
    return periods[-1] if periods else None


def monitoring_subject(title: str) -> str:
    """«мониторинга системы …» or «мониторинга «Аудит …»»: the title named once, not twice.

    A title that starts with «Мониторинг» is already the name of a monitoring and reads on
    in the genitive (the rest of it is a genitive phrase); another is quoted, and its own
    quotation marks become the inner „“ that Russian nesting wants.
    """
    words = " ".join(title.split())
    head, _, rest = words.partition(" ")
    if head.casefold() == "мониторинг" and rest:
        return f"мониторинга {rest}"
    return "мониторинга «" + words.replace("«", "„").replace("»", "“") + "»"


@checked
def letters(
    report: Report,
    *,
    period: str | None = None,
    addressees: Collection[str] | None = None,
    schools: Collection[str] | None = None,
    ruleset: Ruleset | None = None,
    groups: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[Letter, ...]:
    """Letters for one period: one per school with something to recommend, then one per group.

    ``period`` defaults to the latest; ``addressees`` keeps only recommendations to those
    addressee ids; ``schools`` keeps only those school ids (and then no group letters are
    written). A school's letter holds the texts to addressees of level ``school``; the texts
    of its findings to addressees of level ``group`` go into its group's letter, with the
    conclusions. ``ruleset`` gives the addressees' levels (without it the default ids have
    theirs and any other id is ``school``), the group's id and name and the issuer;
    ``groups`` maps a school id to its group's (id, name) when a facts table holds several
    groups. A school or group left with no recommendation gets no letter. Raises ValueError
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
    writer = _Writer(report, chosen, addressees, ruleset)
    result = [
        letter
        for ident, findings in by_school.items()
        if schools is None or ident in schools
        if (letter := writer.school(findings))
    ]
    if schools is None:
        result.extend(writer.groups(conclusions, in_period, groups))
    return tuple(result)


def _by_entity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.school_id, []).append(finding)
    return grouped


class _Writer:
    """Builds the letters of one report and period."""

    def __init__(
        self,
        report: Report,
        period: str,
        addressees: Collection[str] | None,
        ruleset: Ruleset | None,
    ) -> None:
        self.report = report
        self.period = period
        self.addressees = addressees
        self.ruleset = ruleset
        info = report.ruleset
        self.levels = dict(info.levels)
        self.level_of: Callable[[str], str] = (
            ruleset.compiled.addressee_level
            if ruleset is not None
            else lambda to: DEFAULT_ADDRESSEE_LEVELS.get(to, "school")
        )
        self.subject = f"по итогам {monitoring_subject(info.title or info.id)} за период {period}"
        self.issuer = ruleset.metadata.issuer if ruleset is not None else ""

    def _wanted(self, to: str) -> bool:
        return self.addressees is None or to in self.addressees

    def _select(
        self, findings: Sequence[Finding], titles: Mapping[str, str], level: str | None
    ) -> tuple[list[LetterFinding], list[AddresseeRecommendations]]:
        """The findings with recommendations for these addressees, and those by addressee.

        ``level`` keeps only the addressees of that level (None: every addressee).
        """
        listed: list[LetterFinding] = []
        grouped: dict[str, tuple[str, list[str]]] = {}
        for finding in findings:
            recs = [
                r
                for r in finding.recommendations
                if self._wanted(r.to) and (level is None or self.level_of(r.to) == level)
            ]
            if not recs:
                continue
            title = titles.get(finding.indicator, finding.indicator)
            listed.append(LetterFinding(finding, title, status_title(finding, self.levels)))
            for rec in recs:
                texts = grouped.setdefault(rec.to, (rec.to_title, []))[1]
                # Two findings may ask the same thing of the same addressee; a letter says it once.
                if rec.text not in texts:
                    texts.append(rec.text)
        return listed, [
            AddresseeRecommendations(to, title, tuple(texts))
            for to, (title, texts) in grouped.items()
        ]

    def school(self, findings: Sequence[Finding]) -> Letter | None:
        """A school's letter: its findings with texts to the school's people; None if none."""
        titles = dict(self.report.ruleset.indicators)
        listed, grouped = self._select(findings, titles, "school")
        if not grouped:
            return None
        first = findings[0]
        head = self.report.ruleset.entity_head  # «руководителю», or the declared form
        total = format_count(len(findings), "показателю", "показателям", "показателям")
        needing = format_count(len(listed), "показателю", "показателям", "показателям")
        return Letter(
            kind=LetterKind.SCHOOL,
            entity_id=first.school_id,
            entity_name=first.school_name,
            period=self.period,
            heading="Адресные рекомендации",
            subject=self.subject,
            addressee=f"{head[:1].upper()}{head[1:]} {first.school_name}",
            intro=(
                f"В {first.school_name} мониторинг проведён по {total}; "
                f"меры требуются по {needing}:"
            ),
            findings=tuple(listed),
            recommendations=tuple(grouped),
            issuer=self.issuer,
        )

    def groups(
        self,
        conclusions: Sequence[Finding],
        findings: Sequence[Finding],
        groups: Mapping[str, tuple[str, str]] | None,
    ) -> list[Letter]:
        """One letter per group: its conclusions, then the schools' texts to its bodies."""
        by_group = _by_entity(conclusions)
        names = {f.school_id: f.school_name for f in conclusions}
        fallback = self._fallback_group(names)
        from_schools: dict[str, list[Finding]] = {}
        for finding in findings:
            group_id, group_name = (groups or {}).get(finding.school_id, fallback)
            names.setdefault(group_id, group_name)
            from_schools.setdefault(group_id, []).append(finding)
        letters = []
        for group_id in dict.fromkeys([*by_group, *from_schools]):
            letter = self._group(
                group_id,
                names[group_id],
                by_group.get(group_id, []),
                from_schools.get(group_id, []),
            )
            if letter is not None:
                letters.append(letter)
        return letters

    def _fallback_group(self, names: Mapping[str, str]) -> tuple[str, str]:
        """The group of a school no mapping places: the only one, else the ruleset's."""
        if len(names) == 1:
            ((ident, name),) = names.items()
            return ident, name
        if self.ruleset is not None:
            spec = self.ruleset.compiled.group
            return spec.id, spec.name
        return "", ""

    def _group(
        self,
        group_id: str,
        group_name: str,
        conclusions: Sequence[Finding],
        findings: Sequence[Finding],
    ) -> Letter | None:
        info = self.report.ruleset
        listed, grouped = self._select(conclusions, dict(info.conclusions), None)
        _, from_schools = self._select(findings, dict(info.indicators), "group")
        merged: dict[str, tuple[str, list[str]]] = {}
        for group in (*grouped, *from_schools):
            texts = merged.setdefault(group.to, (group.to_title, []))[1]
            texts.extend(t for t in group.texts if t not in texts)
        if not merged:
            return None
        recommendations = tuple(
            AddresseeRecommendations(to, title, tuple(texts))
            for to, (title, texts) in merged.items()
        )
        where = f" ({info.group_title}: {group_name})" if group_name else ""
        intro = (
            f"По итогам мониторинга{where} сделаны следующие выводы:"
            if listed
            else f"По итогам мониторинга{where} меры требуются по результатам {info.entity_title}:"
        )
        return Letter(
            kind=LetterKind.GROUP,
            entity_id=group_id,
            entity_name=group_name,
            period=self.period,
            heading="Общие выводы и адресные рекомендации",
            subject=self.subject,
            addressee="Кому: " + "; ".join(group.to_title for group in recommendations),
            intro=intro,
            findings=tuple(listed),
            recommendations=recommendations,
            group_title=info.group_title,
            issuer=self.issuer,
        )
