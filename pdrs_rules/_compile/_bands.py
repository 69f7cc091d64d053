"""Band sets: check that they tile an indicator's domain, and find the band of a value."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs

from pdrs_rules._model import (
    Band,
    Better,
    Bound,
    IndicatorSpec,
    Level,
    ParameterSpec,
    ParamValue,
    Unit,
    ValueType,
)


def tolerance(threshold: float) -> float:
    """How close to a threshold a value must be to count as equal to it.

    Formulas like ``100 * (7 / 100)`` give 7.000000000000001; users expect "not above 7%" to
    hold there. Values within a relative 1e-9 of a threshold are treated as equal to it: far
    below the one decimal anybody reads, far above float noise.
    """
    return 1e-9 * max(1.0, abs(threshold))


def canonical(value: Any) -> Any:
    """Drop float noise below 12 significant digits: 100*(15/50) is reported as 30.0."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.12g}")
    return value


@attrs.frozen
class BandProblem:
    """A band-set problem: the band index (None for the whole set) and the offending key."""

    code: str
    message: str
    band: int | None = None
    key: str | None = None


@attrs.frozen
class ResolvedBound:
    """A bound with its parameter replaced by the value in force."""

    value: float
    inclusive: bool
    key: str


def resolve(bound: Bound | None, params: Mapping[str, Any]) -> ResolvedBound | None:
    """The numeric bound in force; parameter bounds take the parameter's current value.

    A bound relative to an aggregate (``pk_mo - 5``) needs the aggregate's value in ``params``
    too; without it, or when it has no value, the bound has none here either: None.
    """
    if bound is None:
        return None
    raw = params[bound.value] if isinstance(bound.value, str) else bound.value
    value = -float(raw) if bound.negate else float(raw)
    if bound.base is not None:
        base = params.get(bound.base)
        if not isinstance(base, (int, float)) or isinstance(base, bool):
            return None
        value += float(base)
    return ResolvedBound(value, bound.inclusive, bound.key)


def relative_base(indicator: IndicatorSpec, params: Mapping[str, Any]) -> str | None:
    """The aggregate an indicator's bounds are relative to, if they are (any base not a param)."""
    for band in indicator.bands:
        for bound in (band.lower, band.upper):
            if bound is not None and bound.base is not None and bound.base not in params:
                return bound.base
    return None


# «pk_mo - 5», «target + lag»: a name, a sign, and a number or a name.
_RELATIVE = re.compile(r"\s*([A-Za-z_]\w*)\s*([+-])\s*(\d+(?:\.\d+)?|[A-Za-z_]\w*)\s*")


def parse_bound(raw: Any, inclusive: bool, key: str, aggregates: Collection[str]) -> Bound:
    """A bound as written: a number, a parameter, an aggregate, or either ± an offset."""
    if not isinstance(raw, str):
        return Bound(float(raw), inclusive, key)
    match = _RELATIVE.fullmatch(raw)
    if match is None:
        name = raw.strip()
        return (
            Bound(0.0, inclusive, key, base=name)
            if name in aggregates
            else Bound(name, inclusive, key)
        )
    base, sign, offset = match.groups()
    if offset[0].isdigit():
        number = float(offset)
        return Bound(-number if sign == "-" else number, inclusive, key, base=base)
    return Bound(offset, inclusive, key, base=base, negate=sign == "-")


def written(bound: Bound) -> str:
    """The bound as the ruleset writes it: ``30``, ``target``, ``pk_mo - 5``."""
    if bound.base is None:
        return bound.value if isinstance(bound.value, str) else f"{bound.value:g}"
    offset = bound.value if isinstance(bound.value, str) else f"{abs(bound.value):g}"
    if not isinstance(bound.value, str) and bound.value == 0:
        return bound.base
    minus = bound.negate or (not isinstance(bound.value, str) and bound.value < 0)
    return f"{bound.base} {'-' if minus else '+'} {offset}"


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_bands(
    indicator: IndicatorSpec,
    params: Mapping[str, ParamValue],
    param_specs: Mapping[str, ParameterSpec],
    levels: Sequence[Level],
) -> list[BandProblem]:
    """Every problem of an indicator's band set with the given parameter values."""
    if not indicator.bands:
        return []  # information: no band, no level to check
    problems: list[BandProblem] = []
    for band in indicator.bands:
        for bound in (band.lower, band.upper):
            name = bound.parameter if bound else None
            if name is None or bound is None:
                continue
            spec = param_specs.get(name)
            if spec is None:
                import difflib  # noqa: PLC0415 - only on the error path

                from pdrs_rules._i18n._lookalike import lookalike_hint  # noqa: PLC0415 - the error path

                hint = difflib.get_close_matches(name, list(param_specs), n=1)
                tail = lookalike_hint(name, list(param_specs)) or (
                    f"; did you mean {hint[0]!r}?" if hint else ""
                )
                problems.append(
                    BandProblem(
                        "unknown-name",
                        f"{bound.key}: {name!r} is not a declared parameter{tail}",
                        band.index,
                        bound.key,
                    )
                )
            elif spec.type not in {ValueType.INTEGER, ValueType.NUMBER}:
                problems.append(
                    BandProblem(
                        "type-mismatch",
                        f"{bound.key}: parameter {name!r} "
                        f"is {spec.type.value}, a bound needs a number",
                        band.index,
                        bound.key,
                    )
                )
    if problems:
        return problems
    if indicator.unit is Unit.BOOLEAN:
        return _check_boolean(indicator)
    problems = [
        BandProblem(
            "bad-band",
            "bands of a numeric indicator use at_least/above and below/at_most, not 'is'",
            b.index,
            "is",
        )
        for b in indicator.bands
        if b.equals is not None
    ]
    if problems:
        return problems
    base = relative_base(indicator, param_specs)
    if base is not None:
        problems = _check_relative(indicator, base)
        if problems:
            return problems
        # Every bound moves with the aggregate: their order is that of their offsets.
        params = {**params, base: 0.0}
    problems.extend(_check_tiling(indicator, params))
    if not problems:
        problems.extend(_check_monotonic(indicator, levels))
    return problems


def _check_relative(indicator: IndicatorSpec, base: str) -> list[BandProblem]:
    """Bounds relative to an aggregate: all of them relative to it, open at both ends."""
    problems = [
        BandProblem(
            "bad-band",
            f"{bound.key}: {written(bound)!r} is not relative to {base!r} as the other bounds "
            f"are; write every bound relative to it ({base}, {base} - 5 …), so that the bands "
            "keep their order whatever its value",
            band.index,
            bound.key,
        )
        for band in indicator.bands
        for bound in (band.lower, band.upper)
        if bound is not None and bound.base != base
    ]
    first, last = indicator.bands[0], indicator.bands[-1]
    for band, bound, side in ((first, first.lower, "first"), (last, last.upper, "last")):
        if bound is not None and bound.base == base:
            problems.append(
                BandProblem(
                    "band-gap",
                    f"{bound.key}: {written(bound)!r} moves with {base!r}, so the {side} band "
                    f"cannot reach the end of the values: leave it without {bound.key}",
                    band.index,
                    bound.key,
                )
            )
    return problems


def _check_boolean(indicator: IndicatorSpec) -> list[BandProblem]:
    problems = []
    seen: dict[bool, int] = {}
    for band in indicator.bands:
        if band.equals is None or band.lower or band.upper:
            problems.append(
                BandProblem(
                    "bad-band",
                    "bands of a boolean indicator take only 'is: true' or 'is: false'",
                    band.index,
                )
            )
        elif band.equals in seen:
            problems.append(
                BandProblem(
                    "band-overlap",
                    f"two bands match is: "
                    f"{str(band.equals).lower()} (bands {seen[band.equals]} "
                    f"and {band.index})",
                    band.index,
                    "is",
                )
            )
        else:
            seen[band.equals] = band.index
    if not problems:
        problems.extend(
            BandProblem("band-gap", f"no band matches is: {str(value).lower()}")
            for value in (True, False)
            if value not in seen
        )
    return problems


def _check_tiling(indicator: IndicatorSpec, params: Mapping[str, ParamValue]) -> list[BandProblem]:
    problems = []
    bands = indicator.bands
    low_edge, high_edge = indicator.domain_min, indicator.domain_max
    first, last = bands[0], bands[-1]
    lower = resolve(first.lower, params)
    if (
        lower is not None
        and low_edge is not None
        and lower.value == low_edge
        and not lower.inclusive
    ):
        problems.append(
            BandProblem(
                "band-gap",
                f"the value {_fmt(low_edge)} falls in no band; use 'at_least: {_fmt(low_edge)}'",
                0,
                lower.key,
            )
        )
    elif lower is not None and (low_edge is None or lower.value > low_edge):
        since = "from −∞" if low_edge is None else f"from {_fmt(low_edge)}"
        problems.append(
            BandProblem(
                "band-gap",
                f"values {since} up to {_fmt(lower.value)} fall "
                "in no band; start the first band lower or drop its lower "
                "bound",
                0,
                lower.key,
            )
        )
    upper = resolve(last.upper, params)
    if (
        upper is not None
        and high_edge is not None
        and upper.value == high_edge
        and not upper.inclusive
    ):
        problems.append(
            BandProblem(
                "band-gap",
                f"the value {_fmt(high_edge)} falls in no band; use 'at_most: {_fmt(high_edge)}'",
                last.index,
                upper.key,
            )
        )
    elif upper is not None and (high_edge is None or upper.value < high_edge):
        until = "∞" if high_edge is None else _fmt(high_edge)
        problems.append(
            BandProblem(
                "band-gap",
                f"values from {_fmt(upper.value)} up to {until} "
                "fall in no band; end the last band higher or drop its "
                "upper bound",
                last.index,
                upper.key,
            )
        )
    for band in bands:
        low, high = resolve(band.lower, params), resolve(band.upper, params)
        if (
            low
            and high
            and (
                low.value > high.value
                or (low.value == high.value and not (low.inclusive and high.inclusive))
            )
        ):
            problems.append(
                BandProblem(
                    "band-empty",
                    f"no value can be in this band: "
                    f"{low.key} {_fmt(low.value)} and {high.key} "
                    f"{_fmt(high.value)}",
                    band.index,
                    high.key,
                )
            )
    for prev, band in itertools.pairwise(bands):
        end, start = resolve(prev.upper, params), resolve(band.lower, params)
        if end is None and start is None:
            # The usual cause: bands written from the highest down.
            return [
                BandProblem(
                    "band-order",
                    f"band {prev.index} has no upper bound and band "
                    f"{band.index} no lower bound; list bands in ascending order of "
                    "value, lowest first",
                    band.index,
                )
            ]
        if end is None:
            problems.append(
                BandProblem(
                    "band-overlap",
                    f"band {prev.index} has no upper bound, "
                    f"so band {band.index} overlaps it; list bands in "
                    "ascending order and end each one with below or at_most",
                    prev.index,
                )
            )
            continue
        if start is None:
            problems.append(
                BandProblem(
                    "band-overlap",
                    f"band {band.index} has no lower bound, "
                    f"so it overlaps band {prev.index}; start it with "
                    f"{'above' if end.inclusive else 'at_least'}: "
                    f"{_fmt(end.value)}",
                    band.index,
                )
            )
            continue
        if end.value < start.value:
            problems.append(
                BandProblem(
                    "band-gap",
                    f"values between {_fmt(end.value)} and {_fmt(start.value)} fall in no band",
                    band.index,
                    start.key,
                )
            )
        elif end.value > start.value:
            # Out of order when it starts before the previous band does; a previous band without
            # a lower bound starts at the bottom of the domain, so nothing starts before it.
            prev_start = resolve(prev.lower, params)
            code = (
                "band-order"
                if prev_start is not None and start.value < prev_start.value
                else "band-overlap"
            )
            problems.append(
                BandProblem(
                    code,
                    f"band {band.index} starts at {_fmt(start.value)}, "
                    f"before band {prev.index} ends at {_fmt(end.value)}; "
                    "bands must be listed in ascending order without overlaps",
                    band.index,
                    start.key,
                )
            )
        elif end.inclusive and start.inclusive:
            problems.append(
                BandProblem(
                    "band-overlap",
                    f"the value {_fmt(end.value)} is in two "
                    f"bands ({prev.upper and prev.upper.key} in band "
                    f"{prev.index} and {start.key} in band {band.index}); use "
                    f"'above: {_fmt(start.value)}'",
                    band.index,
                    start.key,
                )
            )
        elif not end.inclusive and not start.inclusive:
            problems.append(
                BandProblem(
                    "band-gap",
                    f"the value {_fmt(end.value)} is in no band "
                    f"(below in band {prev.index}, above in band "
                    f"{band.index}); use 'at_least: {_fmt(start.value)}'",
                    band.index,
                    start.key,
                )
            )
    return problems


def _check_monotonic(indicator: IndicatorSpec, levels: Sequence[Level]) -> list[BandProblem]:
    if indicator.better is Better.NONE:
        return []
    rank = {level.id: level.rank for level in levels}
    problems = []
    for prev, band in itertools.pairwise(indicator.bands):
        before, after = rank.get(prev.level), rank.get(band.level)
        if before is None or after is None:
            continue
        worse = after < before if indicator.better is Better.HIGHER else after > before
        if worse:
            direction = "higher" if indicator.better is Better.HIGHER else "lower"
            # The band of the better values is the one with the worse level.
            bad, good = (band, prev) if indicator.better is Better.HIGHER else (prev, band)
            problems.append(
                BandProblem(
                    "band-monotonic",
                    f"with better: {indicator.better.value}, a {direction} value "
                    f"must not get a worse level, but band {bad.index} ({bad.level!r}) is worse "
                    f"than band {good.index} ({good.level!r})",
                    band.index,
                    "level",
                )
            )
    return problems


def find_band(value: float | bool, bands: Sequence[Band], params: Mapping[str, Any]) -> Band | None:
    """The band a value falls in (the reference for the generated code), or None.

    None too when the bands move with an aggregate that ``params`` holds no value of.
    """
    edges = [b for band in bands for b in (band.lower, band.upper) if b is not None]
    if any(b.base is not None and resolve(b, params) is None for b in edges):
        return None
    for band in bands:
        if band.equals is not None:
            if value is band.equals:
                return band
            continue
        low, high = resolve(band.lower, params), resolve(band.upper, params)
        if low is not None:
            tol = tolerance(low.value)
            if low.inclusive and value < low.value - tol:
                continue
            if not low.inclusive and value <= low.value + tol:
                continue
        if high is not None:
            tol = tolerance(high.value)
            if high.inclusive and value > high.value + tol:
                continue
            if not high.inclusive and value >= high.value - tol:
                continue
        return band
    return None
