"""Evaluation semantics: outcomes, propagation, exact boundaries, texts, gaps and explanations."""

from __future__ import annotations

import json
import math

import pytest

import pdrs_rules
from pdrs_rules import Outcome

RULESET = """
format: pdrs-rules/1
id: test-eval
title: Тестовый набор
version: "2.1"
period: 2023/2024
entity: {id_column: id, name_column: name}
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0, column: Всего педагогов}
  diagnosed: {title: Прошли диагностику, type: integer, min: 0, column: Диагностика}
  young: {title: Молодые педагоги, type: integer, min: 0, column: Молодые}
  mentored: {title: С наставником, type: integer, min: 0, column: С наставником}
  vacancies: {title: Вакансии, type: integer, min: 0, column: Вакансии}
  has_plan: {title: Есть план, type: boolean, column: План, required: false}
parameters:
  diag_target: {title: Порог диагностики, default: 30, unit: "%", min: 0, max: 100}
  vacancy_limit: {title: Допустимая доля вакансий, default: 5, unit: "%"}
indicators:
  diag_share:
    title: Доля педагогов, прошедших диагностику
    formula: share(diagnosed, teachers)
    unit: "%"
    better: higher
    no_data: {to: school_head, text: "Представить сведения: {missing}"}
    bands:
      - level: warning
        below: diag_target
        points: 0
        recommendations:
          - to: school_head
            text: >-
              Обеспечить диагностику ещё {gap|plural:педагогу,педагогам,педагогам}
              в {school}: {value} при пороге {threshold}.
      - level: ok
        at_least: diag_target
        points: 2
  diag_share_float:
    title: Та же доля, посчитанная через частное
    formula: 100 * (diagnosed / teachers)
    unit: "%"
    bands:
      - {level: warning, below: diag_target}
      - {level: ok, at_least: diag_target}
  mentor_share:
    title: Доля молодых педагогов с наставником
    formula: share(mentored, young)
    unit: "%"
    better: higher
    bands:
      - {level: critical, below: 80}
      - {level: warning, below: 100}
      - {level: good, at_least: 100}
  mentor_and_diag:
    title: Наименьшая из двух долей
    formula: min(mentor_share, diag_share)
    unit: "%"
    bands:
      - {level: ok}
  vacancy_share:
    title: Доля вакантных должностей
    formula: share(vacancies, teachers)
    unit: "%"
    better: lower
    bands:
      - {level: ok, at_most: vacancy_limit}
      - level: warning
        above: vacancy_limit
        recommendations:
          - to: authority
            text: >-
              Сократить число вакансий на {gap}
              ({vacancies|plural:вакансия,вакансии,вакансий} сейчас).
  planned:
    title: Есть план профессионального развития
    formula: has_plan
    unit: boolean
    bands:
      - {level: warning, is: false}
      - {level: ok, is: true}
"""


def school(sid: str = "023", **facts: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": sid,
        "name": f"СОШ №{sid}",
        "Всего педагогов": 50,
        "Диагностика": 15,
        "Молодые": 4,
        "С наставником": 4,
        "Вакансии": 1,
        "План": True,
    }
    row.update(facts)
    return row


@pytest.fixture(scope="module")
def ruleset() -> pdrs_rules.Ruleset:
    return pdrs_rules.loads(RULESET, "test.yaml")


def finding(ruleset: pdrs_rules.Ruleset, indicator: str, **facts: object) -> pdrs_rules.Finding:
    report = ruleset.evaluate([school(**facts)])
    return next(f for f in report.findings if f.indicator == indicator)


def _one_indicator(formula: str) -> pdrs_rules.Ruleset:
    """A ruleset of integer facts n and d (d optional) and one score indicator of ``formula``."""
    return pdrs_rules.loads(
        'format: pdrs-rules/1\nid: t\ntitle: T\nversion: "1"\nfacts:\n'
        "  n: {title: N, type: integer}\n  d: {title: D, type: integer, required: false}\n"
        f"indicators:\n  q:\n    title: Q\n    formula: {formula}\n    unit: score\n"
        "    bands: [{level: ok}]\n"
    )


class TestBoundaries:
    def test_share_equal_to_threshold_meets_it(self, ruleset: pdrs_rules.Ruleset) -> None:
        """100·15/50 is exactly 30 and lands in the at_least: 30 band."""
        f = finding(ruleset, "diag_share")
        assert (f.outcome, f.value, f.level, f.points) == (Outcome.EVALUATED, 30.0, "ok", 2)

    def test_float_noise_counts_as_equal(self, ruleset: pdrs_rules.Ruleset) -> None:
        """100·(7/100) = 7.000000000000001 in floats is still 7: same band, value reported as 7."""
        assert 100 * (7 / 100) != 7  # the premise: plain float arithmetic misses
        rows = [school(Диагностика=7, **{"Всего педагогов": 100})]
        report = ruleset.evaluate(rows, params={"diag_target": 7})
        f = next(f for f in report.findings if f.indicator == "diag_share_float")
        assert (f.level, f.value, f.display) == ("ok", 7.0, "7,0%")

    def test_float_noise_just_below_counts_as_equal(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A value a rounding error below the threshold still meets it."""
        assert 100 * (29 / 100) < 29  # 28.999999999999996
        rows = [school(Диагностика=29, **{"Всего педагогов": 100})]
        report = ruleset.evaluate(rows, params={"diag_target": 29})
        f = next(f for f in report.findings if f.indicator == "diag_share_float")
        assert (f.level, f.value) == ("ok", 29.0)

    def test_just_below_threshold(self, ruleset: pdrs_rules.Ruleset) -> None:
        """14 of 50 is 28% and falls in the below band."""
        f = finding(ruleset, "diag_share", Диагностика=14)
        assert (f.level, f.points) == ("warning", 0)

    def test_band_reference_carries_resolved_bounds(self, ruleset: pdrs_rules.Ruleset) -> None:
        """The band in a finding shows the parameter's value and which side is inclusive."""
        f = finding(ruleset, "diag_share", Диагностика=14)
        assert f.band == pdrs_rules.BandRef(
            index=0, lower=None, lower_inclusive=True, upper=30.0, upper_inclusive=False
        )


class TestOutcomes:
    def test_missing_fact_is_no_data_with_request(self, ruleset: pdrs_rules.Ruleset) -> None:
        """An empty cell gives no_data, the column in the reason and the data request text."""
        f = finding(ruleset, "diag_share", Диагностика=None)
        assert f.outcome == Outcome.NO_DATA
        assert (f.value, f.level, f.display) == (None, None, "нет данных")
        assert f.reason == "нет данных: Диагностика"
        assert [r.text for r in f.recommendations] == ["Представить сведения: Диагностика"]

    def test_no_data_propagates(self, ruleset: pdrs_rules.Ruleset) -> None:
        """An indicator built on a no_data indicator is no_data and names the root column."""
        f = finding(ruleset, "mentor_and_diag", Диагностика=None)
        assert (f.outcome, f.reason) == (Outcome.NO_DATA, "нет данных: Диагностика")

    def test_zero_denominator_is_not_applicable(self, ruleset: pdrs_rules.Ruleset) -> None:
        """No young teachers: the mentoring share does not apply (not 0%, not an error)."""
        f = finding(ruleset, "mentor_share", Молодые=0, **{"С наставником": 0})
        assert (f.outcome, f.value, f.display) == (Outcome.NOT_APPLICABLE, None, "не применимо")
        assert f.reason == "знаменатель равен нулю: young = 0"

    def test_not_applicable_propagates(self, ruleset: pdrs_rules.Ruleset) -> None:
        """min() over a not-applicable share is not applicable either."""
        f = finding(ruleset, "mentor_and_diag", Молодые=0, **{"С наставником": 0})
        assert f.outcome == Outcome.NOT_APPLICABLE

    def test_no_data_wins_over_not_applicable(self, ruleset: pdrs_rules.Ruleset) -> None:
        """Missing data is reported first: the school has to fix it before anything applies."""
        f = finding(ruleset, "mentor_and_diag", Молодые=0, Диагностика=None)
        assert f.outcome == Outcome.NO_DATA

    def test_share_above_100_is_out_of_range(self, ruleset: pdrs_rules.Ruleset) -> None:
        """5 mentored of 4 young is 125%: a data error, reported with the value, no level."""
        f = finding(ruleset, "mentor_share", **{"С наставником": 5})
        assert (f.outcome, f.value, f.level) == (Outcome.OUT_OF_RANGE, 125.0, None)
        assert "125" in f.reason

    @pytest.mark.parametrize(
        "formula",
        [
            "n * 999999999999999 * 999999999999999 * 999999999999999",  # an exact integer
            "n * 1e15 * 1e15",  # a float, finite but past the bound
            "-n * 1e15 * 1e15",
            "((n * 1e15) ** 10) ** 10",  # past what a float holds
            "n * 100000000000000",  # 1,1·10¹⁵ for n = 11: just past
        ],
    )
    def test_result_beyond_the_bound_is_out_of_range(self, formula: str) -> None:
        """A result past ±10¹⁵ is out_of_range with no value and a reason, never a crash."""
        report = _one_indicator(formula).evaluate([{"id": "1", "name": "Школа", "n": 11}])
        [f] = report.findings
        assert (f.outcome, f.value, f.level, f.display) == (
            Outcome.OUT_OF_RANGE,
            None,
            None,
            "вне допустимых значений",
        )
        assert f.reason in {
            (
                "значение больше 10¹⁵ по модулю, за пределом вычислений: "
                "проверьте формулу и исходные данные"
            ),
            "значение не вычисляется (переполнение)",
        }
        assert json.loads(report.to_json())["findings"][0]["value"] is None

    @pytest.mark.parametrize("operator", ["/", "//", "%"])
    def test_zero_divisor_is_not_applicable(self, operator: str) -> None:
        """A zero divisor of /, // or % makes the indicator not_applicable, as documented."""
        ruleset = _one_indicator(f"n {operator} d")
        [f] = ruleset.evaluate([{"id": "1", "name": "Школа", "n": 7, "d": 0}]).findings
        assert (f.outcome, f.value, f.reason) == (
            Outcome.NOT_APPLICABLE,
            None,
            f"деление на ноль в формуле n {operator} d",
        )

    def test_boolean_indicator(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A boolean indicator picks the is: band and displays да/нет."""
        yes, no = finding(ruleset, "planned"), finding(ruleset, "planned", План=False)
        assert [
            (yes.level, yes.value, yes.display),
            (no.level, no.value, no.display),
        ] == [("ok", True, "да"), ("warning", False, "нет")]

    def test_optional_column_absent(self, ruleset: pdrs_rules.Ruleset) -> None:
        """An optional fact with no column at all gives no_data for the indicators using it."""
        row = school()
        del row["План"]
        report = ruleset.evaluate([row])
        f = next(f for f in report.findings if f.indicator == "planned")
        assert (f.outcome, f.reason) == (Outcome.NO_DATA, "нет данных: План")


class TestTexts:
    def test_recommendation_with_gap_and_plural(self, ruleset: pdrs_rules.Ruleset) -> None:
        """12 of 50 at a 30% threshold: ceil(30·50/100) − 12 = 3 more teachers, in Russian."""
        f = finding(ruleset, "diag_share", Диагностика=12)
        assert [(r.to, r.to_title, r.text) for r in f.recommendations] == [
            (
                "school_head",
                "руководитель ОО",
                "Обеспечить диагностику ещё 3 педагогам в СОШ №023: 24,0% при пороге 30%.",
            )
        ]

    @pytest.mark.parametrize(
        ("diagnosed", "teachers", "expected"),
        [
            (14, 50, "ещё 1 педагогу"),
            (5, 23, "ещё 2 педагогам"),  # ceil(6,9) − 5
            (0, 70, "ещё 21 педагогу"),
        ],
    )
    def test_gap_is_ceil_of_threshold_share(
        self, ruleset: pdrs_rules.Ruleset, diagnosed: int, teachers: int, expected: str
    ) -> None:
        """The head-count gap is ceil(threshold × D / 100) − N, with the right plural form."""
        f = finding(ruleset, "diag_share", Диагностика=diagnosed, **{"Всего педагогов": teachers})
        gap = math.ceil(30 * teachers / 100) - diagnosed
        assert expected.split()[1] == str(gap)
        assert expected in f.recommendations[0].text

    def test_gap_on_lower_is_better(self, ruleset: pdrs_rules.Ruleset) -> None:
        """4 vacancies of 40 (10%) with a 5% limit: 2 must go to reach floor(5·40/100) = 2."""
        f = finding(ruleset, "vacancy_share", Вакансии=4, **{"Всего педагогов": 40})
        assert f.recommendations[0].text == "Сократить число вакансий на 2 (4 вакансии сейчас)."

    def test_no_recommendations_in_ok_band(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A school at or above the threshold gets no text."""
        assert finding(ruleset, "diag_share").recommendations == ()

    def test_explanation_substitutes_inputs(self, ruleset: pdrs_rules.Ruleset) -> None:
        """The explanation shows the formula, the numbers put in, and the result."""
        f = finding(ruleset, "diag_share", Диагностика=9, **{"Всего педагогов": 45})
        assert f.explanation == "share(diagnosed, teachers) = 100 * 9 / 45 = 20,0%"

    def test_explanation_of_no_data(self, ruleset: pdrs_rules.Ruleset) -> None:
        """Without data the explanation says so instead of computing."""
        f = finding(ruleset, "diag_share", Диагностика=None)
        assert f.explanation == "share(diagnosed, teachers): нет данных"


class TestParameters:
    def test_override_moves_the_threshold(self, ruleset: pdrs_rules.Ruleset) -> None:
        """With diag_target = 25, 28% is ok; the default 30 makes it a warning."""
        rows = [school(Диагностика=14)]
        default = ruleset.evaluate(rows).findings[0]
        lowered = ruleset.evaluate(rows, params={"diag_target": "25"}).findings[0]
        assert (default.level, lowered.level) == ("warning", "ok")

    def test_decimal_comma_in_override(self, ruleset: pdrs_rules.Ruleset) -> None:
        """'27,5' from the command line means 27.5."""
        assert ruleset.resolve_params({"diag_target": "27,5"})["diag_target"] == 27.5

    def test_unknown_parameter_suggests(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A misspelt parameter name gets a did-you-mean."""
        with pytest.raises(pdrs_rules.ParameterError, match="did you mean 'diag_target'"):
            ruleset.resolve_params({"diag_targt": 10})

    def test_out_of_range_parameter(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A value outside the parameter's declared range is refused."""
        with pytest.raises(pdrs_rules.ParameterError, match=r"outside its range \[0, 100\]"):
            ruleset.resolve_params({"diag_target": 120})

    def test_wrong_type_parameter(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A word where a number is expected is refused, naming the parameter."""
        with pytest.raises(pdrs_rules.ParameterError, match=r"'diag_target'.*expected number"):
            ruleset.resolve_params({"diag_target": "много"})


class TestInputs:
    def test_school_ids_stay_strings_and_order_is_stable(self, ruleset: pdrs_rules.Ruleset) -> None:
        """Findings are sorted by school id as text ("023" before "1") and indicator order."""
        report = ruleset.evaluate([school("1"), school("023")])
        ids = [(f.school_id, f.indicator) for f in report.findings[:2]]
        assert ids == [("023", "diag_share"), ("023", "diag_share_float")]
        assert sorted({f.school_id for f in report.findings}) == ["023", "1"]

    def test_metadata_on_findings(self, ruleset: pdrs_rules.Ruleset) -> None:
        """Every finding carries the ruleset id, version and the period."""
        f = finding(ruleset, "diag_share")
        assert (f.ruleset_id, f.ruleset_version, f.period) == ("test-eval", "2.1", "2023/2024")

    def test_iter_findings_streams(self, ruleset: pdrs_rules.Ruleset) -> None:
        """iter_findings yields the same findings as evaluate, school by school."""
        rows = [school("1"), school("2")]
        assert list(ruleset.evaluate(rows).findings) == list(ruleset.iter_findings(rows))

    def test_bad_value_in_rows_is_a_facts_error(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A word in a numeric fact raises FactsInvalid naming the column."""
        with pytest.raises(pdrs_rules.FactsInvalid) as info:
            ruleset.evaluate([school(Диагностика="пятнадцать")])
        assert [d.code for d in info.value.diagnostics] == ["bad-cell"]
        assert "Диагностика" in str(info.value)
