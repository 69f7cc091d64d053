"""Findings, aggregate records and scores as JSON-ready data, and back again."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pdrs_rules._arguments import checked
from pdrs_rules._model import (
    AggregateResult,
    BandRef,
    Finding,
    ListedSchool,
    Outcome,
    Recommendation,
    Score,
)

__all__ = [
    "FindingDicts",
    "aggregate_from_dict",
    "aggregate_to_dict",
    "finding_from_dict",
    "finding_to_dict",
    "number",
    "objects",
    "score_from_dict",
    "score_to_dict",
    "text",
    "texts",
]


@checked
def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data, its keys (and those of its band and texts) sorted."""
    band = finding.band
    return {
        "band": None
        if band is None
        else {
            "equals": band.equals,
            "index": band.index,
            "lower": band.lower,
            "lower_inclusive": band.lower_inclusive,
            "rule": band.rule,
            "title": band.title,
            "upper": band.upper,
            "upper_inclusive": band.upper_inclusive,
        },
        "display": finding.display,
        "explanation": finding.explanation,
        "indicator": finding.indicator,
        "level": finding.level,
        "outcome": finding.outcome.value,
        "period": finding.period,
        "points": finding.points,
        "reason": finding.reason,
        "recommendations": [
            {"text": r.text, "to": r.to, "to_title": r.to_title} for r in finding.recommendations
        ],
        "ruleset_id": finding.ruleset_id,
        "ruleset_version": finding.ruleset_version,
        "school_id": finding.school_id,
        "school_name": finding.school_name,
        "value": finding.value,
    }


def _listed_to_dict(school: ListedSchool) -> dict[str, Any]:
    # "note" only when the aggregate's `show` made one: listings without it stay as they were.
    note = {"note": school.note} if school.note else {}
    return {
        "display": school.display,
        **note,
        "outcome": school.outcome.value,
        "school_id": school.school_id,
        "school_name": school.school_name,
        "value": school.value,
    }


def _listed_from_dict(data: Mapping[str, Any]) -> ListedSchool:
    return ListedSchool(
        school_id=text(data, "school_id"),
        school_name=text(data, "school_name"),
        value=_value(data),
        display=text(data, "display", ""),
        outcome=_outcome(data, "evaluated"),
        note=text(data, "note", ""),
    )


@checked
def aggregate_to_dict(result: AggregateResult) -> dict[str, Any]:
    """An aggregate's value for one group and period as JSON-ready data, keys sorted."""
    return {
        "aggregate": result.aggregate,
        "counted": result.counted,
        "display": result.display,
        "excluded": [_listed_to_dict(s) for s in result.excluded],
        "group_id": result.group_id,
        "group_name": result.group_name,
        "matched": [_listed_to_dict(s) for s in result.matched],
        "period": result.period,
        "value": result.value,
    }


@checked
def aggregate_from_dict(data: Mapping[str, Any]) -> AggregateResult:
    """Rebuild an aggregate record from :func:`aggregate_to_dict` output."""
    return AggregateResult(
        aggregate=text(data, "aggregate"),
        group_id=text(data, "group_id"),
        group_name=text(data, "group_name"),
        period=text(data, "period"),
        value=number(data, "value", None),
        display=text(data, "display", ""),
        counted=_field(data, "counted", int, 0),
        matched=tuple(_listed_from_dict(s) for s in objects(data, "matched")),
        excluded=tuple(_listed_from_dict(s) for s in objects(data, "excluded")),
    )


@checked
def score_to_dict(score: Score) -> dict[str, Any]:
    """A score as JSON-ready data, keys sorted."""
    return {
        "entity_id": score.entity_id,
        "entity_name": score.entity_name,
        "excluded": list(score.excluded),
        "level": score.level,
        "maximum": score.maximum,
        "percent": score.percent,
        "period": score.period,
        "scope": score.scope,
        "total": score.total,
    }


@checked
def score_from_dict(data: Mapping[str, Any]) -> Score:
    """Rebuild a score from :func:`score_to_dict` output."""
    excluded = _field(data, "excluded", list, [])
    return Score(
        entity_id=text(data, "entity_id"),
        entity_name=text(data, "entity_name"),
        period=text(data, "period"),
        scope=text(data, "scope", "school"),
        total=number(data, "total"),
        maximum=number(data, "maximum"),
        percent=number(data, "percent", None),
        level=_optional_text(data, "level"),
        excluded=tuple(_writable("excluded", item) for item in excluded),
    )


@checked
def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """Rebuild a finding from :func:`finding_to_dict` output.

    Raises KeyError for a missing key and ValueError for a value of the wrong kind: a findings
    document may come from anywhere (``pdrs-rules effect`` reads hand-edited files).
    """
    band = _field(data, "band", Mapping, None)
    return Finding(
        ruleset_id=text(data, "ruleset_id"),
        ruleset_version=text(data, "ruleset_version"),
        school_id=text(data, "school_id"),
        school_name=text(data, "school_name"),
        period=text(data, "period"),
        indicator=text(data, "indicator"),
        outcome=_outcome(data),
        value=_value(data),
        display=text(data, "display", ""),
        level=_optional_text(data, "level"),
        points=number(data, "points", None),
        band=None if band is None else _band(band),
        recommendations=tuple(
            Recommendation(text(r, "to"), text(r, "to_title"), text(r, "text"))
            for r in objects(data, "recommendations")
        ),
        explanation=text(data, "explanation", ""),
        reason=text(data, "reason", ""),
    )


# -- reading untrusted records -----------------------------------------------------------------

_REQUIRED: Any = object()
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_KIND_NAMES: dict[Any, str] = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true or false",
    Mapping: "an object",
    list: "a list",
}


def _field(data: Mapping[str, Any], key: str, kinds: Any, default: Any = _REQUIRED) -> Any:
    """``data[key]`` if it is of ``kinds`` (bool only where named); ValueError otherwise."""
    if not isinstance(data, Mapping):
        raise ValueError(f"a record is {_kind(data)}; expected an object")  # noqa: TRY004 - content
    if key not in data or (default is not _REQUIRED and data[key] is None):
        if default is _REQUIRED:
            raise KeyError(key)
        return default
    value = data[key]
    allowed = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        names = " or ".join(dict.fromkeys(_KIND_NAMES[k] for k in allowed))
        raise ValueError(f"{key!r} is {_kind(value)}; expected {names}")
    return value


def text(data: Mapping[str, Any], key: str, default: Any = _REQUIRED) -> str:
    """A text field of a record: a str of whole characters (no lone surrogate)."""
    value: str = _writable(key, _field(data, key, str, default))
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = _field(data, key, str, None)
    return None if value is None else _writable(key, value)


def number(data: Mapping[str, Any], key: str, default: Any = _REQUIRED) -> Any:
    """A numeric field of a record: an int or a float (not a bool), or ``default``."""
    return _field(data, key, (int, float), default)


def texts(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of texts, empty when absent."""
    return tuple(_writable(key, item) for item in _field(data, key, list, []))


def objects(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """A list of records (objects), empty when absent; their fields are checked where read."""
    items: list[Mapping[str, Any]] = _field(data, key, list, [])
    for item in items:
        if not isinstance(item, Mapping):
            raise ValueError(f"{key!r} holds {_kind(item)}; expected objects")  # noqa: TRY004 - content
    return items


def _value(data: Mapping[str, Any]) -> float | bool | None:
    value: float | bool | None = _field(data, "value", (int, float, bool), None)
    return value


def _outcome(data: Mapping[str, Any], default: Any = _REQUIRED) -> Outcome:
    name = text(data, "outcome", default)
    try:
        return Outcome(name)
    except ValueError:
        known = ", ".join(o.value for o in Outcome)
        raise ValueError(f"'outcome' is {name!r}; expected one of: {known}") from None


def _band(data: Mapping[str, Any]) -> BandRef:
    return BandRef(
        index=_field(data, "index", int),
        lower=number(data, "lower", None),
        lower_inclusive=_field(data, "lower_inclusive", bool, default=True),
        upper=number(data, "upper", None),
        upper_inclusive=_field(data, "upper_inclusive", bool, default=False),
        equals=_field(data, "equals", bool, None),
        title=text(data, "title", ""),
        rule=_optional_text(data, "rule"),
    )


def _writable(key: str, value: Any) -> Any:
    if isinstance(value, str) and _SURROGATE.search(value):
        raise ValueError(f"{key!r} has half of a character (a lone surrogate)")
    if not isinstance(value, str):
        raise ValueError(f"{key!r} holds {_kind(value)}; expected text")  # noqa: TRY004 - content
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__


class FindingDicts(list[dict[str, Any]]):
    """Findings as JSON-ready data, made one at a time as the JSON encoder reads them.

    The encoder with an indent is the pure-Python one, which takes any list and iterates it.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__()
        self._findings = findings

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(finding_to_dict, self._findings)

    def __len__(self) -> int:
        return len(self._findings)

    def __bool__(self) -> bool:
        return bool(self._findings)
