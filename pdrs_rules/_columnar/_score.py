"""When the columnar engine scores a table, and the fall back to the row engine when it does not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pdrs_rules._compile._compiled import CompiledRuleset
from pdrs_rules._model import ParamValue, School

from ._supports import supports

__all__ = ["MIN_ROWS", "columnar_scores"]

#: Fewer schools than this are scored by the row engine: importing polars costs more.
MIN_ROWS = 2000


def columnar_scores(
    compiled: CompiledRuleset,
    params: Mapping[str, ParamValue],
    fact_names: Sequence[str],
    schools: Sequence[School],
    *,
    min_rows: int | None = None,
) -> list[tuple[Any, ...] | None] | None:
    """Raw program results of ``schools`` computed by column, or None to use the row engine.

    None when the table is smaller than ``min_rows`` (default ``MIN_ROWS``), the ruleset has
    a construct the columnar engine declines (``supports``), polars is not installed, or the
    table's numbers leave what polars computes exactly; a row that does is None in the list,
    for the row engine to score.
    """
    if len(schools) < (MIN_ROWS if min_rows is None else min_rows) or not supports(compiled):
        return None
    try:
        from ._table import score_schools  # noqa: PLC0415 - imports polars, an optional extra
    except ImportError:
        return None
    from ._expressions import Declined  # noqa: PLC0415 - loaded with _table above

    try:
        return score_schools(compiled, params, fact_names, schools)
    except Declined:
        return None
