"""A report's findings, aggregates, conclusions or scores as one flat table (docs/findings.md).

The table is built as plain columns here and handed to narwhals, which makes it a polars,
pandas or pyarrow table; narwhals and the library are imported on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, Literal, TypeAlias

from pdrs_rules._model import AggregateResult, Finding, Score

__all__ = [
    "AGGREGATE_COLUMNS",
    "BACKENDS",
    "FINDING_COLUMNS",
    "KINDS",
    "SCORE_COLUMNS",
    "Backend",
    "FrameKind",
    "MissingLibraryError",
    "frame_columns",
    "native_frame",
    "parquet_backend",
    "parquet_files",
    "to_frame",
]

FrameKind: TypeAlias = Literal["findings", "conclusions", "aggregates", "scores"]
Backend: TypeAlias = Literal["polars", "pandas", "pyarrow"]
KINDS: tuple[FrameKind, ...] = ("findings", "conclusions", "aggregates", "scores")
BACKENDS: tuple[Backend, ...] = ("polars", "pandas", "pyarrow")

#: A column: its name, its type (a narwhals dtype's name) and how a record gives its value.
Column: TypeAlias = tuple[str, str, Callable[[Any], object]]


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    assert isinstance(value, int | float)  # noqa: S101 - a finding's value is a number here
    return float(value)


def _fields(dtype: str, *names: str) -> tuple[Column, ...]:
    """Columns that are a record's fields as they are."""
    return tuple((name, dtype, attrgetter(name)) for name in names)


def _first(finding: Finding, field: str) -> str | None:
    return getattr(finding.recommendations[0], field) if finding.recommendations else None


FINDING_COLUMNS: tuple[Column, ...] = (
    *_fields("String", "ruleset_id", "ruleset_version", "school_id", "school_name", "period"),
    *_fields("String", "indicator"),
    ("outcome", "String", lambda f: f.outcome.value),
    ("value", "Float64", lambda f: _number(f.value)),
    ("value_bool", "Boolean", lambda f: f.value if isinstance(f.value, bool) else None),
    *_fields("String", "display", "level"),
    ("points", "Float64", lambda f: _number(f.points)),
    ("band_index", "Int64", lambda f: None if f.band is None else f.band.index),
    ("band_lower", "Float64", lambda f: None if f.band is None else _number(f.band.lower)),
    (
        "band_lower_inclusive",
        "Boolean",
        lambda f: None if f.band is None or f.band.lower is None else f.band.lower_inclusive,
    ),
    ("band_upper", "Float64", lambda f: None if f.band is None else _number(f.band.upper)),
    (
        "band_upper_inclusive",
        "Boolean",
        lambda f: None if f.band is None or f.band.upper is None else f.band.upper_inclusive,
    ),
    ("band_equals", "Boolean", lambda f: None if f.band is None else f.band.equals),
    ("band_title", "String", lambda f: f.band.title or None if f.band is not None else None),
    ("band_rule", "String", lambda f: None if f.band is None else f.band.rule),
    ("recommendation_count", "Int64", lambda f: len(f.recommendations)),
    ("recommendation_to", "String", lambda f: _first(f, "to")),
    ("recommendation_to_title", "String", lambda f: _first(f, "to_title")),
    ("recommendation_text", "String", lambda f: _first(f, "text")),
    *_fields("String", "explanation", "reason"),
)

AGGREGATE_COLUMNS: tuple[Column, ...] = (
    *_fields("String", "aggregate", "group_id", "group_name", "period"),
    ("value", "Float64", lambda a: _number(a.value)),
    *_fields("String", "display"),
    *_fields("Int64", "counted"),
    ("matched_count", "Int64", lambda a: len(a.matched)),
    ("excluded_count", "Int64", lambda a: len(a.excluded)),
    (
        "matched",
        "String",
        lambda a: ", ".join(
            f"{s.school_name} ({s.display})" if s.display else s.school_name for s in a.matched
        ),
    ),
    (
        "excluded",
        "String",
        lambda a: ", ".join(f"{s.school_name} ({s.outcome.value})" for s in a.excluded),
    ),
)

SCORE_COLUMNS: tuple[Column, ...] = (
    *_fields("String", "entity_id", "entity_name", "period", "scope"),
    ("total", "Float64", lambda s: _number(s.total)),
    ("maximum", "Float64", lambda s: _number(s.maximum)),
    ("percent", "Float64", lambda s: _number(s.percent)),
    *_fields("String", "level"),
    ("excluded", "String", lambda s: "; ".join(s.excluded)),
)

_INSTALL: Mapping[Backend, str] = {
    "polars": "pip install 'pdrs-rules[columnar]'",
    "pandas": "pip install pandas",
    "pyarrow": "pip install pyarrow",
}


#: pandas' nullable type for each column type.
_PANDAS: Mapping[str, str] = {
    "String": "string",
    "Float64": "Float64",
    "Int64": "Int64",
    "Boolean": "boolean",
}


class MissingLibraryError(ImportError):
    """The library a table was asked of (polars, pandas or pyarrow) is not installed."""


def frame_columns(
    kind: FrameKind, records: Iterable[Finding | AggregateResult | Score]
) -> tuple[dict[str, list[object]], dict[str, str]]:
    """The columns of one kind of table as lists by name, and each column's type name."""
    spec = {
        "findings": FINDING_COLUMNS,
        "conclusions": FINDING_COLUMNS,
        "aggregates": AGGREGATE_COLUMNS,
        "scores": SCORE_COLUMNS,
    }[kind]
    rows: Sequence[Any] = list(records)
    data = {name: [get(row) for row in rows] for name, _, get in spec}
    return data, {name: dtype for name, dtype, _ in spec}


def to_frame(
    kind: FrameKind, records: Sequence[Finding | AggregateResult | Score], backend: Backend
) -> Any:
    """Records of one kind as a table of ``backend``; see ``Report.to_frame``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of table {kind!r}; expected one of: {', '.join(KINDS)}")
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of: {', '.join(BACKENDS)}")
    data, types = frame_columns(kind, records)
    return native_frame(data, types, backend)


def native_frame(
    data: Mapping[str, list[object]], types: Mapping[str, str], backend: Backend
) -> Any:
    """Columns as a table of ``backend``, each with the narwhals type named in ``types``."""
    try:
        __import__(backend)
    except ImportError as exc:
        raise MissingLibraryError(
            f"a {backend} table needs the {backend} package, which is not installed; "
            f"install it with: {_INSTALL[backend]}"
        ) from exc
    if backend == "pandas":
        # narwhals makes numpy columns, which cannot hold a missing integer or boolean (a
        # finding without a band): pandas' own nullable types can.
        import pandas as pd  # noqa: PLC0415 - only a pandas table needs it

        columns: dict[str, Any] = {
            name: pd.Series(values, dtype=_PANDAS[types[name]]) for name, values in data.items()
        }
        return pd.DataFrame(columns)
    import narwhals as nw  # noqa: PLC0415 - only tables need it

    schema = {name: getattr(nw, dtype)() for name, dtype in types.items()}
    return nw.from_dict(dict(data), schema=schema, backend=backend).to_native()


def parquet_backend() -> Backend:
    """The library Parquet is written with: polars, else pyarrow; MissingLibraryError if none."""
    writers: tuple[Backend, ...] = ("polars", "pyarrow")
    for library in writers:
        try:
            __import__(library)
        except ImportError:
            continue
        return library
    raise MissingLibraryError(
        "writing Parquet needs polars (or pyarrow), which is not installed; "
        f"install it with: {_INSTALL['polars']}"
    )


def parquet_files(
    path: str,
    findings: Sequence[Finding],
    aggregates: Sequence[AggregateResult],
    scores: Sequence[Score],
) -> dict[str, bytes]:
    """``--format parquet``: file name → Parquet bytes, for the tables a report has.

    ``path`` gets ``findings`` (the findings, then the conclusions, as the CSV has them);
    ``NAME.aggregates.parquet`` and ``NAME.scores.parquet`` beside it get the aggregates and
    scores, when there are any. Written with :func:`parquet_backend`'s library.
    """
    import io  # noqa: PLC0415 - only Parquet output needs it

    backend = parquet_backend()
    stem = path.removesuffix(".parquet")
    tables: list[tuple[str, FrameKind, Sequence[Finding | AggregateResult | Score]]] = [
        (path, "findings", findings),
        (f"{stem}.aggregates.parquet", "aggregates", aggregates),
        (f"{stem}.scores.parquet", "scores", scores),
    ]
    files: dict[str, bytes] = {}
    for name, kind, records in tables:
        if records or kind == "findings":
            data, types = frame_columns(kind, records)
            native = native_frame(data, types, backend)
            buffer = io.BytesIO()
            if backend == "polars":
                native.write_parquet(buffer)
            else:
                import pyarrow.parquet  # noqa: PLC0415 - polars is absent, see parquet_backend

                pyarrow.parquet.write_table(native, buffer)
            files[name] = buffer.getvalue()
    return files
