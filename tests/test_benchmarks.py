"""The benchmark's generator and agreement check, on a tiny size, so they cannot rot unnoticed."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules import cli
from pdrs_rules._documents._pages import PAGE_BYTES_AT_MOST

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch, tmp_path):
    """The benchmark modules, imported as `python benchmarks/run.py` imports them."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    generate = importlib.import_module("generate")
    baselines = importlib.import_module("baselines")
    ruleset_path = tmp_path / "bench.yaml"
    ruleset_path.write_text(generate.ruleset_yaml(), encoding="utf-8")
    facts_path = tmp_path / "facts.csv"
    generate.write_facts(facts_path, 300, seed=7, periods=2)
    return generate, baselines, ruleset_path, facts_path


class TestGenerator:
    def test_ruleset_is_valid_with_thirty_indicators(self, bench):
        """The generated ruleset loads without warnings and has 30 indicators of 3 bands."""
        _, _, ruleset_path, _ = bench
        ruleset = pdrs_rules.load(ruleset_path)
        assert (len(ruleset.indicators), ruleset.warnings) == (30, ())
        assert {len(ind.bands) for ind in ruleset.indicators.values()} == {3}

    def test_facts_are_seeded_with_zeros_and_missing_cells(self, bench):
        """The same seed gives the same rows; some cells are empty and some are zero."""
        generate, _, _, _ = bench
        rows = list(generate.school_rows(200, seed=7))
        assert rows == list(generate.school_rows(200, seed=7))
        cells = [
            v
            for row in rows
            for k, v in row.items()
            if k not in {"id", "name", "group", "group_name", "period"}
        ]
        assert None in cells
        assert 0 in cells


class TestAgreement:
    def test_pdrs_rules_and_baselines_agree(self, bench):
        """Values, outcomes and bands are the same from pdrs-rules, lambdas and simpleeval."""
        _, baselines, ruleset_path, facts_path = bench
        ruleset = pdrs_rules.load(ruleset_path)
        schools = ruleset.read_facts(facts_path).schools
        assert baselines.disagreements(ruleset.evaluator(), schools) == []

    def test_disagreement_is_reported(self, bench, monkeypatch):
        """A baseline that computes something else is caught, naming school and indicator."""
        generate, baselines, ruleset_path, facts_path = bench
        ruleset = pdrs_rules.load(ruleset_path)
        schools = ruleset.read_facts(facts_path).schools
        wrong = [(lambda _f: 1e9, *rest) for _, *rest in baselines._TABLE]
        monkeypatch.setattr(baselines, "_TABLE", tuple(wrong))
        problems = baselines.disagreements(ruleset.evaluator(), schools, limit=3)
        assert len(problems) == 3
        assert generate.INDICATORS[0].id in problems[0]


class TestJsonLines:
    def test_jsonl_is_the_json_findings_in_input_order(self, bench, tmp_path):
        """Every line of --format jsonl is a finding of --format json; only the order differs."""
        _, _, ruleset_path, facts_path = bench
        out = tmp_path / "out.jsonl"
        # Both periods are reported (--all-periods): by default only the latest would be.
        argv = ["evaluate", str(ruleset_path), str(facts_path), "--format", "jsonl"]
        assert cli.main([*argv, "--all-periods", "-o", str(out)]) == 0
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        report = pdrs_rules.load(ruleset_path).evaluate(facts_path, all_periods=True)
        expected = json.loads(report.to_json())["findings"]
        key = json.dumps
        assert sorted(map(key, lines)) == sorted(map(key, expected))
        assert lines[0]["period"] == "2022/2023"
        assert lines[-1]["period"] == "2023/2024"


class TestMultiLevelLines:
    @pytest.mark.parametrize("all_periods", [False, True], ids=["reporting", "all-periods"])
    def test_lines_are_the_report_written_group_by_group(self, bench, tmp_path, all_periods):
        """A multi-level run's lines are to_jsonl's lines; findings come group after group."""
        generate, _, _, _ = bench
        ruleset_path = tmp_path / "mo.yaml"
        ruleset_path.write_text(generate.municipal_ruleset_yaml(), encoding="utf-8")
        facts = tmp_path / "mo.csv"
        generate.write_facts(facts, 60, seed=5, periods=3)  # four МО of up to 17 schools
        out = tmp_path / "out.jsonl"
        argv = ["evaluate", str(ruleset_path), str(facts), "--format", "jsonl", "-o", str(out)]
        assert cli.main([*argv, "-q", *(["--all-periods"] if all_periods else [])]) == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        ruleset = pdrs_rules.load(ruleset_path)
        report = ruleset.evaluate(facts, all_periods=all_periods)
        expected = report.to_jsonl().splitlines()
        assert sorted(lines) == sorted(expected)
        findings = [json.loads(line) for line in lines if '"kind"' not in line]
        assert len(findings) == len(report.findings)
        # The conclusions, aggregates and scores follow the findings, in the report's order.
        assert lines[len(findings) :] == expected[len(report.findings) :]
        group_of = {(s.period, s.id): s.group for s in ruleset.read_facts(facts).schools}
        order = [(f["period"], group_of[f["period"], f["school_id"]]) for f in findings]
        assert order == sorted(order)
        assert len(set(order)) > 1

    def test_fail_on_reads_the_streamed_findings(self, bench, tmp_path):
        """--fail-on gives the same exit code streamed (jsonl) as from a whole report (json)."""
        generate, _, _, _ = bench
        ruleset_path = tmp_path / "mo.yaml"
        ruleset_path.write_text(generate.municipal_ruleset_yaml(), encoding="utf-8")
        facts = tmp_path / "mo.csv"
        generate.write_facts(facts, 40, seed=6, periods=2)
        streamed = []
        for level in pdrs_rules.load(ruleset_path).levels:
            argv = ["evaluate", str(ruleset_path), str(facts), "-q", "--fail-on", level.id]
            codes = [
                cli.main([*argv, "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")])
                for fmt in ("json", "jsonl")
            ]
            assert codes[0] == codes[1], level.id
            streamed.append(codes[1])
        # The mildest level is reached by any finding with a level: the last code is 1.
        assert streamed[-1] == 1


class TestReportPages:
    def test_a_report_of_many_schools_is_a_folder_of_pages(self, bench, tmp_path):
        """600 generated schools in МО of 17: a summary, a page per МО, each under the limit."""
        generate, _, ruleset_path, _ = bench
        facts = tmp_path / "600.csv"
        generate.write_facts(facts, 600, seed=4)
        out = tmp_path / "report"
        argv = ["report", str(ruleset_path), str(facts), "-o", f"{out}/", "-q"]
        assert cli.main(argv) == 0
        pages = sorted(p.name for p in out.iterdir())
        # 600 schools in groups of 17: 35 full МО and one of 5, a page each, and the summary.
        assert len(pages) == 36 + 1
        assert "index.html" in pages
        assert max(p.stat().st_size for p in out.iterdir()) < PAGE_BYTES_AT_MOST
        summary = (out / "index.html").read_text("utf-8")
        assert summary.count('class="chart distribution"') == 30
        assert "Худшие значения:" in summary


class TestColumnarBaseline:
    def test_hand_written_polars_agrees_with_the_columnar_engine(self, bench):
        """The hand-written polars expressions compute what pdrs-rules computes by column."""
        _, _, ruleset_path, facts_path = bench
        polars_baseline = importlib.import_module("polars_baseline")
        columnar = importlib.import_module("pdrs_rules._columnar._table")
        ruleset = pdrs_rules.load(ruleset_path)
        evaluator = ruleset.evaluator()
        names = evaluator.fact_names
        frame = columnar.fact_frame(ruleset.compiled, names, ruleset.read_facts(facts_path).schools)
        named = frame.rename({f"x{i}": name for i, name in enumerate(names)})
        ours, _ = columnar.score_frame(ruleset.compiled, evaluator.params, names, frame)
        slots = {ind.id: i for i, ind in enumerate(ruleset.compiled.indicators)}
        theirs = polars_baseline.score(named)
        assert polars_baseline.disagreements(ours, slots, theirs) == []
        # A baseline that computes something else is caught.
        wrong = theirs.with_columns(theirs[theirs.columns[0]] + 1)
        assert polars_baseline.disagreements(ours, slots, wrong) != []

    def test_the_parquet_floor_reads_the_generated_csv(self, bench, tmp_path):
        """The end-to-end floor reads the facts, scores them and writes a Parquet file."""
        _, _, _, facts_path = bench
        polars_baseline = importlib.import_module("polars_baseline")
        out = tmp_path / "floor.parquet"
        polars_baseline.end_to_end(facts_path, out)
        assert out.stat().st_size > 0

    def test_municipal_ruleset_is_valid(self, bench):
        """The multi-level benchmark ruleset loads without warnings and has every level."""
        generate, _, _, facts_path = bench
        ruleset = pdrs_rules.loads(generate.municipal_ruleset_yaml())
        assert ruleset.warnings == ()
        compiled = ruleset.compiled
        assert compiled.aggregates
        assert compiled.conclusions
        assert compiled.trends
        assert compiled.scoring is not None
        report = ruleset.evaluate(facts_path)
        assert report.scores
        assert report.conclusions
