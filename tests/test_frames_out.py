"""Tables out: Report.to_frame and --format parquet, with the columns docs/findings.md lists."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import pdrs_rules
from pdrs_rules import cli
from pdrs_rules.report._frames import (
    AGGREGATE_COLUMNS,
    FINDING_COLUMNS,
    SCORE_COLUMNS,
    MissingLibraryError,
)

ROOT = Path(__file__).resolve().parent.parent
ARMAVIR = ROOT / "rulesets" / "armavir-iom-2023"
DALNERECHENSK = ROOT / "rulesets" / "dalnerechensk-2022-2025"


@pytest.fixture(scope="module")
def armavir() -> pdrs_rules.Report:
    """The Armavir example's report: school findings, aggregates and conclusions."""
    ruleset = pdrs_rules.load(f"{ARMAVIR}.yaml")
    return ruleset.evaluate(f"{ARMAVIR}.facts.csv")


@pytest.fixture(scope="module")
def municipal() -> pdrs_rules.Report:
    """The Dalnerechensk report: three periods, trends and scores."""
    ruleset = pdrs_rules.load(f"{DALNERECHENSK}.yaml")
    return ruleset.evaluate(f"{DALNERECHENSK}.facts.csv", group_facts=f"{DALNERECHENSK}.group.csv")


class TestToFrame:
    def test_findings_are_one_row_each_with_the_finding_fields(self, armavir):
        """Each row carries its finding's value, level, band bounds and first text."""
        frame = armavir.to_frame()
        assert isinstance(frame, pl.DataFrame)
        assert frame.columns == [name for name, _, _ in FINDING_COLUMNS]
        assert frame.height == len(armavir.findings)
        for row, finding in zip(frame.iter_rows(named=True), armavir.findings, strict=True):
            assert (row["school_id"], row["indicator"]) == (finding.school_id, finding.indicator)
            assert row["outcome"] == finding.outcome.value
            assert row["value"] == finding.value
            assert row["level"] == finding.level
            assert row["band_index"] == (finding.band.index if finding.band else None)
            assert row["band_lower"] == (finding.band.lower if finding.band else None)
            assert row["recommendation_count"] == len(finding.recommendations)
            first = finding.recommendations[0] if finding.recommendations else None
            assert row["recommendation_text"] == (first.text if first else None)
            assert row["recommendation_to"] == (first.to if first else None)

    def test_kinds_and_libraries(self, municipal):
        """Aggregates, conclusions and scores come as pandas and pyarrow tables too."""
        aggregates = municipal.to_frame("aggregates", backend="pandas")
        assert isinstance(aggregates, pd.DataFrame)
        assert list(aggregates.columns) == [name for name, _, _ in AGGREGATE_COLUMNS]
        assert len(aggregates) == len(municipal.aggregates) > 0
        scores = municipal.to_frame("scores", backend="pyarrow")
        assert isinstance(scores, pa.Table)
        assert scores.column_names == [name for name, _, _ in SCORE_COLUMNS]
        assert scores.num_rows == len(municipal.scores) > 0
        conclusions = municipal.to_frame("conclusions")
        assert conclusions["indicator"].to_list() == [f.indicator for f in municipal.conclusions]

    def test_trend_findings_say_the_rule_that_matched(self, municipal):
        """A trend's band title and rule id are columns of their own."""
        frame = municipal.to_frame("conclusions")
        ruled = [f for f in municipal.conclusions if f.band is not None and f.band.rule]
        assert ruled
        for row, finding in zip(frame.iter_rows(named=True), municipal.conclusions, strict=True):
            band = finding.band
            assert row["band_rule"] == (band.rule if band else None)
            assert row["band_title"] == (band.title or None if band else None)

    def test_a_pivot_of_levels_by_school(self, armavir):
        """A pivot of levels, schools by indicators, has one cell per finding."""
        frame = armavir.to_frame(backend="pandas")
        pivot = frame.pivot_table(
            index="school_id", columns="indicator", values="level", aggfunc="first", dropna=False
        )
        finding = armavir.findings[4]
        assert pivot.loc[finding.school_id, finding.indicator] == finding.level
        assert pivot.shape == (
            len({f.school_id for f in armavir.findings}),
            len({f.indicator for f in armavir.findings}),
        )

    def test_unknown_kind_and_backend_are_value_errors(self, armavir):
        """A kind or a library that is not offered is named in a ValueError."""
        with pytest.raises(ValueError, match="unknown kind of table 'rows'"):
            armavir.to_frame("rows")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="unknown backend 'spark'"):
            armavir.to_frame(backend="spark")  # type: ignore[arg-type]

    def test_a_missing_library_names_the_pip_command(self, armavir, monkeypatch):
        """Without polars installed, asking for a polars table says how to install it."""
        monkeypatch.setitem(sys.modules, "polars", None)
        with pytest.raises(MissingLibraryError, match=r"pip install 'pdrs-rules\[columnar\]'"):
            armavir.to_frame()


class TestParquet:
    def test_findings_and_conclusions_in_the_file_the_rest_beside_it(self, tmp_path, municipal):
        """-o gets findings then conclusions; aggregates and scores get files of their own."""
        out = tmp_path / "run.parquet"
        argv = [
            "evaluate",
            f"{DALNERECHENSK}.yaml",
            f"{DALNERECHENSK}.facts.csv",
            "--group-facts",
            f"{DALNERECHENSK}.group.csv",
            "--format",
            "parquet",
            "-o",
            str(out),
        ]
        assert cli.main(argv) == 0
        findings = pl.read_parquet(out)
        expected = [f.indicator for f in (*municipal.findings, *municipal.conclusions)]
        assert findings["indicator"].to_list() == expected
        aggregates = pl.read_parquet(tmp_path / "run.aggregates.parquet")
        assert aggregates.equals(municipal.to_frame("aggregates"))
        scores = pl.read_parquet(tmp_path / "run.scores.parquet")
        assert scores.equals(municipal.to_frame("scores"))

    def test_a_ruleset_without_scores_writes_no_scores_file(self, tmp_path):
        """Only the tables a report has are written."""
        out = tmp_path / "a.parquet"
        argv = ["evaluate", f"{ARMAVIR}.yaml", f"{ARMAVIR}.facts.csv", "--format", "parquet"]
        assert cli.main([*argv, "-o", str(out)]) == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.aggregates.parquet", "a.parquet"]

    def test_parquet_needs_an_output_file(self):
        """Parquet is binary: without -o it is a usage error, in Russian with --lang ru."""
        stderr = io.StringIO()
        argv = ["evaluate", f"{ARMAVIR}.yaml", f"{ARMAVIR}.facts.csv", "--format", "parquet"]
        assert cli.run([*argv, "--lang", "ru"], io.StringIO(), stderr) == 2
        assert stderr.getvalue() == (
            "pdrs-rules evaluate: ошибка: --format parquet записывает файлы, а не выводит на "
            "экран; укажите -o ФАЙЛ.parquet\n"
        )

    def test_pyarrow_writes_it_without_polars(self, tmp_path, monkeypatch, armavir):
        """Without polars the same table is written with pyarrow."""
        monkeypatch.setitem(sys.modules, "polars", None)
        out = tmp_path / "a.parquet"
        argv = ["evaluate", f"{ARMAVIR}.yaml", f"{ARMAVIR}.facts.csv", "--format", "parquet"]
        assert cli.main([*argv, "-o", str(out)]) == 0
        monkeypatch.undo()
        expected = pl.concat([armavir.to_frame(), armavir.to_frame("conclusions")])
        assert pl.read_parquet(out).equals(expected)

    def test_without_polars_and_pyarrow_it_is_a_missing_extra(self, tmp_path, monkeypatch):
        """With neither library the run stops with missing-extra and writes nothing."""
        monkeypatch.setitem(sys.modules, "polars", None)
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        stderr = io.StringIO()
        out = tmp_path / "a.parquet"
        argv = ["evaluate", f"{ARMAVIR}.yaml", f"{ARMAVIR}.facts.csv", "--format", "parquet"]
        assert cli.run([*argv, "-o", str(out)], io.StringIO(), stderr) == 3
        assert "missing-extra: writing Parquet needs polars" in stderr.getvalue()
        assert list(tmp_path.iterdir()) == []


class TestDocumented:
    def test_every_column_is_documented(self):
        """docs/findings.md lists every column of every kind of table, in order."""
        text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
        section = text.split("## Tables", 1)[1].split("\n## ", 1)[0]
        documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
        expected = [
            name
            for columns in (FINDING_COLUMNS, AGGREGATE_COLUMNS, SCORE_COLUMNS)
            for name, _, _ in columns
        ]
        assert documented == expected
