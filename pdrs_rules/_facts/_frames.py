"""Facts given as a table of a data library (pandas, polars, pyarrow, …), read through narwhals.

One layer for every library: narwhals knows each one's columns, dtypes and missing values, so a
pandas ``NaN``, ``NaT`` or ``pd.NA``, a polars null or ``NaN`` and an Arrow null all become
``None`` (no data), and the rows are then checked exactly like rows given as Python mappings.
This module and narwhals are imported on first use: ``import pdrs_rules`` does not pay for them.
"""

from __future__ import annotations

from typing import Any

from ._cells import is_missing

__all__ = ["frame_rows"]


def frame_rows(value: object) -> list[dict[Any, object]]:
    """The rows of a table as mappings of column name to value, missing values as None.

    A lazy table (a polars ``LazyFrame``) is collected first. Raises TypeError for a table
    narwhals cannot read.
    """
    import narwhals as nw  # noqa: PLC0415 - only tables need it, see the module doc

    frame: Any = nw.from_native(value, pass_through=True)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    if not isinstance(frame, nw.DataFrame):
        raise TypeError(
            f"facts given as {type(value).__name__} cannot be read; expected a pandas, polars "
            "or pyarrow table, a path to a facts file, or rows as mappings"
        )
    names: list[Any] = []
    columns: list[list[object]] = []
    for series in frame.iter_columns():
        names.append(series.name)
        nulls = series.is_null().to_list()
        # NaN is a value to polars and Arrow, and missing to pandas: here it is always missing.
        columns.append(
            [
                None if null or is_missing(item) else item
                for item, null in zip(series.to_list(), nulls, strict=True)
            ]
        )
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
