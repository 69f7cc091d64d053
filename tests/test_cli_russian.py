"""Russian at the command line: help, argparse's own errors and `test`'s output; `test` as JSON."""

from __future__ import annotations

import argparse
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pdrs_rules._i18n._catalog._cli import CLI
from pdrs_rules.cli import ExitCode
from pdrs_rules.cli._main import _parser
from tests.test_excel_outputs import cli

ROOT = Path(__file__).parent.parent
MINI = ROOT / "tests" / "casefiles" / "ruleset.yaml"
FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"
FAILING = """\
format: pdrs-rules-cases/1
facts: facts.csv
cases:
  - name: fails
    expect:
      "001":
        diag_share: {level: ok}
  - name: passes
    expect: {"002": {diag_share: {level: ok}}}
"""


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    if parser.description:
        yield parser.description
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield str(choice.help)
            for sub in action.choices.values():
                yield from _help_texts(sub)


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """The test ruleset, its facts and a case file with one failing and one passing case."""
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "facts.csv").write_text(FACTS, encoding="utf-8")
    (tmp_path / "mini.cases.yaml").write_text(FAILING, encoding="utf-8")
    return tmp_path / "mini.cases.yaml"


class TestHelp:
    def test_every_help_text_has_russian(self) -> None:
        """Every option, subcommand and description of every parser is in the catalog."""
        texts = set(_help_texts(_parser(io.StringIO())))
        assert sorted(texts - set(CLI)) == []

    def test_russian_by_default_english_on_request(self) -> None:
        """`evaluate --help` is Russian; with --lang en, before or after, it is English."""
        code, out, _ = cli("evaluate", "--help")
        assert code == ExitCode.OK
        assert out.startswith("использование: pdrs-rules evaluate")
        assert "\nпозиционные аргументы:\n" in out
        assert "\nпараметры:\n" in out
        assert "показать эту справку и выйти" in out
        for argv in (["--lang", "en", "evaluate", "--help"], ["evaluate", "--help", "--lang=en"]):
            english = cli(*argv)[1]
            assert english.startswith("usage: pdrs-rules evaluate")
            assert "show this help message and exit" in english


class TestParserErrors:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["evaluate"],
                "pdrs-rules evaluate: ошибка: не заданы обязательные аргументы: RULESET, FACTS",
            ),
            (["check", "--nope", "r.yaml"], "pdrs-rules: ошибка: неизвестные аргументы: --nope"),
            (
                ["bogus"],
                "pdrs-rules: ошибка: неизвестная команда 'bogus' (есть: 'check', 'evaluate',",
            ),
            (
                ["test", "--fail-under", "x"],
                "pdrs-rules test: ошибка: аргумент --fail-under: ожидался процент, получено 'x'",
            ),
            (
                ["check", "--format", "xml", "r.yaml"],
                (
                    "pdrs-rules check: ошибка: аргумент --format: недопустимое значение 'xml' "
                    "(допустимые: 'text', 'json')"
                ),
            ),
        ],
    )
    def test_in_russian(self, argv: list[str], message: str) -> None:
        """Argparse's messages (required, unknown, invalid choice) are Russian, exit 2."""
        code, out, err = cli(*argv)
        assert (code, out) == (ExitCode.USAGE, "")
        assert err.startswith(message)

    def test_in_english_with_lang_en(self) -> None:
        """--lang en keeps argparse's English."""
        err = cli("--lang", "en", "evaluate")[2]
        assert (
            err
            == "pdrs-rules evaluate: error: the following arguments are required: RULESET, FACTS\n"
        )


class TestTestOutput:
    def test_russian_by_default(self, cases: Path) -> None:
        """The failure, its table headers and the summary are Russian."""
        code, out, _ = cli("test", str(cases))
        assert code == ExitCode.FINDINGS
        lines = out.splitlines()
        assert lines[0] == f"{cases}:7:9: НЕ ПРОЙДЕН пример «fails»: ОО 001 diag_share"
        assert lines[1].split() == ["поле", "|", "ожидалось", "|", "получено"]
        assert lines[-1] == "пройдено 1, не пройдено 1"

    def test_english_with_lang_en(self, cases: Path) -> None:
        """--lang en gives today's English words."""
        out = cli("test", str(cases), "--lang", "en")[1]
        assert out.splitlines()[0].endswith('FAIL case "fails": school 001 diag_share')
        assert out.splitlines()[-1] == "1 passed, 1 failed"

    def test_coverage_in_russian(self, cases: Path) -> None:
        """Coverage lines: «покрытие …: 40,0% …», «полоса 0», «исход no_data»."""
        out = cli("test", str(cases), "--coverage", "--fail-under", "90")[1]
        assert "покрытие " in out
        assert "    [x] полоса 0: warning, below target" in out
        assert "    [ ] исход no_data" in out
        assert "меньше --fail-under 90%" in out

    def test_json_for_ci(self, cases: Path) -> None:
        """--format json: one document with every case, its mismatches, and the summary."""
        code, out, err = cli("test", str(cases), "--format", "json", "--coverage")
        assert (code, err) == (ExitCode.FINDINGS, "")
        report = json.loads(out)
        assert report["format"] == "pdrs-rules/test/1"
        assert report["summary"] == {"passed": 1, "failed": 1, "invalid": 0}
        assert [(c["name"], c["passed"]) for c in report["cases"]] == [
            ("fails", False),
            ("passes", True),
        ]
        mismatch = report["cases"][0]["mismatches"][0]
        assert (mismatch["subject"], mismatch["field"], mismatch["expected"]) == (
            "school 001 diag_share",
            "level",
            "ok",
        )
        assert mismatch["actual"] == "warning"  # 100·5/20 = 25% < 30%
        assert report["coverage"][0]["ruleset"].endswith("mini.yaml")

    def test_json_lists_invalid_files(self, cases: Path) -> None:
        """An invalid case file is an entry of "errors", exit 3, nothing on stderr."""
        cases.write_text("format: pdrs-rules-cases/1\ncases: 3\n", encoding="utf-8")
        code, out, err = cli("test", str(cases), "--format", "json")
        assert (code, err) == (ExitCode.INVALID, "")
        report = json.loads(out)
        assert report["summary"]["invalid"] == 1
        assert report["errors"][0]["file"] == str(cases)
        assert report["errors"][0]["message_en"]
