"""Structural fuzzing: hostile rulesets, case files, findings documents and group facts.

Hypothesis takes valid files (tests/casefiles, and a findings document evaluated from them),
makes one to four hostile edits to their structure (a value replaced by a non-finite or huge
number, half a character, a value nested a hundred deep, a key deleted or added; junk spliced
into the text) and runs a command on them through ``pdrs_rules.cli.run``, as the command line
does. Only library errors may come out: the run ends with a documented exit code, nothing
escapes ``run()``, standard output is UTF-8 a terminal can take, no temporary file stays and a
failed run writes no output file.

``make test`` runs a few examples of each (``PDRS_RULES_FUZZ_EXAMPLES``, 15 by default);
``make fuzz`` runs thousands (docs/testing.md).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

import pdrs_rules
from pdrs_rules.cli import ExitCode, run
from tests import strategies as gen

CASEFILES = Path(__file__).parent / "casefiles"
MINI_TEXT = (CASEFILES / "ruleset.yaml").read_text("utf-8")
MUNICIPAL_TEXT = (CASEFILES / "municipal.yaml").read_text("utf-8")
MINI_FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"
MINI: Any = yaml.safe_load(MINI_TEXT)
MUNICIPAL: Any = yaml.safe_load(MUNICIPAL_TEXT)
CASES: Any = {
    "format": "pdrs-rules-cases/1",
    "ruleset": "r.yaml",
    "facts": "f.csv",
    "params": {"target": 30},
    "cases": [
        {"name": "first", "expect": {"001": {"diag_share": {"level": "warning", "value": 25}}}},
        {
            "name": "rows",
            "facts": [{"id": "003", "name": "Школа 3", "Всего педагогов": 10, "diagnosed": 10}],
            "expect": {"003": {"diag_share": {"level": "ok"}}},
        },
        {"name": "whole", "snapshot": True},
    ],
}
MUNICIPAL_FACTS = (CASEFILES / "municipal.facts.csv").read_text("utf-8")
MUNICIPAL_CASES: Any = {
    "format": "pdrs-rules-cases/1",
    "ruleset": "r.yaml",
    "facts": "f.csv",
    "group_facts": "g.csv",
    "cases": [{"name": "whole", "snapshot": True}],
}
GROUP_ROWS: Any = [
    {"id": "all", "period": "2022", "service": False},
    {"id": "all", "period": "2023", "service": True},
]
DOCUMENTED = {code.value for code in ExitCode}

#: Examples per target: a few in ``make test``, thousands in ``make fuzz``.
EXAMPLES = int(os.environ.get("PDRS_RULES_FUZZ_EXAMPLES", "15"))
FUZZ = settings(gen.SETTINGS, max_examples=EXAMPLES)


def _findings(period: str) -> Any:
    """A findings document of the mini ruleset for one period, as evaluate writes it."""
    rows = [
        {"id": "001", "name": "Школа 1", "period": period, "Всего педагогов": 20, "diagnosed": 5},
        {"id": "002", "name": "Школа 2", "period": period, "Всего педагогов": 10, "diagnosed": 9},
    ]
    return json.loads(pdrs_rules.loads(MINI_TEXT, file="r.yaml").evaluate(rows).to_json())


FINDINGS = {"2022": _findings("2022"), "2023": _findings("2023")}


def _run(files: Mapping[str, str | bytes], argv: Sequence[str]) -> int:
    """Run ``argv`` in a fresh folder holding ``files``; check what a run may leave behind."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "out").mkdir()
        for name, content in files.items():
            data = (
                content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
            )
            (folder / name).write_bytes(data)
        before = sorted(p.name for p in folder.iterdir())
        # A terminal's streams: standard output refuses what UTF-8 cannot hold.
        stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
        absolute = [str(folder / a) if a in files or a.startswith("out/") else a for a in argv]
        code = run(absolute, stdout, stderr)
        stdout.flush()
        # `pytest --hypothesis-show-statistics` (make fuzz) counts how far the inputs got.
        event(f"{argv[0]}: exit {code}")
        assert code in DOCUMENTED
        assert sorted(p.name for p in folder.iterdir() if p.name != "__snapshots__") == before
        written = [p for p in (folder / "out").rglob("*") if p.is_file()]
        if code not in {ExitCode.OK, ExitCode.FINDINGS}:
            assert written == []
        assert list(folder.rglob(".*.tmp")) == []
        return code


_RULESET_COMMANDS = [
    ["check", "r.yaml"],
    ["evaluate", "r.yaml", "f.csv", "--format", "json", "-o", "out/f.json"],
    ["evaluate", "r.yaml", "f.csv", "--format", "text"],
    ["report", "r.yaml", "f.csv", "-o", "out/r.html"],
    ["report", "r.yaml", "f.csv", "-o", "out/r.md"],
    ["passport", "r.yaml", "--format", "html"],
    ["explain", "r.yaml", "f.csv", "--school", "001"],
]


class TestFuzz:
    @given(
        text=st.one_of(gen.hostile_yaml(MINI), gen.hostile_yaml(MUNICIPAL)),
        argv=st.sampled_from(_RULESET_COMMANDS),
    )
    @FUZZ
    def test_rulesets(self, text: str, argv: list[str]) -> None:
        """A hostile ruleset is checked, evaluated, reported and explained without a crash."""
        files = {"r.yaml": text, "f.csv": MINI_FACTS if "diagnosed" in text else MUNICIPAL_FACTS}
        _run(files, argv)

    @given(
        text=st.one_of(
            gen.rulesets_with_formulas(MINI, "teachers_count", ["teachers", "diagnosed"]),
            gen.rulesets_with_formulas(MUNICIPAL, "iom_share", ["teachers", "iom", "iom_target"]),
        ),
        argv=st.sampled_from(
            [
                *_RULESET_COMMANDS[1:],
                ["letters", "r.yaml", "f.csv", "-o", "out/letters"],
                ["test", "c.cases.yaml"],
            ]
        ),
    )
    @FUZZ
    def test_formulas(self, text: str, argv: list[str]) -> None:
        """Rulesets that pass check with formulas past ±1e15 or a float run every command."""
        municipal = "iom_target" in text
        cases = MUNICIPAL_CASES if municipal else CASES
        files = {
            "r.yaml": text,
            "f.csv": MUNICIPAL_FACTS if municipal else MINI_FACTS,
            "c.cases.yaml": yaml.safe_dump(cases, allow_unicode=True),
        }
        if municipal:
            files["g.csv"] = (CASEFILES / "municipal.group.csv").read_text("utf-8")
            if argv[0] not in {"test", "passport"}:
                argv = [*argv, "--group-facts", "g.csv"]
        assert _run(files, ["check", "r.yaml"]) == ExitCode.OK
        _run(files, argv)

    @given(
        text=gen.hostile_yaml(CASES),
        argv=st.sampled_from([["test", "c.cases.yaml"], ["test", "--update", "c.cases.yaml"]]),
    )
    @FUZZ
    def test_case_files(self, text: str, argv: list[str]) -> None:
        """A hostile case file is run (and its snapshots updated) without a crash."""
        _run({"r.yaml": MINI_TEXT, "f.csv": MINI_FACTS, "c.cases.yaml": text}, argv)

    @given(
        before=st.one_of(gen.hostile_json(FINDINGS["2022"]), st.just(json.dumps(FINDINGS["2022"]))),
        after=gen.hostile_json(FINDINGS["2023"]),
        argv=st.sampled_from(
            [
                ["effect", "a.json", "b.json"],
                ["effect", "a.json", "b.json", "--format", "json", "-o", "out/e.json"],
                ["effect", "b.json", "--format", "csv"],
            ]
        ),
    )
    @FUZZ
    def test_findings_documents(self, before: str, after: str, argv: list[str]) -> None:
        """Hostile findings documents are compared by effect without a crash."""
        _run({"a.json": before, "b.json": after}, argv)

    @given(
        group=st.one_of(
            gen.hostile_csv(["id", "period", "service"]).map(lambda data: ("g.csv", data)),
            gen.hostile_json(GROUP_ROWS).map(lambda text: ("g.json", text)),
        ),
        command=st.sampled_from(
            [["evaluate", "--format", "json"], ["evaluate", "--format", "text"], ["report"]]
        ),
    )
    @FUZZ
    def test_group_facts(self, group: tuple[str, str | bytes], command: list[str]) -> None:
        """Hostile group facts are evaluated and reported with the municipal ruleset."""
        name, content = group
        files = {
            "r.yaml": MUNICIPAL_TEXT,
            "f.csv": MUNICIPAL_FACTS,
            name: content,
        }
        output = ["-o", "out/r.html"] if command == ["report"] else []
        _run(files, [command[0], "r.yaml", "f.csv", "--group-facts", name, *command[1:], *output])
