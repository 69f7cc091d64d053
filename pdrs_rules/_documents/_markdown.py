"""The report as Markdown: the same content as the HTML page, with tables instead of charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pdrs_rules._arguments import checked
from pdrs_rules._formula._slots import Sentence, Slot
from pdrs_rules._i18n._typography import typeset

from ._content import Chart, Document, SchoolSection, SharedText, build_document

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["document_markdown", "render_markdown"]

# User text never starts a line here (it follows "- **", "| " or "# "), so only the characters
# that act inside a line are escaped; "&" too, or "&lt;" in a school name would render as "<".
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"} | {"&": "&amp;", "\n": " ", "\r": " "})


def _md(text: object) -> str:
    """User text as literal Markdown, with Russian no-break spaces («№ 1», «19 ОО»).

    Every character that would act inside a line is escaped.
    """
    return typeset(str(text)).translate(_SPECIAL)


def _sentence(parts: Sentence) -> str:
    """A shared text with its slots in italics and their brackets escaped."""
    return "".join(f"*\\[{_md(p.label)}\\]*" if isinstance(p, Slot) else _md(p) for p in parts)


def _table(head: list[str], rows: list[list[str]], right: int = 0) -> list[str]:
    """A pipe table; the last ``right`` columns are aligned right (numbers)."""
    align = ["---"] * (len(head) - right) + ["---:"] * right
    return [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def _header(doc: Document) -> list[str]:
    lines = [f"# {_md(doc.title)}", ""]
    if doc.subtitle:
        lines += [f"**{_md(doc.subtitle)}**", ""]
    if doc.home:
        lines += [f"[← Сводный отчёт]({doc.home.replace(' ', '%20')})", ""]
    if doc.issuer:
        lines += [_md(doc.issuer), ""]
    lines.append(f"- **Период:** {_md(doc.period or '—')}")
    if len(doc.periods) > 1:
        lines.append(f"- **Периоды в данных:** {_md(', '.join(doc.periods))}")
    lines.append(f"- **Набор правил:** {_md(doc.ruleset_id)}, версия {_md(doc.version)}")
    if doc.source:
        lines.append(f"- **Источник:** {_md(doc.source)}")
    lines.append("")
    if doc.parameters:
        lines += _table(["Параметр", "Значение"], [[_md(t), _md(v)] for t, v in doc.parameters], 1)
    return lines


def _summary(doc: Document) -> list[str]:
    lines = ["## Общие выводы", ""]
    if not doc.summaries:
        lines += [
            (
                "В наборе правил нет муниципального уровня: общие выводы не формируются, "
                f"результаты приведены по всем {_md(doc.entity_dative)}."
            ),
            "",
        ]
    for summary in doc.summaries:
        lines += [f"### {_md(summary.group_title)}: {_md(summary.group_name)}", ""]
        if summary.aggregates:
            lines += _table(
                ["Показатель", "Значение"], [[_md(t), _md(v)] for t, v in summary.aggregates], 1
            )
        for item in summary.conclusions:
            status = f" ({_md(item.level_title)})" if item.level_title else ""
            lines.append(f"- **{_md(item.title)}:** {_md(item.display)}{status}")
            lines += [f"  - *{_md(to)}:* {_md(text)}" for to, text in item.texts]
        if summary.score:
            lines.append(f"- **Итого баллов:** {_md(summary.score)}")
        if lines[-1]:
            lines.append("")
    return lines


def _addressees(doc: Document) -> list[str]:
    lines = ["## Адресные рекомендации по адресатам", ""]
    if not doc.addressees:
        lines += ["Рекомендаций нет.", ""]
    for block in doc.addressees:
        lines += [f"### {_md(block.title)}", ""]
        for group in block.groups:
            schools = group.count or len(group.entities)
            count = "" if group.from_group else doc.entity_count(schools)
            lines += [f"#### {_md(group.source + (f' — {count}' if count else ''))}", ""]
            for part in group.parts or group.items:
                if isinstance(part, SharedText):
                    if lines[-1]:
                        lines.append("")
                    lines += _shared(part, doc)
                else:
                    lines.append(f"- **{_md(part[0])}:** {_md(part[1])}")
            if lines[-1]:
                lines.append("")
    return lines


def _shared(shared: SharedText, doc: Document) -> list[str]:
    entity_title = doc.entity_title
    """The sentence once, then the schools with the values of its slots."""
    lines = [_sentence(shared.sentence), ""]
    if not shared.rows:
        note = f"{doc.entity_count(shared.count)}; значения — на страницах групп"
        return [*lines, f"{_md(note)}.", ""]
    if not shared.columns:
        names = "; ".join(_md(name) for name, _ in shared.rows)
        return [*lines, f"{_md(entity_title)}: {names}.", ""]
    head = [_md(entity_title), *(_md(c[:1].upper() + c[1:]) for c in shared.columns)]
    rows = [[_md(name), *(_md(v) for v in values)] for name, values in shared.rows]
    return [*lines, *_table(head, rows, len(shared.columns))]


def _heat_map(doc: Document) -> list[str]:
    legend = ", ".join(_md(item.title) for item in reversed(doc.legend))
    lines = ["## Сводная таблица показателей", "", f"Уровни от лучшего к худшему: {legend}.", ""]
    rows = [
        [f"**{_md(row.school_name)}**"]
        + [
            _md(cell.display) + (f" ({_md(cell.note)})" if cell.note and cell.display else "")
            if cell.display
            else "—"
            for cell in row.cells
        ]
        for row in doc.heat_map
    ]
    level_titles = {item.id: item.title for item in doc.legend}
    # Markdown has no colour: a value in the worse half of the levels says its level in words.
    for row, source in zip(rows, doc.heat_map, strict=True):
        for index, cell in enumerate(source.cells, 1):
            if cell.level and cell.rank is not None and cell.rank < len(doc.legend) / 2:
                row[index] += f" ({_md(level_titles.get(cell.level, cell.level))})"
    shorts = doc.shorts or ("",) * len(doc.indicators)
    heads = [
        f"{n}. {_md(short)}" if short else str(n)
        for (n, _), short in zip(doc.indicators, shorts, strict=True)
    ]
    lines += _table([_md(doc.entity_title), *heads], rows)
    lines += [f"{n}. {_md(title)}" for n, title in doc.indicators]
    lines.append("")
    return lines


def _chart(chart: Chart, doc: Document, levels: list[str]) -> list[str]:
    entity_title = doc.entity_title
    lines = [f"### {chart.number}. {_md(chart.title)}", ""]
    if chart.bins:
        # A histogram as a table: a row per range of values, a column per level.
        head = ["Значения", *(_md(level) for level in levels), _md(entity_title)]
        rows = [
            [_md(b.label), *(str(n) for n in b.counts[: len(levels)]), str(sum(b.counts))]
            for b in chart.bins
        ]
        lines += _table(head, rows, len(levels) + 1)
    elif chart.boxes:
        head = ["Группа", _md(entity_title), "мин.", "Q1", "медиана", "Q3", "макс."]
        rows = [[_md(b.group), str(b.count), *(_md(v) for v in b.shown)] for b in chart.boxes]
        lines += _table(head, rows, 6)
    else:
        rows = [[str(i), _md(b.school_name), _md(b.display)] for i, b in enumerate(chart.bars, 1)]
        lines += _table(["№", _md(entity_title), "Значение"], rows, 1)
    if chart.thresholds:
        lines.append(f"Границы уровней: {', '.join(_md(t.label) for t in chart.thresholds)}.")
    lines += [f"{_md(r.label)}." for r in chart.references]
    if chart.worst:
        lines.append(f"Худшие значения: {_md('; '.join(chart.worst))}.")
    if chart.missing:
        lines.append(f"Нет значения: {_md('; '.join(chart.missing))}.")
    elif chart.missing_count:
        lines.append(f"Нет значения: {_md(doc.entity_count(chart.missing_count))}.")
    if lines[-1]:
        lines.append("")
    return lines


def _pages(doc: Document) -> list[str]:
    levels = [_md(item.title) for item in doc.legend]  # worst first, as PageLink.levels
    lines = ["## Страницы по группам", ""]
    lines += [f"{_md(doc.entity_count(doc.school_count))}.", ""]
    rows = [
        [f"[{_md(p.title)}]({p.href.replace(' ', '%20')})", str(p.schools)]
        + [str(n) for n in p.levels]
        + [str(p.recommendations)]
        for p in doc.pages
    ]
    head = ["Страница", _md(doc.entity_title), *levels, "Рекомендаций"]
    return lines + _table(head, rows, len(levels) + 2)


def _school(section: SchoolSection, head: str) -> list[str]:
    lines = [f"## Адресные рекомендации {_md(head)} {_md(section.school_name)}", ""]
    if section.score:
        lines += [f"**Итого баллов:** {_md(section.score)}", ""]
    rows = []
    for item in section.items:
        how = [_md(item.explanation)] if item.explanation else []
        if item.reason:
            how.append(f"Причина: {_md(item.reason)}")
        rows.append([_md(item.title), _md(item.display), _md(item.status), "; ".join(how)])
    lines += _table(["Показатель", "Значение", "Уровень", "Как получено"], rows)
    recommendations = section.recommendations
    if recommendations:
        lines += ["**Рекомендации:**", ""]
        for to, texts in recommendations:
            lines += [f"*{_md(to[:1].upper() + to[1:])}:*", ""]
            lines += [f"{number}. {_md(text)}" for number, text in enumerate(texts, 1)]
            lines.append("")
    return lines


def _gaps(doc: Document) -> list[str]:
    lines = ["## Пробелы в данных", ""]
    if not doc.gaps and not doc.warnings and not doc.gap_counts:
        lines += ["Пробелов в данных нет: все показатели вычислены.", ""]
    if doc.gap_counts:
        lines += _table(
            ["Показатель", "Результат", _md(doc.entity_title)],
            [[_md(title), _md(outcome), str(n)] for title, outcome, n in doc.gap_counts],
            1,
        )
    if doc.gaps:
        lines += _table(
            [_md(doc.entity_title), "Показатель", "Результат", "Причина"],
            [
                [_md(g.school_name), _md(g.indicator), _md(g.outcome), _md(g.reason)]
                for g in doc.gaps
            ],
        )
    if doc.warnings:
        lines += ["Замечания при чтении данных:", ""]
        lines += [f"- {_md(w)}" for w in doc.warnings]
        lines.append("")
    return lines


def document_markdown(doc: Document) -> str:
    """Lay out a :class:`Document` as Markdown (GitHub-flavoured tables)."""
    lines = [*_header(doc), *_summary(doc), *_addressees(doc)]
    if doc.heat_map:
        lines += _heat_map(doc)
    lines += ["## Диаграммы по показателям", ""]
    levels = [item.title for item in doc.legend]
    for chart in doc.charts:
        lines += _chart(chart, doc, levels)
    if doc.pages:
        lines += _pages(doc)
    lines += _gaps(doc)
    for section in doc.schools:
        lines += _school(section, doc.entity_head)
    return "\n".join(lines).rstrip("\n") + "\n"


@checked
def render_markdown(report: Report, ruleset: Ruleset, *, period: str | None = None) -> str:
    """The report as Markdown for ``period`` (the latest by default).

    Raises ``ValueError`` when ``period`` is not in the report.
    """
    return document_markdown(build_document(report, ruleset, period=period))
