"""The HTML report in headless Debian chromium: it renders, loads nothing and logs nothing.

Network loads and script errors are caught through the browser's console: the page carries a
Content-Security-Policy that forbids every load, so any attempt is refused *and* logged as a
console message, which ``--enable-logging=stderr`` prints as ``INFO:CONSOLE``. The test that
injects an image and a script proves the check sees them.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import pdrs_rules
from tests.test_html import ARMAVIR, ARMAVIR_FACTS, parse

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
