"""The columnar baseline: the same 30 formulas and bands as polars expressions written by hand.

This is what a polars user would write for the benchmark ruleset without pdrs-rules: a formula
per indicator, null for missing data, a division by zero as "not applicable", the domain check
and a `when` chain for the bands. pdrs-rules' columnar engine is measured against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import polars as pl
from generate import FACTS, INDICATORS, domain, uppers

from pdrs_rules._engine._program import EVALUATED, NO_DATA, NOT_APPLICABLE, OUT_OF_RANGE

Columns = Mapping[str, pl.Expr]

# The formulas whose lambdas call Python functions; the others work on expressions as written.
_BY_HAND: Mapping[str, Callable[[Columns], pl.Expr]] = {
    "staff_gap": lambda f: f["vacancies"] + _at_least_zero(f["pensioners"] - f["young"]),
    "contests_no_prize": lambda f: (f["contests"] - f["winners"]).abs(),
    "courses_per_teacher": lambda f: (f["courses"] / f["teachers"]).round(
        2, mode="half_away_from_zero"
    ),
    "growth_share": lambda f: (
        pl.when(f["diagnosed"].is_null() | f["iom_developed"].is_null())
        .then(None)
        .when(f["iom_developed"] > f["diagnosed"])
        .then(f["iom_developed"])
        .otherwise(f["diagnosed"])
        * 100
        / f["teachers"]
    ),
}


def _at_least_zero(value: pl.Expr) -> pl.Expr:
    # max_horizontal skips nulls; a missing fact must stay missing.
    return pl.when(value < 0).then(0).otherwise(value)


def expressions() -> list[pl.Expr]:
    """Value, outcome and band columns (``v_ID``, ``s_ID``, ``b_ID``) for every indicator."""
    columns = {name: pl.col(name) for name, _ in FACTS}
    out: list[pl.Expr] = []
    for spec in INDICATORS:
        formula = _BY_HAND.get(spec.id, spec.by_hand)
        value = formula(columns).cast(pl.Float64)
        low, high = domain(spec)
        band: Any = pl
        for index, (edge, inclusive) in enumerate(uppers(spec)):
            band = band.when(value <= edge if inclusive else value < edge).then(index)
        outcome = (
            pl.when(value.is_null())
            .then(NO_DATA)
            .when(~value.is_finite())
            .then(NOT_APPLICABLE)
            .when((value < low) | (value > high))
            .then(OUT_OF_RANGE)
            .otherwise(EVALUATED)
        )
        out += [
            pl.when(outcome.is_in([EVALUATED, OUT_OF_RANGE])).then(value).alias(f"v_{spec.id}"),
            outcome.alias(f"s_{spec.id}"),
            pl.when(outcome == EVALUATED)
            .then(band.otherwise(2))
            .otherwise(-1)
            .alias(f"b_{spec.id}"),
        ]
    return out


def read_facts(path: Path) -> pl.DataFrame:
    """The benchmark's facts CSV, columns renamed to the fact names."""
    frame = pl.read_csv(path, separator=";", schema_overrides={"Код ОО": pl.String})
    return frame.rename({column: name for name, column in FACTS})


def score(frame: pl.DataFrame) -> pl.DataFrame:
    """Every indicator's value, outcome and band, by hand."""
    return frame.select(expressions())


def end_to_end(facts: Path, out: Path) -> None:
    """The Parquet floor: read the CSV, compute the same values and bands, write Parquet."""
    score(read_facts(facts)).write_parquet(out)


def disagreements(ours: pl.DataFrame, slots: Mapping[str, int], theirs: pl.DataFrame) -> list[str]:
    """Where pdrs-rules' columnar engine and the hand-written expressions differ.

    ``ours`` is score_frame's table (columns by evaluation slot), ``theirs`` this module's.
    Values are compared where both computed one; round() rounds halves of the decimal as
    written in pdrs-rules and of the binary float in polars, so that value may differ by 0.01.
    """
    problems = []
    for spec in INDICATORS:
        slot = slots[spec.id]
        for mine, other in ((f"s{slot}", f"s_{spec.id}"), (f"b{slot}", f"b_{spec.id}")):
            differ = (ours[mine].cast(pl.Int64) != theirs[other].cast(pl.Int64)).sum()
            if differ:
                problems.append(f"{spec.id}: {mine} differs in {differ} rows")
        tolerance = 0.011 if spec.id == "courses_per_teacher" else 0.0
        value = (ours[f"v{slot}"].cast(pl.Float64) - theirs[f"v_{spec.id}"]).abs()
        differ = (value > tolerance).sum()
        if differ:
            problems.append(f"{spec.id}: values differ in {differ} rows")
    return problems
