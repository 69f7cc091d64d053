"""The indicator passport: formulas in words, the Markdown and HTML documents, the command."""

from __future__ import annotations

import html.parser
import io
import re
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules._authoring._passport import passport_format_for
from pdrs_rules._formula._words import formula_in_words
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.report._style import BASE_CSS, PAGE_CSP

ROOT = Path(__file__).parent.parent
SHIPPED = sorted(
    p for p in (ROOT / "rulesets").glob("*.yaml") if not p.name.endswith(".cases.yaml")
)
NAMES = {
    "iom": ("факт", "Педагоги с ИОМ"),
    "teachers": ("факт", "Педагоги"),
    "t": ("параметр", "Порог"),
    "a_ind": ("показатель", "Доля А"),
}
IOM = "«Педагоги с ИОМ» (факт iom)"
TEACHERS = "«Педагоги» (факт teachers)"

SMALL = """\
format: pdrs-rules/1
id: t-small
title: Малый набор
version: "2.1"
period: 2024/2025
issuer: Управление образования
source: Приказ № 1
locale: ru
entity: {id_column: Код ОО, name_column: Наименование ОО}
facts:
  teachers: {title: Педагоги, type: integer, min: 0, column: Всего педагогов}
  iom: {title: Педагоги с ИОМ, type: integer, min: 0, max: teachers, column: С ИОМ}
parameters:
  target: {title: Целевая доля, default: 30, unit: "%", min: 0, max: 100}
indicators:
  iom_share:
    title: Доля педагогов с ИОМ
    formula: share(iom, teachers)
    unit: "%"
    better: higher
    bands:
      - level: critical
        below: target
        points: 0
        recommendations:
          - to: school_head
            text: "Разработать ИОМ ещё {gap|plural:педагогу,педагогам,педагогам}."
      - {level: warning, at_least: target, below: 50, points: 1}
      - {level: ok, at_least: 50, points: 2}
    no_data: {to: school_head, text: "Предоставить данные ({missing})."}
"""

#: The indicator's section of SMALL's passport, written out by hand from the ruleset above.
SMALL_INDICATOR = """\
### 1. Доля педагогов с ИОМ (`iom_share`)

| Показатель | Значение |
| --- | --- |
| Формула словами | доля «Педагоги с ИОМ» (факт iom) от «Педагоги» (факт teachers), % |
| Формула | `share(iom, teachers)` |
| Единица измерения | % |
| Направление | чем больше, тем лучше |

Источники данных:

| Источник | Название | Столбец таблицы | Уровень |
| --- | --- | --- | --- |
| факт `iom` | Педагоги с ИОМ | С ИОМ | ОО |
| факт `teachers` | Педагоги | Всего педагогов | ОО |

Уровни и пороги:

| Значение | Уровень | Баллы |
| --- | --- | --- |
| < 30% (параметр target) | критический (`critical`) | 0 |
| [30; 50) (параметр target = 30) | требует внимания (`warning`) | 1 |
| ≥ 50% | норма (`ok`) | 2 |

Рекомендации:

- Уровень «критический», значение < 30% — руководитель ОО: «Разработать ИОМ ещё *\\[N\\]* \
педагогам.» (шаблон: `Разработать ИОМ ещё {gap\\|plural:педагогу,педагогам,педагогам}.`)
- Нет данных — руководитель ОО: «Предоставить данные (*\\[недостающие данные\\]*).» (шаблон: \
`Предоставить данные ({missing}).`)
"""

HOSTILE = """\
format: pdrs-rules/1
id: hostile
title: "<script>alert('т')</script> & | набор"
version: "1"
facts:
  n: {title: "<b>Н</b> | «й»", type: integer, min: 0, column: "N <i>"}
indicators:
  a:
    title: "</table><img src=x onerror=alert(1)>"
    formula: n
    unit: count
    bands:
      - level: ok
        at_least: 0
        recommendations: [{to: teachers, text: "<script>x</script> & \\"кавычки\\""}]
"""


class TestFormulaInWords:
    @pytest.mark.parametrize(
        ("formula", "words"),
        [
            ("share(iom, teachers)", f"доля {IOM} от {TEACHERS}, %"),
            (
                "share(teachers - iom, teachers)",
                f"доля (разность {TEACHERS} и {IOM}) от {TEACHERS}, %",
            ),
            ("ratio(iom, teachers)", f"отношение {IOM} к {TEACHERS}"),
            ("iom + teachers + 1", f"сумма {IOM}, {TEACHERS} и 1"),
            ("a * b * 2.5", "произведение a, b и 2,5"),
            ("a / b", "частное от деления a на b"),
            ("a // b", "целая часть от деления a на b"),
            ("a % b", "остаток от деления a на b"),
            ("a ** 2", "a в степени 2"),
            ("a ** -1", "a в степени −1"),
            ("-a", "минус a"),
            ("+a", "a"),
            ("-(a + b)", "минус (сумма a и b)"),
            ("a - (b - c)", "разность a и (разность b и c)"),
            ("min(a, b)", "наименьшее из значений a и b"),
            ("max(a, b, 3)", "наибольшее из значений a, b и 3"),
            ("abs(a - b)", "абсолютная величина (разность a и b)"),
            ("round(a)", "a, округлённое до целого"),
            ("round(a, 1)", "a, округлённое до 1 знака после запятой"),
            ("round(a, 2)", "a, округлённое до 2 знаков после запятой"),
            ("floor(a / b)", "(частное от деления a на b), округлённое вниз до целого"),
            ("ceil(a)", "a, округлённое вверх до целого"),
            ("previous(a)", "a за предыдущий период"),
            ("a - previous(a)", "разность a и (a за предыдущий период)"),
            ("a > t", "a больше «Порог» (параметр t)"),
            ("a <= 0.5", "a не больше 0,5"),
            ("a != 0", "a не равно 0"),
            ("0 <= a < 1", "0 не больше a и a меньше 1"),
            ("a >= 1 and not b", "(a не меньше 1) и (не b)"),
            ("a < 1 or a == 5", "(a меньше 1) или (a равно 5)"),
            ("a if b > 0 else 0", "если (b больше 0), то a, иначе 0"),
            ("s == 'город'", "s равно «город»"),
            ("True", "истина"),
            ("a_ind", "«Доля А» (показатель a_ind)"),
        ],
    )
    def test_words(self, formula: str, words: str) -> None:
        """Each function and operator of the formula language has its Russian words."""
        assert words == formula_in_words(formula, NAMES)

    @pytest.mark.parametrize(("formula", "symbols"), [("foo(a)", "foo(a)"), ("a << 1", "a << 1")])
    def test_no_words_falls_back_to_symbols(self, formula: str, symbols: str) -> None:
        """What has no words (nothing a compiled formula contains) is shown as written."""
        assert symbols == formula_in_words(formula, NAMES)

    def test_titles_are_folded_onto_one_line(self) -> None:
        """A title written over several lines reads as one line."""
        names = {"n": ("факт", "  Педагоги\n   с ИОМ ")}
        assert formula_in_words("n", names) == "«Педагоги с ИОМ» (факт n)"


@pytest.fixture(scope="module")
def text() -> str:
    page = pdrs_rules.passport(pdrs_rules.loads(SMALL, file="small.yaml"), ids=True)
    return page.replace("\xa0", " ")  # as read; TestForApproval looks at the no-break spaces


class TestMarkdown:
    def test_indicator_section(self, text: str) -> None:
        """The indicator's section is exactly the one written out by hand."""
        start = text.index("### 1.")
        end = text.index("\n## ", start)
        assert text[start:end] == SMALL_INDICATOR

    def test_source_document(self, text: str) -> None:
        """The metadata rows name the ruleset, version, year, issuer and source document."""
        for line in [
            "# Паспорт показателей: Малый набор",
            "| Набор правил | `t-small` |",
            "| Версия | 2.1 |",
            "| Учебный год (период) | 2024/2025 |",
            "| Утвердил | Управление образования |",
            "| Документ-основание | Приказ № 1 |",
            "| Файл | `small.yaml` |",
        ]:
            assert line in text.splitlines()

    def test_parameters_and_facts(self, text: str) -> None:
        """Parameters with their defaults and ranges; facts with columns, types and bounds."""
        lines = text.splitlines()
        assert "| `target` | Целевая доля | 30% | от 0 до 100 |" in lines
        assert (
            "| `iom` | Педагоги с ИОМ | С ИОМ | целое число | ОО "
            "| не меньше 0; не больше teachers |"
        ) in lines
        assert "Описание" not in text  # no description: no empty row

    def test_conclusions_and_aggregates(self) -> None:
        """A municipal ruleset's aggregates and conclusions come with words for their conditions."""
        text = pdrs_rules.passport(ROOT / "rulesets" / "sosva.yaml", ids=True).replace("\xa0", " ")
        assert "## Агрегаты по МО" in text
        assert "## Выводы по МО" in text
        assert (
            "(показатель off_profile_share) больше «Порог доли учителей, преподающих учебные "
            "предметы не в соответствии с полученным образованием» (параметр off_profile_limit)"
        ) in text
        assert "| Основан на наборе | `sverdlovsk-base.yaml` |" in text
        assert (
            "| > 0% (параметр off_profile_schools_tolerance) | требует внимания (`warning`) | 0 |"
            in text
        )

    def test_trends(self) -> None:
        """Trend rules read as conditions over the periods (sasovo-2017-2019.yaml's pk_trend)."""
        path = ROOT / "rulesets" / "sasovo-2017-2019.yaml"
        lines = pdrs_rules.passport(path, ids=True).replace("\xa0", " ").splitlines()
        # pk_high and pk_low default to 40 and 25; pk_share is in %; periods: 3.
        rows = [
            ("`stable_high` — стабильно высокая доля", "все 3 значения ≥ 40% (параметр pk_high)",
             "высокий", "2"),
            ("`stable_low` — стабильно низкая доля", "все 3 значения < 25% (параметр pk_low)",
             "критический", "0"),
            ("`falling` — снижение два года подряд", "снижение 2 раза подряд",
             "требует внимания", "0"),
            ("`growth` — положительная динамика", "изменение за последний период > 0 п.п.",
             "норма", "1"),
            ("`steady` — без существенных изменений", "во всех остальных случаях", "норма", "1"),
        ]  # fmt: skip
        for cells in rows:
            assert "| " + " | ".join(cells) + " |" in lines
        group = pdrs_rules.passport(ROOT / "rulesets" / "dalnerechensk-2022-2025.yaml", ids=True)
        assert "| `falling` — снижение | снижение за последний период |" in group

    def test_hostile_titles_do_not_break_tables(self) -> None:
        """A pipe or markup in a title is escaped, so every table row keeps its cells."""
        text = pdrs_rules.passport(pdrs_rules.loads(HOSTILE, file="hostile.yaml"))
        tables = re.findall(r"(?m)(?:^\|.*\n)+", text)
        assert len(tables) >= 4
        for table in tables:
            widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
            assert len(widths) == 1, table
        assert "\\<b>Н\\</b> \\| «й»" in text
        assert "\\<script>" in text
        assert not re.search(r"(?<!\\)<[a-z/]", text)


@pytest.fixture(scope="module")
def varied() -> str:
    page = pdrs_rules.passport(Path(__file__).parent / "scaffold" / "varied.yaml", ids=True)
    return page.replace("\xa0", " ")


class TestBands:
    def test_boolean_and_open_bands(self, varied: str) -> None:
        """Boolean bands read да/нет, a band without bounds «любое значение», no points «—»."""
        lines = varied.splitlines()
        assert "| нет | требует внимания (`warning`) | — |" in lines
        assert "| да | норма (`ok`) | — |" in lines
        assert "| любое значение | норма (`ok`) | — |" in lines
        assert "| ≤ 50% | норма (`ok`) | — |" in lines
        assert (
            "- Уровень «требует внимания», значение нет — руководитель ОО: "
            "«Утвердить модель наставничества.» (шаблон: `Утвердить модель наставничества.`)"
        ) in lines

    def test_parameters_facts_and_description(self, varied: str) -> None:
        """Parameters of every type and range, optional columns, the description."""
        lines = varied.splitlines()
        assert "| `floor_rate` | Нижняя ставка | 0,1 | не меньше 0 |" in lines
        assert "| `note` | Примечание | нет | — |" in lines
        assert "| `kind` | Тип ОО | Тип | текст | ОО | столбец может отсутствовать |" in lines
        assert "| Описание | Набор для проверки шаблона |" in lines
        assert (
            "| Формула словами | («Тип ОО» (факт kind) равно «городская») и («Доля ставки» "
            "(факт rate) больше «Нижняя ставка» (параметр floor_rate)) и («Примечание» "
            "(параметр note) равно «нет») |"
        ) in lines


class TestHtml:
    def test_hostile_titles_are_escaped(self) -> None:
        """Titles, columns and texts are escaped; no tag of the ruleset reaches the page."""
        page = pdrs_rules.passport(pdrs_rules.loads(HOSTILE), format="html")
        assert "<script" not in page
        assert "<img" not in page
        assert "<b>" not in page
        assert "&lt;script&gt;alert(&#x27;т&#x27;)&lt;/script&gt; &amp; | набор" in page
        assert "&lt;/table&gt;&lt;img src=x onerror=alert(1)&gt;" in page
        assert "&quot;кавычки&quot;" in page

    def test_page_is_self_contained_and_balanced(self) -> None:
        """One page with its own style, no external resources, every tag closed."""
        page = pdrs_rules.passport(pdrs_rules.loads(SMALL), format="html", ids=True)
        assert page.startswith('<!DOCTYPE html>\n<html lang="ru">')
        assert "<style>" in page
        assert "@page" in page
        assert not re.search(r"\b(src|href)=", page)
        assert _unclosed(page) == []
        assert "<td>[30; 50) (параметр target = 30)</td>" in page


@pytest.fixture(scope="module")
def shipped() -> dict[str, str]:
    """Every shipped ruleset's passport as it is sent for approval."""
    return {path.stem: pdrs_rules.passport(path) for path in SHIPPED}


class TestForApproval:
    """The passport as it is sent for approval: Russian words, sentences, no identifiers."""

    def test_no_template_syntax_ids_or_english(self, shipped: dict[str, str]) -> None:
        """No {placeholder}, no `code`, no English level ids or (school)/(group)."""
        for name, text in shipped.items():
            assert "{" not in text, name
            assert "`" not in text.replace("`" + name + "`", ""), name
            for word in ("(school)", "(group)", "(warning)", "(ok)", "(critical)", "параметр "):
                assert word not in text.replace("параметр «", ""), (name, word)

    def test_texts_read_as_sentences(self, shipped: dict[str, str]) -> None:
        """Zhirnovsky's diagnostics text: the threshold filled in, the value and gap as slots."""
        assert (
            "«Обеспечить участие педагогов в едином мониторинге по выявлению профессиональных "
            "дефицитов: прошли диагностику *\\[значение\\]* при целевом значении 30%, необходимо "
            "ещё *\\[N\\]* педагогов.»"
        ) in shipped["zhirnovsky-2022"].replace("\xa0", " ")

    def test_band_names_its_parameter_by_title(self, shipped: dict[str, str]) -> None:
        """A threshold given by a parameter names it by its title, not its id."""
        text = shipped["zhirnovsky-2022"].replace("\xa0", " ")
        assert (
            "| < 30% (параметр «Целевая доля педагогов, прошедших диагностику профессиональных "
            "дефицитов») | требует внимания | 0 |"
        ) in text

    def test_scoring(self, shipped: dict[str, str]) -> None:
        """Zhirnovsky scores: points per level, the most, and the overall level by percentage."""
        text = shipped["zhirnovsky-2022"].replace("\xa0", " ")
        section = text[text.index("## Баллы и итоговый уровень") :]
        # no_data: zero in zhirnovsky-2022.yaml.
        assert "показатель без данных даёт 0 баллов и входит в неё" in section
        lines = section.splitlines()
        # iom_share: critical 0, warning 1, ok 2; its most is 2 (zhirnovsky-2022.yaml).
        assert (
            "| Доля педагогов, имеющих ИОМ, разработанные на основе диагностики профессиональных "
            "дефицитов | критический — 0; требует внимания — 1; норма — 2 | 2 |"
        ) in lines
        assert "Баллы МО — по выводам:" in lines
        assert "| < 50% | критический |" in lines
        assert "| ≥ 75% | норма |" in lines

    def test_no_scoring_no_section(self) -> None:
        """A ruleset without `scoring` has no such section."""
        assert "Баллы и итоговый уровень" not in pdrs_rules.passport(pdrs_rules.loads(SMALL))

    def test_html_looks_like_the_report(self) -> None:
        """The HTML passport has the report's fonts, measure, print rules and page policy."""
        page = pdrs_rules.passport(pdrs_rules.loads(SMALL), format="html")
        assert BASE_CSS in page
        assert f'content="{PAGE_CSP}"' in page
        assert '<span class="slot">[N]</span>' in page

    def test_ids_on_request(self) -> None:
        """--ids brings back the identifiers, formulas as written and templates."""
        plain = pdrs_rules.passport(pdrs_rules.loads(SMALL))
        with_ids = pdrs_rules.passport(pdrs_rules.loads(SMALL), ids=True)
        assert "`iom_share`" not in plain
        assert "`iom_share`" in with_ids
        assert "`share(iom, teachers)`" in with_ids
        assert "{gap\\|plural:" in with_ids


class TestShipped:
    @pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
    @pytest.mark.parametrize("kind", ["md", "html"])
    def test_every_shipped_ruleset_has_a_passport(self, path: Path, kind: str) -> None:
        """Each shipped ruleset gets a passport naming every indicator and conclusion."""
        ruleset = pdrs_rules.load(path)
        text = pdrs_rules.passport(ruleset, format=kind, ids=True)  # type: ignore[arg-type]
        for ident in [*ruleset.indicators, *ruleset.compiled.conclusion_order]:
            assert f"<code>{ident}</code>" in text if kind == "html" else f"(`{ident}`)" in text
        if kind == "html":
            assert _unclosed(text) == []
        assert ruleset.metadata.version in text


class TestFormatChoice:
    @pytest.mark.parametrize(
        ("output", "requested", "chosen"),
        [
            (None, None, "md"),
            ("p.html", None, "html"),
            ("p.HTM", None, "html"),
            ("p.md", None, "md"),
            ("p.html", "md", "md"),
            (None, "html", "html"),
        ],
    )
    def test_format_for(self, output: str | None, requested: str | None, chosen: str) -> None:
        """--format wins; otherwise an .html/.htm output means HTML; otherwise Markdown."""
        assert chosen == passport_format_for(output, requested)

    def test_unknown_format(self) -> None:
        """The Python API refuses a format it does not write."""
        with pytest.raises(ValueError, match="format must be 'md' or 'html', got 'pdf'"):
            pdrs_rules.passport(pdrs_rules.loads(SMALL), format="pdf")  # type: ignore[arg-type]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


class TestCommand:
    def test_markdown_to_stdout(self, tmp_path: Path) -> None:
        """Without -o the Markdown passport goes to standard output."""
        path = tmp_path / "small.yaml"
        path.write_text(SMALL, encoding="utf-8")
        code, out, err = cli("passport", str(path), "--ids")
        assert (code, err) == (ExitCode.OK, "")
        assert SMALL_INDICATOR in out.replace("\xa0", " ")

    def test_html_file_by_suffix(self, tmp_path: Path) -> None:
        """-o passport.html writes HTML to the file and nothing to standard output."""
        path = tmp_path / "small.yaml"
        path.write_text(SMALL, encoding="utf-8")
        target = tmp_path / "passport.html"
        code, out, err = cli("passport", str(path), "-o", str(target))
        assert (code, out, err) == (ExitCode.OK, "", "")
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert {"small.yaml", "passport.html"} == {p.name for p in tmp_path.iterdir()}

    def test_format_option(self) -> None:
        """--format html writes HTML to standard output."""
        code, out, _ = cli("passport", str(ROOT / "rulesets" / "sosva.yaml"), "--format", "html")
        assert code == ExitCode.OK
        assert out.startswith("<!DOCTYPE html>")

    def test_invalid_ruleset(self, tmp_path: Path) -> None:
        """An invalid ruleset is reported as file:line:col: code: message, exit 3."""
        path = tmp_path / "bad.yaml"
        path.write_text(SMALL.replace("share(iom, teachers)", "share(iom, teacher)"), "utf-8")
        code, out, err = cli("passport", str(path))
        assert (code, out) == (ExitCode.INVALID, "")
        # The ruleset's locale is ru, so the message may be in Russian; the code is stable.
        assert re.search(r"bad\.yaml:\d+:\d+: unknown-name: .*'?teacher", err)

    def test_warnings_go_to_stderr(self, tmp_path: Path) -> None:
        """A ruleset's warnings are printed (in its locale's language) and do not stop it."""
        (tmp_path / "small.yaml").write_text(SMALL, encoding="utf-8")
        derived = tmp_path / "derived.yaml"
        derived.write_text("extends: small.yaml\nid: derived\nindicators: {nope: null}\n", "utf-8")
        code, out, err = cli("passport", str(derived), "--lang", "en", "--ids")
        assert code == ExitCode.OK
        assert "| Основан на наборе | `small.yaml` |" in out
        assert re.fullmatch(
            rf"{re.escape(str(derived))}:3:\d+: nothing-to-remove: warning: .*\n", err
        )

    def test_unwritable_output(self, tmp_path: Path) -> None:
        """An output in a folder that does not exist: exit 3 naming the file."""
        target = tmp_path / "no" / "p.md"
        code, _, err = cli("passport", str(ROOT / "rulesets" / "sosva.yaml"), "-o", str(target))
        assert code == ExitCode.INVALID
        assert str(target) in err
        assert not target.parent.exists()


class _Tags(html.parser.HTMLParser):
    VOID = frozenset({"meta", "br", "img", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()


def _unclosed(page: str) -> list[str]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.open


def test_documented_excerpts_are_what_the_command_writes() -> None:
    """Every Markdown excerpt in docs/passport.md is, verbatim, part of the Sosva passport."""
    doc = (ROOT / "docs" / "passport.md").read_text(encoding="utf-8")
    excerpts = re.findall(r"```markdown\n(.*?)```", doc, re.DOTALL)
    assert len(excerpts) == 3
    text = pdrs_rules.passport(ROOT / "rulesets" / "sosva.yaml")
    for excerpt in excerpts:
        assert excerpt in text
