"""The style every printable page shares (the report, the passport): fonts, measure, print.

One self-contained page, its CSS inline, A4 when printed; a page may load nothing, which its
Content-Security-Policy (:data:`PAGE_CSP`) makes the browser refuse and log.
"""

from __future__ import annotations

__all__ = ["BASE_CSS", "PAGE_CSP"]

# The page may load nothing: a report opened from a mail attachment does not call out, and a
# browser asked to load something refuses and says so in its console (tests/test_browser.py).
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'"

BASE_CSS = """
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
code { font-family: "PT Mono", "DejaVu Sans Mono", "Courier New", monospace; font-size: 92%; }
footer { margin-top: 18pt; color: #55606f; font-size: 8.5pt; border-top: 0.5pt solid #b9c2cf; }
@media print {
  body { max-width: none; padding: 0; }
  nav { display: none; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
