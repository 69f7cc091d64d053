"""Atomic file writing: a reader never sees a half-written report, snapshot or folder of them."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["safe_stems", "staged_folder", "write_atomically"]

# File names keep letters, digits, spaces and the marks a school's name is written with;
# anything else (a path separator, a control character, a Windows-reserved mark) is replaced.
_UNSAFE_NAME = re.compile(r"[^\w .,№«»()'-]+")
# Windows refuses these as file names whatever the extension; files are sent to Windows users.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED |= {f"LPT{i}" for i in range(1, 10)}
_NAME_LIMIT = 100


def _new_file_mode() -> int:
    # The temporary file is made readable by its owner only; a report is an ordinary file and
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
    parent = target.parent if str(target.parent) else Path()
    temp: Path | None = None
    try:
        while True:
            # The name is known before the file exists, so a stop at any moment finds the file
            # to remove: signals cannot be held back once other threads run (polars starts a
            # pool), and their handler may raise between any two bytecodes. With 48 random
            # bits, a file of that name that is not ours does not happen.
            temp = parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
            try:
                fd = _create(temp)
            except FileExistsError:  # pragma: no cover - a 48-bit collision
                continue
            break
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                stream.writelines([text] if isinstance(text, str) else text)
        temp.chmod(_new_file_mode())
        temp.replace(target)
    except OSError as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    except BaseException:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise


def _create(path: Path) -> int:
    """Create ``path``, which must not exist, for writing by its owner only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)


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
        while True:
            # As for a single file: the name is known before the folder exists.
            staging = folder / f".pdrs-{os.urandom(6).hex()}"
            try:
                staging.mkdir(mode=0o700)
            except FileExistsError:  # pragma: no cover - a 48-bit collision
                continue
            break
        yield staging
        for path in sorted(staging.iterdir()):
            if path.is_file():
                path.replace(folder / path.name)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
