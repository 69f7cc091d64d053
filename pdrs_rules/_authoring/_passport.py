"""The indicator passport (паспорт показателей) of a ruleset, as Markdown or HTML."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

from pdrs_rules._arguments import checked
from pdrs_rules._engine._ruleset import Ruleset, load
from pdrs_rules._formula._words import Names, formula_in_words
from pdrs_rules._i18n._russian import format_number, plural_form
from pdrs_rules._model import (
    AggregateSpec,
    Band,
    FactSpec,
    IndicatorSpec,
    RecommendationSpec,
    TrendCondition,
    TrendRule,
    TrendSpec,
    Unit,
    format_threshold,
)

from ._blocks import (
    Block,
    Code,
    Heading,
    Items,
    Paragraph,
    Slot,
    Table,
    Text,
    to_html,
    to_markdown,
)
from ._passport_ranges import BandRanges, lines
from ._passport_words import (
    BETTER_WORDS,
    METHOD_WORDS,
    TYPE_WORDS,
    UNIT_WORDS,
    band_values,
    fact_bounds,
    parameter_range,
    parameter_text,
    points_text,
    sample_text,
    scoring_blocks,
    slot_label,
)

__all__ = ["PassportFormat", "parameter_text", "passport", "passport_format_for"]

#: ``md`` (Markdown, the default) or ``html`` (one self-contained printable page).
PassportFormat = Literal["md", "html"]


def passport_format_for(output: str | None, requested: str | None) -> PassportFormat:
    """The format asked for, else the one the output file's suffix implies, else Markdown."""
    if requested in {"md", "html"}:
        return "html" if requested == "html" else "md"
    if output is not None and Path(output).suffix.lower() in {".html", ".htm"}:
        return "html"
    return "md"


@checked
def passport(
    ruleset: Ruleset | str | os.PathLike[str],
    format: PassportFormat = "md",  # noqa: A002 - the word users know from --format
    *,
    ids: bool = False,
) -> str:
    """The indicator passport of a ruleset (or of the ruleset file at a path) as text.

    For each indicator: its title, the formula in words, the unit, the facts it is computed
    from (titles, table columns, level), the bands with thresholds, levels and points, and
    the recommendation texts with their addressees, as the sentences schools get; then the
    parameters, the municipality-level aggregates and conclusions, trends, scoring, and where
    the ruleset comes from. It is written for people who approve it: in Russian, without the
    identifiers of facts, parameters, indicators and levels; ``ids=True`` adds them, the
    formulas as written and the texts' templates, for the ruleset's authors.
    """
    if format not in {"md", "html"}:
        raise ValueError(f"format must be 'md' or 'html', got {format!r}")
    loaded = ruleset if isinstance(ruleset, Ruleset) else load(ruleset)
    blocks = list(_Passport(loaded, ids=ids).blocks())
    title = f"Паспорт показателей: {lines(loaded.metadata.title)}"
    return to_html(blocks, title) if format == "html" else to_markdown(blocks)


def _t(*parts: str | Code | Slot) -> Text:
    return tuple(part for part in parts if part)


class _Passport:
    def __init__(self, ruleset: Ruleset, *, ids: bool = False) -> None:
        self.ids = ids
        self.ruleset = ruleset
        self.compiled = ruleset.compiled
        self.params = ruleset.parameters
        self.facts: dict[str, FactSpec] = {f.name: f for f in self.compiled.facts}
        self.facts.update({f.name: f for f in self.compiled.group_facts})
        self.aggregates = {a.id: a for a in self.compiled.aggregates}
        self.levels = {level.id: level.title for level in self.compiled.levels}
        titles = {ident: a.title for ident, a in self.aggregates.items()}
        self.ranges = BandRanges(self.params, titles, ids=ids)
        self.names = self._names()
        self.label = slot_label(self.names, ruleset.entity.title)

    def _names(self) -> Names:
        c = self.compiled
        names: dict[str, tuple[str, str]] = {}
        names.update({t.id: ("тренд", t.title) for t in c.trends})
        names.update({i.id: ("вывод", i.title) for i in c.conclusions})
        names.update({a.id: ("агрегат", a.title) for a in c.aggregates})
        names.update({i.id: ("показатель", i.title) for i in c.indicators})
        names.update({p.name: ("параметр", p.title) for p in c.parameters})
        names.update({f.name: ("факт", f.title) for f in self.facts.values()})
        return names

    def blocks(self) -> Iterator[Block]:
        meta = self.ruleset.metadata
        yield Heading(1, _t(f"Паспорт показателей: {lines(meta.title)}"))
        yield from self._source()
        yield Paragraph(
            _t(
                f"Тексты рекомендаций приведены так, как их получает {self.ruleset.entity.title}; "
                "в квадратных скобках — то, что у каждой своё: ",
                Slot(self.ruleset.entity.title),
                " — наименование, ",
                Slot("значение"),
                " — значение показателя, ",
                Slot("N"),
                " — сколько не хватает до порога, ",
                Slot("недостающие данные"),
                " — каких данных нет; пороги — со значениями параметров по умолчанию.",
            )
        )
        yield from self._levels()
        if self.params:
            yield from self._parameters()
        yield Heading(2, _t("Показатели"))
        for number, spec in enumerate(self.ruleset.indicators.values(), 1):
            yield from self._indicator(number, spec, "Показатель")
        yield from self._facts()
        if self.compiled.aggregates:
            yield from self._aggregates()
        if self.compiled.conclusions:
            title = self.compiled.group.title
            yield Heading(2, _t(f"Выводы по {title}"))
            by_id = {c.id: c for c in self.compiled.conclusions}
            for number, ident in enumerate(self.compiled.conclusion_order, 1):
                yield from self._indicator(number, by_id[ident], "Вывод")
        if self.compiled.trends:
            yield Heading(2, _t("Динамика (тренды)"))
            for trend in self.compiled.trends:
                yield from self._trend(trend)
        yield from scoring_blocks(self.compiled, self.levels, self.ranges.plain)

    def _source(self) -> Iterator[Block]:
        meta = self.ruleset.metadata
        rows: list[tuple[Text, ...]] = [
            (_t("Набор правил"), _t(Code(meta.id))),
            (_t("Версия"), _t(meta.version)),
        ]
        for label, value in (
            ("Учебный год (период)", meta.period),
            ("Утвердил", meta.issuer),
            ("Документ-основание", meta.source),
            ("Описание", meta.description),
        ):
            if value.strip():
                rows.append((_t(label), _t(lines(value))))
        files = self.ruleset.files or (self.ruleset.file,)
        if self.ids:
            rows.append((_t("Файл"), _t(Code(Path(files[0]).name))))
        if len(files) > 1 and self.ids:
            bases = [Code(Path(f).name) for f in files[1:]]
            parts: list[str | Code] = []
            for base in bases:
                parts.extend((", " if parts else "", base))
            rows.append((_t("Основан на наборе"), _t(*parts)))
        yield Table(("Сведения", "Значение"), tuple(rows))

    def _levels(self) -> Iterator[Block]:
        yield Heading(2, _t("Уровни"))
        if not self.ids:
            titles = ", ".join(level.title for level in self.compiled.levels)
            yield Paragraph(_t(f"От худшего к лучшему: {titles}."))
            return
        yield Paragraph(_t("От худшего к лучшему:"))
        yield Table(
            ("Уровень", "Код"),
            tuple((_t(level.title), _t(Code(level.id))) for level in self.compiled.levels),
        )

    def _parameters(self) -> Iterator[Block]:
        yield Heading(2, _t("Параметры (пороговые и целевые значения)"))
        if self.ids:
            yield Paragraph(
                _t(
                    "Значение параметра можно изменить в наборе или при запуске: ",
                    Code("--param имя=значение"),
                    ".",
                )
            )
        else:
            yield Paragraph(_t("Значения параметров можно изменить в наборе правил."))
        head = ("Название", "По умолчанию", "Допустимые значения")
        rows = tuple(
            (
                *((_t(Code(p.name)),) if self.ids else ()),
                _t(lines(p.title)),
                _t(parameter_text(p, p.default)),
                _t(parameter_range(p)),
            )
            for p in self.params.values()
        )
        yield Table(("Параметр", *head) if self.ids else head, rows)

    def _indicator(self, number: int, spec: IndicatorSpec, label: str) -> Iterator[Block]:
        heading = _t(f"{number}. {lines(spec.title)} (", Code(spec.id), ")")
        yield Heading(3, heading if self.ids else _t(f"{number}. {lines(spec.title)}"))
        rows: list[tuple[Text, ...]] = []
        if spec.short:
            rows.append((_t("Краткое название"), _t(spec.short)))
        rows.append(
            (_t("Формула словами"), _t(formula_in_words(spec.formula, self.names, ids=self.ids)))
        )
        if self.ids:
            rows.append((_t("Формула"), _t(Code(spec.formula))))
        rows.append((_t("Единица измерения"), _t(UNIT_WORDS[spec.unit])))
        if spec.better in BETTER_WORDS:
            rows.append((_t("Направление"), _t(BETTER_WORDS[spec.better])))
        yield Table((label, "Значение"), tuple(rows))
        yield from self._sources(spec)
        if not spec.bands:
            yield Paragraph(_t("Для сведения: значение сообщается без уровня и баллов."))
        else:
            yield Paragraph(_t("Уровни и пороги:"))
            yield Table(
                ("Значение", "Уровень", "Баллы"),
                tuple(
                    (
                        _t(self.ranges.band(band, spec.unit)),
                        self._level(band),
                        _t(points_text(band)),
                    )
                    for band in spec.bands
                ),
            )
        texts = list(self._texts(spec))
        if texts:
            yield Paragraph(_t("Рекомендации:"))
            yield Items(tuple(texts))

    def _sources(self, spec: IndicatorSpec) -> Iterator[Block]:
        rows: list[tuple[Text, ...]] = []
        for name in spec.facts:
            fact = self.facts.get(name)
            if fact is not None:
                level = (
                    self.compiled.group.title
                    if fact.level == "group"
                    else self.ruleset.entity.title
                )
                rows.append(
                    (
                        _t("факт ", Code(name)) if self.ids else _t("факт"),
                        _t(lines(fact.title)),
                        _t(fact.column),
                        _t(level),
                    )
                )
            elif name in self.aggregates:
                aggregate = self.aggregates[name]
                rows.append(
                    (
                        _t("агрегат ", Code(name)) if self.ids else _t("агрегат"),
                        _t(lines(aggregate.title)),
                        _t("—"),
                        _t(self.compiled.group.title),
                    )
                )
        for name in spec.indicators:
            kind, title = self.names.get(name, ("показатель", name))
            source = _t(f"{kind} ", Code(name)) if self.ids else _t(kind)
            rows.append((source, _t(lines(title)), _t("—"), _t("—")))
        if rows:
            yield Paragraph(_t("Источники данных:"))
            yield Table(("Источник", "Название", "Столбец таблицы", "Уровень"), tuple(rows))

    def _level(self, band: Band) -> Text:
        title = self.levels.get(band.level, band.level)
        extra = f" — {lines(band.title)}" if band.title else ""
        if not self.ids:
            return _t(f"{title}{extra}")
        return _t(f"{title} (", Code(band.level), f"){extra}")

    def _texts(self, spec: IndicatorSpec) -> Iterator[Text]:
        for band in spec.bands:
            level = self.levels.get(band.level, band.level)
            when = f"Уровень «{level}», значение {self.ranges.band(band, spec.unit, named=False)}"
            for rec in band.recommendations:
                yield self._text(when, rec, band_values(band, spec, self.params))
        no_data = spec.no_data or self.compiled.default_no_data
        fixed = {"indicator": spec.title}
        if no_data is not None:
            yield self._text("Нет данных", no_data, fixed)
        if spec.not_applicable is not None:
            yield self._text(
                "Показатель не применим (знаменатель равен нулю)", spec.not_applicable, fixed
            )

    def _text(
        self, when: str, rec: RecommendationSpec, fixed: Mapping[str, str] | None = None
    ) -> Text:
        to = self.compiled.addressees.get(rec.to, rec.to)
        values = {
            **{p.name: parameter_text(p, p.default) for p in self.params.values()},
            **(fixed or {}),
        }
        template = self.compiled.templates.get(rec.text) or rec.text
        sample = sample_text(template, fixed=values, label=self.label)
        tail = _t(" (шаблон: ", Code(lines(rec.text)), ")") if self.ids else ()
        return (*_t(f"{when} — {to}: «"), *sample, "»", *tail)

    def _trend(self, trend: TrendSpec) -> Iterator[Block]:
        heading = _t(f"{lines(trend.title)} (", Code(trend.id), ")")
        yield Heading(3, heading if self.ids else _t(lines(trend.title)))
        scope = self.compiled.group.title if trend.scope == "group" else self.ruleset.entity.title
        periods = plural_form(trend.periods, "период", "периода", "периодов")
        yield Paragraph(
            _t(
                f"По значениям {formula_in_words(trend.of, self.names, ids=self.ids)} за последние "
                f"{trend.periods} {periods} (уровень: {scope}); "
                "правила проверяются по порядку, действует первое выполненное."
            )
        )
        unit = self._unit_of(trend.of)
        yield Table(
            ("Правило", "Условие", "Уровень", "Баллы"),
            tuple(
                (
                    _t(Code(rule.id), f" — {lines(rule.title)}")
                    if self.ids
                    else _t(lines(rule.title)),
                    _t(self._rule_condition(rule, trend, unit)),
                    _t(self.levels.get(rule.level, rule.level)) if rule.level else _t("—"),
                    _t("—" if rule.points is None else format_number(rule.points)),
                )
                for rule in trend.rules
            ),
        )
        texts = [
            self._text(
                f"Правило «{lines(rule.title)}»",
                rec,
                {"rule": rule.title, "indicator": trend.title},
            )
            for rule in trend.rules
            for rec in rule.recommendations
        ]
        if texts:
            yield Paragraph(_t("Рекомендации:"))
            yield Items(tuple(texts))

    def _unit_of(self, name: str) -> Unit:
        specs = {i.id: i.unit for i in (*self.compiled.indicators, *self.compiled.conclusions)}
        specs.update({a.id: a.unit for a in self.compiled.aggregates})
        return specs.get(name, Unit.NUMBER)

    def _rule_condition(self, rule: TrendRule, trend: TrendSpec, unit: Unit) -> str:
        if rule.condition is None:
            return "во всех остальных случаях"
        conditions = rule.conditions or (TrendCondition(rule.condition, rule.bound, rule.count),)
        stable = rule.periods or trend.periods
        return " и ".join(self._one_condition(c, stable, unit) for c in conditions)

    def _one_condition(self, condition: TrendCondition, stable: int, unit: Unit) -> str:
        if condition.key in {"rising", "falling"}:
            what = "рост" if condition.key == "rising" else "снижение"
            if condition.count == 1:
                return f"{what} за последний период"
            times = plural_form(condition.count, "раз", "раза", "раз")
            return f"{what} {condition.count} {times} подряд"
        kind, _, side = condition.key.partition("_")
        sign = {"at_least": "≥", "above": ">", "at_most": "≤", "below": "<"}[side]
        raw = condition.bound
        value = float(self.params[raw].default if isinstance(raw, str) else raw or 0)
        if kind == "change":
            # A change of a percentage is in percentage points, not percent.
            shown = f"{format_number(value)} п.п." if unit is Unit.PERCENT else format_number(value)
            text = f"изменение за последний период {sign} {shown}"
        else:
            text = f"все {stable} значения {sign} {format_threshold(value, unit)}"
        if isinstance(raw, str):
            shown = raw if self.ids else f"«{lines(self.params[raw].title)}»"
            return f"{text} (параметр {shown})"
        return text

    def _facts(self) -> Iterator[Block]:
        yield Heading(2, _t("Данные: столбцы таблицы фактов"))
        entity = self.ruleset.entity
        yield Paragraph(
            _t(
                f"Одна строка на {entity.title} и период; код — столбец «{entity.id_column}», "
                f"наименование — «{entity.name_column}», период — «{entity.period_column}». "
                "Пустая ячейка означает «нет данных», а не ноль."
            )
        )
        head = ("Название", "Столбец таблицы", "Тип", "Уровень", "Ограничения")
        yield Table(
            ("Факт", *head) if self.ids else head,
            tuple(
                (
                    *((_t(Code(f.name)),) if self.ids else ()),
                    _t(lines(f.title)),
                    _t(f.column),
                    _t(TYPE_WORDS[f.type.value] + (f", {f.unit}" if f.unit else "")),
                    _t(self.compiled.group.title if f.level == "group" else entity.title),
                    _t(fact_bounds(f, None if self.ids else self.facts)),
                )
                for f in self.facts.values()
            ),
        )

    def _aggregates(self) -> Iterator[Block]:
        group = self.compiled.group.title
        yield Heading(2, _t(f"Агрегаты по {group}"))
        head = ("Название", "Способ", "По чему", "Условие")
        yield Table(
            ("Агрегат", *head) if self.ids else head,
            tuple(
                (
                    *((_t(Code(a.id)),) if self.ids else ()),
                    _t(lines(a.title)),
                    _t(self._method(a)),
                    self._of(a.of),
                    _t(self._condition(a)),
                )
                for a in self.compiled.aggregates
            ),
        )

    def _of(self, name: str | None) -> Text:
        if not name:
            return _t("—")
        if self.ids:
            return _t(Code(name))
        return _t(lines(self.names.get(name, ("", name))[1]))

    def _method(self, aggregate: AggregateSpec) -> str:
        # The words say «ОО»; a ruleset may call its schools otherwise (ОУ in Sasovo).
        words = METHOD_WORDS[aggregate.method].replace("ОО", self.ruleset.entity.title)
        return words + (f" ({aggregate.limit})" if aggregate.limit else "")

    def _condition(self, aggregate: AggregateSpec) -> str:
        parts = []
        if aggregate.where:
            parts.append(formula_in_words(aggregate.where, self.names, ids=self.ids))
        if aggregate.levels:
            parts.append("уровень: " + ", ".join(self.levels.get(x, x) for x in aggregate.levels))
        if aggregate.rules:
            rules = {r.id: r.title for t in self.compiled.trends for r in t.rules}
            shown = aggregate.rules if self.ids else [rules.get(r, r) for r in aggregate.rules]
            parts.append("правило тренда: " + ", ".join(shown))
        return "; ".join(parts) or "—"
