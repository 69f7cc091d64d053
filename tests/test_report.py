"""The report module: JSON round trip, stable order, text for people, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules import BandRef, Finding, Outcome, Recommendation, Report, RulesetInfo
from pdrs_rules.report import CSV_COLUMNS, FORMAT

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "armavir-iom-2023.yaml"
FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"
CONTROL = "Обеспечить контроль за реализацией ИОМ педагогических работников на личностном уровне"

#: A small ruleset whose rows below reach every outcome, a negative value and a boolean band.
SMALL = """
format: pdrs-rules/1
id: small
title: Малый набор
version: "1.0"
period: 2023/2024
entity: {id_column: id, name_column: name}
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0, column: Всего педагогов}
  diagnosed:
    {title: Прошли диагностику, type: integer, min: 0, column: Диагностика, required: false}
  change: {title: Изменение штата, type: integer, column: Изменение}
  has_plan: {title: Есть план, type: boolean, column: План}
parameters:
  target: {title: Порог, default: 27.5, unit: "%", min: 0, max: 100}
indicators:
  diag_share:
    title: Доля прошедших диагностику
    formula: share(diagnosed, teachers)
    unit: "%"
    better: higher
    no_data: {to: school_head, text: "Представить сведения: {missing}."}
    bands:
      - level: warning
        below: target
        points: 0
        recommendations:
          - {to: school_head, text: "Провести диагностику: {value} при пороге {threshold}."}
      - {level: ok, at_least: target, points: 1}
  staff_change:
    title: Изменение штата
    formula: change
    unit: number
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
  plan:
    title: Наличие плана
    formula: has_plan
    unit: boolean
    bands:
      - {level: warning, is: false}
      - {level: ok, is: true}
"""
HYPERLINK = '=HYPERLINK("http://example.com","x")'
#: (id, name, teachers, diagnosed, change, plan); the comments give each row's diag_share.
ROWS: list[tuple[str, str, int, int | None, int, bool]] = [
    ("001", HYPERLINK, 50, 10, -3, True),  # 20% < 27.5: warning; change -3 < 0: warning
    ("002", "+7 школа", 40, 11, 2, False),  # 27.5% meets the target: ok; no plan: warning
    ("003", "@школа", 0, 0, 0, True),  # zero denominator: not_applicable
    ("004", "-школа", 30, None, 1, True),  # empty cell: no_data
    ("005", "Обычная школа", 50, 60, 0, True),  # 120%: out_of_range
]
SMALL_INDICATORS = ("diag_share", "staff_change", "plan")


@pytest.fixture(scope="module")
def armavir() -> Report:
    return pdrs_rules.load(RULESET).evaluate(FACTS)


@pytest.fixture(scope="module")
def armavir_rows() -> list[dict[str, str]]:
    with FACTS.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


@pytest.fixture(scope="module")
def small() -> Report:
    rows = [
        {
            "id": ident,
            "name": name,
            "Всего педагогов": teachers,
            "Диагностика": diagnosed,
            "Изменение": change,
            "План": plan,
        }
        for ident, name, teachers, diagnosed, change, plan in ROWS
    ]
    return pdrs_rules.loads(SMALL, file="small.yaml").evaluate(rows)


def _finding(school_id: str, indicator: str = "x", level: str | None = "ok", **kw: Any) -> Finding:
    outcome = Outcome.EVALUATED if level else Outcome.NO_DATA
    return Finding(
        ruleset_id="r",
        ruleset_version="1",
        school_id=school_id,
        school_name=kw.pop("school_name", f"Школа {school_id}"),
        period=kw.pop("period", "2023/2024"),
        indicator=indicator,
        outcome=kw.pop("outcome", outcome),
        level=level,
        **kw,
    )


def _info(**kw: Any) -> RulesetInfo:
    return RulesetInfo(
        id="r",
        version="1",
        title="Набор",
        indicators=kw.pop("indicators", (("x", "Показатель X"), ("y", "Показатель Y"))),
        levels=kw.pop(
            "levels", (("critical", "критический"), ("warning", "внимание"), ("ok", "норма"))
        ),
        **kw,
    )


def _active(row: dict[str, str]) -> int:
    return int(row["Разработали ИОМ в 2022 году"]) - int(row["Уволено"])


def _armavir_warnings(rows: list[dict[str, str]]) -> int:
    """Warnings by default: a teacher below 50%, contests below 50%, certified below 30%."""
    low = sum(int(r["ИОМ реализован менее чем на 50%"]) > 0 for r in rows)
    contests = sum(
        100 * int(r["Участвовали в профессиональных конкурсах"]) < 50 * _active(r) for r in rows
    )
    certified = sum(100 * int(r["Аттестованы на КК"]) < 30 * _active(r) for r in rows)
    return low + contests + certified


class TestJson:
    def test_round_trip_armavir(self, armavir: Report) -> None:
        """A real report reads back into an equal object."""
        assert armavir == Report.from_json(armavir.to_json())

    def test_round_trip_every_outcome(self, small: Report) -> None:
        """No data, not applicable, out of range, booleans and negatives survive the round trip."""
        # insufficient_history needs periods; tests/test_municipal.py round-trips it.
        assert {f.outcome for f in small.findings} == set(Outcome) - {Outcome.INSUFFICIENT_HISTORY}
        again = Report.from_json(small.to_json())
        assert small == again
        assert small.to_json() == again.to_json()

    def test_round_trip_detects_a_difference(self, small: Report) -> None:
        """Equality is real: a changed display value makes the reports differ."""
        data = json.loads(small.to_json())
        data["findings"][0]["display"] = "99,9%"
        assert small != Report.from_dict(data)

    def test_wrong_format_is_refused(self, small: Report) -> None:
        """A document with another format marker is not read as a report."""
        data = small.to_dict() | {"format": "something/else"}
        with pytest.raises(ValueError, match="not a pdrs-rules findings document"):
            Report.from_dict(data)

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("level", ["warning"], "'level' is a list; expected text"),
            ("display", 25, "'display' is a number; expected text"),
            ("value", "25", "'value' is text; expected a number or true or false"),
            ("points", True, "'points' is true or false; expected a number"),
            ("outcome", "exploded", "'outcome' is 'exploded'; expected one of: evaluated,"),
            ("band", [0], "'band' is a list; expected an object"),
            ("recommendations", {}, "'recommendations' is an object; expected a list"),
            ("recommendations", [1], "'recommendations' holds a number; expected objects"),
            ("school_name", "Ш\ud800", "'school_name' has half of a character"),
        ],
    )
    def test_hand_edited_fields_are_refused(
        self, small: Report, key: str, value: object, message: str
    ) -> None:
        """A field of the wrong kind is a ValueError naming its key, never a crash later on."""
        data = json.loads(small.to_json())
        data["findings"][0][key] = value
        with pytest.raises(ValueError, match="^" + re.escape(message)):
            Report.from_dict(data)

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("findings", [1], "'findings' holds a number; expected objects"),
            ("findings", {}, "'findings' is an object; expected a list"),
            ("ruleset", "mini", "'ruleset' is not an object"),
            ("parameters", [1], "'parameters' is not an object of names and values"),
            ("parameters", {"p": [1]}, "'parameters' is not an object of names and values"),
        ],
    )
    def test_hand_edited_document_is_refused(
        self, small: Report, key: str, value: object, message: str
    ) -> None:
        """A top-level part of the wrong kind is a ValueError naming it."""
        data = json.loads(small.to_json()) | {key: value}
        with pytest.raises(ValueError, match="^" + re.escape(message)):
            Report.from_dict(data)

    def test_missing_key_is_a_key_error(self, small: Report) -> None:
        """A finding without its school is a KeyError naming the key."""
        data = json.loads(small.to_json())
        del data["findings"][0]["school_id"]
        with pytest.raises(KeyError, match="school_id"):
            Report.from_dict(data)

    def test_canonical_form(self, armavir: Report) -> None:
        """Sorted keys at every level, Cyrillic as itself, two-space indent, final newline."""
        text = armavir.to_json()

        def sorted_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [k for k, _ in pairs]
            assert keys == sorted(keys)
            return dict(pairs)

        json.loads(text, object_pairs_hook=sorted_keys)
        assert text.endswith("}\n")
        assert "МБОУ гимназия № 1" in text
        assert "\\u" not in text
        assert list(json.loads(text)) == [
            "aggregates",
            "conclusions",
            "findings",
            "format",
            "history_periods",
            "parameters",
            "period",
            "ruleset",
            "scores",
        ]
        assert text.startswith('{\n  "aggregates": [\n    {\n      "aggregate"')
        assert json.loads(text)["format"] == FORMAT

    def test_findings_are_sorted_whatever_the_input_order(self, armavir: Report) -> None:
        """A report built from shuffled findings equals the sorted one and renders identically."""
        shuffled = Report(
            armavir.ruleset,
            armavir.parameters,
            armavir.findings[::-1],
            conclusions=armavir.conclusions[::-1],
            aggregates=armavir.aggregates[::-1],
            period=armavir.period,
        )
        assert shuffled == armavir
        assert shuffled.to_dict() == armavir.to_dict()

    def test_to_dict_order(self, armavir: Report, armavir_rows: list[dict[str, str]]) -> None:
        """Findings go by school id, then the ruleset's indicator order; parameters by name."""
        data = armavir.to_dict()
        indicators = [i["id"] for i in data["ruleset"]["indicators"]]
        ids = sorted(r["Код ОО"] for r in armavir_rows)
        expected = [(school, ind) for school in ids for ind in indicators]
        assert expected == [(f["school_id"], f["indicator"]) for f in data["findings"]]
        assert list(data["parameters"]) == sorted(data["parameters"])
        assert indicators == list(pdrs_rules.load(RULESET).indicators)

    def test_periods_sort_before_schools(self) -> None:
        """An earlier period comes first even for a school with a larger id."""
        report = Report(
            _info(),
            findings=(
                _finding("001", period="2023/2024"),
                _finding("009", period="2022/2023"),
                _finding("001", "y", period="2022/2023"),
                _finding("001", period="2022/2023"),
            ),
        )
        keys = [(f.period, f.school_id, f.indicator) for f in report.findings]
        assert keys == [
            ("2022/2023", "001", "x"),
            ("2022/2023", "001", "y"),
            ("2022/2023", "009", "x"),
            ("2023/2024", "001", "x"),
        ]


class TestCounts:
    def test_armavir_counts(self, armavir: Report, armavir_rows: list[dict[str, str]]) -> None:
        """All findings evaluated; the warnings are the ones the facts imply, the rest ok.

        Only three indicators judge (iom_low_share, contests_share, certified_share): the six
        the letter reports without a norm have no bands, so their findings have no level.
        """
        total = len(armavir_rows) * len(armavir.ruleset.indicators)
        judged = len(armavir_rows) * 3
        warnings = _armavir_warnings(armavir_rows)
        expected = {"evaluated": total, "level:ok": judged - warnings, "level:warning": warnings}
        assert expected == armavir.counts()

    def test_small_counts(self, small: Report) -> None:
        """Each outcome once; levels counted among the evaluated findings only."""
        # diag_share: 001 warning, 002 ok; staff_change: 001 warning, 4 ok; plan: 002 warning, 4 ok.
        expected = {
            "evaluated": 12,
            "level:ok": 9,
            "level:warning": 3,
            "no_data": 1,
            "not_applicable": 1,
            "out_of_range": 1,
        }
        assert expected == small.counts()
        assert list(small.counts()) == sorted(expected)

    def test_worst_rank(self, armavir: Report) -> None:
        """The rank of the worst level reached in the given order; None when none is reached."""
        assert armavir.worst_rank(["critical", "warning", "ok", "good"]) == 1
        assert armavir.worst_rank(["ok", "warning"]) == 0
        assert armavir.worst_rank(["critical"]) is None
        assert Report(_info()).worst_rank(["critical", "warning", "ok"]) is None


class TestText:
    def test_header(self, armavir: Report) -> None:
        """The title, id and version, the period and the parameters used open the report."""
        lines = armavir.to_text().splitlines()
        assert lines[0] == (
            "Внутренний аудит реализации индивидуальных образовательных маршрутов педагогов "
            "(armavir-iom-2023 1.0.0)"
        )
        assert lines[1] == "Период: 2022/2023"
        assert lines[2] == (
            "Параметры: certified_target = 30, contests_target = 50, iom_full_target = 40, "
            "low_completion_tolerance = 0"
        )

    def test_parameters_use_a_decimal_comma(self, small: Report) -> None:
        """A fractional parameter is shown the Russian way."""
        assert "Параметры: target = 27,5" in small.to_text().splitlines()

    def test_one_block_per_school(
        self, armavir: Report, armavir_rows: list[dict[str, str]]
    ) -> None:
        """Every school gets a header line with its name, code and period."""
        text = armavir.to_text()
        for row in armavir_rows:
            assert f"\n\n{row['Наименование ОО']} (код {row['Код ОО']}, 2022/2023)\n" in text

    def test_recommendation_under_its_school(
        self, armavir: Report, armavir_rows: list[dict[str, str]]
    ) -> None:
        """The control recommendation appears, indented, in the blocks of schools below 50% only."""
        blocks = armavir.to_text().split("\n\n")[1:-1]
        addressed = {
            row["Код ОО"] for row in armavir_rows if int(row["ИОМ реализован менее чем на 50%"]) > 0
        }
        assert addressed == {"001", "002", "023"}
        for row in armavir_rows:
            block = next(b for b in blocks if f"(код {row['Код ОО']}," in b)
            has = f"\n    → руководитель ОО: {CONTROL}" in block
            assert has == (row["Код ОО"] in addressed), row["Код ОО"]

    def test_indicator_lines(self, small: Report) -> None:
        """Evaluated lines show value and level; others the Russian outcome and the reason."""
        lines = small.to_text().splitlines()
        assert "  Доля прошедших диагностику: 20,0% — требует внимания" in lines
        assert "  Наличие плана: нет — требует внимания" in lines
        assert "  Изменение штата: 2,00 — норма" in lines
        by_outcome = {f.outcome: f for f in small.findings if f.indicator == "diag_share"}
        no_data = by_outcome[Outcome.NO_DATA]
        assert f"  Доля прошедших диагностику: нет данных ({no_data.reason})" in lines
        na = by_outcome[Outcome.NOT_APPLICABLE]
        assert f"  Доля прошедших диагностику: не применимо ({na.reason})" in lines
        oor = by_outcome[Outcome.OUT_OF_RANGE]
        assert (
            f"  Доля прошедших диагностику: 120,0% — вне допустимого диапазона ({oor.reason})"
        ) in lines
        assert "    → руководитель ОО: Представить сведения: Диагностика." in lines

    def test_summary_is_russian(self, small: Report) -> None:
        """The last line counts outcomes and levels with Russian names and level titles."""
        last = small.to_text().splitlines()[-1]
        assert last == (
            "Итого: 15 результатов: оценено — 12, нет данных — 1, не применимо — 1, "
            "вне допустимого диапазона — 1; требует внимания — 3, норма — 9"
        )

    def test_summary_of_armavir(self, armavir: Report, armavir_rows: list[dict[str, str]]) -> None:
        """Levels are listed from worst to best with the ruleset's titles; no English keys."""
        total = len(armavir_rows) * len(armavir.ruleset.indicators)  # 108: «результатов»
        judged = len(armavir_rows) * 3  # the other six indicators are information, no level
        warnings = _armavir_warnings(armavir_rows)
        last = armavir.to_text().splitlines()[-1]
        assert last == (
            f"Итого: {total} результатов: оценено — {total}; "
            f"требует внимания — {warnings}, норма — {judged - warnings}"
        )
        assert not any(word in last for word in ("evaluated", "level:", "warning", "ok "))

    @pytest.mark.parametrize(
        ("n", "noun"),
        [
            (1, "результат"),
            (2, "результата"),
            (4, "результата"),
            (5, "результатов"),
            (11, "результатов"),
            (12, "результатов"),
            (21, "результат"),
            (22, "результата"),
            (25, "результатов"),
        ],
    )
    def test_summary_plural(self, n: int, noun: str) -> None:
        """The total agrees with its noun: 1 результат, 2 результата, 5 и 11 результатов."""
        findings = tuple(_finding(f"{i:03}") for i in range(n))
        last = Report(_info(), findings=findings).to_text().splitlines()[-1]
        assert last == f"Итого: {n} {noun}: оценено — {n}; норма — {n}"

    def test_summary_of_an_empty_report(self) -> None:
        """No findings: the count alone."""
        assert Report(_info()).to_text().splitlines()[-1] == "Итого: 0 результатов"

    def test_summary_level_order_and_unknown_levels(self) -> None:
        """Known levels go from worst to best; a level the ruleset does not list keeps its id."""
        findings = (
            _finding("001", level="ok"),
            _finding("002", level="mystery"),
            _finding("003", level="critical"),
            _finding("004", level=None),
        )
        last = Report(_info(), findings=findings).to_text().splitlines()[-1]
        assert last == (
            "Итого: 4 результата: оценено — 3, нет данных — 1; "
            "критический — 1, норма — 1, mystery — 1"
        )


class TestCsv:
    @staticmethod
    def rows(report: Report) -> list[dict[str, str]]:
        """The CSV read back as dicts."""
        return list(csv.DictReader(io.StringIO(report.to_csv(), newline="")))

    def test_header_is_the_documented_one(self, small: Report) -> None:
        """The header row lists the fields in the order docs/findings.md gives."""
        documented = (
            "ruleset_id,ruleset_version,school_id,school_name,period,indicator,outcome,value,"
            "display,level,points,band,recommendations,explanation,reason"
        )
        assert small.to_csv().split("\r\n")[0] == documented
        assert ",".join(CSV_COLUMNS) == documented

    def test_one_row_per_finding_in_order(self, armavir: Report) -> None:
        """Rows follow the findings then the conclusions, CRLF-terminated, one per finding."""
        text = armavir.to_csv()
        rows = self.rows(armavir)
        every = (*armavir.findings, *armavir.conclusions)
        assert armavir.conclusions
        assert len(every) == len(rows) == text.count("\r\n") - 1
        assert text.endswith("\r\n")
        assert [(f.school_id, f.indicator) for f in every] == [
            (r["school_id"], r["indicator"]) for r in rows
        ]

    def test_machine_and_human_numbers(self, small: Report) -> None:
        """The value and points use a decimal point; display and band use a decimal comma."""
        row = next(
            r
            for r in self.rows(small)
            if r["school_id"] == "002" and r["indicator"] == "diag_share"
        )
        assert (row["value"], row["display"], row["points"]) == ("27.5", "27,5%", "1")
        assert row["band"] == "[27,5; ∞)"
        assert row["level"] == "ok"
        below = next(
            r
            for r in self.rows(small)
            if r["school_id"] == "001" and r["indicator"] == "diag_share"
        )
        assert below["band"] == "(−∞; 27,5)"
        assert below["recommendations"] == (
            "руководитель ОО: Провести диагностику: 20,0% при пороге 27,5%."
        )

    def test_boolean_values_and_bands(self, small: Report) -> None:
        """A boolean value is true/false, its band да/нет."""
        plans = {r["school_id"]: r for r in self.rows(small) if r["indicator"] == "plan"}
        assert (plans["001"]["value"], plans["001"]["band"]) == ("true", "да")
        assert (plans["002"]["value"], plans["002"]["band"]) == ("false", "нет")

    def test_nulls_are_empty(self, small: Report) -> None:
        """A finding without a value has empty value, level, points and band cells."""
        row = next(r for r in self.rows(small) if r["outcome"] == "no_data")
        assert (row["value"], row["level"], row["points"], row["band"]) == ("", "", "", "")
        assert row["reason"]

    @pytest.mark.parametrize(
        ("school_id", "cell"),
        [
            ("001", "'" + HYPERLINK),
            ("002", "'+7 школа"),
            ("003", "'@школа"),
            ("004", "'-школа"),
            ("005", "Обычная школа"),
        ],
    )
    def test_school_names_are_neutralised(self, small: Report, school_id: str, cell: str) -> None:
        """A name starting with = + - @ gets an apostrophe; an ordinary name is left alone."""
        names = {r["school_name"] for r in self.rows(small) if r["school_id"] == school_id}
        assert {cell} == names

    def test_negative_value_is_neutralised(self, small: Report) -> None:
        """A negative value is written '-3; its display starts with «−» (U+2212), left as it is."""
        row = next(
            r
            for r in self.rows(small)
            if r["school_id"] == "001" and r["indicator"] == "staff_change"
        )
        assert (row["value"], row["display"]) == ("'-3", "\u22123,00")

    @pytest.mark.parametrize("name", ["\tшкола", "\rшкола", "=1+1", "+1", "-1", "@A1"])
    def test_every_dangerous_first_character(self, name: str) -> None:
        """Tab and carriage return are neutralised too; the text after the apostrophe is kept."""
        report = Report(_info(), findings=(_finding("001", school_name=name),))
        [row] = self.rows(report)
        assert row["school_name"] == "'" + name

    def test_recommendations_joined(self) -> None:
        """Several recommendations become «addressee: text» joined with « | »."""
        recs = (
            Recommendation("school_head", "руководитель ОО", "Первое."),
            Recommendation("teachers", "педагоги", "Второе."),
        )
        band = BandRef(index=0, lower=0, upper=50, upper_inclusive=True)
        report = Report(_info(), findings=(_finding("001", recommendations=recs, band=band),))
        [row] = self.rows(report)
        assert row["recommendations"] == "руководитель ОО: Первое. | педагоги: Второе."
        assert row["band"] == "[0; 50]"


def test_counts_match_the_findings(small: Report) -> None:
    """counts() agrees with a plain count over the findings."""
    outcomes = Counter(f.outcome.value for f in small.findings)
    levels = Counter(f"level:{f.level}" for f in small.findings if f.level)
    assert dict(outcomes + levels) == small.counts()
    assert len(small.findings) == len(ROWS) * len(SMALL_INDICATORS)


class TestJsonStream:
    @pytest.mark.parametrize("name", ["armavir-iom-2023", "dalnerechensk-2022-2025"])
    def test_pieces_make_the_document(self, name):
        """iter_json's pieces joined are to_json's text, byte for byte, findings made lazily."""
        root = Path(__file__).resolve().parent.parent / "rulesets"
        report = pdrs_rules.load(root / f"{name}.yaml").evaluate(root / f"{name}.facts.csv")
        pieces = list(report.iter_json())
        assert "".join(pieces) == report.to_json()
        # The document is written in many pieces, not as one string.
        assert len(pieces) > len(report.findings)

    def test_an_empty_report(self):
        """A report without findings streams the same empty lists as to_json writes."""
        report = pdrs_rules.Report(pdrs_rules.RulesetInfo("x", "1"))
        assert "".join(report.iter_json()) == report.to_json()

    def test_lines_make_the_jsonl_text(self):
        """iter_jsonl's lines joined are to_jsonl's text, conclusions and scores included."""
        root = Path(__file__).resolve().parent.parent / "rulesets"
        name = "dalnerechensk-2022-2025"
        report = pdrs_rules.load(root / f"{name}.yaml").evaluate(
            root / f"{name}.facts.csv", group_facts=root / f"{name}.group.csv"
        )
        lines = list(report.iter_jsonl())
        assert "".join(lines) == report.to_jsonl()
        count = len(report.findings) + len(report.conclusions)
        assert len(lines) == count + len(report.aggregates) + len(report.scores)
        assert '"kind": "score"' in lines[-1]
