"""Recommendation texts: addressees, template syntax and the placeholders each text may use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pdrs_rules._formula import _grammar
from pdrs_rules._formula._template import Template, TemplateSyntaxError, parse_template
from pdrs_rules._load._yaml import PathT
from pdrs_rules._model import FactSpec, ParameterSpec, RecommendationSpec, ValueType

from ._collect import Collector, suggest

__all__ = [
    "BASE_PLACEHOLDERS",
    "GAP_TARGETS",
    "NUMERIC_PLACEHOLDERS",
    "Texts",
    "no_data_names",
    "placeholder_names",
]

BASE_PLACEHOLDERS = (
    "school",
    "school_id",
    "period",
    "indicator",
    "value",
    "threshold",
    "lower",
    "upper",
    "band",
)
NUMERIC_PLACEHOLDERS = ("value", "threshold", "lower", "upper", "gap")
#: The targets every share has for ``{gap.x}``: the next better band, the best band.
GAP_TARGETS = ("next", "best")
_NUMERIC = {ValueType.INTEGER, ValueType.NUMBER}


def placeholder_names(
    facts: Mapping[str, FactSpec],
    params: Mapping[str, ParameterSpec],
    indicators: Mapping[str, Any],
    formula: _grammar.Formula | None,
    *,
    directed: bool = False,
    targets: Iterable[str] = (),
) -> dict[str, bool]:
    """Placeholders a school-level text may use, mapped to whether they are numeric.

    ``directed`` says the indicator has ``better: higher`` or ``lower``: a share's gaps to
    named targets (``{gap.next}``, ``{gap.target_name}``) need a direction.
    """
    names = {name: name in NUMERIC_PLACEHOLDERS for name in BASE_PLACEHOLDERS}
    if formula is not None and formula.share_parts is not None:
        names["gap"] = True
        names["shortfall"] = True
        if directed:
            numeric = [n for n, p in params.items() if p.type in _NUMERIC]
            for target in (*GAP_TARGETS, *numeric, *targets):
                names[f"gap.{target}"] = True
    names.update({n: f.type in {ValueType.INTEGER, ValueType.NUMBER} for n, f in facts.items()})
    names.update({n: p.type in {ValueType.INTEGER, ValueType.NUMBER} for n, p in params.items()})
    names.update(
        {
            n: not isinstance(item, dict) or item.get("unit") != "boolean"
            for n, item in indicators.items()
        }
    )
    return names


def no_data_names(
    facts: Mapping[str, FactSpec], params: Mapping[str, ParameterSpec]
) -> dict[str, bool]:
    """Placeholders a no_data text may use, mapped to whether they are numeric."""
    names = {
        "school": False,
        "school_id": False,
        "period": False,
        **{n: f.type in {ValueType.INTEGER, ValueType.NUMBER} for n, f in facts.items()},
        "indicator": False,
        "missing": False,
    }
    names.update({n: p.type in {ValueType.INTEGER, ValueType.NUMBER} for n, p in params.items()})
    return names


class Texts:
    """Checks recommendation texts once and keeps their parsed templates, by text."""

    def __init__(self, out: Collector, addressees: Mapping[str, str]) -> None:
        self.out = out
        self.addressees = addressees
        self.templates: dict[str, Template] = {}
        #: The ruleset's aggregates: named in a text that cannot show them, they are said to be.
        self.aggregates: frozenset[str] = frozenset()

    def targets(
        self, raw: Mapping[str, Any], path: PathT, params: Mapping[str, ParameterSpec]
    ) -> tuple[tuple[str, float | str], ...]:
        """An indicator's named targets for ``{gap.name}``: numbers or numeric parameters."""
        out: list[tuple[str, float | str]] = []
        numeric = [n for n, p in params.items() if p.type in _NUMERIC]
        for name, value in raw.items():
            if name in GAP_TARGETS:
                self.out.error(
                    "duplicate-name",
                    f"{name!r} is a built-in target of {{gap.{name}}}; choose another name",
                    (*path, name),
                    key=True,
                )
            elif isinstance(value, str) and value not in numeric:
                self.out.error(
                    "unknown-name",
                    f"target {name!r}: {value!r} is not a numeric parameter"
                    f"{suggest(value, numeric)}",
                    (*path, name),
                )
            else:
                out.append((name, value if isinstance(value, str) else float(value)))
        return tuple(out)

    def _aggregate_out_of_place(self, name: str, names: Mapping[str, bool]) -> bool:
        """``name`` reads a declared aggregate in a text whose placeholders include none."""
        base = name.split(".", 1)[0]
        return base in self.aggregates and not any(
            n == base or n.startswith(f"{base}.") for n in names
        )

    def recommendation(
        self, raw: Mapping[str, Any] | None, path: PathT, names: Mapping[str, bool]
    ) -> RecommendationSpec | None:
        if raw is None:
            return None
        to, text = raw["to"], raw["text"]
        if to not in self.addressees:
            self.out.error(
                "unknown-addressee",
                f"unknown addressee {to!r}; declared: "
                f"{', '.join(self.addressees)}{suggest(to, list(self.addressees))}",
                (*path, "to"),
            )
        try:
            template = parse_template(text)
        except TemplateSyntaxError as exc:
            self.out.error_in_text(
                "template",
                f"bad placeholder in the text: {exc.message}",
                (*path, "text"),
                text,
                exc.offset,
            )
            return None
        for placeholder in template.placeholders:
            if placeholder.name not in names:
                hint = suggest(placeholder.name, list(names))
                if placeholder.name in {"gap", "shortfall"}:
                    hint = (
                        f"; {{{placeholder.name}}} needs an indicator whose formula is share(n, d)"
                    )
                elif placeholder.name.startswith("gap."):
                    hint = (
                        f"; {{{placeholder.name}}} needs a share(n, d) indicator with better: "
                        "higher or lower, and after 'gap.' one of next, best, a numeric "
                        f"parameter or a name in the indicator's targets{hint}"
                    )
                elif placeholder.name == "missing":
                    hint = "; {missing} is available only in no_data texts"
                elif self._aggregate_out_of_place(placeholder.name, names):
                    hint = (
                        f"; {placeholder.name.split('.', 1)[0]!r} is an aggregate: a value of the "
                        "group, which a school's data request (no_data) does not show"
                    )
                self.out.error_in_text(
                    "template",
                    f"unknown placeholder {{{placeholder.name}}}{hint}",
                    (*path, "text"),
                    text,
                    placeholder.offset,
                )
            elif placeholder.filter == "plural" and not names[placeholder.name]:
                self.out.error(
                    "template",
                    f"{{{placeholder.name}|plural:...}} needs a number, "
                    f"but {placeholder.name!r} is not numeric",
                    (*path, "text"),
                )
        self.templates[text] = template
        return RecommendationSpec(to, text)
