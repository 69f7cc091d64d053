"""What a ruleset declares: facts, parameters, levels, bands, indicators, aggregates, trends."""

from __future__ import annotations

import enum

import attrs

from pdrs_rules._i18n._russian import entity_count
from pdrs_rules.errors import Location

from ._values import Better, BoundValue, ParamValue, Unit, ValueType

__all__ = [
    "AggregateMethod",
    "AggregateSpec",
    "Band",
    "Bound",
    "EntitySpec",
    "FactSpec",
    "GroupSpec",
    "IndicatorSpec",
    "Level",
    "Markers",
    "Metadata",
    "ParameterSpec",
    "RecommendationSpec",
    "ScoringSpec",
    "TrendCondition",
    "TrendRule",
    "TrendSpec",
]


@attrs.frozen
class FactSpec:
    """A declared fact: one column of the users' table."""

    name: str
    title: str
    type: ValueType
    column: str
    required: bool = True
    unit: str = ""
    minimum: float | str | None = None
    maximum: float | str | None = None
    location: Location = Location()
    #: ``school``: a column of the facts table; ``group``: of the group facts table.
    level: str = "school"
    #: Other headers the column is accepted under (docs/facts-files.md).
    aliases: tuple[str, ...] = ()


@attrs.frozen
class ParameterSpec:
    """A named threshold or setting with a default, overridable at evaluation time."""

    name: str
    title: str
    type: ValueType
    default: ParamValue
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    location: Location = Location()


@attrs.frozen
class Level:
    """A level a band assigns, e.g. ``critical``; ``rank`` 0 is the worst."""

    id: str
    title: str
    rank: int


@attrs.frozen
class Bound:
    """One side of a band: ``at_least``/``above`` below it, ``below``/``at_most`` above it.

    A bound relative to another value (``below: pk_mo - 5``) has that value's name as ``base``
    (an aggregate or a parameter) and the offset as ``value``, subtracted when ``negate``.
    """

    value: BoundValue
    inclusive: bool
    key: str
    #: The aggregate or parameter the bound is relative to; None for a plain bound.
    base: str | None = None
    #: Whether the offset is subtracted from the base (``pk_mo - lag``).
    negate: bool = False

    @property
    def parameter(self) -> str | None:
        """The parameter the bound (or its offset) refers to, if it is not a literal number."""
        return self.value if isinstance(self.value, str) else None


@attrs.frozen
class RecommendationSpec:
    """A recommendation text template and whom it addresses."""

    to: str
    text: str


@attrs.frozen
class Band:
    """A range of an indicator's values mapped to a level, points and recommendations."""

    index: int
    level: str
    lower: Bound | None = None
    upper: Bound | None = None
    #: For boolean indicators: the value this band matches.
    equals: bool | None = None
    title: str = ""
    points: float | None = None
    recommendations: tuple[RecommendationSpec, ...] = ()


@attrs.frozen
class IndicatorSpec:
    """A declared indicator: formula, unit, display and bands."""

    id: str
    title: str
    formula: str
    unit: Unit
    precision: int
    better: Better
    bands: tuple[Band, ...] = attrs.field()
    domain_min: float | None = None
    domain_max: float | None = None
    #: Facts, parameters and indicators the formula reads, in order of first use.
    facts: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    #: Text asking the school for the missing data; ``{missing}`` lists the column headers.
    no_data: RecommendationSpec | None = None
    not_applicable: RecommendationSpec | None = None
    location: Location = Location()
    #: A short title for narrow places (the heat map's column header); empty when not given.
    short: str = ""
    #: Named targets for ``{gap.name}``: a number, or the name of a numeric parameter.
    targets: tuple[tuple[str, BoundValue], ...] = ()


@attrs.frozen
class Metadata:
    """What a ruleset is, who issued it and for which academic year."""

    id: str
    title: str
    version: str
    period: str = ""
    issuer: str = ""
    source: str = ""
    locale: str = "ru"
    description: str = ""


@attrs.frozen
class EntitySpec:
    """How entities (schools) are named and identified in facts tables."""

    title: str = "ОО"
    id_column: str = "id"
    name_column: str = "name"
    period_column: str = "period"
    #: Columns with each entity's group (municipality) id and name, when the table has them.
    group_column: str | None = None
    group_name_column: str | None = None
    #: An id is this many digits, or of this form: ids Excel stripped of leading zeros are padded.
    id_width: int | None = None
    id_pattern: str | None = None
    #: The title with numbers, «1 школа, 2 школы, 5 школ»; empty: the title, not declined
    #: (an abbreviation such as ОО or МО). The third form is also «нет школ с данными».
    forms: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: The dative plural, «по школам»; empty: the title.
    dative_plural: str = ""
    #: Whom an entity's section and letter address, in the dative: «руководителю».
    head: str = "руководителю"

    def count(self, n: float) -> str:
        """``12 ОО``, ``1 школа``, ``5 школ``: a number of entities."""
        return entity_count(n, self.title, self.forms)

    @property
    def no_value(self) -> str:
        """«нет ОО с данными», «нет школ с данными»: why a value over the entities has none."""
        many = self.forms[2] if len(self.forms) == 3 else self.title
        return f"нет {many} с данными"


@attrs.frozen
class Markers:
    """What a dash or a word in a number cell means: no data, or zero (docs/facts-files.md).

    The defaults follow the conventions of Rosstat tables: «–» none, «…» no data, «х» not
    applicable (so no data here).
    """

    no_data: tuple[str, ...] = ("…", "...", "н/д", "нет данных", "x", "х")
    zero: tuple[str, ...] = ("-", "–", "—", "нет")


@attrs.frozen
class GroupSpec:
    """The level above the entities (the municipality above its schools): how it is named."""

    title: str = "МО"
    id: str = "all"
    name: str = ""
    id_column: str | None = None
    name_column: str | None = None


class AggregateMethod(enum.Enum):
    """How an aggregate turns the schools' results into one number (docs/municipal.md)."""

    POOLED = "pooled"
    MEAN = "mean"
    MEDIAN = "median"
    SUM = "sum"
    MIN = "min"
    MAX = "max"
    COUNT = "count"
    SHARE = "share"
    TOP = "top"
    BOTTOM = "bottom"


@attrs.frozen
class AggregateSpec:
    """A declared aggregate: one value per group and period, computed over its schools."""

    id: str
    title: str
    method: AggregateMethod
    #: The school indicator, fact or trend the aggregate is over; None for a bare condition.
    of: str | None
    #: ``indicator``, ``fact`` or ``trend``.
    of_kind: str = "indicator"
    where: str | None = None
    levels: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    limit: int | None = None
    unit: Unit = Unit.NUMBER
    precision: int = 2
    better: Better = Better.NONE
    location: Location = Location()
    #: What ``{x.schools}`` shows in brackets: an indicator, a fact, ``gap``, ``gap.x``,
    #: ``shortfall`` (of ``of``) or ``none``; None: the value of ``of``.
    show: str | None = None
    #: The order of the listed schools: ``worst`` (first), ``facts``, ``name`` or ``id``.
    order: str = "worst"
    #: 1: computed from the first pass; 2: after the comparisons, from the school findings
    #: (it reads a comparison, levels relative to an aggregate, an aggregate, or the scores).
    stage: int = 1
    #: Condition ``band``: the titles of the bands of ``of`` the school's value is to be in.
    band_titles: tuple[str, ...] = ()
    #: Condition ``missing``: the facts of which the school left at least one empty, and their
    #: column headers (what ``{x.schools}`` lists in brackets).
    missing: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()


@attrs.frozen
class TrendCondition:
    """One condition of a trend rule: ``stable_at_least: 60``, ``falling: 2``, ``change_above``."""

    #: ``stable_at_least`` ... ``change_below``, ``rising``, ``falling``.
    key: str
    bound: BoundValue | None = None
    #: For ``rising``/``falling``: how many changes in a row.
    count: int = 0

    @property
    def window(self) -> int:
        """How many values the condition looks at; 0 for ``stable_*``: the rule's periods."""
        if self.key in {"rising", "falling"}:
            return self.count + 1
        if self.key.startswith("change_"):
            return 2
        return 0


@attrs.frozen
class TrendRule:
    """One rule of a trend: conditions over the last values (all must hold), and what it means."""

    id: str
    title: str
    #: The first condition's key (see ``conditions``); None for the fallback.
    condition: str | None
    bound: BoundValue | None = None
    #: For ``rising``/``falling``: how many changes in a row.
    count: int = 0
    level: str | None = None
    points: float | None = None
    recommendations: tuple[RecommendationSpec, ...] = ()
    location: Location = Location()
    #: Every condition of the rule, the first included; all must hold. Empty for the fallback.
    conditions: tuple[TrendCondition, ...] = ()
    #: The periods the rule needs, when it says so (``periods:``); else its conditions say it.
    periods: int | None = None

    @property
    def window(self) -> int:
        """How many values (periods) the rule looks at; 0 when its ``stable_*`` use the trend's."""
        if self.periods is not None:
            return self.periods
        if self.condition is None:
            return 1
        windows = [c.window for c in self.conditions] or [
            TrendCondition(self.condition, self.bound, self.count).window
        ]
        if 0 in windows:
            return 0
        return max(windows)


@attrs.frozen
class TrendSpec:
    """A declared trend over a school indicator (``school``) or a group value (``group``)."""

    id: str
    title: str
    of: str
    scope: str
    periods: int
    rules: tuple[TrendRule, ...]
    location: Location = Location()

    def needs(self, rule: TrendRule) -> int:
        """The periods a rule needs: consecutive ones with a value, ending at the current one.

        Its own ``periods`` when it says so; else the longest window of its conditions, with
        ``stable_*`` over the trend's ``periods``; the fallback (no condition) needs as many as
        the other rule that needs the fewest (two when it is the only rule).
        """
        if rule.periods is not None:
            return rule.periods
        if rule.condition is None:
            others = [self.needs(r) for r in self.rules if r.condition is not None]
            return min(others) if others else 2
        return rule.window or self.periods


@attrs.frozen
class ScoringSpec:
    """How points are totalled: whether no_data counts in the maximum; overall levels by %."""

    no_data: str = "exclude"
    levels: tuple[Band, ...] = ()
