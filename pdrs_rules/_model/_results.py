"""What a run is given and gives: a school's facts, findings, aggregate records and scores."""

from __future__ import annotations

import attrs

from pdrs_rules.errors import Location

from ._values import Facts, Outcome

__all__ = [
    "AggregateResult",
    "BandRef",
    "Finding",
    "ListedSchool",
    "Recommendation",
    "School",
    "Score",
]


@attrs.frozen
class School:
    """One row of facts: a school (or other entity) in one period."""

    id: str
    name: str
    facts: Facts = attrs.field(factory=dict)
    period: str = ""
    location: Location = Location()
    #: The group (municipality) the school belongs to, when the facts say; else the ruleset's.
    group: str = ""
    group_name: str = ""


@attrs.frozen(order=True)
class BandRef:
    """The band a value fell into, as it appears in a finding."""

    index: int
    lower: float | None = None
    lower_inclusive: bool = True
    upper: float | None = None
    upper_inclusive: bool = False
    equals: bool | None = None
    #: The band's ``title`` (for a trend, the rule's title); "" when it has none.
    title: str = ""
    #: For a trend: the id of the rule that matched; None for an indicator's band.
    rule: str | None = None


@attrs.frozen(order=True)
class Recommendation:
    """A rendered recommendation: the addressee's id and title and the text."""

    to: str
    to_title: str
    text: str


@attrs.frozen
class Finding:
    """The result of one indicator for one school: the output contract (docs/findings.md)."""

    ruleset_id: str
    ruleset_version: str
    school_id: str
    school_name: str
    period: str
    indicator: str
    outcome: Outcome
    value: float | bool | None = None
    display: str = ""
    level: str | None = None
    points: float | None = None
    band: BandRef | None = None
    recommendations: tuple[Recommendation, ...] = ()
    explanation: str = ""
    #: Why the value could not be computed (missing facts, the zero denominator).
    reason: str = ""

    def sort_key(self) -> tuple[str, str, str]:
        """Findings are ordered by period, school and indicator in JSON output."""
        return (self.period, self.school_id, self.indicator)


@attrs.frozen(order=True)
class ListedSchool:
    """A school as an aggregate lists it: with its value, or with the outcome that excluded it."""

    school_id: str
    school_name: str
    value: float | bool | None = None
    display: str = ""
    outcome: Outcome = Outcome.EVALUATED
    #: What ``{x.schools}`` shows in brackets when the aggregate's ``show`` chooses it.
    note: str = ""


@attrs.frozen
class AggregateResult:
    """The value of one aggregate for one group and period, and the schools behind it."""

    aggregate: str
    group_id: str
    group_name: str
    period: str
    value: float | None
    display: str
    #: How many schools the value was computed over.
    counted: int
    #: The schools that met the condition (for top/bottom: the listed ones), worst first.
    matched: tuple[ListedSchool, ...] = ()
    #: The schools left out, each with the outcome that excluded it.
    excluded: tuple[ListedSchool, ...] = ()


@attrs.frozen
class Score:
    """Points totalled for one school or group in one period, and the overall level."""

    entity_id: str
    entity_name: str
    period: str
    #: ``school`` or ``group``.
    scope: str
    total: float
    maximum: float
    percent: float | None = None
    level: str | None = None
    #: Scored indicators left out of the maximum, as ``indicator: outcome``.
    excluded: tuple[str, ...] = ()
