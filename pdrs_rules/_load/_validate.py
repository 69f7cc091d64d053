r"""VALIDATE a ruleset or case-file document against its JSON Schema, in the user's terms.

jsonschema's errors become located ``RulesetError``\ s that say what was expected: the allowed
keys with a did-you-mean, the type in words, the English half of the schema's description.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator
from typing import Any

import jsonschema

from pdrs_rules._i18n._lookalike import lookalike_hint
from pdrs_rules._schemas import RULESET_SCHEMA, english, schema
from pdrs_rules.errors import Location, RulesetError

from ._yaml import Document, PathT, json_path

__all__ = ["iter_schema_errors"]


@functools.cache
def _validator(name: str = RULESET_SCHEMA) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema(name))
    return cls(schema(name))


_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with '-')",
    "null": "nothing",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    return repr(value)


def _expected_types(expected: Any) -> str:
    types = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in types)


def iter_schema_errors(doc: Document, schema_name: str = RULESET_SCHEMA) -> Iterator[RulesetError]:
    """Yield every place where the document breaks the schema, in user terms."""
    # jsonschema reports each missing required key as its own error, each carrying the whole
    # "required" list, so one problem can be translated several times: report it once.
    seen: set[tuple[str, str, Location]] = set()
    # A value the reader refused (a non-finite number, a lone surrogate) is null in the data;
    # that it is then of the wrong type would only repeat the problem.
    refused = doc.refused
    for error in _validator(schema_name).iter_errors(doc.data):
        for problem in _translate(doc, error):
            key = (problem.code, problem.message, problem.location)
            if key not in seen and problem.location.path not in refused:
                seen.add(key)
                yield problem


def _translate(doc: Document, error: jsonschema.ValidationError) -> Iterator[RulesetError]:
    inner = _object_branch(error) if error.validator in {"anyOf", "oneOf"} else []
    if inner:
        # A mapping where a mapping is one of the forms: what is wrong inside it says more.
        for sub in inner:
            yield from _translate(doc, sub)
    else:
        yield from _translate_one(doc, error)


def _translate_one(doc: Document, error: jsonschema.ValidationError) -> Iterator[RulesetError]:
    path: PathT = tuple(error.absolute_path)
    where = json_path(path)
    kind = error.validator
    # jsonschema types these as "maybe unset"; for errors from iter_errors they are always set.
    instance: Any = error.instance
    expected: Any = error.validator_value
    subschema: Any = error.schema
    if kind == "additionalProperties" and isinstance(instance, dict):
        yield from _unknown_keys(doc, path, instance, subschema)
        return
    if "propertyNames" in error.schema_path:
        bad = instance
        yield RulesetError.make(
            "bad-name",
            f"{bad!r} is not a valid identifier in {where}: use Latin letters, "
            f"digits and '_', starting with a letter (e.g. iom_share)"
            f"{lookalike_hint(bad) if isinstance(bad, str) else ''}",
            doc.location((*path, bad), key=True) if isinstance(bad, str) else doc.location(path),
        )
        return
    if kind == "required":
        missing = [k for k in expected if k not in instance]
        for key in missing:
            yield RulesetError.make(
                "missing-key", f"{where} needs the key {key!r}", doc.location(path, key=True)
            )
        return
    location = doc.location(path)
    if kind == "type":
        message = f"{where} must be {_expected_types(expected)}, got {_describe(instance)}"
        yield RulesetError.make("type", message, location)
    elif kind in {"enum", "const"}:
        options = expected if kind == "enum" else [expected]
        hint = difflib.get_close_matches(str(instance), [str(o) for o in options], n=1)
        tail = f"; did you mean {hint[0]!r}?" if hint else ""
        yield RulesetError.make(
            "bad-value",
            f"{where} is {instance!r}; expected one of: "
            f"{', '.join(repr(o) for o in options)}{tail}",
            location,
        )
    elif kind == "pattern":
        yield RulesetError.make(
            "bad-value",
            f"{where} is {instance!r}, which does not match the expected form {expected!r}"
            f"{lookalike_hint(instance) if isinstance(instance, str) else ''}",
            location,
        )
    elif kind == "not":
        keys = expected.get("required", [])
        where_key = doc.location((*path, keys[-1]), key=True) if keys else location
        yield RulesetError.make(
            "conflict", f"{where} may have only one of {', '.join(map(repr, keys))}", where_key
        )
    elif kind in {"minProperties", "minItems"}:
        yield RulesetError.make(
            "empty",
            f"{where} needs at least {expected} {'entry' if kind == 'minProperties' else 'item'}",
            location,
        )
    elif kind in {"anyOf", "oneOf"}:
        wanted = english(subschema.get("description", "")) or "one of the allowed forms"
        tail = "; write the number without quotes" if _is_quoted_number(instance) else ""
        if isinstance(instance, str):
            tail = lookalike_hint(instance) or tail
        yield RulesetError.make(
            "type", f"{where} must be {wanted}, got {_describe(instance)}{tail}", location
        )
    elif kind in {"maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"}:
        bound = {"maximum": "at most", "minimum": "at least"}.get(kind, "within the limit")
        yield RulesetError.make(
            "bad-value", f"{where} is {instance!r}; expected {bound} {expected}", location
        )
    elif kind in {"maxLength", "minLength"}:
        bound = "at most" if kind == "maxLength" else "at least"
        size = len(instance) if isinstance(instance, str) else 0
        message = f"{where} has {size} characters; expected {bound} {expected}"
        yield RulesetError.make("bad-value", message, location)
    else:
        yield RulesetError.make("schema", f"{where}: {error.message}", location)


def _object_branch(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors inside the mapping form of an ``anyOf``, when the value is a mapping."""
    branches: Any = error.validator_value
    if not isinstance(error.instance, dict) or not isinstance(branches, list):
        return []
    forms = [i for i, b in enumerate(branches) if isinstance(b, dict) and b.get("type") == "object"]
    return [sub for sub in error.context or () if sub.relative_schema_path[0] in forms]


def _unknown_keys(
    doc: Document, path: PathT, instance: dict[str, Any], subschema: Any
) -> Iterator[RulesetError]:
    """Keys the schema does not allow: a misspelt key, or the rest of a value cut at a comma."""
    where = json_path(path)
    allowed = sorted(subschema.get("properties", {}))
    for key in sorted(set(instance) - set(allowed)):
        hint = difflib.get_close_matches(key, allowed, n=1)
        suggestion = lookalike_hint(key, allowed, "an allowed key") or (
            f"; did you mean {hint[0]!r}?" if hint else f"; allowed keys: {', '.join(allowed)}"
        )
        if (*path, key) in doc.bare_keys:
            # Not a misspelt key: the rest of a value cut at an unquoted comma.
            suggestion = (
                f"; {key!r} has no value in a {{…}} mapping: an unquoted comma in the value "
                "before it ended that value there; put the value in quotes "
                '(text: "…, …") or write the mapping as indented lines'
            )
        yield RulesetError.make(
            "unknown-key",
            f"unknown key {key!r} in {where}{suggestion}",
            doc.location((*path, key), key=True),
        )


def _is_quoted_number(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True
