"""The text of ``pdrs-rules explain``: an Explanation in plain Russian."""

from __future__ import annotations

from ._explain import Distance, Explanation, IndicatorExplanation
from ._model import Outcome
from ._russian import format_number

__all__ = ["render"]

_DIRECTIONS = {"better": "Лучше", "worse": "Хуже", "higher": "Выше", "lower": "Ниже"}
_KINDS = {"indicator": "показатель ", "aggregate": "агрегат ", "parameter": "параметр "}


def render(explanation: Explanation) -> str:
    """The explanation as the methodologist reads it: one numbered block per finding."""
    ruleset = f"{explanation.ruleset_id}, версия {explanation.ruleset_version}"
    lines = [f"Набор правил: {ruleset} — «{explanation.ruleset_title}»"]
    if explanation.facts_file:
        lines.append(f"Данные: {explanation.facts_file}")
    period = f", период {explanation.period}" if explanation.period else ""
    lines.append(f"ОО: {explanation.school_id} «{explanation.school_name}»{period}")
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
