"""The examples in README.md and docs/ work as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import attrs
import pytest

import pdrs_rules

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            if match.group(1) == language:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{document.relative_to(ROOT)}:{line}", match.group(2)))
    return found


_RULESETS = [
    (where, body)
    for where, body in _blocks("yaml")
    if "format: pdrs-rules/1" in body and "\nindicators:" in body
]


def test_the_documents_show_complete_rulesets() -> None:
    """README and the format reference carry at least one complete ruleset each."""
    places = {where.split(":")[0] for where, _ in _RULESETS}
    assert {"README.md", "docs/ruleset-format.md"} <= places


@pytest.mark.parametrize(("where", "body"), _RULESETS, ids=[w for w, _ in _RULESETS])
def test_every_complete_ruleset_in_the_documents_loads(where: str, body: str) -> None:
    """A complete example ruleset loads without errors or warnings."""
    ruleset = pdrs_rules.loads(body, file=where)
    assert ruleset.indicators
    assert ruleset.warnings == ()


def test_readme_ruleset_meets_the_threshold_exactly() -> None:
    """The README's claim: 15 of 50 is 30% and meets a 30% target; 14 of 50 gets the text."""
    (_, body), *_ = [(w, b) for w, b in _RULESETS if w.startswith("README.md")]
    ruleset = pdrs_rules.loads(body)
    rows = [
        {"id": "1", "name": "СОШ № 1", "Всего педагогов": 50, "Прошли диагностику": 15},
        {"id": "2", "name": "СОШ № 2", "Всего педагогов": 50, "Прошли диагностику": 14},
    ]
    met, missed = ruleset.evaluate(rows).findings
    assert (met.level, met.recommendations) == ("ok", ())
    assert missed.level == "warning"
    assert "ещё 1 педагогу (28,0% при пороге 30%)" in missed.recommendations[0].text


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python block runs from the project root and prints recommendations."""
    (where, code), *_ = [(w, c) for w, c in _blocks("python") if w.startswith("README.md")]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, where, "exec"), {"__name__": "readme"})  # noqa: S102 - our own README
    assert "МБОУ-СОШ № 23" in out.getvalue()


def test_findings_json_example_is_what_the_library_writes() -> None:
    """docs/findings.md's JSON example is school 002 with «Наставничество» emptied, verbatim."""
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    example = text[text.index("### Example") :]
    documented = next(body for lang, body in _BLOCK.findall(example) if lang == "json")
    ruleset = pdrs_rules.load(ROOT / "rulesets" / "armavir-iom-2023.yaml")
    table = ruleset.read_facts(ROOT / "rulesets" / "armavir-iom-2023.facts.csv")
    school = next(s for s in table.schools if s.id == "002")
    emptied = attrs.evolve(school, facts={**school.facts, "mentoring": None})
    assert ruleset.evaluate([emptied]).to_json() == documented
