"""The schemas editors read: derived rulesets pass, every shipped file passes its modeline's schema.

A ruleset that ``extends`` a base is a merge patch (docs/composition.md): any key may be left
out, and ``null`` deletes one. The schema says so in ``$defs/patch-*``, which are generated
from the hand-written definitions by :func:`patched` below; ``PDRS_RULES_UPDATE_GOLDEN=1``
writes them into the shipped file when the hand-written part changes.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pdrs_rules import cli
from pdrs_rules._authoring._scaffold import scaffold, write_scaffold

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "pdrs_rules" / "schema"
RULESET_SCHEMA = SCHEMA_DIR / "ruleset.schema.json"
RULESETS = ROOT / "rulesets"
_PREFIX = "patch-"
#: The copies beside the shipped rulesets, which their modelines name.
COPIES = {
    "pdrs-rules.schema.json": "ruleset.schema.json",
    "pdrs-rules.cases.schema.json": "cases.schema.json",
}
_MODELINE = re.compile(r"# yaml-language-server: \$schema=(?P<path>\S+)")


def _is_object(node: dict[str, Any]) -> bool:
    return node.get("type") == "object"


def patched(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with ``$defs/patch-*``: every object of ``$defs/ruleset`` as a merge patch."""
    result = copy.deepcopy(schema)
    defs = {k: v for k, v in result["$defs"].items() if not k.startswith(_PREFIX)}
    made: dict[str, Any] = {}

    def ref_to(name: str) -> str:
        if name not in made:
            made[name] = {}  # taken before recursing: definitions may refer to each other
            made[name] = patch(defs[name])
        return f"#/$defs/{_PREFIX}{name}"

    def value(node: Any) -> Any:
        """A value of a patch: ``null`` deletes it; a mapping merges, anything else replaces."""
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        target = ref.rpartition("/")[2]
        if target in defs and _is_object(defs[target]):
            return {**node, "$ref": ref_to(target)}
        if _is_object(node):
            return patch(node)
        if "$ref" not in node and isinstance(node.get("type"), str | list):
            kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
            return {**node, "type": [*kinds, "null"]}
        if "enum" in node:
            return {**node, "enum": [*node["enum"], None]}
        words = {k: node[k] for k in ("title", "description", "examples") if k in node}
        inner = {k: v for k, v in node.items() if k not in words}
        return {**words, "anyOf": [inner, {"type": "null"}]}

    def patch(node: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in node.items() if k not in {"required", "minProperties"}}
        out["type"] = ["object", "null"]
        if isinstance(node.get("properties"), dict):
            out["properties"] = {k: value(v) for k, v in node["properties"].items()}
        if isinstance(node.get("additionalProperties"), dict):
            out["additionalProperties"] = value(node["additionalProperties"])
        return out

    ref_to("ruleset")
    result["$defs"] = {**defs, **{_PREFIX + name: spec for name, spec in made.items()}}
    return result


def _modeline_schema(path: Path) -> Path:
    match = _MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match is not None, f"{path} has no modeline"
    return (path.parent / match["path"]).resolve()


def _yaml(path: Path) -> Any:
    import yaml  # noqa: PLC0415

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _errors(path: Path) -> list[str]:
    schema = json.loads(_modeline_schema(path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(_yaml(path))]


class TestPatchDefinitions:
    def test_the_shipped_schema_has_them_up_to_date(self) -> None:
        """$defs/patch-* are what patched() makes of the hand-written definitions."""
        shipped = json.loads(RULESET_SCHEMA.read_text(encoding="utf-8"))
        expected = patched(shipped)
        if os.environ.get("PDRS_RULES_UPDATE_GOLDEN") == "1":
            text = json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
            RULESET_SCHEMA.write_text(text, encoding="utf-8")
            for copy_name, name in COPIES.items():
                (RULESETS / copy_name).write_bytes((SCHEMA_DIR / name).read_bytes())
            shipped = expected
        assert shipped == expected

    def test_a_derived_ruleset_may_leave_out_and_delete_keys(self) -> None:
        """An override of one default and a deleted indicator pass; a misspelt key does not."""
        schema = json.loads(RULESET_SCHEMA.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        good = {
            "extends": "base.yaml",
            "parameters": {"target": {"default": 40}},
            "indicators": {"old": None, "share": {"title": "Доля"}},
        }
        assert list(validator.iter_errors(good)) == []
        bad = {**good, "parameters": {"target": {"defualt": 40}}}
        assert [e.message for e in validator.iter_errors(bad)] == [
            "Additional properties are not allowed ('defualt' was unexpected)"
        ]

    def test_a_standalone_ruleset_still_needs_its_keys(self) -> None:
        """Without extends, a parameter with no title fails as before."""
        schema = json.loads(RULESET_SCHEMA.read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        doc = {
            "format": "pdrs-rules/1",
            "id": "x",
            "title": "X",
            "version": "1",
            "parameters": {"target": {"default": 40}},
            "indicators": {"a": {"title": "A", "formula": "1", "unit": "count", "bands": []}},
        }
        messages = sorted(e.message for e in validator.iter_errors(doc))
        assert messages == ["'title' is a required property", "[] should be non-empty"]


def _shipped() -> list[Path]:
    return sorted(RULESETS.glob("*.yaml"))


class TestModelines:
    @pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
    def test_every_shipped_file_passes_the_schema_its_modeline_names(self, path: Path) -> None:
        """Rulesets (derived ones too) and case files validate against their modeline's schema."""
        assert _errors(path) == []

    @pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
    def test_the_modeline_names_a_schema_file_in_the_same_folder(self, path: Path) -> None:
        """A ruleset copied into a folder that `new` set up keeps a working modeline."""
        assert _modeline_schema(path).parent == RULESETS

    @pytest.mark.parametrize(("name", "shipped"), COPIES.items())
    def test_the_copies_beside_the_rulesets_are_the_shipped_schemas(
        self, name: str, shipped: str
    ) -> None:
        """rulesets/ holds byte-for-byte copies of the installed schemas."""
        assert (RULESETS / name).read_bytes() == (SCHEMA_DIR / shipped).read_bytes()

    @pytest.mark.parametrize("base", [None, "sverdlovsk-base.yaml", "sosva.yaml"])
    def test_every_scaffold_passes_its_schema(self, tmp_path: Path, base: str | None) -> None:
        """`new`, standalone and over a base, writes files that pass the schemas they name."""
        extends = None
        if base is not None:
            for name in ("sverdlovsk-base.yaml", "sosva.yaml"):
                (tmp_path / name).write_bytes((RULESETS / name).read_bytes())
            extends = tmp_path / base
        made = scaffold("x-2026", "Мониторинг", extends=extends, directory=tmp_path)
        write_scaffold(made)
        for path in made.paths[:2]:
            assert _modeline_schema(path).parent == tmp_path
            assert _errors(path) == []
        settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text("utf-8"))
        assert settings["yaml.schemas"] == {
            "./pdrs-rules.schema.json": "*.yaml",
            "./pdrs-rules.cases.schema.json": "*.cases.yaml",
        }


class TestVsCodeSettings:
    def test_other_settings_are_kept(self, tmp_path: Path) -> None:
        """An existing settings.json keeps its keys; yaml.schemas gains the two copies."""
        settings = tmp_path / ".vscode" / "settings.json"
        settings.parent.mkdir()
        settings.write_text(
            '{"editor.tabSize": 2, "yaml.schemas": {"other.json": "x.yaml"}}', encoding="utf-8"
        )
        made = scaffold("x-2026", "Мониторинг", directory=tmp_path)
        assert write_scaffold(made) == []
        data = json.loads(settings.read_text(encoding="utf-8"))
        assert data["editor.tabSize"] == 2
        assert data["yaml.schemas"] == {
            "other.json": "x.yaml",
            "./pdrs-rules.schema.json": "*.yaml",
            "./pdrs-rules.cases.schema.json": "*.cases.yaml",
        }

    def test_settings_with_comments_are_left_alone(self, tmp_path: Path) -> None:
        """VS Code's JSON with comments is not rewritten; `new` says what to add, exit 0."""
        settings = tmp_path / ".vscode" / "settings.json"
        settings.parent.mkdir()
        original = '{\n  // my settings\n  "editor.tabSize": 2\n}\n'
        settings.write_text(original, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        argv = ["new", "--id", "x-2026", "--title", "T", "--dir", str(tmp_path)]
        assert cli.run(argv, out, err) == 0
        assert settings.read_text(encoding="utf-8") == original
        assert err.getvalue().startswith(f"{settings}: not changed (not plain JSON); add by hand:")
        assert (tmp_path / "pdrs-rules.schema.json").exists()


class TestSchemaCommand:
    @pytest.mark.parametrize(
        ("argv", "name"),
        [(["schema"], "ruleset.schema.json"), (["schema", "--cases"], "cases.schema.json")],
    )
    def test_prints_the_schema(self, argv: list[str], name: str) -> None:
        """`schema` prints the ruleset schema, `schema --cases` the case-file schema."""
        out, err = io.StringIO(), io.StringIO()
        assert cli.run(argv, out, err) == 0
        assert json.loads(out.getvalue()) == json.loads((SCHEMA_DIR / name).read_text("utf-8"))

    @pytest.mark.parametrize("name", ["ruleset.schema.json", "cases.schema.json"])
    def test_ids_are_stable_urls(self, name: str) -> None:
        """$id is an https URL under the project's domain, versioned by the format."""
        schema = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
        kind = name.partition(".")[0]
        assert schema["$id"] == f"https://pdrs-rules.org/schema/{kind}-1.json"
