"""The pictures in docs/: the report, its heat map, a letter and a passport, as the tests make them.

The report and the passport are shot by headless Chromium (as in tests/test_browser.py); the
letter is laid out by LibreOffice and its first page turned into a PNG by pdftoppm.
``PDRS_RULES_UPDATE_GOLDEN=1`` writes them to docs/; otherwise each is made and checked
(a PNG of the expected size with something on it), and the one in docs/ must exist.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import pdrs_rules
from tests.test_browser import browse, chromium  # noqa: F401 - chromium is a fixture
from tests.test_html import ARMAVIR, ARMAVIR_FACTS, ROOT
from tests.test_letterhead import office, pages  # noqa: F401 - office is a fixture

DOCS = ROOT / "docs"
UPDATE = os.environ.get("PDRS_RULES_UPDATE_GOLDEN") == "1"
PDFTOPPM = shutil.which("pdftoppm")
WIDTH = 1000


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def keep(picture: Path, name: str) -> None:
    """Write the picture to docs/ in update mode; the docs must show one either way."""
    if UPDATE:
        shutil.copyfile(picture, DOCS / name)
    assert (DOCS / name).exists(), f"docs/{name} is missing: run with PDRS_RULES_UPDATE_GOLDEN=1"


def shoot(binary: str, page: Path, height: int) -> Path:
    """A screenshot of the top of ``page`` in a window WIDTH pixels wide."""
    shot = page.with_suffix(".png")
    result = browse(
        binary,
        page,
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{height}",
        "--hide-scrollbars",
    )
    assert result.returncode == 0, result.stderr
    assert png_size(shot.read_bytes()) == (WIDTH, height)
    assert shot.stat().st_size > 40_000  # a blank page is a few kB
    return shot


@pytest.mark.browser
class TestBrowserShots:
    def test_report(self, chromium: str, tmp_path: Path) -> None:  # noqa: F811
        """The top of the Armavir report: header, parameters, общие выводы."""
        ruleset = pdrs_rules.load(ARMAVIR)
        page = tmp_path / "report.html"
        page.write_text(pdrs_rules.render_html(ruleset.evaluate(ARMAVIR_FACTS), ruleset), "utf-8")
        keep(shoot(chromium, page, 1300), "report.png")

    def test_heat_map(self, chromium: str, tmp_path: Path) -> None:  # noqa: F811
        """The heat map and the first charts of the same report, on a wide screen."""
        ruleset = pdrs_rules.load(ARMAVIR)
        whole = pdrs_rules.render_html(ruleset.evaluate(ARMAVIR_FACTS), ruleset)
        body = whole.index("<body>") + len("<body>")
        start, end = whole.index('<section id="heat-map">'), whole.index('<section id="gaps">')
        page = tmp_path / "heat.html"
        page.write_text(whole[:body] + whole[start:end] + "</body></html>\n", "utf-8")
        keep(shoot(chromium, page, 1100), "report-heatmap.png")

    def test_passport(self, chromium: str, tmp_path: Path) -> None:  # noqa: F811
        """The start of Zhirnovsky's passport as sent for approval."""
        page = tmp_path / "passport.html"
        text = pdrs_rules.passport(ROOT / "rulesets" / "zhirnovsky-2022.yaml", format="html")
        page.write_text(text, "utf-8")
        keep(shoot(chromium, page, 1400), "passport.png")


@pytest.mark.libreoffice
class TestLetterShot:
    def test_letter(self, office: tuple[str, str], tmp_path: Path) -> None:  # noqa: F811
        """The Zhirnovsky letter to МБОУ «Новинская ОШ», on the shipped letterhead."""
        if PDFTOPPM is None:
            pytest.skip("poppler (pdftoppm) is not installed")
        ruleset = pdrs_rules.load(ROOT / "rulesets" / "zhirnovsky-2022.yaml")
        report = ruleset.evaluate(ROOT / "rulesets" / "zhirnovsky-2022.facts.csv")
        (letter,) = pdrs_rules.letters(report, ruleset=ruleset, schools=["018"])
        document = tmp_path / "letter.docx"
        pdrs_rules.write_docx([letter], document, date="24.05.2022", number="768/18")
        printed = pages(office, document)
        assert printed[0][0].startswith("Отдел по образованию")
        subprocess.run(  # noqa: S603 - a fixed binary, our own arguments
            [PDFTOPPM, "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
             str(document.with_suffix(".pdf")), str(tmp_path / "letter")],
            check=True,
            timeout=60,
        )  # fmt: skip
        shot = tmp_path / "letter.png"
        # A4 at 90 dpi: 210 mm and 297 mm are 744,1 and 1052,4 px, rounded either way.
        width, height = png_size(shot.read_bytes())
        assert (width in {744, 745}, height in {1052, 1053}) == (True, True)
        keep(shot, "letter.png")
