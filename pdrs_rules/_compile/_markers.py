"""How facts files are read, as a ruleset declares it: cell markers and the form of school ids."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pdrs_rules._facts._ids import id_regex
from pdrs_rules._model import Markers

from ._collect import Collector

__all__ = ["check_id_pattern", "reading_markers"]


def reading_markers(raw: Mapping[str, Any], out: Collector) -> Markers:
    """The markers a ruleset declares, each list replacing its default; one in both is an error."""
    default = Markers()
    no_data = tuple(raw.get("no_data", default.no_data))
    zero = tuple(raw.get("zero", default.zero))
    folded = {" ".join(m.split()).casefold() for m in no_data}
    for index, marker in enumerate(zero):
        if " ".join(marker.split()).casefold() in folded:
            out.error(
                "conflict",
                f"the marker {marker!r} is in both markers.no_data and markers.zero; "
                "expected it in one of them",
                ("markers", "zero", index),
            )
    return Markers(no_data, zero)


def check_id_pattern(pattern: str | None, out: Collector) -> None:
    """Report an ``entity.id_pattern`` outside the allowed forms."""
    if pattern is None:
        return
    try:
        id_regex(pattern)
    except ValueError as exc:
        out.error(
            "bad-value",
            f"$.entity.id_pattern {pattern!r} is not an id pattern: {exc}",
            ("entity", "id_pattern"),
        )
