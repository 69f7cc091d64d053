"""What ``explain`` finds for one school, and its plain Russian text for the methodologist."""

from __future__ import annotations

import attrs

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import Outcome, Recommendation
from pdrs_rules.errors import Diagnostic

__all__ = [
    "Distance",
    "Explanation",
    "FactChange",
    "IndicatorExplanation",
    "NameValue",
    "render",
]


@attrs.frozen
class NameValue:
    """A name a formula reads, with its title, value and where the value came from."""

    name: str
    #: ``fact``, ``parameter``, ``indicator``, ``aggregate`` or ``previous``.
    kind: str
    title: str
    value: str
    #: The column of a fact, the source of a parameter, how an indicator was computed.
    note: str = ""


@attrs.frozen
class FactChange:
    """One fact changed alone, the least that reaches another level; checked by the engine."""

    fact: str
    title: str
    before: int
    after: int
    #: The indicator's display and level with the changed fact, as the engine computes them.
    display: str
    level: str
    level_title: str


@attrs.frozen
class Distance:
    """How far the value is from the nearest band with another level on one side."""

    #: ``better``/``worse``, or ``higher``/``lower`` for an indicator with ``better: none``.
    direction: str
    level: str
    level_title: str
    #: The condition the other band puts on the value: ``не ниже 50%``.
    condition: str
    #: The distance in the indicator's unit: ``10 п.п.``.
    amount: str
    #: The value is on the threshold itself (the distance is exactly 0).
    on_edge: bool = False
    facts: tuple[FactChange, ...] = ()


@attrs.frozen
class IndicatorExplanation:
    """One finding of one school explained."""

    indicator: str
    title: str
    outcome: Outcome
    display: str
    formula: str
    #: The formula with the values put in, as the finding's ``explanation`` has it.
    substituted: str
    names: tuple[NameValue, ...]
    level: str | None = None
    level_title: str = ""
    #: The band in words and in interval notation: ``не ниже 30% и ниже 50% — [30%; 50%)``.
    band: str = ""
    points: float | None = None
    distances: tuple[Distance, ...] = ()
    reason: str = ""
    recommendations: tuple[Recommendation, ...] = ()


@attrs.frozen
class Explanation:
    """Every explained finding of one school in one period, and what they were computed from."""

    ruleset_id: str
    ruleset_version: str
    ruleset_title: str
    facts_file: str
    school_id: str
    school_name: str
    period: str
    items: tuple[IndicatorExplanation, ...]
    #: Problems of the facts that did not stop the run (unknown columns, unused group rows).
    warnings: tuple[Diagnostic, ...] = ()
    #: What the ruleset calls the entity explained: «ОО», «МО».
    entity_title: str = "ОО"

    def to_text(self) -> str:
        """The explanation in plain Russian, for the methodologist."""
        return render(self)


_DIRECTIONS = {"better": "Лучше", "worse": "Хуже", "higher": "Выше", "lower": "Ниже"}
_KINDS = {"indicator": "показатель ", "aggregate": "агрегат ", "parameter": "параметр "}


def render(explanation: Explanation) -> str:
    """The explanation as the methodologist reads it: one numbered block per finding."""
    ruleset = f"{explanation.ruleset_id}, версия {explanation.ruleset_version}"
    lines = [f"Набор правил: {ruleset} — «{explanation.ruleset_title}»"]
    if explanation.facts_file:
        lines.append(f"Данные: {explanation.facts_file}")
    period = f", период {explanation.period}" if explanation.period else ""
    lines.append(
        f"{explanation.entity_title}: {explanation.school_id} «{explanation.school_name}»{period}"
    )
    for number, item in enumerate(explanation.items, 1):
        lines += ["", *_render_item(number, item)]
    return "\n".join(lines) + "\n"


def _render_item(number: int, item: IndicatorExplanation) -> list[str]:
    head = f"{number}. {item.title} ({item.indicator}): {item.display}"
    if item.level is not None:
        head += f" — уровень «{item.level_title}» ({item.level})"
    if item.points is not None:
        head += f", баллы: {format_number(item.points)}"
    lines = [head]
    if item.formula:
        lines.append(f"   Формула: {item.formula}")
    if item.substituted and item.outcome is Outcome.EVALUATED:
        lines.append(f"   Расчёт: {item.substituted}")
    for index, name in enumerate(item.names):
        lead = "   где " if index == 0 else "       "
        note = f" ({name.note})" if name.note else ""
        kind = _KINDS.get(name.kind, "")
        lines.append(f"{lead}{name.name} — {kind}«{name.title}» = {name.value}{note}")
    if item.reason:
        lines.append(f"   Причина: {item.reason}")
    if item.band:
        lines.append(f"   Полоса: {item.band}")
    if item.level is not None and item.band and not item.distances:
        lines.append("   Порогов нет: у показателя один уровень.")
    for distance in item.distances:
        lines += _render_distance(distance)
    if item.recommendations:
        lines.append("   Рекомендации:")
        lines += [f"     → {r.to_title}: {r.text}" for r in item.recommendations]
    elif item.outcome is Outcome.EVALUATED:
        lines.append("   Рекомендаций нет.")
    return lines


def _render_distance(distance: Distance) -> list[str]:
    # Towards a worse level the distance is a margin; towards a better one, the way to go.
    word = "запас" if distance.direction in {"worse", "lower"} else "до порога"
    lines = [
        f"   {_DIRECTIONS[distance.direction]} — уровень «{distance.level_title}» "
        f"({distance.level}) при значении {distance.condition}: {word} {distance.amount}"
        + (" (значение на самом пороге)" if distance.on_edge else "")
    ]
    for change in distance.facts:
        delta = change.after - change.before
        sign = "+" if delta > 0 else "−"
        lines.append(
            f"     например, «{change.title}»: {change.after} вместо {change.before} "
            f"({sign}{abs(delta)}) → {change.display}, уровень «{change.level_title}»"
        )
    return lines
