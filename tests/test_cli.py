"""The command line through ``cli.run(argv, stdout, stderr)``: output, messages, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules.cli import ExitCode, main, run
from pdrs_rules.cli import _check as check_command
from pdrs_rules.cli._shared import Terminated
from pdrs_rules.errors import Diagnostic, Location, Severity
from pdrs_rules.report import CSV_COLUMNS

ROOT = Path(__file__).parent.parent
RULESET = str(ROOT / "rulesets" / "armavir-iom-2023.yaml")
FACTS = str(ROOT / "rulesets" / "armavir-iom-2023.facts.csv")
CONTROL = "Обеспечить контроль за реализацией ИОМ педагогических работников на личностном уровне"
#: ``file:line:col: code: message``, the first line of every problem.
PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[a-z-]+): (?P<msg>.+)$")

BROKEN = """\
format: pdrs-rules/1
id: diagnostics-2024
title: Диагностика
version: "1.0"
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0, column: Всего педагогов}
  diagnosed: {title: Прошли диагностику, type: integer, min: 0, column: Прошли диагностику}
parameters:
  target: {title: Целевая доля, default: 30, unit: "%"}
indicators:
  diag_share:
    title: Доля прошедших диагностику
    formula: share(diagnosed, teachrs)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: targt}
      - {level: ok, at_least: target}
"""


def cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line; return the exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def position(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of the first ``needle`` in ``text``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with Path(FACTS).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def active(row: dict[str, str]) -> int:
    return int(row["Разработали ИОМ в 2022 году"]) - int(row["Уволено"])


class TestCheck:
    def test_valid_ruleset_is_silent(self) -> None:
        """A valid ruleset: exit 0 and nothing printed at all."""
        assert cli("check", RULESET) == (ExitCode.OK, "", "")

    def test_every_problem_on_stderr_sorted(self, broken: Path) -> None:
        """Both problems of the broken ruleset, as file:line:col: code: message, in file order."""
        code, out, err = cli("check", "--lang", "en", str(broken))
        assert code == ExitCode.INVALID
        assert out == ""
        found = [m.groupdict() for line in err.splitlines() if (m := PROBLEM.match(line))]
        assert [(str(broken), "unknown-name")] * 2 == [(p["file"], p["code"]) for p in found]
        places = [(int(p["line"]), int(p["col"])) for p in found]
        # The formula's typo is pointed at exactly; the bad bound at its key.
        assert places == [position(BROKEN, "teachrs"), position(BROKEN, "below: targt")]
        assert "did you mean 'teachers'?" in found[0]["msg"]
        assert "did you mean 'target'?" in found[1]["msg"]

    def test_stderr_is_what_check_returns(self, broken: Path) -> None:
        """The command prints exactly what pdrs_rules.check() returns, caret lines included."""
        _, _, err = cli("check", "--lang", "en", str(broken))
        assert err == "".join(f"{d}\n" for d in pdrs_rules.check(broken))
        assert "    share(diagnosed, teachrs)\n" in err

    def test_several_files_are_sorted_together(self, broken: Path, tmp_path: Path) -> None:
        """Problems of several files come out in location order, not in argument order."""
        first = tmp_path / "a.yaml"
        first.write_text(BROKEN, encoding="utf-8")
        code, _, err = cli("check", str(broken), RULESET, str(first))
        assert code == ExitCode.INVALID
        files = [m["file"] for line in err.splitlines() if (m := PROBLEM.match(line))]
        assert files == [str(first)] * 2 + [str(broken)] * 2

    def test_json_format(self, broken: Path) -> None:
        """--format json prints the problems as data on stdout, with their JSON paths."""
        code, out, err = cli("check", "--format", "json", str(broken))
        assert (code, err) == (ExitCode.INVALID, "")
        problems = json.loads(out)
        assert [(p["line"], p["column"]) for p in problems] == [
            position(BROKEN, "teachrs"),
            position(BROKEN, "below: targt"),
        ]
        assert problems[0]["path"] == "$.indicators.diag_share.formula"
        assert {p["code"] for p in problems} == {"unknown-name"}
        assert {p["severity"] for p in problems} == {"error"}
        assert {p["file"] for p in problems} == {str(broken)}

    def test_json_format_of_a_valid_ruleset(self) -> None:
        """A valid ruleset in JSON is an empty list and exit 0."""
        code, out, _ = cli("check", "--format", "json", RULESET)
        assert (code, json.loads(out)) == (ExitCode.OK, [])

    @pytest.fixture
    def warns(self, monkeypatch: pytest.MonkeyPatch) -> Diagnostic:
        """Make check() report one warning (the shipped rulesets have none)."""
        warning = Diagnostic(
            "unused-parameter",
            "parameter 'x' is never used",
            Location(RULESET, 3, 1),
            Severity.WARNING,
        )
        monkeypatch.setattr(check_command, "check", lambda _path: [warning])
        return warning

    def test_warnings_do_not_fail(self, warns: Diagnostic) -> None:
        """A warning goes to stdout and the exit code stays 0."""
        assert cli("check", "--lang", "en", RULESET) == (ExitCode.OK, f"{warns}\n", "")
        assert ": warning: " in str(warns)

    def test_warnings_as_errors(self, warns: Diagnostic) -> None:
        """--warnings-as-errors turns the same warning into exit 3."""
        code, out, _ = cli("check", "--lang", "en", "--warnings-as-errors", RULESET)
        assert (code, out) == (ExitCode.INVALID, f"{warns}\n")

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing ruleset is exit 3 with its name and the reason, no traceback."""
        missing = tmp_path / "nope.yaml"
        code, out, err = cli("check", str(missing))
        assert (code, out) == (ExitCode.INVALID, "")
        assert err.startswith(f"{missing}: io: cannot read the ruleset")
        assert "Traceback" not in err


class TestEvaluate:
    def test_text_names_schools_and_recommendations(self, rows: list[dict[str, str]]) -> None:
        """The text report has every school and the control recommendation for 001, 002, 023."""
        code, out, err = cli("evaluate", RULESET, FACTS)
        assert (code, err) == (ExitCode.OK, "")
        blocks = out.split("\n\n")
        for row in rows:
            [block] = [b for b in blocks if f"(код {row['Код ОО']}," in b]
            assert block.startswith(row["Наименование ОО"])
            below_50 = int(row["ИОМ реализован менее чем на 50%"])
            assert (CONTROL in block) == (below_50 > 0)
        assert {r["Код ОО"] for r in rows if int(r["ИОМ реализован менее чем на 50%"])} == {
            "001",
            "002",
            "023",
        }
        assert out.splitlines()[-1].startswith("Итого: ")

    def test_json_is_the_report(self) -> None:
        """--format json is the report the API gives, and reads back."""
        code, out, _ = cli("evaluate", RULESET, FACTS, "--format", "json")
        assert code == ExitCode.OK
        assert pdrs_rules.Report.from_json(out) == pdrs_rules.load(RULESET).evaluate(FACTS)
        addressed = {
            f["school_id"]
            for f in json.loads(out)["findings"]
            if any(r["text"].startswith(CONTROL) for r in f["recommendations"])
        }
        assert addressed == {"001", "002", "023"}

    def test_csv(self, rows: list[dict[str, str]]) -> None:
        """--format csv: the documented header, one row per school × indicator, then conclusions."""
        code, out, _ = cli("evaluate", RULESET, FACTS, "--format", "csv", "--csv", "machine")
        assert code == ExitCode.OK
        table = list(csv.reader(io.StringIO(out, newline="")))
        assert tuple(table[0]) == CSV_COLUMNS
        ruleset = pdrs_rules.load(RULESET)
        schools = len(rows) * len(ruleset.indicators)
        assert len(table) - 1 == schools + len(ruleset.compiled.conclusions)
        assert {r[3] for r in table[1 : schools + 1]} == {r["Наименование ОО"] for r in rows}
        assert {r[2] for r in table[schools + 1 :]} == {ruleset.compiled.group.id}

    @pytest.mark.parametrize("fmt", ["json", "text", "csv"])
    def test_output_file(self, tmp_path: Path, fmt: str) -> None:
        """-o writes the same bytes as stdout would get, prints nothing, leaves no temp file."""
        target = tmp_path / f"report.{fmt}"
        code, out, err = cli("evaluate", RULESET, FACTS, "--format", fmt, "-o", str(target))
        assert (code, out, err) == (ExitCode.OK, "", "")
        expected = cli("evaluate", RULESET, FACTS, "--format", fmt)[1]
        assert target.read_bytes() == expected.encode("utf-8")
        assert [p.name for p in tmp_path.iterdir()] == [target.name]

    def test_output_file_replaces_an_old_one(self, tmp_path: Path) -> None:
        """An existing output file is replaced as a whole."""
        target = tmp_path / "report.json"
        target.write_text("old", encoding="utf-8")
        assert cli("evaluate", RULESET, FACTS, "--format", "json", "-o", str(target))[0] == 0
        assert json.loads(target.read_text("utf-8"))["ruleset"]["id"] == "armavir-iom-2023"

    def test_bad_facts_write_nothing(self, tmp_path: Path) -> None:
        """Invalid facts: exit 3, the problem on stderr, no output file and no temp file."""
        facts = tmp_path / "facts.csv"
        text = Path(FACTS).read_text("utf-8").replace(";40;5;", ";сорок;5;", 1)
        facts.write_text(text, encoding="utf-8")
        target = tmp_path / "report.json"
        code, out, err = cli("evaluate", RULESET, str(facts), "-o", str(target))
        assert (code, out) == (ExitCode.INVALID, "")
        assert "сорок" in err
        assert str(facts) in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv"]

    def test_bad_facts_keep_an_old_output(self, tmp_path: Path) -> None:
        """A failed run leaves an existing output file untouched."""
        facts = tmp_path / "facts.csv"
        facts.write_text("Код ОО;Наименование ОО\n001;Школа\n", encoding="utf-8")
        target = tmp_path / "report.json"
        target.write_text("old", encoding="utf-8")
        assert cli("evaluate", RULESET, str(facts), "-o", str(target))[0] == ExitCode.INVALID
        assert target.read_text("utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "report.json"]

    def test_output_in_a_missing_folder(self, tmp_path: Path) -> None:
        """An output that cannot be written is exit 3 naming the file, not a temporary name."""
        target = tmp_path / "no" / "report.json"
        code, _, err = cli("evaluate", RULESET, FACTS, "-o", str(target))
        assert code == ExitCode.INVALID
        # The ruleset is Russian, and so is the operating system's common reason.
        assert err == f"pdrs-rules: {target}: файл или папка не найдены\n"

    def test_param_with_decimal_comma(self, rows: list[dict[str, str]]) -> None:
        """--param contests_target=27,5 is 27.5: only schools below 27.5% get the warning."""
        code, out, _ = cli(
            "evaluate", RULESET, FACTS, "--format", "json", "--param", "contests_target=27,5"
        )
        assert code == ExitCode.OK
        data = json.loads(out)
        assert data["parameters"]["contests_target"] == 27.5
        warned = {
            f["school_id"]
            for f in data["findings"]
            if f["indicator"] == "contests_share" and f["level"] == "warning"
        }
        below = {
            r["Код ОО"]
            for r in rows
            if 100 * int(r["Участвовали в профессиональных конкурсах"]) < 27.5 * active(r)
        }
        assert warned == below
        assert 0 < len(below) < len(rows)

    def test_unknown_param(self) -> None:
        """An unknown parameter is a usage error with a suggestion, in the ruleset's language."""
        code, out, err = cli("evaluate", RULESET, FACTS, "--param", "contests_targt=40")
        assert (code, out) == (ExitCode.USAGE, "")
        assert "возможно, имелось в виду «contests_target»?" in err
        code, _, err = cli(
            "evaluate", RULESET, FACTS, "--param", "contests_targt=40", "--lang", "en"
        )
        assert code == ExitCode.USAGE
        assert "did you mean 'contests_target'?" in err

    @pytest.mark.parametrize("param", ["contests_target", "=40"])
    def test_malformed_param(self, param: str) -> None:
        """--param without NAME=VALUE is a usage error."""
        code, out, err = cli("evaluate", RULESET, FACTS, "--param", param, "--lang", "en")
        assert (code, out) == (ExitCode.USAGE, "")
        assert f"--param takes NAME=VALUE, got {param!r}" in err
        code, _, err = cli("evaluate", RULESET, FACTS, "--param", param)
        assert (
            err
            == f"pdrs-rules evaluate: ошибка: --param ожидает ИМЯ=ЗНАЧЕНИЕ, а получено {param!r}\n"
        )

    @pytest.mark.parametrize("value", ["150", "много"])
    def test_bad_param_value(self, value: str) -> None:
        """A value outside the range (max 100) or not a number is a usage error."""
        code, out, err = cli("evaluate", RULESET, FACTS, "--param", f"contests_target={value}")
        assert (code, out) == (ExitCode.USAGE, "")
        assert "contests_target" in err

    @pytest.mark.parametrize(
        ("level", "expected"),
        [
            ("critical", ExitCode.OK),  # no band of the ruleset is critical
            ("warning", ExitCode.FINDINGS),  # contests and certified warn in every school
            ("ok", ExitCode.FINDINGS),
        ],
    )
    def test_fail_on(self, level: str, expected: ExitCode) -> None:
        """--fail-on LEVEL exits 1 when a finding is at that level or worse, 0 otherwise."""
        code, out, _ = cli("evaluate", RULESET, FACTS, "--fail-on", level)
        assert code == expected
        assert out.startswith("Внутренний аудит")
        report = pdrs_rules.load(RULESET).evaluate(FACTS)
        assert all(f.level != "critical" for f in report.findings)

    def test_fail_on_when_everything_is_fine(self) -> None:
        """With thresholds that every school meets, --fail-on warning exits 0."""
        code, _, _ = cli(
            "evaluate",
            RULESET,
            FACTS,
            "--fail-on",
            "warning",
            "--param",
            "contests_target=0",
            "--param",
            "certified_target=0",
            "--param",
            "low_completion_tolerance=100",
        )
        assert code == ExitCode.OK

    def test_unknown_fail_on_level(self) -> None:
        """An unknown level is a usage error naming the levels and suggesting one."""
        code, out, err = cli("evaluate", RULESET, FACTS, "--fail-on", "warnin", "--lang", "en")
        assert (code, out) == (ExitCode.USAGE, "")
        assert "levels: critical, warning, ok, good" in err
        assert "did you mean 'warning'?" in err
        code, out, err = cli("evaluate", RULESET, FACTS, "--fail-on", "warnin")
        assert err == (
            "pdrs-rules evaluate: ошибка: --fail-on: уровень «warnin» не найден "
            "(уровни: critical, warning, ok, good); возможно, имелось в виду «warning»?\n"
        )

    def test_usage_error_of_the_parser_is_russian(self) -> None:
        """Argparse's own messages are in Russian too, whole."""
        code, out, err = cli("evaluate", RULESET, FACTS, "--format", "pdf", "--lang", "ru")
        assert (code, out) == (ExitCode.USAGE, "")
        assert err.startswith(
            "pdrs-rules evaluate: ошибка: аргумент --format: недопустимое значение 'pdf' "
            "(допустимые: 'json'"
        )

    def test_missing_facts(self, tmp_path: Path) -> None:
        """A missing facts file is exit 3 with its name and the reason, no traceback."""
        missing = tmp_path / "nope.csv"
        code, out, err = cli("evaluate", RULESET, str(missing))
        assert (code, out) == (ExitCode.INVALID, "")
        assert str(missing) in err
        assert "файл или папка не найдены" in err
        assert "Traceback" not in err

    def test_missing_ruleset(self, tmp_path: Path) -> None:
        """A missing ruleset is exit 3 too."""
        missing = tmp_path / "nope.yaml"
        code, _, err = cli("evaluate", str(missing), FACTS)
        assert code == ExitCode.INVALID
        assert err.startswith(f"{missing}: io: ")

    def test_invalid_ruleset(self, broken: Path) -> None:
        """The evaluate command refuses an invalid ruleset with the same problems as check."""
        code, out, err = cli("evaluate", str(broken), FACTS)
        assert (code, out) == (ExitCode.INVALID, "")
        assert err == cli("check", str(broken))[2]

    def test_facts_warnings_on_stderr(self, tmp_path: Path) -> None:
        """An unknown column is a warning on stderr; the report is still written."""
        facts = tmp_path / "facts.csv"
        lines = Path(FACTS).read_text("utf-8").splitlines()
        facts.write_text(
            "\n".join([lines[0] + ";Лишняя", *(line + ";1" for line in lines[1:])]) + "\n",
            encoding="utf-8",
        )
        code, out, err = cli("evaluate", RULESET, str(facts))
        assert code == ExitCode.OK
        assert "unknown-column" in err
        assert "Лишняя" in err
        assert CONTROL in out


class TestOther:
    def test_schema(self) -> None:
        """Schema prints valid JSON equal to the schema shipped in the package."""
        code, out, _ = cli("schema")
        shipped = resources.files("pdrs_rules").joinpath("schema", "ruleset.schema.json")
        assert code == ExitCode.OK
        assert json.loads(out) == json.loads(shipped.read_text("utf-8"))
        assert "indicators" in json.loads(out)["$defs"]["ruleset"]["properties"]

    @pytest.mark.parametrize(
        ("argv", "words"),
        [
            (["--help"], ["check", "evaluate", "schema"]),
            (["evaluate", "--help"], ["--fail-on", "--param", "--format"]),
            (["check", "--help"], ["--warnings-as-errors"]),
        ],
    )
    def test_help(self, argv: list[str], words: list[str]) -> None:
        """--help --lang en prints English usage on stdout and exits 0."""
        code, out, err = cli(*argv, "--lang", "en")
        assert (code, err) == (ExitCode.OK, "")
        assert out.startswith("usage: pdrs-rules")
        assert all(word in out for word in words)

    def test_version(self) -> None:
        """--version prints the package version and exits 0."""
        assert cli("--version") == (ExitCode.OK, f"pdrs-rules {pdrs_rules.__version__}\n", "")

    @pytest.mark.parametrize(
        "argv",
        [["bogus"], [], ["check"], ["evaluate", RULESET], ["check", "--nope", RULESET]],
    )
    def test_usage_errors(self, argv: list[str]) -> None:
        """An unknown subcommand or option, or a missing argument, is exit 2 on stderr."""
        code, out, err = cli("--lang", "en", *argv)
        assert (code, out) == (ExitCode.USAGE, "")
        assert err.startswith("pdrs-rules")
        assert "error:" in err

    def test_unknown_subcommand_names_the_choices(self) -> None:
        """The usage error for a bad subcommand lists the valid ones."""
        err = cli("--lang", "en", "bogus")[2]
        assert "invalid choice: 'bogus'" in err
        assert "'check', 'evaluate', 'schema'" in err

    def test_exit_codes(self) -> None:
        """The exit codes are the documented numbers."""
        assert [(c.name, c.value) for c in ExitCode] == [
            ("OK", 0),
            ("FINDINGS", 1),
            ("USAGE", 2),
            ("INVALID", 3),
            ("INTERRUPTED", 130),
            ("TERMINATED", 143),
        ]

    def test_main_uses_sys_streams(self, capsys: pytest.CaptureFixture[str]) -> None:
        """main(argv) runs with the process's standard streams."""
        assert main(["check", RULESET, "--format", "json"]) == ExitCode.OK
        assert json.loads(capsys.readouterr().out) == []

    def test_python_m(self) -> None:
        """The module runs as a real process: python -m pdrs_rules --version."""
        done = subprocess.run(
            [sys.executable, "-m", "pdrs_rules", "--version"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert (done.returncode, done.stdout) == (0, f"pdrs-rules {pdrs_rules.__version__}\n")


class TestStops:
    @pytest.mark.parametrize(
        ("stop", "code", "line"),
        [
            (KeyboardInterrupt, ExitCode.INTERRUPTED, "pdrs-rules: прервано (Ctrl-C)\n"),
            (Terminated, ExitCode.TERMINATED, "pdrs-rules: остановлено (SIGTERM)\n"),
        ],
    )
    def test_one_line_and_the_documented_code(
        self, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException], code: int, line: str
    ) -> None:
        """Ctrl-C or SIGTERM during a run: one line in the ruleset's language, 130 or 143."""

        def stopped(*_args: object, **_kwargs: object) -> None:
            raise stop

        monkeypatch.setattr(pdrs_rules.Ruleset, "evaluate", stopped)
        assert cli("evaluate", RULESET, FACTS) == (code, "", line)

    def test_stopped_while_parsing_the_command_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C before the command line is read: in its --lang, else Russian (the default)."""

        def stopped(*_args: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr("argparse.ArgumentParser.parse_args", stopped)
        assert cli("check", RULESET) == (
            ExitCode.INTERRUPTED,
            "",
            "pdrs-rules: прервано (Ctrl-C)\n",
        )
        assert cli("--lang", "en", "check", RULESET) == (
            ExitCode.INTERRUPTED,
            "",
            "pdrs-rules: interrupted (Ctrl-C)\n",
        )

    def test_sigterm_is_turned_into_an_exception(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """main() makes SIGTERM unwind like Ctrl-C while it runs, then puts the old handler back."""
        before = signal.getsignal(signal.SIGTERM)

        def terminated(*_args: object) -> int:
            handler = signal.getsignal(signal.SIGTERM)
            assert callable(handler)
            with pytest.raises(Terminated):
                handler(signal.SIGTERM, None)
            return 0

        monkeypatch.setattr("pdrs_rules.cli._main.run", terminated)
        assert main(["check", RULESET]) == ExitCode.OK
        assert signal.getsignal(signal.SIGTERM) == before

    def test_broken_pipe_ends_quietly(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A reader that went away (`| head -1`): exit 0, and stdout goes nowhere from then on."""
        stdout = (tmp_path / "stdout").open("w", encoding="utf-8")
        monkeypatch.setattr(sys, "stdout", stdout)

        def broken(*_args: object) -> int:
            raise BrokenPipeError

        monkeypatch.setattr("pdrs_rules.cli._main.run", broken)
        with stdout:
            assert main(["check", RULESET]) == ExitCode.OK
            print("after the pipe broke", file=stdout, flush=True)
        assert (tmp_path / "stdout").read_text("utf-8") == ""


class TestOutputOntoInputs:
    @pytest.mark.parametrize(
        ("argv", "what"),
        [
            (["evaluate", RULESET, "{facts}", "-o", "{facts}"], "facts file"),
            (["report", RULESET, "{facts}", "--format", "html", "-o", RULESET], "ruleset"),
            (["passport", "{link}", "-o", RULESET], "ruleset"),
            (["evaluate", RULESET, "{facts}", "--format", "csv", "-o", "{link}"], "ruleset"),
        ],
    )
    def test_refused_before_anything_is_written(
        self, tmp_path: Path, argv: list[str], what: str
    ) -> None:
        """-o naming an input, by any path to the same file, is a usage error; nothing changes."""
        facts = tmp_path / "f.csv"
        facts.write_text(Path(FACTS).read_text("utf-8"), encoding="utf-8")
        link = tmp_path / "link.yaml"
        link.symlink_to(RULESET)
        before = facts.read_bytes(), Path(RULESET).read_bytes()
        filled = [a.format(facts=facts, link=link) for a in argv]
        code, out, err = cli(*filled, "--lang", "en")
        assert (code, out) == (ExitCode.USAGE, "")
        assert f"is the {what} of this run; write the output to another file" in err
        assert (facts.read_bytes(), Path(RULESET).read_bytes()) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv", "link.yaml"]
