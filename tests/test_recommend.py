"""The {gap} head count: the integer path agrees with the exact Fraction path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pdrs_rules._engine._recommend import _exact, _gap_fraction, _gap_integer
from pdrs_rules._model import Better

# Whole and one-decimal thresholds (33.3 is the float nearest 333/10, shown as "33.3").
THRESHOLDS = st.one_of(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=1000).map(lambda tenths: tenths / 10),
)
KEYS = st.sampled_from(["below", "at_most", "above", "at_least"])


@given(
    better=st.sampled_from(list(Better)),
    key=KEYS,
    threshold=THRESHOLDS,
    n=st.integers(min_value=-5, max_value=10_000),
    d=st.integers(min_value=0, max_value=10_000),
)
def test_integer_gap_equals_fraction_gap(
    better: Better, key: str, threshold: float, n: int, d: int
) -> None:
    """Whole head counts give the same gap by integer division as by Fraction arithmetic."""
    expected = _gap_fraction(better, key, threshold, n, d)
    assert _gap_integer(better, key, _exact(threshold), n, d) == expected
