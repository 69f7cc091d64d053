"""The letter model: which findings a letter lists, its texts, numbers and addressees."""

from __future__ import annotations

from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules import (
    AddresseeRecommendations,
    Finding,
    Letter,
    LetterKind,
    Outcome,
    Recommendation,
    Report,
    RulesetInfo,
    letters,
)
from pdrs_rules._letters._content import latest_period, monitoring_subject

ROOT = Path(__file__).parent.parent
HEAD = Recommendation("school_head", "руководитель ОО", "Обеспечить контроль.")
TEACHERS = Recommendation("teachers", "педагоги", "Пройти курсы.")
INFO = RulesetInfo(
    id="r",
    version="1",
    title="Мониторинг ИОМ",
    indicators=(("a", "Доля А"), ("b", "Доля Б")),
    levels=(("warning", "требует внимания"), ("ok", "норма")),
    conclusions=(("c", "Вывод В"),),
)


def finding(
    school: str = "001",
    indicator: str = "a",
    recs: tuple[Recommendation, ...] = (),
    *,
    period: str = "2023",
    outcome: Outcome = Outcome.EVALUATED,
    name: str | None = None,
    reason: str = "",
) -> Finding:
    evaluated = outcome is Outcome.EVALUATED
    return Finding(
        ruleset_id="r",
        ruleset_version="1",
        school_id=school,
        school_name=name or f"МБОУ СОШ № {school}",
        period=period,
        indicator=indicator,
        outcome=outcome,
        value=12.5 if evaluated else None,
        display="12,5%" if evaluated else "нет данных",
        level=("warning" if recs else "ok") if evaluated else None,
        recommendations=recs,
        reason=reason,
    )


def report(*findings: Finding, conclusions: tuple[Finding, ...] = ()) -> Report:
    return Report(INFO, {}, findings, conclusions=conclusions)


class TestSchoolLetters:
    def test_one_letter_per_school_with_recommendations(self) -> None:
        """A school with nothing to recommend gets no letter; the others get one each."""
        result = letters(
            report(finding("001", recs=(HEAD,)), finding("002"), finding("003", "b", (HEAD,)))
        )
        assert [letter.entity_id for letter in result] == ["001", "003"]
        assert {letter.kind for letter in result} == {LetterKind.SCHOOL}

    def test_letter_texts(self) -> None:
        """Heading, subject, addressee and intro read as the seed letters do."""
        (letter,) = letters(report(finding("001", recs=(HEAD,)), finding("001", "b")))
        assert letter.heading == "Адресные рекомендации"
        # The title starts with «Мониторинг»: it is not quoted after «мониторинга» again.
        assert letter.subject == "по итогам мониторинга ИОМ за период 2023"
        assert letter.addressee == "Руководителю МБОУ СОШ № 001"
        assert letter.intro == (
            "В МБОУ СОШ № 001 мониторинг проведён по 2 показателям; меры требуются по 1 показателю:"
        )
        assert [f.text for f in letter.findings] == ["Доля А: 12,5% — требует внимания"]
        assert letter.recommendations == (
            AddresseeRecommendations("school_head", "руководитель ОО", ("Обеспечить контроль.",)),
        )
        assert "подпись" in letter.signature

    @pytest.mark.parametrize(
        ("count", "words"),
        [(1, "1 показателю"), (3, "3 показателям"), (5, "5 показателям"), (21, "21 показателю")],
    )
    def test_intro_counts_agree(self, count: int, words: str) -> None:
        """The number of indicators takes the dative form that agrees with it."""
        findings = [finding("001", f"i{n}", (HEAD,)) for n in range(count)]
        (letter,) = letters(report(*findings))
        assert letter.intro.endswith(f"проведён по {words}; меры требуются по {words}:")

    def test_grouped_by_addressee_in_order_of_first_use(self) -> None:
        """Recommendations are grouped by addressee; identical texts are said once."""
        other = Recommendation("school_head", "руководитель ОО", "Второе.")
        (letter,) = letters(
            report(finding("001", "a", (TEACHERS, HEAD)), finding("001", "b", (HEAD, other)))
        )
        assert [(g.to, g.texts) for g in letter.recommendations] == [
            ("teachers", ("Пройти курсы.",)),
            ("school_head", ("Обеспечить контроль.", "Второе.")),
        ]
        assert letter.recommendation_count == 3

    def test_addressee_filter(self) -> None:
        """With addressees given, other recommendations and the findings with only them go."""
        result = letters(
            report(finding("001", "a", (TEACHERS,)), finding("001", "b", (HEAD,))),
            addressees={"teachers"},
        )
        (letter,) = result
        assert [f.finding.indicator for f in letter.findings] == ["a"]
        assert [g.to for g in letter.recommendations] == ["teachers"]
        assert letters(report(finding("001", "a", (HEAD,))), addressees={"teachers"}) == ()

    def test_no_data_finding_shows_outcome_and_reason(self) -> None:
        """A finding without a value is listed with the outcome in words and the reason."""
        request = Recommendation("school_head", "руководитель ОО", "Предоставить данные.")
        (letter,) = letters(
            report(finding("001", recs=(request,), outcome=Outcome.NO_DATA, reason="нет данных: X"))
        )
        assert letter.findings[0].text == "Доля А: нет данных (нет данных: X)"

    def test_school_filter(self) -> None:
        """Only the chosen schools get letters, and the group letter is left out."""
        conclusion = finding("mo", "c", (HEAD,), name="город")
        both = report(
            finding("001", recs=(HEAD,)), finding("002", recs=(HEAD,)), conclusions=(conclusion,)
        )
        assert [x.entity_id for x in letters(both, schools=["002"])] == ["002"]
        with pytest.raises(
            ValueError, match=r"no school '9' in period '2023' \(schools: 001, 002\)"
        ):
            letters(both, schools=["9"])


class TestSubject:
    @pytest.mark.parametrize(
        ("title", "subject"),
        [
            ("Мониторинг системы ПК", "мониторинга системы ПК"),
            ("мониторинг  системы\nПК", "мониторинга системы ПК"),
            ("Внутренний аудит ИОМ", "мониторинга «Внутренний аудит ИОМ»"),
            ("Аудит «Учитель года»", "мониторинга «Аудит „Учитель года“»"),
            ("Мониторинг", "мониторинга «Мониторинг»"),
        ],
    )
    def test_title_named_once(self, title: str, subject: str) -> None:
        """A title that is a monitoring reads on; another is quoted, its quotes nested."""
        assert monitoring_subject(title) == subject


class TestAddresseeLevels:
    def test_school_letter_holds_only_the_schools_people(self) -> None:
        """A text to the authority leaves the school's letter for the municipality's."""
        authority = Recommendation("authority", "управление образования", "Принять меры в 001.")
        result = letters(report(finding("001", "a", (HEAD, authority))))
        school, group = result
        assert [g.to for g in school.recommendations] == ["school_head"]
        assert (group.kind, group.addressee) == (LetterKind.GROUP, "Кому: управление образования")
        assert group.recommendations == (
            AddresseeRecommendations(
                "authority", "управление образования", ("Принять меры в 001.",)
            ),
        )
        assert group.intro == "По итогам мониторинга меры требуются по результатам ОО:"

    def test_a_school_with_only_authority_texts_gets_no_letter(self) -> None:
        """Nothing left for the school's people: no school letter, the group letter has it."""
        authority = Recommendation("authority", "управление образования", "Принять меры.")
        (only,) = letters(report(finding("001", "a", (authority,))))
        assert only.kind is LetterKind.GROUP

    def test_the_rulesets_levels_decide(self) -> None:
        """A custom addressee of level group goes to the group letter, named by the ruleset."""
        ruleset = pdrs_rules.loads(
            RULESET_WITH_LEVELS.replace("{imc_level}", "group"), file="t.yaml"
        )
        imc = Recommendation("imc", "ИМЦ", "Помочь.")
        (group,) = letters(report(finding("001", "a", (imc,))), ruleset=ruleset)
        assert (group.kind, group.entity_id, group.entity_name) == (
            LetterKind.GROUP,
            "mo",
            "Тестовый район",
        )
        school_level = pdrs_rules.loads(RULESET_WITH_LEVELS.replace("{imc_level}", "school"))
        (school,) = letters(report(finding("001", "a", (imc,))), ruleset=school_level)
        assert school.kind is LetterKind.SCHOOL

    def test_groups_place_the_schools_texts(self) -> None:
        """With a mapping, each school's texts to the authority go to its own group's letter."""
        authority = Recommendation("authority", "управление образования", "Принять меры.")
        result = letters(
            report(finding("001", "a", (authority,)), finding("002", "a", (authority,))),
            groups={"001": ("n", "Север"), "002": ("s", "Юг")},
        )
        assert [(x.entity_id, x.entity_name) for x in result] == [("n", "Север"), ("s", "Юг")]


RULESET_WITH_LEVELS = """\
format: pdrs-rules/1
id: r
title: T
version: "1"
group: {title: МО, id: mo, name: Тестовый район}
addressees:
  imc: {title: ИМЦ, level: {imc_level}}
facts:
  n: {title: N, type: integer}
indicators:
  a:
    title: A
    formula: n
    unit: count
    bands:
      - {level: ok, at_least: 0, recommendations: [{to: imc, text: Помочь.}]}
"""


class TestPeriods:
    def test_latest_by_default(self) -> None:
        """Without a period the latest one is written about."""
        both = report(
            finding("001", recs=(HEAD,), period="2022"), finding("002", recs=(HEAD,), period="2023")
        )
        assert latest_period(both) == "2023"
        assert [(x.entity_id, x.period) for x in letters(both)] == [("002", "2023")]
        assert [(x.entity_id, x.period) for x in letters(both, period="2022")] == [("001", "2022")]

    def test_unknown_period(self) -> None:
        """A period the report does not have is an error that lists the periods it has."""
        with pytest.raises(ValueError, match=r"no period '2019' \(periods: 2023\)"):
            letters(report(finding(recs=(HEAD,))), period="2019")

    def test_empty_report(self) -> None:
        """A report without findings gives no letters."""
        assert latest_period(report()) is None
        assert letters(report()) == ()


class TestGroupLetter:
    def test_conclusions_letter(self) -> None:
        """The group's conclusions with recommendations make one letter after the schools'."""
        authority = Recommendation("authority", "управление образования", "Вывод сделан.")
        conclusion = finding("mo", "c", (authority, HEAD), name="город Армавир")
        result = letters(report(finding("001", recs=(HEAD,)), conclusions=(conclusion,)))
        assert [x.kind for x in result] == [LetterKind.SCHOOL, LetterKind.GROUP]
        group = result[1]
        assert group.addressee == "Кому: управление образования; руководитель ОО"
        assert group.intro == "По итогам мониторинга (МО: город Армавир) сделаны следующие выводы:"
        assert [f.text for f in group.findings] == ["Вывод В: 12,5% — требует внимания"]

    def test_no_group_letter_without_recommendations(self) -> None:
        """Conclusions without recommendations make no letter."""
        assert letters(report(conclusions=(finding("mo", "c"),))) == ()


@pytest.fixture(scope="module")
def result() -> tuple[Letter, ...]:
    ruleset = pdrs_rules.load(ROOT / "rulesets" / "armavir-iom-2023.yaml")
    return letters(ruleset.evaluate(ROOT / "rulesets" / "armavir-iom-2023.facts.csv"))


class TestArmavir:
    def test_gymnasium_1(self, result: tuple[Letter, ...]) -> None:
        """School 001: 3 of 35 below 50% (8,6%), 12 of 35 in contests (34,3%), 10 certified."""
        letter = result[0]
        assert letter.addressee == "Руководителю МБОУ гимназия № 1"
        assert "проведён по 9 показателям; меры требуются по 3 показателям" in letter.intro
        assert [f.finding.display for f in letter.findings] == ["8,6%", "34,3%", "28,6%"]
        (group,) = letter.recommendations
        assert group.to_title == "руководитель ОО"
        assert "у 3 педагогов (8,6%)" in group.texts[0]
        assert "необходимо привлечь ещё 6 педагогов" in group.texts[1]

    def test_one_letter_per_school_and_one_for_the_municipality(
        self, result: tuple[Letter, ...]
    ) -> None:
        """All 12 schools have something to do; the municipality letter comes last."""
        assert [x.kind for x in result] == [LetterKind.SCHOOL] * 12 + [LetterKind.GROUP]
        assert result[-1].entity_name == "муниципальное образование город Армавир"
