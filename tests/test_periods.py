"""One reporting period and its history: what is reported, what only feeds previous() and trends."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import attrs
import pytest

import pdrs_rules
from pdrs_rules import Outcome, Report, School
from pdrs_rules._engine import _run
from pdrs_rules._engine._run import _Run
from pdrs_rules.cli import run as cli_run
from pdrs_rules.errors import FactsInvalid, ParameterError

ROOT = Path(__file__).resolve().parent.parent

RULESET = """format: pdrs-rules/1
id: t
title: Т
version: "1"
group: {id: mo, name: Район}
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
  mentors: {title: Наставники, type: integer, min: 0}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    no_data: {to: school_head, text: "Предоставить данные ({missing})."}
    bands:
      - {level: warning, below: 50}
      - {level: ok, at_least: 50}
  mentor_share:
    title: Доля наставников
    formula: share(mentors, teachers)
    unit: "%"
    no_data: {to: school_head, text: "Предоставить данные ({missing})."}
    bands:
      - {level: ok, at_least: 0}
  pk_change:
    title: Изменение доли ПК
    formula: pk - previous(pk)
    unit: number
    precision: 1
    bands:
      - {level: warning, below: 0}
      - {level: ok, at_least: 0}
aggregates:
  pk_mo: {title: Доля ПК по МО, of: pk}
conclusions:
  pk_mo_c:
    title: Доля ПК по МО
    formula: pk_mo
    unit: "%"
    bands:
      - {level: ok, at_least: 0}
"""
SINGLE = """format: pdrs-rules/1
id: s
title: S
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Прошли ПК, type: integer, min: 0}
indicators:
  pk:
    title: Доля ПК
    formula: share(trained, teachers)
    unit: "%"
    bands:
      - {level: ok, at_least: 0}
"""


def rows() -> list[dict[str, Any]]:
    """Three years; the two history years carry only the facts previous(pk) needs."""
    return [
        {"period": "2021", "id": "1", "name": "СОШ № 1", "teachers": 20, "trained": 8},
        {"period": "2022", "id": "1", "name": "СОШ № 1", "teachers": 20, "trained": 12},
        {"period": "2023", "id": "1", "name": "СОШ № 1", "teachers": 20, "trained": 9,
         "mentors": 2},
        {"period": "2022", "id": "2", "name": "СОШ № 2", "teachers": 10, "trained": 5},
        {"period": "2023", "id": "2", "name": "СОШ № 2", "teachers": 10, "trained": 6,
         "mentors": 1},
    ]  # fmt: skip


def by_key(report: Report) -> dict[tuple[str, str, str], Any]:
    """Findings by (period, school, indicator)."""
    return {(f.period, f.school_id, f.indicator): f for f in report.findings}


class TestReportingPeriod:
    def test_latest_period_is_reported_and_history_is_not(self) -> None:
        """Only 2023 has findings; 2021 and 2022 are history, named in the report."""
        report = pdrs_rules.loads(RULESET).evaluate(rows())
        assert {f.period for f in (*report.findings, *report.conclusions)} == {"2023"}
        assert {a.period for a in report.aggregates} == {"2023"}
        assert (report.period, report.history) == ("2023", ("2021", "2022"))

    def test_history_feeds_previous(self) -> None:
        """pk_change in 2023 reads 2022: 100·9/20 − 100·12/20 = 45 − 60 = −15."""
        found = by_key(pdrs_rules.loads(RULESET).evaluate(rows()))
        assert found["2023", "1", "pk_change"].value == -15.0
        # School 2: 100·6/10 − 100·5/10 = 60 − 50 = 10.
        assert found["2023", "2", "pk_change"].value == 10.0

    def test_a_fact_missing_only_in_history_is_not_a_data_request(self) -> None:
        """`mentors` is empty in 2021 and 2022: no finding, no request for those years."""
        report = pdrs_rules.loads(RULESET).evaluate(rows())
        requests = [f for f in report.findings if f.outcome is Outcome.NO_DATA]
        assert requests == []
        assert "Предоставить данные" not in report.to_text()

    def test_all_periods_reports_every_period(self) -> None:
        """all_periods=True is the old behaviour: 2021 and 2022 are reported too."""
        report = pdrs_rules.loads(RULESET).evaluate(rows(), all_periods=True)
        found = by_key(report)
        assert found["2021", "1", "mentor_share"].outcome is Outcome.NO_DATA
        assert found["2021", "1", "pk_change"].outcome is Outcome.INSUFFICIENT_HISTORY
        assert (report.period, report.history) == ("2023", ())

    def test_an_earlier_period_reads_only_its_own_history(self) -> None:
        """period="2022": 2023 is not read; 2022's change is 60 − 40 = 20 for school 1."""
        report = pdrs_rules.loads(RULESET).evaluate(rows(), period="2022")
        found = by_key(report)
        assert {f.period for f in report.findings} == {"2022"}
        assert found["2022", "1", "pk_change"].value == 20.0
        assert found["2022", "2", "pk_change"].outcome is Outcome.INSUFFICIENT_HISTORY
        assert report.history == ("2021",)

    def test_unknown_period_is_refused_with_the_periods(self) -> None:
        """A period the facts lack is a ParameterError naming the ones they have."""
        with pytest.raises(ParameterError) as caught:
            pdrs_rules.loads(RULESET).evaluate(rows(), period="2024")
        assert caught.value.code == "unknown-period"
        assert caught.value.message == (
            "period '2024' is not known (periods: 2021, 2022, 2023); did you mean '2023'?"
        )

    def test_single_level_reports_the_latest_period(self) -> None:
        """A ruleset without history still reports one period; iter_findings streams it."""
        ruleset = pdrs_rules.loads(SINGLE)
        assert {f.period for f in ruleset.evaluate(rows()).findings} == {"2023"}
        streamed = list(ruleset.iter_findings(rows(), period="2022"))
        assert [(f.period, f.school_id) for f in streamed] == [("2022", "1"), ("2022", "2")]

    def test_the_text_header_names_the_reporting_period(self) -> None:
        """«Отчётный период: 2023; предыдущие периоды (история): 2021, 2022»."""
        text = pdrs_rules.loads(RULESET).evaluate(rows()).to_text()
        assert "Отчётный период: 2023; предыдущие периоды (история): 2021, 2022" in text

    def test_json_carries_the_periods_and_reads_back(self) -> None:
        """`period` and `history_periods` are written and read back."""
        report = pdrs_rules.loads(RULESET).evaluate(rows())
        data = json.loads(report.to_json())
        assert (data["period"], data["history_periods"]) == ("2023", ["2021", "2022"])
        assert Report.from_json(report.to_json()) == report


class TestSeveralFiles:
    def write(self, folder: Path, name: str, text: str) -> Path:
        """A CSV facts file."""
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def test_one_file_per_period_by_mapping(self, tmp_path: Path) -> None:
        """{period: file}: the rows take the key's period; 2023's change is 45 − 60 = −15."""
        first = self.write(tmp_path, "a.csv", "id;name;teachers;trained\n1;СОШ № 1;20;12\n")
        second = self.write(
            tmp_path, "b.csv", "id;name;teachers;trained;mentors\n1;СОШ № 1;20;9;2\n"
        )
        report = pdrs_rules.loads(RULESET).evaluate({"2022": first, "2023": second})
        assert by_key(report)["2023", "1", "pk_change"].value == -15.0
        assert report.history == ("2022",)

    def test_files_with_their_own_period_column(self, tmp_path: Path) -> None:
        """A list of files: each row's period comes from its period column."""
        first = self.write(tmp_path, "a.csv", "period;id;name;teachers;trained\n2022;1;А;20;12\n")
        second = self.write(
            tmp_path, "b.csv", "period;id;name;teachers;trained;mentors\n2023;1;А;20;9;1\n"
        )
        report = pdrs_rules.loads(RULESET).evaluate([first, second])
        assert by_key(report)["2023", "1", "pk_change"].value == -15.0

    def test_ids_without_their_zeros_are_those_of_the_earlier_file(self, tmp_path: Path) -> None:
        """2023's Excel dropped the zeros of «001»: the school keeps its history, with a warning."""
        first = self.write(tmp_path, "a.csv", "id;name;teachers;trained\n001;СОШ № 1;20;12\n")
        second = self.write(
            tmp_path, "b.csv", "id;name;teachers;trained;mentors\n1;СОШ № 1;20;9;2\n"
        )
        report = pdrs_rules.loads(RULESET).evaluate({"2022": first, "2023": second})
        assert by_key(report)["2023", "001", "pk_change"].value == -15.0
        (warning,) = [w for w in report.warnings if w.code == "id-normalised"]
        assert warning.location.file == str(second)
        assert warning.message.endswith("'1' → '001'")
        assert warning.localized("ru").message.startswith(
            "1 код ОО записан без ведущих нулей, в отличие от файлов прежних периодов; "
            "сопоставлено с ними: '1' → '001'"
        )

    def test_a_column_missing_in_the_reporting_file_is_refused(self, tmp_path: Path) -> None:
        """A history file may lack `mentors`; the file of the reporting period may not."""
        first = self.write(tmp_path, "a.csv", "period;id;name;teachers;trained\n2022;1;А;20;12\n")
        second = self.write(tmp_path, "b.csv", "period;id;name;teachers;trained\n2023;1;А;20;9\n")
        ruleset = pdrs_rules.loads(RULESET)
        with pytest.raises(FactsInvalid) as caught:
            ruleset.evaluate([first, second])
        (problem,) = caught.value.diagnostics
        assert (problem.code, problem.location.file) == ("missing-column", str(second))
        # Reporting 2022, it is the 2022 file that must have the column.
        with pytest.raises(FactsInvalid) as caught:
            ruleset.evaluate([first, second], period="2022")
        assert caught.value.diagnostics[0].location.file == str(first)

    def test_a_row_of_another_period_is_refused(self, tmp_path: Path) -> None:
        """A file given for 2023 whose period column says 2022 is a period-mismatch."""
        path = self.write(
            tmp_path, "a.csv", "period;id;name;teachers;trained;mentors\n2022;1;А;20;12;1\n"
        )
        with pytest.raises(FactsInvalid) as caught:
            pdrs_rules.loads(RULESET).evaluate({"2023": path})
        assert [d.code for d in caught.value.diagnostics] == ["period-mismatch"]
        assert "file was" not in caught.value.diagnostics[0].message
        assert "given for period '2023'" in caught.value.diagnostics[0].message

    def test_a_school_twice_in_one_period_is_refused(self, tmp_path: Path) -> None:
        """The same school in the same period in two files is a duplicate-school."""
        head = "period;id;name;teachers;trained;mentors\n"
        first = self.write(tmp_path, "a.csv", head + "2023;1;А;20;12;1\n")
        second = self.write(tmp_path, "b.csv", head + "2023;1;А;20;9;1\n")
        with pytest.raises(FactsInvalid) as caught:
            pdrs_rules.loads(RULESET).evaluate([first, second])
        (problem,) = caught.value.diagnostics
        assert problem.code == "duplicate-school"
        assert f"file {str(first)!r} and file {str(second)!r}" in problem.message

    def test_command_line_period_equals_file(self, tmp_path: Path) -> None:
        """`evaluate R 2022=a.csv 2023=b.csv` reports 2023 with 2022 as history."""
        ruleset = self.write(tmp_path, "r.yaml", RULESET)
        self.write(tmp_path, "a.csv", "id;name;teachers;trained\n1;СОШ № 1;20;12\n")
        self.write(tmp_path, "b.csv", "id;name;teachers;trained;mentors\n1;СОШ № 1;20;9;2\n")
        out, err = io.StringIO(), io.StringIO()
        argv = [
            "evaluate",
            str(ruleset),
            f"2022={tmp_path / 'a.csv'}",
            f"2023={tmp_path / 'b.csv'}",
            "--format",
            "json",
        ]
        assert cli_run(argv, out, err) == 0, err.getvalue()
        data = json.loads(out.getvalue())
        assert data["history_periods"] == ["2022"]
        change = next(f for f in data["findings"] if f["indicator"] == "pk_change")
        assert change["value"] == -15.0

    def test_command_line_mixing_is_a_usage_error(self, tmp_path: Path) -> None:
        """Some files with PERIOD=, some without: exit 2 with a clear message."""
        ruleset = self.write(tmp_path, "r.yaml", RULESET)
        plain = self.write(tmp_path, "a.csv", "period;id;name;teachers;trained\n2022;1;А;20;12\n")
        out, err = io.StringIO(), io.StringIO()
        argv = ["evaluate", str(ruleset), str(plain), f"2023={plain}"]
        assert cli_run(argv, out, err) == 2
        assert "give every facts file its period (PERIOD=FILE) or none of them" in err.getvalue()

    def test_command_line_unknown_period(self, tmp_path: Path) -> None:
        """`--period 2030` is a usage error listing the periods of the facts."""
        ruleset = self.write(tmp_path, "r.yaml", RULESET)
        facts = self.write(
            tmp_path, "a.csv", "period;id;name;teachers;trained;mentors\n2022;1;А;20;12;1\n"
        )
        out, err = io.StringIO(), io.StringIO()
        argv = ["evaluate", str(ruleset), str(facts), "--period", "2030", "--lang", "en"]
        assert cli_run(argv, out, err) == 2
        assert err.getvalue() == (
            "pdrs-rules evaluate: error: period '2030' is not known (periods: 2022)\n"
        )

    def test_jsonl_stream_reports_one_period(self, tmp_path: Path) -> None:
        """The streamed JSON Lines of a single-level ruleset hold the reporting period only."""
        ruleset = self.write(tmp_path, "r.yaml", SINGLE)
        facts = self.write(
            tmp_path,
            "a.csv",
            "period;id;name;teachers;trained\n2022;1;А;20;12\n2023;1;А;20;9\n2023;2;Б;10;1\n",
        )
        out, err = io.StringIO(), io.StringIO()
        assert cli_run(["evaluate", str(ruleset), str(facts), "--format", "jsonl"], out, err) == 0
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [(d["period"], d["school_id"]) for d in lines] == [("2023", "1"), ("2023", "2")]
        out = io.StringIO()
        argv = ["evaluate", str(ruleset), str(facts), "--format", "jsonl", "--all-periods"]
        assert cli_run(argv, out, err) == 0
        assert len(out.getvalue().splitlines()) == 3


class TestGroupRows:
    def test_rows_after_the_reporting_period_are_not_unused(self) -> None:
        """A group row of 2023 has schools in the facts: no warning when reporting 2022."""
        text = RULESET.replace(
            "  mentors: {title: Наставники, type: integer, min: 0}\n",
            "  mentors: {title: Наставники, type: integer, min: 0}\n"
            "  events: {title: Мероприятия, type: integer, level: group}\n",
        ).replace("    formula: pk_mo\n", "    formula: pk_mo + events * 0\n")
        group = [
            {"id": "mo", "period": "2022", "events": 1},
            {"id": "mo", "period": "2023", "events": 2},
            {"id": "mo", "period": "2030", "events": 3},
        ]
        report = pdrs_rules.loads(text).evaluate(rows(), group_facts=group, period="2022")
        warned = [(w.code, w.message) for w in report.warnings]
        message = (
            "group 'mo' in period '2030' has no schools in the facts; its group facts are not used"
        )
        assert warned == [("unused-group-row", message)]


def long_history(path: Path, periods: int, seed: int) -> list[School]:
    """The ruleset's shipped facts, repeated over ``periods`` periods with varied counts."""
    ruleset = pdrs_rules.load(path)
    schools = ruleset.read_facts(path.with_name(path.stem + ".facts.csv")).schools
    latest = max(s.period for s in schools)
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    out = []
    for index in range(periods):
        for school in (s for s in schools if s.period == latest):
            facts = {
                name: (
                    max(0, value + rng.randint(-3, 3))
                    if isinstance(value, int) and not isinstance(value, bool)
                    else value
                )
                for name, value in school.facts.items()
            }
            out.append(attrs.evolve(school, facts=facts, period=f"{2010 + index}"))
    return out


def reported_part(report: Report) -> tuple[Any, ...]:
    """What a report says of its reporting period."""
    period = report.period
    return (
        [f for f in report.findings if f.period == period],
        [f for f in report.conclusions if f.period == period],
        [a for a in report.aggregates if a.period == period],
        [s for s in report.scores if s.period == period],
    )


class TestHistoryWindow:
    @pytest.mark.parametrize(
        "name", ["dalnerechensk-2022-2025", "sasovo-2017-2019", "priozernaya-region-2024"]
    )
    def test_a_long_history_gives_what_the_whole_history_gives(self, name, monkeypatch):
        """History kept as values, and only as far back as trends look, changes no finding."""
        path = ROOT / "rulesets" / f"{name}.yaml"
        rows = long_history(path, periods=9, seed=5)
        ruleset = pdrs_rules.load(path)
        assert ruleset.compiled.trends
        window = reported_part(ruleset.evaluate(rows))
        # The reference: every period reported (findings with texts) and none forgotten.
        monkeypatch.setattr(_run, "forget", lambda *_: None)
        whole = reported_part(ruleset.evaluate(rows, all_periods=True))
        assert window == whole
        assert window[0]
        assert window[1]

    def test_a_window_too_short_would_be_seen(self, monkeypatch):
        """The comparison above can fail: a history of one period changes the trends."""
        path = ROOT / "rulesets" / "dalnerechensk-2022-2025.yaml"
        rows = long_history(path, periods=6, seed=5)
        ruleset = pdrs_rules.load(path)
        whole = reported_part(ruleset.evaluate(rows))
        original = _Run.__init__

        def short(self: _Run, *args: Any) -> None:
            original(self, *args)
            self.kept = 1

        monkeypatch.setattr(_Run, "__init__", short)
        assert reported_part(pdrs_rules.load(path).evaluate(rows)) != whole
