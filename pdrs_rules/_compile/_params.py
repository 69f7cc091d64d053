"""Parameters: the declared ones checked, and the values of one run with overrides applied."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pdrs_rules._facts._cells import numeral
from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._load._yaml import Document, PathT
from pdrs_rules._model import ParameterSpec, ParamValue, ValueType, value_fits
from pdrs_rules.errors import ParameterError

from ._bands import check_bands
from ._collect import Collector
from ._compiled import CompiledRuleset

__all__ = ["compile_parameters", "resolve_params"]

_TRUE = {"true", "да", "yes", "1", "+"}
_FALSE = {"false", "нет", "no", "0", "-"}


def resolve_params(
    compiled: CompiledRuleset, overrides: Mapping[str, object] | None = None
) -> dict[str, ParamValue]:
    """Defaults with overrides applied; strings (from the command line) are parsed.

    Raises ParameterError for an unknown name, a value of the wrong type or out of range,
    or a value that would leave some indicator's bands out of order.
    """
    specs = {p.name: p for p in compiled.parameters}
    values: dict[str, ParamValue] = {name: spec.default for name, spec in specs.items()}
    for name, raw in (overrides or {}).items():
        spec = specs.get(name)
        if spec is None:
            hint = difflib.get_close_matches(name, list(specs), n=1)
            tail = lookalike_hint(name, list(specs)) or (
                f"; did you mean {hint[0]!r}?" if hint else ""
            )
            known = ", ".join(specs) or "none"
            raise ParameterError.make(
                "unknown-parameter",
                f"the ruleset has no parameter {name!r}{tail} (parameters: {known})",
            )
        values[name] = _coerce_param(spec, raw)
    for indicator in compiled.indicators:
        problems = check_bands(indicator, values, specs, compiled.levels)
        if problems:
            problem = problems[0]
            raise ParameterError.make(
                problem.code,
                f"with these parameter values the bands of indicator "
                f"{indicator.id!r} are broken: {problem.message}",
                indicator.location,
            )
    return values


def _coerce_param(spec: ParameterSpec, raw: object) -> ParamValue:
    value: object = raw
    if isinstance(raw, str) and spec.type is ValueType.BOOLEAN:
        lowered = raw.strip().casefold()
        value = True if lowered in _TRUE else False if lowered in _FALSE else raw
    elif isinstance(raw, str) and spec.type is not ValueType.STRING:
        # Written as in a facts cell, so that a value accepted here is accepted there too: ASCII
        # digits, a decimal comma or point, digit groups; not "٣٠", "1_000" or "nan".
        number = numeral(raw)
        value = raw if number is None else number
    if not value_fits(spec.type, value):
        raise ParameterError.make(
            "bad-parameter",
            f"parameter {spec.name!r} ({spec.title}) got {raw!r}; expected {spec.type.value}",
            spec.location,
        )
    assert isinstance(value, (int, float, bool, str))  # noqa: S101 - value_fits narrowed it
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and (
            (spec.minimum is not None and value < spec.minimum)
            or (spec.maximum is not None and value > spec.maximum)
        )
    ):
        raise ParameterError.make(
            "bad-parameter",
            f"parameter {spec.name!r} got {value!r}, "
            f"outside its range [{spec.minimum}, {spec.maximum}]",
            spec.location,
        )
    return value


def compile_parameters(
    data: Mapping[str, Any], doc: Document, out: Collector
) -> dict[str, ParameterSpec]:
    """The declared parameters, each default checked against its type and range."""
    raw: dict[str, Any] = data.get("parameters", {})
    params: dict[str, ParameterSpec] = {}
    for name, item in raw.items():
        kind = ValueType(item.get("type", "number"))
        default = item["default"]
        path: PathT = ("parameters", name, "default")
        if not value_fits(kind, default):
            out.error(
                "type-mismatch",
                f"the default of parameter {name!r} is "
                f"{default!r}; expected {_describe_type(kind)}",
                path,
            )
            continue
        low, high = item.get("min"), item.get("max")
        if (low is not None and default < low) or (high is not None and default > high):
            out.error(
                "out-of-bounds",
                f"the default of parameter {name!r} is "
                f"{default!r}, outside its range [{low}, {high}]",
                path,
            )
        params[name] = ParameterSpec(
            name=name,
            title=item["title"],
            type=kind,
            default=default,
            unit=item.get("unit", ""),
            minimum=low,
            maximum=high,
            location=doc.location(("parameters", name), key=True),
        )
    return params


def _describe_type(kind: ValueType) -> str:
    return {
        ValueType.INTEGER: "a whole number",
        ValueType.NUMBER: "a number",
        ValueType.BOOLEAN: "true or false",
        ValueType.STRING: "text",
    }[kind]
