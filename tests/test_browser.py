"""The HTML report in headless Debian chromium: it renders, loads nothing and logs nothing.

Network loads and script errors are caught through the browser's console: the page carries a
Content-Security-Policy that forbids every load, so any attempt is refused *and* logged as a
console message, which ``--enable-logging=stderr`` prints as ``INFO:CONSOLE``. The test that
injects an image and a script proves the check sees them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules._documents._content import build_document
from pdrs_rules._documents._html import document_html
from tests.test_html import ARMAVIR, ARMAVIR_FACTS, ROOT, parse

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
REQUIRED = os.environ.get("PDRS_RULES_REQUIRE_BROWSER") == "1"
WIDTH, HEIGHT = 1000, 1400

pytestmark = pytest.mark.browser


@pytest.fixture
def chromium() -> str:
    """The chromium binary; skipped without it, unless PDRS_RULES_REQUIRE_BROWSER=1 (CI)."""
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("PDRS_RULES_REQUIRE_BROWSER=1 but chromium is not installed")
        pytest.skip("chromium is not installed")
    return CHROMIUM


def browse(chromium: str, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless chromium on ``page`` with no network services and a throwaway profile."""
    profile = page.parent / "profile"
    return subprocess.run(  # noqa: S603 - a fixed binary and our own arguments
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console(stderr: str) -> list[str]:
    """The console messages chromium logged: CSP refusals, script errors."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture
def armavir(tmp_path: Path) -> Path:
    """The armavir example report written to a file."""
    ruleset = pdrs_rules.load(ARMAVIR)
    page = tmp_path / "report.html"
    page.write_text(pdrs_rules.render_html(ruleset.evaluate(ARMAVIR_FACTS), ruleset), "utf-8")
    return page


class TestBrowser:
    def test_renders_with_level_classes_and_charts(self, chromium: str, armavir: Path) -> None:
        """The DOM the browser built has the heat map with the right classes and 9 SVG charts."""
        result = browse(chromium, armavir, "--dump-dom")
        assert result.returncode == 0, result.stderr
        assert console(result.stderr) == []
        elements = parse(result.stdout)
        row = next(e for e in elements if e.tag == "tr" and e.attrs.get("data-school") == "001")
        cells = [
            e
            for e in elements
            if e.tag == "td" and "cell" in e.attrs.get("class", "") and e.text in row.text
        ]
        # School 001: 3 of 35 below 50% (8,6%) and contests 12 of 35 (34,3%) need attention.
        by_value = {c.text: set(c.attrs["class"].split()) for c in cells}
        assert {"level-warning", "rank-1"} <= by_value["8,6%"]
        assert {"level-warning", "rank-1"} <= by_value["34,3%"]
        assert by_value["80,0%"] == {"cell"}  # courses_share: information, no level
        assert len([e for e in elements if e.tag == "svg"]) == 9
        assert (
            len([e for e in elements if e.tag == "g" and "reference" in e.attrs.get("class", "")])
            == 4
        )

    def test_screenshot(self, chromium: str, armavir: Path) -> None:
        """A screenshot is a PNG of the window's size."""
        shot = armavir.parent / "shot.png"
        result = browse(
            chromium,
            armavir,
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--hide-scrollbars",
        )
        assert result.returncode == 0, result.stderr
        assert console(result.stderr) == []
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert data[12:16] == b"IHDR"
        assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
        assert len(data) > 50_000  # a blank page is about 7 kB

    def test_console_check_sees_loads_and_scripts(self, chromium: str, armavir: Path) -> None:
        """An injected image and script are refused by the page's policy, and logged."""
        bad = armavir.with_name("bad.html")
        bad.write_text(
            armavir.read_text("utf-8").replace(
                "</body>", '<img src="http://example.invalid/x.png"><script>1</script></body>'
            ),
            "utf-8",
        )
        messages = console(browse(chromium, bad, "--dump-dom").stderr)
        assert any("http://example.invalid/x.png" in m for m in messages)
        assert any("inline script" in m for m in messages)


# A script that measures the laid-out page and writes what it found into the page, for
# --dump-dom: the report itself runs no script, so a copy of it gets one and a policy that
# lets it run (and still loads nothing).
PROBE = """
<script>
const found = {labels: [], zero: [], turned: [], key: "", wide: 0, body: 0, window: innerWidth};
for (const svg of document.querySelectorAll("svg.chart")) {
  const lines = [...svg.querySelectorAll("g.threshold line, g.reference line")]
    .map(l => l.getBBox().x);
  for (const text of svg.querySelectorAll("text.value")) {
    const box = text.getBBox();
    found.labels.push([text.textContent, box.x, box.x + box.width,
      lines.filter(x => x >= box.x - 1 && x <= box.x + box.width + 1)]);
  }
  for (const mark of svg.querySelectorAll("rect.zero")) {
    found.zero.push([mark.getBBox().width, getComputedStyle(mark).fill]);
  }
}
for (const head of document.querySelectorAll(".heat th.turned .short")) {
  const style = getComputedStyle(head);
  found.turned.push([head.textContent, style.writingMode, head.getBoundingClientRect().height]);
}
found.key = getComputedStyle(document.querySelector(".key")).breakInside;
found.wide = document.querySelector(".wide").getBoundingClientRect().width;
found.body = document.body.getBoundingClientRect().width;
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify(found);
document.body.append(out);
</script>
"""


def probed(page: Path) -> Path:
    """A copy of the report with the measuring script and a policy that lets it run."""
    copy = page.with_name("probe.html")
    text = page.read_text("utf-8").replace(
        "default-src 'none'; style-src 'unsafe-inline'",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
    )
    copy.write_text(text.replace("</body>", PROBE + "</body>"), "utf-8")
    return copy


def measure(chromium: str, page: Path, width: int = WIDTH) -> dict[str, Any]:
    """What PROBE found on ``page`` laid out in a window ``width`` pixels wide."""
    result = browse(
        chromium,
        probed(page),
        "--dump-dom",
        f"--window-size={width},{HEIGHT}",
        "--virtual-time-budget=5000",
    )
    assert result.returncode == 0, result.stderr
    assert console(result.stderr) == []
    (probe,) = [e for e in parse(result.stdout) if e.attrs.get("id") == "probe"]
    found: dict[str, Any] = json.loads(probe.text)
    return found


def printed_pages(chromium: str, page: Path) -> int:
    """How many A4 pages ``page`` prints on: the page objects of Chromium's PDF."""
    pdf = page.with_suffix(".pdf")
    result = browse(chromium, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0, result.stderr
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def report_page(tmp_path: Path, name: str, *, share_texts: bool = True) -> Path:
    """A shipped ruleset's report written to a file, its shared texts shared or not."""
    ruleset = pdrs_rules.load(ROOT / "rulesets" / f"{name}.yaml")
    report = ruleset.evaluate(ROOT / "rulesets" / f"{name}.facts.csv")
    document = build_document(report, ruleset, share_texts=share_texts)
    folder = tmp_path / f"{name}-{share_texts}"
    folder.mkdir()
    page = folder / "report.html"
    page.write_text(document_html(document), "utf-8")
    return page


class TestLayout:
    def test_value_labels_clear_the_lines(self, chromium: str, armavir: Path) -> None:
        """Laid out by the browser, no value label covers a band edge or the МО line."""
        found = measure(chromium, armavir)
        assert len(found["labels"]) == 9 * 12  # 9 charts of the 12 schools
        crossing = [(text, lines) for text, _, _, lines in found["labels"] if lines]
        assert crossing == []

    def test_zero_values_are_seen(self, chromium: str, tmp_path: Path) -> None:
        """Zhirnovsky's 0,0% values are marks 3 px wide, filled with their level's colour."""
        found = measure(chromium, report_page(tmp_path, "zhirnovsky-2022"))
        assert found["zero"]
        widths = {width for width, _ in found["zero"]}
        assert widths == {3}
        # Each has the colour of its level's rank; only the 12 zeros of «retrained_share», an
        # indicator reported for information (no bands, no level), are the grey of no level.
        fills = [fill for _, fill in found["zero"]]
        assert fills.count("rgb(127, 141, 161)") == 12
        assert len(set(fills)) > 1

    def test_heat_map_heads_and_width(self, chromium: str, armavir: Path) -> None:
        """Short titles head the columns upright-turned; the table uses a wide screen's width."""
        found = measure(chromium, armavir, width=1600)
        assert [text for text, _, _ in found["turned"]][:2] == [
            "Реализуют ИОМ, чел.",
            "ИОМ на 100%",
        ]
        assert {mode for _, mode, _ in found["turned"]} == {"vertical-rl"}
        assert found["key"] == "avoid"
        # The prose keeps its 190 mm measure; the heat map reaches out to the window's edges.
        assert found["body"] < 800
        assert found["wide"] > 1500

    def test_sharing_texts_prints_fewer_pages(self, chromium: str, tmp_path: Path) -> None:
        """Zhirnovsky's report prints on fewer A4 pages with shared texts than with every text."""
        name = "zhirnovsky-2022"
        before = printed_pages(chromium, report_page(tmp_path, name, share_texts=False))
        after = printed_pages(chromium, report_page(tmp_path, name))
        assert after < before
        # Twenty schools, a page each at least, and the common part: no fewer pages than that.
        assert after > 20
