"""The first real ruleset (seed 003, Armavir 2023): the numbers and the recommendation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules._i18n._russian import format_number

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "armavir-iom-2023.yaml"
FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"
GOLDEN = Path(__file__).parent / "golden" / "armavir-iom-2023.json"
#: The addressed recommendation of the document, word for word.
CONTROL = "Обеспечить контроль за реализацией ИОМ педагогических работников на личностном уровне"


@pytest.fixture(scope="module")
def ruleset() -> pdrs_rules.Ruleset:
    return pdrs_rules.load(RULESET)


@pytest.fixture(scope="module")
def report(ruleset: pdrs_rules.Ruleset) -> pdrs_rules.Report:
    return ruleset.evaluate(FACTS)


class TestFixtureMatchesTheDocument:
    def test_headcounts(self, ruleset: pdrs_rules.Ruleset) -> None:
        """320 teachers developed an IOM in 2022 and 36 left during the year."""
        schools = ruleset.read_facts(FACTS).schools
        developed = sum(s.facts["iom_developed"] for s in schools)  # type: ignore[misc]
        dismissed = sum(s.facts["dismissed"] for s in schools)  # type: ignore[misc]
        assert (len(schools), developed, dismissed) == (12, 320, 36)

    @pytest.mark.parametrize(
        ("fact", "stated"),
        [
            ("iom_full", "44,7"),
            ("iom_70_95", "47,9"),
            ("iom_50_65", "4,6"),
            ("iom_below_50", "2,8"),
            ("courses", "79,2"),
            ("contests", "30,6"),
            ("certified", "26,4"),
            ("mentoring", "51,4"),
        ],
    )
    def test_pooled_shares(self, ruleset: pdrs_rules.Ruleset, fact: str, stated: str) -> None:
        """ΣN/ΣD over the schools gives the percentage the document states."""
        schools = ruleset.read_facts(FACTS).schools
        numerator = sum(s.facts[fact] for s in schools)  # type: ignore[misc]
        active = sum(
            s.facts["iom_developed"] - s.facts["dismissed"]  # type: ignore[operator]
            for s in schools
        )
        assert stated == format_number(100 * numerator / active, 1)


class TestAddressedRecommendation:
    def test_exactly_the_three_named_schools(self, report: pdrs_rules.Report) -> None:
        """Only МБОУ гимназия № 1, МБОУ-СОШ № 2 and МБОУ-СОШ № 23 get the control recommendation."""
        addressed = sorted(
            f.school_name
            for f in report.findings
            if any(r.text.startswith(CONTROL) and r.to == "school_head" for r in f.recommendations)
        )
        assert addressed == ["МБОУ гимназия № 1", "МБОУ-СОШ № 2", "МБОУ-СОШ № 23"]

    def test_text_names_the_school_and_the_numbers(self, report: pdrs_rules.Report) -> None:
        """The text interpolates the school, the head count with its plural form and the share."""
        f = next(
            f for f in report.findings if f.school_id == "023" and f.indicator == "iom_low_share"
        )
        assert (
            f"{CONTROL}: в МБОУ-СОШ № 23 ИОМ реализован менее чем на 50% у 2 педагогов (10,0%)."
        ) == f.recommendations[0].text

    def test_problem_areas_reach_every_head(self, report: pdrs_rules.Report) -> None:
        """Contests and certification are problem areas in all twelve schools, as written."""
        for indicator in ("contests_share", "certified_share"):
            warned = {
                f.school_id
                for f in report.findings
                if f.indicator == indicator and f.level == "warning"
            }
            assert len(warned) == 12, indicator

    def test_all_evaluated(self, report: pdrs_rules.Report) -> None:
        """The fixture is complete: no no_data, not_applicable or out_of_range findings."""
        assert {"evaluated"} == {f.outcome.value for f in report.findings}


def test_golden_report(report: pdrs_rules.Report) -> None:
    """The JSON report equals the reviewed golden file (regenerate with the CLI when intended)."""
    assert json.loads(GOLDEN.read_text("utf-8")) == json.loads(report.to_json())
