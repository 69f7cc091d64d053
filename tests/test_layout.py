"""The house: wings per stage, each saying what it owns, layered and without import circles.

The layering itself is import-linter's contracts in pyproject.toml (``lint-imports``, run by
``make lint``); these tests run them too, show that a forbidden import breaks them, and check
what the contracts cannot: docstrings, folder and module sizes.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pdrs_rules"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
#: Modules longer than this need a reason, written here.
MAX_LINES = 500
LONG_MODULES = {
    "_formula/_grammar.py": "one grammar: the allowed nodes, functions and their type rules",
    "_engine/_evaluate.py": "the per-school hot path and the finding it builds, kept together",
}
#: About a dozen modules make a wing; more, and it is two wings.
MAX_MODULES = 12


def _wings() -> list[Path]:
    return sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():  # pragma: no cover - installed by `make test`
        pytest.skip("import-linter is not installed (the typing dependency group)")
    return subprocess.run(  # noqa: S603 - our own tool, our own arguments
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


class TestContracts:
    def test_the_contracts_are_kept(self) -> None:
        """lint-imports finds the layers and the no-circles contract kept."""
        result = _lint_imports(ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Contracts: 2 kept, 0 broken." in result.stdout

    def test_a_forbidden_import_breaks_them(self, tmp_path: Path) -> None:
        """The model importing the report (a stage above it) breaks both contracts."""
        copy = tmp_path / "pdrs_rules"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        model = copy / "_model" / "_results.py"
        text = model.read_text(encoding="utf-8")
        anchor = "from pdrs_rules.errors import Location\n"
        assert anchor in text
        forbidden = anchor + "from pdrs_rules.report import Report\n"
        model.write_text(text.replace(anchor, forbidden), "utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        result = _lint_imports(tmp_path, env)
        assert result.returncode == 1
        assert "pdrs_rules._model is not allowed to import pdrs_rules.report" in result.stdout
        assert "pdrs_rules._model._results -> pdrs_rules.report" in result.stdout
        assert "- ._model -> .report (1 import)" in result.stdout
        assert "Contracts: 0 kept, 2 broken." in result.stdout


class TestWings:
    @pytest.mark.parametrize("wing", _wings(), ids=lambda p: p.name)
    def test_each_wing_says_what_it_owns_and_may_import(self, wing: Path) -> None:
        """The wing's docstring names what it owns in its first line and what it may import."""
        docstring = ast.get_docstring(ast.parse((wing / "__init__.py").read_text("utf-8")))
        assert docstring is not None
        assert ":" in docstring.splitlines()[0]
        assert "May import" in docstring or "may import" in docstring

    @pytest.mark.parametrize("folder", [PACKAGE, *_wings()], ids=lambda p: p.name)
    def test_no_folder_is_overfull(self, folder: Path) -> None:
        """A folder holds at most a dozen modules besides its __init__."""
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_MODULES, sorted(p.name for p in modules)

    @pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
    def test_every_module_opens_with_a_one_line_summary(self, module: Path) -> None:
        """Every module's docstring starts with one line saying its job."""
        docstring = ast.get_docstring(ast.parse(module.read_text("utf-8")))
        assert docstring
        assert len(docstring.splitlines()[0]) <= 100

    def test_long_modules_have_a_reason(self) -> None:
        """Modules over 500 lines are exactly those listed with a reason."""
        long = {
            str(p.relative_to(PACKAGE))
            for p in _modules()
            if len(p.read_text("utf-8").splitlines()) > MAX_LINES
        }
        assert long == set(LONG_MODULES)
