"""Public functions check their arguments: a wrong type is a TypeError naming the parameter.

``@checked`` reads a function's annotations (the documented signature is the contract) and
checks each argument given against them before the function runs, as ``isinstance`` can:
unions, ``None``, the origin of a generic (``Mapping[str, object]`` is checked as a Mapping),
``float`` accepting ``int``; ``Any`` and ``object`` accept anything, and the values of a
``Literal`` are left to the function. ``pdrs_rules.loads({...})`` thus says
``loads() argument 'text' must be str | bytes, not dict`` instead of failing somewhere inside.
May import: nothing of the package (names in annotations are looked up when first needed).
"""

from __future__ import annotations

import builtins
import collections.abc
import functools
import inspect
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, NoReturn, ParamSpec, TypeVar

__all__ = ["checked", "expected_types"]

P = ParamSpec("P")
R = TypeVar("R")

_SELF: Final = frozenset({"self", "cls"})
_STREAMS: Final = frozenset({typing.IO, typing.TextIO, typing.BinaryIO})
#: What PEP 484 lets stand for a number: an int where a float is annotated.
_NUMERIC: Final[Mapping[type, tuple[type, ...]]] = {
    float: (int, float),
    complex: (int, float, complex),
}


def checked(func: Callable[P, R]) -> Callable[P, R]:
    """Check the types of the arguments ``func`` is called with; TypeError names the first bad one.

    The annotations are resolved on the first call, so that names imported late (or only for
    type checking, when they are public names of ``pdrs_rules``) are found.
    """
    positional = [
        parameter.name
        for parameter in inspect.signature(func).parameters.values()
        if parameter.kind in {parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD}
    ]
    # Resolved on the first call: (position, name, types) of the checked positional
    # parameters, and the types of every checked parameter by name.
    by_position: list[tuple[int, str, tuple[type, ...]]] | None = None
    by_name: dict[str, tuple[type, ...]] = {}

    def refuse(name: str, accepted: tuple[type, ...], value: object) -> NoReturn:
        raise TypeError(
            f"{func.__name__}() argument {name!r} must be {_describe(accepted)}, "
            f"not {type(value).__name__}"
        )

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        nonlocal by_position
        if by_position is None:
            by_name.update(expected_types(func))
            by_position = [
                (index, name, by_name[name])
                for index, name in enumerate(positional)
                if name in by_name
            ]
        # One isinstance per argument: some of these run once a finding.
        for index, name, accepted in by_position:
            if index < len(args) and not isinstance(args[index], accepted):
                refuse(name, accepted, args[index])
        for name, value in kwargs.items():
            types = by_name.get(name)
            if types is not None and not isinstance(value, types):
                refuse(name, types, value)
        return func(*args, **kwargs)

    return wrapper


def expected_types(func: Callable[..., Any]) -> dict[str, tuple[type, ...]]:
    """The types each parameter of ``func`` accepts, for those whose annotation says so."""
    names = _Names(getattr(func, "__globals__", {}))
    out: dict[str, tuple[type, ...]] = {}
    for name, parameter in inspect.signature(func).parameters.items():
        if name in _SELF or parameter.annotation is inspect.Parameter.empty:
            continue
        holder = types.SimpleNamespace(__annotations__={name: parameter.annotation})
        try:
            hint = typing.get_type_hints(holder, localns=names)[name]
        except (NameError, TypeError):  # pragma: no cover - every public annotation resolves
            continue
        accepted = _runtime(hint)
        if accepted is not None:
            out[name] = accepted
    return out


class _Names(Mapping[str, Any]):
    """Names for annotations: the module's own, the builtins, then ``pdrs_rules``'s public ones."""

    def __init__(self, module: Mapping[str, Any]) -> None:
        self.module = module

    def __getitem__(self, name: str) -> Any:
        if name in self.module:
            return self.module[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        package = sys.modules.get("pdrs_rules")
        try:
            return getattr(package, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - eval only looks names up
        return iter(self.module)

    def __len__(self) -> int:  # pragma: no cover - eval only looks names up
        return len(self.module)


def _runtime(hint: Any) -> tuple[type, ...] | None:
    """The classes ``isinstance`` checks a value of this annotation against; None: anything."""
    if hint is Any or hint is object or isinstance(hint, TypeVar):
        return None
    if hint is None or hint is type(None):
        return (type(None),)
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        members: list[type] = []
        for arg in typing.get_args(hint):
            accepted = _runtime(arg)
            if accepted is None:
                return None
            members += [t for t in accepted if t not in members]
        return tuple(members)
    if origin is typing.Literal:
        return tuple(dict.fromkeys(type(value) for value in typing.get_args(hint)))
    if origin is typing.Annotated:  # pragma: no cover - no public annotation uses it
        return _runtime(typing.get_args(hint)[0])
    if origin is not None:
        hint = origin
    if hint in _STREAMS:
        return None  # io's classes are not registered as typing.IO: a stream is duck-typed
    if hint is collections.abc.Callable:
        return (collections.abc.Callable,)
    if isinstance(hint, type):
        return _NUMERIC.get(hint, (hint,))
    return None  # pragma: no cover - a NewType or a special form: not checked


def _describe(accepted: tuple[type, ...]) -> str:
    return " | ".join("None" if t is type(None) else t.__name__ for t in accepted)
