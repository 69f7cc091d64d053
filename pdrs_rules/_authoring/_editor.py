"""Editor support that travels with a folder: copies of the schemas and VS Code's yaml.schemas.

``new`` writes them beside the files it makes, so the modelines point at a file in the same
folder and the folder keeps completion and checking when it is moved or sent to a colleague.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from pdrs_rules._reading import BadJSONError, TooLargeError, load_json, read_limited
from pdrs_rules._schemas import CASES_SCHEMA, RULESET_SCHEMA, schema_path
from pdrs_rules.report._atomic import write_atomically

__all__ = ["CASES_COPY", "RULESET_COPY", "modeline", "write_editor_support"]

#: The names of the schema copies in a rulesets folder (rulesets/ of this project has them too).
RULESET_COPY: Final = "pdrs-rules.schema.json"
CASES_COPY: Final = "pdrs-rules.cases.schema.json"
#: What ``.vscode/settings.json`` maps each copy to. A case file matches both patterns (globs
#: there cannot exclude), so the modeline it is written with, which wins over settings, decides.
#: A VS Code settings file is a few lines; one that is not plain JSON within these is left alone.
_MAX_SETTINGS_BYTES: Final = 1024 * 1024
_MAX_SETTINGS_DEPTH: Final = 20
_SCHEMAS: Final[dict[str, Any]] = {
    f"./{RULESET_COPY}": "*.yaml",
    f"./{CASES_COPY}": "*.cases.yaml",
}


def modeline(copy: str) -> str:
    """The first line of a ruleset or case file that points yaml-language-server at a copy."""
    return f"# yaml-language-server: $schema={copy}"


def write_editor_support(folder: Path) -> list[str]:
    """Write the schema copies and merge ``yaml.schemas`` into ``.vscode/settings.json``.

    The copies are the installed schemas and are refreshed on every run. Settings of other
    tools are kept; a settings file that is not plain JSON (VS Code allows comments) is left
    as it is, and the returned notes say what to add by hand.
    """
    for name, shipped in ((RULESET_COPY, RULESET_SCHEMA), (CASES_COPY, CASES_SCHEMA)):
        write_atomically(folder / name, schema_path(shipped).read_text(encoding="utf-8"))
    settings_path = folder / ".vscode" / "settings.json"
    settings: Any = {}
    if settings_path.exists():
        try:
            raw = read_limited(settings_path, _MAX_SETTINGS_BYTES).decode("utf-8")
            settings = load_json(raw, _MAX_SETTINGS_DEPTH)
        except (BadJSONError, TooLargeError, UnicodeDecodeError, OSError):
            settings = None
        if not isinstance(settings, dict) or not isinstance(settings.get("yaml.schemas", {}), dict):
            wanted = json.dumps({"yaml.schemas": _SCHEMAS}, ensure_ascii=False)
            return [f"{settings_path}: not changed (not plain JSON); add by hand: {wanted}"]
    schemas = {**settings.get("yaml.schemas", {}), **_SCHEMAS}
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({**settings, "yaml.schemas": schemas}, ensure_ascii=False, indent=2)
    write_atomically(settings_path, text + "\n")
    return []
