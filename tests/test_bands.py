"""Band sets: the tolerance, tiling checks (gaps, overlaps, order, domain) and band lookup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from pdrs_rules._compile._bands import (
    BandProblem,
    ResolvedBound,
    check_bands,
    find_band,
    resolve,
    tolerance,
)
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

LEVELS = (
    Level("critical", "критический", 0),
    Level("warning", "требует внимания", 1),
    Level("ok", "норма", 2),
    Level("good", "высокий", 3),
)
PARAM_SPECS: Mapping[str, ParameterSpec] = {
    "target": ParameterSpec("target", "Целевое значение", ValueType.NUMBER, 30),
    "limit": ParameterSpec("limit", "Допустимая доля", ValueType.INTEGER, 5),
    "strict": ParameterSpec("strict", "Строгий режим", ValueType.BOOLEAN, default=False),
    "label": ParameterSpec("label", "Подпись", ValueType.STRING, "ОО"),
}
PARAMS: Mapping[str, ParamValue] = {name: spec.default for name, spec in PARAM_SPECS.items()}
#: The YAML keys of band bounds: which side of the band they bound and whether it is inclusive.
KEYS = {
    "at_least": ("lower", True),
    "above": ("lower", False),
    "below": ("upper", False),
    "at_most": ("upper", True),
}


def bands(*items: Mapping[str, Any]) -> tuple[Band, ...]:
    """Bands written like the YAML: {"level": "ok", "at_least": 30}, {"level": "ok", "is": True}."""
    out = []
    for index, item in enumerate(items):
        sides: dict[str, Bound] = {}
        for key, value in item.items():
            if key in KEYS:
                side, inclusive = KEYS[key]
                sides[side] = Bound(value, inclusive, key)
        out.append(Band(index, item["level"], equals=item.get("is"), **sides))
    return tuple(out)


def indicator(
    *items: Mapping[str, Any],
    unit: Unit = Unit.PERCENT,
    better: Better = Better.NONE,
    domain: tuple[float | None, float | None] = (0.0, 100.0),
) -> IndicatorSpec:
    """An indicator with the given bands; a percentage over 0..100 unless told otherwise."""
    return IndicatorSpec(
        id="share",
        title="Доля",
        formula="share(n, d)",
        unit=unit,
        precision=1,
        better=better,
        bands=bands(*items),
        domain_min=domain[0],
        domain_max=domain[1],
    )


def problems(spec: IndicatorSpec, params: Mapping[str, ParamValue] = PARAMS) -> list[BandProblem]:
    """Every problem check_bands finds in the indicator's bands with the default parameters."""
    return check_bands(spec, params, PARAM_SPECS, LEVELS)


class TestTolerance:
    @pytest.mark.parametrize(
        ("threshold", "expected"),
        [
            (0.0, 1e-9),
            (0.001, 1e-9),
            (1.0, 1e-9),
            (-1.0, 1e-9),
            (30.0, 3e-8),
            (100.0, 1e-7),
            (-1000.0, 1e-6),
            (1e6, 1e-3),
        ],
    )
    def test_relative_with_a_floor(self, threshold: float, expected: float) -> None:
        """The tolerance is 1e-9 relative to the threshold, and never below 1e-9."""
        assert expected == pytest.approx(tolerance(threshold), rel=1e-12)

    def test_covers_float_noise_of_a_share(self) -> None:
        """100·(7/100) misses 7 by float noise, well within the tolerance of 7."""
        noisy = 100 * (7 / 100)
        assert (noisy != 7, abs(noisy - 7) < tolerance(7)) == (True, True)

    def test_far_below_one_readable_decimal(self) -> None:
        """A value one thousandth of a percent off a threshold is not treated as equal to it."""
        assert tolerance(100.0) < 0.001


class TestResolve:
    @pytest.mark.parametrize(
        ("bound", "expected"),
        [
            (None, None),
            (
                Bound(30, inclusive=True, key="at_least"),
                ResolvedBound(30.0, inclusive=True, key="at_least"),
            ),
            (
                Bound(2.5, inclusive=False, key="below"),
                ResolvedBound(2.5, inclusive=False, key="below"),
            ),
            (
                Bound("target", inclusive=True, key="at_least"),
                ResolvedBound(30.0, inclusive=True, key="at_least"),
            ),
            (
                Bound("limit", inclusive=True, key="at_most"),
                ResolvedBound(5.0, inclusive=True, key="at_most"),
            ),
        ],
    )
    def test_resolve(self, bound: Bound | None, expected: ResolvedBound | None) -> None:
        """A bound resolves to a float; a parameter bound takes the parameter's value in force."""
        actual = resolve(bound, PARAMS)
        assert (expected, type(expected)) == (actual, type(actual))

    def test_override_is_used(self) -> None:
        """An overridden parameter value replaces the default."""
        assert resolve(Bound("target", inclusive=False, key="below"), {"target": 45}).value == 45.0


W = "warning"


class TestCheckBands:
    @pytest.mark.parametrize(
        "items",
        [
            [{"level": "ok"}],
            [{"level": W, "below": 30}, {"level": "ok", "at_least": 30}],
            [{"level": "ok", "at_most": 5}, {"level": W, "above": 5}],
            [{"level": W, "below": "target"}, {"level": "ok", "at_least": "target"}],
            [
                {"level": "critical", "below": 30},
                {"level": W, "at_least": 30, "at_most": 30},
                {"level": "ok", "above": 30},
            ],
            # Explicit domain edges are fine; bounds beyond the domain are harmless.
            [
                {"level": W, "at_least": 0, "below": 50},
                {"level": "ok", "at_least": 50, "at_most": 100},
            ],
            [{"level": W, "at_least": -10, "below": 50}, {"level": "ok", "at_least": 50}],
            [{"level": W, "below": 50}, {"level": "ok", "at_least": 50, "at_most": 120}],
        ],
    )
    def test_valid(self, items: list[dict[str, Any]]) -> None:
        """Band sets that tile the domain in ascending order have no problems."""
        assert problems(indicator(*items)) == []

    @pytest.mark.parametrize(
        ("items", "domain", "expected"),
        [
            # Gaps between bands.
            (
                [{"level": W, "below": 30}, {"level": "ok", "at_least": 40}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap", "values between 30 and 40 fall in no band", 1, "at_least"
                    )
                ],
            ),
            (
                [{"level": W, "below": 30}, {"level": "ok", "above": 30}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap",
                        "the value 30 is in no band (below in band 0, above in band 1); "
                        "use 'at_least: 30'",
                        1,
                        "above",
                    )
                ],
            ),
            # Overlaps.
            (
                [{"level": W, "at_most": 30}, {"level": "ok", "at_least": 30}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "the value 30 is in two bands (at_most in band 0 and at_least in band 1); "
                        "use 'above: 30'",
                        1,
                        "at_least",
                    )
                ],
            ),
            (
                [{"level": W, "below": 40}, {"level": "ok", "at_least": 30}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "band 1 starts at 30, before band 0 ends at 40; bands must be listed in "
                        "ascending order without overlaps",
                        1,
                        "at_least",
                    )
                ],
            ),
            (
                [
                    {"level": "critical", "below": 30},
                    {"level": W, "at_least": 20, "below": 60},
                    {"level": "ok", "at_least": 60},
                ],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "band 1 starts at 20, before band 0 ends at 30; bands must be listed in "
                        "ascending order without overlaps",
                        1,
                        "at_least",
                    )
                ],
            ),
            (
                [{"level": W, "at_least": 0}, {"level": "ok", "at_least": 50}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "band 0 has no upper bound, so band 1 overlaps it; list bands in "
                        "ascending order and end each one with below or at_most",
                        0,
                    )
                ],
            ),
            (
                [
                    {"level": "critical", "below": 30},
                    {"level": W, "below": 60},
                    {"level": "ok", "at_least": 60},
                ],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "band 1 has no lower bound, so it overlaps band 0; start it with "
                        "at_least: 30",
                        1,
                    )
                ],
            ),
            (
                [
                    {"level": "critical", "at_most": 30},
                    {"level": W, "below": 60},
                    {"level": "ok", "at_least": 60},
                ],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-overlap",
                        "band 1 has no lower bound, so it overlaps band 0; start it with above: 30",
                        1,
                    )
                ],
            ),
            # Wrong order.
            (
                [{"level": "ok", "at_least": 50}, {"level": W, "below": 50}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-order",
                        "band 0 has no upper bound and band 1 no lower bound; list bands in "
                        "ascending order of value, lowest first",
                        1,
                    )
                ],
            ),
            # Empty bands.
            (
                [
                    {"level": W, "below": 50},
                    {"level": "ok", "at_least": 50, "below": 40},
                    {"level": "good", "at_least": 40},
                ],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-empty",
                        "no value can be in this band: at_least 50 and below 40",
                        1,
                        "below",
                    ),
                ],
            ),
            # Domain edges.
            (
                [{"level": W, "above": 0, "below": 50}, {"level": "ok", "at_least": 50}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap",
                        "the value 0 falls in no band; use 'at_least: 0'",
                        0,
                        "above",
                    )
                ],
            ),
            (
                [{"level": W, "at_least": 10, "below": 50}, {"level": "ok", "at_least": 50}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap",
                        "values from 0 up to 10 fall in no band; start the first band lower or "
                        "drop its lower bound",
                        0,
                        "at_least",
                    )
                ],
            ),
            (
                [{"level": W, "at_least": 0, "below": 50}, {"level": "ok", "at_least": 50}],
                (None, None),
                [
                    BandProblem(
                        "band-gap",
                        "values from −∞ up to 0 fall in no band; start the first band lower or "
                        "drop its lower bound",
                        0,
                        "at_least",
                    )
                ],
            ),
            (
                [{"level": W, "below": 50}, {"level": "ok", "at_least": 50, "below": 100}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap",
                        "the value 100 falls in no band; use 'at_most: 100'",
                        1,
                        "below",
                    )
                ],
            ),
            (
                [{"level": W, "below": 50}, {"level": "ok", "at_least": 50, "at_most": 90}],
                (0.0, 100.0),
                [
                    BandProblem(
                        "band-gap",
                        "values from 90 up to 100 fall in no band; end the last band higher or "
                        "drop its upper bound",
                        1,
                        "at_most",
                    )
                ],
            ),
            (
                [{"level": W, "below": 50}, {"level": "ok", "at_least": 50, "at_most": 90}],
                (0.0, None),
                [
                    BandProblem(
                        "band-gap",
                        "values from 90 up to ∞ fall in no band; end the last band higher or "
                        "drop its upper bound",
                        1,
                        "at_most",
                    )
                ],
            ),
            (
                [{"level": W, "below": 0.5}, {"level": "ok", "at_least": 0.5, "at_most": 2.5}],
                (-1.0, 2.75),
                [
                    BandProblem(
                        "band-gap",
                        "values from 2.5 up to 2.75 fall in no band; end the last band higher or "
                        "drop its upper bound",
                        1,
                        "at_most",
                    )
                ],
            ),
        ],
    )
    def test_problem(
        self,
        items: list[dict[str, Any]],
        domain: tuple[float | None, float | None],
        expected: list[BandProblem],
    ) -> None:
        """Each way bands can fail to tile the domain is reported with its band and key."""
        assert expected == problems(indicator(*items, domain=domain))

    def test_descending_bands_with_both_bounds(self) -> None:
        """Bands written from the highest down leave both domain ends uncovered, out of order."""
        spec = indicator(
            {"level": "ok", "at_least": 50, "at_most": 100},
            {"level": W, "at_least": 0, "below": 50},
        )
        assert [(p.code, p.band, p.key) for p in problems(spec)] == [
            ("band-gap", 0, "at_least"),
            ("band-gap", 1, "below"),
            ("band-order", 1, "at_least"),
        ]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"target": 30, "limit": 60}, []),
            (
                {"target": 70, "limit": 60},
                [("band-empty", 1, "below")],
            ),
        ],
    )
    def test_parameter_values_decide(
        self, params: dict[str, ParamValue], expected: list[tuple[str, int, str]]
    ) -> None:
        """Bounds that name parameters are checked with the values in force."""
        spec = indicator(
            {"level": "critical", "below": "target"},
            {"level": W, "at_least": "target", "below": "limit"},
            {"level": "ok", "at_least": "limit"},
        )
        actual = [(p.code, p.band, p.key) for p in problems(spec, {**PARAMS, **params})]
        assert expected == actual

    @pytest.mark.parametrize(
        ("items", "expected"),
        [
            (
                [{"level": W, "below": "targt"}, {"level": "ok", "at_least": "targt"}],
                [
                    BandProblem(
                        "unknown-name",
                        "below: 'targt' is not a declared parameter; did you mean 'target'?",
                        0,
                        "below",
                    ),
                    BandProblem(
                        "unknown-name",
                        "at_least: 'targt' is not a declared parameter; did you mean 'target'?",
                        1,
                        "at_least",
                    ),
                ],
            ),
            (
                [{"level": W, "below": "zzz"}, {"level": "ok", "at_least": "zzz"}],
                [
                    BandProblem(
                        "unknown-name", "below: 'zzz' is not a declared parameter", 0, "below"
                    ),
                    BandProblem(
                        "unknown-name",
                        "at_least: 'zzz' is not a declared parameter",
                        1,
                        "at_least",
                    ),
                ],
            ),
            (
                [{"level": W, "below": "strict"}, {"level": "ok", "at_least": 30}],
                [
                    BandProblem(
                        "type-mismatch",
                        "below: parameter 'strict' is boolean, a bound needs a number",
                        0,
                        "below",
                    )
                ],
            ),
            (
                [{"level": W, "below": 30}, {"level": "ok", "above": "label"}],
                [
                    BandProblem(
                        "type-mismatch",
                        "above: parameter 'label' is string, a bound needs a number",
                        1,
                        "above",
                    )
                ],
            ),
        ],
    )
    def test_bad_parameter(self, items: list[dict[str, Any]], expected: list[BandProblem]) -> None:
        """A bound naming an unknown or non-numeric parameter is reported, with a suggestion."""
        assert expected == problems(indicator(*items))

    def test_is_on_a_numeric_indicator(self) -> None:
        """'is:' belongs to boolean indicators only."""
        spec = indicator({"level": W, "below": 30}, {"level": "ok", "is": True})
        assert [
            BandProblem(
                "bad-band",
                "bands of a numeric indicator use at_least/above and below/at_most, not 'is'",
                1,
                "is",
            )
        ] == problems(spec)


class TestBooleanBands:
    @pytest.mark.parametrize(
        ("items", "expected"),
        [
            ([{"level": W, "is": False}, {"level": "ok", "is": True}], []),
            ([{"level": "ok", "is": True}, {"level": W, "is": False}], []),
            (
                [{"level": W, "is": False}],
                [BandProblem("band-gap", "no band matches is: true")],
            ),
            (
                [{"level": "ok"}],
                [
                    BandProblem(
                        "bad-band",
                        "bands of a boolean indicator take only 'is: true' or 'is: false'",
                        0,
                    )
                ],
            ),
            (
                [{"level": W, "is": False}, {"level": "ok", "is": True, "at_least": 1}],
                [
                    BandProblem(
                        "bad-band",
                        "bands of a boolean indicator take only 'is: true' or 'is: false'",
                        1,
                    )
                ],
            ),
            (
                [
                    {"level": W, "is": False},
                    {"level": "ok", "is": True},
                    {"level": "good", "is": True},
                ],
                [BandProblem("band-overlap", "two bands match is: true (bands 1 and 2)", 2, "is")],
            ),
        ],
    )
    def test_boolean(self, items: list[dict[str, Any]], expected: list[BandProblem]) -> None:
        """A boolean indicator needs exactly one 'is:' band for true and one for false."""
        spec = indicator(*items, unit=Unit.BOOLEAN, domain=(None, None))
        assert expected == problems(spec)


class TestMonotonic:
    @pytest.mark.parametrize(
        ("better", "levels", "expected"),
        [
            (Better.HIGHER, ("warning", "ok", "good"), []),
            (Better.HIGHER, ("warning", "warning", "ok"), []),
            (Better.LOWER, ("good", "ok", "critical"), []),
            (Better.NONE, ("good", "critical", "ok"), []),
            # Levels the ruleset does not declare are reported elsewhere, not here.
            (Better.HIGHER, ("ok", "unknown", "warning"), []),
            (
                Better.HIGHER,
                ("warning", "good", "ok"),
                [
                    BandProblem(
                        "band-monotonic",
                        "with better: higher, a higher value must not get a worse level, "
                        "but band 2 ('ok') is worse than band 1 ('good')",
                        2,
                        "level",
                    )
                ],
            ),
            (
                Better.LOWER,
                ("ok", "warning", "good"),
                [
                    BandProblem(
                        "band-monotonic",
                        "with better: lower, a lower value must not get a worse level, "
                        "but band 1 ('warning') is worse than band 2 ('good')",
                        2,
                        "level",
                    )
                ],
            ),
            (
                Better.LOWER,
                ("critical", "warning", "ok"),
                [
                    BandProblem(
                        "band-monotonic",
                        "with better: lower, a lower value must not get a worse level, "
                        "but band 0 ('critical') is worse than band 1 ('warning')",
                        1,
                        "level",
                    ),
                    BandProblem(
                        "band-monotonic",
                        "with better: lower, a lower value must not get a worse level, "
                        "but band 1 ('warning') is worse than band 2 ('ok')",
                        2,
                        "level",
                    ),
                ],
            ),
        ],
    )
    def test_levels_follow_better(
        self, better: Better, levels: tuple[str, str, str], expected: list[BandProblem]
    ) -> None:
        """Levels must not get worse in the direction of 'better'."""
        low, mid, high = levels
        spec = indicator(
            {"level": low, "below": 30},
            {"level": mid, "at_least": 30, "below": 60},
            {"level": high, "at_least": 60},
            better=better,
        )
        assert expected == problems(spec)

    def test_only_checked_once_bands_tile(self) -> None:
        """A band set with a gap reports the gap only, not the ordering of its levels."""
        spec = indicator(
            {"level": "ok", "below": 30},
            {"level": W, "at_least": 40},
            better=Better.HIGHER,
        )
        assert [p.code for p in problems(spec)] == ["band-gap"]


#: critical below 30, warning 30..90 (both included), good above 90.
THREE = bands(
    {"level": "critical", "below": 30},
    {"level": W, "at_least": 30, "at_most": 90},
    {"level": "good", "above": 90},
)


class TestFindBand:
    @pytest.mark.parametrize(
        ("value", "index"),
        [
            (0, 0),
            (-5.0, 0),
            (29, 0),
            (29.9, 0),
            (29.99999, 0),
            # Mathematically equal to the threshold: in the at_least band.
            (30, 1),
            (30.0, 1),
            (100 * 15 / 50, 1),
            (100 * (15 / 50), 1),
            (30 + 1e-9, 1),  # float noise above the threshold
            (30 - 1e-9, 1),  # float noise below the threshold
            (30.00001, 1),
            (60, 1),
            # at_most is inclusive, above exclusive.
            (90, 1),
            (90.0 + 1e-12, 1),
            (100 * (9 / 10), 1),
            (90.00001, 2),
            (100, 2),
            (1e300, 2),
        ],
    )
    def test_three_bands(self, value: float, index: int) -> None:
        """A value lands in the band whose bounds hold, treating float noise as equality."""
        band = find_band(value, THREE, PARAMS)
        assert index == (band.index if band else None)

    @pytest.mark.parametrize(
        ("value", "index"),
        [
            (28, 0),
            (100 * (29 / 100), 1),  # 28.999999999999996: meets "at least 29"
            (29, 1),
            (100 * 29 / 100, 1),
            (100 * 7 / 100, 0),
        ],
    )
    def test_share_noise_below_a_threshold(self, value: float, index: int) -> None:
        """A share a rounding error below its threshold still meets it."""
        two = bands({"level": W, "below": 29}, {"level": "ok", "at_least": 29})
        band = find_band(value, two, PARAMS)
        assert index == (band.index if band else None)

    @pytest.mark.parametrize(
        ("value", "index"),
        [
            (0, 0),
            (5, 0),
            (5 + 1e-12, 0),
            (100 * (5 / 100), 0),
            (5.001, 1),
            (50, 1),
        ],
    )
    def test_at_most_then_above(self, value: float, index: int) -> None:
        """With 'at_most: 5' then 'above: 5' the threshold itself is in the lower band."""
        two = bands({"level": "ok", "at_most": "limit"}, {"level": W, "above": "limit"})
        band = find_band(value, two, PARAMS)
        assert index == (band.index if band else None)

    @pytest.mark.parametrize(
        ("target", "value", "index"),
        [
            (30, 30.0, 1),
            (30, 29.0, 0),
            (31, 30.0, 0),
            (25, 29.0, 1),
        ],
    )
    def test_parameter_bounds_use_the_value_in_force(
        self, target: float, value: float, index: int
    ) -> None:
        """A bound naming a parameter moves with the parameter's value."""
        two = bands({"level": W, "below": "target"}, {"level": "ok", "at_least": "target"})
        band = find_band(value, two, {**PARAMS, "target": target})
        assert index == (band.index if band else None)

    @pytest.mark.parametrize(("value", "index"), [(True, 1), (False, 0)])
    def test_boolean(self, value: bool, index: int) -> None:
        """Boolean values match the band with the same 'is:'."""
        two = bands({"level": W, "is": False}, {"level": "ok", "is": True})
        band = find_band(value, two, PARAMS)
        assert index == (band.index if band else None)

    @pytest.mark.parametrize("value", [-1.0, 10.0, 10 + 1e-12, 50.0])
    def test_no_band(self, value: float) -> None:
        """A value outside every band finds none."""
        one = bands({"level": "ok", "at_least": 0, "below": 10})
        assert find_band(value, one, PARAMS) is None

    @pytest.mark.parametrize(("value", "found"), [(5.0, False), (10.0, False), (10.5, True)])
    def test_above_excludes_its_threshold(self, value: float, found: bool) -> None:
        """A band that starts 'above' a value does not contain it."""
        one = bands({"level": "ok", "above": 10})
        assert found == (find_band(value, one, PARAMS) is not None)

    def test_first_matching_band_wins(self) -> None:
        """Lookup walks bands in order and returns the first that holds."""
        found = find_band(30.0, THREE, PARAMS)
        assert ((found.index, found.level) if found else None) == (1, W)
