"""Atomic writing: the file is whole or untouched, and no temporary file stays behind."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pdrs_rules.report import _atomic
from pdrs_rules.report._atomic import staged_folder, write_atomically


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
    @pytest.mark.parametrize("threads", [0, 1], ids=["alone", "with-a-thread"])
    def test_signal_as_the_temporary_file_is_made(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, threads: int
    ) -> None:
        """Ctrl-C or SIGTERM arriving just after the temporary file exists still removes it.

        Another thread (polars starts a pool) takes a process's signals when the main one
        blocks them, so the handler may run at any moment: the file's name must be known.
        """
        real_create = _atomic._create
        made: list[Path] = []

        def create_then_signal(path: Path) -> int:
            fd = real_create(path)
            made.append(path)
            os.close(fd)
            os.kill(os.getpid(), signum)
            time.sleep(1)  # the handler runs here, before _create returns
            raise AssertionError("the signal did not stop the write")  # pragma: no cover

        monkeypatch.setattr(_atomic, "_create", create_then_signal)
        previous = signal.signal(signal.SIGTERM, _stop)
        done = threading.Event()
        others = [threading.Thread(target=done.wait) for _ in range(threads)]
        for other in others:
            other.start()
        try:
            with pytest.raises((KeyboardInterrupt, _StoppedError)):
                write_atomically(tmp_path / "out.txt", "text")
        finally:
            signal.signal(signal.SIGTERM, previous)
            done.set()
            for other in others:
                other.join()
        assert len(made) == 1
        assert list(tmp_path.iterdir()) == []

    def test_signal_as_the_staging_folder_is_made(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C just after the staging folder exists still removes it."""
        real_mkdir = Path.mkdir

        def mkdir_then_signal(self: Path, *args: Any, **kwargs: Any) -> None:
            real_mkdir(self, *args, **kwargs)
            if self.name.startswith(".pdrs-"):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)

        monkeypatch.setattr(Path, "mkdir", mkdir_then_signal)
        target = tmp_path / "pages"
        with pytest.raises(KeyboardInterrupt), staged_folder(target):
            raise AssertionError("the signal did not stop the staging")  # pragma: no cover
        assert list(target.iterdir()) == []

    def test_missing_folder_names_the_target(self, tmp_path: Path) -> None:
        """A folder that does not exist is an OSError naming the file asked for."""
        target = tmp_path / "no" / "out.txt"
        with pytest.raises(FileNotFoundError) as raised:
            write_atomically(target, "x")
        assert raised.value.filename == str(target)
