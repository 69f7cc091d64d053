"""The seed rulesets in rulesets/ reproduce the key numbers of their seed documents.

Independent of the case files: each test loads a ruleset, evaluates its fixture facts through the
Python API and checks the numbers the seed document states (docs/seed-rulesets.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

import pdrs_rules
from pdrs_rules import AggregateResult, Finding
from pdrs_rules.report import Report

RULESETS = Path(__file__).resolve().parent.parent / "rulesets"
#: A base ruleset has no table of its own: it is evaluated on the table of the ruleset built on it.
FACTS_OF = {"sverdlovsk-base": "sosva"}


def _ruleset_paths() -> list[Path]:
    return sorted(p for p in RULESETS.glob("*.yaml") if not p.name.endswith(".cases.yaml"))


def _evaluate(stem: str, *, all_periods: bool = False, **params: object) -> Report:
    ruleset = pdrs_rules.load(RULESETS / f"{stem}.yaml")
    facts_stem = FACTS_OF.get(stem, stem)
    group = RULESETS / f"{facts_stem}.group.csv"
    return ruleset.evaluate(
        RULESETS / f"{facts_stem}.facts.csv",
        params=params or None,
        group_facts=group if group.exists() else None,
        all_periods=all_periods,
    )


def _aggregate(report: Report, aggregate: str, period: str | None = None) -> AggregateResult:
    found = [
        a
        for a in report.aggregates
        if a.aggregate == aggregate and (period is None or a.period == period)
    ]
    assert len(found) == 1, (aggregate, period, found)
    return found[0]


def _conclusion(report: Report, conclusion: str, period: str | None = None) -> Finding:
    found = [
        c
        for c in report.conclusions
        if c.indicator == conclusion and (period is None or c.period == period)
    ]
    assert len(found) == 1, (conclusion, period, found)
    return found[0]


def _number(value: object) -> float:
    assert isinstance(value, (int, float)), value
    return float(value)


def _names(schools: Iterable[object]) -> set[str]:
    return {s.school_name for s in schools}  # type: ignore[attr-defined]


def _rule_ids(stem: str, trend: str) -> list[str]:
    """A trend's rule ids in the order written: a finding's band index is the rule's position."""
    data = yaml.safe_load((RULESETS / f"{stem}.yaml").read_text(encoding="utf-8"))
    return [rule["id"] for rule in data["trends"][trend]["rules"]]


@pytest.mark.parametrize("path", _ruleset_paths(), ids=lambda p: p.stem)
def test_every_seed_ruleset_loads_and_evaluates_its_facts(path: Path) -> None:
    """Every ruleset in rulesets/ loads without warnings and evaluates its fixture facts."""
    ruleset = pdrs_rules.load(path)
    assert not [w for w in ruleset.warnings if w.code not in {"override", "add", "remove"}]
    report = _evaluate(path.stem)
    assert report.findings
    assert all(f.outcome.value != "out_of_range" for f in report.findings)
    assert report.conclusions
    assert report.aggregates


# Жирновский район (seeds/000)


def test_zhirnovsky_ten_schools_without_iom() -> None:
    """«Не разработаны ИОМ … в 10 школах»: exactly ten schools have no ИОМ, all listed."""
    report = _evaluate("zhirnovsky-2022")
    aggregate = _aggregate(report, "schools_without_iom")
    assert aggregate.value == 10
    assert len(aggregate.matched) == 10
    no_iom = _conclusion(report, "no_iom")
    assert no_iom.level == "critical"
    text = next(r.text for r in no_iom.recommendations if r.to == "authority")
    assert "в 10 школах" in text
    assert all(name in text for name in _names(aggregate.matched))
    assert any(
        r.to == "school_head"
        and r.text == "Внедрить ИОМ педагогов во всех образовательных организациях."
        for r in no_iom.recommendations
    )


def test_zhirnovsky_two_schools_with_vacancies() -> None:
    """«Нехватка педагогических кадров в 2 ОУ»: exactly two schools report vacancies."""
    report = _evaluate("zhirnovsky-2022")
    aggregate = _aggregate(report, "schools_with_vacancies")
    assert aggregate.value == 2
    assert _names(aggregate.matched) == {"МБОУ «Медведицкая СШ»", "МБОУ «Тетеревятская СШ»"}
    conclusion = _conclusion(report, "staff_shortage_mo")
    assert conclusion.level == "warning"
    assert any(
        "Нехватка педагогических кадров в 2 ОУ" in r.text for r in conclusion.recommendations
    )


def test_zhirnovsky_low_pooled_shares() -> None:
    """Conclusions 1, 4, 5: pooled shares of diagnostics, upbringing, talents are below target."""
    report = _evaluate("zhirnovsky-2022")
    assert _aggregate(report, "diag_share_mo").value == pytest.approx(87 * 100 / 458)
    assert _aggregate(report, "pk_upbringing_mo").value == pytest.approx(32 * 100 / 458)
    assert _aggregate(report, "pk_talents_mo").value == pytest.approx(24 * 100 / 458)
    for conclusion in ("diag_detection", "upbringing_coverage", "talents_coverage"):
        assert _conclusion(report, conclusion).level == "warning", conclusion
    diag = _conclusion(report, "diag_detection")
    assert any(
        r.text.startswith("Недостаточное выявление профессиональных дефицитов")
        for r in diag.recommendations
    )


def test_zhirnovsky_five_conclusions_are_exactly_the_letter() -> None:
    """The district gets exactly the letter's five conclusions, none ok, and scores 0 of 5."""
    report = _evaluate("zhirnovsky-2022")
    assert {c.indicator: c.level for c in report.conclusions} == {
        "diag_detection": "warning",
        "no_iom": "critical",
        "staff_shortage_mo": "warning",
        "upbringing_coverage": "warning",
        "talents_coverage": "warning",
    }
    group = next(s for s in report.scores if s.scope == "group")
    assert (group.total, group.maximum, group.level) == (0, 5, "critical")


# Сасово (seeds/001)


def _sasovo_rules(report: Report, period: str) -> dict[str, str]:
    ids = _rule_ids("sasovo-2017-2019", "pk_trend")
    return {
        f.school_name: ids[f.band.index]
        for f in report.findings
        if f.indicator == "pk_trend" and f.period == period and f.band is not None
    }


def test_sasovo_stable_high_and_stable_low() -> None:
    """«Стабильно высокая доля … в МБОУ СОШ №1, стабильно низкая – в МБОУ ООШ №2» (2017–2019)."""
    report = _evaluate("sasovo-2017-2019")
    rules = _sasovo_rules(report, "2019")
    assert {name for name, rule in rules.items() if rule == "stable_high"} == {"МБОУ СОШ №1"}
    assert {name for name, rule in rules.items() if rule == "stable_low"} == {"МБОУ ООШ №2"}
    assert _names(_aggregate(report, "stable_high_schools", "2019").matched) == {"МБОУ СОШ №1"}
    assert _names(_aggregate(report, "stable_low_schools", "2019").matched) == {"МБОУ ООШ №2"}


def test_sasovo_riro_majority_and_leaders() -> None:
    """«Более половины … в РИРО (наибольшие показатели – в МБОУ СОШ №1 и №6)», every year."""
    report = _evaluate("sasovo-2017-2019", all_periods=True)
    for period in ("2017", "2018", "2019"):
        assert _number(_aggregate(report, "riro_share_mo", period).value) > 50
        assert _names(_aggregate(report, "top_riro", period).matched) == {
            "МБОУ СОШ №1",
            "МБОУ СОШ №6",
        }
        assert _conclusion(report, "riro_majority_c", period).level == "ok"


def test_sasovo_commercial_leader() -> None:
    """«Наибольший показатель отмечается в МБОУ СОШ №106» (commercial courses), every year."""
    report = _evaluate("sasovo-2017-2019", all_periods=True)
    for period in ("2017", "2018", "2019"):
        assert _names(_aggregate(report, "top_commercial", period).matched) == {"МБОУ СОШ №106"}
        assert _conclusion(report, "commercial_c", period).level == "warning"


def test_sasovo_first_periods_have_insufficient_history() -> None:
    """2017 has no history at all; 2018 judges the two-year rules but not «stable» ones."""
    report = _evaluate("sasovo-2017-2019", all_periods=True)
    trends = {
        p: [f for f in report.findings if f.indicator == "pk_trend" and f.period == p]
        for p in ("2017", "2018")
    }
    assert {f.outcome.value for f in trends["2017"]} == {"insufficient_history"}
    assert {f.outcome.value for f in trends["2018"]} == {"evaluated"}
    for period in ("2017", "2018"):
        assert len(trends[period]) == 7
        assert _aggregate(report, "stable_high_schools", period).value is None


# Дальнереченск (seeds/002)


def test_dalnerechensk_municipal_values_and_dynamics() -> None:
    """The road map's three indicators per year, their change, the rising diagnostics trend."""
    report = _evaluate("dalnerechensk-2022-2025", all_periods=True)
    diag = {
        p: _number(_aggregate(report, "diag_share_mo", p).value) for p in ("2022", "2023", "2024")
    }
    assert diag == pytest.approx(
        {"2022": 51 * 100 / 228, "2023": 74 * 100 / 229, "2024": 94 * 100 / 227}
    )
    personal = {p: _aggregate(report, "pk_personal_mo", p).value for p in ("2022", "2023", "2024")}
    assert personal == {"2022": 12, "2023": 18, "2024": 15}
    assert _conclusion(report, "diag_change", "2022").outcome.value == "insufficient_history"
    assert _conclusion(report, "diag_change", "2024").value == pytest.approx(
        diag["2024"] - diag["2023"]
    )
    assert _conclusion(report, "pk_personal_change", "2024").value == -3
    assert _conclusion(report, "pk_personal_change", "2024").level == "warning"
    trend = _conclusion(report, "diag_trend", "2024")
    assert trend.level == "good"
    assert trend.band is not None
    assert _rule_ids("dalnerechensk-2022-2025", "diag_trend")[trend.band.index] == "rising"


# Сосьва (seeds/004)


def test_sosva_share_of_schools_with_off_profile_teachers() -> None:
    """«Доля ОО, где более 30% учителей … не по профилю»: 3 of 8; 30,0% is not «более 30%»."""
    report = _evaluate("sosva")
    aggregate = _aggregate(report, "off_profile_schools")
    assert aggregate.value == pytest.approx(37.5)
    assert aggregate.counted == 8
    assert {s.school_id for s in aggregate.matched} == {"04", "07", "08"}
    zakharovo = next(
        f for f in report.findings if f.school_id == "06" and f.indicator == "off_profile_share"
    )
    assert zakharovo.value == pytest.approx(30.0)
    assert _conclusion(report, "off_profile_c").level == "warning"
    other = _aggregate(_evaluate("sosva", off_profile_limit=40), "off_profile_schools")
    assert {s.school_id for s in other.matched} == {"04", "08"}


def test_sosva_extends_the_sverdlovsk_base() -> None:
    """sosva.yaml extends sverdlovsk-base.yaml, raising the young-teacher target 80% → 100%."""
    sosva = pdrs_rules.load(RULESETS / "sosva.yaml")
    base = pdrs_rules.load(RULESETS / "sverdlovsk-base.yaml")
    assert [Path(f).name for f in sosva.files] == ["sosva.yaml", "sverdlovsk-base.yaml"]
    assert set(base.indicators) < set(sosva.indicators)
    assert set(sosva.indicators) - set(base.indicators) == {"off_profile_share"}
    assert sosva.parameters["young_support_target"].default == 100
    assert base.parameters["young_support_target"].default == 80
    assert _conclusion(_evaluate("sosva"), "young_support_c").level == "warning"
    assert _conclusion(_evaluate("sverdlovsk-base"), "young_support_c").level == "ok"


def test_sosva_off_profile_schools_listed_worst_first() -> None:
    """The schools over the limit are listed worst (highest share) first, as documented."""
    aggregate = _aggregate(_evaluate("sosva"), "off_profile_schools")
    values = [_number(s.value) for s in aggregate.matched]
    assert values == sorted(values, reverse=True)


# Армавир (seeds/003)


def test_armavir_distribution_of_iom_completion() -> None:
    """44,7% / 47,9% / 4,6% / 2,8% of 284 teachers (320 developed − 36 dismissed)."""
    report = _evaluate("armavir-iom-2023")
    assert _aggregate(report, "iom_developed_mo").value == 320
    assert _aggregate(report, "dismissed_mo").value == 36
    assert _aggregate(report, "iom_active_mo").value == 284
    shares = {
        name: round(_number(_aggregate(report, name).value), 1)
        for name in ("iom_full_mo", "iom_70_95_mo", "iom_50_65_mo", "iom_low_mo")
    }
    assert shares == {
        "iom_full_mo": 44.7,
        "iom_70_95_mo": 47.9,
        "iom_50_65_mo": 4.6,
        "iom_low_mo": 2.8,
    }
    displays = [
        _conclusion(report, c).display
        for c in ("iom_full_c", "iom_70_95_c", "iom_50_65_c", "iom_low_c")
    ]
    assert displays == ["44,7%", "47,9%", "4,6%", "2,8%"]


def test_armavir_schools_below_half() -> None:
    """«2,8% … менее 50% (МБОУ гимназия № 1, МБОУ-СОШ № 2, МБОУ-СОШ № 23)», with values."""
    report = _evaluate("armavir-iom-2023")
    aggregate = _aggregate(report, "low_iom_schools")
    assert {s.school_name: s.display for s in aggregate.matched} == {
        "МБОУ гимназия № 1": "8,6%",
        "МБОУ-СОШ № 2": "9,7%",
        "МБОУ-СОШ № 23": "10,0%",
    }
    conclusion = _conclusion(report, "iom_low_c")
    assert conclusion.level == "warning"
    text = next(r.text for r in conclusion.recommendations if r.to == "authority")
    assert "МБОУ гимназия № 1 (8,6%)" in text
    assert "МБОУ-СОШ № 23 (10,0%)" in text
