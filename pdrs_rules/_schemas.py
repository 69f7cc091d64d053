"""The JSON Schemas shipped in ``schema/``: rulesets and case files, read once, for every reader.

The loader validates against them, ``pdrs-rules schema`` prints them, ``new`` points editors at
them, and the Russian catalog takes the Russian halves of their bilingual descriptions.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["CASES_SCHEMA", "RULESET_SCHEMA", "english", "schema", "schema_path"]

#: The schema rulesets are checked against; case files name theirs (cases.schema.json).
RULESET_SCHEMA = "ruleset.schema.json"
#: The schema case files are checked against, shipped beside the ruleset schema.
CASES_SCHEMA = "cases.schema.json"


def schema_path(name: str = RULESET_SCHEMA) -> Path:
    """Where a shipped schema is on disk, for editors that read it from there."""
    return Path(str(resources.files("pdrs_rules").joinpath(f"schema/{name}")))


@functools.cache
def schema(name: str = RULESET_SCHEMA) -> dict[str, Any]:
    """A JSON Schema shipped as package data: by default the one of ruleset format v1."""
    text = resources.files("pdrs_rules").joinpath(f"schema/{name}").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def english(description: str) -> str:
    """The English half of a bilingual schema description ("русский / English"), lower-cased."""
    text = description.rpartition(" / ")[2].strip()
    return text[:1].lower() + text[1:]
