"""What the passport says in words: texts as sample sentences, scoring, units, ranges.

A recommendation text is written with placeholders («{gap|plural:педагогу,педагогам,…}»); a
passport sent for approval shows it as the sentence a school gets, with the parts that differ
from school to school as slots («ещё [N] педагогам») and the thresholds filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._formula._slots import (
    AGGREGATE_PART_LABELS,
    PLACEHOLDER_LABELS,
    Slot,
    sentence,
    slot_names,
)
from pdrs_rules._formula._template import Placeholder, Template, parse_template
from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import (
    AggregateMethod,
    Band,
    Better,
    Bound,
    FactSpec,
    IndicatorSpec,
    ParameterSpec,
    ParamValue,
    TrendSpec,
    Unit,
    format_threshold,
)
from pdrs_rules.report._report import param_text

from ._blocks import Block, Heading, Paragraph, Table, Text

__all__ = [
    "BETTER_WORDS",
    "METHOD_WORDS",
    "TYPE_WORDS",
    "UNIT_WORDS",
    "band_values",
    "fact_bounds",
    "parameter_range",
    "parameter_text",
    "points_text",
    "sample_text",
    "scoring_blocks",
    "slot_label",
]

UNIT_WORDS: Mapping[Unit, str] = {
    Unit.PERCENT: "%",
    Unit.COUNT: "количество",
    Unit.SCORE: "баллы",
    Unit.NUMBER: "число",
    Unit.BOOLEAN: "да/нет",
}
BETTER_WORDS: Mapping[Better, str] = {
    Better.HIGHER: "чем больше, тем лучше",
    Better.LOWER: "чем меньше, тем лучше",
}
METHOD_WORDS: Mapping[AggregateMethod, str] = {
    AggregateMethod.POOLED: "сводное значение по ОО (сумма числителей / сумма знаменателей)",
    AggregateMethod.MEAN: "среднее значение по ОО",
    AggregateMethod.MEDIAN: "медиана по ОО",
    AggregateMethod.SUM: "сумма по ОО",
    AggregateMethod.MIN: "наименьшее значение по ОО",
    AggregateMethod.MAX: "наибольшее значение по ОО",
    AggregateMethod.COUNT: "число ОО",
    AggregateMethod.SHARE: "доля ОО, %",
    AggregateMethod.TOP: "ОО с наибольшими значениями",
    AggregateMethod.BOTTOM: "ОО с наименьшими значениями",
}
TYPE_WORDS = {"integer": "целое число", "number": "число", "boolean": "да/нет", "string": "текст"}

#: What the placeholders only trend texts have stand for.
_TREND_LABELS = {
    "change": "изменение",
    "previous": "предыдущее значение",
    "series": "значения по периодам",
    "rule": "правило",
}


def sample_text(
    template: Template | str,
    *,
    fixed: Mapping[str, str],
    label: Callable[[str], str],
) -> Text:
    """The text as a sentence: ``fixed`` placeholders filled in, the others as slots."""
    parsed = parse_template(template) if isinstance(template, str) else template
    names = slot_names(parsed, label)

    def fill(index: int, placeholder: Placeholder) -> str | Slot:
        if placeholder.filter is None and placeholder.name in fixed:
            return fixed[placeholder.name]
        return Slot(names[index])

    return sentence(parsed, fill)


def band_values(
    band: Band | None,
    indicator: IndicatorSpec,
    params: Mapping[str, ParameterSpec],
) -> dict[str, str]:
    """``{threshold}``, ``{lower}`` and ``{upper}`` of a band, with the parameters' defaults."""

    def shown(bound: Bound | None) -> str | None:
        # A bound that moves with the group's value differs from group to group: a slot.
        if bound is None or bound.base is not None:
            return None
        value = params[bound.parameter].default if bound.parameter else bound.value
        return format_threshold(float(value), indicator.unit)

    if band is None:
        return {}
    low, high = shown(band.lower), shown(band.upper)
    # The bound a school must cross to do better, as the engine picks it for {threshold}.
    threshold = (high or low) if indicator.better is Better.HIGHER else (low or high)
    values = {"lower": low, "upper": high, "threshold": threshold, "indicator": indicator.title}
    return {name: value for name, value in values.items() if value is not None}


def slot_label(names: Mapping[str, tuple[str, str]], entity: str) -> Callable[[str], str]:
    """What a slot is called: «ОО», «значение», a fact's title."""

    def label(name: str) -> str:
        if name == "school":
            return entity
        _, dot, part = name.partition(".")
        if dot and part in AGGREGATE_PART_LABELS:
            return AGGREGATE_PART_LABELS[part].format(entity=entity)
        if name in PLACEHOLDER_LABELS:
            return PLACEHOLDER_LABELS[name]
        if name.startswith("gap."):  # the gap to a named target: a parameter or `targets:`
            target = names.get(name.partition(".")[2])
            return f"N до «{' '.join(target[1].split())}»" if target else "N"
        if name in _TREND_LABELS:
            return _TREND_LABELS[name]
        known = names.get(name)
        return " ".join(known[1].split()) if known else name

    return label


def scoring_blocks(
    compiled: CompiledRuleset,
    levels: Mapping[str, str],
    band_range: Callable[[Band, Unit], str],
) -> Iterator[Block]:
    """How points add up: the points of each scored indicator, the maximum, the overall level."""
    scoring = compiled.scoring
    if scoring is None:
        return
    yield Heading(2, ("Баллы и итоговый уровень",))
    entity = compiled.entity.title
    by_id = {i.id: i for i in (*compiled.indicators, *compiled.conclusions)}
    school = [by_id[i] for i in compiled.declared_order if i in by_id]
    group = [by_id[i] for i in compiled.conclusion_order if i in by_id]
    school_rows = _point_rows(school, [t for t in compiled.trends if t.scope != "group"], levels)
    group_rows = _point_rows(group, [t for t in compiled.trends if t.scope == "group"], levels)
    missing = "даёт 0 баллов и входит в неё" if scoring.no_data == "zero" else "в неё не входит"
    yield Paragraph(
        (
            (
                f"По каждому показателю {entity} получает баллы своего уровня; баллы складываются "
                "и сравниваются с наибольшей возможной суммой. Показатель, не применимый к "
                f"{entity} (знаменатель равен нулю), в наибольшую сумму не входит; показатель без "
                f"данных {missing}."
            ),
        )
    )
    head = ("Показатель", "Баллы по уровням", "Наибольший балл")
    if school_rows:
        yield Paragraph((f"Баллы {entity}:",))
        yield Table(head, school_rows)
    if group_rows:
        yield Paragraph((f"Баллы {compiled.group.title} — по выводам:",))
        yield Table(("Вывод", *head[1:]), group_rows)
    if scoring.levels:
        yield Paragraph(("Итоговый уровень — по доле набранных баллов от наибольшей суммы:",))
        yield Table(
            ("Доля от наибольшей суммы", "Итоговый уровень"),
            tuple(
                ((band_range(band, Unit.PERCENT),), (levels.get(band.level, band.level),))
                for band in scoring.levels
            ),
        )


def _point_rows(
    specs: list[IndicatorSpec], trends: list[TrendSpec], levels: Mapping[str, str]
) -> tuple[tuple[Text, ...], ...]:
    """(title, points by level, the most points) of each scored indicator and trend."""
    rows: list[tuple[Text, ...]] = []
    for spec in specs:
        points = [(levels.get(b.level, b.level), b.points) for b in spec.bands]
        rows.extend(_point_row(spec.title, points))
    for trend in trends:
        rows.extend(_point_row(trend.title, [(r.title, r.points) for r in trend.rules]))
    return tuple(rows)


def _point_row(title: str, points: list[tuple[str, float | None]]) -> list[tuple[Text, ...]]:
    scored = [(name, p) for name, p in points if p is not None]
    if not scored:
        return []
    by_level = "; ".join(f"{name} — {format_number(p)}" for name, p in scored)
    most = format_number(max(p for _, p in scored))
    return [((" ".join(title.split()),), (by_level,), (most,))]


def parameter_text(spec: ParameterSpec, value: ParamValue) -> str:
    """A parameter's value with its unit, written the Russian way: ``20%``, ``3 чел.``."""
    text = param_text(value)
    if spec.unit == "%" and not isinstance(value, (bool, str)):
        return text + "%"
    return f"{text} {spec.unit}" if spec.unit else text


def points_text(band: Band) -> str:
    return "—" if band.points is None else format_number(band.points)


def parameter_range(spec: ParameterSpec) -> str:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        return f"от {format_number(low)} до {format_number(high)}"
    if low is not None:
        return f"не меньше {format_number(low)}"
    if high is not None:
        return f"не больше {format_number(high)}"
    return "—"


def fact_bounds(fact: FactSpec, titles: Mapping[str, FactSpec] | None = None) -> str:
    """A fact's bounds in words; a bound that is another fact is named by its title if given."""

    def side(value: float | str) -> str:
        if isinstance(value, str):
            other = titles.get(value) if titles is not None else None
            return f"«{' '.join(other.title.split())}»" if other is not None else value
        return format_number(value)

    parts = []
    if fact.minimum is not None:
        parts.append(f"не меньше {side(fact.minimum)}")
    if fact.maximum is not None:
        parts.append(f"не больше {side(fact.maximum)}")
    if not fact.required:
        parts.append("столбец может отсутствовать")
    return "; ".join(parts) or "—"
