"""The report's own style: heat map, charts, shared texts, school tables, level colours.

The page's base (fonts, measure, headings, tables, print) is ``report._style.BASE_CSS``, shared
with the passport, so the documents a department sends look alike.
"""

from __future__ import annotations

from pdrs_rules.report._style import BASE_CSS

__all__ = ["level_tone", "report_css"]

#: Cell and badge tones from the worst level to the best; a ruleset's levels are spread over them.
_TONES = ("#f3a59d", "#f8c98a", "#f6e59a", "#cfe6b0", "#9ed39a")
#: Bar tones, darker, in the same order.
_BAR_TONES = ("#d9534f", "#ec9a3c", "#d9bf3a", "#8cc26b", "#3f9d4b")

_CSS = """
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
svg.chart .nolevel rect { fill: #b9c2cf; }
svg.chart .box rect { fill: #dfe6ef; stroke: #17324d; stroke-width: 1; }
svg.chart .box line { stroke: #17324d; stroke-width: 1; }
svg.chart .box line.median { stroke-width: 2.5; }
.subtitle { font-size: 12pt; font-weight: bold; color: #3d4a5c; margin: 0 0 4pt; }
.home { margin: 0 0 4pt; }
table.pages td:first-child { width: 40%; }
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
section.school { break-before: page; page-break-before: always; }
@media screen and (min-width: 220mm) {
  /* The heat map takes the screen's width; the prose keeps a readable measure. */
  .wide { margin-left: calc(50% - 50vw + 4mm); margin-right: calc(50% - 50vw + 4mm);
    overflow-x: auto; }
  .wide .heat { width: auto; min-width: 190mm; margin: 4pt auto 8pt; }
  .wide .heat th[scope="row"] { white-space: nowrap; }
}
"""


def report_css(ranks: int) -> str:
    """The report's whole style sheet, with a tone per rank for ``ranks`` levels."""
    return BASE_CSS + _CSS + _tone_css(ranks)


def _tone_index(rank: int, ranks: int) -> int:
    """Which of the five tones a rank gets: the worst red, the best green, the rest between."""
    last = len(_TONES) - 1
    # One level is the only, hence best, outcome: it is drawn green, not red.
    return last if ranks <= 1 else round(rank * last / (ranks - 1))


def level_tone(rank: int, ranks: int) -> str:
    """The background of a level (by rank, worst first) as RRGGBB, as the report draws it."""
    return _TONES[_tone_index(rank, ranks)].removeprefix("#").upper()


def _tone_css(ranks: int) -> str:
    """A background per rank, worst to best, whatever the ruleset calls its levels."""
    rules = []
    for rank in range(ranks):
        tone = _tone_index(rank, ranks)
        rules.append(
            f".rank-{rank} {{ background: {_TONES[tone]}; }}\n"
            f"svg.chart .rank-{rank} rect {{ fill: {_BAR_TONES[tone]}; }}\n"
            f".item.rank-{rank}, .conclusion.rank-{rank} {{ background: none; "
            f"border-left-color: {_BAR_TONES[tone]}; }}"
        )
    return "\n".join(rules)
