"""``pdrs-rules explain`` and ``pdrs_rules.explain``: hand-computed explanations of findings."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules import Outcome
from pdrs_rules._authoring._explain import NotFoundError, _amount
from pdrs_rules._authoring._explanation import (
    Distance,
    FactChange,
    IndicatorExplanation,
    NameValue,
)
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent

# Every number below is worked out by hand from these two files:
#   s1: 15 of 50 teachers = 30% exactly, on the lower edge of [30%; target);
#   s2: no teachers (zero denominator); s3: the «С ИОМ» cell empty;
#   s4: 13 of 40 = 32,5%; s5: 10 of 50 = 20%, critical, 5 short of 30%.
RULESET = """\
format: pdrs-rules/1
id: explain-demo
title: Педагоги с ИОМ
version: "2.1.0"
period: 2023/2024
facts:
  teachers: {title: Педагоги, type: integer, min: 0, unit: чел., column: Педагоги}
  iom: {title: Педагоги с ИОМ, type: integer, min: 0, max: teachers, column: С ИОМ}
  mentors: {title: Наставники, type: integer, min: 0, column: Наставники, required: false}
  has_plan: {title: Есть план развития, type: boolean, column: План}
parameters:
  target:
    title: Целевая доля педагогов с ИОМ
    type: number
    default: 50
    unit: "%"
    min: 0
    max: 100
indicators:
  iom_share:
    title: Доля педагогов с ИОМ
    formula: share(iom, teachers)
    unit: "%"
    precision: 1
    better: higher
    bands:
      - level: critical
        below: 30
        recommendations:
          - to: school_head
            text: "Разработать ИОМ ещё {gap|plural:педагогу,педагогам,педагогам}."
      - {level: warning, at_least: 30, below: target}
      - {level: ok, at_least: target}
  without_iom:
    title: Педагоги без ИОМ
    formula: teachers - iom
    unit: count
    bands:
      - {level: ok, at_most: 9}
      - {level: warning, above: 9}
  mentors_share:
    title: Доля наставников
    formula: share(mentors, teachers)
    unit: "%"
    no_data: {to: school_head, text: "Предоставить данные ({missing})."}
    bands:
      - {level: ok, at_least: 0}
  plan:
    title: План развития
    formula: has_plan
    unit: boolean
    bands:
      - {level: warning, is: false}
      - {level: ok, is: true}
"""
FACTS = """\
id,name,Педагоги,С ИОМ,Наставники,План
s1,Школа 1,50,15,5,да
s2,Школа 2,0,0,0,нет
s3,Школа 3,40,,,да
s4,Школа 4,40,13,4,да
s5,Школа 5,50,10,,нет
"""

# A municipality level: a comparison with an aggregate and a value of the previous period.
MULTI = """\
format: pdrs-rules/1
id: explain-multi
title: Сравнение с МО
version: "1.0"
group: {title: МО, id: mo, name: Город}
facts:
  teachers: {title: Педагоги, type: integer, min: 0, column: Педагоги}
  iom: {title: Педагоги с ИОМ, type: integer, min: 0, max: teachers, column: С ИОМ}
indicators:
  iom_share:
    title: Доля педагогов с ИОМ
    formula: share(iom, teachers)
    unit: "%"
    bands:
      - {level: ok, at_least: 0}
  vs_mo:
    title: Отклонение от доли по МО
    formula: iom_share - iom_share_mo
    unit: number
    precision: 0
    bands:
      - {level: warning, below: -10}
      - {level: ok, at_least: -10}
  change:
    title: Изменение доли за год
    formula: iom_share - previous(iom_share)
    unit: number
    precision: 0
    bands:
      - {level: ok}
aggregates:
  iom_share_mo:
    title: Доля педагогов с ИОМ по МО
    of: iom_share
"""
MULTI_FACTS = """\
id,name,period,Педагоги,С ИОМ
a,Школа А,2023,10,5
a,Школа А,2024,10,2
b,Школа Б,2024,30,18
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """The small ruleset and its facts, written to disk."""
    ruleset = tmp_path / "demo.yaml"
    facts = tmp_path / "demo.csv"
    ruleset.write_text(RULESET, encoding="utf-8")
    facts.write_text(FACTS, encoding="utf-8")
    return ruleset, facts


@pytest.fixture
def multi(tmp_path: Path) -> tuple[Path, Path]:
    """The municipality-level ruleset and its two-period facts."""
    ruleset = tmp_path / "multi.yaml"
    facts = tmp_path / "multi.csv"
    ruleset.write_text(MULTI, encoding="utf-8")
    facts.write_text(MULTI_FACTS, encoding="utf-8")
    return ruleset, facts


def one(
    paths: tuple[Path, Path], school: str, indicator: str, **params: object
) -> IndicatorExplanation:
    """The explanation of one school's one indicator."""
    ruleset = pdrs_rules.load(paths[0])
    found = pdrs_rules.explain(
        ruleset, paths[1], school=school, indicator=indicator, params=params or None
    )
    assert [item.indicator for item in found.items] == [indicator]
    return found.items[0]


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line; return the exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = run(["explain", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


class TestBoundary:
    """A value equal to a threshold is equal to it: 100 · 15 / 50 is 30."""

    def test_value_on_threshold_is_in_upper_band(self, files: tuple[Path, Path]) -> None:
        """15 of 50 is exactly 30%, so the band «не ниже 30%» holds, not «ниже 30%»."""
        item = one(files, "s1", "iom_share")
        assert item.outcome is Outcome.EVALUATED
        assert (item.level, item.level_title) == ("warning", "требует внимания")
        assert item.substituted == "share(iom, teachers) = 100 · 15 / 50 = 30,0%"
        assert item.band == "не ниже 30% и ниже 50% — [30%; 50%)"

    def test_distances_both_ways(self, files: tuple[Path, Path]) -> None:
        """Better: 25 of 50 reaches 50%; worse: on the edge, one teacher less is 28%."""
        item = one(files, "s1", "iom_share")
        better = FactChange("iom", "Педагоги с ИОМ", 15, 25, "50,0%", "ok", "норма")
        worse = FactChange("iom", "Педагоги с ИОМ", 15, 14, "28,0%", "critical", "критический")
        assert item.distances == (
            Distance("better", "ok", "норма", "не ниже 50%", "20,0 п.п.", facts=(better,)),
            Distance(
                "worse",
                "critical",
                "критический",
                "ниже 30%",
                "0,0 п.п.",
                on_edge=True,
                facts=(worse,),
            ),
        )

    def test_names_with_titles_and_sources(self, files: tuple[Path, Path]) -> None:
        """Facts with their titles and columns; the band's parameter with its default."""
        item = one(files, "s1", "iom_share")
        assert item.names == (
            NameValue("iom", "fact", "Педагоги с ИОМ", "15", "столбец «С ИОМ»"),
            NameValue("teachers", "fact", "Педагоги", "50 чел.", "столбец «Педагоги»"),
            NameValue("target", "parameter", "Целевая доля педагогов с ИОМ", "50%", "по умолчанию"),
        )

    def test_worst_level_has_only_better(self, files: tuple[Path, Path]) -> None:
        """10 of 50 is 20%: 15 of 50 reach 30%, and the gap text says 5 teachers."""
        item = one(files, "s5", "iom_share")
        assert item.level == "critical"
        change = FactChange("iom", "Педагоги с ИОМ", 10, 15, "30,0%", "warning", "требует внимания")
        assert item.distances == (
            Distance(
                "better", "warning", "требует внимания", "не ниже 30%", "10,0 п.п.",
                facts=(change,),
            ),
        )  # fmt: skip
        assert [r.text for r in item.recommendations] == ["Разработать ИОМ ещё 5 педагогам."]


class TestParameters:
    """A parameter given on the command line moves the thresholds and is named as such."""

    def test_overridden_target(self, files: tuple[Path, Path]) -> None:
        """Target 35: 13 of 40 is 32,5%, 2,5 п.п. from both edges; 14 give 35%, 11 give 27,5%."""
        item = one(files, "s4", "iom_share", target="35")
        assert item.band == "не ниже 30% и ниже 35% — [30%; 35%)"
        moves = [
            (d.direction, d.amount, d.facts[0].after, d.facts[0].display) for d in item.distances
        ]
        assert moves == [("better", "2,5 п.п.", 14, "35,0%"), ("worse", "2,5 п.п.", 11, "27,5%")]
        title = "Целевая доля педагогов с ИОМ"
        source = "задан при запуске, --param"
        assert item.names[-1] == NameValue("target", "parameter", title, "35%", source)

    def test_default_target_for_the_same_school(self, files: tuple[Path, Path]) -> None:
        """With the default 50%: 17,5 п.п. short, 20 of 40 teachers."""
        item = one(files, "s4", "iom_share")
        assert (item.distances[0].amount, item.distances[0].facts[0].after) == ("17,5 п.п.", 20)


class TestNotEvaluated:
    """Findings without a value are explained by their reason."""

    def test_zero_denominator(self, files: tuple[Path, Path]) -> None:
        """No teachers: not applicable, the denominator named, no band and no distances."""
        item = one(files, "s2", "iom_share")
        assert item.outcome is Outcome.NOT_APPLICABLE
        assert item.reason == "знаменатель равен нулю: teachers = 0"
        assert (item.band, item.distances, item.level) == ("", (), None)

    def test_missing_fact(self, files: tuple[Path, Path]) -> None:
        """An empty «С ИОМ» cell: no data, the column named, the fact shown as empty."""
        item = one(files, "s3", "iom_share")
        assert item.outcome is Outcome.NO_DATA
        assert item.reason == "нет данных: С ИОМ"
        assert item.names[0] == NameValue(
            "iom", "fact", "Педагоги с ИОМ", "нет данных (пустая ячейка)", "столбец «С ИОМ»"
        )

    def test_missing_fact_gets_data_request(self, files: tuple[Path, Path]) -> None:
        """The no_data recommendation is part of the explanation."""
        item = one(files, "s3", "mentors_share")
        assert [r.text for r in item.recommendations] == ["Предоставить данные (Наставники)."]


class TestNoBetterSide:
    """``better: none``: the neighbours are named higher and lower; every fact that moves it."""

    def test_lower_neighbour_by_two_facts(self, files: tuple[Path, Path]) -> None:
        """50 − 15 = 35 > 9: 24 teachers or 41 with ИОМ give 9, at most 9."""
        item = one(files, "s1", "without_iom")
        assert item.band == "выше 9 — (9; +∞)"
        assert item.distances == (
            Distance(
                "lower", "ok", "норма", "не выше 9", "26",
                facts=(
                    FactChange("teachers", "Педагоги", 50, 24, "9", "ok", "норма"),
                    FactChange("iom", "Педагоги с ИОМ", 15, 41, "9", "ok", "норма"),
                ),
            ),
        )  # fmt: skip

    def test_change_past_bounds_is_left_out(self, files: tuple[Path, Path]) -> None:
        """0 − 0 = 0: 10 teachers make it 10 > 9; a negative ИОМ count is not offered."""
        item = one(files, "s2", "without_iom")
        assert item.band == "не выше 9 — (−∞; 9]"
        (distance,) = item.distances
        assert (distance.direction, distance.condition, distance.amount) == (
            "higher",
            "выше 9",
            "9",
        )
        assert [(c.fact, c.after) for c in distance.facts] == [("teachers", 10)]


class TestBoolean:
    """A yes/no indicator: the band is the value; there is no distance to speak of."""

    def test_boolean_band(self, files: tuple[Path, Path]) -> None:
        """«нет» in the facts is the band «is: false»."""
        item = one(files, "s2", "plan")
        assert (item.level, item.band, item.distances) == ("warning", "значение «нет»", ())
        assert item.names == (
            NameValue("has_plan", "fact", "Есть план развития", "нет", "столбец «План»"),
        )


class TestAmount:
    """Distances in the indicator's unit."""

    def test_tiny_distance_is_not_rounded_to_zero(self, files: tuple[Path, Path]) -> None:
        """1/30000 п.п. at precision 1 would be «0,0»: the shortest form is shown instead."""
        spec = pdrs_rules.load(files[0]).indicators["iom_share"]
        assert _amount(Fraction(1, 30000), spec) == "0,000033 п.п."
        assert _amount(Fraction(0), spec) == "0,0 п.п."
        assert _amount(Fraction(26), pdrs_rules.load(files[0]).indicators["without_iom"]) == "26"


class TestMunicipal:
    """Aggregates and previous periods among the names a formula reads."""

    def test_aggregate_value(self, multi: tuple[Path, Path]) -> None:
        """School А: 2 of 10 = 20% against (2 + 18) / (10 + 30) = 50% of the МО: −30."""
        item = one(multi, "a", "vs_mo")
        title, note = "Доля педагогов с ИОМ по МО", "по 2 ОО группы «Город»"
        assert item.names[0] == NameValue("iom_share_mo", "aggregate", title, "50,0%", note)
        assert item.substituted == "iom_share - iom_share_mo = 20 - 50 = −30"
        # No fact can be moved alone here (the aggregate moves too): only the distance.
        assert [(d.direction, d.amount, d.facts) for d in item.distances] == [("higher", "20", ())]

    def test_previous_period(self, multi: tuple[Path, Path]) -> None:
        """School А in 2024: 20% now, 50% in 2023."""
        item = one(multi, "a", "change")
        assert item.names[-1] == NameValue(
            "previous(iom_share)", "previous", "Доля педагогов с ИОМ", "50,0%", "значение за 2023"
        )

    def test_no_previous_row(self, multi: tuple[Path, Path]) -> None:
        """School Б has no 2023 row: insufficient history, the previous value shown as missing."""
        item = one(multi, "b", "change")
        assert item.outcome is Outcome.INSUFFICIENT_HISTORY
        assert item.names[-1].value == "нет данных"
        assert item.reason == "нет данных за предыдущий период (2023): iom_share"

    def test_period_chosen(self, multi: tuple[Path, Path]) -> None:
        """Without a period the latest is explained; --period picks another."""
        ruleset = pdrs_rules.load(multi[0])
        assert pdrs_rules.explain(ruleset, multi[1], school="a").period == "2024"
        earlier = pdrs_rules.explain(ruleset, multi[1], school="a", period="2023")
        assert earlier.items[0].substituted == "share(iom, teachers) = 100 · 5 / 10 = 50,0%"


class TestNotFound:
    """Unknown ids are usage errors with a suggestion."""

    def test_unknown_school(self, files: tuple[Path, Path]) -> None:
        """The known schools are listed."""
        ruleset = pdrs_rules.load(files[0])
        with pytest.raises(NotFoundError) as caught:
            pdrs_rules.explain(ruleset, files[1], school="s11")
        assert (
            str(caught.value) == "no school 's11'; did you mean 's1'? (schools: s1, s2, s3, s4, s5)"
        )

    def test_unknown_period(self, multi: tuple[Path, Path]) -> None:
        """The school's periods are listed."""
        ruleset = pdrs_rules.load(multi[0])
        with pytest.raises(NotFoundError, match=r"no period '2025'; did you mean '2024'\?"):
            pdrs_rules.explain(ruleset, multi[1], school="a", period="2025")

    def test_cli_unknown_indicator(self, files: tuple[Path, Path]) -> None:
        """Exit 2 and a did-you-mean on standard error."""
        code, out, err = cli(
            str(files[0]),
            str(files[1]),
            "--school",
            "s1",
            "--indicator",
            "iom_shar",
            "--lang",
            "en",
        )
        assert (code, out) == (ExitCode.USAGE, "")
        assert err == (
            "pdrs-rules explain: error: no indicator 'iom_shar'; did you mean 'iom_share'? "
            "(indicators: iom_share, without_iom, mentors_share, plan)\n"
        )

    def test_cli_unknown_school_in_russian(self, files: tuple[Path, Path]) -> None:
        """For a Russian ruleset the usage error is Russian too, with the same suggestion."""
        code, out, err = cli(str(files[0]), str(files[1]), "--school", "s")
        assert (code, out) == (ExitCode.USAGE, "")
        assert err == (
            "pdrs-rules explain: ошибка: нет ОО «s»; возможно, имелось в виду «s5»? "
            "(ОО: s1, s2, s3, s4, s5)\n"
        )

    def test_cli_bad_param(self, files: tuple[Path, Path]) -> None:
        """An unknown parameter is a usage error too."""
        code, _, err = cli(str(files[0]), str(files[1]), "--school", "s1", "--param", "targt=1")
        assert code == ExitCode.USAGE
        assert "возможно, имелось в виду «target»?" in err

    def test_cli_warnings_on_stderr(self, files: tuple[Path, Path]) -> None:
        """An unknown column is a warning of the facts file, printed, not dropped."""
        files[1].write_text(FACTS.replace("План\n", "План,Примечание\n"), encoding="utf-8")
        code, out, err = cli(str(files[0]), str(files[1]), "--school", "s1", "--lang", "en")
        assert code == ExitCode.OK
        assert err.startswith(f"{files[1]}:1:7: unknown-column: warning: ")
        assert out.startswith("Набор правил: explain-demo")

    def test_cli_missing_facts_file(self, files: tuple[Path, Path], tmp_path: Path) -> None:
        """A facts file that cannot be read: exit 3, no traceback."""
        code, _, err = cli(str(files[0]), str(tmp_path / "none.csv"), "--school", "s1")
        assert code == ExitCode.INVALID
        assert "none.csv" in err


class TestText:
    """The printed explanation, line by line."""

    def test_full_text_of_one_indicator(self, files: tuple[Path, Path]) -> None:
        """Ruleset id and version, facts file, school, formula, band, distances, texts."""
        code, out, err = cli(
            str(files[0]), str(files[1]), "--school", "s5", "--indicator", "iom_share"
        )
        assert (code, err) == (ExitCode.OK, "")
        assert out == (
            "Набор правил: explain-demo, версия 2.1.0 — «Педагоги с ИОМ»\n"
            f"Данные: {files[1]}\n"
            "ОО: s5 «Школа 5», период 2023/2024\n"
            "\n"
            "1. Доля педагогов с ИОМ (iom_share): 20,0% — уровень «критический» (critical)\n"
            "   Формула: share(iom, teachers)\n"
            "   Расчёт: share(iom, teachers) = 100 · 10 / 50 = 20,0%\n"
            "   где iom — «Педагоги с ИОМ» = 10 (столбец «С ИОМ»)\n"
            "       teachers — «Педагоги» = 50 чел. (столбец «Педагоги»)\n"
            "       target — параметр «Целевая доля педагогов с ИОМ» = 50% (по умолчанию)\n"
            "   Полоса: ниже 30% — (−∞; 30%)\n"
            "   Лучше — уровень «требует внимания» (warning) при значении не ниже 30%: "
            "до порога 10,0 п.п.\n"
            "     например, «Педагоги с ИОМ»: 15 вместо 10 (+5) → 30,0%, "
            "уровень «требует внимания»\n"
            "   Рекомендации:\n"
            "     → руководитель ОО: Разработать ИОМ ещё 5 педагогам.\n"
        )

    def test_edge_and_reason_lines(self, files: tuple[Path, Path]) -> None:
        """On the edge it says so; a finding without value shows its reason."""
        _, out, _ = cli(str(files[0]), str(files[1]), "--school", "s1")
        assert (
            "   Хуже — уровень «критический» (critical) при значении ниже 30%: "
            "запас 0,0 п.п. (значение на самом пороге)\n"
        ) in out
        _, out, _ = cli(str(files[0]), str(files[1]), "--school", "s2", "--indicator", "iom_share")
        assert "   Причина: знаменатель равен нулю: teachers = 0\n" in out
        assert "Расчёт" not in out

    def test_single_band(self, files: tuple[Path, Path]) -> None:
        """An indicator with one level says there is no threshold."""
        _, out, _ = cli(
            str(files[0]), str(files[1]), "--school", "s1", "--indicator", "mentors_share"
        )
        assert "   Порогов нет: у показателя один уровень.\n   Рекомендаций нет.\n" in out


class TestShipped:
    """Every school and indicator of the shipped examples explains without an error."""

    def test_armavir_every_school_and_indicator(self) -> None:
        """12 schools × 9 indicators; every promised fact change reaches another level."""
        path = ROOT / "rulesets" / "armavir-iom-2023.yaml"
        facts = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"
        ruleset = pdrs_rules.load(path)
        schools = sorted({s.id for s in ruleset.read_facts(facts).schools})
        assert len(schools) == 12
        seen = 0
        for school in schools:
            code, out, err = cli(str(path), str(facts), "--school", school)
            assert (code, err) == (ExitCode.OK, ""), school
            assert out.startswith("Набор правил: armavir-iom-2023, версия 1.0.0 — «")
            items = pdrs_rules.explain(ruleset, facts, school=school).items
            assert [item.indicator for item in items] == list(ruleset.indicators)
            for item in items:
                assert f"({item.indicator}): {item.display}" in out
                for distance in item.distances:
                    for change in distance.facts:
                        assert change.level == distance.level != item.level
                seen += 1
        assert seen == 12 * 9

    @pytest.mark.parametrize(
        "name", ["dalnerechensk-2022-2025", "sasovo-2017-2019", "sosva", "zhirnovsky-2022"]
    )
    def test_other_rulesets(self, name: str) -> None:
        """The other shipped rulesets explain every school too."""
        path = ROOT / "rulesets" / f"{name}.yaml"
        facts = ROOT / "rulesets" / f"{name}.facts.csv"
        group = ROOT / "rulesets" / f"{name}.group.csv"
        ruleset = pdrs_rules.load(path)
        for school in sorted({s.id for s in ruleset.read_facts(facts).schools}):
            found = pdrs_rules.explain(
                ruleset, facts, school=school, group_facts=group if group.exists() else None
            )
            assert found.items
            assert found.to_text().startswith(f"Набор правил: {name}, версия")
