"""PROGRESS: a throttled one-line counter for long runs, on a terminal only, cleared at the end.

Commands wrap their work in :func:`progress` and pass the callback it yields down to the loop
(``Ruleset.evaluate(progress=...)``), which calls it every :data:`EVERY` schools, never per
finding. On a stream that is not a terminal (a pipe, a log file, CI) nothing is ever written,
so scripted runs and their captured stderr stay exactly as they were.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TypeVar

from pdrs_rules._i18n._russian import format_number

__all__ = ["EVERY", "ProgressCallback", "counted", "is_terminal", "progress"]

#: A callback told how many items (schools, letters) are done so far.
ProgressCallback = Callable[[int], None]

#: How many schools go by between two calls of the callback: rare enough to cost nothing
#: measurable per school, frequent enough for several updates a second on a large run.
EVERY = 256

#: The least time between two redraws; a terminal redrawn faster than this only flickers.
INTERVAL = 0.2

_T = TypeVar("_T")


def _ignore(done: int) -> None:
    del done


class _Line:
    """The progress line: redrawn in place with a carriage return, at most every ``interval``."""

    def __init__(
        self,
        stream: IO[str],
        label: str,
        total: int | None,
        interval: float,
        clock: Callable[[], float],
    ) -> None:
        self.stream = stream
        self.label = label
        self.total = total
        self.interval = interval
        self.clock = clock
        self.last: float | None = None
        self.width = 0

    def __call__(self, done: int) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        text = f"{self.label}: {format_number(done)}"
        if self.total:
            percent = format_number(100 * min(done, self.total) / self.total, 0)
            text += f" из {format_number(self.total)} ({percent}%)"
        # Spaces cover what is left of a longer previous line.
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(text))

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def is_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is attached to a terminal; False for anything that cannot say."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed stream, or an object without isatty
        return False


@contextlib.contextmanager
def progress(
    stream: IO[str] | None,
    label: str,
    *,
    total: int | None = None,
    quiet: bool = False,
    interval: float = INTERVAL,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[ProgressCallback]:
    """Yield a callback that shows ``label: done из total (n%)`` on ``stream`` while it runs.

    The callback does nothing when ``quiet`` is set, ``stream`` is None or not a terminal.
    Otherwise the first call draws the line, later ones redraw it at most every ``interval``
    seconds, and leaving the block (normally or by an exception) erases it, so whatever is
    printed next starts on a clean line.
    """
    if quiet or stream is None or not is_terminal(stream):
        yield _ignore
        return
    line = _Line(stream, label, total, interval, clock)
    try:
        yield line
    finally:
        line.clear()


def counted(
    items: Iterable[_T], callback: ProgressCallback | None, every: int = EVERY
) -> Iterator[_T]:
    """Yield ``items`` as they come; call ``callback(done)`` every ``every`` items, at the end."""
    if callback is None:
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            callback(done)
    callback(done)
