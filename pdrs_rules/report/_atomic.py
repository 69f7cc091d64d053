"""Atomic file writing: a reader never sees a half-written report, snapshot or folder of them."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

__all__ = ["safe_stems", "staged_folder", "write_atomically"]

# File names keep letters, digits, spaces and the marks a school's name is written with;
# anything else (a path separator, a control character, a Windows-reserved mark) is replaced.
_UNSAFE_NAME = re.compile(r"[^\w .,№«»()'-]+")
# Windows refuses these as file names whatever the extension; files are sent to Windows users.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED |= {f"LPT{i}" for i in range(1, 10)}
_NAME_LIMIT = 100


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


def safe_stems(texts: Iterable[str], fallback: str = "letter") -> tuple[str, ...]:
    """A readable, safe, unique file name (without extension) for each text, in order.

    Names hold no path separators, no ``..``, no control characters and no marks Windows
    refuses, are at most 100 characters, and differ from each other even on a
    case-insensitive file system (``-2``, ``-3`` … are added); an empty one is ``fallback``.
    """
    names: list[str] = []
    taken: set[str] = set()
    for text in texts:
        cleaned = unicodedata.normalize("NFC", " ".join(text.split()))
        stem = _UNSAFE_NAME.sub("_", cleaned)[:_NAME_LIMIT].strip("._ ") or fallback
        if stem.split(".", 1)[0].upper() in _RESERVED:
            stem += "_"
        name, counter = stem, 1
        while name.casefold() in taken:
            counter += 1
            name = f"{stem}-{counter}"
        taken.add(name.casefold())
        names.append(name)
    return tuple(names)


@contextlib.contextmanager
def staged_folder(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder inside ``target`` whose files move into it when all are written.

    ``target`` is created if missing. Files are written into the yielded folder; if the block
    raises, none of them appears in ``target`` (files of the same names there are kept),
    otherwise each is moved over its namesake with one rename. The temporary folder is
    removed either way.
    """
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    staging: Path | None = None
    try:
        # As for a single file: Ctrl-C and SIGTERM wait until the folder is known, and removable.
        with _stops_held():
            staging = Path(tempfile.mkdtemp(prefix=".pdrs-", dir=folder))
        yield staging
        for path in sorted(staging.iterdir()):
            if path.is_file():
                path.replace(folder / path.name)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


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
