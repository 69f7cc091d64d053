"""Facts given as a table of a data library (pandas, polars, pyarrow, …), read through narwhals.

One layer for every library: narwhals knows each one's columns, dtypes and missing values, so a
pandas ``NaN``, ``NaT`` or ``pd.NA``, a polars null or ``NaN`` and an Arrow null all become
``None`` (no data), and the rows are then checked exactly like rows given as Python mappings.
narwhals is imported on first use: ``import pdrs_rules`` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard, runtime_checkable

from ._cells import is_missing

__all__ = ["ArrowTable", "frame_rows", "is_frame"]


if TYPE_CHECKING:

    @runtime_checkable
    class ArrowTable(Protocol):
        """A table that exports itself through the Arrow PyCapsule stream interface.

        pandas (2.2 and later), polars and pyarrow tables all do, so type checkers accept
        them wherever facts are read.
        """

        def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
            """The table as an Arrow C stream (a PyCapsule)."""
            ...  # pragma: no cover - a protocol

else:

    class _FrameType(type):
        def __instancecheck__(cls, value: object) -> bool:
            return is_frame(value)

    class ArrowTable(metaclass=_FrameType):
        """A table of a data library: pandas, polars (a ``LazyFrame`` too), pyarrow, ….

        At run time ``isinstance`` asks :func:`is_frame`, so that argument checks accept
        every table narwhals reads, also those without an Arrow stream.
        """


# Libraries whose tables narwhals reads; older pandas has no Arrow stream to recognise it by.
_FRAME_MODULES = frozenset({"pandas", "polars", "pyarrow", "modin", "cudf", "dask", "duckdb"})


def is_frame(value: object) -> TypeGuard[ArrowTable]:
    """Whether ``value`` is a table of a data library rather than rows or a path."""
    if isinstance(value, str | bytes | Mapping):
        return False
    kind = type(value)
    return kind.__module__.partition(".")[0] in _FRAME_MODULES or hasattr(
        kind, "__arrow_c_stream__"
    )


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
