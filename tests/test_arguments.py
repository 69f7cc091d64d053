"""@checked: public functions check their arguments against their annotations."""

from __future__ import annotations

import inspect
import io
import os
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import pytest

import pdrs_rules
import pdrs_rules.cli
import pdrs_rules.report
import pdrs_rules.testing
from pdrs_rules._arguments import _Names, checked, expected_types

if TYPE_CHECKING:
    from pdrs_rules import Report


@checked
def _sample(
    path: str | os.PathLike[str],
    ratio: float,
    names: Mapping[str, object] | None = None,
    *,
    order: Sequence[str] = (),
    kind: Literal["md", "html"] = "md",
    anything: Any = None,
    stream: IO[str] | None = None,
    hook: Callable[[int], None] | None = None,
    free=None,
) -> str:
    del ratio, names, order, kind, anything, stream, hook, free
    return os.fspath(path)


@checked
def _of_report(report: Report) -> str:
    return report.ruleset.id


class TestChecked:
    @pytest.mark.parametrize(
        ("args", "kwargs"),
        [
            (("r.yaml", 1.5), {}),
            ((Path("r.yaml"), 2), {}),  # an int where a float is annotated, as PEP 484 allows
            (("r.yaml", 1.0, {"a": 1}), {"order": ["a"], "kind": "html"}),
            (("r.yaml", 1.0, None), {"anything": object(), "stream": io.StringIO()}),
            (("r.yaml", 1.0), {"hook": print, "free": object()}),
        ],
    )
    def test_accepted(self, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        """Values of the annotated types pass through to the function."""
        assert _sample(*args, **kwargs) == "r.yaml"

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((1, 1.0), {}, "_sample() argument 'path' must be str | PathLike, not int"),
            (("r", "1"), {}, "_sample() argument 'ratio' must be int | float, not str"),
            (("r", 1.0, [1]), {}, "_sample() argument 'names' must be Mapping | None, not list"),
            (("r", 1.0), {"order": 3}, "_sample() argument 'order' must be Sequence, not int"),
            (("r", 1.0), {"kind": 1}, "_sample() argument 'kind' must be str, not int"),
            (("r", 1.0), {"hook": 1}, "_sample() argument 'hook' must be Callable | None, not int"),
        ],
    )
    def test_refused(
        self, args: tuple[object, ...], kwargs: dict[str, object], message: str
    ) -> None:
        """A wrong type is a TypeError naming the function, the parameter and what it must be."""
        with pytest.raises(TypeError) as raised:
            _sample(*args, **kwargs)
        assert str(raised.value) == message

    def test_names_imported_for_type_checking(self) -> None:
        """A name only imported for type checking is found among pdrs_rules's public names."""
        with pytest.raises(TypeError) as raised:
            _of_report({"ruleset": "x"})  # type: ignore[arg-type]
        assert str(raised.value) == "_of_report() argument 'report' must be Report, not dict"

    def test_expected_types(self) -> None:
        """Any, object, streams and unannotated parameters are not checked at all."""
        checked_names = sorted(expected_types(_sample.__wrapped__))  # type: ignore[attr-defined]
        assert checked_names == ["hook", "kind", "names", "order", "path", "ratio"]


def _public_checked() -> list[tuple[str, Callable[..., Any]]]:
    """Every public function and method that @checked wraps."""
    found = []
    for module in (pdrs_rules, pdrs_rules.report, pdrs_rules.cli, pdrs_rules.testing):
        for name in module.__all__:
            value = getattr(module, name)
            members = [value, *vars(value).values()] if isinstance(value, type) else [value]
            for member in members:
                function = getattr(member, "__func__", member)
                if callable(function) and hasattr(function, "__wrapped__"):
                    where = f"{module.__name__}.{name}.{function.__name__}"
                    found.append((where, function.__wrapped__))
    return found


PUBLIC_CHECKED = _public_checked()


@pytest.mark.parametrize(("name", "function"), PUBLIC_CHECKED, ids=[n for n, _ in PUBLIC_CHECKED])
def test_every_public_annotation_resolves(name: str, function: Callable[..., Any]) -> None:
    """Each annotated parameter of a checked public function is resolved, so it is checked."""
    names = _Names(function.__globals__)
    for parameter in inspect.signature(function).parameters.values():
        if parameter.annotation is not inspect.Parameter.empty and parameter.name != "self":
            holder = types.SimpleNamespace(__annotations__={"x": parameter.annotation})
            assert typing.get_type_hints(holder, localns=names), (name, parameter.name)
