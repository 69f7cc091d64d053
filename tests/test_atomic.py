"""Atomic writing: the file is whole or untouched, and no temporary file stays behind."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pdrs_rules.report._atomic import write_atomically


class _StoppedError(BaseException):
    """What the SIGTERM handler of the command line raises (cli._shared.Terminated)."""


def _stop(signum: int, frame: object) -> None:
    del signum, frame
    raise _StoppedError


class TestWriteAtomically:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("ок\n", "ок\n".encode()), (b"\x00\x01", b"\x00\x01"), (["a", "б"], "aб".encode())],
    )
    def test_writes_whole(self, tmp_path: Path, text: Any, expected: bytes) -> None:
        """Text as UTF-8, bytes as they are, an iterable line by line; nothing else left."""
        target = tmp_path / "out.txt"
        write_atomically(target, text)
        assert (target.read_bytes(), [p.name for p in tmp_path.iterdir()]) == (
            expected,
            ["out.txt"],
        )

    def test_failure_midway_keeps_the_old_file(self, tmp_path: Path) -> None:
        """An error while the lines are produced leaves the old file as it was, and no temp."""
        target = tmp_path / "out.txt"
        target.write_text("old", encoding="utf-8")

        def lines() -> Iterator[str]:
            yield "new"
            raise ValueError

        with pytest.raises(ValueError):  # noqa: PT011 - the one the lines raised
            write_atomically(target, lines())
        assert (target.read_text("utf-8"), [p.name for p in tmp_path.iterdir()]) == (
            "old",
            ["out.txt"],
        )

    @pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
    def test_signal_as_the_temporary_file_is_made(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
    ) -> None:
        """Ctrl-C or SIGTERM arriving just after the temporary file exists still removes it."""
        real_mkstemp = tempfile.mkstemp

        def mkstemp_then_signal(**kwargs: Any) -> tuple[int, str]:
            made = real_mkstemp(**kwargs)
            os.kill(os.getpid(), signum)  # the handler would run here, before mkstemp returns
            return made

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_signal)
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            with pytest.raises((KeyboardInterrupt, _StoppedError)):
                write_atomically(tmp_path / "out.txt", "text")
        finally:
            signal.signal(signal.SIGTERM, previous)
        assert list(tmp_path.iterdir()) == []

    def test_missing_folder_names_the_target(self, tmp_path: Path) -> None:
        """A folder that does not exist is an OSError naming the file asked for."""
        target = tmp_path / "no" / "out.txt"
        with pytest.raises(FileNotFoundError) as raised:
            write_atomically(target, "x")
        assert raised.value.filename == str(target)
