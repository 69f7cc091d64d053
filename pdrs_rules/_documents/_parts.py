"""The parts of a printable report's content, in reading order: what HTML and Markdown show.

Plain frozen values: ``_content`` builds them from a run, the renderers only lay them out.
"""

from __future__ import annotations

import attrs

from pdrs_rules._formula._slots import Sentence
from pdrs_rules._i18n._russian import entity_count
from pdrs_rules._model import Unit

__all__ = [
    "AddresseeBlock",
    "Bar",
    "Bin",
    "Box",
    "Chart",
    "ConclusionItem",
    "DataGap",
    "Document",
    "GroupSummary",
    "HeatCell",
    "HeatRow",
    "LegendItem",
    "Line",
    "PageLink",
    "RecommendationGroup",
    "SchoolItem",
    "SchoolSection",
    "SharedText",
]


@attrs.frozen
class LegendItem:
    """A level as the legend shows it; ``rank`` 0 is the worst."""

    id: str
    title: str
    rank: int


@attrs.frozen
class HeatCell:
    """One school's value of one indicator: the text shown and the level that colours it."""

    display: str
    level: str | None = None
    rank: int | None = None
    #: Why there is no value (``нет данных``); empty when there is one.
    note: str = ""


@attrs.frozen
class HeatRow:
    """A row of the heat map: a school and its cells in indicator order."""

    school_id: str
    school_name: str
    cells: tuple[HeatCell, ...]


@attrs.frozen
class Bar:
    """One school's bar in an indicator's chart."""

    school_name: str
    value: float
    display: str
    level: str | None
    rank: int | None


@attrs.frozen
class Line:
    """A vertical line across a chart: a band edge or the municipal value, with its label."""

    value: float
    label: str


@attrs.frozen
class Bin:
    """A column of a histogram: the values in [low, high) and how many schools of each rank."""

    low: float
    high: float
    #: Schools per rank, worst first; the last bin includes its ``high``.
    counts: tuple[int, ...]
    #: The range as people read it: «20–30%».
    label: str = ""


@attrs.frozen
class Box:
    """One group's values in a box plot: the extremes, the quartiles and the median."""

    group: str
    count: int
    low: float
    q1: float
    median: float
    q3: float
    high: float
    #: The five numbers as the indicator displays them, low to high.
    shown: tuple[str, ...] = ()


@attrs.frozen
class Chart:
    """The chart of one indicator: bars sorted by value, thresholds, municipal values.

    More schools than a reader can tell apart make a distribution instead of bars: a
    histogram by level (``bins``) or a box per group (``boxes``), with the worst named.
    """

    number: int
    indicator: str
    title: str
    unit: Unit
    bars: tuple[Bar, ...]
    thresholds: tuple[Line, ...] = ()
    references: tuple[Line, ...] = ()
    #: Schools with no value, as ``name (outcome)``: named under the chart, not dropped.
    missing: tuple[str, ...] = ()
    bins: tuple[Bin, ...] = ()
    boxes: tuple[Box, ...] = ()
    #: The schools with the worst values, as ``name (value)``, worst first.
    worst: tuple[str, ...] = ()
    #: How many schools have a value (all of them, also when ``bars`` is empty).
    count: int = 0
    #: How many have none, when they are too many to name in ``missing``.
    missing_count: int = 0
    #: The entities in the dative plural: «столбчатая диаграмма по 12 ОО».
    entity_dative: str = "ОО"


@attrs.frozen
class ConclusionItem:
    """A conclusion (общий вывод) of a group: its value, level and rendered texts."""

    title: str
    display: str
    level: str | None
    level_title: str
    rank: int | None
    #: (addressee title, text).
    texts: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class GroupSummary:
    """The municipality summary of one group: aggregate values and conclusions."""

    group_title: str
    group_name: str
    aggregates: tuple[tuple[str, str], ...] = ()
    conclusions: tuple[ConclusionItem, ...] = ()
    score: str = ""


@attrs.frozen
class SharedText:
    """One text to several schools: the sentence once, what differs in a table.

    ``sentence`` has a :class:`~pdrs_rules._formula._slots.Slot` where the schools' values
    differ; ``columns`` are those slots' labels, and each row gives a school's values.
    """

    sentence: Sentence
    columns: tuple[str, ...]
    #: (school name, its values in column order).
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    #: How many schools got the text, when they are too many to list here (a summary page).
    count: int = 0


@attrs.frozen
class RecommendationGroup:
    """The recommendations of one indicator (or conclusion) to one addressee."""

    source: str
    #: (school or group name, text) in report order.
    items: tuple[tuple[str, str], ...]
    #: Whether the recommendations come from a conclusion (a group), not from schools.
    from_group: bool = False
    #: The items as they are shown: a text shared by several schools once, with a table of
    #: their values, and a text only one school has as (name, text). Empty: every item alone.
    parts: tuple[SharedText | tuple[str, str], ...] = ()
    #: How many schools, when ``items`` does not list them (a summary page).
    count: int = 0

    @property
    def entities(self) -> tuple[str, ...]:
        """The schools (or groups) the recommendations apply to, each once."""
        return tuple(dict.fromkeys(name for name, _ in self.items))


@attrs.frozen
class AddresseeBlock:
    """Every recommendation to one addressee, grouped by the indicator that gave it."""

    to: str
    title: str
    groups: tuple[RecommendationGroup, ...]


@attrs.frozen
class SchoolItem:
    """One finding as a school's section shows it."""

    title: str
    display: str
    status: str
    level: str | None
    rank: int | None
    explanation: str = ""
    reason: str = ""
    #: (addressee title, text).
    recommendations: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class SchoolSection:
    """«Адресные рекомендации руководителю …»: every finding of one school."""

    school_id: str
    school_name: str
    items: tuple[SchoolItem, ...]
    score: str = ""

    @property
    def recommendations(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(addressee title, texts) in the order the items first address them; each text once."""
        grouped: dict[str, list[str]] = {}
        for item in self.items:
            for to, text in item.recommendations:
                texts = grouped.setdefault(to, [])
                if text not in texts:
                    texts.append(text)
        return tuple((to, tuple(texts)) for to, texts in grouped.items())


@attrs.frozen
class DataGap:
    """A finding without a value because of the data, and why."""

    school_name: str
    indicator: str
    outcome: str
    reason: str


@attrs.frozen
class PageLink:
    """One page of a split report, as its summary lists it."""

    title: str
    href: str
    schools: int
    #: Findings per level, worst first (the legend's order reversed).
    levels: tuple[int, ...] = ()
    recommendations: int = 0


@attrs.frozen
class Document:
    """Everything a report shows, in order; renderers only lay it out."""

    title: str
    ruleset_id: str
    version: str
    period: str
    periods: tuple[str, ...]
    entity_title: str
    issuer: str = ""
    source: str = ""
    #: (parameter title, value) as used in the run.
    parameters: tuple[tuple[str, str], ...] = ()
    legend: tuple[LegendItem, ...] = ()
    summaries: tuple[GroupSummary, ...] = ()
    addressees: tuple[AddresseeBlock, ...] = ()
    #: (number, indicator title) in column order; the heat map heads its columns by number.
    indicators: tuple[tuple[int, str], ...] = ()
    #: The indicators' short titles in the same order ("" where there is none): column headers.
    shorts: tuple[str, ...] = ()
    heat_map: tuple[HeatRow, ...] = ()
    charts: tuple[Chart, ...] = ()
    schools: tuple[SchoolSection, ...] = ()
    gaps: tuple[DataGap, ...] = ()
    #: Warnings met while reading the facts, as ``file:line:col: code: message``.
    warnings: tuple[str, ...] = ()
    #: A page of a report split over several: what part it is («МО: …, часть 1 из 2»).
    subtitle: str = ""
    #: The summary page this page belongs to (a relative link), empty for a whole report.
    home: str = ""
    #: A summary page's pages, one per group (or part of one).
    pages: tuple[PageLink, ...] = ()
    #: A summary page's data gaps counted: (indicator, outcome, how many schools).
    gap_counts: tuple[tuple[str, str, int], ...] = ()
    #: How many schools the report is about, over every page.
    school_count: int = 0
    #: The entity's title with numbers, in the dative plural, and whom sections address.
    entity_forms: tuple[str, ...] = ()
    entity_dative: str = "ОО"
    entity_head: str = "руководителю"

    def entity_count(self, n: int) -> str:
        """``12 ОО``, ``3 школы``: a number of entities."""
        return entity_count(n, self.entity_title, self.entity_forms)
