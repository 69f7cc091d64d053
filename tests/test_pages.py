"""A report of many schools: distributions instead of bars, and a folder of pages per group."""

from __future__ import annotations

import io
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules._documents import _distribution, _pages
from pdrs_rules._documents._content import build_document
from pdrs_rules._documents._distribution import Tally
from pdrs_rules._documents._html import document_html
from pdrs_rules._documents._pages import PAGED_ABOVE, schools_per_page
from pdrs_rules._model import Better, Unit
from pdrs_rules.cli import ExitCode, run
from tests.test_html import parse

#: Two groups of schools; a share with a 50% target and a text with the gap.
RULESET = """\
format: pdrs-rules/1
id: t-pages
title: Мониторинг охвата курсами
version: "1"
entity: {title: ОО, id_column: id, name_column: name}
group: {title: МО, id_column: mo, name_column: mo_name}
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  done: {title: Прошли, type: integer, min: 0, max: teachers}
indicators:
  done_share:
    title: Доля прошедших курсы
    short: Курсы
    formula: share(done, teachers)
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: 50
        recommendations:
          - to: school_head
            text: Обеспечить курсы ещё {gap|plural:педагогу,педагогам,педагогам} ({value}).
      - {level: ok, at_least: 50}
"""
#: School i of 20 teachers has i % 20 of them trained: 0% … 95%, below 50% for i % 20 < 10.
#: Odd schools are in МО «Север», even ones in «Юг».


def rows(count: int) -> list[dict[str, Any]]:
    """``count`` schools, half in each group, with shares from 0% to 95% in steps of 5%."""
    return [
        {
            "id": f"{i:04d}",
            "name": f"СОШ № {i}",
            "mo": "n" if i % 2 else "s",
            "mo_name": "Север" if i % 2 else "Юг",
            "teachers": 20,
            "done": i % 20,
        }
        for i in range(count)
    ]


def facts_file(folder: Path, count: int) -> Path:
    path = folder / "facts.csv"
    lines = ["id;name;mo;mo_name;teachers;done"]
    lines += [";".join(str(v) for v in row.values()) for row in rows(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["report", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ruleset_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(RULESET, encoding="utf-8")
    return path


class TestTally:
    def test_bins_count_by_rank(self) -> None:
        """Ten columns of 10 p.p. from 0 to 100%, each value counted under its level's rank."""
        tally = Tally(Better.HIGHER, 2)
        for value, rank in [(0, 0), (5, 0), (45, 0), (50, 1), (95, 1), (100, 1)]:
            tally.add(value, rank, f"x{value}", f"{value}%")
        bins = tally.bins(Unit.PERCENT)
        assert [(b.low, b.high) for b in bins] == [(10.0 * i, 10.0 * i + 10) for i in range(10)]
        # 0 and 5 in [0, 10); 45 in [40, 50); 50 in [50, 60); 95 and 100 (the top edge) last.
        assert bins[0].counts == (2, 0, 0)
        assert bins[4].counts == (1, 0, 0)
        assert bins[5].counts == (0, 1, 0)
        assert bins[9].counts == (0, 2, 0)
        assert bins[0].label == "0–10%"

    def test_worst_by_level_then_value(self) -> None:
        """The worst are the lowest level first, then the value on the worse side."""
        higher = Tally(Better.HIGHER, 2)
        lower = Tally(Better.LOWER, 2)
        for name, value, rank in [("a", 30, 0), ("b", 10, 1), ("c", 20, 0), ("d", 40, 0)]:
            higher.add(value, rank, name, str(value))
            lower.add(value, rank, name, str(value))
        assert higher.worst()[:3] == ("c (20)", "a (30)", "d (40)")
        assert lower.worst()[:3] == ("d (40)", "a (30)", "c (20)")

    def test_only_the_worst_five_are_kept(self) -> None:
        """Of 1000 values the five lowest are named, lowest first."""
        tally = Tally(Better.HIGHER, 1)
        for value in range(1000, 0, -1):
            tally.add(value, 0, str(value), str(value))
        assert tally.worst() == ("1 (1)", "2 (2)", "3 (3)", "4 (4)", "5 (5)")

    def test_boxes_per_group(self) -> None:
        """Group 0 has 1, 2, 3, 4, 5: quartiles 2 and 4, median 3; the best median first."""
        tally = Tally(Better.HIGHER, 1)
        for value in (1, 2, 3, 4, 5):
            tally.add(value, 0, "a", "", group=0)
        for value in (10, 20):
            tally.add(value, 0, "b", "", group=1)
        boxes = tally.boxes(["Север", "Юг"], str)
        assert [b.group for b in boxes] == ["Юг", "Север"]
        north = boxes[1]
        assert (north.count, north.low, north.q1, north.median, north.q3, north.high) == (
            5,
            1,
            2,
            3,
            4,
            5,
        )


class TestManyBars:
    def test_a_chart_of_too_many_bars_is_a_histogram(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past MAX_BARS schools the page has a histogram with the worst named, not bars."""
        monkeypatch.setattr(_distribution, "MAX_BARS", 10)
        monkeypatch.setattr("pdrs_rules._documents._content.MAX_BARS", 10)
        ruleset = pdrs_rules.loads(RULESET)
        document = build_document(ruleset.evaluate(rows(40)), ruleset)
        (chart,) = document.charts
        assert (chart.bars, chart.count) == ((), 40)
        assert sum(sum(b.counts) for b in chart.bins) == 40
        # 0% twice (schools 0 and 20), then 5% twice: the worst of the «требует внимания».
        assert chart.worst[:2] == ("СОШ № 0 (0,0%)", "СОШ № 20 (0,0%)")
        elements = parse(document_html(document))
        assert [e for e in elements if e.tag == "svg" and "distribution" in e.classes]
        assert not [e for e in elements if e.tag == "g" and "bar" in e.classes]
        notes = [e.text for e in elements if e.tag == "p" and "note" in e.classes]
        assert any(n.startswith("Худшие значения: СОШ № 0 (0,0%); СОШ № 20 (0,0%)") for n in notes)


class TestFolder:
    def test_small_run_is_one_page(self, tmp_path: Path, ruleset_file: Path) -> None:
        """Up to PAGED_ABOVE schools the folder holds index.html, the whole report."""
        code, _, err = cli(
            str(ruleset_file), str(facts_file(tmp_path, 30)), "-o", f"{tmp_path}/out/"
        )
        assert code == ExitCode.OK
        assert err == f"pdrs-rules report: 1 страница в {tmp_path}/out/\n"
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["index.html"]
        page = (tmp_path / "out" / "index.html").read_text("utf-8")
        assert 'id="heat-map"' in page
        assert page.count('class="school"') == 30

    def test_many_schools_make_a_summary_and_group_pages(
        self, tmp_path: Path, ruleset_file: Path
    ) -> None:
        """320 schools in two МО: index.html and a page for each, linked both ways."""
        count = PAGED_ABOVE + 20
        facts = facts_file(tmp_path, count)
        code, _, err = cli(str(ruleset_file), str(facts), "-o", f"{tmp_path}/out/", "-q")
        assert (code, err) == (ExitCode.OK, "")
        names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert names == ["index.html", "Север.html", "Юг.html"]
        summary = parse((tmp_path / "out" / "index.html").read_text("utf-8"))
        links = [e.attrs["href"] for e in summary if e.tag == "a" and "href" in e.attrs]
        pages = [urllib.parse.unquote(h) for h in links if not h.startswith("#")]
        assert pages == ["Север.html", "Юг.html"]
        rows_ = [e.text for e in summary if e.tag == "tr" and e.text.startswith("МО: ")]
        # 160 schools each; shares 0–95% in steps of 5: half of each group is under 50%, so
        # 0 critical, 80 «требует внимания», 80 «норма», 0 good, and 80 texts.
        assert rows_ == ["МО: Север16008080080", "МО: Юг16008080080"]
        assert not [e for e in summary if e.attrs.get("id") == "heat-map"]
        assert [e for e in summary if e.tag == "svg" and "distribution" in e.classes]
        groups = [e.text for e in summary if e.tag == "h4"]
        assert groups == ["Доля прошедших курсы — 160 ОО"]
        north = parse((tmp_path / "out" / "Север.html").read_text("utf-8"))
        home = [e for e in north if e.tag == "a" and e.attrs.get("href") == "index.html"]
        assert home
        assert [e.text for e in north if e.tag == "p" and "subtitle" in e.classes] == ["МО: Север"]
        sections = [e for e in north if e.tag == "section" and "school" in e.classes]
        assert len(sections) == count // 2

    def test_a_big_group_is_split_into_parts(
        self, tmp_path: Path, ruleset_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With room for 100 schools a page, each group of 160 takes two parts."""
        monkeypatch.setattr(_pages, "FINDINGS_PER_PAGE", 100)
        assert schools_per_page(1) == 100
        facts = facts_file(tmp_path, PAGED_ABOVE + 20)
        assert cli(str(ruleset_file), str(facts), "-o", f"{tmp_path}/out/", "-q")[0] == 0
        names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert names == [
            "index.html",
            "Север часть 1.html",
            "Север часть 2.html",
            "Юг часть 1.html",
            "Юг часть 2.html",
        ]
        part = (tmp_path / "out" / "Юг часть 2.html").read_text("utf-8").replace("\xa0", " ")
        assert "МО: Юг, часть 2 из 2" in part
        assert part.count('class="school"') == 60

    def test_markdown_pages(self, tmp_path: Path, ruleset_file: Path) -> None:
        """--format md writes the same folder as Markdown, with links between the files."""
        facts = facts_file(tmp_path, PAGED_ABOVE + 20)
        argv = [str(ruleset_file), str(facts), "-o", f"{tmp_path}/md/", "--format", "md", "-q"]
        assert cli(*argv)[0] == ExitCode.OK
        assert sorted(p.name for p in (tmp_path / "md").iterdir()) == [
            "index.md",
            "Север.md",
            "Юг.md",
        ]
        index = (tmp_path / "md" / "index.md").read_text("utf-8")
        assert "[МО: Север](%D0%A1%D0%B5%D0%B2%D0%B5%D1%80.md)" in index

    def test_a_failure_leaves_no_pages(
        self, tmp_path: Path, ruleset_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure while writing the second page leaves the folder as it was."""
        out = tmp_path / "out"
        out.mkdir()
        (out / "old.txt").write_text("x")
        calls: list[int] = []
        real = _pages.document_html

        def failing(*args: Any, **kwargs: Any) -> str:
            calls.append(1)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(*args, **kwargs)

        monkeypatch.setattr(_pages, "document_html", failing)
        facts = facts_file(tmp_path, PAGED_ABOVE + 20)
        code, _, err = cli(str(ruleset_file), str(facts), "-o", f"{out}/", "-q")
        assert code == ExitCode.INVALID
        assert "No space left on device" in err
        assert [p.name for p in out.iterdir()] == ["old.txt"]

    def test_unknown_period(self, tmp_path: Path, ruleset_file: Path) -> None:
        """A period the facts do not have is a usage error naming the periods."""
        facts = facts_file(tmp_path, 10)
        argv = [str(ruleset_file), str(facts), "-o", f"{tmp_path}/out/", "--period", "2020"]
        code, _, err = cli(*argv, "--lang", "en")
        assert code == ExitCode.USAGE
        assert "period '2020' is not known (periods: none)" in err
        # Refused before the folder is made.
        assert not (tmp_path / "out").exists()


class TestOnePageLimit:
    def test_too_many_schools_for_one_file(
        self, tmp_path: Path, ruleset_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past ONE_PAGE_AT_MOST schools -o FILE is a usage error that says to write a folder."""
        monkeypatch.setattr("pdrs_rules.cli._report.ONE_PAGE_AT_MOST", 10)
        facts = facts_file(tmp_path, 11)
        code, _, err = cli(str(ruleset_file), str(facts), "-o", str(tmp_path / "r.html"))
        assert code == ExitCode.USAGE
        assert err == (
            "pdrs-rules report: ошибка: 11 ОО не помещаются на одну страницу (не больше 10); "
            "запишите папку со сводкой и страницей на каждую группу: -o r/\n"
        )
        assert not (tmp_path / "r.html").exists()


MUNICIPAL = (
    RULESET
    + """\
aggregates:
  done_mo: {title: Доля прошедших по МО, of: done_share}
conclusions:
  low_mo:
    title: Охват курсами по МО
    formula: done_mo
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: 50
        recommendations:
          - {to: authority, text: "В {school} курсы прошли {value} педагогов."}
      - {level: ok, at_least: 50}
"""
)


class TestMunicipal:
    def test_each_group_page_has_its_conclusions(self, tmp_path: Path) -> None:
        """A ruleset with a municipality level: each group's page shows its own conclusion."""
        ruleset_file = tmp_path / "m.yaml"
        ruleset_file.write_text(MUNICIPAL, encoding="utf-8")
        facts = facts_file(tmp_path, PAGED_ABOVE + 20)
        code, _, err = cli(str(ruleset_file), str(facts), "-o", f"{tmp_path}/out/", "-q")
        assert (code, err) == (ExitCode.OK, "")
        page = (tmp_path / "out" / "Юг.html").read_text("utf-8").replace("\xa0", " ")
        # Юг has the even schools: done = 0, 2, …, 18 of 20 each, 9 of 20 pooled = 45,0%,
        # under 50%: the text. Север has 1, 3, …, 19: 50,0%, which meets 50%: no text.
        assert "В Юг курсы прошли 45,0% педагогов." in page
        north = parse((tmp_path / "out" / "Север.html").read_text("utf-8"))
        (summary,) = [e for e in north if e.attrs.get("id") == "summary"]
        assert "Охват курсами по МО: 50,0% норма" in summary.text
        assert "Юг" not in summary.text
        index = (tmp_path / "out" / "index.html").read_text("utf-8").replace("\xa0", " ")
        assert index.count("В Юг курсы прошли 45,0% педагогов.") == 2  # summary and texts
