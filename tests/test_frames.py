"""Tables of data libraries in: pandas, polars and pyarrow tables are facts like a CSV file."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import pdrs_rules
from pdrs_rules import FactsInvalid, Outcome

ROOT = Path(__file__).resolve().parent.parent
ARMAVIR = ROOT / "rulesets" / "armavir-iom-2023.yaml"
ARMAVIR_FACTS = ROOT / "rulesets" / "armavir-iom-2023.facts.csv"

RULESET = """
format: pdrs-rules/1
id: frames
title: Таблицы
version: "1"
entity: {id_column: Код, name_column: ОО}
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0, column: Всего педагогов}
  diagnosed: {title: Прошли диагностику, type: integer, min: 0, column: Диагностика}
  score: {title: Балл, type: number, column: Балл, required: false}
indicators:
  diag_share:
    title: Доля прошедших диагностику
    formula: share(diagnosed, teachers)
    unit: "%"
    bands:
      - {level: warning, below: 30}
      - {level: ok, at_least: 30}
  score_x2:
    title: Балл вдвое
    formula: score * 2
    unit: number
    bands:
      - {level: ok}
"""


@pytest.fixture(scope="module")
def ruleset() -> pdrs_rules.Ruleset:
    """The small ruleset above."""
    return pdrs_rules.loads(RULESET)


def _outcomes(report: pdrs_rules.Report) -> dict[tuple[str, str], Outcome]:
    return {(f.school_id, f.indicator): f.outcome for f in report.findings}


class TestLibraries:
    def test_pandas_polars_and_pyarrow_give_the_csv_report(self, tmp_path):
        """The Armavir facts as a pandas, polars and pyarrow table give the report of the CSV."""
        ruleset = pdrs_rules.load(ARMAVIR)
        frame = pd.read_csv(ARMAVIR_FACTS, sep=";", dtype={"Код ОО": str})
        # An empty cell: pandas holds it as NaN, the CSV as an empty field.
        frame.loc[1, "Наставничество"] = math.nan
        csv_file = tmp_path / "facts.csv"
        frame.to_csv(csv_file, sep=";", index=False)
        expected = ruleset.evaluate(csv_file)
        assert any(f.outcome is Outcome.NO_DATA for f in expected.findings)
        assert ruleset.evaluate(frame) == expected
        assert ruleset.evaluate(pl.from_pandas(frame)) == expected
        assert ruleset.evaluate(pa.Table.from_pandas(frame)) == expected
        assert ruleset.evaluate(pl.from_pandas(frame).lazy()) == expected

    def test_records_of_pandas_with_nan_are_no_data(self, ruleset):
        """``to_dict("records")`` carries NaN for an empty cell: that is no data, not an error."""
        frame = pd.DataFrame(
            {"Код": ["1", "2"], "ОО": ["A", "B"], "Всего педагогов": [10, 20]}
            | {"Диагностика": [3.0, math.nan], "Балл": [1.5, math.nan]}
        )
        report = ruleset.evaluate(frame.to_dict("records"))
        assert _outcomes(report) == {
            ("1", "diag_share"): Outcome.EVALUATED,
            ("1", "score_x2"): Outcome.EVALUATED,
            ("2", "diag_share"): Outcome.NO_DATA,
            ("2", "score_x2"): Outcome.NO_DATA,
        }
        # 100·3/10 = 30, at the threshold: ok.
        assert report.findings[0].value == 30.0


class TestMissingValues:
    @pytest.mark.parametrize(
        "missing",
        [None, math.nan, pd.NA, pd.NaT],
        ids=["None", "NaN", "pd.NA", "NaT"],
    )
    def test_every_missing_marker_of_pandas_is_no_data(self, ruleset, missing):
        """None, NaN, pd.NA and NaT in an object column all mean the school sent no value."""
        frame = pd.DataFrame(
            {
                "Код": ["1", "2"],
                "ОО": ["A", "B"],
                "Всего педагогов": [10, 10],
                "Диагностика": pd.Series([5, missing], dtype=object),
            }
        )
        report = ruleset.evaluate(frame)
        assert _outcomes(report)["2", "diag_share"] is Outcome.NO_DATA
        assert _outcomes(report)["1", "diag_share"] is Outcome.EVALUATED

    def test_polars_nan_and_null_are_no_data(self, ruleset):
        """In polars NaN is a value and null is missing; both mean no data here."""
        frame = pl.DataFrame(
            {
                "Код": ["1", "2", "3"],
                "ОО": ["A", "B", "C"],
                "Всего педагогов": [10, 10, 10],
                "Диагностика": [5, 5, 5],
                "Балл": [1.0, math.nan, None],
            }
        )
        outcomes = _outcomes(ruleset.evaluate(frame))
        assert [outcomes[s, "score_x2"] for s in "123"] == [
            Outcome.EVALUATED,
            Outcome.NO_DATA,
            Outcome.NO_DATA,
        ]


class TestColumns:
    def test_columns_may_be_fact_ids(self, ruleset):
        """Column names are headers or fact ids, as in a CSV file; an optional one may be absent."""
        frame = pl.DataFrame(
            {"Код": ["1"], "ОО": ["A"], "teachers": [40], "diagnosed": [10]},
        )
        report = ruleset.evaluate(frame)
        # 100·10/40 = 25.
        assert report.findings[0].value == 25.0

    def test_a_missing_required_column_is_reported(self, ruleset):
        """A table without a required column is refused like a CSV file, naming the column."""
        frame = pl.DataFrame({"Код": ["1"], "ОО": ["A"], "Всего педагогов": [40]})
        with pytest.raises(FactsInvalid) as caught:
            ruleset.evaluate(frame)
        assert "Диагностика" in str(caught.value.exceptions[0])
        assert caught.value.exceptions[0].location.file == "<table>"

    def test_a_column_name_that_is_not_text_is_reported(self, ruleset):
        """A pandas table may have integer column names; a header must be text."""
        frame = pd.DataFrame({"Код": ["1"], "ОО": ["A"], 0: [40]})
        with pytest.raises(FactsInvalid) as caught:
            ruleset.evaluate(frame)
        codes = {e.code for e in caught.value.exceptions}
        assert "syntax" in codes

    def test_read_facts_takes_a_table(self, ruleset):
        """``read_facts`` checks a table like a file and returns its schools."""
        frame = pa.table({"Код": ["7"], "ОО": ["Г"], "Всего педагогов": [4], "Диагностика": [1]})
        table = ruleset.read_facts(frame)
        assert [(s.id, s.facts["teachers"], s.facts["score"]) for s in table.schools] == [
            ("7", 4, None)
        ]

    def test_an_unreadable_library_object_is_a_type_error(self, ruleset):
        """An object that looks like a table but that narwhals cannot read raises TypeError."""

        class Table:
            def __arrow_c_stream__(self, requested_schema=None):
                raise NotImplementedError

        with pytest.raises(TypeError, match="expected a pandas, polars or pyarrow table"):
            ruleset.evaluate(Table())


class TestGroupFacts:
    def test_group_facts_may_be_a_table(self):
        """Group facts given as a polars table are read like a group facts file."""
        ruleset = pdrs_rules.load(ROOT / "rulesets" / "dalnerechensk-2022-2025.yaml")
        facts = ROOT / "rulesets" / "dalnerechensk-2022-2025.facts.csv"
        group_file = ROOT / "rulesets" / "dalnerechensk-2022-2025.group.csv"
        expected = ruleset.evaluate(facts, group_facts=group_file)
        delimiter = ";" if ";" in group_file.read_text(encoding="utf-8").splitlines()[0] else ","
        frame = pl.read_csv(group_file, separator=delimiter, infer_schema=False)
        assert expected.conclusions
        assert ruleset.evaluate(facts, group_facts=frame) == expected
