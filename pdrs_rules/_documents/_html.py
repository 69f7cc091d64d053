"""The report as one self-contained HTML page: no network, no script, prints on A4."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from pdrs_rules._arguments import checked
from pdrs_rules._formula._slots import Sentence, Slot
from pdrs_rules._i18n._typography import typeset
from pdrs_rules.report._style import PAGE_CSP

from ._content import (
    AddresseeBlock,
    Document,
    GroupSummary,
    SchoolSection,
    build_document,
)
from ._parts import SharedText
from ._style import report_css
from ._svg import bar_chart, box_chart, histogram_chart

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["document_html", "render_html"]

#: A shared text's table of more schools than this, with at most two values each, is set in
#: two columns side by side.
_ONE_COLUMN_ROWS = 6
_TWO_UP_COLUMNS = 2


def _e(text: object) -> str:
    """An attribute value or markup-free id: escaped, kept exactly."""
    return escape(str(text), quote=True)


def _t(text: object) -> str:
    """Text a reader sees: escaped, with Russian no-break spaces («№ 1», «19 ОО»)."""
    return escape(typeset(str(text)), quote=False)


def _sentence(parts: Sentence) -> str:
    """A shared text, its slots marked as the columns of the table under it."""
    return "".join(
        f'<span class="slot">[{_t(p.label)}]</span>' if isinstance(p, Slot) else _t(p)
        for p in parts
    )


def _classes(*names: str | None) -> str:
    return _e(" ".join(n for n in names if n))


def _level_classes(level: str | None, rank: int | None) -> str:
    return _classes(f"level-{level}" if level else None, None if rank is None else f"rank-{rank}")


def _badge(title: str, level: str | None, rank: int | None) -> str:
    if not title:
        return ""
    return f'<span class="badge {_level_classes(level, rank)}">{_t(title)}</span>'


def _header(doc: Document) -> list[str]:
    parts = ["<header>"]
    if doc.issuer:
        parts.append(f'<p class="issuer">{_t(doc.issuer)}</p>')
    parts.append(f"<h1>{_t(doc.title)}</h1>")
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{_t(doc.subtitle)}</p>')
    if doc.home:
        parts.append(f'<p class="home"><a href="{_e(doc.home)}">← Сводный отчёт</a></p>')
    meta = [("Период", doc.period or "—")]
    if len(doc.periods) > 1:
        meta.append(("Периоды в данных", ", ".join(doc.periods)))
    meta.append(("Набор правил", f"{doc.ruleset_id}, версия {doc.version}"))
    if doc.source:
        meta.append(("Источник", doc.source))
    parts += [f'<p class="meta"><b>{_t(k)}:</b> {_t(v)}</p>' for k, v in meta]
    if doc.parameters:
        parts += _name_value_table("params", "Параметр", doc.parameters)
    parts.append("</header>")
    return parts


def _name_value_table(css: str, name: str, rows: Sequence[tuple[str, str]]) -> list[str]:
    """A two-column table: names on the left, values (numbers) right-aligned."""
    head = f'<table class="{css}"><thead><tr><th>{name}</th><th class="num">Значение</th></tr>'
    body = [f'<tr><td>{_t(t)}</td><td class="num">{_t(v)}</td></tr>' for t, v in rows]
    return [head, "</thead><tbody>", *body, "</tbody></table>"]


_SECTIONS = (
    ("summary", "Общие выводы"),
    ("recommendations", "Адресные рекомендации по адресатам"),
    ("heat-map", "Сводная таблица показателей"),
    ("charts", "Диаграммы по показателям"),
    ("pages", "Страницы по группам"),
    ("gaps", "Пробелы в данных"),
    ("schools", "Адресные рекомендации по {entity}"),
)


def _summary(doc: Document) -> list[str]:
    parts = ['<section id="summary">', "<h2>Общие выводы</h2>"]
    if not doc.summaries:
        parts.append(
            '<p class="note">В наборе правил нет муниципального уровня: общие выводы '
            f"не формируются, результаты приведены по всем {_t(doc.entity_dative)}.</p>"
        )
    for summary in doc.summaries:
        parts += _group_summary(summary, several=len(doc.summaries) > 1)
    parts.append("</section>")
    return parts


def _group_summary(summary: GroupSummary, *, several: bool) -> list[str]:
    parts = [f"<h3>{_t(summary.group_title)}: {_t(summary.group_name)}</h3>"] if several else []
    if not several and summary.group_name:
        parts.append(f'<p class="meta">{_t(summary.group_name)}</p>')
    if summary.aggregates:
        parts += _name_value_table("aggregates", "Показатель", summary.aggregates)
    for item in summary.conclusions:
        parts.append(f'<div class="conclusion {_level_classes(item.level, item.rank)}">')
        parts.append(
            f'<p class="head"><b>{_t(item.title)}</b>: {_t(item.display)} '
            f"{_badge(item.level_title, item.level, item.rank)}</p>"
        )
        parts += [f'<p><span class="to">{_t(to)}:</span> {_t(text)}</p>' for to, text in item.texts]
        parts.append("</div>")
    if summary.score:
        parts.append(f"<p><b>Итого баллов:</b> {_t(summary.score)}</p>")
    return parts


def _addressees(doc: Document) -> list[str]:
    parts = ['<section id="recommendations">', "<h2>Адресные рекомендации по адресатам</h2>"]
    if not doc.addressees:
        parts.append('<p class="note">Рекомендаций нет.</p>')
    for block in doc.addressees:
        parts += _addressee(block, doc)
    parts.append("</section>")
    return parts


def _addressee(block: AddresseeBlock, doc: Document) -> list[str]:
    parts = [f'<h3 class="addressee" data-to="{_e(block.to)}">{_t(block.title)}</h3>']
    for group in block.groups:
        schools = group.count or len(group.entities)
        count = "" if group.from_group else doc.entity_count(schools)
        tail = f'\u00a0<span class="note">—\u00a0{_t(count)}</span>' if count else ""
        parts.append(f"<h4>{_t(group.source)}{tail}</h4>")
        singles: list[str] = []
        for part in group.parts or group.items:
            if isinstance(part, SharedText):
                if singles:
                    parts += ["<ul>", *singles, "</ul>"]
                    singles = []
                parts += _shared(part, doc)
            else:
                name, text = part
                singles.append(f"<li><b>{_t(name)}</b>: {_t(text)}</li>")
        if singles:
            parts += ["<ul>", *singles, "</ul>"]
    return parts


def _shared(shared: SharedText, doc: Document) -> list[str]:
    """The sentence once, then the schools with the values of its slots."""
    parts = ['<div class="shared">', f'<p class="sentence">{_sentence(shared.sentence)}</p>']
    if not shared.rows:
        # A summary of many schools: how many, and their values on the groups' pages.
        note = f"{doc.entity_count(shared.count)}; значения — на страницах групп"
        return [*parts, f'<p class="note">{_t(note)}.</p>', "</div>"]
    if not shared.columns:
        names = "; ".join(_t(name) for name, _ in shared.rows)
        parts += [f'<p class="schools">{_t(doc.entity_title)}: {names}.</p>', "</div>"]
        return parts
    rows = shared.rows
    # A long list of a name and a number or two is set in two columns, as a printed list is.
    halves = (
        [rows[: (len(rows) + 1) // 2], rows[(len(rows) + 1) // 2 :]]
        if len(rows) > _ONE_COLUMN_ROWS and len(shared.columns) <= _TWO_UP_COLUMNS
        else [rows]
    )
    head = "".join(f'<th class="num">{_t(_capital(c))}</th>' for c in shared.columns)
    parts.append(f'<div class="values-{len(halves)}">')
    for half in halves:
        parts.append(f'<table class="values"><thead><tr><th>{_t(doc.entity_title)}</th>{head}</tr>')
        parts.append("</thead><tbody>")
        parts += [
            f"<tr><td>{_t(name)}</td>"
            + "".join(f'<td class="num">{_t(value)}</td>' for value in values)
            + "</tr>"
            for name, values in half
        ]
        parts.append("</tbody></table>")
    parts += ["</div>", "</div>"]
    return parts


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _legend(doc: Document) -> str:
    items = "".join(
        f'<li><span class="swatch {_level_classes(item.id, item.rank)}"></span>'
        f"{_t(item.title)}</li>"
        for item in reversed(doc.legend)
    )
    return f'<ul class="legend" aria-label="Уровни">{items}</ul>'


def _heat_map(doc: Document) -> list[str]:
    parts = ['<section id="heat-map">', "<h2>Сводная таблица показателей</h2>", _legend(doc)]
    shorts = doc.shorts or ("",) * len(doc.indicators)
    parts.append(
        f'<div class="wide"><table class="heat"><thead><tr><th>{_t(doc.entity_title)}</th>'
    )
    for (n, title), short in zip(doc.indicators, shorts, strict=True):
        # A short title heads the column, turned to read upwards so the column stays narrow;
        # without one the column has its number, and the list under the table its title.
        head = f'<span class="n">{n}</span>'
        if short:
            head = f'<span class="short">{_t(short)}</span>{head}'
        css = "num turned" if short else "num"
        parts.append(f'<th class="{css}" scope="col" title="{_e(title)}">{head}</th>')
    parts.append("</tr></thead><tbody>")
    titles = [title for _, title in doc.indicators]
    for row in doc.heat_map:
        parts.append(
            f'<tr data-school="{_e(row.school_id)}"><th scope="row">{_t(row.school_name)}</th>'
        )
        for title, cell in zip(titles, row.cells, strict=True):
            tip = f"{title}: {cell.display or cell.note}" + (
                f" ({cell.note})" if cell.display and cell.note else ""
            )
            classes = _classes(
                "cell", "empty" if cell.note else None, _level_classes(cell.level, cell.rank)
            )
            parts.append(f'<td class="{classes}" title="{_e(tip)}">{_t(cell.display or "—")}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    parts.append('<ol class="key">')
    parts += [f"<li>{_t(title)}</li>" for _, title in doc.indicators]
    parts.append("</ol></section>")
    return parts


def _charts(doc: Document) -> list[str]:
    parts = ['<section id="charts">', "<h2>Диаграммы по показателям</h2>"]
    parts.append(
        '<p class="note">Столбцы упорядочены по значению; пунктир — границы уровней, '
        "сплошная линия — значение по муниципалитету (если набор правил его вычисляет). "
        f"Где {_t(doc.entity_title)} больше, чем можно различить на диаграмме, показано "
        "распределение: сколько их в каждом диапазоне значений по уровням, или по группам "
        "(ящик — средняя половина значений, черта — медиана, усы — крайние значения).</p>"
    )
    levels = [item.title for item in doc.legend]
    for chart in doc.charts:
        parts.append(f'<figure id="chart-{_e(chart.indicator)}">')
        parts.append(f"<figcaption>{chart.number}. {_t(chart.title)}</figcaption>")
        if chart.bins:
            parts.append(histogram_chart(chart, levels))
        elif chart.boxes:
            parts.append(box_chart(chart))
        else:
            parts.append(bar_chart(chart))
        if chart.worst:
            parts.append(f'<p class="note">Худшие значения: {_t("; ".join(chart.worst))}.</p>')
        if chart.missing:
            parts.append(f'<p class="note">Нет значения: {_t("; ".join(chart.missing))}.</p>')
        elif chart.missing_count:
            count = doc.entity_count(chart.missing_count)
            parts.append(f'<p class="note">Нет значения: {_t(count)}.</p>')
        parts.append("</figure>")
    parts.append("</section>")
    return parts


def _pages(doc: Document) -> list[str]:
    """The summary's list of pages: a group (or a part of one) each, with its numbers."""
    levels = [item.title for item in doc.legend]  # worst first, as PageLink.levels
    parts = ['<section id="pages">', "<h2>Страницы по группам</h2>"]
    parts.append(
        f'<p class="note">{_t(doc.entity_count(doc.school_count))}; у каждой группы '
        "своя страница с общими выводами, таблицей показателей, диаграммами и разделами "
        f"{_t(doc.entity_title)}. Числа — результаты {_t(doc.entity_title)} по уровням.</p>"
    )
    head = "".join(f'<th class="num">{_t(level)}</th>' for level in levels)
    parts.append(
        f'<table class="pages"><thead><tr><th>Страница</th><th class="num">'
        f"{_t(doc.entity_title)}</th>{head}"
        '<th class="num">Рекомендаций</th></tr></thead><tbody>'
    )
    parts += [
        f'<tr><td><a href="{_e(page.href)}">{_t(page.title)}</a></td>'
        f'<td class="num">{page.schools}</td>'
        + "".join(f'<td class="num">{n}</td>' for n in page.levels)
        + f'<td class="num">{page.recommendations}</td></tr>'
        for page in doc.pages
    ]
    parts += ["</tbody></table>", "</section>"]
    return parts


def _gaps(doc: Document) -> list[str]:
    parts = ['<section id="gaps">', "<h2>Пробелы в данных</h2>"]
    if not doc.gaps and not doc.warnings and not doc.gap_counts:
        parts.append('<p class="note">Пробелов в данных нет: все показатели вычислены.</p>')
    if doc.gap_counts:
        parts.append(
            f"<table><thead><tr><th>Показатель</th><th>Результат</th>"
            f'<th class="num">{_t(doc.entity_title)}</th></tr></thead><tbody>'
        )
        parts += [
            f'<tr><td>{_t(title)}</td><td>{_t(outcome)}</td><td class="num">{count}</td></tr>'
            for title, outcome, count in doc.gap_counts
        ]
        parts.append("</tbody></table>")
    if doc.gaps:
        parts.append(
            f"<table><thead><tr><th>{_t(doc.entity_title)}</th><th>Показатель</th>"
            "<th>Результат</th><th>Причина</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{_t(g.school_name)}</td><td>{_t(g.indicator)}</td><td>{_t(g.outcome)}</td>"
            f"<td>{_t(g.reason)}</td></tr>"
            for g in doc.gaps
        ]
        parts.append("</tbody></table>")
    if doc.warnings:
        parts.append("<h3>Замечания при чтении данных</h3><ul>")
        parts += [f"<li><code>{_e(w)}</code></li>" for w in doc.warnings]
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def _school(section: SchoolSection, head: str) -> list[str]:
    parts = [
        f'<section class="school" id="school-{_e(section.school_id)}">',
        f"<h2>Адресные рекомендации {_t(head)} {_t(section.school_name)}</h2>",
    ]
    if section.score:
        parts.append(f"<p><b>Итого баллов:</b> {_t(section.score)}</p>")
    # One row per finding: a school's page reads as a table, and its texts follow it.
    parts.append(
        '<table class="findings"><thead><tr><th>Показатель</th><th class="num">Значение</th>'
        "<th>Уровень</th><th>Как получено</th></tr></thead><tbody>"
    )
    for item in section.items:
        how = [_t(item.explanation)] if item.explanation else []
        if item.reason:
            how.append(f"Причина: {_t(item.reason)}")
        parts.append(
            f'<tr class="{_level_classes(item.level, None)}"><td>{_t(item.title)}</td>'
            f'<td class="num">{_t(item.display)}</td>'
            f"<td>{_badge(item.status, item.level, item.rank)}</td>"
            f'<td class="how">{"<br>".join(how)}</td></tr>'
        )
    parts.append("</tbody></table>")
    recommendations = section.recommendations
    if recommendations:
        parts.append('<div class="recs"><h3>Рекомендации</h3>')
        for to, texts in recommendations:
            parts.append(f'<p class="to">{_t(_capital(to))}:</p><ol>')
            parts += [f"<li>{_t(text)}</li>" for text in texts]
            parts.append("</ol>")
        parts.append("</div>")
    parts.append("</section>")
    return parts


def _contents(doc: Document) -> list[str]:
    """The table of contents: the sections this page has."""
    present = {
        "heat-map": bool(doc.heat_map),
        "pages": bool(doc.pages),
        "schools": bool(doc.schools),
    }
    return [
        '<nav aria-label="Содержание"><ol>',
        *(
            f'<li><a href="#{anchor}">{_e(title.format(entity=doc.entity_dative))}</a></li>'
            for anchor, title in _SECTIONS
            if present.get(anchor, True)
        ),
        "</ol></nav>",
    ]


def document_html(doc: Document, *, generator: str = "pdrs-rules") -> str:
    """Lay out a :class:`Document` as one HTML page with its CSS inline."""
    css = report_css(len(doc.legend))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(doc.title)} — {_t(doc.period)}</title>",
        f"<style>{css}</style></head><body>",
        *_header(doc),
        *_contents(doc),
        *_summary(doc),
        *_addressees(doc),
        *(_heat_map(doc) if doc.heat_map else []),
        *_charts(doc),
        *(_pages(doc) if doc.pages else []),
        *_gaps(doc),
        '<div id="schools">',
        *(part for section in doc.schools for part in _school(section, doc.entity_head)),
        "</div>",
        (
            f"<footer>Сформировано {_e(generator)} по набору правил {_e(doc.ruleset_id)} "
            f"{_e(doc.version)}.</footer>"
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


@checked
def render_html(report: Report, ruleset: Ruleset, *, period: str | None = None) -> str:
    """The report as one self-contained HTML page for ``period`` (the latest by default).

    Raises ``ValueError`` when ``period`` is not in the report.
    """
    from pdrs_rules import _version  # noqa: PLC0415 - cheap

    return document_html(
        build_document(report, ruleset, period=period),
        generator=f"pdrs-rules {_version.__version__}",
    )
