"""Progress feedback: a throttled line on a terminal only, cleared at the end; ``--quiet``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules._engine._progress import EVERY, counted, is_terminal, progress
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent
SASOVO = [str(ROOT / "rulesets" / "sasovo-2017-2019.yaml")]
SASOVO.append(str(ROOT / "rulesets" / "sasovo-2017-2019.facts.csv"))
SINGLE = """\
format: pdrs-rules/1
id: t
title: T
version: "1"
facts:
  n: {title: N, type: integer, column: N}
indicators:
  a: {title: A, formula: n, unit: count, bands: [{level: ok}]}
"""


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is in an interactive shell."""

    def isatty(self) -> bool:
        """Always a terminal."""
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        """The current time."""
        return self.now


class TestProgressLine:
    def test_draws_throttles_and_clears(self) -> None:
        """The first update draws; updates within the interval are skipped; the end erases."""
        stream, clock = Terminal(), Clock()
        with progress(stream, "оценено ОО", interval=0.5, clock=clock) as tick:
            tick(0)
            clock.now += 0.1
            tick(256)  # too soon: not drawn
            clock.now += 0.5
            tick(12000)
        assert stream.getvalue() == (
            "\rоценено ОО: 0"
            "\rоценено ОО: 12\u00a0000"
            "\r" + " " * len("оценено ОО: 12\u00a0000") + "\r"
        )

    def test_total_and_percent(self) -> None:
        """With a total the line shows «из N (p%)»; a shorter line covers the longer one."""
        stream, clock = Terminal(), Clock()
        with progress(stream, "письма", total=3, clock=clock) as tick:
            tick(2)
            clock.now += 1
            tick(3)
        assert stream.getvalue().split("\r")[1:3] == [
            "письма: 2 из 3 (67%)",
            "письма: 3 из 3 (100%)",
        ]

    def test_cleared_on_error(self) -> None:
        """An exception inside the block still erases the line."""
        stream = Terminal()

        def fail() -> None:
            with progress(stream, "x") as tick:
                tick(1)
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail()
        assert stream.getvalue() == "\rx: 1\r    \r"

    @pytest.mark.parametrize("stream", [io.StringIO(), None])
    def test_silent_off_a_terminal(self, stream: io.StringIO | None) -> None:
        """A pipe or file (or no stream) gets nothing at all."""
        with progress(stream, "x") as tick:
            tick(1)
        assert stream is None or stream.getvalue() == ""

    def test_silent_when_quiet(self) -> None:
        """--quiet silences the line even on a terminal."""
        stream = Terminal()
        with progress(stream, "x", quiet=True) as tick:
            tick(1)
        assert stream.getvalue() == ""

    def test_nothing_drawn_nothing_cleared(self) -> None:
        """A run that never reports leaves the terminal untouched."""
        stream = Terminal()
        with progress(stream, "x"):
            pass
        assert stream.getvalue() == ""

    def test_is_terminal_of_odd_streams(self) -> None:
        """A closed stream is not a terminal, and asking does not raise."""
        closed = io.StringIO()
        closed.close()
        assert not is_terminal(closed)
        assert is_terminal(Terminal())


class TestCounted:
    def test_every_n_and_at_the_end(self) -> None:
        """The callback hears every `every` items and once at the end; items pass unchanged."""
        seen: list[int] = []
        assert list(counted(range(7), seen.append, every=3)) == list(range(7))
        assert seen == [3, 6, 7]

    def test_without_callback(self) -> None:
        """No callback: the items pass through."""
        assert list(counted("abc", None)) == ["a", "b", "c"]


class TestEvaluate:
    def test_callback_per_few_hundred_schools(self) -> None:
        """A one-level ruleset reports every EVERY schools and at the end, not per finding."""
        ruleset = pdrs_rules.loads(SINGLE)
        rows = [{"id": f"{i:04}", "name": f"Школа {i}", "N": i} for i in range(EVERY * 2 + 5)]
        seen: list[int] = []
        report = ruleset.evaluate(rows, progress=seen.append)
        assert len(report.findings) == len(rows)
        assert seen == [EVERY, EVERY * 2, EVERY * 2 + 5]
        streamed: list[int] = []
        assert len(list(ruleset.iter_findings(rows, progress=streamed.append))) == len(rows)
        assert streamed == seen

    def test_multilevel_before_and_after(self) -> None:
        """A ruleset with a municipality level reports 0 before its run, then group by group."""
        ruleset = pdrs_rules.load(SASOVO[0])
        seen: list[int] = []
        ruleset.evaluate(SASOVO[1], progress=seen.append)
        assert seen == [0, 7]  # the reporting period's seven schools; history is not counted
        seen.clear()
        ruleset.evaluate(SASOVO[1], progress=seen.append, all_periods=True)
        assert seen == [0, 7, 14, 21]


def cli(argv: list[str], stderr: io.StringIO, stdout: io.StringIO | None = None) -> int:
    return run(argv, stdout or io.StringIO(), stderr)


class TestCommandLine:
    @pytest.mark.parametrize("fmt", ["text", "json", "csv", "jsonl"])
    def test_evaluate_on_a_terminal(self, fmt: str, tmp_path: Path) -> None:
        """`evaluate` draws its line on a terminal stderr for every format, and erases it."""
        stderr = Terminal()
        argv = ["evaluate", *SASOVO, "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]
        assert cli(argv, stderr) == ExitCode.OK
        text = stderr.getvalue()
        assert text.startswith("\rpdrs-rules evaluate: оценено ОУ: ")
        assert text.endswith("\r")

    def test_evaluate_not_a_terminal(self) -> None:
        """On a pipe stderr stays empty."""
        stderr = io.StringIO()
        assert cli(["evaluate", *SASOVO], stderr) == ExitCode.OK
        assert stderr.getvalue() == ""

    def test_jsonl_to_the_same_terminal(self, tmp_path: Path) -> None:
        """No progress while lines stream to a terminal stdout; there is when they go to a file."""
        (tmp_path / "r.yaml").write_text(SINGLE, encoding="utf-8")
        (tmp_path / "f.csv").write_text("id,name,N\n1,A,1\n2,B,2\n", encoding="utf-8")
        argv = ["evaluate", str(tmp_path / "r.yaml"), str(tmp_path / "f.csv"), "--format", "jsonl"]
        stderr, stdout = Terminal(), Terminal()
        assert cli(argv, stderr, stdout) == ExitCode.OK
        assert (stderr.getvalue(), stdout.getvalue().count("\n")) == ("", 2)
        assert cli([*argv, "-o", str(tmp_path / "o.jsonl")], stderr) == ExitCode.OK
        assert stderr.getvalue().startswith("\rpdrs-rules evaluate: оценено ОО: 2\r")

    def test_letters_on_a_terminal(self, tmp_path: Path) -> None:
        """`letters` shows the evaluation and then the letters written, then its summary."""
        stderr = Terminal()
        assert cli(["letters", *SASOVO, "-o", str(tmp_path)], stderr) == ExitCode.OK
        text = stderr.getvalue()
        assert "\rpdrs-rules letters: оценено ОУ: 0" in text
        assert "\rpdrs-rules letters: письма: 1 из 6 (17%)" in text
        assert text.endswith(
            f"\rpdrs-rules letters: 6 писем, 6 файлов в {tmp_path}; нет рекомендаций "
            "(письмо не написано): 2 ОУ: МБОУ СОШ №1 (001), МБОУ СОШ №6 (006)\n"
        )

    @pytest.mark.parametrize("command", ["evaluate", "letters"])
    def test_quiet_silences_warnings(self, command: str, tmp_path: Path) -> None:
        """-q drops warnings (and progress, and the summary); without it they are printed."""
        facts = tmp_path / "facts.csv"
        lines = Path(SASOVO[1]).read_text(encoding="utf-8").splitlines()
        facts.write_text(
            "\n".join([lines[0] + ";Лишняя", *(line + ";1" for line in lines[1:])]) + "\n",
            encoding="utf-8",
        )
        # evaluate takes its format from the extension; letters writes into a folder.
        target = tmp_path / ("out.txt" if command == "evaluate" else "out")
        argv = [command, SASOVO[0], str(facts), "-o", str(target)]
        loud, quiet = Terminal(), Terminal()
        assert cli(argv, loud) == ExitCode.OK
        assert "unknown-column" in loud.getvalue()
        assert cli([*argv, "-q"], quiet) == ExitCode.OK
        assert quiet.getvalue() == ""

    def test_quiet_keeps_errors(self) -> None:
        """Errors are still printed with -q."""
        stderr = io.StringIO()
        assert cli(["evaluate", "missing.yaml", SASOVO[1], "-q"], stderr) == ExitCode.INVALID
        assert "missing.yaml" in stderr.getvalue()
