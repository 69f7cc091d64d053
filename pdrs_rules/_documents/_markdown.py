"""The report as Markdown: the same content as the HTML page, with tables instead of charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._content import Chart, Document, SchoolSection, build_document

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["document_markdown", "render_markdown"]

# User text never starts a line here (it follows "- **", "| " or "# "), so only the characters
# that act inside a line are escaped; "&" too, or "&lt;" in a school name would render as "<".
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"} | {"&": "&amp;", "\n": " ", "\r": " "})


def _md(text: object) -> str:
    """User text as literal Markdown: every character that would act inside a line is escaped."""
    return str(text).translate(_SPECIAL)


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
            count = "" if group.from_group else doc.entity_count(len(group.entities))
            lines += [f"#### {_md(group.source)}" + (f" — {_md(count)}" if count else ""), ""]
            lines += [f"- **{_md(name)}:** {_md(text)}" for name, text in group.items]
            lines.append("")
    return lines


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
    lines += _table([_md(doc.entity_title)] + [str(n) for n, _ in doc.indicators], rows)
    lines += [f"{n}. {_md(title)}" for n, title in doc.indicators]
    lines.append("")
    return lines


def _chart(chart: Chart, entity_title: str) -> list[str]:
    lines = [f"### {chart.number}. {_md(chart.title)}", ""]
    rows = [[str(i), _md(b.school_name), _md(b.display)] for i, b in enumerate(chart.bars, 1)]
    lines += _table(["№", _md(entity_title), "Значение"], rows, 1)
    if chart.thresholds:
        lines.append(f"Границы уровней: {', '.join(_md(t.label) for t in chart.thresholds)}.")
    lines += [f"{_md(r.label)}." for r in chart.references]
    if chart.missing:
        lines.append(f"Нет значения: {_md('; '.join(chart.missing))}.")
    if chart.thresholds or chart.references or chart.missing:
        lines.append("")
    return lines


def _school(section: SchoolSection, head: str) -> list[str]:
    lines = [f"## Адресные рекомендации {_md(head)} {_md(section.school_name)}", ""]
    if section.score:
        lines += [f"**Итого баллов:** {_md(section.score)}", ""]
    for item in section.items:
        status = f" ({_md(item.status)})" if item.status else ""
        lines.append(f"- **{_md(item.title)}:** {_md(item.display)}{status}")
        if item.explanation:
            lines.append(f"  - {_md(item.explanation)}")
        if item.reason:
            lines.append(f"  - Причина: {_md(item.reason)}")
        lines += [f"  - *{_md(to)}:* {_md(text)}" for to, text in item.recommendations]
    lines.append("")
    return lines


def _gaps(doc: Document) -> list[str]:
    lines = ["## Пробелы в данных", ""]
    if not doc.gaps and not doc.warnings:
        lines += ["Пробелов в данных нет: все показатели вычислены.", ""]
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
    lines = [*_header(doc), *_summary(doc), *_addressees(doc), *_heat_map(doc)]
    lines += ["## Диаграммы по показателям", ""]
    for chart in doc.charts:
        lines += _chart(chart, doc.entity_title)
    lines += _gaps(doc)
    for section in doc.schools:
        lines += _school(section, doc.entity_head)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(report: Report, ruleset: Ruleset, *, period: str | None = None) -> str:
    """The report as Markdown for ``period`` (the latest by default).

    Raises ``ValueError`` when ``period`` is not in the report.
    """
    return document_markdown(build_document(report, ruleset, period=period))
