"""Atomic file writing: a reader never sees a half-written report or snapshot."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

__all__ = ["write_atomically"]


def _new_file_mode() -> int:
    # mkstemp creates files readable by their owner only; a report is an ordinary file and
    # gets the mode open() would give it. umask can only be read by setting it.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: str | os.PathLike[str], text: str | bytes | Iterable[str]) -> None:
    """Write via a temporary file in the same folder, then rename it over ``path``.

    Text is written as UTF-8 and bytes as they are (a .docx). An iterable of strings is
    written as it is produced, so a stream never sits in memory whole. OSError names
    ``path``, the file the user asked for, not the temporary one. Whatever stops the write
    (an error, Ctrl-C, SIGTERM turned into an exception) removes the temporary file.
    """
    target = Path(path)
    temp: str | None = None
    try:
        # Ctrl-C and SIGTERM wait until the temporary file is known, and so can be removed.
        with _stops_held():
            fd, temp = tempfile.mkstemp(
                prefix=f".{target.name}.",
                suffix=".tmp",
                dir=target.parent if str(target.parent) else ".",
            )
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                stream.writelines([text] if isinstance(text, str) else text)
        Path(temp).chmod(_new_file_mode())
        Path(temp).replace(target)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    except BaseException:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise


_STOPS: Final = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (where signals can be blocked); they arrive on the way out."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
