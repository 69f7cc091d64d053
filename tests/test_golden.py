"""Every output of every shipped ruleset stays byte-identical unless a golden file says otherwise.

The files under ``tests/golden/outputs/<ruleset>/`` are what the command line writes today:
``evaluate`` in every format, the HTML and Markdown report, the letters as text, the passport,
``explain`` of the first school and ``check``. ``tests/golden/outputs/public-surface.txt`` is the
public API (every exported name, signature, field and enum member) and the ``--help`` of every
subcommand. A change that alters any of them fails here with a diff; when the change is
intended, regenerate them and review the diff of the golden files::

    PDRS_RULES_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import csv
import difflib
import enum
import inspect
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import pdrs_rules
import pdrs_rules.testing
from pdrs_rules import cli, errors, pytest_plugin, report
from pdrs_rules.cli import run

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
GOLDEN = Path(__file__).parent / "golden" / "outputs"
UPDATE = os.environ.get("PDRS_RULES_UPDATE_GOLDEN") == "1"

#: What each output is: a file name under the ruleset's golden folder → the command line.
#: ``{r}`` is the ruleset, ``{f}`` the facts with ``--group-facts`` where there is one,
#: ``{o}`` an output path in a temporary folder, ``{s}`` the first school of the facts.
_WITH_FACTS = {
    "evaluate.txt": "evaluate {r} {f} --format text",
    "evaluate.json": "evaluate {r} {f} --format json",
    "evaluate.jsonl": "evaluate {r} {f} --format jsonl",
    "evaluate.csv": "evaluate {r} {f} --format csv",
    "evaluate.machine.csv": "evaluate {r} {f} --format csv --csv machine",
    "report.html": "report {r} {f} -o {o}.html",
    "report.md": "report {r} {f} -o {o}.md",
    "letters.txt": "letters {r} {f} -q -o {o}",
    "explain.txt": "explain {r} {f} --school {s}",
}
_EVERY_RULESET = {
    "passport.md": "passport {r} --format md",
    "passport.html": "passport {r} --format html",
    "check.txt": "check {r}",
}


def _rulesets() -> list[str]:
    return sorted(
        path.stem for path in RULESETS.glob("*.yaml") if not path.name.endswith(".cases.yaml")
    )


def _facts_arguments(name: str) -> list[str] | None:
    facts = RULESETS / f"{name}.facts.csv"
    if not facts.exists():
        return None
    arguments = [f"rulesets/{facts.name}"]
    group = RULESETS / f"{name}.group.csv"
    if group.exists():
        arguments += ["--group-facts", f"rulesets/{group.name}"]
    return arguments


def _first_school(name: str) -> str:
    with (RULESETS / f"{name}.facts.csv").open(encoding="utf-8-sig", newline="") as stream:
        header, first = list(csv.reader(stream, delimiter=";"))[:2]
    return first[header.index(pdrs_rules.load(RULESETS / f"{name}.yaml").entity.id_column)]


def _text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it: tabs as tabs, no-break spaces marked «⍽»."""
    return "".join(
        "\t" if node.tag.endswith("}tab") else (node.text or "")
        for node in paragraph.iter()
        if node.tag.endswith(("}t", "}tab"))
    ).replace("\xa0", "⍽")


def _docx_text(folder: Path) -> str:
    """Every letter as text: its file name, then its paragraphs and table rows in order."""
    import docx  # noqa: PLC0415 - the optional extra, installed for the tests

    parts = []
    for path in sorted(folder.iterdir()):
        parts.append(f"=== {path.name}")
        document = docx.Document(str(path))
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                parts.append(_text(child))
            elif tag == "tbl":
                for row in child.iter():
                    if row.tag.endswith("}tr"):
                        cells = [
                            " / ".join(
                                _text(p) for p in cell.iter() if p.tag.rsplit("}", 1)[-1] == "p"
                            )
                            for cell in row.iter()
                            if cell.tag.endswith("}tc")
                        ]
                        parts.append(" | ".join(cells))
    return "\n".join(parts) + "\n"


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for name in _rulesets():
        commands = dict(_EVERY_RULESET)
        if _facts_arguments(name) is not None:
            commands.update(_WITH_FACTS)
        cases.extend((name, output, command) for output, command in sorted(commands.items()))
    return cases


def _produce(name: str, output: str, command: str, tmp_path: Path) -> str:
    """Run the command line in process from the project root; what it wrote, as text."""
    out_base = tmp_path / "out"
    values = {"{r}": f"rulesets/{name}.yaml", "{o}": str(out_base)}
    if "{s}" in command:
        values["{s}"] = _first_school(name)
    argv: list[str] = []
    for word in command.split():
        if word == "{f}":
            argv += _facts_arguments(name) or []
            continue
        for placeholder, value in values.items():
            word = word.replace(placeholder, value)  # noqa: PLW2901 - filled in place
        argv.append(word)
    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = run(argv, stdout, stderr)
    finally:
        os.chdir(cwd)
    written: Callable[[], str]
    if output.startswith("report."):
        path = out_base.with_suffix(Path(output).suffix)
        written = lambda: path.read_text(encoding="utf-8")  # noqa: E731
    elif output == "letters.txt":
        written = lambda: _docx_text(out_base)  # noqa: E731
    else:
        written = stdout.getvalue
    text = written()
    if stderr.getvalue():
        text += f"--- stderr\n{stderr.getvalue()}"
    return f"{text}--- exit {code}\n"


def _compare(golden: Path, actual: str, what: str) -> None:
    """Fail with a diff unless ``golden`` holds ``actual``; refresh it in update mode."""
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        if not golden.exists() or golden.read_bytes().decode("utf-8") != actual:
            golden.write_text(actual, encoding="utf-8", newline="")
    expected = golden.read_bytes().decode("utf-8") if golden.exists() else ""
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(golden.relative_to(GOLDEN.parent)),
                "actual",
                n=2,
            )
        )
        pytest.fail(f"{what} differs from its golden file:\n{diff[:20000]}")


@pytest.mark.parametrize(
    ("name", "output", "command"), _cases(), ids=[f"{n}/{o}" for n, o, _ in _cases()]
)
def test_output_is_the_golden_file(name: str, output: str, command: str, tmp_path: Path) -> None:
    """The command line writes exactly what the golden file holds."""
    _compare(GOLDEN / name / output, _produce(name, output, command, tmp_path), repr(command))


def _members(cls: type) -> list[str]:
    lines = []
    if attrs.has(cls):
        lines += [f"  field {f.name}: {f.type} = {f.default!r}" for f in attrs.fields(cls)]
    if issubclass(cls, enum.Enum):
        lines += [f"  {member.name} = {member.value!r}" for member in cls]
    for key, value in sorted(vars(cls).items()):
        if key.startswith("_") and key != "__init__":
            continue
        if isinstance(value, property):
            lines.append(f"  property {key}")
        elif isinstance(value, (classmethod, staticmethod)):
            lines.append(f"  def {key}{inspect.signature(value.__func__)}")
        elif inspect.isfunction(value):
            lines.append(f"  def {key}{inspect.signature(value)}")
    return lines


def _public_surface() -> str:
    """Every exported name with its signature, fields and members; every subcommand's help."""
    lines = []
    for module in (pdrs_rules, errors, report, cli, pdrs_rules.testing):
        lines.append(f"## {module.__name__}")
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                bases = ", ".join(base.__name__ for base in value.__bases__)
                lines += [f"class {name}({bases})", *_members(value)]
            elif inspect.isfunction(value):
                lines.append(f"def {name}{inspect.signature(value)}")
            else:
                lines.append(f"{name} = {value!r}")
    hooks = sorted(name for name in vars(pytest_plugin) if name.startswith("pytest_"))
    lines.append(f"## pdrs_rules.pytest_plugin hooks: {', '.join(hooks)}")
    subcommands = ["check", "evaluate", "schema", "test", "diff", "effect", "new", "passport"]
    for command in [[], *([sub] for sub in [*subcommands, "letters", "explain", "report"])]:
        # Help is Russian by default, English with --lang en: both are the surface.
        for lang in ([], ["--lang", "en"]):
            stdout, stderr = io.StringIO(), io.StringIO()
            code = run([*command, "--help", *lang], stdout, stderr)
            lines.append(f"## pdrs-rules {' '.join([*command, '--help', *lang])}: exit {code}")
            lines.append(stdout.getvalue() + stderr.getvalue())
    return "\n".join(lines) + "\n"


def test_public_surface_is_the_golden_file() -> None:
    """The public API and every subcommand's options are what the golden file lists."""
    _compare(GOLDEN / "public-surface.txt", _public_surface(), "the public surface")


def test_every_golden_file_is_produced() -> None:
    """No golden file is left over from an output that is no longer produced."""
    expected = {f"{name}/{output}" for name, output, _ in _cases()} | {"public-surface.txt"}
    stored = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file()}
    assert stored == expected
