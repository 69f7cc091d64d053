"""«Анализ эффективности принятых мер»: recommendations followed from one period to the next."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import pdrs_rules
from pdrs_rules import (
    EffectItem,
    Effectiveness,
    Finding,
    Outcome,
    Recommendation,
    compare_findings,
    effectiveness,
)
from pdrs_rules._engine._effect import FORMAT, PeriodError
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent
RULESET = ROOT / "rulesets" / "armavir-iom-2023.yaml"
Y1, Y2 = "2021/2022", "2022/2023"
HEAD = "руководитель ОО"
#: One school's facts; contests 12 of 35 (34,3%) and certified 10 of 35 (28,6%) miss targets.
BASE: dict[str, Any] = {
    "iom_developed": 40,
    "dismissed": 5,
    "iom_full": 14,
    "iom_70_95": 16,
    "iom_50_65": 2,
    "iom_below_50": 3,
    "courses": 28,
    "contests": 12,
    "certified": 10,
    "mentoring": 18,
}


def rec(text: str = "Обеспечить", to: str = "school_head", title: str = HEAD) -> Recommendation:
    return Recommendation(to=to, to_title=title, text=text)


def finding(
    school: str = "001",
    indicator: str = "a",
    level: str | None = "warning",
    recs: tuple[Recommendation, ...] = (),
    *,
    period: str = Y1,
    outcome: Outcome = Outcome.EVALUATED,
    display: str = "10,0%",
    reason: str = "",
) -> Finding:
    return Finding(
        ruleset_id="r",
        ruleset_version="1",
        school_id=school,
        school_name=f"МБОУ-СОШ № {int(school)}",
        period=period,
        indicator=indicator,
        outcome=outcome,
        value=None if outcome is not Outcome.EVALUATED else 10.0,
        display=display,
        level=level if outcome is Outcome.EVALUATED else None,
        recommendations=recs,
        reason=reason,
    )


def only(before: list[Finding], after: list[Finding]) -> EffectItem:
    result = compare_findings(before, after)
    assert len(result.items) == 1, result.items
    return result.items[0]


def row(school: str, period: str, **facts: Any) -> dict[str, Any]:
    return {"id": school, "name": f"МБОУ-СОШ № {int(school)}", "period": period, **BASE, **facts}


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> pdrs_rules.Ruleset:
    """The Armavir ruleset without its municipal sections: these tests count school items."""
    data = yaml.safe_load(RULESET.read_text(encoding="utf-8"))
    for key in ("group", "aggregates", "conclusions"):
        data.pop(key)
    path = tmp_path_factory.mktemp("effect") / "armavir-schools.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pdrs_rules.load(path)


@pytest.fixture(scope="module")
def both(ruleset: pdrs_rules.Ruleset) -> pdrs_rules.Report:
    """Four schools in two periods; 004 has no active ИОМ in the second, so nothing is judged."""
    return ruleset.evaluate(
        [
            row("001", Y1),
            row("002", Y1, contests=20, mentoring=None),
            row("003", Y1, iom_below_50=0),
            row("004", Y1),
            row("001", Y2, iom_below_50=0, certified=11),
            row("002", Y2, contests=10),
            row("003", Y2, iom_below_50=2, contests=18),
            row("004", Y2, dismissed=40, iom_developed=40, iom_full=0, iom_70_95=0, iom_50_65=0,
                iom_below_50=0, courses=0, contests=0, certified=0, mentoring=0),
        ],
        all_periods=True,
    )  # fmt: skip


def statuses(result: Effectiveness) -> dict[tuple[str, str], str]:
    return {(i.school_id, i.indicator): i.status for i in result.items}


def test_conclusions_are_compared_too() -> None:
    """The municipality's own recommendations (conclusions) are judged like the schools'."""
    full = pdrs_rules.load(RULESET)
    rows = [row("001", Y1), row("002", Y1), row("001", Y2), row("002", Y2, iom_below_50=0)]
    result = pdrs_rules.effectiveness(full.evaluate(rows, all_periods=True))
    group = {i.indicator: i.status for i in result.items if i.school_id == full.compiled.group.id}
    assert set(group) == {
        c.id for c in full.compiled.conclusions if any(b.recommendations for b in c.bands)
    }
    assert all(
        item.school_name == full.compiled.group.name
        for item in result.items
        if item.school_id == full.compiled.group.id
    )


def _document(findings: list[object] | None = None, **fields: object) -> str:
    """A findings document of one finding of the mini ruleset, with ``fields`` changed."""
    finding = {
        "ruleset_id": "mini",
        "ruleset_version": "1",
        "school_id": "001",
        "school_name": "Школа",
        "period": "2023",
        "indicator": "diag_share",
        "outcome": "evaluated",
        "level": "ok",
    } | fields
    document = {
        "format": "pdrs-rules/findings/1",
        "ruleset": {"id": "mini", "version": "1"},
        "findings": [finding] if findings is None else findings,
    }
    return json.dumps(document)  # "\ud800" stays an escape, as a hand-edited file may hold


class TestStatuses:
    def test_resolved(self) -> None:
        """A recommendation that the evaluated later finding no longer issues is resolved."""
        item = only([finding(recs=(rec(),))], [finding(level="ok", period=Y2, display="30,0%")])
        assert (item.status, item.level_change, item.reason) == ("resolved", None, "")
        assert (item.before_level, item.after_level) == ("warning", "ok")
        assert (item.before_display, item.after_display) == ("10,0%", "30,0%")
        assert (item.before_texts, item.after_texts) == (("Обеспечить",), ())

    def test_persists_unchanged_ignores_the_text(self) -> None:
        """A different text to the same addressee is the same recommendation, still there."""
        item = only(
            [finding(recs=(rec("ещё 5 педагогов"),))],
            [finding(recs=(rec("ещё 3 педагога"),), period=Y2)],
        )
        assert (item.status, item.level_change) == ("persists", "unchanged")
        assert (item.before_texts, item.after_texts) == (("ещё 5 педагогов",), ("ещё 3 педагога",))

    @pytest.mark.parametrize(
        ("before", "after", "change"),
        [("critical", "warning", "improved"), ("warning", "critical", "worsened")],
    )
    def test_persists_level_direction(self, before: str, after: str, change: str) -> None:
        """The level order, worst first, tells whether a persisting problem got better."""
        item = only(
            [finding(level=before, recs=(rec(),))], [finding(level=after, recs=(rec(),), period=Y2)]
        )
        assert (item.status, item.level_change) == ("persists", change)

    def test_level_order_comes_from_the_caller(self) -> None:
        """With levels listed the other way round, the same move counts as a worsening."""
        result = compare_findings(
            [finding(level="critical", recs=(rec(),))],
            [finding(level="warning", recs=(rec(),), period=Y2)],
            levels=[("good", "хорошо"), ("warning", "внимание"), ("critical", "плохо")],
        )
        assert result.items[0].level_change == "worsened"

    def test_new(self) -> None:
        """A recommendation issued only in the later period is new."""
        item = only([finding(level="ok")], [finding(recs=(rec(),), period=Y2)])
        assert (item.status, item.before_texts, item.after_texts) == ("new", (), ("Обеспечить",))

    def test_new_for_a_school_absent_before(self) -> None:
        """A school that was not monitored before gets its recommendations as new."""
        assert only([], [finding(recs=(rec(),), period=Y2)]).status == "new"

    @pytest.mark.parametrize(
        ("outcome", "reason", "expected"),
        [
            (Outcome.NO_DATA, "нет данных: Уволено", "нет данных: Уволено"),
            (Outcome.NOT_APPLICABLE, "", "не применимо"),
            (Outcome.OUT_OF_RANGE, "значение 120 вне области", "значение 120 вне области"),
        ],
    )
    def test_unknown_when_not_evaluated_after(
        self, outcome: Outcome, reason: str, expected: str
    ) -> None:
        """Without a judged value later the measure cannot be assessed, and the reason is given."""
        after = finding(outcome=outcome, reason=reason, period=Y2, display="нет данных")
        item = only([finding(recs=(rec(),))], [after])
        assert (item.status, item.reason, item.after_level) == ("unknown", expected, None)

    def test_unknown_when_the_school_is_absent(self) -> None:
        """A school missing from the later data cannot be judged."""
        result = compare_findings([finding(recs=(rec(),))], [finding("002", level="ok", period=Y2)])
        item = result.items[0]
        assert (item.status, item.reason) == ("unknown", "ОО нет в данных за 2022/2023")
        assert item.after_display == ""

    def test_unknown_when_the_indicator_is_absent(self) -> None:
        """An indicator the later ruleset dropped cannot be judged for a school that is there."""
        item = only([finding(recs=(rec(),))], [finding(indicator="b", level="ok", period=Y2)])
        assert (item.status, item.reason) == ("unknown", "показателя нет в данных за 2022/2023")

    def test_repeated_data_request_persists(self) -> None:
        """The same data request in both periods persists: the data still has not come."""
        missing = {"outcome": Outcome.NO_DATA, "display": "нет данных", "reason": "нет данных: X"}
        item = only(
            [finding(recs=(rec("Предоставить данные"),), **missing)],
            [finding(recs=(rec("Предоставить данные"),), period=Y2, **missing)],
        )
        assert (item.status, item.level_change) == ("persists", "unchanged")

    def test_data_request_then_band_recommendation(self) -> None:
        """A data request followed by a band's recommendation persists with no level to compare."""
        item = only(
            [finding(recs=(rec(),), outcome=Outcome.NO_DATA)],
            [finding(recs=(rec(),), period=Y2)],
        )
        assert (item.status, item.level_change) == ("persists", None)

    def test_addressees_are_separate(self) -> None:
        """The addressee is part of the identity: one resolved, the other new, same indicator."""
        teachers = rec(to="teachers", title="педагоги")
        result = compare_findings([finding(recs=(teachers,))], [finding(recs=(rec(),), period=Y2)])
        assert [(i.to, i.status) for i in result.items] == [
            ("teachers", "resolved"),
            ("school_head", "new"),
        ]
        assert result.counts_by_addressee() == {
            "school_head": {"resolved": 0, "persists": 0, "new": 1, "unknown": 0},
            "teachers": {"resolved": 1, "persists": 0, "new": 0, "unknown": 0},
        }

    def test_periods_filter_and_label(self) -> None:
        """Named periods pick findings out of mixed input; unnamed ones are read from it."""
        mixed = [finding(recs=(rec(),)), finding(level="ok", period=Y2)]
        result = compare_findings(mixed, mixed, before_period=Y1, after_period=Y2)
        assert (result.before_period, result.after_period) == (Y1, Y2)
        assert [i.status for i in result.items] == ["resolved"]
        assert compare_findings([finding()], []).before_period == Y1

    def test_mixed_periods_without_a_name_are_refused(self) -> None:
        """Findings of several periods cannot be paired unless one period is named."""
        mixed = [finding(), finding(period=Y2)]
        with pytest.raises(ValueError, match=r"several periods \(2021/2022, 2022/2023\)"):
            compare_findings(mixed, [])


class TestReports:
    def test_one_report_two_periods(self, both: pdrs_rules.Report) -> None:
        """One evaluated report with two periods: its two latest periods are compared."""
        result = effectiveness(both)
        assert (result.before_period, result.after_period) == (Y1, Y2)
        assert statuses(result) == {
            ("001", "iom_low_share"): "resolved",
            ("001", "contests_share"): "persists",
            ("001", "certified_share"): "resolved",
            ("002", "iom_low_share"): "persists",
            ("002", "contests_share"): "new",
            ("002", "certified_share"): "persists",
            ("002", "mentoring_share"): "resolved",
            ("003", "iom_low_share"): "new",
            ("003", "contests_share"): "resolved",
            ("003", "certified_share"): "persists",
            ("004", "iom_low_share"): "unknown",
            ("004", "contests_share"): "unknown",
            ("004", "certified_share"): "unknown",
        }
        assert result.counts() == {"resolved": 4, "persists": 4, "new": 2, "unknown": 3}
        unknown = next(i for i in result.items if i.school_id == "004")
        assert unknown.reason == "знаменатель равен нулю: iom_active = 0"
        assert unknown.indicator_title == "Доля педагогов, реализовавших ИОМ менее чем на 50%"
        assert result.counts_by_school()["001"] == {
            "resolved": 2,
            "persists": 1,
            "new": 0,
            "unknown": 0,
        }

    def test_two_reports(self, ruleset: pdrs_rules.Ruleset, both: pdrs_rules.Report) -> None:
        """Two reports of one period each give the same result as one report of both."""
        first = ruleset.evaluate([row("001", Y1), row("002", Y1, contests=20, mentoring=None)])
        second = ruleset.evaluate([row("001", Y2, certified=11), row("002", Y2, contests=10)])
        result = effectiveness(first, second)
        assert (result.before_period, result.after_period) == (Y1, Y2)
        assert statuses(result) == {
            ("001", "iom_low_share"): "persists",
            ("001", "contests_share"): "persists",
            ("001", "certified_share"): "resolved",
            ("002", "iom_low_share"): "persists",
            ("002", "contests_share"): "new",
            ("002", "certified_share"): "persists",
            ("002", "mentoring_share"): "resolved",
        }
        assert result.indicators == both.ruleset.indicators
        assert result.levels == both.ruleset.levels

    @pytest.mark.parametrize(
        ("before", "after", "expected"),
        [
            (None, Y2, (Y1, Y2)),
            (Y1, None, (Y1, Y2)),
            ("2020/2021", Y2, ("2020/2021", Y2)),
            ("2020/2021", None, ("2020/2021", Y1)),
        ],
    )
    def test_naming_one_period_takes_its_neighbour(
        self,
        ruleset: pdrs_rules.Ruleset,
        before: str | None,
        after: str | None,
        expected: tuple[str, str],
    ) -> None:
        """With one period named, the other is the one next to it in time."""
        rows = [row("001", p) for p in ("2020/2021", Y1, Y2)]
        report = ruleset.evaluate(rows, all_periods=True)
        result = effectiveness(report, before_period=before, after_period=after)
        assert (result.before_period, result.after_period) == expected

    @pytest.mark.parametrize(
        ("before", "after", "message"),
        [
            ("1999/2000", None, r"no findings for period '1999/2000' \(periods: 2021/2022, 2022"),
            (None, "1999/2000", "no findings for period '1999/2000'"),
            (Y2, None, "no period after '2022/2023'"),
            (None, Y1, "no period before '2021/2022'"),
            (Y1, Y1, "the two periods are the same"),
        ],
    )
    def test_period_errors(
        self, both: pdrs_rules.Report, before: str | None, after: str | None, message: str
    ) -> None:
        """A period that is not there, or has no neighbour, is a clear PeriodError."""
        with pytest.raises(PeriodError, match=message) as caught:
            effectiveness(both, before_period=before, after_period=after)
        assert isinstance(caught.value, ValueError)

    def test_one_period_report_is_refused(self, ruleset: pdrs_rules.Ruleset) -> None:
        """A single report of one period cannot be compared with itself."""
        with pytest.raises(PeriodError, match=r"one period only \(2021/2022\)"):
            effectiveness(ruleset.evaluate([row("001", Y1)]))

    def test_unknown_period_blames_the_right_report(self, ruleset: pdrs_rules.Ruleset) -> None:
        """With two reports, the error says which of them lacks the period."""
        first, second = ruleset.evaluate([row("001", Y1)]), ruleset.evaluate([row("001", Y2)])
        with pytest.raises(PeriodError) as caught:
            effectiveness(first, second, after_period=Y1)
        assert caught.value.which == "after"
        with pytest.raises(PeriodError, match="has no findings") as caught:
            effectiveness(pdrs_rules.Report(first.ruleset), second)
        assert caught.value.which == "before"


def resolved(n: int) -> Effectiveness:
    items = [
        EffectItem(f"{k:03}", f"ОО {k}", "a", "Показатель А", "school_head", HEAD, "resolved")
        for k in range(n)
    ]
    return Effectiveness(Y1, Y2, tuple(items), indicators=[("a", "Показатель А")])


class TestRendering:
    @pytest.mark.parametrize(
        ("n", "summary"),
        [
            (1, "выполнена 1 рекомендация"),
            (2, "выполнено 2 рекомендации"),
            (5, "выполнено 5 рекомендаций"),
            (21, "выполнена 21 рекомендация"),
        ],
    )
    def test_summary_plurals(self, n: int, summary: str) -> None:
        """The summary agrees the verb and the noun with the number of resolved items."""
        lines = resolved(n).to_text().splitlines()
        assert lines[1] == f"Итого: {summary}, сохраняется 0, новых 0, не удалось оценить 0"
        assert lines[3] == f"{HEAD}: {summary}, сохраняется 0, новых 0, не удалось оценить 0"

    def test_text_of_two_periods(self, both: pdrs_rules.Report) -> None:
        """The text has the title, the summary, addressee and school headings and both texts."""
        text = effectiveness(both).to_text()
        lines = text.splitlines()
        assert lines[0] == "Анализ эффективности принятых мер: 2021/2022 → 2022/2023"
        assert lines[1] == (
            "Итого: выполнено 4 рекомендации, сохраняется 4, новых 2, не удалось оценить 3"
        )
        assert lines[3].startswith(f"{HEAD}: выполнено 4 рекомендации")
        assert lines[4] == "  МБОУ-СОШ № 1 (код 001)"
        assert lines[5] == (
            "    Доля педагогов, реализовавших ИОМ менее чем на 50%: выполнена "
            "(8,6% требует внимания → 0,0% норма)"
        )
        assert lines[6].startswith("      было: Обеспечить контроль за реализацией ИОМ")
        assert "      стало: Обеспечить консультативно-методическое" in text
        assert (
            "    Доля педагогов, принявших участие в профессиональных конкурсах: сохраняется, "
            "уровень не изменился (34,3% требует внимания → 34,3% требует внимания)" in lines
        )
        assert (
            "    Доля педагогов, работающих в рамках целевой программы наставничества: "
            "выполнена (нет данных → 51,4%)" in lines
        )
        assert "не удалось оценить (8,6% требует внимания → не применимо): знаменатель" in text
        assert text.index("(код 001)") < text.index("(код 002)") < text.index("(код 004)")

    def test_text_groups_by_addressee_title(self) -> None:
        """Addressees are headed by their titles, in alphabetical order of the titles."""
        teachers = rec(to="teachers", title="педагоги")
        result = compare_findings([finding(recs=(teachers,))], [finding(recs=(rec(),), period=Y2)])
        text = result.to_text()
        assert text.index("\nпедагоги: выполнена 1") < text.index(f"\n{HEAD}: выполнено 0")
        assert "новая (10,0% требует внимания → 10,0% требует внимания)" in text

    def test_json_round_trip(self, both: pdrs_rules.Report) -> None:
        """to_json is sorted, stable JSON of to_dict, and from_dict rebuilds an equal object."""
        result = effectiveness(both)
        data = result.to_dict()
        assert json.loads(result.to_json()) == data
        assert list(data) == sorted(data)
        assert all(list(item) == sorted(item) for item in data["items"])
        assert data["format"] == FORMAT == "pdrs-rules/effectiveness/1"
        assert data["counts"] == {"new": 2, "persists": 4, "resolved": 4, "unknown": 3}
        assert Effectiveness.from_dict(json.loads(result.to_json())) == result
        assert result.to_json() == effectiveness(both).to_json()

    def test_from_dict_refuses_another_format(self) -> None:
        """A document of another format is refused with both format ids."""
        with pytest.raises(ValueError, match="pdrs-rules/effectiveness/1"):
            Effectiveness.from_dict({"format": "pdrs-rules/findings/1"})

    def test_csv_rows_and_neutralisation(self) -> None:
        """One CSV row per item; cells that spreadsheets would run as formulas are quoted."""
        before = finding(recs=(rec("=HYPERLINK(1)"), rec("@SUM(1)")))
        after = attrs.evolve(before, period=Y2, school_name="+ОО", recommendations=(rec("-1"),))
        text = compare_findings([before], [after]).to_csv()
        assert text.endswith("\r\n")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 1
        assert rows[0]["school_name"] == "'+ОО"
        assert rows[0]["before_text"] == "'=HYPERLINK(1) | @SUM(1)"
        assert rows[0]["after_text"] == "'-1"
        assert (rows[0]["status"], rows[0]["level_change"]) == ("persists", "unchanged")
        assert (rows[0]["before_period"], rows[0]["after_period"]) == (Y1, Y2)

    def test_exported(self) -> None:
        """The package exports the analysis, its item and both entry points."""
        names = {"EffectItem", "Effectiveness", "compare_findings", "effectiveness"}
        assert names <= set(pdrs_rules.__all__)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path, ruleset: pdrs_rules.Ruleset, both: pdrs_rules.Report) -> Path:
    (tmp_path / "both.json").write_text(both.to_json(), encoding="utf-8")
    first = ruleset.evaluate([row("001", Y1)])
    (tmp_path / "y1.json").write_text(first.to_json(), encoding="utf-8")
    second = ruleset.evaluate([row("001", Y2, certified=11)])
    (tmp_path / "y2.json").write_text(second.to_json(), encoding="utf-8")
    return tmp_path


class TestCli:
    def test_two_files_text(self, files: Path) -> None:
        """`effect BEFORE AFTER` prints the Russian text and exits 0."""
        code, out, err = cli("effect", str(files / "y1.json"), str(files / "y2.json"))
        assert (code, err) == (ExitCode.OK, "")
        assert out.splitlines()[:2] == [
            "Анализ эффективности принятых мер: 2021/2022 → 2022/2023",
            "Итого: выполнена 1 рекомендация, сохраняется 2, новых 0, не удалось оценить 0",
        ]

    def test_one_file_with_periods_json(self, files: Path, both: pdrs_rules.Report) -> None:
        """`--from`/`--to` pick the periods of one file; `--format json` is to_json."""
        path = str(files / "both.json")
        code, out, _ = cli("effect", path, "--from", Y1, "--to", Y2, "--format", "json")
        assert code == ExitCode.OK
        assert out == effectiveness(both).to_json()

    def test_csv_to_a_file(self, files: Path) -> None:
        """`-o` writes the output to the file, not to standard output, and leaves no temp file."""
        target = files / "out.csv"
        code, out, _ = cli("effect", str(files / "both.json"), "--format", "csv", "-o", str(target))
        assert (code, out) == (ExitCode.OK, "")
        assert target.read_text(encoding="utf-8").startswith("before_period,after_period,to,")
        assert not list(files.glob(".out.csv.*"))

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (None, "No such file or directory"),
            ("not json", "not JSON: Expecting value"),
            ("[1]", "not a JSON object"),
            ('{"format": "x"}', "format is 'x', expected 'pdrs-rules/findings/1'"),
            ('{"format": "pdrs-rules/findings/1"}', "not a valid findings document: no key"),
        ],
    )
    def test_unreadable_files(self, tmp_path: Path, content: str | None, message: str) -> None:
        """A file that is missing or not a findings document: one line `file: message`, exit 3."""
        path = tmp_path / "in.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        code, out, err = cli("effect", str(path))
        assert (code, out) == (ExitCode.INVALID, "")
        assert err.startswith(f"{path}: ")
        assert message in err
        assert err.count("\n") == 1
        assert "Traceback" not in err

    @pytest.mark.parametrize(
        ("content", "english", "russian"),
        [
            (
                "[" * 100_000,
                "not JSON: nested deeper than 50 levels (line 1, column 51)",
                "не JSON: вложенность глубже 50 уровней (строка 1, столбец 51)",
            ),
            (
                '{"a": NaN}',
                "not JSON: NaN is not a number JSON allows (line 1, column 7)",
                "не JSON: NaN — не число в смысле JSON (строка 1, столбец 7)",
            ),
            (
                "[" + "1" * 31 + "]",
                "not JSON: a number has 31 digits, more than 30 (line 1, column 2)",
                "не JSON: в числе 31 цифра, больше 30 (строка 1, столбец 2)",
            ),
            (
                b"\xff",
                "not UTF-8 text",
                "текст не в кодировке UTF-8",
            ),
            (
                _document(level=["warning"]),
                "'level' is a list; expected text",
                "'level' — это список; ожидалось: текст",
            ),
            (
                _document(school_name="Школа \ud800"),
                "'school_name' has half of a character (a lone surrogate)",
                "в «school_name» — половина символа (одиночный суррогат)",
            ),
            (
                _document(outcome="exploded"),
                (
                    "'outcome' is 'exploded'; expected one of: evaluated, no_data, "
                    "not_applicable, out_of_range, insufficient_history"
                ),
                (
                    "'outcome' — это 'exploded'; ожидалось одно из: evaluated, no_data, "
                    "not_applicable, out_of_range, insufficient_history"
                ),
            ),
            (
                _document(findings=[1]),
                "'findings' holds a number; expected objects",
                "«findings» содержит число; ожидалось: объекты",
            ),
            (
                '{"format": "pdrs-rules/findings/1", "ruleset": {"id": 1, "version": "1"}}',
                "'id' is a number; expected text",
                "'id' — это число; ожидалось: текст",
            ),
        ],
    )
    @pytest.mark.parametrize("lang", ["en", "ru"])
    def test_hostile_files(
        self, tmp_path: Path, content: str | bytes, english: str, russian: str, lang: str
    ) -> None:
        """Deep, non-numeric, long-numbered, non-UTF-8 or mistyped: one line, in --lang, exit 3."""
        path = tmp_path / "in.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        code, out, err = cli("effect", str(path), "--lang", lang)
        assert (code, out) == (ExitCode.INVALID, "")
        assert err == f"{path}: {english if lang == 'en' else russian}\n"

    @pytest.mark.parametrize("kind", ["named pipe", "sparse 3 GB"])
    def test_files_refused_unread(self, tmp_path: Path, kind: str) -> None:
        """A named pipe is not waited on, a file reporting 3 GB is not read: exit 3, one line."""
        path = tmp_path / "in.json"
        if kind == "named pipe":
            os.mkfifo(path)
            expected = "not a regular file (a named pipe)"
        else:
            with path.open("wb") as stream:
                stream.truncate(3_000_000_000)
            expected = (
                "the file is 3000000000 bytes; a findings document may have at most 104857600 bytes"
            )
        assert cli("effect", str(path)) == (ExitCode.INVALID, "", f"{path}: {expected}\n")

    def test_period_error_in_russian(self, files: Path) -> None:
        """With --lang ru, a period that is not there is named in Russian."""
        code, _, err = cli("effect", str(files / "both.json"), "--from", "1999", "--lang", "ru")
        assert code == ExitCode.USAGE
        assert err.startswith(f"{files / 'both.json'}: нет результатов за период «1999» (периоды: ")

    @pytest.mark.parametrize(
        ("args", "blamed", "message"),
        [
            (["both.json", "--from", "1999"], "both.json", "no findings for period '1999'"),
            (["y1.json"], "y1.json", "one period only"),
            (["y1.json", "y2.json", "--to", Y1], "y2.json", "no findings for period '2021/2022'"),
        ],
    )
    def test_period_errors(self, files: Path, args: list[str], blamed: str, message: str) -> None:
        """A period that is missing is a usage error naming the file: exit 2, one line."""
        argv = [str(files / a) if a.endswith(".json") else a for a in args]
        target = files / "never.txt"
        code, out, err = cli("effect", *argv, "-o", str(target))
        assert (code, out) == (ExitCode.USAGE, "")
        assert err.startswith(f"{files / blamed}: ")
        assert message in err
        assert err.count("\n") == 1
        assert not target.exists()

    def test_help_lists_the_command(self) -> None:
        """`pdrs-rules --help` lists `effect`."""
        code, out, _ = cli("--help")
        assert code == ExitCode.OK
        assert "effect" in out


def test_docs_worked_example_is_what_the_command_prints(tmp_path: Path) -> None:
    """docs/effectiveness.md's example output is exactly what `effect` prints for its tables."""
    text = (ROOT / "docs" / "effectiveness.md").read_text(encoding="utf-8")
    example = text[text.index("## Worked example") : text.index("## Command line")]
    blocks = re.findall(r"```(\w*)\n(.*?)```", example, re.DOTALL)
    tables = [body for lang, body in blocks if lang == "csv"]
    (expected,) = [body for lang, body in blocks if lang == "text"]
    assert len(tables) == 2
    outputs = []
    for year, table in zip(("2022", "2023"), tables, strict=True):
        facts, output = tmp_path / f"facts-{year}.csv", tmp_path / f"{year}.json"
        facts.write_text(table, encoding="utf-8")
        code, _, err = cli(
            "evaluate", str(RULESET), str(facts), "--format", "json", "-o", str(output)
        )
        assert (code, err) == (ExitCode.OK, "")
        outputs.append(str(output))
    code, out, _ = cli("effect", *outputs)
    assert code == ExitCode.OK
    assert out == expected
