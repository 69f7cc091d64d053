"""Small things of issue 14: {missing}, the minus sign, a comma in a flow mapping, aggregates."""

from __future__ import annotations

import pytest

import pdrs_rules

HEAD = 'format: pdrs-rules/1\nid: t\ntitle: T\nversion: "1"\n'
FACTS = """facts:
  teachers: {title: Всего педагогов в ОО, type: integer, min: 0, column: Педагогов}
  trained: {title: Прошли курсы ПК, type: integer, min: 0, column: Прошли ПК}
"""


def problems(text: str) -> list[tuple[str, str]]:
    """The errors of a ruleset as (code, message)."""
    with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
        pdrs_rules.loads(text)
    return [(d.code, d.message) for d in caught.value.diagnostics]


class TestMissing:
    def test_missing_lists_column_headers(self) -> None:
        """{missing} says «Прошли ПК» (the column), not «Прошли курсы ПК» (the title)."""
        text = (
            HEAD
            + FACTS
            + (
                "indicators:\n  pk:\n    title: Доля\n    formula: share(trained, teachers)\n"
                '    unit: "%"\n    no_data: {to: school_head, text: "Нет: {missing}."}\n'
                "    bands: [{level: ok}]\n"
            )
        )
        report = pdrs_rules.loads(text).evaluate([{"id": "1", "Педагогов": 10, "Прошли ПК": None}])
        (finding,) = report.findings
        assert [r.text for r in finding.recommendations] == ["Нет: Прошли ПК."]
        assert finding.reason == "нет данных: Прошли ПК"


class TestMinusSign:
    def test_negative_numbers_use_the_minus_sign(self) -> None:
        """12 − 20 = −8: «−8» (U+2212) in display, texts and explanation; JSON keeps -8."""
        text = (
            HEAD
            + FACTS
            + (
                "indicators:\n  d:\n    title: Разность\n    formula: trained - teachers\n"
                "    unit: number\n    precision: 0\n    bands:\n"
                "      - level: warning\n        below: 0\n"
                '        recommendations: [{to: school_head, text: "Разность {value}."}]\n'
                "      - {level: ok, at_least: 0}\n"
            )
        )
        report = pdrs_rules.loads(text).evaluate([{"id": "1", "Педагогов": 20, "Прошли ПК": 12}])
        (finding,) = report.findings
        assert (finding.value, finding.display) == (-8, "\u22128")
        assert finding.recommendations[0].text == "Разность \u22128."
        assert finding.explanation == "trained - teachers = 12 - 20 = \u22128"
        assert '"value": -8' in report.to_json()


class TestCommaInAFlowMapping:
    def test_the_hint_names_the_comma_not_look_alike_letters(self) -> None:
        """`text: Обеспечить ПК, МО}`: «МО» is the rest of the text, not a mistyped key."""
        text = (
            HEAD
            + FACTS
            + (
                "indicators:\n  pk:\n    title: Доля\n    formula: share(trained, teachers)\n"
                '    unit: "%"\n    bands:\n'
                "      - level: ok\n"
                "        recommendations: [{to: school_head, text: Обеспечить ПК, МО}]\n"
            )
        )
        assert problems(text) == [
            (
                "unknown-key",
                (
                    "unknown key 'МО' in $.indicators.pk.bands[0].recommendations[0]; 'МО' has no "
                    "value in a {…} mapping: an unquoted comma in the value before it ended that "
                    'value there; put the value in quotes (text: "…, …") or write the mapping as '
                    "indented lines"
                ),
            )
        ]

    def test_a_misspelt_key_still_gets_its_hint(self) -> None:
        """A key written with a value is an unknown key as before, with did-you-mean."""
        text = (
            HEAD
            + FACTS
            + (
                "indicators:\n  pk:\n    title: Доля\n    formula: share(trained, teachers)\n"
                '    unit: "%"\n    bands:\n      - {levl: ok}\n'
            )
        )
        assert (
            "unknown-key",
            "unknown key 'levl' in $.indicators.pk.bands[0]; did you mean 'level'?",
        ) in problems(text)


AGGREGATES = """aggregates:
  pk_mo: {title: По МО, of: pk}
"""
SHARE = """indicators:
  pk:
    title: Доля
    formula: share(trained, teachers)
    unit: "%"
    bands: [{level: ok, at_least: 0, points: 1}]
"""


TREND = "trends:\n  t: {title: T, of: pk, rules: [{id: r, stable_at_least: pk_mo, level: ok}]}\n"
SCORING = "scoring:\n  levels: [{level: warning, below: pk_mo}, {level: ok, at_least: pk_mo}]\n"
NOT_OVER = "an aggregate is over the schools' values (a school indicator, fact or trend)"
NOT_IN_TRENDS = "a trend's conditions compare with numbers or parameters"
NOT_IN_SCORING = "scoring levels compare a percentage of points with numbers or parameters"
NOT_IN_REQUESTS = "a value of the group, which a school's data request (no_data) does not show"


class TestAggregatesWhereNotAllowed:
    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (
                "  other: {title: O, of: pk_mo}\n",
                f"'pk_mo' is an aggregate; {NOT_OVER}, not over another aggregate",
            ),
            (
                TREND,
                "stable_at_least: 'pk_mo' is a value of the group (an aggregate or conclusion); "
                + NOT_IN_TRENDS,
            ),
            (SCORING, f"below: 'pk_mo' is an aggregate; {NOT_IN_SCORING}"),
        ],
    )
    def test_a_declared_aggregate_is_said_to_be_one(self, extra: str, message: str) -> None:
        """Not «not declared»: the aggregate exists, and cannot be used there."""
        assert ("unknown-name", message) in problems(HEAD + FACTS + SHARE + AGGREGATES + extra)

    def test_in_a_fact_bound_and_a_data_request(self) -> None:
        """A fact's `max` and a no_data text cannot name an aggregate either."""
        facts = FACTS.replace("min: 0, column: Прошли ПК", "min: 0, max: pk_mo, column: Прошли ПК")
        request = '    no_data: {to: school_head, text: "{pk_mo}"}\n    bands:'
        share = SHARE.replace("    bands:", request)
        found = dict(problems(HEAD + facts + share + AGGREGATES))
        bound = "the bound max of fact 'trained' names 'pk_mo', an aggregate"
        assert found["unknown-name"].startswith(bound)
        assert found["template"].endswith(f"'pk_mo' is an aggregate: {NOT_IN_REQUESTS}")
