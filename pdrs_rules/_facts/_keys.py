"""Duplicate schools: where each (period, id) was first seen, or only a compact fingerprint."""

from __future__ import annotations

import hashlib
from array import array
from typing import TypeAlias

__all__ = ["Fingerprints", "First", "Keys", "fingerprint"]

#: Where a school's first row is: its line in CSV, its index and line in a document.
First: TypeAlias = int | tuple[int, int]

# Slots of an empty table; always a power of two.
_START = 1024


def fingerprint(period: str, school_id: str) -> int:
    """A nonzero signed 64-bit hash of a (period, id) key."""
    key = f"{len(period)}:{period}{school_id}".encode("utf-8", "surrogatepass")
    value = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little", signed=True)
    return value or 1


class Keys:
    """Where each (period, id) was first seen, per period; only some keys when ``only`` is given.

    With ``only`` (fingerprints known to repeat), keys whose fingerprint is not among them are
    not kept: they cannot be duplicates, so the rows found are exactly those of a full check.
    """

    def __init__(self, only: frozenset[int] | None = None) -> None:
        self._first: dict[str, dict[str, First]] = {}
        self._only = only

    def seen(self, period: str, school_id: str, where: First) -> First | None:
        """Note where a key is; where it was first seen if this is not the first time."""
        if self._only is not None and fingerprint(period, school_id) not in self._only:
            return None
        seen = self._first.setdefault(period, {})
        first = seen.get(school_id)
        if first is None:
            seen[school_id] = where
        return first


class Fingerprints:
    """The keys' 64-bit fingerprints in one flat array (open addressing), 8 to 32 bytes a row.

    Nothing is reported: a fingerprint seen twice (a duplicate school, or very rarely two keys
    with one hash) goes to ``repeated``, for an exact check of just those keys.
    """

    def __init__(self) -> None:
        self._slots = array("q", bytes(8 * _START))
        self._count = 0
        #: Fingerprints seen more than once.
        self.repeated: set[int] = set()

    def seen(self, period: str, school_id: str, where: First) -> None:  # noqa: ARG002
        """Note a key; its location is not kept."""
        value = fingerprint(period, school_id)
        if not self._add(value):
            self.repeated.add(value)

    def _add(self, value: int) -> bool:
        """Add a fingerprint; False if it was there already."""
        slots = self._slots
        mask = len(slots) - 1
        index = value & mask
        while True:
            here = slots[index]
            if here == 0:
                break
            if here == value:
                return False
            index = (index + 1) & mask
        slots[index] = value
        self._count += 1
        if 2 * self._count > len(slots):
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("q", bytes(16 * len(old)))
        self._count = 0
        for value in old:
            if value:
                self._add(value)
