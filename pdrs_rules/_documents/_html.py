"""The report as one self-contained HTML page: no network, no script, prints on A4."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from pdrs_rules._formula._slots import Sentence, Slot
from pdrs_rules._i18n._typography import typeset

from ._content import (
    AddresseeBlock,
    Document,
    GroupSummary,
    SchoolSection,
    build_document,
    count_text,
)
from ._parts import SharedText
from ._svg import bar_chart

if TYPE_CHECKING:
    from pdrs_rules._engine._ruleset import Ruleset
    from pdrs_rules.report import Report

__all__ = ["document_html", "render_html"]

#: Cell and badge tones from the worst level to the best; a ruleset's levels are spread over them.
_TONES = ("#f3a59d", "#f8c98a", "#f6e59a", "#cfe6b0", "#9ed39a")
#: Bar tones, darker, in the same order.
_BAR_TONES = ("#d9534f", "#ec9a3c", "#d9bf3a", "#8cc26b", "#3f9d4b")

#: A shared text's table of more schools than this, with at most two values each, is set in
#: two columns side by side.
_ONE_COLUMN_ROWS = 6
_TWO_UP_COLUMNS = 2

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
.heat th.num { text-align: center; vertical-align: bottom; }
.heat th.turned .short { display: block; margin: 0 auto 2pt; writing-mode: vertical-rl;
  transform: rotate(180deg); white-space: nowrap; font-weight: normal; text-align: left; }
.heat th .n { display: block; }
.heat td.cell { text-align: center; white-space: nowrap; }
.heat td.empty { color: #7b8494; background: repeating-linear-gradient(45deg, #f4f5f7 0 4px,
  #e7e9ed 4px 8px); }
.legend { margin: 4pt 0; padding: 0; list-style: none; break-after: avoid;
  page-break-after: avoid; }
.legend li { display: inline-block; margin-right: 10pt; }
.legend .swatch { display: inline-block; width: 10pt; height: 10pt; vertical-align: -1pt;
  border: 0.5pt solid #8a94a3; margin-right: 3pt; }
.key { columns: 2; font-size: 9pt; column-gap: 14pt; break-inside: avoid;
  page-break-inside: avoid; }
.shared { margin: 3pt 0 8pt; }
.shared .sentence { margin-bottom: 3pt; break-after: avoid; page-break-after: avoid; }
.slot { font-style: italic; color: #17324d; white-space: nowrap; }
table.values { font-size: 9pt; margin: 0; }
.values-1 table.values { width: auto; min-width: 60%; }
.values-2 { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8pt; align-items: start; }
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
table.findings { font-size: 9pt; table-layout: fixed; }
table.findings td { padding: 1.5pt 4pt; }
table.findings td.how { color: #55606f; font-size: 8pt; }
table.findings th:nth-child(1) { width: 50%; }
table.findings th:nth-child(2) { width: 11%; }
table.findings th:nth-child(3) { width: 17%; }
table.findings .badge { font-size: 8pt; white-space: normal; }
.recs { margin-top: 6pt; }
.recs h3 { margin-top: 6pt; }
.recs p.to { margin: 4pt 0 1pt; font-weight: bold; font-style: normal; color: #1d2330; }
.to { color: #3d4a5c; font-style: italic; }
nav ol { columns: 2; }
footer { margin-top: 18pt; color: #55606f; font-size: 8.5pt; border-top: 0.5pt solid #b9c2cf; }
section.school { break-before: page; page-break-before: always; }
@media screen and (min-width: 220mm) {
  /* The heat map takes the screen's width; the prose keeps a readable measure. */
  .wide { margin-left: calc(50% - 50vw + 4mm); margin-right: calc(50% - 50vw + 4mm);
    overflow-x: auto; }
  .wide .heat { width: auto; min-width: 190mm; margin: 4pt auto 8pt; }
  .wide .heat th[scope="row"] { white-space: nowrap; }
}
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
    ("gaps", "Пробелы в данных"),
    ("schools", "Адресные рекомендации по ОО"),
)


def _summary(doc: Document) -> list[str]:
    parts = ['<section id="summary">', "<h2>Общие выводы</h2>"]
    if not doc.summaries:
        parts.append(
            '<p class="note">В наборе правил нет муниципального уровня: общие выводы '
            "не формируются, результаты приведены по каждой ОО.</p>"
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
        parts += _addressee(block, doc.entity_title)
    parts.append("</section>")
    return parts


def _addressee(block: AddresseeBlock, entity_title: str) -> list[str]:
    parts = [f'<h3 class="addressee" data-to="{_e(block.to)}">{_t(block.title)}</h3>']
    for group in block.groups:
        count = "" if group.from_group else count_text(len(group.entities), entity_title)
        tail = f'\u00a0<span class="note">—\u00a0{_t(count)}</span>' if count else ""
        parts.append(f"<h4>{_t(group.source)}{tail}</h4>")
        singles: list[str] = []
        for part in group.parts or group.items:
            if isinstance(part, SharedText):
                if singles:
                    parts += ["<ul>", *singles, "</ul>"]
                    singles = []
                parts += _shared(part, entity_title)
            else:
                name, text = part
                singles.append(f"<li><b>{_t(name)}</b>: {_t(text)}</li>")
        if singles:
            parts += ["<ul>", *singles, "</ul>"]
    return parts


def _shared(shared: SharedText, entity_title: str) -> list[str]:
    """The sentence once, then the schools with the values of its slots."""
    parts = ['<div class="shared">', f'<p class="sentence">{_sentence(shared.sentence)}</p>']
    if not shared.columns:
        names = "; ".join(_t(name) for name, _ in shared.rows)
        parts += [f'<p class="schools">{_t(entity_title)}: {names}.</p>', "</div>"]
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
        parts.append(f'<table class="values"><thead><tr><th>{_t(entity_title)}</th>{head}</tr>')
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
        "сплошная линия — значение по муниципалитету (если набор правил его вычисляет).</p>"
    )
    for chart in doc.charts:
        parts.append(f'<figure id="chart-{_e(chart.indicator)}">')
        parts.append(f"<figcaption>{chart.number}. {_t(chart.title)}</figcaption>")
        parts.append(bar_chart(chart))
        if chart.missing:
            parts.append(f'<p class="note">Нет значения: {_t("; ".join(chart.missing))}.</p>')
        parts.append("</figure>")
    parts.append("</section>")
    return parts


def _gaps(doc: Document) -> list[str]:
    parts = ['<section id="gaps">', "<h2>Пробелы в данных</h2>"]
    if not doc.gaps and not doc.warnings:
        parts.append('<p class="note">Пробелов в данных нет: все показатели вычислены.</p>')
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


def _school(section: SchoolSection) -> list[str]:
    parts = [
        f'<section class="school" id="school-{_e(section.school_id)}">',
        f"<h2>Адресные рекомендации руководителю {_t(section.school_name)}</h2>",
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


def document_html(doc: Document, *, generator: str = "pdrs-rules") -> str:
    """Lay out a :class:`Document` as one HTML page with its CSS inline."""
    css = _CSS + _tone_css(len(doc.legend))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(doc.title)} — {_t(doc.period)}</title>",
        f"<style>{css}</style></head><body>",
        *_header(doc),
        '<nav aria-label="Содержание"><ol>',
        *(f'<li><a href="#{anchor}">{_e(title)}</a></li>' for anchor, title in _SECTIONS),
        "</ol></nav>",
        *_summary(doc),
        *_addressees(doc),
        *_heat_map(doc),
        *_charts(doc),
        *_gaps(doc),
        '<div id="schools">',
        *(part for section in doc.schools for part in _school(section)),
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
