"""The HTML report, parsed with html.parser: escaping, structure, level classes, numbers."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import pdrs_rules
from pdrs_rules import Ruleset, render_html
from pdrs_rules._documents._content import PeriodNotFoundError, SharedText, build_document
from pdrs_rules._documents._svg import text_width
from pdrs_rules._formula._slots import Slot
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent
ARMAVIR = ROOT / "rulesets" / "armavir-iom-2023.yaml"
ARMAVIR_FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"

#: A small ruleset whose numbers are checked by hand below; its texts are hostile HTML.
RULESET = """\
format: pdrs-rules/1
id: t-report
title: Отчёт <b>тест</b> & "кавычки"
version: "1"
period: "2023"
levels:
  - {id: bad, title: плохо}
  - {id: fine, title: хорошо}
group: {title: МО, id: mo, name: Тестовый район}
addressees: {school_head: руководитель ОО, methodical_service: методическая служба}
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  done: {title: Прошли, type: integer, min: 0, max: teachers, required: false}
parameters:
  target: {title: Норматив, default: 30, unit: "%"}
indicators:
  done_share:
    title: Доля прошедших
    formula: share(done, teachers)
    unit: "%"
    precision: 1
    better: higher
    bands:
      - level: bad
        below: target
        recommendations:
          - to: school_head
            text: 'Поднять долю <script>alert(1)</script> & "ещё" ({value})'
      - level: fine
        at_least: target
aggregates:
  done_mo: {title: Доля по МО, of: done_share}
"""
#: The same indicator without a municipality level.
SINGLE = RULESET.split("aggregates:", maxsplit=1)[0].replace(
    "group: {title: МО, id: mo, name: Тестовый район}\n", ""
)
EVIL = 'СОШ <script>"1"&'
#: 10 of 40 = 25,0% (bad), 12 of 30 = 40,0% (fine), school 3 has no data; pooled 22/70 = 31,4%.
ROWS: list[dict[str, Any]] = [
    {"id": "1", "name": EVIL, "teachers": 40, "done": 10},
    {"id": "2", "name": "Лицей № 2", "teachers": 30, "done": 12},
    {"id": "3", "name": "ООШ № 3", "teachers": 20, "done": None},
]


@attrs.frozen
class Element:
    """One parsed element: its tag, attributes and all the text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())


class _Tree(HTMLParser):
    """Collects every element with its text; void elements are closed at once."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr", "rect", "line"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag in self.VOID:
            self.elements.append(Element(tag, found, ""))
        else:
            self.stack.append((tag, found, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        open_tag, found, parts = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        text = "".join(parts)
        self.elements.append(Element(tag, found, text))
        if self.stack:
            self.stack[-1][2].append(text)

    def handle_data(self, data: str) -> None:
        # Texts compare as a reader reads them; tests of the no-break spaces read the page.
        data = data.replace("\xa0", " ")
        self.texts.append(data)
        if self.stack:
            self.stack[-1][2].append(data)


def parse(page: str) -> list[Element]:
    """Every element of ``page``; fails if a tag is left open or closed out of order."""
    tree = _Tree()
    tree.feed(page)
    tree.close()
    assert not tree.stack, [t for t, _, _ in tree.stack]
    return tree.elements


def small(text: str = RULESET, rows: list[dict[str, Any]] = ROWS) -> tuple[Ruleset, str]:
    """The ruleset and its HTML report over ``rows``."""
    ruleset = pdrs_rules.loads(text)
    return ruleset, render_html(ruleset.evaluate(rows), ruleset)


def by_tag(elements: list[Element], tag: str) -> list[Element]:
    """The elements with this tag, in document order of their closing."""
    return [e for e in elements if e.tag == tag]


class TestEscaping:
    def test_user_text_never_becomes_markup(self) -> None:
        """Names, titles and recommendation texts with < > & " come out as text, not tags."""
        _, page = small()
        elements = parse(page)
        assert "script" not in {e.tag for e in elements}
        assert "тест" not in [e.text for e in by_tag(elements, "b")]
        headings = [e.text for e in by_tag(elements, "h1")]
        assert headings == ['Отчёт <b>тест</b> & "кавычки"']
        items = [e.text for e in by_tag(elements, "li")]
        assert f'{EVIL}: Поднять долю <script>alert(1)</script> & "ещё" (25,0%)' in items

    def test_attributes_are_escaped(self) -> None:
        """A quote in an indicator title or a school id cannot end an attribute and add one."""
        title = "Доля \"прошедших\" 'курсы' <b>&"
        school = '1" onmouseover="alert(1)'
        quoted = "'" + title.replace("'", "''") + "'"  # YAML writes a quote twice in '…'
        hostile = RULESET.replace("title: Доля прошедших", f"title: {quoted}")
        rows = [{**ROWS[0], "id": school}, *ROWS[1:]]
        _, page = small(hostile, rows)
        elements = parse(page)
        # Both attributes come back whole, and no element gained an attribute from the text.
        cell_titles = [e.attrs["title"] for e in elements if e.tag == "td" and "cell" in e.classes]
        assert f"{title}: 25,0%" in cell_titles
        assert title in [e.attrs.get("title") for e in by_tag(elements, "th")]
        row = next(e for e in elements if e.tag == "tr" and e.attrs.get("data-school") == school)
        assert row.text.startswith(EVIL)
        assert not [e for e in elements if "onmouseover" in e.attrs]

    def test_nothing_is_loaded_from_outside(self) -> None:
        """No script, link, image or url(): the page is one file and forbids loads by CSP."""
        _, page = small()
        elements = parse(page)
        assert not {"script", "link", "img", "iframe", "object"} & {e.tag for e in elements}
        assert "url(" not in page
        assert not [e for e in elements if "src" in e.attrs]
        hrefs = [e.attrs["href"] for e in elements if "href" in e.attrs]
        assert hrefs
        assert all(h.startswith("#") for h in hrefs)
        csp = [e.attrs["content"] for e in elements if e.attrs.get("http-equiv")]
        assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]


class TestContent:
    def test_heat_map_cells(self) -> None:
        """Each school's cell has its value with a decimal comma and its level and rank classes."""
        _, page = small()
        rows = {
            e.attrs["data-school"]: e
            for e in parse(page)
            if e.tag == "tr" and "data-school" in e.attrs
        }
        assert set(rows) == {"1", "2", "3"}
        cells = [e for e in parse(page) if e.tag == "td" and "cell" in e.classes]
        assert [(c.text, sorted(c.classes)) for c in cells] == [
            ("25,0%", ["cell", "level-bad", "rank-0"]),
            ("40,0%", ["cell", "level-fine", "rank-1"]),
            ("—", ["cell", "empty"]),
        ]

    def test_rank_classes_follow_the_level_order_not_the_ids(self) -> None:
        """With levels named otherwise, the worst is still rank-0 and coloured as the worst."""
        text = RULESET.replace("bad", "zzz").replace("fine", "aaa")
        _, page = small(text)
        cells = [e for e in parse(page) if e.tag == "td" and "cell" in e.classes]
        assert {"level-zzz", "rank-0"} <= cells[0].classes
        assert {"level-aaa", "rank-1"} <= cells[1].classes
        style = by_tag(parse(page), "style")[0].text
        worst = re.search(r"\.rank-0 \{ background: (#\w+); \}", style)
        best = re.search(r"\.rank-1 \{ background: (#\w+); \}", style)
        assert worst is not None
        assert best is not None
        assert (worst.group(1), best.group(1)) == ("#f3a59d", "#9ed39a")

    def test_chart(self) -> None:
        """One SVG per indicator: bars sorted by value, the 30% band edge and the pooled 31,4%."""
        _, page = small()
        elements = parse(page)
        charts = [e for e in elements if e.tag == "svg"]
        assert len(charts) == 1
        assert charts[0].attrs["role"] == "img"
        assert charts[0].attrs["aria-label"].startswith("1. Доля прошедших")
        bars = [e for e in elements if e.tag == "g" and "bar" in e.classes]
        assert [b.text for b in bars] == [
            "Лицей № 2: 40,0%Лицей № 240,0%",
            f"{EVIL}: 25,0%{EVIL}25,0%",
        ]
        assert [sorted(b.classes) for b in bars] == [
            ["bar", "level-fine", "rank-1"],
            ["bar", "level-bad", "rank-0"],
        ]
        thresholds = [e.text for e in elements if e.tag == "g" and "threshold" in e.classes]
        assert thresholds == ["Граница уровня: 30%30%"]
        references = [e.text for e in elements if e.tag == "g" and "reference" in e.classes]
        assert references == ["МО: 31,4%МО: 31,4%"]
        notes = [e.text for e in elements if e.tag == "p" and "note" in e.classes]
        assert "Нет значения: ООШ № 3 (нет данных)." in notes

    def test_no_municipal_line_without_a_pooled_aggregate(self) -> None:
        """Without a municipality level there is no line for it, and the summary says so."""
        _, page = small(SINGLE)
        elements = parse(page)
        assert not [e for e in elements if e.tag == "g" and "reference" in e.classes]
        summary = next(e for e in elements if e.attrs.get("id") == "summary")
        assert "нет муниципального уровня" in summary.text

    def test_summary_and_addressees(self) -> None:
        """The summary has the pooled value; recommendations are grouped under their addressee."""
        _, page = small()
        elements = parse(page)
        cells = [e.text for e in elements if e.tag == "td"]
        assert cells[cells.index("Доля по МО") :][:2] == ["Доля по МО", "31,4%"]
        addressees = [e.text for e in elements if e.tag == "h3" and "addressee" in e.classes]
        assert addressees == ["Руководитель ОО"]
        groups = [e.text for e in elements if e.tag == "h4"]
        assert groups == ["Доля прошедших — 1 ОО"]

    def test_school_sections_and_gaps(self) -> None:
        """A section per school with its explanation; the missing fact is listed as a gap."""
        _, page = small()
        elements = parse(page)
        sections = [e for e in elements if e.tag == "section" and "school" in e.classes]
        assert [s.attrs["id"] for s in sections] == ["school-1", "school-2", "school-3"]
        headings = [e.text for e in by_tag(elements, "h2") if e.text.startswith("Адресные рек")]
        assert f"Адресные рекомендации руководителю {EVIL}" in headings
        # 10 of 40 teachers: the formula told for people, not share(done, teachers) = 100 * …
        rows = [e.text for e in elements if e.tag == "tr" and e.text.startswith("Доля прош")]
        assert rows[0] == "Доля прошедших25,0%плохо10 из 40"
        assert "share(" not in sections[0].text
        assert "Руководитель ОО:\nПоднять долю <script>alert(1)</script>" in sections[0].text
        gaps = next(e for e in elements if e.attrs.get("id") == "gaps")
        rows = [e.text for e in elements if e.tag == "tr" and e.text.startswith("ООШ № 3")]
        assert "ООШ № 3Доля прошедшихнет данныхнет данных: done" in rows
        assert "ООШ № 3" in gaps.text

    def test_print_css(self) -> None:
        """A4 pages, a page break before each school, charts and items never cut."""
        _, page = small()
        style = by_tag(parse(page), "style")[0].text
        assert "@page { size: A4;" in style
        assert "section.school { break-before: page;" in style
        assert re.search(r"figure \{[^}]*break-inside: avoid", style)


class TestPeriods:
    ROWS: ClassVar[list[dict[str, Any]]] = [
        {"period": "2022", "id": "1", "name": "СОШ № 1", "teachers": 10, "done": 1},
        {"period": "2023", "id": "1", "name": "СОШ № 1", "teachers": 10, "done": 5},
    ]

    def test_latest_period_by_default(self) -> None:
        """Of two periods the report shows the later one and names both."""
        _, page = small(rows=self.ROWS)
        cells = [
            e.text for e in parse(page) if e.tag == "td" and "cell" in e.attrs.get("class", "")
        ]
        assert cells == ["50,0%"]
        assert "2022, 2023" in page

    def test_chosen_period(self) -> None:
        """``period=`` picks an earlier one; an unknown period is refused with the list."""
        ruleset = pdrs_rules.loads(RULESET)
        report = ruleset.evaluate(self.ROWS, all_periods=True)
        page = render_html(report, ruleset, period="2022")
        cells = [
            e.text for e in parse(page) if e.tag == "td" and "cell" in e.attrs.get("class", "")
        ]
        assert cells == ["10,0%"]
        with pytest.raises(
            PeriodNotFoundError, match=r"period '2021' is not in the report \(periods: 2022, 2023\)"
        ):
            build_document(report, ruleset, period="2021")


class TestArmavir:
    def test_shipped_example(self) -> None:
        """The armavir report: 12 schools × 9 indicators, the 2,8% conclusion, 9 charts."""
        ruleset = pdrs_rules.load(ARMAVIR)
        page = render_html(ruleset.evaluate(ARMAVIR_FACTS), ruleset)
        elements = parse(page)
        rows = [e for e in elements if e.tag == "tr" and "data-school" in e.attrs]
        assert len(rows) == 12
        assert len([e for e in elements if e.tag == "td" and "cell" in e.classes]) == 12 * 9
        assert len(by_tag(elements, "svg")) == 9
        conclusions = [e.text for e in elements if e.tag == "div" and "conclusion" in e.classes]
        assert any(
            c.strip().startswith("Педагоги, реализовавшие ИОМ менее чем на 50%: 2,8%")
            for c in conclusions
        )
        # 3 of 35 teachers of school 001 completed less than half of their route: 8,6%.
        first = next(e for e in rows if e.attrs["data-school"] == "001")
        assert "8,6%" in first.text


class TestCli:
    def run(self, *argv: str) -> tuple[int, str, str]:
        """Run ``pdrs-rules report`` in process."""
        out, err = io.StringIO(), io.StringIO()
        code = run(["report", *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    def test_writes_html_from_the_extension(self, tmp_path: Path) -> None:
        """``-o report.html`` writes the page, nothing on stdout, no temporary file left."""
        target = tmp_path / "report.html"
        code, out, err = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "-o", str(target))
        assert (code, out, err) == (ExitCode.OK, "", "")
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert [p.name for p in tmp_path.iterdir()] == ["report.html"]

    def test_markdown_from_the_extension_and_stdout(self, tmp_path: Path) -> None:
        """``-o x.md`` writes Markdown; without -o the page goes to stdout."""
        target = tmp_path / "report.md"
        assert self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "-o", str(target))[0] == ExitCode.OK
        assert target.read_text(encoding="utf-8").startswith("# Внутренний аудит")
        code, out, _ = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "--format", "md")
        assert code == ExitCode.OK
        assert out == target.read_text(encoding="utf-8")
        code, out, _ = self.run(str(ARMAVIR), str(ARMAVIR_FACTS))
        assert out.startswith("<!DOCTYPE html>")

    def test_param_changes_the_report(self) -> None:
        """``--param contests_target=30`` moves the band edge line to 30%."""
        code, out, _ = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "--param", "contests_target=30")
        assert code == ExitCode.OK
        chart = next(
            e for e in parse(out) if e.tag == "figure" and e.attrs["id"] == "chart-contests_share"
        )
        assert "Граница уровня: 30%" in chart.text

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["-o", "r.txt"],
                (
                    "pdrs-rules report: error: cannot tell the format from 'r.txt' "
                    "(known extensions: .html, .htm, .md, .markdown); "
                    "give --format html or --format md\n"
                ),
            ),
            (
                ["--period", "2022/2032"],
                (
                    "pdrs-rules report: error: period '2022/2032' is not known "
                    "(periods: 2022/2023); did you mean '2022/2023'?\n"
                ),
            ),
            (
                ["--param", "nope=1"],
                (
                    "pdrs-rules report: error: --param: the ruleset has no parameter 'nope' "
                    "(parameters: low_completion_tolerance, contests_target, certified_target, "
                    "iom_full_target)\n"
                ),
            ),
        ],
    )
    def test_usage_errors(self, argv: list[str], message: str) -> None:
        """A wrong extension, period or parameter is a usage error with a clear message."""
        code, out, err = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), *argv, "--lang", "en")
        assert (code, out, err) == (ExitCode.USAGE, "", message)

    def test_usage_errors_in_the_rulesets_language(self) -> None:
        """The same mistakes in Russian for a ruleset with locale: ru."""
        code, _, err = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "-o", "r.txt")
        assert code == ExitCode.USAGE
        assert err == (
            "pdrs-rules report: ошибка: по имени 'r.txt' не понять формат (известные расширения: "
            ".html, .htm, .md, .markdown); укажите --format html или --format md\n"
        )
        code, _, err = self.run(str(ARMAVIR), str(ARMAVIR_FACTS), "--period", "2022/2032")
        assert err == (
            "pdrs-rules report: ошибка: период «2022/2032» не найден (периоды: 2022/2023); "
            "возможно, имелось в виду «2022/2023»?\n"
        )

    def test_warnings_on_stderr_unless_quiet(self, tmp_path: Path) -> None:
        """Reading warnings go to stderr in the ruleset's language; -q keeps them off."""
        ruleset = tmp_path / "r.yaml"
        ruleset.write_text(RULESET, encoding="utf-8")
        facts = tmp_path / "f.csv"
        facts.write_text("id,name,teachers,done,extra\n1,СОШ № 1,40,10,x\n", encoding="utf-8")
        code, _, err = self.run(str(ruleset), str(facts), "--format", "md")
        assert code == ExitCode.OK
        assert err.startswith(f"{facts}:1:5: unknown-column: предупреждение:")
        assert self.run(str(ruleset), str(facts), "--format", "md", "-q")[2] == ""

    def test_missing_facts_file(self, tmp_path: Path) -> None:
        """A facts file that is not there is an invalid input (exit 3), named in the message."""
        missing = tmp_path / "nope.csv"
        code, _, err = self.run(str(ARMAVIR), str(missing))
        assert code == ExitCode.INVALID
        assert str(missing) in err


class TestShippedRulesets:
    def page(self, name: str, period: str | None = None) -> list[Element]:
        """The parsed HTML report of a shipped ruleset over its facts, for one period."""
        ruleset = pdrs_rules.load(ROOT / "rulesets" / f"{name}.yaml")
        group = ROOT / "rulesets" / f"{name}.group.csv"
        report = ruleset.evaluate(
            ROOT / "rulesets" / f"{name}.facts.csv",
            group_facts=group if group.exists() else None,
            period=period,
        )
        return parse(render_html(report, ruleset))

    def test_scores(self) -> None:
        """A scored ruleset shows each school's total: school 001 of Zhirnovsky has 11 of 12."""
        elements = self.page("zhirnovsky-2022")
        school = next(e for e in elements if e.attrs.get("id") == "school-001")
        # 11 / 12 = 0,91666… → 91,7%, and 91,7% is at least 75%: «норма».
        assert "Итого баллов: 11 из 12 баллов (91,7%) — норма" in school.text

    def test_several_periods_and_history_gaps(self) -> None:
        """Sasovo has three years; its first year lacks history for the trend, listed as a gap."""
        latest = self.page("sasovo-2017-2019")
        meta = [e.text for e in latest if e.tag == "p" and "meta" in e.classes]
        assert "Период: 2019" in meta
        assert "Периоды в данных: 2017, 2018, 2019" in meta
        first = self.page("sasovo-2017-2019", period="2017")
        gaps = next(e for e in first if e.attrs.get("id") == "gaps")
        assert "недостаточно данных за прошлые периоды" in gaps.text

    def test_group_facts(self) -> None:
        """Dalnerechensk's conclusions read group facts; its summary names the ГО."""
        elements = self.page("dalnerechensk-2022-2025")
        summary = next(e for e in elements if e.attrs.get("id") == "summary")
        assert "Дальнереченский городской округ" in summary.text
        assert [e for e in elements if e.tag == "div" and "conclusion" in e.classes]

    def test_reading_warnings_are_listed(self, tmp_path: Path) -> None:
        """A warning met while reading the facts is shown under the data gaps, not dropped."""
        facts = tmp_path / "f.csv"
        facts.write_text("id,name,teachers,done,extra\n1,СОШ № 1,40,10,x\n", encoding="utf-8")
        ruleset = pdrs_rules.loads(RULESET)
        elements = parse(render_html(ruleset.evaluate(facts), ruleset))
        codes = [e.text for e in elements if e.tag == "code"]
        assert len(codes) == 1
        assert codes[0].startswith(f"{facts}:1:5: unknown-column:")


SHIPPED = ("armavir-iom-2023", "sasovo-2017-2019", "zhirnovsky-2022", "sosva")


def shipped(name: str) -> tuple[Ruleset, pdrs_rules.Report]:
    """A shipped ruleset and its report over its facts (and group facts, if any)."""
    ruleset = pdrs_rules.load(ROOT / "rulesets" / f"{name}.yaml")
    group = ROOT / "rulesets" / f"{name}.group.csv"
    report = ruleset.evaluate(
        ROOT / "rulesets" / f"{name}.facts.csv", group_facts=group if group.exists() else None
    )
    return ruleset, report


class TestSharedTexts:
    def test_one_sentence_and_a_table_for_twelve_schools(self) -> None:
        """Armavir's contests text: once, with the 12 schools' value and head count in a table."""
        ruleset, report = shipped("armavir-iom-2023")
        doc = build_document(report, ruleset)
        (head,) = (b for b in doc.addressees if b.to == "school_head")
        group = next(g for g in head.groups if g.source.endswith("профессиональных конкурсах"))
        (shared,) = group.parts
        assert isinstance(shared, SharedText)
        assert shared.sentence == (
            (
                "Обеспечить консультативно-методическое сопровождение педагогов при подготовке к "
                "участию в профессиональных конкурсах и олимпиадах: доля участников "
            ),
            Slot("значение"),
            " при целевом значении 50%, необходимо привлечь ещё ",
            Slot("N"),
            " педагогов.",
        )
        assert shared.columns == ("значение", "N")
        # School 001: 12 of 35 = 34,3%; 50% of 35 is 17,5, so 18 − 12 = 6 more teachers.
        assert shared.rows[0] == ("МБОУ гимназия № 1", ("34,3%", "6"))
        assert len(shared.rows) == 12
        assert len(group.items) == 12  # the full texts stay in the model

    def test_the_page_shows_the_sentence_once(self) -> None:
        """In HTML the shared sentence appears once; each school's section keeps its own."""
        ruleset, report = shipped("armavir-iom-2023")
        page = render_html(report, ruleset).replace("\xa0", " ")
        sentence = (
            "Обеспечить консультативно-методическое сопровождение педагогов при подготовке к "
        )
        recommendations = page[page.index('id="recommendations"') : page.index('id="heat-map"')]
        assert recommendations.count(sentence + "участию") == 1
        schools = page[page.index('id="schools"') :]
        assert schools.count("доля участников 34,3% при целевом значении 50%") == 1
        assert '<span class="slot">[значение]</span>' in recommendations

    def test_without_sharing_every_text_is_listed(self) -> None:
        """share_texts=False keeps the old list, one text per school."""
        ruleset, report = shipped("armavir-iom-2023")
        doc = build_document(report, ruleset, share_texts=False)
        assert all(not g.parts for b in doc.addressees for g in b.groups)

    def test_a_text_of_one_school_stays_whole(self) -> None:
        """A template only one school's text came from is not turned into a table."""
        ruleset = pdrs_rules.loads(RULESET)
        doc = build_document(ruleset.evaluate(ROWS), ruleset)
        (group,) = doc.addressees[0].groups
        assert group.parts == group.items

    def test_only_the_school_differs(self) -> None:
        """When nothing but {school} differs, the schools are listed after the sentence."""
        text = RULESET.replace(
            'Поднять долю <script>alert(1)</script> & "ещё" ({value})', "Включить {school}."
        )
        ruleset = pdrs_rules.loads(text)
        # 1 and 2 of 10 are both under the 30% target: the same text, only the school differs.
        rows = [{"id": str(i), "name": f"СОШ № {i}", "teachers": 10, "done": i} for i in (1, 2)]
        doc = build_document(ruleset.evaluate(rows), ruleset)
        (shared,) = doc.addressees[0].groups[0].parts
        assert isinstance(shared, SharedText)
        assert (shared.sentence, shared.columns) == (("Включить ", Slot("ОО"), "."), ())
        page = render_html(ruleset.evaluate(rows), ruleset).replace("\xa0", " ")
        assert '<p class="schools">ОО: СОШ № 1; СОШ № 2.</p>' in page


class TestCharts:
    def test_a_zero_value_gets_a_mark(self) -> None:
        """A school at 0% has a visible mark, 3 px wide, in its level's colour class."""
        rows = [{"id": "1", "name": "СОШ № 1", "teachers": 40, "done": 0}, *ROWS[1:]]
        _, page = small(rows=rows)
        elements = parse(page)
        marks = [e for e in elements if e.tag == "rect" and "zero" in e.classes]
        assert [m.attrs["width"] for m in marks] == ["3"]
        bars = [e for e in elements if e.tag == "g" and "bar" in e.classes]
        assert "rank-0" in bars[-1].classes  # 0% is below the 30% target: «плохо»

    def test_no_line_at_the_start_of_the_scale(self) -> None:
        """Armavir's «менее 50%» edge of 0% is the axis: no dashed line, no «0%» above it."""
        ruleset, report = shipped("armavir-iom-2023")
        elements = parse(render_html(report, ruleset))
        thresholds = [e.text for e in elements if e.tag == "g" and "threshold" in e.classes]
        assert "Граница уровня: 0%0%" not in thresholds
        assert thresholds  # the 50% and 30% targets are still drawn

    @pytest.mark.parametrize("name", SHIPPED)
    def test_value_labels_keep_off_the_lines(self, name: str) -> None:
        """No value label spans a band edge or the municipal line (estimated text widths)."""
        ruleset, report = shipped(name)
        for svg in re.findall(r"<svg.*?</svg>", render_html(report, ruleset), re.DOTALL):
            lines = [float(x) for x in re.findall(r'<line x1="([\d.]+)" y1="\d+" x2', svg)]
            for x, text in re.findall(r'<text class="value" x="([\d.]+)"[^>]*>([^<]*)<', svg):
                start, end = float(x), float(x) + text_width(text)
                assert not [at for at in lines if start - 2 <= at <= end + 2], (name, text)
