"""The report as one self-contained HTML page: no network, no script, prints on A4."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from ._content import (
    AddresseeBlock,
    Document,
    GroupSummary,
    SchoolSection,
    build_document,
)
from ._svg import bar_chart

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["document_html", "render_html"]

#: Cell and badge tones from the worst level to the best; a ruleset's levels are spread over them.
_TONES = ("#f3a59d", "#f8c98a", "#f6e59a", "#cfe6b0", "#9ed39a")
#: Bar tones, darker, in the same order.
_BAR_TONES = ("#d9534f", "#ec9a3c", "#d9bf3a", "#8cc26b", "#3f9d4b")

# The page may load nothing: a report opened from a mail attachment does not call out, and a
# browser asked to load something refuses and says so in its console (tests/test_browser.py).
_CSP = "default-src 'none'; style-src 'unsafe-inline'"

_CSS = """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { font-family: "PT Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10.5pt; color: #1d2330; line-height: 1.4; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; background: #fff; }
h1 { font-size: 17pt; line-height: 1.25; margin: 0 0 6pt; color: #17324d; }
h2 { font-size: 13.5pt; margin: 18pt 0 6pt; color: #17324d;
  border-bottom: 1.5pt solid #17324d; padding-bottom: 2pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; color: #17324d; }
h4 { font-size: 10.5pt; margin: 8pt 0 2pt; }
p, ul, ol { margin: 3pt 0; }
ul, ol { padding-left: 16pt; }
li { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; }
th, td { border: 0.75pt solid #b9c2cf; padding: 2.5pt 4pt; vertical-align: top; text-align: left; }
th { background: #e9eef5; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
.meta { color: #3d4a5c; margin: 0; }
.meta b { color: #1d2330; }
.issuer { font-size: 11pt; color: #3d4a5c; margin-bottom: 4pt; }
.note { color: #55606f; font-size: 9pt; }
.badge { display: inline-block; padding: 0 5pt; border-radius: 6pt; font-size: 9pt;
  white-space: nowrap; border: 0.5pt solid #8a94a3; }
.heat { font-size: 8pt; }
.heat th, .heat td { padding: 2pt 2.5pt; }
.heat th[scope="row"] { font-weight: normal; background: #f4f6f9; }
.heat th.num { text-align: center; }
.heat td.cell { text-align: center; white-space: nowrap; }
.heat td.empty { color: #7b8494; background: repeating-linear-gradient(45deg, #f4f5f7 0 4px,
  #e7e9ed 4px 8px); }
.legend { margin: 4pt 0; padding: 0; list-style: none; }
.legend li { display: inline-block; margin-right: 10pt; }
.legend .swatch { display: inline-block; width: 10pt; height: 10pt; vertical-align: -1pt;
  border: 0.5pt solid #8a94a3; margin-right: 3pt; }
.key { columns: 2; font-size: 9pt; column-gap: 14pt; }
figure { margin: 8pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 2pt; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px;
  font-family: inherit; }
svg.chart .name { fill: #1d2330; }
svg.chart .value, svg.chart .tick { fill: #3d4a5c; font-size: 10px; }
svg.chart .axis { stroke: #55606f; stroke-width: 1; }
svg.chart .bar rect { fill: #7f8da1; }
svg.chart .threshold line { stroke: #b1352f; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg.chart .threshold text { fill: #b1352f; font-size: 10px; font-weight: bold; }
svg.chart .reference line { stroke: #17324d; stroke-width: 1.6; }
svg.chart .reference text { fill: #17324d; font-size: 10px; font-weight: bold; }
.conclusion, .item { margin: 6pt 0; padding: 4pt 6pt; border-left: 3pt solid #b9c2cf;
  break-inside: avoid; page-break-inside: avoid; }
.item .head { font-weight: bold; }
.recs { margin-top: 2pt; }
.to { color: #3d4a5c; font-style: italic; }
nav ol { columns: 2; }
footer { margin-top: 18pt; color: #55606f; font-size: 8.5pt; border-top: 0.5pt solid #b9c2cf; }
section.school { break-before: page; page-break-before: always; }
@media print {
  body { max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _tone_css(ranks: int) -> str:
    """A background per rank, worst to best, whatever the ruleset calls its levels."""
    last = len(_TONES) - 1
    rules = []
    for rank in range(ranks):
        # One level is the only, hence best, outcome: it is drawn green, not red.
        tone = last if ranks == 1 else round(rank * last / (ranks - 1))
        rules.append(
            f".rank-{rank} {{ background: {_TONES[tone]}; }}\n"
            f"svg.chart .rank-{rank} rect {{ fill: {_BAR_TONES[tone]}; }}\n"
            f".item.rank-{rank}, .conclusion.rank-{rank} {{ background: none; "
            f"border-left-color: {_BAR_TONES[tone]}; }}"
        )
    return "\n".join(rules)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _classes(*names: str | None) -> str:
    return _e(" ".join(n for n in names if n))


def _level_classes(level: str | None, rank: int | None) -> str:
    return _classes(f"level-{level}" if level else None, None if rank is None else f"rank-{rank}")


def _badge(title: str, level: str | None, rank: int | None) -> str:
    if not title:
        return ""
    return f'<span class="badge {_level_classes(level, rank)}">{_e(title)}</span>'


def _header(doc: Document) -> list[str]:
    parts = ["<header>"]
    if doc.issuer:
        parts.append(f'<p class="issuer">{_e(doc.issuer)}</p>')
    parts.append(f"<h1>{_e(doc.title)}</h1>")
    meta = [("Период", doc.period or "—")]
    if len(doc.periods) > 1:
        meta.append(("Периоды в данных", ", ".join(doc.periods)))
    meta.append(("Набор правил", f"{doc.ruleset_id}, версия {doc.version}"))
    if doc.source:
        meta.append(("Источник", doc.source))
    parts += [f'<p class="meta"><b>{_e(k)}:</b> {_e(v)}</p>' for k, v in meta]
    if doc.parameters:
        parts += _name_value_table("params", "Параметр", doc.parameters)
    parts.append("</header>")
    return parts


def _name_value_table(css: str, name: str, rows: Sequence[tuple[str, str]]) -> list[str]:
    """A two-column table: names on the left, values (numbers) right-aligned."""
    head = f'<table class="{css}"><thead><tr><th>{name}</th><th class="num">Значение</th></tr>'
    body = [f'<tr><td>{_e(t)}</td><td class="num">{_e(v)}</td></tr>' for t, v in rows]
    return [head, "</thead><tbody>", *body, "</tbody></table>"]


_SECTIONS = (
    ("summary", "Общие выводы"),
    ("recommendations", "Адресные рекомендации по адресатам"),
    ("heat-map", "Сводная таблица показателей"),
    ("charts", "Диаграммы по показателям"),
    ("gaps", "Пробелы в данных"),
    ("schools", "Адресные рекомендации по {entity}"),
)


def _summary(doc: Document) -> list[str]:
    parts = ['<section id="summary">', "<h2>Общие выводы</h2>"]
    if not doc.summaries:
        parts.append(
            '<p class="note">В наборе правил нет муниципального уровня: общие выводы '
            f"не формируются, результаты приведены по всем {_e(doc.entity_dative)}.</p>"
        )
    for summary in doc.summaries:
        parts += _group_summary(summary, several=len(doc.summaries) > 1)
    parts.append("</section>")
    return parts


def _group_summary(summary: GroupSummary, *, several: bool) -> list[str]:
    parts = [f"<h3>{_e(summary.group_title)}: {_e(summary.group_name)}</h3>"] if several else []
    if not several and summary.group_name:
        parts.append(f'<p class="meta">{_e(summary.group_name)}</p>')
    if summary.aggregates:
        parts += _name_value_table("aggregates", "Показатель", summary.aggregates)
    for item in summary.conclusions:
        parts.append(f'<div class="conclusion {_level_classes(item.level, item.rank)}">')
        parts.append(
            f'<p class="head"><b>{_e(item.title)}</b>: {_e(item.display)} '
            f"{_badge(item.level_title, item.level, item.rank)}</p>"
        )
        parts += [f'<p><span class="to">{_e(to)}:</span> {_e(text)}</p>' for to, text in item.texts]
        parts.append("</div>")
    if summary.score:
        parts.append(f"<p><b>Итого баллов:</b> {_e(summary.score)}</p>")
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
    parts = [f'<h3 class="addressee" data-to="{_e(block.to)}">{_e(block.title)}</h3>']
    for group in block.groups:
        count = "" if group.from_group else doc.entity_count(len(group.entities))
        tail = f' <span class="note">— {_e(count)}</span>' if count else ""
        parts.append(f"<h4>{_e(group.source)}{tail}</h4><ul>")
        parts += [f"<li><b>{_e(name)}</b>: {_e(text)}</li>" for name, text in group.items]
        parts.append("</ul>")
    return parts


def _legend(doc: Document) -> str:
    items = "".join(
        f'<li><span class="swatch {_level_classes(item.id, item.rank)}"></span>'
        f"{_e(item.title)}</li>"
        for item in reversed(doc.legend)
    )
    return f'<ul class="legend" aria-label="Уровни">{items}</ul>'


def _heat_map(doc: Document) -> list[str]:
    parts = ['<section id="heat-map">', "<h2>Сводная таблица показателей</h2>", _legend(doc)]
    parts.append(f'<table class="heat"><thead><tr><th>{_e(doc.entity_title)}</th>')
    parts += [f'<th class="num" title="{_e(title)}">{n}</th>' for n, title in doc.indicators]
    parts.append("</tr></thead><tbody>")
    titles = [title for _, title in doc.indicators]
    for row in doc.heat_map:
        parts.append(
            f'<tr data-school="{_e(row.school_id)}"><th scope="row">{_e(row.school_name)}</th>'
        )
        for title, cell in zip(titles, row.cells, strict=True):
            tip = f"{title}: {cell.display or cell.note}" + (
                f" ({cell.note})" if cell.display and cell.note else ""
            )
            classes = _classes(
                "cell", "empty" if cell.note else None, _level_classes(cell.level, cell.rank)
            )
            parts.append(f'<td class="{classes}" title="{_e(tip)}">{_e(cell.display or "—")}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    parts.append('<ol class="key">')
    parts += [f"<li>{_e(title)}</li>" for _, title in doc.indicators]
    parts.append("</ol></section>")
    return parts


def _charts(doc: Document) -> list[str]:
    parts = ['<section id="charts">', "<h2>Диаграммы по показателям</h2>"]
    parts.append(
        '<p class="note">Столбцы упорядочены по значению; пунктир — границы уровней, '
        "сплошная линия — значение по муниципалитету (если набор правил его вычисляет).</p>"
    )
    for chart in doc.charts:
        parts.append(f'<figure id="chart-{_e(chart.indicator)}">')
        parts.append(f"<figcaption>{chart.number}. {_e(chart.title)}</figcaption>")
        parts.append(bar_chart(chart))
        if chart.missing:
            parts.append(f'<p class="note">Нет значения: {_e("; ".join(chart.missing))}.</p>')
        parts.append("</figure>")
    parts.append("</section>")
    return parts


def _gaps(doc: Document) -> list[str]:
    parts = ['<section id="gaps">', "<h2>Пробелы в данных</h2>"]
    if not doc.gaps and not doc.warnings:
        parts.append('<p class="note">Пробелов в данных нет: все показатели вычислены.</p>')
    if doc.gaps:
        parts.append(
            f"<table><thead><tr><th>{_e(doc.entity_title)}</th><th>Показатель</th>"
            "<th>Результат</th><th>Причина</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{_e(g.school_name)}</td><td>{_e(g.indicator)}</td><td>{_e(g.outcome)}</td>"
            f"<td>{_e(g.reason)}</td></tr>"
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
        f"<h2>Адресные рекомендации {_e(head)} {_e(section.school_name)}</h2>",
    ]
    if section.score:
        parts.append(f"<p><b>Итого баллов:</b> {_e(section.score)}</p>")
    for item in section.items:
        parts.append(f'<div class="{_classes("item", _level_classes(item.level, item.rank))}">')
        badge = _badge(item.status, item.level, item.rank)  # none for information
        parts.append(
            f'<p class="head">{_e(item.title)}: {_e(item.display)}{" " if badge else ""}{badge}</p>'
        )
        if item.explanation:
            parts.append(f'<p class="note">{_e(item.explanation)}</p>')
        if item.reason:
            parts.append(f'<p class="note">Причина: {_e(item.reason)}</p>')
        if item.recommendations:
            parts.append('<ul class="recs">')
            parts += [
                f'<li><span class="to">{_e(to)}:</span> {_e(text)}</li>'
                for to, text in item.recommendations
            ]
            parts.append("</ul>")
        parts.append("</div>")
    parts.append("</section>")
    return parts


def document_html(doc: Document, *, generator: str = "pdrs-rules") -> str:
    """Lay out a :class:`Document` as one HTML page with its CSS inline."""
    css = _CSS + _tone_css(len(doc.legend))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(doc.title)} — {_e(doc.period)}</title>",
        f"<style>{css}</style></head><body>",
        *_header(doc),
        '<nav aria-label="Содержание"><ol>',
        *(
            f'<li><a href="#{anchor}">{_e(title.format(entity=doc.entity_dative))}</a></li>'
            for anchor, title in _SECTIONS
        ),
        "</ol></nav>",
        *_summary(doc),
        *_addressees(doc),
        *_heat_map(doc),
        *_charts(doc),
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


def render_html(report: Report, ruleset: Ruleset, *, period: str | None = None) -> str:
    """The report as one self-contained HTML page for ``period`` (the latest by default).

    Raises ``ValueError`` when ``period`` is not in the report.
    """
    from pdrs_rules import _version  # noqa: PLC0415 - cheap

    return document_html(
        build_document(report, ruleset, period=period),
        generator=f"pdrs-rules {_version.__version__}",
    )
