"""Findings, aggregate records and scores as JSON-ready data, and back again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    "aggregate_from_dict",
    "aggregate_to_dict",
    "finding_from_dict",
    "finding_to_dict",
    "score_from_dict",
    "score_to_dict",
]


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
        school_id=data["school_id"],
        school_name=data["school_name"],
        value=data.get("value"),
        display=data.get("display", ""),
        outcome=Outcome(data.get("outcome", "evaluated")),
        note=data.get("note", ""),
    )


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


def aggregate_from_dict(data: Mapping[str, Any]) -> AggregateResult:
    """Rebuild an aggregate record from :func:`aggregate_to_dict` output."""
    return AggregateResult(
        aggregate=data["aggregate"],
        group_id=data["group_id"],
        group_name=data["group_name"],
        period=data["period"],
        value=data.get("value"),
        display=data.get("display", ""),
        counted=data.get("counted", 0),
        matched=tuple(_listed_from_dict(s) for s in data.get("matched", [])),
        excluded=tuple(_listed_from_dict(s) for s in data.get("excluded", [])),
    )


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


def score_from_dict(data: Mapping[str, Any]) -> Score:
    """Rebuild a score from :func:`score_to_dict` output."""
    return Score(
        entity_id=data["entity_id"],
        entity_name=data["entity_name"],
        period=data["period"],
        scope=data.get("scope", "school"),
        total=data["total"],
        maximum=data["maximum"],
        percent=data.get("percent"),
        level=data.get("level"),
        excluded=tuple(data.get("excluded", ())),
    )


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """Rebuild a finding from :func:`finding_to_dict` output."""
    band = data.get("band")
    return Finding(
        ruleset_id=data["ruleset_id"],
        ruleset_version=data["ruleset_version"],
        school_id=data["school_id"],
        school_name=data["school_name"],
        period=data["period"],
        indicator=data["indicator"],
        outcome=Outcome(data["outcome"]),
        value=data.get("value"),
        display=data.get("display", ""),
        level=data.get("level"),
        points=data.get("points"),
        band=BandRef(**band) if band else None,
        recommendations=tuple(Recommendation(**r) for r in data.get("recommendations", [])),
        explanation=data.get("explanation", ""),
        reason=data.get("reason", ""),
    )
