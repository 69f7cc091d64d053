"""Scores: the points of one school's (or group's) findings, totalled against their maximum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pdrs_rules._compile._bands import canonical, resolve, tolerance
from pdrs_rules._model import Band, Finding, Outcome, ParamValue, Score, ScoringSpec

__all__ = ["maxima", "score"]


def maxima(scored: Iterable[tuple[str, Sequence[float | None]]]) -> dict[str, float]:
    """The most points each scored item can give.

    Items none of whose bands give points are not scored at all.
    """
    out: dict[str, float] = {}
    for ident, points in scored:
        given = [p for p in points if p is not None]
        if given:
            out[ident] = max(given)
    return out


def _level(bands: Sequence[Band], percent: float, params: Mapping[str, ParamValue]) -> str | None:
    for band in bands:
        low, high = resolve(band.lower, params), resolve(band.upper, params)
        if low is not None and (
            percent < low.value - tolerance(low.value)
            if low.inclusive
            else percent <= low.value + tolerance(low.value)
        ):
            continue
        if high is not None and (
            percent > high.value + tolerance(high.value)
            if high.inclusive
            else percent >= high.value - tolerance(high.value)
        ):
            continue
        return band.level
    return None


def score(
    findings: Iterable[Finding],
    maximum_of: Mapping[str, float],
    spec: ScoringSpec,
    params: Mapping[str, ParamValue],
    *,
    scope: str,
) -> Score | None:
    """The score of one entity's findings in one period; None when it has no findings."""
    total = maximum = 0.0
    excluded: list[str] = []
    first: Finding | None = None
    for finding in findings:
        first = first or finding
        best = maximum_of.get(finding.indicator)
        if best is None:
            continue
        if finding.outcome is Outcome.EVALUATED:
            total += finding.points or 0.0
            maximum += best
        elif finding.outcome is not Outcome.NOT_APPLICABLE and spec.no_data == "zero":
            maximum += best
        else:
            excluded.append(f"{finding.indicator}: {finding.outcome.value}")
    if first is None:
        return None
    percent = canonical(total * 100 / maximum) if maximum > 0 else None
    level = _level(spec.levels, percent, params) if percent is not None else None
    return Score(
        entity_id=first.school_id,
        entity_name=first.school_name,
        period=first.period,
        scope=scope,
        total=total,
        maximum=maximum,
        percent=percent,
        level=level,
        excluded=tuple(excluded),
    )
