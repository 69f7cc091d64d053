"""How the passport writes a band's range: numbers, parameters, the group values bounds follow.

Ranges are written for the people who approve a ruleset: a parameter by its title, a bound that
moves with an aggregate as that aggregate's title and the offset in percentage points; with
``ids`` the names are the ruleset's own, for its authors.
"""

from __future__ import annotations

from collections.abc import Mapping

from pdrs_rules._i18n._russian import format_number
from pdrs_rules._model import Band, Bound, ParameterSpec, Unit, format_threshold

__all__ = ["BandRanges", "lines"]


def lines(text: str) -> str:
    """A title on one line: a YAML block title keeps no line breaks in a table cell."""
    return " ".join(text.split())


class BandRanges:
    """Writes bands' ranges with the ruleset's parameters and aggregates named for people."""

    def __init__(
        self,
        params: Mapping[str, ParameterSpec],
        aggregates: Mapping[str, str],
        *,
        ids: bool = False,
    ) -> None:
        self.params = params
        #: Aggregate id → title.
        self.aggregates = aggregates
        self.ids = ids

    def band(self, band: Band, unit: Unit, *, named: bool = True) -> str:
        """The band's values: ``≥ 30%``, with the parameter a bound comes from when ``named``."""
        if band.equals is not None:
            return "да" if band.equals else "нет"
        low, high = band.lower, band.upper
        if any(b is not None and b.base is not None for b in (low, high)):
            return self._relative(low, high, unit)
        if low is not None and high is not None:
            left = ("[" if low.inclusive else "(") + format_number(self.bound(low))
            right = format_number(self.bound(high)) + ("]" if high.inclusive else ")")
            notes = [
                f"{self.parameter(b)} = {format_number(self.bound(b))}"
                for b in (low, high)
                if b.parameter
            ]
            tail = f" (параметр {', '.join(notes)})" if notes and named else ""
            return f"{left}; {right}{tail}"
        if low is not None:
            bound, sign = low, "≥" if low.inclusive else ">"
        elif high is not None:
            bound, sign = high, "≤" if high.inclusive else "<"
        else:
            return "любое значение"
        text = f"{sign} {format_threshold(self.bound(bound), unit)}"
        if bound.parameter and named:
            return f"{text} (параметр {self.parameter(bound)})"
        return text

    def plain(self, band: Band, unit: Unit) -> str:
        """The band's values without the parameters they come from: ``≥ 30%``."""
        return self.band(band, unit, named=False)

    def parameter(self, bound: Bound) -> str:
        """A parameter as a band or rule names it: its id for authors, else its title."""
        name = bound.parameter or ""
        return name if self.ids else f"«{lines(self.params[name].title)}»"

    def _relative(self, low: Bound | None, high: Bound | None, unit: Unit) -> str:
        """Bounds that move with a value: «≥ pk_mo − 5 п.п. и < pk_mo» (the group's value)."""
        parts = []
        for bound, signs in ((low, ("≥", ">")), (high, ("≤", "<"))):
            if bound is None:
                continue
            sign = signs[0] if bound.inclusive else signs[1]
            parts.append(f"{sign} {self._written(bound, unit)}")
        return " и ".join(parts)

    def _written(self, bound: Bound, unit: Unit) -> str:
        """One bound: a number, or the group's value it moves with and the offset."""
        if bound.base is None:
            return format_threshold(self.bound(bound), unit)
        base = bound.base if self.ids else f"«{lines(self.aggregates[bound.base])}»"
        offset = self.bound(bound) * (-1 if bound.negate else 1)
        if offset == 0:
            return base
        # An offset of a percentage is in percentage points.
        shown = format_number(abs(offset)) + (" п.п." if unit is Unit.PERCENT else "")
        return f"{base} {'−' if offset < 0 else '+'} {shown}"

    def bound(self, bound: Bound) -> float:
        """A bound's number, a parameter's at its default."""
        value = self.params[bound.parameter].default if bound.parameter else bound.value
        return float(value)
