"""The parts of a printable report's content, in reading order: what HTML and Markdown show.

Plain frozen values: ``_content`` builds them from a run, the renderers only lay them out.
"""

from __future__ import annotations

import attrs

from pdrs_rules._formula._slots import Sentence
from pdrs_rules._model import Unit

__all__ = [
    "AddresseeBlock",
    "Bar",
    "Chart",
    "ConclusionItem",
    "DataGap",
    "Document",
    "GroupSummary",
    "HeatCell",
    "HeatRow",
    "LegendItem",
    "Line",
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
class Chart:
    """The bar chart of one indicator: bars sorted by value, thresholds, municipal values."""

    number: int
    indicator: str
    title: str
    unit: Unit
    bars: tuple[Bar, ...]
    thresholds: tuple[Line, ...] = ()
    references: tuple[Line, ...] = ()
    #: Schools with no value, as ``name (outcome)``: named under the chart, not dropped.
    missing: tuple[str, ...] = ()


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
